package dev.pedigree.api.metric;

import java.util.List;

/** The points of one metric key, in step order. */
public record MetricSeries(String key, List<MetricPoint> points) {
  /** The points as {@code [step, value]}, for readers that did not ask for wall times. */
  public MetricSeries withoutWallTimes() {
    return new MetricSeries(key, points.stream().map(point -> new MetricPoint(point.step(), point.value())).toList());
  }
}
