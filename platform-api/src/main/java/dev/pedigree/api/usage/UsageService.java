package dev.pedigree.api.usage;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Device time and cost of runs, pipelines and groups of runs, priced by {@link UsageProperties}. */
@Service
public class UsageService {
  private final UsageRepository usage;
  private final String currency;
  private final String pricesJson;

  UsageService(UsageRepository usage, UsageProperties properties, JsonMapper json) {
    this.usage = usage;
    this.currency = properties.currency();
    this.pricesJson = json.writeValueAsString(properties.prices());
  }

  /** Each run's usage; runs without an attempt (queued, or tracked through MLflow: Pedigree held no device) have none. */
  public Map<UUID, Usage> ofRuns(Collection<UUID> runIds) {
    return usage.ofRuns(runIds, pricesJson, currency);
  }

  public Optional<Usage> ofPipeline(UUID pipelineId) {
    return usage.ofPipeline(pipelineId, pricesJson, currency);
  }

  public UsageReport report(UsageQuery query) {
    return usage.report(query, pricesJson, currency);
  }

  /**
   * Device seconds the run spent before {@code attempt}, lost work included: where the attempt's
   * {@code sys/device_seconds} curve goes on from, so it stays above every point the earlier attempts logged.
   */
  public double priorDeviceSeconds(UUID runId, int attempt) {
    return usage.priorDeviceSeconds(runId, attempt);
  }
}
