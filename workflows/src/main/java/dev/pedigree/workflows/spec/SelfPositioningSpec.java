package dev.pedigree.workflows.spec;

import java.util.List;
import java.util.Set;

/**
 * How Self-Positioning learns its merge coefficients (METHODS.md §2.4): {@code θ(λ) = θ0 + Σ λ_i τ_i}, with λ
 * trained by Adam on the answers of a small probe set drawn from task generators while θ0 and τ stay frozen.
 *
 * @param tasks probe tasks, from {@link #TASKS}: a generator, or one G-arith operation or G-seq kind of it
 * @param probeSize problems per task
 * @param steps Adam steps on the whole probe set
 * @param perLayer one λ per parent and transformer block (embeddings and the final norm share one more), instead of
 *     one per parent
 * @param checkpointEvery steps between checkpoints of λ and its optimizer state, which a killed worker's successor
 *     resumes from
 */
public record SelfPositioningSpec(
    List<String> tasks, Integer probeSize, Integer steps, Double learningRate, Boolean perLayer,
    Integer checkpointEvery) {
  public static final Set<String> TASKS = Set.of("g-arith", "g-arith:add", "g-arith:subtract", "g-arith:multiply",
      "g-seq", "g-seq:copy", "g-seq:reverse", "g-seq:sort");

  public SelfPositioningSpec {
    tasks = tasks == null ? List.of("g-arith") : List.copyOf(tasks);
    probeSize = probeSize == null ? 64 : probeSize;
    steps = steps == null ? 40 : steps;
    learningRate = learningRate == null ? 0.05 : learningRate;
    perLayer = perLayer == null ? false : perLayer;
    checkpointEvery = checkpointEvery == null ? 10 : checkpointEvery;
  }

  public static SelfPositioningSpec defaults() {
    return new SelfPositioningSpec(null, null, null, null, null, null);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".tasks", tasks.size(), 1, TASKS.size());
    for (int i = 0; i < tasks.size(); i++) {
      checks.oneOf(at + ".tasks[" + i + "]", tasks.get(i), TASKS);
    }
    checks.require(tasks.stream().distinct().count() == tasks.size(), at + ".tasks", "must not repeat a task");
    checks.range(at + ".probeSize", probeSize, 1, 4096);
    checks.range(at + ".steps", steps, 1, 100_000);
    checks.range(at + ".learningRate", learningRate, 1e-6, 10.0);
    checks.range(at + ".checkpointEvery", checkpointEvery, 1, 100_000);
  }
}
