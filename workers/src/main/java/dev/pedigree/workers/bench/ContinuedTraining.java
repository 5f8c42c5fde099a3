package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.data.ArrayTokens;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GradientClipping;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * A few steps of next-token training of a model in place, on documents in its own tokenizer: how fast a transplant's
 * head start (or handicap) washes out. AdamW without weight decay, a short warmup and cosine decay, clipping at 1;
 * windows drawn by a seeded stream, so every arm of a seed sees the same documents.
 */
final class ContinuedTraining {
  static final double LEARNING_RATE = 1e-3;
  private static final Device CPU = new Device("cpu");

  private ContinuedTraining() {}

  static void train(Gpt model, Tokenizer tokenizer, List<String> documents, int steps, long seed) {
    TokenWindows windows =
        new TokenWindows(ArrayTokens.encode(documents, tokenizer), tokenizer, model.config().contextLength());
    AdamW optimizer = new AdamW(model.parameters(), 0.0);
    LearningRateSchedule schedule = new LearningRateSchedule(LEARNING_RATE, Math.min(5, steps / 10), steps);
    for (int step = 0; step < steps; step++) {
      try (PointerScope scope = new PointerScope()) {
        SplitMix64 random = SplitMix64.forStream(seed, step);
        int[] samples =
            IntStream.range(0, TransplantBench.BATCH).map(row -> random.nextInt(windows.count())).toArray();
        Batch batch = Batch.of(windows, samples, CPU);
        model.parameters().zeroGrads();
        model.loss(batch.inputs(), batch.targets()).backward();
        GradientClipping.clipGlobalNorm(model.parameters().grads(), 1.0);
        optimizer.step(schedule.at(step));
      }
    }
  }
}
