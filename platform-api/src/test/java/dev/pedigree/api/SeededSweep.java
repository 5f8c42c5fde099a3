package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.bench.FinishedSweep;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A {@link FinishedSweep} whose runs' workers reported {@link FinishedSweep#valLoss} of their values. The caller
 * picks the sweep's id, which seeds its importance forest, so that the answer is the same on every run.
 */
public final class SeededSweep {
  private SeededSweep() {}

  public static void insert(Http http, JdbcClient jdbc, UUID sweep, int trials) {
    FinishedSweep.insert(jdbc, sweep, trials);
    for (JsonNode trial : http.get("/api/v1/sweeps/" + sweep).json().path("trials")) {
      UUID run = FinishedSweep.insertRun(jdbc, sweep, trial);
      Http.Response reported = http.post("/api/v1/runs/" + run + "/metrics",
          FinishedSweep.valLossBatch(trial.path("params")), Http.WORKER);
      assertThat(reported.status()).as(String.valueOf(reported.json())).isEqualTo(200);
    }
  }
}
