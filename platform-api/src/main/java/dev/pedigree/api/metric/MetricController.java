package dev.pedigree.api.metric;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/runs/{id}/metrics")
public class MetricController {
  private final MetricService metrics;

  MetricController(MetricService metrics) {
    this.metrics = metrics;
  }

  /**
   * Workers: a batch of points of one attempt. The body is read as a stream; see {@link MetricBatchParser}. A stream
   * parameter makes Spring skip its Content-Type check, so {@code consumes} asks for JSON as every other write does.
   */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  IngestResult ingest(@PathVariable UUID id, InputStream body) {
    return metrics.ingest(id, MetricBatchParser.parse(body, System.currentTimeMillis()));
  }

  /**
   * {@code key} may repeat or list keys separated by commas; none means every key of the run. {@code fromStep} and
   * {@code toStep} (both included) narrow the curves to a window, e.g. the range a chart is zoomed to. {@code times=true}
   * adds each point's wall time (epoch ms) as a third element.
   */
  @GetMapping
  MetricsResponse curves(
      @PathVariable UUID id,
      @RequestParam(name = "key", required = false) List<String> keys,
      @RequestParam(required = false) String maxPoints,
      @RequestParam(required = false) String fromStep,
      @RequestParam(required = false) String toStep,
      @RequestParam(required = false) String times) {
    List<String> names = keys == null ? List.of()
        : keys.stream().flatMap(key -> Arrays.stream(key.split(","))).map(String::strip).filter(k -> !k.isEmpty())
            .toList();
    return metrics.curves(id, names, MaxPoints.parse(maxPoints), StepWindow.parse(fromStep, toStep),
        WallTimes.parse(times));
  }

  @GetMapping("/keys")
  MetricKeysResponse keys(@PathVariable UUID id) {
    return metrics.keys(id);
  }
}
