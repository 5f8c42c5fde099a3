package dev.pedigree.workers.engine.audit;

import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * LayerCast's reproducibility audit (METHODS.md §3.5): greedy-decodes a fixed prompt set under several conditions
 * (precision, batch size, KV cache, threads) and counts, per condition, the prompts whose output differs from the
 * reference's, fp32 at batch 1, and from its own precision's at batch 1.
 */
public final class ReproducibilityAudit {
  public static final AuditCondition REFERENCE = AuditCondition.of(Precision.FP32, 1);

  /** Whether a prompt's generated tokens answer it correctly. */
  @FunctionalInterface
  public interface AnswerCheck {
    boolean correct(int prompt, int[] completion);
  }

  private final GptConfig config;
  private final Map<String, Tensor> weights;
  private final List<int[]> prompts;
  private final SamplingOptions options;
  private final AnswerCheck check;
  private final Map<AuditCondition, Decoded> decoded = new HashMap<>();

  /** A condition's outputs and the wall time decoding them took. */
  private record Decoded(List<int[]> outputs, double seconds) {}

  /**
   * @param weights the model's fp32 weights by name, all on the device to audit
   * @param options greedy, with the stop token and token limit every condition shares
   */
  public ReproducibilityAudit(GptConfig config, Map<String, Tensor> weights, List<int[]> prompts,
      SamplingOptions options, AnswerCheck check) {
    if (!options.greedy()) {
      throw new IllegalArgumentException("the audit compares greedy outputs; temperature was " + options.temperature());
    }
    TorchRuntime.initialize();
    this.config = config;
    this.weights = weights;
    this.prompts = List.copyOf(prompts);
    this.options = options;
    this.check = check;
  }

  /** Each condition's outcome, in order; outputs decoded once per condition and reused as references. */
  public List<ConditionOutcome> run(List<AuditCondition> conditions) {
    List<ConditionOutcome> outcomes = new ArrayList<>();
    for (AuditCondition condition : conditions) {
      List<int[]> outputs = decode(condition);
      outcomes.add(new ConditionOutcome(condition, Divergence.between(decode(REFERENCE), outputs),
          Divergence.between(decode(condition.ownBatchOne()), outputs), accuracy(outputs),
          decoded.get(condition).seconds()));
    }
    return outcomes;
  }

  /** The generated tokens for every prompt, in order, under {@code condition} (decoded once, then remembered). */
  public List<int[]> decode(AuditCondition condition) {
    return decoded.computeIfAbsent(condition, this::decodeNow).outputs();
  }

  private Decoded decodeNow(AuditCondition condition) {
    long started = System.nanoTime();
    int threads = get_num_threads();
    List<int[]> outputs = new ArrayList<>();
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Map<String, Tensor> cast = condition.precision().weights(weights);
      Sampler sampler = condition.precision().autocast()
          ? new Sampler(config, cast) : Sampler.inWeightType(config, cast);
      SamplingOptions decoding = options.withKvCache(condition.kvCache());
      if (condition.threads() > 0) {
        set_num_threads(condition.threads());
      }
      for (int from = 0; from < prompts.size(); from += condition.batchSize()) {
        List<int[]> batch = prompts.subList(from, Math.min(prompts.size(), from + condition.batchSize()));
        for (Completion completion : sampler.generate(batch, decoding, SamplingRandom.seeded(0))) {
          outputs.add(completion.tokens());
        }
      }
    } finally {
      set_num_threads(threads);
    }
    return new Decoded(List.copyOf(outputs), (System.nanoTime() - started) / 1e9);
  }

  private double accuracy(List<int[]> outputs) {
    int correct = 0;
    for (int prompt = 0; prompt < outputs.size(); prompt++) {
      if (check.correct(prompt, outputs.get(prompt))) {
        correct++;
      }
    }
    return (double) correct / outputs.size();
  }
}
