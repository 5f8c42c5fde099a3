package dev.pedigree.api.run;

/** A worker's report that an attempt of a run started (POST /runs/{id}/attempts). */
public record AttemptReport(Integer attempt, Long fromStep, String worker, String device) {}
