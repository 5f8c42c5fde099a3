package dev.pedigree.workers.engine.data;

/**
 * G-noise (METHODS.md §3): 40 to 200 random printable ASCII characters and spaces per line, incompressible data for
 * selection methods to recognise.
 */
public final class GNoiseGenerator implements DocumentGenerator {
  private static final int MIN_LENGTH = 40;
  private static final int MAX_LENGTH = 200;
  private static final double SPACE_SHARE = 0.15;

  private final long seed;

  public GNoiseGenerator(long seed) {
    this.seed = seed;
  }

  @Override
  public String document(long index) {
    SplitMix64 random = SplitMix64.forStream(seed, index);
    int length = MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
    StringBuilder text = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      text.append(random.nextDouble() < SPACE_SHARE ? ' ' : (char) ('!' + random.nextInt('~' - '!' + 1)));
    }
    return text.append('\n').toString();
  }
}
