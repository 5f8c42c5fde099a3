package dev.pedigree.workflows.sweep;

/** A sweep's early-stopping rule; the platform applies it at every check the sweep's workflow makes. */
public sealed interface EarlyStoppingRule permits MedianStoppingRule, SuccessiveHalvingRule {
  /** Whether a lower objective is better. */
  boolean minimize();

  /** No trial is judged before it has reached this step. */
  long minSteps();
}
