package dev.pedigree.workers.engine.data;

/** The generator a {@code DataSpec} names. */
public final class Generators {
  private Generators() {}

  public static DocumentGenerator of(String name, long seed) {
    return switch (name) {
      case "g-text" -> new GTextGenerator(seed);
      case "g-arith" -> new GArithGenerator(seed);
      case "g-seq" -> new GSeqGenerator(seed);
      case "g-dup" -> new GDupGenerator(seed);
      case "g-noise" -> new GNoiseGenerator(seed);
      case "g-facts" -> new GFactsGenerator(seed);
      default -> throw new IllegalArgumentException("unknown generator: " + name);
    };
  }
}
