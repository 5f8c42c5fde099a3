// A curve plotted against another metric of its run instead of the step: a point's x is that metric (the x-series)
// at the point's step, interpolated linearly between the x-series' two nearest points. Pure, no DOM.

/**
 * A curve's own wall times as an x-series [[step, seconds], ...]: epoch seconds, less `originMillis` for relative time.
 * Points without a time (read without times=true) are left out. Across a resumed run's attempts this is plain wall time,
 * so the gap while the run waited for its resume shows on the axis.
 */
export const timeSeries = (points, originMillis = 0) => points.filter((p) => Number.isFinite(p[2]))
  .map(([step, , millis]) => [step, (millis - originMillis) / 1000]);

/** The earliest wall time (epoch ms) of the curves' first points; undefined when none has one. */
export function firstTime(curves) {
  const times = curves.map((points) => points[0]?.[2]).filter(Number.isFinite);
  return times.length ? Math.min(...times) : undefined;
}

/** The x-series' numeric points, [[step, x], ...] in step order; a diverged value ("NaN") cannot place a point. */
const numeric = (xSeries) => xSeries.filter(([, x]) => Number.isFinite(x));

/**
 * Points [[step, value], ...] (step order) → {points: [[x, value], ...], monotonic}. Points outside the x-series'
 * steps are dropped, not extrapolated. uPlot needs ascending x: when the x-series goes down somewhere, `monotonic` is
 * false and the points are sorted by x.
 */
export function mapToX(points, xSeries) {
  const known = numeric(xSeries);
  const mapped = [];
  let i = 0;
  for (const [step, value] of points) {
    while (i + 1 < known.length && known[i + 1][0] <= step) i++;
    const x = xAt(known, i, step);
    if (x != null) mapped.push([x, value]);
  }
  const monotonic = isMonotonic(known);
  if (!monotonic) mapped.sort((a, b) => a[0] - b[0]);
  return { points: mapped, monotonic };
}

/** Whether the x-series never goes down (its diverged points aside). */
export const isMonotonic = (xSeries) => numeric(xSeries).every(([, x], j, known) => j === 0 || known[j - 1][1] <= x);

/** The x-series at one step: null outside it. */
export const xOf = (xSeries, step) => mapToX([[step, null]], xSeries).points[0]?.[0] ?? null;

/** x at `step`, where known[i] is the last point at or before it; null outside the x-series. */
function xAt(known, i, step) {
  if (!known.length || step < known[0][0] || step > known[known.length - 1][0]) return null;
  const [s0, x0] = known[i];
  if (s0 === step || i + 1 === known.length) return x0;
  const [s1, x1] = known[i + 1];
  return x0 + ((x1 - x0) * (step - s0)) / (s1 - s0);
}

/**
 * The inverse for a zoom: the steps [from, to] whose interpolated x lies in [fromX, toX], as one range covering every
 * stretch of the x-series that passes through the window (several when it is not monotonic); null when none does.
 */
export function stepRange(xSeries, fromX, toX) {
  const known = numeric(xSeries);
  let from = Infinity;
  let to = -Infinity;
  const take = (step) => { from = Math.min(from, step); to = Math.max(to, step); };
  known.forEach(([step, x], i) => {
    if (x >= fromX && x <= toX) take(step);
    if (i + 1 === known.length) return;
    const [s1, x1] = known[i + 1];
    // Where the segment to the next point crosses a window edge.
    for (const edge of [fromX, toX]) {
      if ((x - edge) * (x1 - edge) < 0) take(step + ((s1 - step) * (edge - x)) / (x1 - x));
    }
  });
  return from <= to ? [from, to] : null;
}
