package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.GArithGenerator.Operation;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.MarkovSpec;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The generator a {@code DataSpec} or a {@code DomainSpec} names. */
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
      case DataSpec.MARKOV -> new GMarkovGenerator(seed, MarkovSpec.defaults());
      default -> throw new IllegalArgumentException("unknown generator: " + name);
    };
  }

  /** The generator of a single-source corpus, with its Markov source when it is {@code g-markov}. */
  public static DocumentGenerator of(DataSpec data) {
    return data.generator().equals(DataSpec.MARKOV)
        ? new GMarkovGenerator(data.seed(), data.markov()) : of(data.generator(), data.seed());
  }

  /** The domain's generator with its options; those it omits keep the generator's defaults. */
  public static DocumentGenerator of(DomainSpec domain) {
    long seed = domain.seed();
    return switch (domain.generator()) {
      case "g-arith" -> new GArithGenerator(seed,
          domain.operations().isEmpty() ? EnumSet.allOf(Operation.class) : named(domain, Operation.class),
          domain.carryHeavyShare() == null ? GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE : domain.carryHeavyShare());
      case "g-seq" -> domain.operations().isEmpty()
          ? new GSeqGenerator(seed) : new GSeqGenerator(seed, named(domain, GSeqGenerator.Kind.class));
      case "g-dup" -> new GDupGenerator(seed,
          domain.poolSize() == null ? GDupGenerator.DEFAULT_POOL_SIZE : domain.poolSize());
      default -> of(domain.generator(), seed);
    };
  }

  private static <E extends Enum<E>> Set<E> named(DomainSpec domain, Class<E> type) {
    Set<E> values = EnumSet.noneOf(type);
    domain.operations().forEach(name -> values.add(Enum.valueOf(type, name.toUpperCase(Locale.ROOT))));
    return values;
  }
}
