package dev.pedigree.workers.engine.data;

/**
 * SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny generator whose output is fixed by its definition, so generated
 * data and data order never change with the JDK.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** A generator for stream {@code stream} of {@code seed}; distinct streams are statistically independent. */
  public static SplitMix64 forStream(long seed, long stream) {
    return new SplitMix64(mix(seed ^ mix(stream + GOLDEN_GAMMA)));
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in {@code [0, 1)}. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
