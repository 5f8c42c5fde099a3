// #/pipelines/{id} — the stage DAG coloured by status, each stage's runs and model,
// polled while the pipeline is queued or running; retry when it failed, cancel while it runs;
// approve or reject a gate the pipeline waits at (before its timeout, if it has one); every decision a gate took.

import { get, post } from '../api.js';
import { arrowMarker, drawGraph } from '../graph-view.js';
import { ACTIVE, copyButton, esc, fmtAgo, fmtDuration, fmtTime, problemBox, statusChip } from '../ui.js';

const POLL_MS = 2000;
const NODE = { nodeWidth: 180, nodeHeight: 50, gapX: 80, gapY: 24 };
const RETRYABLE = new Set(['FAILED', 'CANCELLED']);

const stageSub = (s) => `${s.kind} · ${s.status.toLowerCase()}`;

function stageNodeSvg(s) {
  return `<g class="node stage status-${esc(s.status.toLowerCase())}" data-node-id="${esc(s.name)}"
      transform="translate(${s.x},${s.y})" tabindex="0" role="link">
    <title>${esc(`${s.name} (${s.kind})${s.runId ? `\nrun ${s.runId}` : ''}`)}</title>
    <rect width="${NODE.nodeWidth}" height="${NODE.nodeHeight}" rx="6"></rect>
    <text x="12" y="20" class="name">${esc(s.name.length > 22 ? `${s.name.slice(0, 21)}…` : s.name)}</text>
    <text x="12" y="38" class="sub">${esc(stageSub(s))}</text>
  </g>`;
}

const dependsOnSvg = (e) => `<g class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}">
    <path d="${e.path}" stroke="#6b7280" marker-end="url(#arrow-stage)"></path></g>`;

function decisionText(s) {
  const gate = s.gate || {};
  if (!gate.decidedBy) return '—';
  return `${s.status.toLowerCase()} by ${gate.decidedBy}${gate.comment ? `: ${gate.comment}` : ''}`;
}

const deadlineHtml = ({ timeoutAt, onTimeout }) => (timeoutAt
  ? ` <span class="muted" data-deadline>Unless somebody decides, it will ${esc(onTimeout)} itself at
      ${esc(fmtTime(timeoutAt))}.</span>` : '');

const gateAskHtml = (s) => `<div class="gate-ask" data-gate="${esc(s.name)}">
    <p class="question"><strong>${esc(s.name)}</strong> waits for a decision: ${esc(s.gate.question)}${
  deadlineHtml(s.gate)}</p>
    <div class="row">
      <input type="text" maxlength="2000" placeholder="Comment (optional)" aria-label="Comment" data-comment>
      <button class="btn primary" data-decision="approve">Approve</button>
      <button class="btn danger" data-decision="reject">Reject</button>
    </div>
    <div data-gate-error></div>
  </div>`;

const registeredLink = ({ name, version, alias }) => `<a href="#/models/${encodeURIComponent(name)}"
    data-registered>${esc(`${name} v${version}${alias ? ` @${alias}` : ''}`)}</a>`;

const decisionItem = (d) => `<li>${esc(`try ${d.attempt}: ${d.decision} by ${d.by}`)}${
  d.comment ? esc(`: ${d.comment}`) : ''} · ${fmtAgo(d.at)}</li>`;

/** Every decision at a gate, oldest first, with the pipeline's try; none when the one shown above is the only one. */
const decisionsHtml = ({ decisions = [], decidedBy }) => (decisions.length > (decidedBy ? 1 : 0)
  ? `<ol class="decisions" data-decisions>${decisions.map(decisionItem).join('')}</ol>` : '');

function latestHtml(s) {
  if (s.gate) return esc(decisionText(s)) + decisionsHtml(s.gate);
  if (s.registered) return registeredLink(s.registered);
  return s.runId ? runLink(s.runId, s.runId.slice(0, 8)) : '—';
}

const runLink = (runId, text) => `<a class="mono" href="#/runs/${encodeURIComponent(runId)}">${esc(text)}</a>`;

function stagesTableHtml(stages) {
  return `<table class="grid compact stages">
    <thead><tr><th>Stage</th><th>Kind</th><th>Status</th><th>After</th><th>Run, decision or registration</th><th>Model</th>
      <th>Earlier runs</th></tr></thead>
    <tbody>${stages.map((s) => `<tr data-stage="${esc(s.name)}">
      <td>${esc(s.name)}</td><td>${esc(s.kind)}</td><td>${statusChip(s.status)}</td>
      <td>${s.dependsOn.length ? s.dependsOn.map(esc).join(', ') : '—'}</td>
      <td data-latest>${latestHtml(s)}</td>
      <td>${s.model ? `<a href="#/lineage/${encodeURIComponent(s.model)}" data-lineage>Lineage</a>` : '—'}</td>
      <td data-earlier>${s.runs.slice(0, -1).map((r) => runLink(r, r.slice(0, 8))).join(', ') || '—'}</td>
    </tr>`).join('')}</tbody></table>`;
}

