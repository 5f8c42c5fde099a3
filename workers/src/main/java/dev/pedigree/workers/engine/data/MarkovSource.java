package dev.pedigree.workers.engine.data;

import dev.pedigree.workflows.spec.MarkovSpec;

/**
 * A k-th-order Markov chain over the symbols 0 and 1, given by the probability of a 1 after each of the 2^k contexts,
 * and the information-theoretic floor a model of it can reach. A context is the last k symbols as bits, the newest in
 * bit 0.
 */
public final class MarkovSource {
  /** Documents draw from streams 0, 1, …; a random transition table from this one. */
  private static final long TRANSITIONS_STREAM = -1;

  private final int order;
  private final double[] probabilityOfOne;
  private final double[] stationary;

  /** @param probabilityOfOne the probability of a 1 after each context, all strictly between 0 and 1 */
  public MarkovSource(int order, double[] probabilityOfOne) {
    if (order < 1 || order > MarkovSpec.MAX_ORDER || probabilityOfOne.length != 1 << order) {
      throw new IllegalArgumentException(
          "order " + order + " needs 2^order probabilities, got " + probabilityOfOne.length);
    }
    for (double probability : probabilityOfOne) {
      if (!(probability > 0 && probability < 1)) {
        throw new IllegalArgumentException("transition probabilities must be strictly between 0 and 1: " + probability);
      }
    }
    this.order = order;
    this.probabilityOfOne = probabilityOfOne.clone();
    this.stationary = stationaryOf(this.probabilityOfOne);
  }

  /** The chain {@code spec} describes; random transitions come from {@code seed}. */
  public static MarkovSource of(MarkovSpec spec, long seed) {
    int contexts = 1 << spec.order();
    double[] probabilityOfOne = new double[contexts];
    if (spec.transitions().equals(MarkovSpec.RANDOM)) {
      SplitMix64 random = SplitMix64.forStream(seed, TRANSITIONS_STREAM);
      for (int context = 0; context < contexts; context++) {
        probabilityOfOne[context] = ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
      }
    } else {
      for (int context = 0; context < contexts; context++) {
        boolean oldestIsOne = (context >>> (spec.order() - 1) & 1) == 1;
        probabilityOfOne[context] = oldestIsOne ? 1 - spec.switchFromOne() : spec.switchFromZero();
      }
    }
    return new MarkovSource(spec.order(), probabilityOfOne);
  }

  public int order() {
    return order;
  }

  /** The long-run share of each context. */
  public double[] stationary() {
    return stationary.clone();
  }

  /** The entropy rate in bits per symbol, the cross-entropy of a model that knows the chain: Σ π(c) h(P(1 | c)). */
  public double entropyRate() {
    double bits = 0;
    for (int context = 0; context < stationary.length; context++) {
      bits += stationary[context] * binaryEntropy(probabilityOfOne[context]);
    }
    return bits;
  }

  /** The entropy of one symbol's stationary law in bits, what a model that ignores all context can reach. */
  public double unigramEntropy() {
    double one = 0;
    for (int context = 0; context < stationary.length; context++) {
      one += (context & 1) * stationary[context];
    }
    return binaryEntropy(one);
  }

  /** {@code length} symbols, the first {@link #order()} a context drawn from the stationary law. */
  public String sample(SplitMix64 random, int length) {
    if (length < order) {
      throw new IllegalArgumentException("a sample of " + length + " symbols is shorter than the order " + order);
    }
    int context = drawStationary(random.nextDouble());
    StringBuilder symbols = new StringBuilder(length);
    for (int bit = order - 1; bit >= 0; bit--) {
      symbols.append((char) ('0' + (context >>> bit & 1)));
    }
    int mask = (1 << order) - 1;
    for (int i = order; i < length; i++) {
      int symbol = random.nextDouble() < probabilityOfOne[context] ? 1 : 0;
      symbols.append((char) ('0' + symbol));
      context = (context << 1 | symbol) & mask;
    }
    return symbols.toString();
  }

  private int drawStationary(double uniform) {
    double cumulative = 0;
    for (int context = 0; context < stationary.length - 1; context++) {
      cumulative += stationary[context];
      if (uniform < cumulative) {
        return context;
      }
    }
    return stationary.length - 1;
  }

  static double binaryEntropy(double p) {
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
  }

  /**
   * Solves π P = π with Σ π = 1 by Gaussian elimination: the equations of all contexts but the last, and the sum in
   * its place (the balance equations are linearly dependent, so one of them is redundant).
   */
  private static double[] stationaryOf(double[] probabilityOfOne) {
    int n = probabilityOfOne.length;
    int mask = n - 1;
    double[][] system = new double[n][n + 1];
    for (int from = 0; from < n; from++) {
      int toZero = from << 1 & mask;
      system[toZero][from] += 1 - probabilityOfOne[from];
      system[toZero | 1][from] += probabilityOfOne[from];
      system[from][from] -= 1;
    }
    for (int column = 0; column <= n; column++) {
      system[n - 1][column] = 1;
    }
    for (int pivot = 0; pivot < n; pivot++) {
      int best = pivot;
      for (int row = pivot + 1; row < n; row++) {
        if (Math.abs(system[row][pivot]) > Math.abs(system[best][pivot])) {
          best = row;
        }
      }
      double[] swapped = system[pivot];
      system[pivot] = system[best];
      system[best] = swapped;
      for (int row = 0; row < n; row++) {
        if (row != pivot) {
          double factor = system[row][pivot] / system[pivot][pivot];
          for (int column = pivot; column <= n; column++) {
            system[row][column] -= factor * system[pivot][column];
          }
        }
      }
    }
    double[] law = new double[n];
    for (int context = 0; context < n; context++) {
      law[context] = system[context][n] / system[context][context];
    }
    return law;
  }
}
