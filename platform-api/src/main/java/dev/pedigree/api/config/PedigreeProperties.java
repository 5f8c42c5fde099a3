package dev.pedigree.api.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform settings, bound from {@code pedigree.*} (environment: {@code PEDIGREE_DB_URL}, {@code
 * PEDIGREE_TEMPORAL_TARGET}, …). Blank database URL or Temporal target means embedded mode for that part.
 */
@ConfigurationProperties("pedigree")
public record PedigreeProperties(
    Path home,
    @DefaultValue Db db,
    @DefaultValue Temporal temporal,
    @DefaultValue Worker worker,
    @DefaultValue Runs runs,
    @DefaultValue("") String artifacts,
    @DefaultValue("") String adminToken,
    @DefaultValue("") String workerToken) {

  public record Db(@DefaultValue("") String url, @DefaultValue("") String user, @DefaultValue("") String password) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  /** TLS is on when a client certificate and key are given (mTLS, as Temporal Cloud uses). */
  public record Temporal(
      @DefaultValue("") String target,
      @DefaultValue("default") String namespace,
      @DefaultValue("7233") int embeddedPort,
      @DefaultValue("") String tlsCert,
      @DefaultValue("") String tlsKey,
      @DefaultValue("") String tlsCa) {
    public boolean embedded() {
      return target.isBlank();
    }
  }

  public record Worker(@DefaultValue("true") boolean embedded) {}

  public record Runs(@DefaultValue("20s") Duration heartbeatTimeout, @DefaultValue("20") int maxAttempts) {}

  /** Where checkpoints and models go: the configured location, else {@code home/artifacts}. */
  public String artifactLocation() {
    return artifacts.isBlank() ? home.resolve("artifacts").toString() : artifacts;
  }
}
