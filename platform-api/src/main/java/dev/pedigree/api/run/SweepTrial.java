package dev.pedigree.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sweep a run is a trial of: the {@code sweep} field of its run JSON.
 *
 * @param id the sweep's id
 * @param trial the trial's number in the sweep, from 1
 * @param params the values the trial set, by their JSON path in the spec
 * @param drawnBy how a tpe sweep chose the values, {@code random} or {@code tpe}; null in the other methods' sweeps
 * @param drawnWhy why a tpe sweep drew a trial past its startup trials at random; null otherwise
 */
public record SweepTrial(UUID id, int trial, JsonNode params,
    @JsonInclude(JsonInclude.Include.NON_NULL) String drawnBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) String drawnWhy) {
  /** Kept in {@code run.sweep_params} beside the values, under a key that no parameter's path can be. */
  private static final String DRAWN = "$drawn";

  public SweepTrial(UUID id, int trial, JsonNode params) {
    this(id, trial, params, null, null);
  }

  /** The trial as {@code run.sweep_params} holds it: {@link #params}, and how they were drawn when known. */
  JsonNode stored() {
    if (drawnBy == null) {
      return params;
    }
    ObjectNode stored = (ObjectNode) params.deepCopy();
    ObjectNode drawn = stored.putObject(DRAWN).put("by", drawnBy);
    if (drawnWhy != null) {
      drawn.put("why", drawnWhy);
    }
    return stored;
  }

  /** The trial from what {@link #stored()} wrote. */
  public static SweepTrial fromStored(UUID id, int trial, JsonNode stored) {
    if (!stored.has(DRAWN)) {
      return new SweepTrial(id, trial, stored);
    }
    ObjectNode params = (ObjectNode) stored.deepCopy();
    JsonNode drawn = params.remove(DRAWN);
    return new SweepTrial(id, trial, params, drawn.path("by").asString(null), drawn.path("why").asString(null));
  }
}
