// #/sweeps/{id} — a sweep's parallel coordinates (one axis per parameter, the objective
// last, one line per finished trial) beside its parameters' importance, and its trials,
// the best one highlighted; polled while the sweep is queued or running; cancel while it runs.

import { get, post } from '../api.js';
import { drawParallelCoordinates } from '../parallel-coordinates.js';
import { ACTIVE, copyButton, esc, fmtAgo, fmtDuration, fmtNum, problemBox, statusChip } from '../ui.js';

const POLL_MS = 2000;

const value = (v) => (typeof v === 'number' ? fmtNum(v) : typeof v === 'string' ? v : JSON.stringify(v));

/** In a tpe sweep, how the trial's values were chosen; a trial tpe has not chosen yet has no values, and says when. */
function drawnHtml(sweep, t) {
  if (sweep.method !== 'tpe') return '';
  if (!t.drawnBy) {
    return ' <span class="hint" data-drawn-later title="tpe chooses its values from the trials scored when it starts">'
      + 'drawn by tpe when a slot frees</span>';
  }
  const title = t.drawnWhy ? `drawn at random: ${t.drawnWhy}` : t.drawnBy === 'tpe'
    ? 'chosen by tpe from the trials scored when it started' : 'a random startup trial';
  return ` <span class="hint" data-drawn="${esc(t.drawnBy)}" title="${esc(title)}">${esc(t.drawnBy)}</span>`;
}

/** In a pbt sweep, the trial's member and generation, and the trial whose checkpoint it continued. */
function memberHtml(t) {
  if (!t.pbt) return '';
  const { member, generation, parentTrial, exploited } = t.pbt;
  const from = parentTrial == null ? ''
    : exploited ? `, exploited trial ${parentTrial}` : `, continues trial ${parentTrial}`;
  return ` <span class="hint" data-member="${member}" data-generation="${generation}"${exploited ? ' data-exploited' : ''}
    title="member ${member}, generation ${generation}${from ? `; its run starts from trial ${parentTrial}'s checkpoint`
      : ''}">m${member} g${generation}${esc(from)}</span>`;
}

function trialsTableHtml(sweep) {
  const best = sweep.best?.trial;
  return `<table class="grid compact trials">
    <thead><tr><th class="num">Trial</th>${sweep.parameters.map((p) => `<th class="num">${esc(p.path)}</th>`).join('')}
      <th>Status</th><th class="num">${esc(sweep.objective.metric)}</th><th>Run</th></tr></thead>
    <tbody>${sweep.trials.map((t) => `<tr data-trial="${t.trial}"${t.trial === best ? ' class="best"' : ''}>
      <td class="num">${t.trial === best ? '<span title="best trial">★</span> ' : ''}${t.trial}${
        drawnHtml(sweep, t)}${memberHtml(t)}</td>
      ${sweep.parameters.map((p) => `<td class="num mono">${t.params[p.path] === undefined ? '—'
        : esc(value(t.params[p.path]))}</td>`).join('')}
      <td>${statusChip(t.status)}${t.stoppedEarly ? ` <span class="hint" data-stopped>stopped early${t.stoppedAt
        ? ` at step ${t.stoppedAt.step} (rung ${t.stoppedAt.rung})` : ''}</span>` : ''}</td>
      <td class="num mono">${t.objective == null ? '—' : esc(fmtNum(t.objective))}</td>
      <td>${t.runId ? `<a class="mono" href="#/runs/${encodeURIComponent(t.runId)}">${esc(t.runId.slice(0, 8))}</a>`
        : '—'}</td>
    </tr>`).join('')}</tbody></table>`;
}

const signed = (r) => `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)}`;

/** The API sorts the rows by importance; a correlation is blue where raising the parameter improves the objective. */
function importanceHtml(sweep) {
  if (!sweep.importance) return `<p class="muted" data-importance-reason>${esc(sweep.importanceReason ?? '')}</p>`;
  const tone = (r) => (!r ? '' : (sweep.objective.goal === 'minimize') === (r < 0) ? ' improves' : ' worsens');
  return `<table class="grid compact importance">
    <thead><tr><th>Parameter</th>
      <th title="the parameter's share of a 64-tree random forest's fit of the objective">Importance</th>
      <th class="num" title="with the objective, on the parameter's axis: blue where raising the parameter helps,
        orange where it hurts">Correlation</th></tr></thead>
    <tbody>${sweep.importance.map((row) => `<tr data-parameter="${esc(row.parameter)}">
      <td class="mono">${esc(row.parameter)}</td>
      <td><div class="progress" data-importance="${row.importance}">
        <div class="bar"><span style="width:${100 * row.importance}%"></span></div>
        <span class="num">${row.importance.toFixed(2)}</span></div></td>
      <td class="num mono${tone(row.correlation)}"
        data-correlation>${row.correlation == null ? '—' : signed(row.correlation)}</td>
    </tr>`).join('')}</tbody></table>`;
}

