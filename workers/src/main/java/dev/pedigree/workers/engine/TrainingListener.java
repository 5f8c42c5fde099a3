package dev.pedigree.workers.engine;

import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.selection.ScorerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerFile;
import java.util.List;
import java.util.Map;

/** Side concerns of the loop (heartbeats, metric sinks, checkpoint registration) listen; the loop never knows them. */
public interface TrainingListener {
  /** The sources the run learns from; once per attempt, before {@link #onStart}. */
  default void onDatasets(List<DatasetSource> sources) {}

  /**
   * The scorer a selection strategy chose the run's data with, saved in the run's folder; once per attempt, before
   * {@link #onDatasets} (the selected subset's lineage names it).
   */
  default void onScorer(ScorerFile scorer) {}

  /** The tokenizer the run trained on its data (BPE), saved as {@code tokenizer.json}; once per attempt. */
  default void onTokenizer(TokenizerFile tokenizer) {}

  /** Called once before the first step of this attempt; {@code fromStep} is 0 or the resumed checkpoint's step. */
  default void onStart(long fromStep, long totalSteps, String device) {}

  default void onStep(StepMetrics metrics) {}

  default void onEval(EvalMetrics metrics) {}

  /** Exact-match accuracy in [0, 1] on held-out problems of a task generator, metric key {@code eval/<task>/accuracy}. */
  default void onTaskEval(long step, String task, double accuracy) {}

  /**
   * Called right after {@link #onEval} with what the same validation windows show per token: the mean loss (nats) at
   * each position of the window, index 0 predicting the second token, and the mean entropy (nats) of the predicted
   * next-token distributions.
   */
  default void onTokenStats(long step, double[] lossByPosition, double meanEntropy) {}

  /**
   * Kind-specific metrics of a step by key, e.g. {@code rl/reward_mean}, {@code distill/kl}, or the quantiles of a
   * step's sample weights, {@code selection/sample_weight/p10|p50|p90|max}, for strategies that weight samples.
   */
  default void onMetrics(long step, Map<String, Double> values) {}

  /**
   * Validation loss (nats per token) of one domain of a multi-domain corpus, on its own held-out documents; called
   * with each {@link #onEval}. Metric key {@code val/domain/<domain>/loss}.
   */
  default void onDomainEval(long step, String domain, double valLoss) {}

  /** Validation loss (nats per token) on the target set's held-out documents; metric key {@code val/target/loss}. */
  default void onTargetEval(long step, double valLoss) {}

  /**
   * The mixture that batches of a multi-domain corpus are drawn from, by domain name, from step {@code step} (0-based,
   * steps done) on: at step 0 and whenever the strategy changes it (a resumed attempt does not repeat the mixture it
   * resumes with: the curve has it). Metric keys {@code selection/weight/<domain>}.
   */
  default void onDomainWeights(long step, Map<String, Double> weights) {}

  /**
   * Each sample of a micro-batch of step {@code step} (1-based, as {@link StepMetrics}) with its mean token loss (nats)
   * and its weight in the objective, for strategies that weight samples. Ids are stable across runs of the same data
   * spec: {@code domain << 32 | window}.
   */
  default void onSampleLosses(long step, long[] sampleIds, double[] losses, double[] weights) {}

  /** Called after a checkpoint file is complete on disk (renamed into place). */
  default void onCheckpoint(CheckpointInfo checkpoint) {}
}
