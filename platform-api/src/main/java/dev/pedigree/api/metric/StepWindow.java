package dev.pedigree.api.metric;

/** The steps {@code from..to} (both included) of a curve that a reader asks for; {@link #ALL} by default. */
public record StepWindow(long from, long to) {
  public static final StepWindow ALL = new StepWindow(0, MetricRules.MAX_STEP);
}
