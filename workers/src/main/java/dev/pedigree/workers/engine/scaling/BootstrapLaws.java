package dev.pedigree.workers.engine.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Laws refitted to resamples of the runs (drawn with replacement, as many as there are runs), for intervals of a
 * prediction. Each resample is refitted from the full fit's constants rather than the whole grid, which keeps a
 * thousand refits cheap. A resample that does not pass {@link ScalingLawFit#shortfall} is drawn again, up to
 * {@value #DRAWS_PER_RESAMPLE} draws per resample asked for: runs at barely enough sizes may yield fewer laws.
 */
public record BootstrapLaws(List<ScalingLaw> laws) {
  /** A prediction's interval. */
  public record Interval(double low, double high) {}

  static final int DRAWS_PER_RESAMPLE = 20;

  public BootstrapLaws {
    laws = List.copyOf(laws);
  }

  public static BootstrapLaws resample(List<ScalingPoint> points, ScalingLaw fitted, int resamples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ScalingLaw> laws = new ArrayList<>(resamples);
    for (int draw = 0; draw < resamples * DRAWS_PER_RESAMPLE && laws.size() < resamples; draw++) {
      List<ScalingPoint> drawn = new ArrayList<>(points.size());
      for (int i = 0; i < points.size(); i++) {
        drawn.add(points.get(random.nextInt(points.size())));
      }
      if (ScalingLawFit.shortfall(drawn).isEmpty()) {
        laws.add(ScalingLawFit.refit(drawn, fitted));
      }
    }
    return new BootstrapLaws(laws);
  }

  /** The central {@code level} (e.g. 0.9) of the resampled laws' predictions at N, D: percentiles, nearest rank. */
  public Interval interval(double parameters, double tokens, double level) {
    if (laws.isEmpty()) {
      throw new IllegalStateException("no resample could be fitted");
    }
    double[] predictions = laws.stream().mapToDouble(law -> law.predict(parameters, tokens)).sorted().toArray();
    double tail = (1 - level) / 2;
    return new Interval(percentile(predictions, tail), percentile(predictions, 1 - tail));
  }

  private static double percentile(double[] sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }
}
