package dev.pedigree.workflows.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A pretrain run that is one segment of a longer schedule, as population-based training's generations are: it starts
 * from a checkpoint another pretrain run wrote, and stops at a step before the schedule's end. The learning-rate
 * schedule still spans {@code training.steps}, so segments that continue each other with the same values end with the
 * weights of one uninterrupted run.
 *
 * @param checkpoint the id of a checkpoint artifact of a pretrain run with this run's model and data; the run starts
 *     from its weights, optimizer state, step, data cursor and selection state (lineage {@code continued_from}); from
 *     scratch when absent
 * @param untilStep the step the run stops at, at most {@code training.steps}; {@code training.steps} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentSpec(String checkpoint, Integer untilStep) {
  /** The role of the starting checkpoint among a run's inputs. */
  public static final String CHECKPOINT_ROLE = "continue";

  /** Whether {@code input} is a segment's starting checkpoint, which is a checkpoint artifact, not a model. */
  public static boolean startsFrom(ModelInput input) {
    return input.relation().equals(ModelInput.CONTINUED_FROM);
  }

  void check(SpecChecks checks, String at, long steps) {
    checks.require(checkpoint != null || untilStep != null, at,
        "must name a checkpoint to start from, a step to stop at (untilStep), or both");
    if (checkpoint != null) {
      checks.artifactId(at + ".checkpoint", checkpoint, true);
    }
    if (untilStep != null) {
      checks.range(at + ".untilStep", untilStep, 1, steps);
    }
  }

  /** The starting checkpoint as an input of the run; its edge records where the run stopped. */
  ModelInput input(String at, long stopsAt) {
    return new ModelInput(CHECKPOINT_ROLE, checkpoint, ModelInput.CONTINUED_FROM, Map.of("untilStep", stopsAt),
        at + ".checkpoint");
  }
}
