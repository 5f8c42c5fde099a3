package dev.pedigree.api.sweep;

import dev.pedigree.workflows.spec.ModelInput;
import java.util.List;

/**
 * A validated sweep body.
 *
 * @param inputs the model artifacts the trials' specs name, to check before anything runs
 * @param specJson the body as submitted, kept as the sweep's spec
 */
record SweepSubmission(SweepDefinition sweep, List<ModelInput> inputs, String specJson) {}
