package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.ApiProblem;

/** The steps {@code from..to} (both included) of a curve that a reader asks for; {@link #ALL} by default. */
public record StepWindow(long from, long to) {
  public static final StepWindow ALL = new StepWindow(0, MetricRules.MAX_STEP);

  /**
   * The {@code fromStep} and {@code toStep} query parameters of curve reads, each bound open when absent; otherwise a
   * 400 naming the parameter that is not a step, or {@code toStep} when it lies below {@code fromStep}.
   */
  public static StepWindow parse(String fromStep, String toStep) {
    long from = step("fromStep", fromStep, ALL.from());
    long to = step("toStep", toStep, ALL.to());
    if (from > to) {
      throw ApiProblem.invalidField("toStep", "must not be below fromStep");
    }
    return new StepWindow(from, to);
  }

  private static long step(String name, String value, long absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 0 && parsed <= MetricRules.MAX_STEP) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.invalidField(name, "must be an integer from 0 to " + MetricRules.MAX_STEP);
  }
}
