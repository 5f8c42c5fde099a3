package dev.pedigree.workers.engine.selection;

/**
 * Dynamic loss-based sample reweighting (METHODS.md §2.1): within a batch, losses are normalized into [-delta, delta]
 * (lowest to highest), scored by a scheme, and the weights are softmax(score / temperature), so they sum to 1.
 * LinUpper gives low-loss (redundant, already learned) samples less weight and caps high-loss ones; Quadratic favours
 * medium losses; Extremes favours both ends.
 */
public record SampleWeighting(String scheme, double delta, double temperature) {
  public double[] weights(double[] losses) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double loss : losses) {
      min = Math.min(min, loss);
      max = Math.max(max, loss);
    }
    double[] scores = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      double normalized = max > min ? 2 * delta * (losses[i] - min) / (max - min) - delta : 0;
      scores[i] = score(normalized) / temperature;
    }
    return Softmax.of(scores);
  }

  private double score(double normalized) {
    return switch (scheme) {
      case "linupper" -> Math.min(normalized + delta, delta);
      case "quadratic" -> 1 - normalized * normalized / (delta * delta);
      case "extremes" -> Math.abs(normalized);
      default -> throw new IllegalArgumentException("unknown reweighting scheme: " + scheme);
    };
  }
}
