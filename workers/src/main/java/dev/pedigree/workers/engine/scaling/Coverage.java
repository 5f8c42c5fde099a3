package dev.pedigree.workers.engine.scaling;

import java.util.List;

/**
 * How many runs a set of points holds, at how many distinct sizes N and distinct token counts D: what decides whether
 * a law can be fitted to them.
 */
public record Coverage(int runs, long sizes, long tokenCounts) {
  /** What a fit needs at least: five constants need five runs; α and β each need three values of their variable. */
  public static final Coverage MINIMUM = new Coverage(5, 3, 3);

  public static Coverage of(List<ScalingPoint> points) {
    return new Coverage(points.size(), points.stream().mapToDouble(ScalingPoint::parameters).distinct().count(),
        points.stream().mapToDouble(ScalingPoint::tokens).distinct().count());
  }

  /** Whether this is at least {@link #MINIMUM} in every count. */
  public boolean fittable() {
    return runs >= MINIMUM.runs && sizes >= MINIMUM.sizes && tokenCounts >= MINIMUM.tokenCounts;
  }
}
