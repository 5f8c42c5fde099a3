package dev.pedigree.workflows.run;

import java.util.UUID;

/** @param attemptOffset added to Temporal's attempt number to give the run's attempt number */
public record TrainInput(UUID runId, String kind, String specJson, int attemptOffset) {}
