package dev.pedigree.api.pipeline;

import dev.pedigree.api.run.RunStatus;
import java.util.UUID;

/** One run of a stage; a stage that was retried has several, oldest first. */
record StageRun(String stage, UUID runId, RunStatus status, UUID model) {}
