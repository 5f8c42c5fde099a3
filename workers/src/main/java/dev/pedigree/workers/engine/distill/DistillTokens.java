package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.torch.Autocast;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The tokens one micro-batch's loss is taken on, and any model's next-token scores there. */
interface DistillTokens {
  /**
   * The model's fp32 next-token scores {@code (…, vocab)} at every loss token: logits, or log-probabilities, which
   * differ from them by a constant per token that no distillation target or loss here depends on. Differentiable in
   * the model's weights unless grad mode is off.
   */
  Tensor scores(Gpt model);

  /** The token that follows each loss position, {@code (…)} int64. */
  Tensor targets();

  /** The mean of a per-token value {@code (…)} over the loss tokens. */
  Tensor mean(Tensor perToken);

  /** {@link #scores} of a frozen model, without a graph. */
  default Tensor frozenScores(Gpt model) {
    try (NoGradGuard noGrad = new NoGradGuard()) {
      return scores(model);
    }
  }

  /** Every position of data windows (off-policy). */
  record Windows(Batch batch) implements DistillTokens {
    @Override
    public Tensor scores(Gpt model) {
      try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
        return Gpt.logits(model.config(), model.parameters().byName(), batch.inputs()).to(ScalarType.Float);
      }
    }

    @Override
    public Tensor targets() {
      return batch.targets();
    }

    @Override
    public Tensor mean(Tensor perToken) {
      return perToken.mean();
    }
  }

  /** The completion tokens of prompts with completions the student sampled (on-policy); padding is left out. */
  record Completions(CompletionBatch batch) implements DistillTokens {
    @Override
    public Tensor scores(Gpt model) {
      return batch.logDistributions(model.config(), model.parameters().byName());
    }

    @Override
    public Tensor targets() {
      return batch.targets();
    }

    @Override
    public Tensor mean(Tensor perToken) {
      return perToken.mul(batch.mask()).sum().div(batch.mask().sum());
    }
  }
}
