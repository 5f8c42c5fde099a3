package dev.pedigree.api.run;

import java.util.UUID;

/** Published after a run's status row changed and committed. */
public record RunStatusChanged(UUID runId) {}
