package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GradientClipping;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * PreSelect's model family, trained by the run itself: {@code models} GPTs of 1 layer and d=32, model {@code i} of K
 * for {@code steps * (i + 1) / K} steps from its own seed, on windows drawn uniformly from the pool. Each model's
 * ability is minus its mean token loss on (up to 256 windows of) the target set's training split; each pool window's
 * bits per byte are measured under every model. A spec may name the reference models as artifacts instead; they are
 * measured the same way.
 */
final class ReferenceFamily {
  private static final long SALT = 0x7072657365656c63L;
  private static final double LEARNING_RATE = 1e-2;
  private static final int SCORING_ROWS = 128;
  private static final int ABILITY_WINDOWS = 256;

  /**
   * @param ability per model, higher is better
   * @param bitsPerByte per model, per pool index
   */
  record Measurements(double[] ability, double[][] bitsPerByte) {}

  private ReferenceFamily() {}

  static Measurements measure(Pool pool, Domain target, int models, int steps, int batchSize, long seed,
      GptConfig runShape, Device device) {
    GptConfig shape = new GptConfig(1, 32, 2, runShape.contextLength(), runShape.vocabSize());
    double[] ability = new double[models];
    double[][] bitsPerByte = new double[models][];
    for (int model = 0; model < models; model++) {
      long modelSeed = SplitMix64.forStream(seed ^ SALT, model).nextLong();
      int modelSteps = Math.max(1, steps * (model + 1) / models);
      try (PointerScope modelScope = new PointerScope()) {
        Gpt reference = train(pool, shape, modelSteps, batchSize, modelSeed, device);
        ability[model] = -mean(targetLosses(reference, target, device));
        bitsPerByte[model] = bitsPerByte(reference, pool, runShape.contextLength(), device);
      }
    }
    return new Measurements(ability, bitsPerByte);
  }

  /**
   * The same measurements with reference models loaded from {@code files} instead of trained here.
   *
   * @throws IllegalArgumentException when a model's tokenizer is not the run's, or its context is shorter than the
   *     run's windows
   */
  static Measurements measure(Pool pool, Domain target, List<Path> files, Tokenizer runTokenizer, GptConfig runShape,
      Device device) {
    double[] ability = new double[files.size()];
    double[][] bitsPerByte = new double[files.size()][];
    for (int model = 0; model < files.size(); model++) {
      Path file = files.get(model);
      try (PointerScope modelScope = new PointerScope()) {
        ModelFiles.LoadedModel loaded = ModelFiles.load(file, device);
        if (!Arrays.equals(loaded.tokenizer().toJson(), runTokenizer.toJson())) {
          throw new IllegalArgumentException("reference model " + model + " (" + file + ") has tokenizer sha256 "
              + loaded.tokenizer().sha256() + " (vocab " + loaded.tokenizer().vocabSize() + "), the run's is "
              + runTokenizer.sha256() + " (vocab " + runTokenizer.vocabSize() + "): a preselect reference must share"
              + " the run's tokenizer");
        }
        if (loaded.config().contextLength() < runShape.contextLength()) {
          throw new IllegalArgumentException("reference model " + model + " (" + file + ") has context length "
              + loaded.config().contextLength() + ", the run's windows need " + runShape.contextLength());
        }
        ability[model] = -mean(targetLosses(loaded.model(), target, device));
        bitsPerByte[model] = bitsPerByte(loaded.model(), pool, runShape.contextLength(), device);
      }
    }
    return new Measurements(ability, bitsPerByte);
  }

  private static Gpt train(Pool pool, GptConfig shape, int steps, int batchSize, long seed, Device device) {
    Gpt model = Gpt.initialize(shape, seed, device);
    AdamW optimizer = new AdamW(model.parameters(), 0.0);
    LearningRateSchedule schedule = new LearningRateSchedule(LEARNING_RATE, Math.min(10, steps / 10), steps);
    for (int step = 0; step < steps; step++) {
      try (PointerScope stepScope = new PointerScope()) {
        SplitMix64 random = SplitMix64.forStream(seed, step);
        int[] draws = IntStream.range(0, batchSize).map(row -> random.nextInt(pool.size())).toArray();
        Batch batch = Batch.of(pool.tokens(draws), batchSize, device);
        model.parameters().zeroGrads();
        model.loss(batch.inputs(), batch.targets()).backward();
        GradientClipping.clipGlobalNorm(model.parameters().grads(), 1.0);
        optimizer.step(schedule.at(step));
      }
    }
    return model;
  }

  private static double[] targetLosses(Gpt model, Domain target, Device device) {
    int[] windows = IntStream.range(0, Math.min(ABILITY_WINDOWS, target.train().count())).toArray();
    return WindowLosses.of(model, target.train().gather(windows), windows.length, device);
  }

  /** @param tokens the predicted tokens of each pool window */
  private static double[] bitsPerByte(Gpt model, Pool pool, int tokens, Device device) {
    double[] bits = new double[pool.size()];
    for (int start = 0; start < pool.size(); start += SCORING_ROWS) {
      int[] rows = IntStream.range(start, Math.min(pool.size(), start + SCORING_ROWS)).toArray();
      double[] losses = WindowLosses.of(model, pool.tokens(rows), rows.length, device);
      for (int row = 0; row < rows.length; row++) {
        bits[rows[row]] = losses[row] * tokens / Math.log(2) / Math.max(1, pool.targetBytes(rows[row]));
      }
    }
    return bits;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
