package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.BenchRuns.Run;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Mean and sample standard deviation of one quantity over seeds, with the per-seed values. */
record Spread(double mean, double sd, double[] values) {
  static Spread of(List<Run> runs, ToDoubleFunction<Run> value) {
    return of(runs.stream().mapToDouble(value).toArray());
  }

  static Spread of(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new Spread(mean, values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0, values.clone());
  }

  /** {@code mean ± sd}, each with {@code pattern} (e.g. {@code %.3f}); {@code n/a} when there is no value. */
  String format(String pattern) {
    if (Double.isNaN(mean)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, pattern + " ± " + pattern, mean, sd);
  }

  /** {@code mean ± sd [v1, v2, …]}: {@link #format} and each seed's value in seed order. */
  String formatWithSeeds(String pattern) {
    StringBuilder text = new StringBuilder(format(pattern)).append(" [");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, pattern, values[i]));
    }
    return text.append("]").toString();
  }

  /** {@code +mean ± sd [+v1, +v2, …]}: a difference per seed, signs always shown, four decimals. */
  String formatSigned() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%+.4f ± %.4f [", mean, sd));
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.4f", values[i]));
    }
    return text.append("]").toString();
  }

  /** {@link #formatSigned} of per-seed differences {@code a − b}, and on how many seeds {@code a} is ahead. */
  String formatAhead() {
    long ahead = Arrays.stream(values).filter(difference -> difference > 0).count();
    return formatSigned() + ", ahead on " + ahead + " of " + values.length + " seeds";
  }

  /** How {@code this} compares with {@code other}, in words a reader can check against the table. */
  String versus(Spread other, boolean higherIsBetter) {
    double difference = mean - other.mean;
    double noise = Math.max(sd, other.sd);
    String direction = (difference > 0) == higherIsBetter ? "better" : "worse";
    return Math.abs(difference) <= noise
        ? String.format(Locale.ROOT, "no clear difference (Δ %+.3f, within the larger spread %.3f)", difference, noise)
        : String.format(Locale.ROOT, "%s (Δ %+.3f, beyond the larger spread %.3f)", direction, difference, noise);
  }
}
