package dev.pedigree.workers.engine;

import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.SampleOrder;
import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GradientClipping;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SpecError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Pretrains a byte-level GPT on a generated corpus, nanoGPT style: one loop, top to bottom. Side concerns (heartbeats,
 * metrics, cancellation) are the listener's and the stop signal's. A step sums the gradients of
 * {@code gradAccumulation} micro-batches, each loss scaled by 1/k, so it matches one k-times larger batch. On the CPU a
 * run resumed from a checkpoint ends with weights bit-identical to an uninterrupted run.
 */
public final class Trainer implements TrainingJob {
  private final PretrainSpec spec;
  private final Path workDir;

  /** @param workDir where this run's checkpoints and final model go */
  public Trainer(PretrainSpec spec, Path workDir) {
    List<SpecError> errors = spec.validate("$");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid pretrain spec: " + errors);
    }
    this.spec = spec;
    this.workDir = workDir;
  }

  @Override
  public TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    TorchRuntime.initialize();
    OptimizationSpec training = spec.training();
    long totalSteps = training.steps();
    int batchSize = training.batchSize();
    int accumulation = training.gradAccumulation();
    long samplesPerStep = (long) accumulation * batchSize;
    Device device = TorchRuntime.device(spec.device());
    Checkpoints checkpoints = new Checkpoints(workDir, SpecJson.of(spec));
    LearningRateSchedule schedule =
        new LearningRateSchedule(training.learningRate(), training.warmupSteps(), totalSteps);

    Dataset dataset = Dataset.prepare(spec.data(), spec.model().contextLength(), workDir);
    TokenWindows trainWindows = dataset.train();
    SampleOrder order = new SampleOrder(trainWindows.count(), training.seed());
    Validation validation = new Validation(dataset.validation(), batchSize);
    Optional<TaskEvaluation> taskEvaluation =
        TaskEvaluation.of(spec.data(), dataset.tokenizer(), spec.model().contextLength());

    try (PointerScope runScope = new PointerScope()) {
      GptConfig config = GptConfig.of(spec.model(), dataset.tokenizer().vocabSize());
      Gpt model = Gpt.initialize(config, training.seed(), device);
      AdamW optimizer = new AdamW(model.parameters(), training.weightDecay());
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, model.parameters(), optimizer))
          .orElse(ResumePoint.initial());
      long step = start.step();
      long cursor = start.dataCursor();
      listener.onStart(step, totalSteps, device.is_cuda() ? "cuda" : "cpu");

      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < totalSteps) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, cursor, model.parameters(), optimizer);
            listener.onCheckpoint(lastCheckpoint);
          }
          return new TrainingSummary(step, loss, true, lastCheckpoint, null, null);
        }
        double learningRate = schedule.at(step);
        long started = System.nanoTime();
        try (PointerScope stepScope = new PointerScope()) {
          model.parameters().zeroGrads();
          Tensor lossSum = zeros(new long[] {}, Tensors.options(ScalarType.Float, device));
          for (int micro = 0; micro < accumulation; micro++) {
            try (PointerScope microScope = new PointerScope()) {
              Batch batch = Batch.of(trainWindows, order.batchAt(cursor + (long) micro * batchSize, batchSize), device);
              Tensor microLoss;
              try (Autocast autocast = Autocast.bf16On(device)) {
                microLoss = model.loss(batch.inputs(), batch.targets());
              }
              microLoss.div(new Scalar(accumulation)).backward();
              lossSum.add_(microLoss.detach());
            }
          }
          GradientClipping.clipGlobalNorm(model.parameters().grads(), training.gradClip());
          optimizer.step(learningRate);
          loss = lossSum.item_double() / accumulation;
        }
        cursor += samplesPerStep;
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, learningRate, samplesPerStep * config.contextLength() / seconds));

        if (step % training.evalEvery() == 0 || step == totalSteps) {
          Validation.Report report = validation.evaluate(step, model, device);
          listener.onEval(report.metrics());
          listener.onTokenStats(step, report.lossByPosition(), report.meanEntropy());
          if (taskEvaluation.isPresent()) {
            TaskEvaluation.TaskAccuracy accuracy = taskEvaluation.get().evaluate(model, device);
            listener.onTaskEval(step, accuracy.task(), accuracy.accuracy());
          }
        }
        if (step % training.checkpointEvery() == 0 || step == totalSteps) {
          lastCheckpoint = checkpoints.save(step, cursor, model.parameters(), optimizer);
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      Checkpoints.ModelFile modelFile = checkpoints.exportModel(step, config, dataset.tokenizer(), model.parameters());
      return new TrainingSummary(step, loss, false, lastCheckpoint, modelFile.path(), modelFile.digest().sha256());
    }
  }
}
