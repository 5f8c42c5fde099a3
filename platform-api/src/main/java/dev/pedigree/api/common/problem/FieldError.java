package dev.pedigree.api.common.problem;

/** One bad field of a request, by JSON path from the body root (e.g. {@code $.spec.model.layers}) or query name. */
public record FieldError(String field, String message) {}
