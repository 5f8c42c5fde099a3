package dev.pedigree.workers.engine.distill;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.logsumexp;
import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.stack;
import static org.bytedeco.pytorch.global.torch.where;

import dev.pedigree.workflows.spec.DistillSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Distillation losses per token. Logits and log-probabilities are {@code (…, vocab)}; every result is {@code (…)}, one
 * value per token, in nats. KL terms are summed over the vocabulary; nothing here averages over tokens.
 */
final class TokenLosses {
  /** AlignDistil's floor on λ_t, which keeps its weight β/λ_t finite where the two DPO models agree. */
  static final double LAMBDA_FLOOR = 1e-3;
  /** What ALM subtracts from tempered chunk log-likelihoods, as tokenkit does, so that none is exactly 0. */
  static final double CHUNK_EPSILON = 1e-6;

  private TokenLosses() {}

  /**
   * Each token's loss, and per-token values whose mean over a step is logged under their key: {@code distill/kl}
   * always, {@code distill/ce} for the mixed loss, {@code distill/lambda_mean} (λ_t) for adaptive AlignDistil.
   */
  record PerToken(Tensor loss, Map<String, Tensor> metrics) {}

  /** KL(p ‖ q) = Σ p·(log p − log q), from log-probabilities. */
  static Tensor kl(Tensor logP, Tensor logQ) {
    return logP.exp().mul(logP.sub(logQ)).sum(new long[] {-1});
  }

  /** log softmax(logits / T). */
  static Tensor logProbabilities(Tensor logits, double temperature) {
    return log_softmax(logits.div(new Scalar(temperature)), -1);
  }

  /** −log q(target), {@code targets} int64 {@code (…)}. */
  static Tensor crossEntropy(Tensor logQ, Tensor targets) {
    return logQ.gather(-1, targets.unsqueeze(-1)).squeeze(-1).neg();
  }

  /** log Σ_i w_i·softmax(z_i / T): the weighted mixture of the teachers' distributions at temperature T. */
  static Tensor teacherMixture(List<Tensor> teacherLogits, List<Double> weights, double temperature) {
    List<Tensor> weighted = new ArrayList<>();
    for (int i = 0; i < teacherLogits.size(); i++) {
      weighted.add(logProbabilities(teacherLogits.get(i), temperature).add(new Scalar(Math.log(weights.get(i)))));
    }
    return logsumexp(stack(new TensorVector(weighted.toArray(Tensor[]::new)), 0), new long[] {0}, false);
  }

  /**
   * Knowledge distillation towards {@code teacherLogProbs} (already at temperature T), with the student at the same
   * temperature and the KL scaled by T² so its gradients keep their size as T changes (Hinton et al.). {@code mixed}
   * adds the hard-label cross-entropy of the student at temperature 1: {@code alpha·CE + (1 − alpha)·T²·KL(teacher ‖
   * student)}.
   */
  static PerToken knowledgeDistillation(
      String loss, Tensor teacherLogProbs, Tensor studentLogits, Tensor targets, double alpha, double temperature) {
    Tensor student = logProbabilities(studentLogits, temperature);
    Scalar squaredTemperature = new Scalar(temperature * temperature);
    Map<String, Tensor> metrics = new LinkedHashMap<>();
    Tensor perToken;
    switch (loss) {
      case DistillSpec.FORWARD_KL -> {
        Tensor kl = kl(teacherLogProbs, student);
        metrics.put("distill/kl", kl);
        perToken = kl.mul(squaredTemperature);
      }
      case DistillSpec.REVERSE_KL -> {
        Tensor kl = kl(student, teacherLogProbs);
        metrics.put("distill/kl", kl);
        perToken = kl.mul(squaredTemperature);
      }
      case DistillSpec.MIXED -> {
        Tensor kl = kl(teacherLogProbs, student);
        Tensor crossEntropy = crossEntropy(logProbabilities(studentLogits, 1.0), targets);
        metrics.put("distill/kl", kl);
        metrics.put("distill/ce", crossEntropy);
        perToken = crossEntropy.mul(new Scalar(alpha)).add(kl.mul(squaredTemperature).mul(new Scalar(1 - alpha)));
      }
      default -> throw new IllegalArgumentException("unknown distillation loss " + loss);
    }
    return new PerToken(perToken, metrics);
  }

