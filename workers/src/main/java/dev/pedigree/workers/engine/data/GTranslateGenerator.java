package dev.pedigree.workers.engine.data;

import java.util.List;

/**
 * G-translate, a toy for translation directions (METHODS.md §3.4 #2): {@code A>B df bc gh <a>ik pj ol</a>}. A
 * sentence is {@link #WORDS} words of {@link #LETTERS} concept letters each; the three languages write each concept in
 * their own letter (disjoint alphabets, each a substitution cipher of the concepts) and put the words in their own
 * order (A and C as is, B reversed). A direction's tag, e.g. {@code A>B}, opens the prompt.
 */
public final class GTranslateGenerator implements TaskGenerator {
  static final int WORDS = 3;
  static final int LETTERS = 2;
  private static final int CONCEPTS = 8;

  /** A language: the letter of each concept, and the order it writes a sentence's words in. */
  public enum Language {
    A("abcdefgh", new int[] {0, 1, 2}),
    B("mpjonlik", new int[] {2, 1, 0}),
    C("tqxvrwsu", new int[] {0, 1, 2});

    private final String letters;
    private final int[] order;

    Language(String letters, int[] order) {
      this.letters = letters;
      this.order = order;
    }

    /** The sentence of concept letters {@code concepts[word][letter]} written in this language. */
    String write(int[][] concepts) {
      StringBuilder text = new StringBuilder();
      for (int position = 0; position < WORDS; position++) {
        text.append(position == 0 ? "" : " ");
        for (int concept : concepts[order[position]]) {
          text.append(letters.charAt(concept));
        }
      }
      return text.toString();
    }
  }

  /** Translation from one language to another, tagged {@code A>B} in prompts. */
  public record Direction(Language from, Language to) {
    public Direction {
      if (from == to) {
        throw new IllegalArgumentException("a direction needs two languages: " + from);
      }
    }

    public String tag() {
      return from + ">" + to;
    }
  }

  /** The six directions between A, B and C, in the order a report lists them. */
  public static final List<Direction> ALL_DIRECTIONS = List.of(
      new Direction(Language.A, Language.B), new Direction(Language.B, Language.A),
      new Direction(Language.A, Language.C), new Direction(Language.C, Language.A),
      new Direction(Language.B, Language.C), new Direction(Language.C, Language.B));

  private final long seed;
  private final List<Direction> directions;

  /** Problems of {@code directions}, each problem's direction drawn uniformly. */
  public GTranslateGenerator(long seed, List<Direction> directions) {
    if (directions.isEmpty()) {
      throw new IllegalArgumentException("need a direction");
    }
    this.seed = seed;
    this.directions = List.copyOf(directions);
  }

  @Override
  public String task() {
    return "translate";
  }

  @Override
  public TaskProblem problem(long index) {
    SplitMix64 random = SplitMix64.forStream(seed, index);
    Direction direction = directions.get(random.nextInt(directions.size()));
    int[][] concepts = new int[WORDS][LETTERS];
    for (int[] word : concepts) {
      for (int letter = 0; letter < LETTERS; letter++) {
        word[letter] = random.nextInt(CONCEPTS);
      }
    }
    return new TaskProblem(direction.tag() + " " + direction.from().write(concepts), direction.to().write(concepts));
  }
}
