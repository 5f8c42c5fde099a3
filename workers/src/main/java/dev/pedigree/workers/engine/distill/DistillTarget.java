package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
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
   * Approximate likelihood matching (ALM, METHODS.md §2.3) with teachers that may each have their own tokenizer: per
   * teacher, the chunks of each window both tokenizations agree on ({@link AlignedChunks}) and the binarised
   * f-divergence between the two models' chunk likelihoods at the spec's chunk temperature, averaged over chunks and
   * weighted by the teacher's share; plus {@code ntpWeight} times the student's next-token cross-entropy. Logs
   * {@code distill/alm} (the weighted divergence) and {@code distill/ce}.
   */
  record LikelihoodMatching(List<Gpt> teachers, List<Tokenizer> teacherTokenizers, List<Double> weights,
      Tokenizer studentTokenizer, DistillSpec spec) implements DistillTarget {
    @Override
    public TokenLosses.PerToken perToken(Tensor studentScores, DistillTokens tokens) {
      Tensor targets = tokens.targets();
      Tensor studentLogProbs = TokenLosses.crossEntropy(TokenLosses.logProbabilities(studentScores, 1.0), targets).neg();
      Tensor divergence = null;
      for (int i = 0; i < teachers.size(); i++) {
        Gpt teacher = teachers.get(i);
        AlignedChunks chunks = AlignedChunks.of(targets, studentTokenizer, teacherTokenizers.get(i),
            teacher.config().contextLength(), studentScores.device());
        Tensor teacherLogProbs;
        try (NoGradGuard noGrad = new NoGradGuard()) {
          DistillTokens teacherTokens = new DistillTokens.Windows(chunks.teacherBatch());
          teacherLogProbs = TokenLosses.crossEntropy(
              TokenLosses.logProbabilities(teacherTokens.scores(teacher), 1.0), teacherTokens.targets()).neg();
        }
        Tensor perChunk = TokenLosses.chunkBinaryKl(
            chunks.sumPerChunk(teacherLogProbs, chunks.teacherChunks()),
            chunks.sumPerChunk(studentLogProbs, chunks.studentChunks()), spec.chunkTemperature());
        Tensor weighted = chunks.perStudentTarget(perChunk, targets.size(0), targets.size(1))
            .mul(new Scalar(weights.get(i)));
        divergence = divergence == null ? weighted : divergence.add(weighted);
      }
      Tensor crossEntropy = studentLogProbs.neg();
      Map<String, Tensor> metrics = new LinkedHashMap<>();
      metrics.put("distill/alm", divergence);
      metrics.put("distill/ce", crossEntropy);
      return new TokenLosses.PerToken(
          divergence.add(crossEntropy.mul(new Scalar(spec.ntpWeight()))), metrics);
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
