// #/compare?ids=a,b,c — one metric overlaid across runs, plus what differs in their specs; runs still QUEUED or
// RUNNING are followed until they end. A drag-zoom's x range stays through a log-scale toggle and a change of metric,
// and is kept in the link (&from=…&to=…) until a double-click shows the whole range again.

import { get } from '../api.js';
import { PALETTE, columns, join, lineChart, xAxis, xAxisOptions } from '../chart.js';
import { followRun, mergeTail } from '../run-events.js';
import { ACTIVE, esc, fmtNum, minOf, problemBox, sortKeys, statusChip } from '../ui.js';
import { firstTime, mapToX, timeSeries, xOf } from '../x-axis.js';
import { readZoomDetail, withDetail, zoomedSteps } from '../zoom-detail.js';

const MAX_POINTS = 1000;
/**
 * Live runs up to this many get an event stream each; more are polled together. An EventSource holds one of the six
 * connections per host that a browser opens over HTTP/1.1 (the platform serves plain HTTP/1.1): four leave two for
 * the page's own requests (a zoom's detail, another metric).
 */
const MAX_STREAMS = 4;
const POLL_MILLIS = 3000;

/** A curve with a read of its latest steps merged in; points that came on the stream after that read stay. */
const withLatest = (points, read) => (read.length
  ? mergeTail(points, read).concat(points.filter(([step]) => step > read.at(-1)[0])) : points);

/** A zoom's [from, to] from the link; null unless both are numbers in order. */
function zoomOf(query) {
  const range = ['from', 'to'].map((name) => (query.has(name) ? Number(query.get(name)) : NaN));
  return range.every(Number.isFinite) && range[0] < range[1] ? range : null;
}

/** A zoom edge for the link: rounded to a thousandth of the zoom's width, enough for a pixel of any chart. */
function linkNumber(value, width) {
  return Number(value.toFixed(Math.max(0, 3 - Math.floor(Math.log10(width)))));
}

/** Debiased exponential moving average (as TensorBoard smooths). */
function ema(values, weight) {
  if (!weight) return values;
  let acc = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    acc = acc * weight + (1 - weight) * v;
    n++;
    return acc / (1 - weight ** n);
  });
}

