package dev.pedigree.api.pipeline;

import dev.pedigree.workflows.pipeline.StagePlan;
import dev.pedigree.workflows.spec.ModelInput;
import java.util.List;

/**
 * A validated pipeline body.
 *
 * @param literalInputs model artifacts the stages name by id (not by reference), to check before anything runs
 * @param specJson the body as submitted, kept as the pipeline's spec
 */
record PipelineSubmission(
    String name, String project, List<StagePlan> stages, List<ModelInput> literalInputs, String specJson) {}
