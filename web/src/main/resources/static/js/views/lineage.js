// #/lineage/{artifactId}?depth=N — everything the artifact came from and everything
// made from it, as one DAG of datasets, runs and models with typed edges.
// Click a run to open it; click another artifact to re-centre the graph on it.

import { get } from '../api.js';
import { layoutDag } from '../dag-layout.js';
import { panZoom } from '../pan-zoom.js';
import { esc, problemBox } from '../ui.js';

const DEPTHS = [1, 2, 3, 5, 10];
const NODE = { nodeWidth: 190, nodeHeight: 50, gapX: 110, gapY: 26 };
const RELATION_COLORS = {
  produced: '#2563eb', pretrained_on: '#059669', selected_from: '#0891b2', finetuned_from: '#7c3aed',
  rl_from: '#db2777', reference: '#6b7280', reward: '#d97706', teacher: '#ea580c',
  distilled_into: '#65a30d', merged_from: '#dc2626',
};
const relationColor = (relation) => RELATION_COLORS[relation] || '#4b5563';

/** Both directions in one graph; an edge found by both walks is drawn once. */
function merge(up, down) {
  const nodes = new Map();
  for (const n of [...up.nodes, ...down.nodes]) nodes.set(n.id, n);
  const edges = new Map();
  for (const e of [...up.edges, ...down.edges]) edges.set(`${e.from}\u0000${e.to}\u0000${e.relation}`, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const shortId = (id) => String(id).slice(0, 8);

function nodeSvg(n, rootId) {
  const title = n.name || shortId(n.id);
  const subtitle = n.type === 'run' ? `run · ${n.kind} · ${(n.status || '').toLowerCase()}`
    : `${n.kind}${n.sha256 ? ` · ${n.sha256.slice(0, 10)}` : ''}`;
  const classes = ['node', `node-${n.type}`, `kind-${n.kind}`, n.id === rootId ? 'root' : '',
    n.status ? `status-${n.status.toLowerCase()}` : ''].filter(Boolean).join(' ');
  return `<g class="${esc(classes)}" data-node-id="${esc(n.id)}" data-type="${esc(n.type)}"
      transform="translate(${n.x},${n.y})" tabindex="0" role="link">
    <title>${esc(`${n.type} ${n.kind} ${n.name || ''}\n${n.id}${n.sha256 ? `\nsha256 ${n.sha256}` : ''}`)}</title>
    <rect width="${NODE.nodeWidth}" height="${NODE.nodeHeight}" rx="${n.type === 'run' ? 6 : 16}"></rect>
    <text x="12" y="20" class="name">${esc(title.length > 24 ? `${title.slice(0, 23)}…` : title)}</text>
    <text x="12" y="38" class="sub">${esc(subtitle)}</text>
  </g>`;
}

function edgeSvg(e) {
  const color = relationColor(e.relation);
  return `<g class="edge" data-relation="${esc(e.relation)}" data-from="${esc(e.from)}" data-to="${esc(e.to)}">
    <path d="${e.path}" stroke="${color}" marker-end="url(#arrow-${esc(e.relation)})"></path>
    <text x="${e.mid.x}" y="${e.mid.y - 6}" fill="${color}">${esc(e.relation)}</text>
  </g>`;
}

function markersSvg(relations) {
  return relations.map((r) => `<marker id="arrow-${esc(r)}" viewBox="0 0 10 10" refX="10" refY="5"
      markerWidth="8" markerHeight="8" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill="${relationColor(r)}"></path></marker>`).join('');
}

export function mount(el, { params: [rootId], query }) {
  const depth = DEPTHS.includes(Number(query.get('depth'))) ? Number(query.get('depth')) : 5;
  let closed = false;

  el.innerHTML = `
    <div class="crumbs"><a href="#/runs">Runs</a> / Lineage / <span class="mono">${esc(rootId)}</span></div>
    <form class="toolbar" autocomplete="off">
      <h1>Lineage</h1>
      <label>Depth <select name="depth">${DEPTHS.map((d) =>
        `<option${d === depth ? ' selected' : ''}>${d}</option>`).join('')}</select></label>
      <span class="spacer"></span>
      <span class="legend" data-legend></span>
      <button type="button" class="btn" data-zoom="0.8" title="Zoom out">−</button>
      <button type="button" class="btn" data-zoom="1.25" title="Zoom in">+</button>
      <button type="button" class="btn" data-fit>Fit</button>
    </form>
    <div data-error></div>
    <div class="graph-card">
      <svg class="lineage" data-state="loading"><defs></defs><g class="viewport"></g></svg>
      <div class="graph-hint muted">drag to pan · wheel to zoom · click a run to open it, an artifact to centre on it</div>
    </div>`;

  const form = el.querySelector('form');
  const svg = el.querySelector('svg');
  const viewport = svg.querySelector('.viewport');
  const view = panZoom(svg, viewport);
  let graph;

  form.addEventListener('submit', (e) => e.preventDefault());
  form.depth.addEventListener('change', () => {
    location.hash = `#/lineage/${encodeURIComponent(rootId)}?depth=${form.depth.value}`;
  });
  form.addEventListener('click', (e) => {
    const zoom = e.target.closest('[data-zoom]');
    if (zoom) view.zoom(Number(zoom.dataset.zoom));
    if (e.target.closest('[data-fit]') && graph) view.fit(graph.width, graph.height);
  });

  const open = (node) => {
    if (node.dataset.type === 'run') location.hash = `#/runs/${encodeURIComponent(node.dataset.nodeId)}`;
    else if (node.dataset.nodeId !== rootId) location.hash = `#/lineage/${encodeURIComponent(node.dataset.nodeId)}?depth=${depth}`;
  };
  svg.addEventListener('click', (e) => {
    const node = e.target.closest('[data-node-id]');
    if (node) open(node);
  });
  svg.addEventListener('keydown', (e) => {
    const node = e.target.closest('[data-node-id]');
    if (node && e.key === 'Enter') open(node);
  });

  (async () => {
    let up;
    let down;
    try {
      const path = `/artifacts/${encodeURIComponent(rootId)}/lineage`;
      [up, down] = await Promise.all([get(path, { direction: 'up', depth }), get(path, { direction: 'down', depth })]);
    } catch (e) {
      if (!closed) el.querySelector('[data-error]').innerHTML = problemBox(e);
      svg.dataset.state = 'error';
      return;
    }
    if (closed) return;
    const { nodes, edges } = merge(up, down);
    graph = layoutDag(nodes, edges, NODE);
    const relations = [...new Set(graph.edges.map((e) => e.relation))].sort();
    svg.querySelector('defs').innerHTML = markersSvg(relations);
    viewport.innerHTML = graph.edges.map(edgeSvg).join('') + graph.nodes.map((n) => nodeSvg(n, rootId)).join('');
    el.querySelector('[data-legend]').innerHTML = relations.map((r) =>
      `<span><i style="background:${relationColor(r)}"></i>${esc(r)}</span>`).join('');
    view.fit(graph.width, graph.height);
    svg.dataset.state = 'ready';
  })();

  return () => { closed = true; };
}
