// #/runs/{id} — header, attempts, one live chart per metric key, spec and artifacts.

import { get, post } from '../api.js';
import { PALETTE, columns, lineChart, xAxis, xAxisOptions } from '../chart.js';
import { drawLineage, loadLineage } from '../lineage-graph.js';
import { followRun, mergeTail } from '../run-events.js';
import {
  ACTIVE, copyButton, esc, fmtAgo, fmtBytes, fmtCost, fmtDuration, fmtInt, fmtNum, fmtSeconds, fmtTime, minOf,
  problemBox, progressBar, sortKeys, statusChip,
} from '../ui.js';
import { firstTime, isMonotonic, mapToX, timeSeries, xOf } from '../x-axis.js';
import { readZoomDetail, withDetail, zoomedSteps } from '../zoom-detail.js';

const MAX_POINTS = 1000;

export function mount(el, { params: [id], query }) {
  const charts = new Map(); // key → {key, points, color, chart, card}
  let x = xAxis(query.get('x'));
  let run;
  let stopEvents = () => {}; // closes the event stream, once one is open
  let closed = false;
  let pending = []; // live metric batches that arrive before the first load is shown
  let lineageRoot; // the output whose lineage is drawn
  const registrations = new Map(); // output model id → promise of its registry versions

  el.innerHTML = `
    <div class="crumbs"><a href="#/runs">Runs</a> / <span class="mono">${esc(id)}</span></div>
    <div data-head><div class="muted">Loading…</div></div>
    <div data-body hidden>
      <div data-failure></div>
      <section>
        <h2>Metrics <span class="live" hidden>● live</span>
          <span class="hint">drag to zoom · double-click to reset</span>
          <label class="hint">x-axis <select name="x" data-x-select></select></label>
          <span class="hint" data-x-note hidden>x is not monotonic in this run</span>
          <span class="hint" data-x-missing hidden></span></h2>
        <div class="charts"><div class="muted">Loading metrics…</div></div>
      </section>
      <section><h2>Timeline</h2><div data-timeline></div><div data-attempts></div></section>
      <div class="columns">
        <section><h2>Spec</h2><div data-spec></div></section>
        <section><h2>Artifacts</h2><div data-artifacts></div></section>
      </div>
      <section data-neighbourhood hidden>
        <h2>Lineage <a class="hint" data-lineage-link>open the full graph</a></h2>
        <div class="graph-card"><svg class="lineage small"></svg></div>
      </section>
    </div>`;

  const head = el.querySelector('[data-head]');
  const chartsEl = el.querySelector('.charts');
  const liveEl = el.querySelector('.live');
  const xSelect = el.querySelector('[data-x-select]');
  const xNote = el.querySelector('[data-x-note]');
  const xMissing = el.querySelector('[data-x-missing]');

  function renderRun() {
    document.title = `${run.name || run.id} · Pedigree`;
    el.querySelector('[data-body]').hidden = false;
    head.innerHTML = `
      <div class="run-head">
        <div class="title">
          <h1>${esc(run.name || run.id)}</h1>${statusChip(run.status)}
          <span class="spacer"></span>
          ${ACTIVE.has(run.status) && run.kind !== 'tracked' // its MLflow client ends a tracked run
            ? '<button class="btn danger" data-cancel>Cancel run</button>' : ''}
        </div>
        <dl class="meta">
          <div><dt>Kind</dt><dd>${esc(run.kind)}</dd></div>
          <div><dt>Project</dt><dd>${esc(run.project || '—')}</dd></div>
          <div><dt>ID</dt><dd class="mono">${esc(run.id)} ${copyButton(run.id)}</dd></div>
          <div><dt>Created</dt><dd>${fmtAgo(run.createdAt)}</dd></div>
          <div><dt>Duration</dt><dd>${fmtDuration(run.startedAt, run.finishedAt)}</dd></div>
          ${run.usage ? `<div><dt>Device time</dt><dd title="${esc(run.usage.device)}">${fmtSeconds(run.usage.deviceSeconds)}
            (${fmtSeconds(run.usage.lostSeconds)} lost) · ${fmtCost(run.usage.cost, run.usage.currency)}</dd></div>` : ''}
          <div class="wide"><dt>Progress</dt><dd>${progressBar(run.progress, run.status)}</dd></div>
        </dl>
        <div data-cancel-error></div>
      </div>`;

    const failure = el.querySelector('[data-failure]');
    const error = typeof run.error === 'string' ? run.error : run.error && JSON.stringify(run.error, null, 2);
    failure.innerHTML = run.status === 'FAILED' || error
      ? `<pre class="error-box">${esc(error || 'The run failed without an error message.')}</pre>` : '';

    el.querySelector('[data-timeline]').innerHTML = statusTimelineHtml(run);
    el.querySelector('[data-attempts]').innerHTML = attemptsHtml(run);
    el.querySelector('[data-spec]').innerHTML = `<div class="code">${copyButton(JSON.stringify(run.spec, null, 2))}
      <pre>${esc(JSON.stringify(run.spec, null, 2))}</pre></div>`;
    el.querySelector('[data-artifacts]').innerHTML =
      artifactsHtml('Outputs', run.outputs) + artifactsHtml('Inputs', run.inputs);
    showRegistrations();
    showLineage();
  }

  /** "name vN" chips beside each output model that is registered (fetched once per model). */
  async function showRegistrations() {
    for (const model of (run.outputs || []).filter((a) => a.kind === 'model')) {
      if (!registrations.has(model.id)) {
        registrations.set(model.id, get(`/artifacts/${encodeURIComponent(model.id)}/model-versions`).catch(() => []));
      }
      const versions = await registrations.get(model.id);
      const cell = el.querySelector(`[data-registered="${CSS.escape(model.id)}"]`);
      if (!closed && cell) cell.innerHTML = registryChips(versions);
    }
  }

  /** The neighbourhood of the run's model (else its latest output), drawn again only when that output changes. */
  async function showLineage() {
    const outputs = run.outputs || [];
    const root = outputs.find((a) => a.kind === 'model') || outputs[outputs.length - 1];
    if (!root || root.id === lineageRoot) return;
    lineageRoot = root.id;
    const section = el.querySelector('[data-neighbourhood]');
    section.querySelector('[data-lineage-link]').href = `#/lineage/${encodeURIComponent(root.id)}`;
    try {
      const lineage = await loadLineage(root.id, 2);
      if (closed || lineageRoot !== root.id) return;
      section.hidden = false;
      // A fresh SVG each time: drawing adds pan, zoom and click listeners to the one it gets.
      const svg = section.querySelector('svg');
      const fresh = svg.cloneNode(false);
      svg.replaceWith(fresh);
      drawLineage(fresh, lineage, root.id, ({ id, type }) => {
        location.hash = type === 'run' ? `#/runs/${encodeURIComponent(id)}` : `#/lineage/${encodeURIComponent(id)}`;
      });
    } catch {
      // The neighbourhood is an extra; the artifacts table above links to the full view.
    }
  }

  /** The metric every chart is plotted against; null on step and on the time axes. */
  const xSeries = () => (x.key === 'step' || x.time ? null : charts.get(x.key)?.points || []);

  /** The x-series of a chart's points: its own wall times on a time axis; null on step. */
  function xSeriesOf(points) {
    if (!x.time) return xSeries();
    return timeSeries(points, x.time === 'relative' ? firstTime([...charts.values()].map((e) => e.points)) : 0);
  }

  function showChart(key, points) {
    const entry = entryFor(key, points);
    plot(entry);
    if (key === x.key) {
      for (const other of charts.values()) if (other !== entry) plot(other);
      showXNote();
    }
  }

  /** The chart's card and points, the card added on the key's first points; draws nothing. */
  function entryFor(key, points) {
    let entry = charts.get(key);
    if (!entry) {
      const card = document.createElement('div');
      card.className = 'chart-card';
      card.dataset.key = key;
      card.innerHTML = `<div class="chart-title"><span class="mono" title="${esc(key)}">${esc(key)}</span>
        <span class="stats"></span></div>
        <div class="plot"></div>`;
      chartsEl.append(card);
      entry = { key, card, points, color: PALETTE[charts.size % PALETTE.length] };
      charts.set(key, entry);
      xSelect.innerHTML = xAxisOptions(sortKeys([...charts.keys()]), x.key);
    }
    entry.points = points;
    return entry;
  }

  const showXNote = () => { xNote.hidden = !xSeries() || isMonotonic(xSeries()); };

  /** Draws the entry's points on the chosen x axis; `rebuild` makes a new chart (the axis changed). */
  function plot(entry, rebuild = false) {
    const { key, card, points } = entry; // [[step, value, wallTime], ...]
    const xs = xSeriesOf(points);
    const plotted = xs ? mapToX(points, xs).points : points;
    if (entry.chart && !rebuild) {
      entry.chart.setData(columns(plotted));
    } else {
      entry.chart?.destroy();
      entry.chart = lineChart(card.querySelector('.plot'), {
        series: [{ label: key, color: entry.color }],
        data: columns(plotted),
        x,
        onZoom: (from, to) => zoomDetail(entry, from, to),
      });
    }
    const values = points.map((p) => p[1]).filter(Number.isFinite);
    const last = points.at(-1);
    const lastX = last && (xs ? xOf(xs, last[0]) : last[0]);
    card.dataset.points = plotted.length;
    if (lastX == null) delete card.dataset.lastX;
    else card.dataset.lastX = lastX;
    // The last point as it is, so that a diverged run shows NaN; the minimum of the numbers.
    card.querySelector('.stats').innerHTML = points.length
      ? `last <b>${fmtNum(last[1])}</b>${lastX == null ? '' : ` at ${x.key === 'step' ? 'step ' : ''}${x.format(lastX)}`}`
        + ` · min ${values.length ? fmtNum(minOf(values)) : '—'} · ${fmtInt(points.length)} pts`
      : '';
  }

  xSelect.addEventListener('change', () => {
    x = xAxis(xSelect.value);
    xMissing.hidden = true;
    const query = x.key === 'step' ? '' : `?${new URLSearchParams({ x: x.key })}`;
    history.replaceState(null, '', `#/runs/${encodeURIComponent(id)}${query}`);
    showXNote();
    for (const entry of charts.values()) plot(entry, true);
  });

  /** Asks the server for the zoomed steps at full detail (within MAX_POINTS); see readZoomDetail. */
  async function zoomDetail(entry, fromX, toX) {
    const read = async (key, [fromStep, toStep]) => {
      const res = await get(`/runs/${encodeURIComponent(id)}/metrics`,
        { key, maxPoints: MAX_POINTS, fromStep, toStep, times: true });
      const points = withDetail(charts.get(key).points, res.series?.[0]?.points || [], [fromStep, toStep]);
      if (!closed && points) showChart(key, points);
    };
    const xKey = xSeries() && x.key !== entry.key ? x.key : null;
    try {
      await readZoomDetail(entry.key, xKey, (widen) => zoomedSteps(xSeriesOf(entry.points), fromX, toX, widen), read);
    } catch {
      // Detail is an enhancement; the client-side zoom already happened.
    }
  }

  async function loadMetrics() {
    const { keys = [] } = await get(`/runs/${encodeURIComponent(id)}/metrics/keys`);
    const names = sortKeys(keys.map((k) => k.key));
    if (closed) return;
    chartsEl.replaceChildren();
    if (!names.length) {
      chartsEl.innerHTML = '<div class="muted" data-none>No metrics reported yet.</div>';
      return;
    }
    const { series = [] } = await get(`/runs/${encodeURIComponent(id)}/metrics`,
      { key: names, maxPoints: MAX_POINTS, times: true });
    if (closed) return;
    const byKey = new Map(series.map((s) => [s.key, s.points]));
    if (x.key !== 'step' && !x.time && !names.includes(x.key)) {
      xMissing.textContent = `this run has no ${x.key}: plotted against step`;
      xMissing.hidden = false;
      x = xAxis('step');
    }
    // Every chart's points first, so that each is drawn once, on the x-series.
    for (const key of names) entryFor(key, byKey.get(key) || []);
    for (const entry of charts.values()) plot(entry);
    showXNote();
  }

  function subscribe() {
    stopEvents = followRun(id, {
      onStatus: (next) => {
        run = next;
        renderRun();
      },
      onMetrics: (batch) => {
        if (pending) pending.push(batch);
        else appendLive(batch);
      },
      onLive: (open) => { liveEl.hidden = !open; },
    });
  }

  function appendLive(batch) {
    chartsEl.querySelector('[data-none]')?.remove();
    let step = run.progress?.step ?? 0;
    for (const { key, points } of batch) {
      showChart(key, mergeTail(charts.get(key)?.points || [], points));
      step = Math.max(step, points.at(-1)?.[0] ?? 0);
    }
    // Metric steps are training steps: move the header's progress bar without waiting for a status event.
    if (step !== run.progress?.step) {
      run.progress = { ...run.progress, step };
      head.querySelector('.progress').outerHTML = progressBar(run.progress, run.status);
    }
  }

  head.addEventListener('click', async (e) => {
    const button = e.target.closest('[data-cancel]');
    if (!button || !confirm(`Cancel run "${run.name || run.id}"?`)) return;
    const errorEl = head.querySelector('[data-cancel-error]');
    button.disabled = true;
    try {
      await post(`/runs/${encodeURIComponent(id)}/cancel`);
      button.textContent = 'Cancelling…';
      run = await get(`/runs/${encodeURIComponent(id)}`);
      if (!closed) renderRun();
    } catch (err) {
      errorEl.innerHTML = problemBox(err);
      button.disabled = false;
    }
  });

  (async () => {
    try {
      run = await get(`/runs/${encodeURIComponent(id)}`);
    } catch (e) {
      if (!closed) head.innerHTML = problemBox(e);
      return;
    }
    if (closed) return;
    renderRun();
    if (ACTIVE.has(run.status)) subscribe();
    try {
      await loadMetrics();
    } catch (e) {
      if (!closed) chartsEl.innerHTML = problemBox(e);
    }
    if (closed) return;
    pending.forEach(appendLive);
    pending = null;
  })();

  return () => {
    closed = true;
    stopEvents();
    for (const { chart } of charts.values()) chart.destroy();
    document.title = 'Pedigree';
  };
}

