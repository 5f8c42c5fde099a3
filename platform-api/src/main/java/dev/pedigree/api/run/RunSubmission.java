package dev.pedigree.api.run;

/** A validated submit request: the spec is resolved (defaults filled in) and serialized. */
record RunSubmission(String name, String project, String kind, String specJson, long totalSteps, String device) {}
