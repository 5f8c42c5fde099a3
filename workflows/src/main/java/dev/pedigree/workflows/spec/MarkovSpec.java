package dev.pedigree.workflows.spec;

import java.util.Set;

/**
 * The source {@code g-markov} samples (METHODS.md §2.7, "Toward a Theory of Tokenization"): a k-th-order Markov chain
 * over the characters {@code 0} and {@code 1}, each document a fresh stretch of it started from the stationary
 * distribution. Fields omitted keep their defaults.
 *
 * @param order k, how many previous symbols the next one depends on: 1 to 8 (default 2)
 * @param transitions {@code switching} (default, the paper's construction): the next symbol is the one k back, flipped
 *     with probability {@code switchFromZero} if that was {@code 0} and {@code switchFromOne} if it was {@code 1};
 *     {@code random}: each of the 2^k contexts draws its probability of a {@code 1} uniformly from the data seed
 * @param switchFromZero switching: the probability that a {@code 0} k back gives a {@code 1} (default 0.8)
 * @param switchFromOne switching: the probability that a {@code 1} k back gives a {@code 0} (default 0.8)
 * @param length symbols per document, 16 to 100,000 (default 1024); documents have no line break, so the corpus is
 *     nothing but the chain's symbols
 */
public record MarkovSpec(
    Integer order, String transitions, Double switchFromZero, Double switchFromOne, Integer length) {
  public static final String SWITCHING = "switching";
  public static final String RANDOM = "random";
  public static final Set<String> TRANSITIONS = Set.of(SWITCHING, RANDOM);
  public static final int MAX_ORDER = 8;

  public MarkovSpec {
    order = order == null ? 2 : order;
    transitions = transitions == null ? SWITCHING : transitions;
    boolean switching = SWITCHING.equals(transitions);
    switchFromZero = switchFromZero == null && switching ? Double.valueOf(0.8) : switchFromZero;
    switchFromOne = switchFromOne == null && switching ? Double.valueOf(0.8) : switchFromOne;
    length = length == null ? 1024 : length;
  }

  public static MarkovSpec defaults() {
    return new MarkovSpec(null, null, null, null, null);
  }

  /** The paper's switching source of order {@code order}, flipping with probability {@code flip} either way. */
  public static MarkovSpec switching(int order, double flip, int length) {
    return new MarkovSpec(order, SWITCHING, flip, flip, length);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".order", order, 1, MAX_ORDER);
    checks.oneOf(at + ".transitions", transitions, TRANSITIONS);
    if (SWITCHING.equals(transitions)) {
      checkProbability(checks, at + ".switchFromZero", switchFromZero);
      checkProbability(checks, at + ".switchFromOne", switchFromOne);
    } else {
      checks.require(switchFromZero == null, at + ".switchFromZero", "applies to switching transitions only");
      checks.require(switchFromOne == null, at + ".switchFromOne", "applies to switching transitions only");
    }
    checks.range(at + ".length", length, 16, 100_000);
  }

  /** Strictly between 0 and 1, so that every context can follow every other and the chain has one stationary law. */
  private static void checkProbability(SpecChecks checks, String field, double value) {
    checks.require(value > 0 && value < 1, field, "must be above 0 and below 1, was " + value);
  }
}
