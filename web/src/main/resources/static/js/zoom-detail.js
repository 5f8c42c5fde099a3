// A drag-zoom's full-resolution detail: the steps behind the zoomed x window, and the fetched points of those steps
// spliced into the downsampled curve. The run page reads them per chart, the compare page for every run at once.

import { stepRange } from './x-axis.js';

/**
 * The steps [fromStep, toStep] that a zoom to [fromX, toX] shows: the window itself on the step axis (`xSeries` null),
 * else the steps whose x lies in it (see stepRange); null when no stretch of the x-series passes through the window.
 * `widen` reaches on to the x-series' own points around those steps: where the x-series is downsampled, the x of the
 * steps between two of its points is only interpolated, and the steps truly in the window may lie anywhere up to them.
 */
export function zoomedSteps(xSeries, fromX, toX, widen = false) {
  const range = xSeries ? stepRange(xSeries, fromX, toX) : [fromX, toX];
  if (!range) return null;
  const [from, to] = widen && xSeries
    ? [xSeries.findLast(([step]) => step <= range[0])[0], xSeries.find(([step]) => step >= range[1])[0]] : range;
  return [Math.floor(from), Math.ceil(to)];
}

/**
 * Reads a zoom's detail with `read(key, [fromStep, toStep])`, which splices a read of those steps into the curve held
 * and draws it; `stepsIn(widen)` answers zoomedSteps over what is held then. On a metric x-axis (`xKey`) the x-metric
 * is read next, over the widened steps: zoomed points placed between its downsampled points would sit at interpolated
 * x, not at their own. With its detail drawn the zoom's steps are known exactly; where they reach past the first read,
 * the metric is read again. One read at a time, the metric's first: it is what the zoom shows, and a compare page's
 * live streams may leave it few of the browser's connections.
 */
export async function readZoomDetail(key, xKey, stepsIn, read) {
  const steps = stepsIn(false);
  if (!steps) return; // the window holds no stretch of the x-series
  await read(key, steps);
  if (!xKey) return;
  await read(xKey, stepsIn(true));
  const exact = stepsIn(false);
  if (exact && (exact[0] < steps[0] || exact[1] > steps[1])) await read(key, exact);
}

/**
 * The curve with its points in [fromStep, toStep] replaced by `detail`, a read of those steps; null when the detail
 * adds nothing. A server that ignores fromStep/toStep answers the whole curve; then the client-side zoom stands.
 */
export function withDetail(points, detail, [fromStep, toStep]) {
  const inside = ([step]) => step >= fromStep && step <= toStep;
  if (!detail.every(inside) || detail.length <= points.filter(inside).length) return null;
  return points.filter(([step]) => step < fromStep).concat(detail, points.filter(([step]) => step > toStep));
}
