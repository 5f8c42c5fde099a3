package dev.pedigree.workflows.common;

/** ApplicationFailure types that are never retried: retrying cannot fix them. */
public final class FailureTypes {
  public static final String INVALID_SPEC = "INVALID_SPEC";
  public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  /** An artifact's bytes do not match its recorded sha256. */
  public static final String CORRUPT_ARTIFACT = "CORRUPT_ARTIFACT";
  /** Input models that cannot be combined: different architectures, tensor shapes or tokenizers. */
  public static final String INCOMPATIBLE_MODELS = "INCOMPATIBLE_MODELS";

  private FailureTypes() {}
}
