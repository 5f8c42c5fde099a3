package dev.pedigree.workers.store;

/**
 * How to reach an S3-compatible store; credentials come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, a profile, or the pod's identity).
 *
 * @param endpoint blank for AWS S3; else the store's URL (MinIO and the like), addressed path-style
 * @param region blank means {@code AWS_REGION}, else {@value #DEFAULT_REGION}
 */
public record S3Settings(String endpoint, String region) {
  public static final String DEFAULT_REGION = "us-east-1";

  public S3Settings {
    endpoint = blankIfNull(endpoint).strip();
    region = blankIfNull(region).isBlank() ? environment("AWS_REGION", DEFAULT_REGION) : region.strip();
  }

  /** From {@code PEDIGREE_S3_ENDPOINT} and {@code AWS_REGION}. */
  public static S3Settings fromEnvironment() {
    return new S3Settings(environment("PEDIGREE_S3_ENDPOINT", ""), "");
  }

  private static String environment(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static String blankIfNull(String value) {
    return value == null ? "" : value;
  }
}
