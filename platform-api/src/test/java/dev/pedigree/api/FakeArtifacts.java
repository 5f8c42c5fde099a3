package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Artifacts of a run inserted as ended, reported as its worker would; nothing reads their bytes, nothing trains. */
public final class FakeArtifacts {
  private final Http http;
  private final UUID run;

  public FakeArtifacts(Http http, JdbcClient jdbc) {
    this.http = http;
    this.run = BadInputFuzzTest.endedRun(jdbc);
  }

  public UUID run() {
    return run;
  }

  /** @return the new artifact's id */
  public String register(String kind, String name) {
    return register(kind, name, "file:///nowhere/" + UUID.randomUUID());
  }

  /** @return the new artifact's id */
  public String register(String kind, String name, String uri) {
    Http.Response registered = http.post("/api/v1/runs/" + run + "/artifacts", Http.json(Map.of("kind", kind,
        "name", name, "uri", uri, "sha256", "0".repeat(64), "bytes", 10, "format", "safetensors")), Http.WORKER);
    assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
    return registered.json().path("id").asString();
  }
}
