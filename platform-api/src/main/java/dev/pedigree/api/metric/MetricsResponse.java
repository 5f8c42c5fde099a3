package dev.pedigree.api.metric;

import java.util.List;

public record MetricsResponse(List<MetricSeries> series) {}
