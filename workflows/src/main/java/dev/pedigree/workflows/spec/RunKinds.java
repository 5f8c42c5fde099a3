package dev.pedigree.workflows.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run kinds of the public contract, and the spec type of each kind this build can run. */
public final class RunKinds {
  public static final String PRETRAIN = "pretrain";
  public static final List<String> ALL = List.of(PRETRAIN, "rl", "preference", "distill", "merge");
  /**
   * A run trained elsewhere and logged through the MLflow tracking API: recorded, never submitted or scheduled, so it
   * is not among {@link #ALL}.
   */
  public static final String TRACKED = "tracked";

  private static final Map<String, Class<? extends RunSpec>> SPECS = new LinkedHashMap<>();

  static {
    SPECS.put(PRETRAIN, PretrainSpec.class);
    SPECS.put("distill", DistillSpec.class);
    SPECS.put("merge", MergeSpec.class);
    SPECS.put("rl", RlSpec.class);
    SPECS.put("preference", PreferenceSpec.class);
  }

  public static final List<String> AVAILABLE = List.copyOf(SPECS.keySet());

  private RunKinds() {}

  /** The spec record of {@code kind}; empty when this build cannot run it. */
  public static Optional<Class<? extends RunSpec>> specType(String kind) {
    return Optional.ofNullable(SPECS.get(kind));
  }
}
