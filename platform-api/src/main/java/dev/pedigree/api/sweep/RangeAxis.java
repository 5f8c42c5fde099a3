package dev.pedigree.api.sweep;

import tools.jackson.databind.JsonNode;

/**
 * A range's axis as {@link SweepTrials#drawIn} maps [0, 1) onto it: linear or log10, an integer range spanning
 * [min, max + 1) with each integer owning the cell up to the next; an integer sits at its cell's middle.
 */
record RangeAxis(Domain.Range range, double low, double high) {
  RangeAxis(Domain.Range range) {
    this(range, scaled(range, range.min()), scaled(range, range.integer() ? range.max() + 1 : range.max()));
  }

  private static double scaled(Domain.Range range, double value) {
    return range.log() ? Math.log10(value) : value;
  }

  /** The range's value at a point of the axis, an integer rounded down to its own. */
  JsonNode value(double at) {
    return SweepTrials.drawIn(range, (at - low) / (high - low));
  }

  /** Where a value of the range sits on the axis. */
  double point(JsonNode value) {
    double v = value.asDouble();
    double at = range.integer() ? (scaled(range, v) + scaled(range, v + 1)) / 2 : scaled(range, v);
    return Math.max(low, Math.min(high, at));
  }
}