  /** Total variation between softmax(a) and softmax(b): ½·Σ|p_a − p_b|. */
  static Tensor totalVariation(Tensor logitsA, Tensor logitsB) {
    return log_softmax(logitsA, -1).exp().sub(log_softmax(logitsB, -1).exp()).abs().sum(new long[] {-1})
        .mul(new Scalar(0.5));
  }

  /** AlignDistil's token-adaptive extrapolation weight λ_t = β₂·TV(π_dpo, π_rdpo)_t + 1e-3. */
  static Tensor alignDistilLambda(Tensor dpoLogits, Tensor reverseDpoLogits, double beta2) {
    return totalVariation(dpoLogits, reverseDpoLogits).mul(new Scalar(beta2)).add(new Scalar(LAMBDA_FLOOR));
  }

  /** z*_t = z_dpo + λ_t·(z_dpo − z_rdpo), with {@code lambda} {@code (…)} broadcast over the vocabulary. */
  static Tensor composedLogits(Tensor dpoLogits, Tensor reverseDpoLogits, Tensor lambda) {
    return dpoLogits.add(dpoLogits.sub(reverseDpoLogits).mul(lambda.unsqueeze(-1)));
  }

  /**
   * AlignDistil with the token-adaptive λ_t: {@code (β/λ_t)·KL(π_student ‖ softmax(z*_t / T))}, reverse KL with the
   * student first, the student at temperature 1 as the paper writes it. Logs the unweighted KL and λ_t.
   */
  static PerToken alignDistil(Tensor dpoLogits, Tensor reverseDpoLogits, Tensor studentLogits, double beta,
      double beta2, double temperature) {
    Tensor lambda = alignDistilLambda(dpoLogits, reverseDpoLogits, beta2);
    PerToken weighted = towardsComposed(composedLogits(dpoLogits, reverseDpoLogits, lambda), studentLogits,
        temperature, kl -> kl.mul(lambda.reciprocal().mul(new Scalar(beta))));
    weighted.metrics().put("distill/lambda_mean", lambda);
    return weighted;
  }

  /** AlignDistil's contrastive teacher, fixed λ: z* = z_dpo + λ·(z_dpo − z_rdpo), loss (β/λ)·KL(π_student ‖ ·). */
  static PerToken contrastive(Tensor dpoLogits, Tensor reverseDpoLogits, Tensor studentLogits, double beta,
      double lambda, double temperature) {
    Tensor composed = dpoLogits.add(dpoLogits.sub(reverseDpoLogits).mul(new Scalar(lambda)));
    return towardsComposed(composed, studentLogits, temperature, kl -> kl.mul(new Scalar(beta / lambda)));
  }

  /**
   * AlignDistil's theorem teacher, the RLHF optimum for the DPO reward under a KL penalty β₂: z* = (β/β₂)·z_dpo +
   * (1 − β/β₂)·z_ref, loss β₂·KL(π_student ‖ softmax(z* / T)); β₂ is β over the DPO logits' weight, the scale the
   * adaptive and contrastive losses use too.
   */
  static PerToken theorem(Tensor dpoLogits, Tensor referenceLogits, Tensor studentLogits, double beta, double beta2,
      double temperature) {
    double weight = beta / beta2;
    Tensor composed = dpoLogits.mul(new Scalar(weight)).add(referenceLogits.mul(new Scalar(1 - weight)));
    return towardsComposed(composed, studentLogits, temperature, kl -> kl.mul(new Scalar(beta2)));
  }

