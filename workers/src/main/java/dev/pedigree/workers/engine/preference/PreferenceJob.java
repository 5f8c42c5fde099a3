package dev.pedigree.workers.engine.preference;

import static org.bytedeco.pytorch.global.torch.stack;

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
import dev.pedigree.workers.engine.data.SampleOrder;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.policy.RewardEvaluation;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.reward.Rewards;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.PairsSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.RewardCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * DPO, TDPO2 and TGDPO on preference pairs (METHODS.md §2.2), optionally plus TRL's {@code rpo_alpha} NLL term on the
 * chosen completions, one loop top to bottom. Each step scores a batch of pairs, chosen and rejected rows in one
 * forward pass of the policy, of the frozen reference and (TGDPO) of the guide.
 * Pairs are generated from the base before any checkpoint is restored and are visited in a seeded order, so a checkpoint's
 * step, weights and AdamW state are the whole loop state.
 */
public final class PreferenceJob implements TrainingJob {
  /** The model metadata's {@code pairs} value of a model trained with chosen and rejected swapped. */
  static final String REVERSED_PAIRS = "reversed";

  private final PreferenceSpec spec;
  private final Map<String, Path> models;
  private final Path workDir;

  /** @param models {@code base}; {@code reference} and {@code guide} when the spec names them */
  public PreferenceJob(PreferenceSpec spec, Map<String, Path> models, Path workDir) {
    spec.requireValid();
    this.spec = spec;
    this.models = models;
    this.workDir = workDir;
  }

  @Override
  public TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    TorchRuntime.initialize();
    Device device = TorchRuntime.device(spec.device());
    PairsSpec pairsSpec = spec.pairs();
    Optional<Reward> reward = Optional.ofNullable(pairsSpec.reward()).map(Rewards::of);
    Optional<TaskPrompts> prompts = reward.map(r ->
        new TaskPrompts(RewardCatalog.GENERATORS.get(r.name()), pairsSpec.prompts().seed()));
    Checkpoints checkpoints = new Checkpoints(workDir, SpecJson.of(spec));

