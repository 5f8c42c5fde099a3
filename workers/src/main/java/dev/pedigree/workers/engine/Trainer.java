package dev.pedigree.workers.engine;

import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.optim.Optimizer;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.optim.StateBytesReport;
import dev.pedigree.workers.engine.selection.BatchSampler;
import dev.pedigree.workers.engine.selection.MicroBatchLoss;
import dev.pedigree.workers.engine.selection.SampleWeightQuantiles;
import dev.pedigree.workers.engine.selection.SampledBatch;
import dev.pedigree.workers.engine.selection.SelectionStrategies;
import dev.pedigree.workers.engine.selection.SelectionStrategy;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Pretrains a GPT, nanoGPT style: one loop, top to bottom. What each batch holds and how much each sample counts is
 * the spec's selection strategy's. Side concerns (heartbeats,
 * metrics, cancellation) are the listener's and the stop signal's. A step sums the gradients of
 * {@code gradAccumulation} micro-batches, each loss scaled by 1/k, so it matches one k-times larger batch. On the CPU a
 * run resumed from a checkpoint ends with weights bit-identical to an uninterrupted run.
 */
public final class Trainer implements TrainingJob {
  private final PretrainSpec spec;
  private final List<Path> references;
  private final Optional<Path> segmentStart;
  private final Path workDir;

  /** @param workDir where this run's checkpoints and final model go */
  public Trainer(PretrainSpec spec, Path workDir) {
    this(spec, Map.of(), workDir);
  }

  /**
   * @param models the run's input models as local files, by role: {@code reference.<i>} for each reference model a
   *     {@code preselect} selection names, {@code continue} for the checkpoint a segment starts from
   * @param workDir where this run's checkpoints and final model go
   */
  public Trainer(PretrainSpec spec, Map<String, Path> models, Path workDir) {
    spec.requireValid();
    this.spec = spec;
    List<Path> inputs = spec.modelInputs("$.spec").stream().map(input -> {
      Path file = models.get(input.role());
      if (file == null) {
        throw new IllegalArgumentException("no model file for " + input.role() + " (" + input.field() + ")");
      }
      return file;
    }).toList();
    boolean continues = spec.segment() != null && spec.segment().checkpoint() != null;
    this.references = continues ? inputs.subList(0, inputs.size() - 1) : inputs;
    this.segmentStart = continues ? Optional.of(inputs.get(inputs.size() - 1)) : Optional.empty();
    this.workDir = workDir;
  }

  @Override
  public TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    TorchRuntime.initialize();
    OptimizationSpec training = spec.training();
    long totalSteps = spec.totalSteps();
    int batchSize = training.batchSize();
    int accumulation = training.gradAccumulation();
    long samplesPerStep = (long) accumulation * batchSize;
    Device device = TorchRuntime.device(spec.device());
    Checkpoints checkpoints = new Checkpoints(workDir, SpecJson.of(spec));
    LearningRateSchedule schedule =
        new LearningRateSchedule(training.learningRate(), training.warmupSteps(), training.steps());

    Dataset dataset = Dataset.prepare(spec.data(), spec.model().contextLength(), workDir);
    dataset.tokenizerFile().ifPresent(listener::onTokenizer);
    Evaluations evaluations =
        Evaluations.of(spec.data(), dataset, training.batchSize(), spec.model().contextLength());

