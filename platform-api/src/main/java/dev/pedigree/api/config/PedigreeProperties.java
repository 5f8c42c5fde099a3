package dev.pedigree.api.config;

import dev.pedigree.workers.store.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform settings, bound from {@code pedigree.*} (environment: {@code PEDIGREE_DB_URL}, {@code
 * PEDIGREE_TEMPORAL_TARGET}, {@code PEDIGREE_S3_ENDPOINT}, …). Blank database URL or Temporal target means embedded
 * mode for that part.
 */
@ConfigurationProperties("pedigree")
public record PedigreeProperties(
    Path home,
    @DefaultValue Db db,
    @DefaultValue Temporal temporal,
    @DefaultValue Worker worker,
    @DefaultValue Runs runs,
    @DefaultValue Sweeps sweeps,
    @DefaultValue("") String artifacts,
    @DefaultValue S3 s3,
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

  /**
   * How to reach an S3-compatible artifact store; keys come from the AWS SDK's default chain.
   *
   * @param endpoint blank for AWS S3, else e.g. {@code http://minio:9000} (path-style)
   * @param region blank means {@code AWS_REGION}, else us-east-1
   */
  public record S3(@DefaultValue("") String endpoint, @DefaultValue("") String region) {
    public S3Settings settings() {
      return new S3Settings(endpoint, region);
    }
  }

  public record Runs(@DefaultValue("20s") Duration heartbeatTimeout, @DefaultValue("20") int maxAttempts) {}

  /**
   * @param earlyStoppingCheck how often a sweep with early stopping asks which running trials to stop; the wait starts
   *     again whenever a trial ends
   */
  public record Sweeps(@DefaultValue("5s") Duration earlyStoppingCheck) {}

  /** Where checkpoints and models go: the configured location, else {@code home/artifacts}. */
  public String artifactLocation() {
    return artifacts.isBlank() ? home.resolve("artifacts").toString() : artifacts;
  }
}
