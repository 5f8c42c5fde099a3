package dev.pedigree.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
  public SweepTrial(UUID id, int trial, JsonNode params) {
    this(id, trial, params, null, null);
  }

  /**
   * The trial of a run row read with its {@code sweep_trial}, {@code sweep_params}, {@code sweep_drawn_by} and
   * {@code sweep_drawn_why} columns.
   */
  public static SweepTrial fromRow(UUID id, ResultSet rs, JsonMapper json) throws SQLException {
    return new SweepTrial(id, rs.getInt("sweep_trial"), json.readTree(rs.getString("sweep_params")),
        rs.getString("sweep_drawn_by"), rs.getString("sweep_drawn_why"));
  }
}
