package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.SplitMix64;

/** Fisher-Yates in place, driven by a {@link SplitMix64}, so an order is a pure function of its seed. */
final class SeededShuffle {
  private SeededShuffle() {}

  static void shuffle(int[] values, SplitMix64 random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
