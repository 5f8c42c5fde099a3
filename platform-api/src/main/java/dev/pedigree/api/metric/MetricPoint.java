package dev.pedigree.api.metric;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One point of a curve, written as {@code [step, value]} in JSON. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"step", "value"})
public record MetricPoint(long step, double value) {}
