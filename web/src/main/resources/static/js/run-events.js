// Following a run while it is QUEUED or RUNNING: its server-sent events (GET /runs/{id}/events?times=true) and the
// merge of their points into a curve. The run page follows one run, the compare page each of its live runs.

import { url } from './api.js';
import { ACTIVE } from './ui.js';

/**
 * Opens the run's event stream: `onStatus(run)` on every status event (the first comes at once), `onMetrics(series)`
 * with each batch of new points [{key, points: [[step, value, wallTime], ...]}], `onLive(open)` as the stream opens
 * and drops. The stream closes itself once the run has ended; the answer closes it earlier.
 */
export function followRun(id, { onStatus, onMetrics, onLive = () => {} }) {
  const events = new EventSource(url(`/runs/${encodeURIComponent(id)}/events`, { times: true }));
  const close = () => {
    events.close();
    onLive(false);
  };
  events.addEventListener('open', () => onLive(true));
  events.addEventListener('error', () => onLive(false));
  events.addEventListener('status', (e) => {
    const run = JSON.parse(e.data);
    onStatus(run);
    if (!ACTIVE.has(run.status)) close();
  });
  events.addEventListener('metrics', (e) => onMetrics(JSON.parse(e.data).series || []));
  return close;
}

/**
 * Merges new [step, value, wallTime] points into a sorted series. A resumed attempt may
 * re-report steps it already reported; its points replace the old tail.
 */
export function mergeTail(points, incoming) {
  if (!incoming.length) return points;
  const first = incoming[0][0];
  let keep = points.length;
  while (keep > 0 && points[keep - 1][0] >= first) keep--;
  return points.slice(0, keep).concat(incoming);
}
