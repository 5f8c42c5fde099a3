package dev.pedigree.workers.engine.distill;

import static org.bytedeco.pytorch.global.torch.zeros;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.Evaluations;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.data.SampleOrder;
import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.optim.Optimizer;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.optim.StateBytesReport;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Distils frozen teachers into a student on the spec's data, in {@link dev.pedigree.workers.engine.Trainer}'s loop
 * shape: gradient accumulation, clipping, AdamW with warmup and cosine decay, evaluation of the student every
 * {@code evalEvery} steps, checkpoints, and a stop checked at step boundaries. Per step it reports the training loss
 * and, through {@link TrainingListener#onMetrics}, the per-token values of {@link TokenLosses.PerToken#metrics()}
 * averaged over the step's tokens. Off-policy it reads {@code data} windows; on-policy ({@code onPolicy}) the student
 * first samples completions of the data generator's prompts ({@link OnPolicyCompletions}) and the loss is taken on
 * their tokens, the cursor then counting prompts. Teachers, data order, prompts and sampling streams are fixed by the
 * spec and the cursor, so a run resumed from a checkpoint ends bit-identical to an uninterrupted one on the CPU.
 */
public final class DistillJob implements TrainingJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DistillSpec spec;
  private final Map<String, Path> models;
  private final Path workDir;

  /**
   * @param models each input role's local model file ({@code teacher.0}, {@code dpo}, {@code student} …)
   * @param workDir where this run's checkpoints and final model go
   */
  public DistillJob(DistillSpec spec, Map<String, Path> models, Path workDir) {
    spec.requireValid();
    this.spec = spec;
    this.models = Map.copyOf(models);
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
    Checkpoints checkpoints = new Checkpoints(workDir, specJson());
    LearningRateSchedule schedule =
        new LearningRateSchedule(training.learningRate(), training.warmupSteps(), totalSteps);

    try (PointerScope runScope = new PointerScope()) {
      Dataset dataset = Dataset.prepare(spec.data(), DistillModels.studentContextLength(spec, models), workDir);
      listener.onDatasets(DatasetSource.of(spec.data()));
      DistillModels loaded = DistillModels.load(spec, models, dataset.tokenizer(), device);
      Gpt student = loaded.student();
      int contextLength = student.config().contextLength();
      TokenWindows trainWindows = dataset.train();
      SampleOrder order = new SampleOrder(trainWindows.count(), training.seed());
      OnPolicyCompletions onPolicy =
          spec.onPolicy() == null ? null : new OnPolicyCompletions(spec, loaded.tokenizer());
      Evaluations evaluations = Evaluations.of(spec.data(), dataset, batchSize, contextLength);

      Optimizer optimizer = Optimizers.of(training, student.parameters());
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, student.parameters(), optimizer))
          .orElse(ResumePoint.initial());
      long step = start.step();
      long cursor = start.dataCursor();
      listener.onStart(step, totalSteps, TorchRuntime.describe(device));
      StateBytesReport stateBytes = new StateBytesReport(optimizer, step == 0);
      stateBytes.reportTo(listener, step);

      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < totalSteps) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, cursor, student.parameters(), optimizer);
            listener.onCheckpoint(lastCheckpoint);
          }
          return new TrainingSummary(step, loss, true, lastCheckpoint, null, null);
        }
        double learningRate = schedule.at(step);
        long started = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        GuardedUpdate.Result update;
        try (PointerScope stepScope = new PointerScope()) {
          student.parameters().zeroGrads();
          Tensor lossSum = zeros(new long[] {}, Tensors.options(ScalarType.Float, device));
          for (int micro = 0; micro < accumulation; micro++) {
            try (PointerScope microScope = new PointerScope()) {
              long first = cursor + (long) micro * batchSize;
              DistillTokens tokens = onPolicy == null
                  ? new DistillTokens.Windows(Batch.of(trainWindows, order.batchAt(first, batchSize), device))
                  : onPolicy.sample(student, first, batchSize, step * accumulation + micro, device);
              TokenLosses.PerToken perToken = loaded.target().perToken(tokens.scores(student), tokens);
              Tensor microLoss = tokens.mean(perToken.loss());
              microLoss.div(new Scalar(accumulation)).backward();
              lossSum.add_(microLoss.detach());
              perToken.metrics().forEach((key, values) ->
                  metrics.merge(key, tokens.mean(values.detach()).item_double() / accumulation, Double::sum));
            }
          }
          update = GuardedUpdate.apply(
              lossSum, student.parameters().grads(), training.gradClip(), optimizer, learningRate, step + 1);
          loss = update.loss() / accumulation;
        }
        cursor += samplesPerStep;
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, update.gradNorm(), learningRate, samplesPerStep * contextLength / seconds));
        stateBytes.reportTo(listener, step);
        listener.onMetrics(step, metrics);

        if (step % training.evalEvery() == 0 || step == totalSteps) {
          evaluations.evaluate(step, student, device, listener);
        }
        if (step % training.checkpointEvery() == 0 || step == totalSteps) {
          lastCheckpoint = checkpoints.save(step, cursor, student.parameters(), optimizer);
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      Checkpoints.ModelFile modelFile =
          checkpoints.exportModel(step, student.config(), loaded.tokenizer(), student.parameters());
      return new TrainingSummary(step, loss, false, lastCheckpoint, modelFile.path(), modelFile.digest().sha256());
    }
  }

  private String specJson() {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec cannot be written as JSON", e);
    }
  }
}
