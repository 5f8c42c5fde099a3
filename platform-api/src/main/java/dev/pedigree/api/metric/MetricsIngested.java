package dev.pedigree.api.metric;

import java.util.List;
import java.util.UUID;

/**
 * Published after an ingest that stored at least one new point has committed. It carries the batch as received, so
 * it may repeat points a listener has seen before (a retried batch): key points by step. Points carry wall times.
 */
public record MetricsIngested(UUID runId, int attempt, List<MetricSeries> series) {}