/** What happened to the run, in time order: submitted, each attempt (a resume point after the first), the end. */
function statusTimelineHtml(run) {
  const events = [{ at: run.createdAt, status: 'queued', text: 'Submitted' }];
  for (const a of run.attempts || []) {
    const where = [a.worker, a.device].filter(Boolean).map(esc).join(' · ');
    events.push({
      at: a.startedAt,
      status: 'running',
      text: `Attempt #${esc(a.attempt)} ${a.fromStep ? `resumed from step ${fmtInt(a.fromStep)}` : 'started'}`
        + (where ? ` <span class="muted">${where}</span>` : ''),
    });
  }
  if (run.finishedAt) events.push({ at: run.finishedAt, status: run.status.toLowerCase(), text: esc(run.status) });
  else if (!run.attempts?.length && run.startedAt) events.push({ at: run.startedAt, status: 'running', text: 'Started' });
  return `<ol class="status-timeline">${events.map((e) => `<li class="ev-${esc(e.status)}">
      <span class="dot"></span><div>${e.text}</div><div class="muted">${e.at ? fmtTime(e.at) : '—'}</div></li>`).join('')}
    ${ACTIVE.has(run.status) ? `<li class="ev-now"><span class="dot"></span><div>${esc(run.status)}</div>
      <div class="muted">now</div></li>` : ''}</ol>`;
}