  /**
   * ALM's binarised f-divergence between chunk likelihoods: with {@code ℓ = log p / τ − ε} for each model's chunk
   * log-likelihood, the KL divergence between a coin that lands on the chunk with the teacher's tempered probability
   * {@code e^ℓ_T} and one that does with the student's. That is tokenkit's {@code binary_ce}, {@code −(e^ℓ_T·ℓ_S + (1 −
   * e^ℓ_T)·log(1 − e^ℓ_S))}, less the teacher coin's entropy, which the student cannot change: the same gradients, and 0
   * where the student matches. τ lifts the small probabilities of long chunks towards 1, where the loss has gradient; ε
   * keeps the logs finite for a certain chunk.
   */
  static Tensor chunkBinaryKl(Tensor teacherLogLikelihood, Tensor studentLogLikelihood, double temperature) {
    Scalar inverseTemperature = new Scalar(1 / temperature);
    Scalar epsilon = new Scalar(CHUNK_EPSILON);
    Tensor teacher = teacherLogLikelihood.mul(inverseTemperature).sub(epsilon);
    Tensor student = studentLogLikelihood.mul(inverseTemperature).sub(epsilon);
    return teacher.exp().mul(teacher.sub(student))
        .add(teacher.expm1().neg().mul(logOneMinusExp(teacher).sub(logOneMinusExp(student))));
  }

  /** log(1 − eˣ) for x < 0, through log1p below −log 2 and log(−expm1) above, where each keeps its precision. */
  static Tensor logOneMinusExp(Tensor x) {
    return where(x.lt(new Scalar(-Math.log(2))), x.exp().neg().log1p(), x.expm1().neg().log());
  }

  /**
   * WHP's generic logits {@code v_base − α·ReLU(v_reinforced − v_base)}: the base's prediction with what reinforcement
   * on the forget texts raised pushed down. Raw logits, not log-probabilities: the ReLU is not shift-invariant.
   */
  static Tensor genericLogits(Tensor baseLogits, Tensor reinforcedLogits, double alpha) {
    return baseLogits.sub(relu(reinforcedLogits.sub(baseLogits)).mul(new Scalar(alpha)));
  }

  /**
   * WHP's loss towards the generic logits where {@code labelled} (float, 1 or 0) says a position has a generic label:
   * {@code argmax}, the paper's, the student's cross-entropy against the generic logits' argmax; {@code soft}, {@code
   * T²·KL(softmax(generic / T) ‖ student at T)}. Logs that value ({@code distill/ce} or {@code distill/kl}) and {@code
   * whp/relabelled}, the share of positions whose generic label is not the text's next token.
   */
  static PerToken whp(String labels, Tensor genericLogits, Tensor studentLogits, Tensor targets, Tensor labelled,
      double temperature) {
    Tensor genericLabels = genericLogits.argmax(new LongOptional(-1), false);
    Map<String, Tensor> metrics = new LinkedHashMap<>();
    metrics.put("whp/relabelled", genericLabels.ne(targets).to(ScalarType.Float).mul(labelled));
    Tensor perToken;
    switch (labels) {
      case DistillSpec.ARGMAX_LABELS -> {
        perToken = crossEntropy(logProbabilities(studentLogits, 1.0), genericLabels);
        metrics.put("distill/ce", perToken);
      }
      case DistillSpec.SOFT_LABELS -> {
        Tensor kl = kl(logProbabilities(genericLogits, temperature), logProbabilities(studentLogits, temperature));
        metrics.put("distill/kl", kl);
        perToken = kl.mul(new Scalar(temperature * temperature));
      }
      default -> throw new IllegalArgumentException("unknown WHP labels " + labels);
    }
    return new PerToken(perToken.mul(labelled), metrics);
  }

  /** {@code scale(KL(π_student ‖ softmax(composed / T)))} per token, the student at temperature 1; logs the KL. */
  private static PerToken towardsComposed(
      Tensor composedLogits, Tensor studentLogits, double temperature, UnaryOperator<Tensor> scale) {
    Tensor kl = kl(logProbabilities(studentLogits, 1.0), logProbabilities(composedLogits, temperature));
    Map<String, Tensor> metrics = new LinkedHashMap<>();
    metrics.put("distill/kl", kl);
    return new PerToken(scale.apply(kl), metrics);
  }
}