    try (PointerScope runScope = new PointerScope()) {
      GptConfig config = GptConfig.of(spec.model(), dataset.tokenizer().vocabSize());
      Gpt model = Gpt.initialize(config, training.seed(), device, TorchRuntime.trainingWeightType(device));
      Optimizer optimizer = Optimizers.of(training, model.parameters());
      SelectionStrategy selection = SelectionStrategies.of(spec, dataset, references, device);
      selection.saveScorer(workDir).ifPresent(listener::onScorer);
      listener.onDatasets(DatasetSource.of(spec.data(), spec.selection(), training.seed(),
          spec.model().contextLength(), dataset.tokenizer()));
      BatchSampler sampler = SelectionStrategies.sampler(dataset, training.seed(), selection);
      // A retried attempt resumes from its own checkpoint, which is past the one its segment started from.
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, model.parameters(), optimizer))
          .or(() -> segmentStart.map(checkpoint ->
              SegmentStart.restore(checkpoint, spec, model.parameters(), optimizer)))
          .orElse(ResumePoint.initial());
      if (resumeFrom.isPresent() || segmentStart.isPresent()) {
        selection.restore(start.state());
      }
      long step = start.step();
      long cursor = start.dataCursor();
      listener.onStart(step, totalSteps, TorchRuntime.describe(device));
      StateBytesReport stateBytes = new StateBytesReport(optimizer, step == 0);
      stateBytes.reportTo(listener, step);
      // A resumed attempt's start points are on the curve from the first attempt; one at the resume step would stray.
      if (step == 0) {
        reportMixture(listener, dataset, step, selection.samplingWeights());
        Map<String, Double> measured = selection.startMetrics();
        if (!measured.isEmpty()) {
          listener.onMetrics(step, measured);
        }
      }

      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < totalSteps) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, cursor, model.parameters(), optimizer, selection.state());
            listener.onCheckpoint(lastCheckpoint);
          }
          return new TrainingSummary(step, loss, true, lastCheckpoint, null, null);
        }
        long started = System.nanoTime();
        long updatedAt = step;
        selection.beforeStep(step, model).ifPresent(mixture -> reportMixture(listener, dataset, updatedAt, mixture));
        double learningRate = schedule.at(step);
        List<double[]> sampleWeights = new ArrayList<>();
        GuardedUpdate.Result update;
        try (PointerScope stepScope = new PointerScope()) {
          model.parameters().zeroGrads();
          Tensor lossSum = zeros(new long[] {}, Tensors.options(ScalarType.Float, device));
          for (int micro = 0; micro < accumulation; micro++) {
            try (PointerScope microScope = new PointerScope()) {
              SampledBatch batch = sampler.batchAt(cursor + (long) micro * batchSize, batchSize, device);
              MicroBatchLoss microLoss = selection.loss(model, batch);
              microLoss.objective().div(new Scalar(accumulation)).backward();
              model.parameters().accumulateGrads();
              lossSum.add_(microLoss.meanLoss());
              long trainedStep = step + 1;
              microLoss.samples().ifPresent(samples -> {
                listener.onSampleLosses(trainedStep, samples.sampleIds(), samples.losses(), samples.weights());
                sampleWeights.add(samples.weights());
              });
            }
          }
          update = GuardedUpdate.apply(
              lossSum, model.parameters().grads(), training.gradClip(), optimizer, learningRate, step + 1);
          loss = update.loss() / accumulation;
        }
        cursor += samplesPerStep;
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, update.gradNorm(), learningRate, samplesPerStep * config.contextLength() / seconds));
        stateBytes.reportTo(listener, step);
        if (!sampleWeights.isEmpty()) {
          listener.onMetrics(step,
              SampleWeightQuantiles.of(sampleWeights.stream().flatMapToDouble(Arrays::stream).toArray()));
        }

        if (step % training.evalEvery() == 0 || step == totalSteps) {
          evaluations.evaluate(step, model, device, listener);
        }
        if (step % training.checkpointEvery() == 0 || step == totalSteps) {
          lastCheckpoint = checkpoints.save(step, cursor, model.parameters(), optimizer, selection.state());
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      Checkpoints.ModelFile modelFile = checkpoints.exportModel(step, config, dataset.tokenizer(), model.parameters());
      return new TrainingSummary(step, loss, false, lastCheckpoint, modelFile.path(), modelFile.digest().sha256());
    }
  }

  private static void reportMixture(TrainingListener listener, Dataset dataset, long step, double[] mixture) {
    if (dataset.domains().isEmpty()) {
      return;
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int domain = 0; domain < mixture.length; domain++) {
      weights.put(dataset.domains().get(domain).name(), mixture[domain]);
    }
    listener.onDomainWeights(step, weights);
  }
}
