package dev.pedigree.api.run;

/** List filters; null means "any". {@code q} matches the run name, case-insensitively. */
record RunFilter(RunStatus status, String kind, String project, String q) {}
