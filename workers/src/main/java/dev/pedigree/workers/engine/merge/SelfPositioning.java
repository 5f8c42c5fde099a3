package dev.pedigree.workers.engine.merge;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ResumePoint;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.MergeSpec;
import dev.pedigree.workflows.spec.SelfPositioningSpec;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Self-Positioning (METHODS.md §2.4): learns the coefficients λ of {@code θ(λ) = θ0 + Σ_i λ_i τ_i} by Adam on the
 * answer loss of a probe set, with θ0 and the task vectors τ frozen. λ is one number per parent, or one per parent and
 * group of tensors (each transformer block, and one group for the embeddings and the final norm). It starts at
 * {@code scale · w_i}. Every step uses the whole probe set, so the run is deterministic, and a stopped or killed run
 * resumes from a checkpoint of λ and its optimizer state, written every {@code checkpointEvery} steps and at the last.
 */
final class SelfPositioning {
  private static final String LAMBDA = "lambda";

  private final MergeSpec spec;
  private final Map<String, Path> models;
  private final Checkpoints checkpoints;

  /** What the probe training ended with; {@code lambda} is null when it stopped before the last step. */
  record Learned(double[][] lambda, long steps, double loss, CheckpointInfo checkpoint) {
    boolean stopped() {
      return lambda == null;
    }
  }

  SelfPositioning(MergeSpec spec, Map<String, Path> models, Checkpoints checkpoints) {
    this.spec = spec;
    this.models = models;
    this.checkpoints = checkpoints;
  }

  /** The group of tensor {@code name}: its transformer block, or {@code layers} for the others; 0 without perLayer. */
  static int group(String name, int layers, boolean perLayer) {
    if (!perLayer) {
      return 0;
    }
    if (name.startsWith("h.")) {
      return Integer.parseInt(name.substring(2, name.indexOf('.', 2)));
    }
    return layers;
  }

  static int groups(int layers, boolean perLayer) {
    return perLayer ? layers + 1 : 1;
  }

  Learned learn(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    TorchRuntime.initialize();
    SelfPositioningSpec options = spec.selfPositioning();
    Device device = TorchRuntime.device(spec.device());
    int parents = spec.parents().size();
    try (PointerScope runScope = new PointerScope()) {
      ModelFiles.LoadedModel base = ModelFiles.load(models.get(MergeSpec.BASE_ROLE), device);
      GptConfig config = base.config();
      Map<String, Tensor> baseWeights = values(base);
      List<Map<String, Tensor>> taskVectors = new ArrayList<>();
      for (int i = 0; i < parents; i++) {
        Map<String, Tensor> parent = values(ModelFiles.load(models.get(MergeSpec.parentRole(i)), device));
        Map<String, Tensor> taskVector = new LinkedHashMap<>();
        baseWeights.forEach((name, weight) -> taskVector.put(name, parent.get(name).sub(weight)));
        taskVectors.add(taskVector);
      }
      int groups = groups(config.layers(), options.perLayer());
      Parameters lambda = Parameters.allocate(
          List.of(new ParameterShape(LAMBDA, new long[] {parents, groups}, false)), device);
      for (int i = 0; i < parents; i++) {
        lambda.values().view(parents, groups).select(0, i).fill_(new Scalar(spec.scale() * spec.weights().get(i)));
      }
      AdamW optimizer = new AdamW(lambda, 0.0);
      ResumePoint start = resumeFrom
          .map(checkpoint -> Checkpoints.restore(checkpoint, lambda, optimizer))
          .orElse(ResumePoint.initial());
      ProbeSet probe = ProbeSet.of(ProbeSet.problems(options.tasks(), spec.seed(), 0, options.probeSize()),
          base.tokenizer(), config.contextLength(), device);

      long step = start.step();
      listener.onStart(step, options.steps(), TorchRuntime.describe(device));
      double loss = Double.NaN;
      CheckpointInfo lastCheckpoint = null;
      while (step < options.steps()) {
        if (stop.stopRequested()) {
          if (lastCheckpoint == null || lastCheckpoint.step() != step) {
            lastCheckpoint = checkpoints.save(step, 0, lambda, optimizer);
            listener.onCheckpoint(lastCheckpoint);
          }
          return new Learned(null, step, loss, lastCheckpoint);
        }
        long started = System.nanoTime();
        GuardedUpdate.Result update;
        try (PointerScope stepScope = new PointerScope()) {
          lambda.zeroGrads();
          Tensor probeLoss = Gpt.loss(config,
              positioned(baseWeights, taskVectors, lambda.get(LAMBDA), config, options), probe.inputs(),
              probe.targets());
          probeLoss.backward();
          update = GuardedUpdate.apply(probeLoss, lambda.grads(), 0, optimizer, options.learningRate(), step + 1);
          loss = update.loss();
        }
        step++;
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(step, loss, update.gradNorm(), options.learningRate(), probe.inputs().numel() / seconds));
        double[][] current = read(lambda, parents, groups);
        Map<String, Double> means = new LinkedHashMap<>();
        for (int i = 0; i < parents; i++) {
          double sum = 0;
          for (double value : current[i]) {
            sum += value;
          }
          means.put("merge/lambda/" + MergeSpec.parentRole(i), sum / groups);
        }
        listener.onMetrics(step, means);
        if (step % options.checkpointEvery() == 0 || step == options.steps()) {
          lastCheckpoint = checkpoints.save(step, 0, lambda, optimizer);
          listener.onCheckpoint(lastCheckpoint);
        }
      }
      return new Learned(read(lambda, parents, groups), step, loss, lastCheckpoint);
    }
  }

  /** {@code θ0 + Σ λ[i, group] τ_i} per tensor, differentiable in λ. */
  private static Map<String, Tensor> positioned(Map<String, Tensor> base, List<Map<String, Tensor>> taskVectors,
      Tensor lambda, GptConfig config, SelfPositioningSpec options) {
    Map<String, Tensor> weights = new LinkedHashMap<>();
    base.forEach((name, weight) -> {
      Tensor coefficients = lambda.select(1, group(name, config.layers(), options.perLayer()));
      Tensor positioned = weight;
      for (int i = 0; i < taskVectors.size(); i++) {
        positioned = positioned.add(taskVectors.get(i).get(name).mul(coefficients.select(0, i)));
      }
      weights.put(name, positioned);
    });
    return weights;
  }

  private static Map<String, Tensor> values(ModelFiles.LoadedModel model) {
    Parameters parameters = model.model().parameters();
    return parameters.viewsOf(parameters.values());
  }

  private static double[][] read(Parameters lambda, int parents, int groups) {
    FloatBuffer values = Tensors.hostBytes(lambda.values()).order(ByteOrder.nativeOrder()).asFloatBuffer();
    double[][] result = new double[parents][groups];
    for (int i = 0; i < parents; i++) {
      for (int g = 0; g < groups; g++) {
        result[i][g] = values.get(i * groups + g);
      }
    }
    return result;
  }
}
