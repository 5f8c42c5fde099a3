package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randint;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GradientClipping;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Training steps of the engine's GPT as the {@code Trainer} takes them (zeroed flat gradients, forward under bf16
 * autocast on CUDA, backward, global-norm clipping, flat-buffer AdamW), on one fixed random batch kept on the device,
 * so the rate is the model's and the optimizer's and not the data pipeline's. Unlike the {@code Trainer} it reads the
 * loss back only at the first and the last step, as gpt_twin.py does.
 */
final class TwinTraining {
  static final double LEARNING_RATE = 3e-4;
  static final double WEIGHT_DECAY = 0.1;
  static final double GRAD_CLIP = 1.0;
  static final long INIT_SEED = 1234;
  static final long DATA_SEED = 5678;

  private TwinTraining() {}

  /** What a step's phases take, in the order of {@link #step}, when the device is synced after each. */
  static final List<String> PHASES = List.of("zero_grad", "forward", "backward", "clip", "optimizer");
  static final int PHASE_STEPS = 10;

  /**
   * @param windowRates tokens per second of each window of {@code windowSteps} steps after the warm-up
   * @param phaseMillis mean milliseconds of each of {@link #PHASES} over {@value #PHASE_STEPS} steps after the windows,
   *     synced after every phase (so launches cannot overlap the previous phase's kernels: the sum exceeds a step)
   */
  record Result(double[] windowRates, double firstLoss, double lastLoss, double[] phaseMillis) {
    double medianRate() {
      return Stats.median(windowRates);
    }
  }

  static Result measure(GptConfig config, int batch, Device device, int warmup, int windowSteps, int windows) {
    try (PointerScope runScope = new PointerScope()) {
      Gpt model = Gpt.initialize(config, INIT_SEED, device, TorchRuntime.trainingWeightType(device));
      AdamW optimizer = new AdamW(model.parameters(), WEIGHT_DECAY);
      // Drawn on the CPU from a seeded generator, so the twin can draw the same tokens.
      Tensor data = randint(config.vocabSize(), new long[] {batch, config.contextLength() + 1},
          new GeneratorOptional(make_generator_cpu(DATA_SEED)), Tensors.options(ScalarType.Long, new Device("cpu")))
          .to(device, ScalarType.Long);
      Tensor tokens = data.narrow(1, 0, config.contextLength());
      Tensor targets = data.narrow(1, 1, config.contextLength());

      long tokensPerStep = (long) batch * config.contextLength();
      double[] rates = new double[windows];
      double firstLoss = Double.NaN;
      double lastLoss = Double.NaN;
      int total = warmup + windows * windowSteps;
      long windowStart = 0;
      for (int step = 0; step < total; step++) {
        int measured = step - warmup;
        if (measured >= 0 && measured % windowSteps == 0) {
          DeviceSync.await(device);
          windowStart = System.nanoTime();
        }
        try (PointerScope stepScope = new PointerScope()) {
          Tensor loss = step(model, optimizer, tokens, targets, device);
          if (step == 0) {
            firstLoss = loss.item_double();
          } else if (step == total - 1) {
            lastLoss = loss.item_double();
          }
        }
        if (measured >= 0 && measured % windowSteps == windowSteps - 1) {
          DeviceSync.await(device);
          rates[measured / windowSteps] = tokensPerStep * windowSteps / ((System.nanoTime() - windowStart) / 1e9);
        }
      }
      return new Result(rates, firstLoss, lastLoss, phases(model, optimizer, tokens, targets, device));
    }
  }

  private static double[] phases(Gpt model, AdamW optimizer, Tensor tokens, Tensor targets, Device device) {
    double[] millis = new double[PHASES.size()];
    for (int step = 0; step < PHASE_STEPS; step++) {
      try (PointerScope stepScope = new PointerScope()) {
        long[] marks = new long[PHASES.size() + 1];
        DeviceSync.await(device);
        marks[0] = System.nanoTime();
        model.parameters().zeroGrads();
        marks[1] = synced(device);
        Tensor loss;
        try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
          loss = model.loss(tokens, targets);
        }
        marks[2] = synced(device);
        loss.backward();
        marks[3] = synced(device);
        GradientClipping.clipGlobalNorm(model.parameters().grads(), GRAD_CLIP);
        marks[4] = synced(device);
        optimizer.step(LEARNING_RATE);
        marks[5] = synced(device);
        for (int phase = 0; phase < millis.length; phase++) {
          millis[phase] += (marks[phase + 1] - marks[phase]) / 1e6 / PHASE_STEPS;
        }
      }
    }
    return millis;
  }

  private static long synced(Device device) {
    DeviceSync.await(device);
    return System.nanoTime();
  }

  private static Tensor step(Gpt model, AdamW optimizer, Tensor tokens, Tensor targets, Device device) {
    model.parameters().zeroGrads();
    Tensor loss;
    try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
      loss = model.loss(tokens, targets);
    }
    loss.backward();
    GradientClipping.clipGlobalNorm(model.parameters().grads(), GRAD_CLIP);
    optimizer.step(LEARNING_RATE);
    return loss;
  }
}
