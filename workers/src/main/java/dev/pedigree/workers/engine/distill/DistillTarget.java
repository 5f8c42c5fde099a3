package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workflows.spec.DistillSpec;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** What the student learns towards: frozen models run on the student's tokens, and the per-token loss against them. */
interface DistillTarget {
  /** The loss of each of {@code tokens} given the student's scores {@code (…, vocab)} there. */
  TokenLosses.PerToken perToken(Tensor studentScores, DistillTokens tokens);

  /** Knowledge distillation towards the weighted mixture of the teachers' distributions. */
  record KnowledgeDistillation(List<Gpt> teachers, List<Double> weights, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentScores, DistillTokens tokens) {
      Tensor teacher;
      try (NoGradGuard noGrad = new NoGradGuard()) {
        List<Tensor> scores = teachers.stream().map(tokens::frozenScores).toList();
        teacher = TokenLosses.teacherMixture(scores, weights, spec.temperature());
      }
      double alpha = spec.alpha() == null ? 0 : spec.alpha();
      return TokenLosses.knowledgeDistillation(
          spec.loss(), teacher, studentScores, tokens.targets(), alpha, spec.temperature());
    }
  }

  /**
   * AlignDistil towards logits composed from a DPO model and, by the spec's composition, the reverse-DPO model
   * ({@code adaptive}, {@code contrastive}) or the reference ({@code theorem}).
   */
  record AlignDistil(Gpt dpo, Gpt counterpart, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentScores, DistillTokens tokens) {
      Tensor dpoScores = tokens.frozenScores(dpo);
      Tensor counterpartScores = tokens.frozenScores(counterpart);
      return switch (spec.composition()) {
        case DistillSpec.ADAPTIVE -> TokenLosses.alignDistil(dpoScores, counterpartScores, studentScores, spec.beta(),
            spec.beta2(), spec.temperature());
        case DistillSpec.CONTRASTIVE -> TokenLosses.contrastive(dpoScores, counterpartScores, studentScores,
            spec.beta(), spec.lambda(), spec.temperature());
        case DistillSpec.THEOREM -> TokenLosses.theorem(dpoScores, counterpartScores, studentScores, spec.beta(),
            spec.beta2(), spec.temperature());
        default -> throw new IllegalArgumentException("unknown AlignDistil composition " + spec.composition());
      };
    }
  }

  /**
   * WHP towards the generic logits of the base, reading the text with its anchored terms translated, and the
   * reinforced model, reading it as written. Off-policy only: the spec rejects {@code onPolicy} for {@code whp}.
   */
  record Whp(Gpt base, Gpt reinforced, AnchorTerms anchors, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentScores, DistillTokens tokens) {
      Batch batch = ((DistillTokens.Windows) tokens).batch();
      AnchorTerms.Translation translation = anchors.translate(batch);
      Tensor generic;
      try (NoGradGuard noGrad = new NoGradGuard()) {
        Tensor baseScores = new DistillTokens.Windows(translation.batch()).scores(base);
        generic = TokenLosses.genericLogits(baseScores, tokens.scores(reinforced), spec.genericAlpha());
      }
      return TokenLosses.whp(spec.labels(), generic, studentScores, batch.targets(), translation.labelled(),
          spec.temperature());
    }
  }
}
