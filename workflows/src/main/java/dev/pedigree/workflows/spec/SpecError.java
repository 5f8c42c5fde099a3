package dev.pedigree.workflows.spec;

/**
 * One invalid field of a submitted spec.
 *
 * @param field JSON path from the request root, e.g. {@code $.spec.model.layers}
 */
public record SpecError(String field, String message) {}
