package dev.pedigree.workflows.sweep;

/** How the sweep ended (SUCCEEDED when at least one trial did), with the number of trials that ended each way. */
public record SweepResult(String status, int succeeded, int failed, int cancelled) {}
