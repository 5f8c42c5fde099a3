package dev.pedigree.api.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** A validated ingest request: points of one attempt of a run, by key. Primitive arrays keep 100,000 points cheap. */
record MetricBatch(int attempt, List<Series> series) {

  int points() {
    return series.stream().mapToInt(Series::size).sum();
  }

  List<String> keys() {
    return series.stream().map(Series::key).distinct().sorted().toList();
  }

  OptionalLong maxStep(String key) {
    return series.stream().filter(s -> s.key().equals(key) && s.size() > 0).mapToLong(Series::maxStep).max();
  }

  /** The highest step of any key. */
  OptionalLong maxStep() {
    return series.stream().filter(s -> s.size() > 0).mapToLong(Series::maxStep).max();
  }

  List<MetricSeries> asSeries() {
    return series.stream().map(Series::asSeries).toList();
  }

  record Series(String key, Points points) {
    int size() {
      return points.size();
    }

    long maxStep() {
      return points.maxStep();
    }

    MetricSeries asSeries() {
      List<MetricPoint> list = new ArrayList<>(points.size());
      for (int i = 0; i < points.size(); i++) {
        list.add(new MetricPoint(points.step(i), points.value(i), points.wallMillis(i)));
      }
      return new MetricSeries(key, list);
    }
  }

  /** Growable columns of steps, values and wall times (epoch millis). */
  static final class Points {
    private long[] steps = new long[16];
    private double[] values = new double[16];
    private long[] wallMillis = new long[16];
    private int size;

    void add(long step, double value, long millis) {
      if (size == steps.length) {
        int capacity = size * 2;
        steps = Arrays.copyOf(steps, capacity);
        values = Arrays.copyOf(values, capacity);
        wallMillis = Arrays.copyOf(wallMillis, capacity);
      }
      steps[size] = step;
      values[size] = value;
      wallMillis[size] = millis;
      size++;
    }

    int size() {
      return size;
    }

    long step(int index) {
      return steps[index];
    }

    double value(int index) {
      return values[index];
    }

    long wallMillis(int index) {
      return wallMillis[index];
    }

    /** Whether the steps go strictly up, starting above {@code floor}. */
    boolean ascendingAfter(long floor) {
      long previous = floor;
      for (int i = 0; i < size; i++) {
        if (steps[i] <= previous) {
          return false;
        }
        previous = steps[i];
      }
      return true;
    }

    long maxStep() {
      long max = Long.MIN_VALUE;
      for (int i = 0; i < size; i++) {
        max = Math.max(max, steps[i]);
      }
      return max;
    }
  }
}