export function mount(el, { params: [id] }) {
  let pipeline;
  let graph; // drawn once: the stages and their edges never change, only their status
  let pollTimer;
  let loads = 0; // a retry's reload may overlap a poll: only the latest load renders and polls on
  let closed = false;
  const path = `/pipelines/${encodeURIComponent(id)}`;

  el.innerHTML = `
    <div class="crumbs"><a href="#/pipelines">Pipelines</a> / <span class="mono">${esc(id)}</span></div>
    <div data-head><div class="muted">Loading…</div></div>
    <div data-body hidden>
      <div data-failure></div>
      <div data-gates></div>
      <section>
        <h2>Stages <span class="hint">drag to pan · wheel to zoom · click a stage to open its latest run</span></h2>
        <div class="graph-card"><svg class="lineage pipeline"></svg></div>
      </section>
      <section><div data-stages></div></section>
    </div>`;

  const head = el.querySelector('[data-head]');
  const svg = el.querySelector('svg');

  function renderHead() {
    head.innerHTML = `
      <div class="run-head">
        <div class="title">
          <h1>${esc(pipeline.name || pipeline.id)}</h1>${statusChip(pipeline.status)}
          <span class="spacer"></span>
          ${RETRYABLE.has(pipeline.status) ? '<button class="btn primary" data-action="retry">Retry</button>' : ''}
          ${ACTIVE.has(pipeline.status) ? '<button class="btn danger" data-action="cancel">Cancel pipeline</button>' : ''}
        </div>
        <dl class="meta">
          <div><dt>Project</dt><dd>${esc(pipeline.project || '—')}</dd></div>
          <div><dt>ID</dt><dd class="mono">${esc(pipeline.id)} ${copyButton(pipeline.id)}</dd></div>
          <div><dt>Stages done</dt><dd>${esc(`${pipeline.stagesSucceeded}/${pipeline.stagesTotal}`)}</dd></div>
          <div><dt>Created</dt><dd>${fmtAgo(pipeline.createdAt)}</dd></div>
          <div><dt>Duration</dt><dd>${fmtDuration(pipeline.startedAt, pipeline.finishedAt)}</dd></div>
        </dl>
        <div data-action-error></div>
      </div>`;
  }

  function renderGraph() {
    const nodes = pipeline.stages.map((s) => ({ ...s, id: s.name }));
    if (!graph) {
      const edges = pipeline.stages.flatMap((s) => s.dependsOn.map((from) => ({ from, to: s.name })));
      graph = drawGraph(svg, { nodes, edges }, {
        size: NODE, nodeSvg: stageNodeSvg, edgeSvg: dependsOnSvg, defs: arrowMarker('arrow-stage', '#6b7280'),
        onOpen: (node) => {
          const stage = pipeline.stages.find((s) => s.name === node.dataset.nodeId);
          if (stage?.runId) location.hash = `#/runs/${encodeURIComponent(stage.runId)}`;
        },
      });
      return;
    }
    for (const s of pipeline.stages) {
      const node = [...svg.querySelectorAll('[data-node-id]')].find((n) => n.dataset.nodeId === s.name);
      node.setAttribute('class', `node stage status-${s.status.toLowerCase()}`);
      node.querySelector('.sub').textContent = stageSub(s);
    }
  }

  function render() {
    document.title = `${pipeline.name || pipeline.id} · Pedigree`;
    el.querySelector('[data-body]').hidden = false;
    renderHead();
    el.querySelector('[data-failure]').innerHTML = pipeline.error || pipeline.status === 'FAILED'
      ? `<pre class="error-box">${esc(pipeline.error || 'The pipeline failed without an error message.')}</pre>` : '';
    renderGraph();
    renderGates();
    el.querySelector('[data-stages]').innerHTML = stagesTableHtml(pipeline.stages);
  }

  /** Redrawn only when the waiting gates change, so a poll never wipes a comment being typed. */
  function renderGates() {
    const gatesEl = el.querySelector('[data-gates]');
    const waiting = pipeline.stages.filter((s) => s.status === 'WAITING');
    const key = waiting.map((s) => s.name).join('\n');
    if (gatesEl.dataset.key === key) return;
    gatesEl.dataset.key = key;
    gatesEl.innerHTML = waiting.map(gateAskHtml).join('');
  }

  async function load() {
    clearTimeout(pollTimer);
    const current = ++loads;
    let latest;
    try {
      latest = await get(path);
    } catch (e) {
      if (!closed && current === loads) head.innerHTML = problemBox(e);
      return;
    }
    if (closed || current !== loads) return;
    pipeline = latest;
    render();
    if (ACTIVE.has(pipeline.status)) pollTimer = setTimeout(load, POLL_MS);
  }

  head.addEventListener('click', async (e) => {
    const button = e.target.closest('[data-action]');
    const action = button?.dataset.action;
    if (!action || (action === 'cancel' && !confirm(`Cancel pipeline "${pipeline.name || pipeline.id}"?`))) return;
    button.disabled = true;
    try {
      await post(`${path}/${action}`);
      if (!closed) await load();
    } catch (err) {
      head.querySelector('[data-action-error]').innerHTML = problemBox(err);
      button.disabled = false;
    }
  });

  el.querySelector('[data-gates]').addEventListener('click', async (e) => {
    const button = e.target.closest('[data-decision]');
    if (!button) return;
    const ask = button.closest('[data-gate]');
    const comment = ask.querySelector('[data-comment]').value.trim();
    ask.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await post(`${path}/gates/${encodeURIComponent(ask.dataset.gate)}/${button.dataset.decision}`,
        comment ? { comment } : undefined);
      if (!closed) await load();
    } catch (err) {
      ask.querySelector('[data-gate-error]').innerHTML = problemBox(err);
      ask.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  });

  load();
  return () => {
    closed = true;
    clearTimeout(pollTimer);
    document.title = 'Pedigree';
  };
}
