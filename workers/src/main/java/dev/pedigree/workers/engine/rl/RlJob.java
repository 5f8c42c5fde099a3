package dev.pedigree.workers.engine.rl;

import static org.bytedeco.pytorch.global.torch.exp;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.SpecJson;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.policy.RewardEvaluation;
import dev.pedigree.workers.engine.policy.Rollouts;
import dev.pedigree.workers.engine.policy.Rollouts.Rollout;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.reward.Rewards;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.RewardCatalog;
import dev.pedigree.workflows.spec.RlSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * GRPO and GTPO on a programmatic reward (METHODS.md §2.2), one loop top to bottom. A step samples a group of
 * completions per prompt from the current policy, standardizes rewards within each group, and takes
 * {@code updatesPerStep} AdamW steps on the clipped surrogate (GRPO: plus β·k3 KL to the reference; GTPO: conflict-token
 * weights, each completion's loss divided by its conflict count, high-entropy completions dropped, entropy-shaped
 * advantages, no reference).
 *
 * <p>Exact resume: a step's prompts are indices {@code step · promptsPerStep + i} and its sampling stream is seeded by
 * a pure function of {@code (seed, step)}, so a checkpoint's step, weights and AdamW state are all the loop's state; a
 * resumed run on the CPU ends bit-identical to an uninterrupted one.
 */
public final class RlJob implements TrainingJob {
  private final RlSpec spec;
  private final Map<String, Path> models;
  private final Path workDir;

  /** @param models {@code base}, and {@code reference} when the spec names one */
  public RlJob(RlSpec spec, Map<String, Path> models, Path workDir) {
    spec.requireValid();
    this.spec = spec;
    this.models = models;
    this.workDir = workDir;
  }

  @Override
  public TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    TorchRuntime.initialize();
    Device device = TorchRuntime.device(spec.device());
    Reward reward = Rewards.of(spec.reward());
    TaskPrompts prompts = new TaskPrompts(RewardCatalog.GENERATORS.get(spec.reward()), spec.prompts().seed());
    Checkpoints checkpoints = new Checkpoints(workDir, SpecJson.of(spec));
    int groupSize = spec.groupSize();
    int promptsPerStep = spec.promptsPerStep();

