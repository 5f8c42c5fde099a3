package dev.pedigree.workflows.run;

import java.util.UUID;

public record TrainInput(UUID runId, String kind, String specJson) {}
