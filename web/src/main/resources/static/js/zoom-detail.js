// A drag-zoom's full-resolution detail: the steps behind the zoomed x window, and the fetched points of those steps
// spliced into the downsampled curve. The run page reads them per chart, the compare page for every run at once.

import { stepRange } from './x-axis.js';

/**
 * The steps [fromStep, toStep] that a zoom to [fromX, toX] shows: the window itself on the step axis (`xSeries` null),
 * else the steps whose x lies in it (see stepRange); null when no stretch of the x-series passes through the window.
 */
export function zoomedSteps(xSeries, fromX, toX) {
  const range = xSeries ? stepRange(xSeries, fromX, toX) : [fromX, toX];
  return range && [Math.floor(range[0]), Math.ceil(range[1])];
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
