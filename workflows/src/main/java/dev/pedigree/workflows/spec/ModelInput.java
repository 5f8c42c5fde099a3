package dev.pedigree.workflows.spec;

import java.util.Map;

/**
 * A model artifact a spec names as an input.
 *
 * @param role how the engine knows it: {@code base}, {@code parent.0}, {@code teacher.1}, {@code reference} …
 * @param artifact the artifact id as the spec gives it (a UUID when valid)
 * @param relation the lineage relation from this input to the run's model (DESIGN.md §5), e.g. {@code merged_from}
 * @param params what the edge records about how the input was used (a merge weight, a KL coefficient)
 * @param field the JSON path of the spec field that names it, for errors
 */
public record ModelInput(String role, String artifact, String relation, Map<String, Object> params, String field) {
  /** The relation of a checkpoint a run continues from (a {@link SegmentSpec}); the only input that is no model. */
  public static final String CONTINUED_FROM = "continued_from";

  public ModelInput {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
