package dev.pedigree.api.metric;

import java.util.List;

/** The points of one metric key, in step order. */
public record MetricSeries(String key, List<MetricPoint> points) {}