    try (PointerScope runScope = new PointerScope()) {
      ModelFiles.LoadedModel base = ModelFiles.load(models.get("base"), device);
      Gpt policy = base.model();
      Gpt reference = ModelFiles.load(models.getOrDefault("reference", models.get("base")), device).model();
      Gpt guide = "tgdpo".equals(spec.method()) ? loadGuide(device) : null;
      List<PreferencePair> pairs =
          PreferencePairs.of(pairsSpec, policy, base.tokenizer(), reward, prompts, spec.seed());
      SampleOrder order = new SampleOrder(pairs.size(), spec.seed());
      AdamW optimizer = new AdamW(policy.parameters(), 0.0);
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, policy.parameters(), optimizer))
          .orElse(ResumePoint.initial());
      Optional<RewardEvaluation> evaluation = reward.map(r -> new RewardEvaluation(prompts.orElseThrow(),
          pairsSpec.prompts().evalPrompts(), base.tokenizer(), r, pairsSpec.maxNewTokens()));
      long step = start.step();
      int batchSize = spec.batchSize();
      listener.onStart(step, spec.steps(), TorchRuntime.describe(device));
      // A resumed attempt adds no point: the first attempt's is on the curve, and one at the resume step would stray.
      if (step == 0) {
        listener.onMetrics(0, pairMetrics(pairs, reward));
        if (evaluation.isPresent()) {
          evaluate(0, policy, reference, evaluation.get(), prompts.orElseThrow().task(), listener, device);
        }
      }

      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < spec.steps()) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, step * batchSize, policy.parameters(), optimizer);
            listener.onCheckpoint(lastCheckpoint);
          }
          return new TrainingSummary(step, loss, true, lastCheckpoint, null, null);
        }
        long started = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int tokens = 0;
        GuardedUpdate.Result update;
        try (PointerScope stepScope = new PointerScope()) {
          List<PreferencePair> batch = new ArrayList<>();
          for (int index : order.batchAt(step * batchSize, batchSize)) {
            batch.add(pairs.get(index));
            tokens += pairs.get(index).chosen().length + pairs.get(index).rejected().length;
          }
          update = update(batch, policy, reference, guide, optimizer, metrics, step + 1, device);
          loss = update.loss();
        }
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, update.gradNorm(), spec.learningRate(), tokens / seconds));
        listener.onMetrics(step, metrics);
        if (evaluation.isPresent() && (step % spec.evalEvery() == 0 || step == spec.steps())) {
          evaluate(step, policy, reference, evaluation.get(), prompts.orElseThrow().task(), listener, device);
        }
        if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
          lastCheckpoint = checkpoints.save(step, step * batchSize, policy.parameters(), optimizer);
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("method", spec.method());
      reward.ifPresent(r -> provenance.put("reward", r.qualifiedName()));
      if (spec.pairs().reversed()) {
        provenance.put("pairs", REVERSED_PAIRS);
      }
      Checkpoints.ModelFile modelFile =
          checkpoints.exportModel(step, policy.config(), base.tokenizer(), policy.parameters(), provenance);
      return new TrainingSummary(step, loss, false, lastCheckpoint, modelFile.path(), modelFile.digest().sha256());
    }
  }

  /**
   * TGDPO's guide must come from a DPO run on pairs as labelled: its token rewards are the DPO model's log-ratios, and
   * a reverse-DPO model's would reward the rejected side.
   */
  private Gpt loadGuide(Device device) {
    ModelFiles.LoadedModel guide = ModelFiles.load(models.get("guide"), device);
    if (!"dpo".equals(guide.metadata().get("method"))) {
      throw new IllegalArgumentException("the TGDPO guide must be a model made by a dpo preference run; its method is "
          + guide.metadata().getOrDefault("method", "not recorded"));
    }
    if (REVERSED_PAIRS.equals(guide.metadata().get("pairs"))) {
      throw new IllegalArgumentException(
          "the TGDPO guide must be a dpo model trained on pairs as labelled; this one is a reverse-DPO model");
    }
    return guide.model();
  }

  /** One optimizer step on a batch of pairs; fills the step's metrics and returns the loss and gradient norm. */
  private GuardedUpdate.Result update(List<PreferencePair> pairs, Gpt policy, Gpt reference, Gpt guide,
      AdamW optimizer, Map<String, Double> metrics, long step, Device device) {
    int n = pairs.size();
    List<int[]> prompts = new ArrayList<>();
    List<int[]> completions = new ArrayList<>();
    pairs.forEach(pair -> {
      prompts.add(pair.prompt());
      completions.add(pair.chosen());
    });
    pairs.forEach(pair -> {
      prompts.add(pair.prompt());
      completions.add(pair.rejected());
    });
    CompletionBatch batch = CompletionBatch.of(prompts, completions, device);
    Tensor mask = batch.mask();
    Tensor logDistributions = batch.logDistributions(policy.config(), policy.parameters().byName());
    Tensor referenceLogDistributions;
    Tensor guideRewards = null;
    try (NoGradGuard noGrad = new NoGradGuard()) {
      referenceLogDistributions = batch.logDistributions(reference.config(), reference.parameters().byName());
      if (guide != null) {
        Tensor guideLogDistributions = batch.logDistributions(guide.config(), guide.parameters().byName());
        guideRewards = batch.tokenLogProbs(guideLogDistributions).sub(batch.tokenLogProbs(referenceLogDistributions));
      }
    }
    Tensor tokenLogProbs = batch.tokenLogProbs(logDistributions);
    Tensor tokenLogRatios = tokenLogProbs.sub(batch.tokenLogProbs(referenceLogDistributions));
    Tensor logRatios = PreferenceLoss.sequenceSum(tokenLogRatios, mask);
    Tensor kl = PreferenceLoss.sequenceSum(PreferenceLoss.tokenKl(referenceLogDistributions, logDistributions), mask);
    Tensor chosenLogRatio = logRatios.narrow(0, 0, n);
    Tensor rejectedLogRatio = logRatios.narrow(0, n, n);
    Tensor perPair = switch (spec.method()) {
      case "dpo" -> PreferenceLoss.dpo(chosenLogRatio, rejectedLogRatio, spec.beta());
      case "tdpo" -> PreferenceLoss.tdpo(chosenLogRatio, rejectedLogRatio, kl.narrow(0, 0, n), kl.narrow(0, n, n),
          spec.beta(), spec.alpha());
      case "tgdpo" -> PreferenceLoss.tgdpo(tokenLogRatios.narrow(0, 0, n), mask.narrow(0, 0, n),
          guideRewards.narrow(0, 0, n), tokenLogRatios.narrow(0, n, n), mask.narrow(0, n, n),
          guideRewards.narrow(0, n, n), spec.beta(), spec.alpha());
      default -> throw new IllegalStateException("unknown preference method " + spec.method());
    };
    Tensor loss = perPair.mean();
    if (spec.rpoAlpha() > 0) {
      Tensor chosenNll = PreferenceLoss.tokenMeanNll(tokenLogProbs.narrow(0, 0, n), mask.narrow(0, 0, n));
      loss = loss.add(chosenNll.mul(new Scalar(spec.rpoAlpha())));
    }
    policy.parameters().zeroGrads();
    loss.backward();
    GuardedUpdate.Result update =
        GuardedUpdate.apply(loss, policy.parameters().grads(), spec.gradClip(), optimizer, spec.learningRate(), step);

    Tensor logProbs = PreferenceLoss.sequenceSum(tokenLogProbs, mask);
    double[][] rows = CompletionBatch.toArrays(stack(new TensorVector(logRatios, logProbs, kl), 1));
    metrics.putAll(pairStepMetrics(rows, n, spec.beta()));
    return update;
  }

  /**
   * TRL DPOTrainer's diagnostics under {@code pref/} names, from {@code rows} of (summed log-ratio, summed policy
   * log-prob, summed token KL), chosen completions first: the rewards are β times a side's mean log-ratio, so the margin
   * is their difference, and the log-probs are a side's mean summed log-probability under the policy.
   */
  static Map<String, Double> pairStepMetrics(double[][] rows, int pairs, double beta) {
    double chosenLogRatio = 0;
    double rejectedLogRatio = 0;
    double chosenLogProb = 0;
    double rejectedLogProb = 0;
    double kl = 0;
    int ranked = 0;
    for (int i = 0; i < pairs; i++) {
      double[] chosen = rows[i];
      double[] rejected = rows[pairs + i];
      chosenLogRatio += chosen[0];
      rejectedLogRatio += rejected[0];
      chosenLogProb += chosen[1];
      rejectedLogProb += rejected[1];
      kl += chosen[2] + rejected[2];
      ranked += chosen[0] > rejected[0] ? 1 : 0;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("pref/chosen_reward", beta * chosenLogRatio / pairs);
    metrics.put("pref/rejected_reward", beta * rejectedLogRatio / pairs);
    metrics.put("pref/reward_margin", beta * (chosenLogRatio - rejectedLogRatio) / pairs);
    metrics.put("pref/accuracy", (double) ranked / pairs);
    metrics.put("pref/chosen_logp", chosenLogProb / pairs);
    metrics.put("pref/rejected_logp", rejectedLogProb / pairs);
    metrics.put("rl/kl", kl / (2 * pairs));
    return metrics;
  }

  /**
   * The pair count and, for pairs sampled and scored here, their chosen and rejected completions' mean reward and the
   * share of pairs whose chosen completion solves its problem (a pair can prefer one wrong answer to a worse one).
   */
  private static Map<String, Double> pairMetrics(List<PreferencePair> pairs, Optional<Reward> reward) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("pref/pairs", (double) pairs.size());
    List<PreferencePair.Scores> scores = pairs.stream().flatMap(pair -> pair.scores().stream()).toList();
    if (reward.isPresent() && scores.size() == pairs.size()) {
      metrics.put("pref/pairs_chosen_score", scores.stream().mapToDouble(PreferencePair.Scores::chosen).average()
          .orElseThrow());
      metrics.put("pref/pairs_rejected_score", scores.stream().mapToDouble(PreferencePair.Scores::rejected).average()
          .orElseThrow());
      metrics.put("pref/pairs_chosen_solved",
          scores.stream().filter(score -> reward.get().solved(score.chosen())).count() / (double) pairs.size());
    }
    return metrics;
  }

  private static void evaluate(long step, Gpt policy, Gpt reference, RewardEvaluation evaluation, String task,
      TrainingListener listener, Device device) {
    RewardEvaluation.Greedy greedy = evaluation.greedy(policy);
    RewardEvaluation.Sampled sampled = evaluation.sampled(policy, reference, device);
    listener.onTaskEval(step, task, greedy.accuracy());
    listener.onMetrics(step, Map.of("eval/reward", greedy.reward(), "eval/sampled_reward", sampled.reward(),
        "eval/kl", sampled.kl()));
  }
}
