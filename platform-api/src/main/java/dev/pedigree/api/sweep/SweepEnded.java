package dev.pedigree.api.sweep;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Published once when a sweep ends.
 *
 * @param best its best trial as the sweep JSON gives it ({@code trial, runId, params, objective}); null when none
 *     succeeded
 */
public record SweepEnded(UUID sweepId, String sweep, String project, String status, String error, JsonNode best) {}
