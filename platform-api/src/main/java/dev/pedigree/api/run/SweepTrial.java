package dev.pedigree.api.run;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The sweep a run is a trial of: the {@code sweep} field of its run JSON.
 *
 * @param id the sweep's id
 * @param trial the trial's number in the sweep, from 1
 * @param params the values the trial set, by their JSON path in the spec
 */
public record SweepTrial(UUID id, int trial, JsonNode params) {}