function attemptsHtml(run) {
  const attempts = run.attempts || [];
  if (!attempts.length) return '<div class="muted">No attempts yet.</div>';
  const total = Math.max(run.progress?.totalSteps || 0, run.progress?.step || 0, 1);
  const segments = attempts.map((a, i) => {
    const from = a.fromStep || 0;
    const to = i + 1 < attempts.length ? attempts[i + 1].fromStep || 0 : run.progress?.step || from;
    const left = (100 * from) / total;
    const width = Math.max(0.5, (100 * (to - from)) / total);
    return `<span class="seg seg-${i % 2}" style="left:${left}%;width:${width}%"
      title="Attempt ${a.attempt}: steps ${fmtInt(from)}–${fmtInt(to)}">#${esc(a.attempt)}</span>`;
  }).join('');
  return `<div class="timeline">${segments}</div>
    <table class="grid compact">
      <thead><tr><th>Attempt</th><th class="num">From step</th><th>Worker</th><th>Device</th>
        <th>Started</th><th>Ended</th><th class="num">Duration</th><th class="num">Device time</th>
        <th class="num" title="Time on steps that the next attempt redid from its checkpoint">Lost</th></tr></thead>
      <tbody>${attempts.map((a) => `<tr>
        <td>#${esc(a.attempt)}</td><td class="num mono">${fmtInt(a.fromStep ?? 0)}</td>
        <td class="mono">${esc(a.worker || '—')}</td><td>${esc(a.device || '—')}</td>
        <td>${fmtTime(a.startedAt)}</td><td>${a.endedAt ? fmtTime(a.endedAt) : 'running'}</td>
        <td class="num">${fmtDuration(a.startedAt, a.endedAt)}</td><td class="num">${fmtSeconds(a.deviceSeconds)}</td>
        <td class="num">${fmtSeconds(a.lostSeconds)}</td></tr>`).join('')}</tbody>
    </table>`;
}

