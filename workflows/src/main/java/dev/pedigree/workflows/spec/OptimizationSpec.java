package dev.pedigree.workflows.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Steps, batch, optimizer and schedule (linear warmup then cosine to a tenth of the peak).
 *
 * @param batchSize samples per micro-batch
 * @param gradAccumulation micro-batches whose gradients are summed into one optimizer step (each loss scaled by 1/k),
 *     so a step consumes {@code gradAccumulation * batchSize} samples
 * @param optimizer AdamW when absent (and kept absent for {@code "adamw"}, so such a spec's JSON, which checkpoints and
 *     model files record, is what it was before the field existed); see {@link #chosenOptimizer()}
 */
public record OptimizationSpec(
    Integer steps,
    Integer batchSize,
    Double learningRate,
    Integer warmupSteps,
    Double weightDecay,
    Double gradClip,
    Integer evalEvery,
    Integer checkpointEvery,
    Long seed,
    Integer gradAccumulation,
    @JsonInclude(JsonInclude.Include.NON_NULL) OptimizerSpec optimizer) {
  public OptimizationSpec {
    steps = steps == null ? 300 : steps;
    batchSize = batchSize == null ? 16 : batchSize;
    learningRate = learningRate == null ? 3e-3 : learningRate;
    warmupSteps = warmupSteps == null ? Math.min(30, steps / 10) : warmupSteps;
    weightDecay = weightDecay == null ? 0.1 : weightDecay;
    gradClip = gradClip == null ? 1.0 : gradClip;
    evalEvery = evalEvery == null ? 50 : evalEvery;
    checkpointEvery = checkpointEvery == null ? 50 : checkpointEvery;
    seed = seed == null ? 1L : seed;
    gradAccumulation = gradAccumulation == null ? 1 : gradAccumulation;
    optimizer = OptimizerSpec.adamW().equals(optimizer) ? null : optimizer;
  }

  /** With AdamW. */
  public OptimizationSpec(
      Integer steps,
      Integer batchSize,
      Double learningRate,
      Integer warmupSteps,
      Double weightDecay,
      Double gradClip,
      Integer evalEvery,
      Integer checkpointEvery,
      Long seed,
      Integer gradAccumulation) {
    this(steps, batchSize, learningRate, warmupSteps, weightDecay, gradClip, evalEvery, checkpointEvery, seed,
        gradAccumulation, null);
  }

  /** One micro-batch per step. */
  public OptimizationSpec(
      Integer steps,
      Integer batchSize,
      Double learningRate,
      Integer warmupSteps,
      Double weightDecay,
      Double gradClip,
      Integer evalEvery,
      Integer checkpointEvery,
      Long seed) {
    this(steps, batchSize, learningRate, warmupSteps, weightDecay, gradClip, evalEvery, checkpointEvery, seed, null);
  }

  public static OptimizationSpec defaults() {
    return new OptimizationSpec(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The optimizer the loop runs: {@link #optimizer()}, or AdamW when that is absent. */
  public OptimizerSpec chosenOptimizer() {
    return optimizer == null ? OptimizerSpec.adamW() : optimizer;
  }

  /** This spec with another optimizer. */
  public OptimizationSpec withOptimizer(OptimizerSpec optimizer) {
    return new OptimizationSpec(steps, batchSize, learningRate, warmupSteps, weightDecay, gradClip, evalEvery,
        checkpointEvery, seed, gradAccumulation, optimizer);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".steps", steps, 1, 100_000_000);
    checks.range(at + ".batchSize", batchSize, 1, 65_536);
    checks.range(at + ".learningRate", learningRate, 1e-8, 10.0);
    checks.range(at + ".warmupSteps", warmupSteps, 0, steps);
    checks.range(at + ".weightDecay", weightDecay, 0.0, 10.0);
    checks.range(at + ".gradClip", gradClip, 0.0, 1e6);
    checks.range(at + ".evalEvery", evalEvery, 1, 100_000_000);
    checks.range(at + ".checkpointEvery", checkpointEvery, 1, 100_000_000);
    checks.range(at + ".gradAccumulation", gradAccumulation, 1, 4_096);
    if (optimizer != null) {
      optimizer.check(checks, at + ".optimizer");
    }
  }
}
