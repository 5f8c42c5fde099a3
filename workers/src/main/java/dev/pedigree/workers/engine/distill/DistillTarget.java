package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workflows.spec.DistillSpec;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** What the student learns towards: frozen models run on the student's batch, and the per-token loss against them. */
interface DistillTarget {
  /** The loss of each token of {@code batch} given the student's logits {@code (batch, time, vocab)} for it. */
  TokenLosses.PerToken perToken(Tensor studentLogits, Batch batch);

  /** A frozen model's fp32 logits for {@code inputs}, without a graph. */
  static Tensor frozenLogits(Gpt model, Tensor inputs) {
    try (NoGradGuard noGrad = new NoGradGuard(); Autocast autocast = Autocast.bf16On(inputs.device())) {
      return Gpt.logits(model.config(), model.parameters().byName(), inputs).to(ScalarType.Float);
    }
  }

  /** Knowledge distillation towards the weighted mixture of the teachers' distributions. */
  record KnowledgeDistillation(List<Gpt> teachers, List<Double> weights, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentLogits, Batch batch) {
      Tensor teacher;
      try (NoGradGuard noGrad = new NoGradGuard()) {
        List<Tensor> logits = teachers.stream().map(model -> frozenLogits(model, batch.inputs())).toList();
        teacher = TokenLosses.teacherMixture(logits, weights, spec.temperature());
      }
      double alpha = spec.alpha() == null ? 0 : spec.alpha();
      return TokenLosses.knowledgeDistillation(
          spec.loss(), teacher, studentLogits, batch.targets(), alpha, spec.temperature());
    }
  }

  /** AlignDistil towards logits composed from a DPO model and a reverse-DPO model. */
  record AlignDistil(Gpt dpo, Gpt reverseDpo, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentLogits, Batch batch) {
      return TokenLosses.alignDistil(frozenLogits(dpo, batch.inputs()), frozenLogits(reverseDpo, batch.inputs()),
          studentLogits, spec.beta(), spec.beta2(), spec.temperature());
    }
  }
}
