package dev.pedigree.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Sweep JSON: its status, what it varies and optimizes, its trials' counts and its best trial; a single sweep also has
 * every trial (a trial without a run yet is PENDING) and the body it was submitted with. Lists leave those out.
 *
 * @param best the succeeded trial with the best objective; null until one has it
 * @param importance each parameter's importance and correlation with the objective over the finished trials, highest
 *     importance first (a single sweep only); null with {@code importanceReason} while there are too few
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SweepResponse(
    UUID id,
    String name,
    String project,
    String kind,
    String method,
    String status,
    String error,
    int parallelism,
    Objective objective,
    List<Axis> parameters,
    Counts counts,
    Best best,
    List<Importance> importance,
    String importanceReason,
    List<Trial> trials,
    JsonNode spec,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /** @param scale {@code log} or {@code linear} for a range, {@code values} for listed values */
  record Axis(String path, String scale) {}

  /** @param pending trials not started yet (they have no run) */
  record Counts(int trials, int pending, int queued, int running, int succeeded, int failed, int cancelled) {}

  record Best(int trial, UUID runId, JsonNode params, double objective) {}

  /**
   * @param importance in [0, 1], summing to 1 over the parameters
   * @param correlation with the objective, on the parameter's axis; null for a parameter whose values are not all
   *     numbers, or that is the same in every finished trial
   */
  record Importance(String parameter, double importance, Double correlation) {}

  /**
   * @param objective from the run's metric summary, while it runs too; null before the metric has a point
   * @param stoppedEarly true when the early-stopping rule cancelled it
   * @param stoppedAt the rung at which the asha rule stopped it; absent otherwise
   * @param drawnBy how its values were chosen in a random or tpe sweep: {@code random} or {@code tpe}; absent in a
   *     grid, and for a tpe trial not started past the startup trials, whose values are chosen when it starts (its
   *     params are empty until then)
   * @param drawnWhy why a tpe sweep drew a trial past its startup trials at random; absent otherwise
   * @param pbt in a pbt sweep, the trial's member and generation, and whose checkpoint it continued; absent otherwise
   */
  record Trial(int trial, JsonNode params, UUID runId, String status, Double objective, boolean stoppedEarly,
      @JsonInclude(JsonInclude.Include.NON_NULL) SuccessiveHalving.Rung stoppedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String drawnBy,
      @JsonInclude(JsonInclude.Include.NON_NULL) String drawnWhy,
      @JsonInclude(JsonInclude.Include.NON_NULL) Member pbt) {
    Trial(int trial, JsonNode params, UUID runId, String status, Double objective, boolean stoppedEarly,
        SuccessiveHalving.Rung stoppedAt, String drawnBy, String drawnWhy) {
      this(trial, params, runId, status, objective, stoppedEarly, stoppedAt, drawnBy, drawnWhy, null);
    }
  }

  /**
   * A pbt trial's place in the population.
   *
   * @param member from 0
   * @param generation from 0
   * @param parentTrial the trial whose checkpoint it continued (the member's own previous trial, or the one it
   *     exploited); absent in the first generation and before it starts
   * @param exploited whether it continued another member's checkpoint, with that member's values perturbed
   */
  record Member(int member, int generation,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer parentTrial,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean exploited) {}
}
