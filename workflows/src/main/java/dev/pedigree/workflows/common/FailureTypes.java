package dev.pedigree.workflows.common;

/** ApplicationFailure types that are never retried: retrying cannot fix them. */
public final class FailureTypes {
  public static final String INVALID_SPEC = "INVALID_SPEC";
  public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  /** An artifact's bytes do not match its recorded sha256. */
  public static final String CORRUPT_ARTIFACT = "CORRUPT_ARTIFACT";
  /** The run's inputs cannot be used: a missing or malformed data file, models whose shapes do not fit together. */
  public static final String INVALID_INPUT = "INVALID_INPUT";
  /** A step's loss or gradient norm was NaN or infinite; the same spec diverges again from its last checkpoint. */
  public static final String DIVERGED = "DIVERGED";

  private FailureTypes() {}
}
