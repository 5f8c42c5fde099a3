package dev.pedigree.workflows.run;

/** The workflow's result: the final status it recorded. */
public record RunResult(String status, long steps) {}
