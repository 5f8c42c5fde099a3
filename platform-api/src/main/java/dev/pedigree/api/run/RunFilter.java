package dev.pedigree.api.run;

import java.util.UUID;

/** List filters; null means "any". {@code q} matches the run name, case-insensitively; {@code sweep} is a sweep id. */
record RunFilter(RunStatus status, String kind, String project, String q, UUID sweep) {}