/** {"model": {"layers": 2}} → {"model.layers": "2"}; arrays stay whole values. */
function flatten(value, prefix = '', out = {}) {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

export function mount(el, { query }) {
  const ids = [...new Set((query.get('ids') || '').split(',').filter(Boolean))];
  const view = {
    key: query.get('key'), x: xAxis(query.get('x')).key, smoothing: Number(query.get('smooth')) || 0,
    log: query.get('log') === '1', zoom: zoomOf(query),
  };
  const seriesCache = new Map(); // `${key}\u0000${id}` → points, downsampled with full detail where zoomed
  let runs = [];
  let keys = []; // every metric key of the runs, in the select's order; live runs may add more
  let chart;
  let curves = []; // as last drawn, in the order of runs
  let unknownX; // the link's x-metric when no run has it
  let closed = false;
  const live = new Set(); // ids of the runs followed, by stream or by polling
  const stopStreams = [];
  let pollTimer;
  let redrawTimer;

  el.innerHTML = `
    <div class="crumbs"><a href="#/runs">Runs</a> / Compare</div>
    <form class="toolbar" autocomplete="off">
      <h1>Compare ${ids.length} runs</h1>
      <label>Metric <select name="key" disabled><option>Loading…</option></select></label>
      <label>x-axis <select name="x" disabled><option>step</option></select></label>
      <label>Smoothing <input type="range" name="smoothing" min="0" max="0.99" step="0.01" value="${view.smoothing}">
        <output>${view.smoothing.toFixed(2)}</output></label>
      <label class="inline"><input type="checkbox" name="log"${view.log ? ' checked' : ''}> Log scale</label>
    </form>
    <div data-error></div>
    <div class="hint" data-x-missing hidden></div>
    <section class="chart-card big"><div class="plot"></div></section>
    <section><div data-legend></div></section>
    <section><h2>Spec differences
      <label class="inline hint"><input type="checkbox" name="all"> show identical paths</label></h2>
      <div data-diff></div></section>`;

  const form = el.querySelector('form');
  const plotEl = el.querySelector('.plot');
  const errorEl = el.querySelector('[data-error]');
  const xMissingEl = el.querySelector('[data-x-missing]');
  const showProblem = (err) => { if (!closed) errorEl.innerHTML = problemBox(err); };

  if (ids.length < 2) {
    errorEl.innerHTML = problemBox({ title: 'Pick at least two runs', detail: 'Select runs in the runs table, then Compare.' });
    return () => {};
  }

  function syncUrl() {
    const qs = new URLSearchParams();
    if (view.key) qs.set('key', view.key);
    if (view.x !== 'step') qs.set('x', view.x);
    if (view.smoothing) qs.set('smooth', view.smoothing);
    if (view.log) qs.set('log', '1');
    if (view.zoom) {
      const [from, to] = view.zoom;
      qs.set('from', linkNumber(from, to - from));
      qs.set('to', linkNumber(to, to - from));
    }
    history.replaceState(null, '', `#/compare?ids=${ids.map(encodeURIComponent).join(',')}&${qs}`);
  }

  /**
   * One request for all runs (or `runIds`): GET /runs/compare, with the curves of `key` when one is given, in
   * [fromStep, toStep].
   */
  function comparison(key, [fromStep, toStep] = [], runIds = ids) {
    return get('/runs/compare', { ids: runIds.join(','), key, maxPoints: MAX_POINTS, fromStep, toStep, times: true });
  }

  function remember(key, result) {
    for (const curve of result.series || []) seriesCache.set(`${key}\u0000${curve.runId}`, curve.points);
  }

  async function seriesFor(key) {
    if (runs.some((r) => !seriesCache.has(`${key}\u0000${r.id}`))) remember(key, await comparison(key));
    return runs.map((r) => seriesCache.get(`${key}\u0000${r.id}`) || []);
  }

  /**
   * Each run's curve of the metric: its points by step, its x-series (null on step), the points on the chosen x axis,
   * whether its x-series is monotonic and the x of its last step. On relative time each run starts at 0 from the first
   * point of this metric (the only curve of the run read here).
   */
  async function curvesFor(key, x) {
    const { time } = xAxis(x);
    const [all, xMetric] = await Promise.all([seriesFor(key), x === 'step' || time ? null : seriesFor(x)]);
    return all.map((steps, i) => {
      const lastStep = steps.at(-1)?.[0];
      const xSeries = time ? timeSeries(steps, time === 'relative' ? firstTime([steps]) : 0) : xMetric?.[i] ?? null;
      if (!xSeries) return { steps, xSeries, points: steps, monotonic: true, lastX: lastStep ?? null };
      return { steps, xSeries, ...mapToX(steps, xSeries), lastX: lastStep == null ? null : xOf(xSeries, lastStep) };
    });
  }

  /** The curves the chart is drawn from: the plotted metric and, on a metric x-axis, the x-metric. */
  function drawnKeys() {
    const { key, x } = view;
    return [key, ...(x === 'step' || xAxis(x).time || x === key ? [] : [x])];
  }

  /**
   * After a zoom to [fromX, toX]: every run's zoomed steps at full detail (within MAX_POINTS), one request per curve
   * for the steps of all runs together (on a time or metric axis each run reaches the window at its own steps); see
   * readZoomDetail.
   */
  async function zoomDetail([fromX, toX]) {
    const { key, x } = view;
    const stepsIn = (widen) => {
      const ranges = curves.map(({ xSeries }) => zoomedSteps(xSeries, fromX, toX, widen)).filter(Boolean);
      return ranges.length
        ? [Math.min(...ranges.map(([from]) => from)), Math.max(...ranges.map(([, to]) => to))] : null;
    };
    // The chart keeps its zoom through new data (lineChart's setData); a double-click shows the whole curve again.
    const read = async (k, steps) => {
      if (await readDetail(k, steps) && !closed && key === view.key && x === view.x) await draw({ rebuild: false });
    };
    try {
      await readZoomDetail(key, drawnKeys()[1], stepsIn, read);
    } catch {
      // detail is an enhancement; the client-side zoom already happened
    }
  }

  /** Reads the steps [from, to] of `key` and splices them into the runs' cached curves; whether that added points. */
  async function readDetail(key, steps) {
    const result = await comparison(key, steps);
    let added = false;
    for (const { runId, points } of result.series || []) {
      const cacheKey = `${key}\u0000${runId}`;
      const detailed = withDetail(seriesCache.get(cacheKey) || [], points, steps);
      if (detailed) seriesCache.set(cacheKey, detailed);
      added ||= Boolean(detailed);
    }
    return added;
  }

  function zoomed(fromX, toX) {
    view.zoom = [fromX, toX];
    syncUrl();
    zoomDetail(view.zoom);
  }

  function unzoomed() {
    view.zoom = null;
    syncUrl();
  }

  /**
   * Names what the chosen x-metric leaves out: the link's metric that no run has (the chart is on step), or the runs
   * without it. Those runs are left out rather than drawn on step: on an axis of another metric their steps would sit
   * at x positions that mean something else.
   */
  function showXMissing() {
    const lacking = runs.filter((r, i) => curves[i].steps.length && curves[i].xSeries?.length === 0)
      .map((r) => r.name || r.id);
    xMissingEl.textContent = unknownX ? `No run has ${unknownX}: the chart plots against step.`
      : lacking.length ? `No ${xAxis(view.x).label} in ${lacking.join(', ')}: not plotted.` : '';
    xMissingEl.hidden = !xMissingEl.textContent;
  }

  async function draw({ rebuild }) {
    const { key, x } = view;
    const drawn = await curvesFor(key, x);
    if (closed || key !== view.key || x !== view.x) return;
    curves = drawn;
    const data = join(curves.map(({ points }) => {
      const [xs, ys] = columns(points);
      return [xs, ema(ys, view.smoothing)];
    }));
    if (chart && !rebuild) {
      chart.setData(data);
    } else {
      chart?.destroy();
      chart = lineChart(plotEl, {
        series: runs.map((r, i) => ({ label: r.name || r.id, color: PALETTE[i % PALETTE.length] })),
        data, logY: view.log, x: xAxis(x), height: 360, zoom: view.zoom, onZoom: zoomed, onUnzoom: unzoomed,
      });
    }
    renderLegend();
    showXMissing();
  }

  function renderLegend() {
    if (!curves.length) return; // no metric yet
    const x = xAxis(view.x);
    el.querySelector('[data-legend]').innerHTML = `<table class="grid compact legend">
      <thead><tr><th>Run</th><th>Status</th><th>Kind</th>
        <th class="num">last ${esc(view.key)}</th><th class="num">at ${esc(x.label)}</th><th class="num">min</th>
        <th class="num">points</th></tr></thead>
      <tbody>${runs.map((r, i) => {
        const { steps, monotonic, lastX } = curves[i];
        const values = steps.map((p) => p[1]).filter(Number.isFinite);
        return `<tr data-run="${esc(r.id)}"${lastX == null ? '' : ` data-last-x="${lastX}"`}${
          live.has(r.id) ? ' data-live' : ''}>
          <td><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span><a href="#/runs/${encodeURIComponent(r.id)}">${esc(r.name || r.id)}</a>${
            monotonic ? '' : ' <span class="hint" data-x-note>x is not monotonic in this run</span>'}</td>
          <td>${statusChip(r.status)}${
            live.has(r.id) ? ' <span class="live">● live</span>' : ''}</td><td>${esc(r.kind)}</td>
          <td class="num mono">${fmtNum(steps.length ? steps[steps.length - 1][1] : null)}</td>
          <td class="num mono">${x.format(lastX)}</td>
          <td class="num mono">${values.length ? fmtNum(minOf(values)) : '—'}</td>
          <td class="num">${values.length}</td></tr>`;
      }).join('')}</tbody></table>`;
  }

  /** Follows the compared runs that are QUEUED or RUNNING: a stream each, or one poll for all (see MAX_STREAMS). */
  function followLive() {
    const active = runs.filter((r) => ACTIVE.has(r.status)).map((r) => r.id);
    active.forEach((id) => live.add(id));
    renderLegend();
    if (active.length > MAX_STREAMS) {
      poll();
      return;
    }
    for (const id of active) {
      stopStreams.push(followRun(id, {
        onStatus: (run) => setStatus(id, run.status),
        onMetrics: (batch) => {
          offerKeys(batch.map(({ key }) => key));
          for (const { key, points } of batch) appendPoints(key, id, (held) => mergeTail(held, points));
          redrawSoon();
        },
        // On every (re)connection: the points logged since the page's read, before the stream was there.
        onLive: (open) => { if (open) catchUp([id]).catch(() => {}); },
      }));
    }
  }

  function poll() {
    pollTimer = setTimeout(async () => {
      try {
        await catchUp([...live]);
      } catch {
        // the next poll tries again
      }
      if (!closed && live.size) poll();
    }, POLL_MILLIS);
  }

  /**
   * Reads the runs' statuses, their metric keys and their points since the last step held of the plotted metric and
   * x-metric.
   */
  async function catchUp(runIds) {
    for (const key of drawnKeys()) {
      const held = runIds.map((id) => seriesCache.get(`${key}\u0000${id}`)?.at(-1)?.[0] ?? -1);
      const result = await comparison(key, [Math.min(...held) + 1], runIds);
      if (closed) return;
      offerKeys(result.keys);
      for (const { runId, points } of result.series || []) {
        appendPoints(key, runId, (curve) => withLatest(curve, points));
      }
      for (const run of result.runs) if (live.has(run.id)) setStatus(run.id, run.status);
    }
    redrawSoon();
  }

  /** Changes a curve that was read already; the others are read whole when picked. */
  function appendPoints(key, runId, merge) {
    const cacheKey = `${key}\u0000${runId}`;
    if (seriesCache.has(cacheKey)) seriesCache.set(cacheKey, merge(seriesCache.get(cacheKey)));
  }

  function setStatus(runId, status) {
    runs = runs.map((r) => (r.id === runId ? { ...r, status } : r));
    if (!ACTIVE.has(status)) live.delete(runId);
    renderLegend();
  }

  /** One redraw for the batches that arrive together. */
  function redrawSoon() {
    if (redrawTimer || closed) return;
    redrawTimer = setTimeout(() => {
      redrawTimer = undefined;
      if (!closed) draw({ rebuild: false }).catch(showProblem);
    }, 100);
  }

  function renderDiff(showAll) {
    const flat = runs.map((r) => flatten(r.spec || {}));
    const paths = [...new Set(flat.flatMap(Object.keys))].sort();
    const rows = paths.filter((p) => showAll || new Set(flat.map((f) => f[p])).size > 1);
    el.querySelector('[data-diff]').innerHTML = rows.length
      ? `<div class="table-wrap"><table class="grid compact diff">
          <thead><tr><th>Path</th>${runs.map((r, i) => `<th><span class="swatch"
            style="background:${PALETTE[i % PALETTE.length]}"></span>${esc(r.name || r.id)}</th>`).join('')}</tr></thead>
          <tbody>${rows.map((p) => {
            const differs = new Set(flat.map((f) => f[p])).size > 1;
            return `<tr${differs ? ' class="differs"' : ''}><td class="mono">${esc(p)}</td>${flat.map((f) =>
              `<td class="mono">${p in f ? esc(f[p]) : '<span class="muted">—</span>'}</td>`).join('')}</tr>`;
          }).join('')}</tbody></table></div>`
      : '<div class="muted">The specs are identical.</div>';
  }

  form.addEventListener('submit', (e) => e.preventDefault());
  function apply(e) {
    const { name } = e.target;
    if (name === 'smoothing') {
      view.smoothing = Number(e.target.value);
      form.querySelector('output').textContent = view.smoothing.toFixed(2);
    } else if (name === 'log') {
      view.log = e.target.checked;
    } else if (name === 'key') {
      view.key = e.target.value;
    } else if (name === 'x') {
      view.x = e.target.value;
      view.zoom = null; // its range is one of the other axis
      unknownX = undefined;
    } else {
      return;
    }
    syncUrl();
    draw({ rebuild: name !== 'smoothing' })
      .then(() => { if (name === 'key' && view.zoom) zoomDetail(view.zoom); })
      .catch(showProblem);
  }
  // The slider redraws as it moves; the rest on change (a select's pick fires no input event under WebDriver).
  form.addEventListener('input', (e) => { if (e.target.name === 'smoothing') apply(e); });
  form.addEventListener('change', (e) => { if (e.target.name !== 'smoothing') apply(e); });
  el.querySelector('[name="all"]').addEventListener('change', (e) => renderDiff(e.target.checked));

  (async () => {
    let result;
    try {
      result = await comparison(view.key);
    } catch (err) {
      showProblem(err);
      return;
    }
    if (closed) return;
    if (result.missing.length) {
      errorEl.innerHTML = problemBox({ title: 'Some runs could not be loaded', detail: result.missing.join(', ') });
    }
    runs = result.runs;
    if (result.key) remember(result.key, result);
    renderDiff(false);
    keys = sortKeys(result.keys);
    if (view.x !== 'step' && !xAxis(view.x).time && !keys.includes(view.x)) {
      unknownX = view.x;
      view.x = 'step';
      view.zoom = null;
    }
    showKeys();
    syncUrl();
    if (keys.length) await draw({ rebuild: true }).catch(showProblem);
    if (closed) return;
    if (view.zoom && curves.length) zoomDetail(view.zoom);
    followLive();
  })();

  /** The metric and x-axis selects, with every key known; the first key is picked when the link's is not one. */
  function showKeys() {
    if (!keys.length) {
      form.key.innerHTML = '<option>No metrics</option>';
      return;
    }
    if (!keys.includes(view.key)) view.key = keys[0];
    form.key.innerHTML = keys.map((k) => `<option${k === view.key ? ' selected' : ''}>${esc(k)}</option>`).join('');
    form.x.innerHTML = xAxisOptions(keys, view.x);
    form.key.disabled = false;
    form.x.disabled = false;
  }

  /** Offers the keys of newly logged curves in the selects; a comparison that had no metric draws its first. */
  function offerKeys(logged) {
    const added = [...new Set(logged)].filter((k) => !keys.includes(k));
    if (!added.length) return;
    const first = !keys.length;
    keys = sortKeys([...keys, ...added]);
    showKeys();
    if (!first) return;
    syncUrl();
    draw({ rebuild: true }).catch(showProblem);
  }

  return () => {
    closed = true;
    stopStreams.forEach((stop) => stop());
    clearTimeout(pollTimer);
    clearTimeout(redrawTimer);
    chart?.destroy();
  };
}
