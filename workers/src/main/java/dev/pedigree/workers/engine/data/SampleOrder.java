package dev.pedigree.workers.engine.data;

/**
 * The order in which training samples are consumed: each epoch is a permutation of all sample ids drawn from
 * {@code (seed, epoch)}. The sample at a cursor (samples consumed so far) is a pure function of seed and cursor, so a
 * resumed run that restores the cursor continues exactly where the interrupted one stopped.
 */
public final class SampleOrder {
  private final int sampleCount;
  private final long seed;
  private long cachedEpoch = -1;
  private int[] permutation;

  public SampleOrder(int sampleCount, long seed) {
    if (sampleCount < 1) {
      throw new IllegalArgumentException("need at least one sample");
    }
    this.sampleCount = sampleCount;
    this.seed = seed;
  }

  public int sampleAt(long cursor) {
    long epoch = cursor / sampleCount;
    if (epoch != cachedEpoch) {
      permutation = permutation(epoch);
      cachedEpoch = epoch;
    }
    return permutation[(int) (cursor % sampleCount)];
  }

  /** The {@code size} samples starting at {@code cursor}. */
  public int[] batchAt(long cursor, int size) {
    int[] samples = new int[size];
    for (int i = 0; i < size; i++) {
      samples[i] = sampleAt(cursor + i);
    }
    return samples;
  }

  private int[] permutation(long epoch) {
    int[] order = new int[sampleCount];
    for (int i = 0; i < sampleCount; i++) {
      order[i] = i;
    }
    SplitMix64 random = SplitMix64.forStream(seed, epoch);
    for (int i = sampleCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
