// #/lineage/{artifactId}?depth=N — everything the artifact came from and everything
// made from it, as one DAG of datasets, runs and models with typed edges.
// Click a run to open it; click another artifact to re-centre the graph on it.
// An artifact whose bytes are a file of the artifact store offers them for download.

import { get } from '../api.js';
import { drawLineage, loadLineage, relationColor } from '../lineage-graph.js';
import { esc, problemBox } from '../ui.js';

const DEPTHS = [1, 2, 3, 5, 10];

export function mount(el, { params: [rootId], query }) {
  const depth = DEPTHS.includes(Number(query.get('depth'))) ? Number(query.get('depth')) : 5;
  let closed = false;
  let graph;

  el.innerHTML = `
    <div class="crumbs"><a href="#/runs">Runs</a> / Lineage / <span class="mono">${esc(rootId)}</span></div>
    <form class="toolbar" autocomplete="off">
      <h1>Lineage</h1>
      <label>Depth <select name="depth">${DEPTHS.map((d) =>
        `<option${d === depth ? ' selected' : ''}>${d}</option>`).join('')}</select></label>
      <span class="spacer"></span>
      <span class="legend" data-legend></span>
      <a class="btn" data-download hidden download>Download</a>
      <button type="button" class="btn" data-zoom="0.8" title="Zoom out">−</button>
      <button type="button" class="btn" data-zoom="1.25" title="Zoom in">+</button>
      <button type="button" class="btn" data-fit>Fit</button>
    </form>
    <div data-error></div>
    <div class="graph-card">
      <svg class="lineage" data-state="loading"></svg>
      <div class="graph-hint muted">drag to pan · wheel to zoom · click a run to open it, an artifact to centre on it</div>
    </div>`;

  const form = el.querySelector('form');
  const svg = el.querySelector('svg');

  form.addEventListener('submit', (e) => e.preventDefault());
  form.depth.addEventListener('change', () => {
    location.hash = `#/lineage/${encodeURIComponent(rootId)}?depth=${form.depth.value}`;
  });
  form.addEventListener('click', (e) => {
    const zoom = e.target.closest('[data-zoom]');
    if (zoom) graph?.zoom(Number(zoom.dataset.zoom));
    if (e.target.closest('[data-fit]')) graph?.fit();
  });

  const open = ({ id, type }) => {
    if (type === 'run') location.hash = `#/runs/${encodeURIComponent(id)}`;
    else if (id !== rootId) location.hash = `#/lineage/${encodeURIComponent(id)}?depth=${depth}`;
  };

  // The graph reports a missing artifact; without its record there is just no link.
  get(`/artifacts/${encodeURIComponent(rootId)}`).then((artifact) => {
    const link = el.querySelector('[data-download]');
    if (closed || !artifact.contentUrl) return;
    link.href = artifact.contentUrl;
    link.title = `${artifact.name} · sha256 ${artifact.sha256}`;
    link.hidden = false;
  }, () => {});

  loadLineage(rootId, depth).then((lineage) => {
    if (closed) return;
    graph = drawLineage(svg, lineage, rootId, open);
    el.querySelector('[data-legend]').innerHTML = graph.relations.map((r) =>
      `<span><i style="background:${relationColor(r)}"></i>${esc(r)}</span>`).join('');
    svg.dataset.state = 'ready';
  }, (e) => {
    if (closed) return;
    el.querySelector('[data-error]').innerHTML = problemBox(e);
    svg.dataset.state = 'error';
  });

  return () => { closed = true; };
}
