package dev.pedigree.workflows.pipeline;

import java.time.Duration;

/**
 * How long a gate waits for a person, and what it decides itself when nobody did in time.
 *
 * @param approves the gate approves when it times out; it rejects otherwise
 */
public record GateTimeout(Duration after, boolean approves) {}
