package dev.pedigree.api.run;

import dev.pedigree.workflows.spec.InputCompatibility;
import dev.pedigree.workflows.spec.ModelInput;
import java.util.List;

/**
 * A validated submit request: the spec is resolved (defaults filled in) and serialized.
 *
 * @param inputs the model artifacts the spec names, not yet checked against the artifact table
 * @param compatibility what those models must share
 */
record RunSubmission(
    String name, String project, String kind, String specJson, long totalSteps, String device,
    List<ModelInput> inputs,
    InputCompatibility compatibility) {}
