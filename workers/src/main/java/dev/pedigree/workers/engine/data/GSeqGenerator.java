package dev.pedigree.workers.engine.data;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** G-seq (METHODS.md §3): copy, reverse or sort three to eight digits, {@code Q: sort 5 2 8 = <a>2 5 8</a>}. */
public final class GSeqGenerator implements TaskGenerator {
  private static final int MIN_LENGTH = 3;
  private static final int MAX_LENGTH = 8;

  /** The three sequence tasks, named as they appear in prompts. */
  public enum Kind {
    COPY,
    REVERSE,
    SORT;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final long seed;
  private final List<Kind> kinds;

  public GSeqGenerator(long seed) {
    this(seed, EnumSet.allOf(Kind.class));
  }

  public GSeqGenerator(long seed, Set<Kind> kinds) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("need at least one kind of sequence task");
    }
    this.seed = seed;
    this.kinds = List.copyOf(EnumSet.copyOf(kinds));
  }

  @Override
  public String task() {
    return "seq";
  }

  @Override
  public TaskProblem problem(long index) {
    SplitMix64 random = SplitMix64.forStream(seed, index);
    Kind kind = kinds.get(random.nextInt(kinds.size()));
    int[] digits = new int[MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1)];
    Arrays.setAll(digits, i -> random.nextInt(10));
    int[] answer = switch (kind) {
      case COPY -> digits.clone();
      case REVERSE -> IntStream.range(0, digits.length).map(i -> digits[digits.length - 1 - i]).toArray();
      case SORT -> Arrays.stream(digits).sorted().toArray();
    };
    return new TaskProblem("Q: " + kind.word() + " " + spaced(digits) + " =", spaced(answer));
  }

  private static String spaced(int[] digits) {
    return Arrays.stream(digits).mapToObj(Integer::toString).collect(Collectors.joining(" "));
  }
}