export function mount(el, { params: [id] }) {
  let sweep;
  let pollTimer;
  let closed = false;
  const path = `/sweeps/${encodeURIComponent(id)}`;

  el.innerHTML = `
    <div class="crumbs"><a href="#/sweeps">Sweeps</a> / <span class="mono">${esc(id)}</span></div>
    <div data-head><div class="muted">Loading…</div></div>
    <div data-body hidden>
      <div data-failure></div>
      <div class="sweep-charts">
        <section>
          <h2>Parallel coordinates <span class="hint">one line per finished trial, coloured from best (blue) to worst
            (orange); hover a line for its values</span></h2>
          <div class="graph-card"><svg class="parcoords"></svg></div>
        </section>
        <section>
          <h2>Parameter importance <span class="hint">over the finished trials</span></h2>
          <div data-importance></div>
        </section>
      </div>
      <section><h2>Trials</h2><div data-trials></div></section>
    </div>`;

  const head = el.querySelector('[data-head]');
  const svg = el.querySelector('svg.parcoords');

  function renderHead() {
    const c = sweep.counts;
    head.innerHTML = `
      <div class="run-head">
        <div class="title">
          <h1>${esc(sweep.name || sweep.id)}</h1>${statusChip(sweep.status)}
          <span class="spacer"></span>
          ${ACTIVE.has(sweep.status) ? '<button class="btn danger" data-action="cancel">Cancel sweep</button>' : ''}
        </div>
        <dl class="meta">
          <div><dt>Project</dt><dd>${esc(sweep.project || '—')}</dd></div>
          <div><dt>ID</dt><dd class="mono">${esc(sweep.id)} ${copyButton(sweep.id)}</dd></div>
          <div><dt>Search</dt><dd>${esc(`${sweep.method} over ${sweep.kind} runs, ${sweep.parallelism} at a time`)}</dd></div>
          <div><dt>Objective</dt><dd>${esc(`${sweep.objective.goal} ${sweep.objective.summary} ${sweep.objective.metric}`)}</dd></div>
          <div><dt>Trials</dt><dd>${esc(`${c.succeeded} succeeded, ${c.running + c.queued} running, ${c.failed} failed, `
            + `${c.cancelled} cancelled, ${c.pending} pending`)}</dd></div>
          <div><dt>Best</dt><dd data-best>${sweep.best ? `trial ${sweep.best.trial}: ${esc(fmtNum(sweep.best.objective))}
            (<a class="mono" href="#/runs/${encodeURIComponent(sweep.best.runId)}">${esc(sweep.best.runId.slice(0, 8))}</a>)`
            : '—'}</dd></div>
          <div><dt>Created</dt><dd>${fmtAgo(sweep.createdAt)}</dd></div>
          <div><dt>Duration</dt><dd>${fmtDuration(sweep.startedAt, sweep.finishedAt)}</dd></div>
        </dl>
        <div data-action-error></div>
      </div>`;
  }

  function render() {
    document.title = `${sweep.name || sweep.id} · Pedigree`;
    el.querySelector('[data-body]').hidden = false;
    renderHead();
    el.querySelector('[data-failure]').innerHTML = sweep.error
      ? `<pre class="error-box">${esc(sweep.error)}</pre>` : '';
    drawParallelCoordinates(svg, sweep);
    el.querySelector('[data-importance]').innerHTML = importanceHtml(sweep);
    el.querySelector('[data-trials]').innerHTML = trialsTableHtml(sweep);
  }

  async function load() {
    clearTimeout(pollTimer);
    let latest;
    try {
      latest = await get(path);
    } catch (e) {
      if (!closed) head.innerHTML = problemBox(e);
      return;
    }
    if (closed) return;
    sweep = latest;
    render();
    if (ACTIVE.has(sweep.status)) pollTimer = setTimeout(load, POLL_MS);
  }

  head.addEventListener('click', async (e) => {
    const button = e.target.closest('[data-action="cancel"]');
    if (!button || !confirm(`Cancel sweep "${sweep.name || sweep.id}" and its running trials?`)) return;
    button.disabled = true;
    try {
      await post(`${path}/cancel`);
      if (!closed) await load();
    } catch (err) {
      head.querySelector('[data-action-error]').innerHTML = problemBox(err);
      button.disabled = false;
    }
  });

  load();
  return () => {
    closed = true;
    clearTimeout(pollTimer);
    document.title = 'Pedigree';
  };
}