    try (PointerScope runScope = new PointerScope()) {
      ModelFiles.LoadedModel base = ModelFiles.load(models.get("base"), device);
      Gpt policy = base.model();
      Gpt reference = spec.usesReference()
          ? ModelFiles.load(models.getOrDefault("reference", models.get("base")), device).model()
          : null;
      AdamW optimizer = new AdamW(policy.parameters(), 0.0);
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, policy.parameters(), optimizer))
          .orElse(ResumePoint.initial());
      Rollouts rollouts = new Rollouts(base.tokenizer(), reward,
          SamplingOptions.sampled(spec.maxNewTokens(), spec.temperature(), 0, 1.0));
      RewardEvaluation evaluation = new RewardEvaluation(
          prompts, spec.prompts().evalPrompts(), base.tokenizer(), reward, spec.maxNewTokens());
      long step = start.step();
      listener.onStart(step, spec.steps(), TorchRuntime.describe(device));
      if (step == 0) {
        evaluate(0, policy, evaluation, prompts.task(), listener);
      }

      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < spec.steps()) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, step * promptsPerStep, policy.parameters(), optimizer);
            listener.onCheckpoint(lastCheckpoint);
          }
          return new TrainingSummary(step, loss, true, lastCheckpoint, null, null);
        }
        long started = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int completionTokens;
        GuardedUpdate.Result update;
        try (PointerScope stepScope = new PointerScope()) {
          List<TaskProblem> problems = new ArrayList<>();
          for (int i = 0; i < promptsPerStep; i++) {
            TaskProblem problem = prompts.training(step * promptsPerStep + i);
            for (int g = 0; g < groupSize; g++) {
              problems.add(problem);
            }
          }
          SamplingRandom random = SamplingRandom.seeded(SplitMix64.forStream(spec.seed(), step).nextLong());
          List<Rollout> group = rollouts.sample(policy, problems, random);
          update = update(group, policy, reference, optimizer, reward, metrics, step + 1, device);
          loss = update.loss();
          completionTokens = group.stream().mapToInt(rollout -> rollout.completion().length).sum();
        }
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, update.gradNorm(), spec.learningRate(), completionTokens / seconds));
        listener.onMetrics(step, metrics);
        if (step % spec.evalEvery() == 0 || step == spec.steps()) {
          evaluate(step, policy, evaluation, prompts.task(), listener);
        }
        if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
          lastCheckpoint = checkpoints.save(step, step * promptsPerStep, policy.parameters(), optimizer);
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      Checkpoints.ModelFile modelFile = checkpoints.exportModel(step, policy.config(), base.tokenizer(),
          policy.parameters(), Map.of("method", spec.method(), "reward", reward.qualifiedName()));
      return new TrainingSummary(step, loss, false, lastCheckpoint, modelFile.path(), modelFile.digest().sha256());
    }
  }

  /**
   * Scores the rollouts, takes the step's optimizer updates, and fills the rollout metrics; returns the last update's
   * loss and gradient norm.
   */
  private GuardedUpdate.Result update(List<Rollout> group, Gpt policy, Gpt reference, AdamW optimizer, Reward reward,
      Map<String, Double> metrics, long step, Device device) {
    int rows = group.size();
    double[] rewards = group.stream().mapToDouble(Rollout::reward).toArray();
    double[] advantages = GroupAdvantages.of(rewards, spec.groupSize());
    List<int[]> completions = group.stream().map(Rollout::completion).toList();
    CompletionBatch batch =
        CompletionBatch.of(group.stream().map(Rollout::prompt).toList(), completions, device);
    Tensor mask = batch.mask();

    Tensor logDistributions = batch.logDistributions(policy.config(), policy.parameters().byName());
    Tensor oldLogProbs = batch.tokenLogProbs(logDistributions).detach();
    Tensor detached = logDistributions.detach();
    Tensor tokenEntropy = exp(detached).mul(detached).sum(new long[] {2}, false, new ScalarTypeOptional()).neg();
    double[] meanEntropy = rowMeans(tokenEntropy, mask);
    Tensor referenceLogProbs = null;
    if (reference != null) {
      try (NoGradGuard noGrad = new NoGradGuard()) {
        referenceLogProbs = batch.tokenLogProbs(
            batch.logDistributions(reference.config(), reference.parameters().byName()));
      }
    }

    boolean[] kept = new boolean[rows];
    double[] shaped = advantages.clone();
    int keptRows = 0;
    for (int i = 0; i < rows; i++) {
      kept[i] = !spec.gtpo() || meanEntropy[i] <= spec.entropyThreshold();
      if (spec.gtpo()) {
        shaped[i] -= spec.entropyShaping() * meanEntropy[i];
      }
      keptRows += kept[i] ? 1 : 0;
    }
    boolean[][] conflicts = ConflictTokens.of(completions, advantages, kept, spec.groupSize());
    int[] lengths = completions.stream().mapToInt(completion -> completion.length).toArray();
    double[][] weights = spec.gtpo()
        ? TokenWeights.gtpo(conflicts, advantages, kept, spec.conflictWeight())
        : TokenWeights.uniform(lengths, kept);
    Tensor weightTensor = padded(weights, batch.mask().size(1), device);
    Tensor advantageTensor = tensor(toFloats(shaped)).view(rows, 1).to(device, ScalarType.Float);

    GuardedUpdate.Result result = null;
    for (int update = 0; update < spec.updatesPerStep(); update++) {
      Tensor logProbs = update == 0
          ? batch.tokenLogProbs(logDistributions)
          : batch.tokenLogProbs(batch.logDistributions(policy.config(), policy.parameters().byName()));
      policy.parameters().zeroGrads();
      Tensor perToken = PolicyLoss.clippedSurrogate(logProbs, oldLogProbs, advantageTensor, spec.clipEpsilon());
      if (referenceLogProbs != null) {
        perToken = perToken.add(PolicyLoss.k3(logProbs, referenceLogProbs).mul(new Scalar(spec.klBeta())));
      }
      Tensor objective = PolicyLoss.aggregate(perToken, weightTensor, mask, keptRows);
      objective.backward();
      result = GuardedUpdate.apply(
          objective, policy.parameters().grads(), spec.gradClip(), optimizer, spec.learningRate(), step);
    }

    double mean = 0;
    int solved = 0;
    for (double r : rewards) {
      mean += r / rows;
      solved += reward.solved(r) ? 1 : 0;
    }
    double variance = 0;
    for (double r : rewards) {
      variance += (r - mean) * (r - mean) / rows;
    }
    metrics.put("rl/reward_mean", mean);
    metrics.put("rl/reward_std", Math.sqrt(variance));
    metrics.put("rl/accuracy", (double) solved / rows);
    metrics.put("rl/completion_length", (double) Arrays.stream(lengths).sum() / rows);
    metrics.put("rl/entropy", Arrays.stream(meanEntropy).average().orElseThrow());
    if (referenceLogProbs != null) {
      double kl = PolicyLoss.k3(oldLogProbs, referenceLogProbs).mul(mask).sum().item_double() / mask.sum().item_double();
      metrics.put("rl/kl", kl);
    }
    metrics.put("rl/conflict_tokens", (double) ConflictTokens.count(conflicts));
    metrics.put("rl/dropped_completions", (double) (rows - keptRows));
    return result;
  }

  private void evaluate(
      long step, Gpt policy, RewardEvaluation evaluation, String task, TrainingListener listener) {
    RewardEvaluation.Greedy greedy = evaluation.greedy(policy);
    listener.onTaskEval(step, task, greedy.accuracy());
    listener.onMetrics(step, Map.of("eval/reward", greedy.reward()));
  }

  private static double[] rowMeans(Tensor perToken, Tensor mask) {
    double[][] values = CompletionBatch.toArrays(perToken.mul(mask));
    double[][] real = CompletionBatch.toArrays(mask);
    double[] means = new double[values.length];
    for (int row = 0; row < values.length; row++) {
      double sum = 0;
      double count = 0;
      for (int t = 0; t < values[row].length; t++) {
        sum += values[row][t];
        count += real[row][t];
      }
      means[row] = sum / Math.max(count, 1);
    }
    return means;
  }

  private static Tensor padded(double[][] rows, long width, Device device) {
    float[] flat = new float[(int) (rows.length * width)];
    for (int row = 0; row < rows.length; row++) {
      for (int t = 0; t < rows[row].length; t++) {
        flat[(int) (row * width + t)] = (float) rows[row][t];
      }
    }
    return tensor(flat).view(rows.length, width).to(device, ScalarType.Float);
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
