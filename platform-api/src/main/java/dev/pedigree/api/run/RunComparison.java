package dev.pedigree.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pedigree.api.metric.MetricPoint;
import java.util.List;
import java.util.UUID;

/**
 * Several runs side by side in one response, so a comparison of a hundred runs is two requests and not three hundred.
 *
 * @param runs the runs found, in the order asked, as a run list shows them (with their metric summaries)
 * @param missing the ids asked for that name no run
 * @param keys every metric key of any of the runs, in name order
 * @param key the key whose curves {@code series} holds; absent when none was asked for
 * @param series one curve of {@code key} per run found, in the order of {@code runs}; empty where a run lacks the key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunComparison(
    List<RunResponse> runs, List<UUID> missing, List<String> keys, String key, List<RunCurve> series) {

  /** One run's curve of the compared key, downsampled as {@code GET /runs/{id}/metrics} does. */
  public record RunCurve(UUID runId, List<MetricPoint> points) {}
}