const registryChips = (versions) => versions.map((v) => ` <a class="chip chip-alias" data-registry-chip
  href="#/models/${encodeURIComponent(v.name)}">${esc(v.name)} v${esc(v.version)}</a>`).join('');

function artifactsHtml(title, artifacts) {
  if (!artifacts?.length) return title === 'Outputs' ? '<div class="muted">No outputs yet.</div>' : '';
  return `<h3>${title}</h3><div class="scroll-x"><table class="grid compact">
    <thead><tr><th>Kind</th><th>Name</th><th>Format</th><th class="num">Size</th><th>SHA-256</th><th></th></tr></thead>
    <tbody>${artifacts.map((a) => `<tr>
      <td>${esc(a.kind)}</td>
      <td title="${esc(a.uri)}">${esc(a.name || a.id)}${a.registry ? ` <span class="chip chip-alias mono"
        title="resolved at submission">${esc(a.registry)} → v${esc(a.version)}</span>` : ''}<span
        data-registered="${esc(a.id)}"></span></td>
      <td>${esc(a.format || '—')}</td>
      <td class="num">${fmtBytes(a.bytes)}</td>
      <td class="sha"><span class="mono" title="${esc(a.sha256)}">${esc(a.sha256?.slice(0, 16) || '—')}…</span>
        ${a.sha256 ? copyButton(a.sha256) : ''}</td>
      <td><a href="#/lineage/${encodeURIComponent(a.id)}" data-lineage="${esc(a.id)}">Lineage</a>${a.contentUrl
        ? ` · <a href="${esc(a.contentUrl)}" download data-download>Download</a>` : ''}</td></tr>`).join('')}</tbody></table></div>`;
}
