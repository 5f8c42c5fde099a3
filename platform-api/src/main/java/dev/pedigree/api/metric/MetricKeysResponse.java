package dev.pedigree.api.metric;

import java.util.List;

public record MetricKeysResponse(List<MetricKeySummary> keys) {

  /** From the summary kept on write; {@code count} is the number of steps on the run's curve. */
  public record MetricKeySummary(String key, double last, long lastStep, double min, double max, long count) {}
}
