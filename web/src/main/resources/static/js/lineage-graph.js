// A lineage graph in an SVG: the artifact's ancestry and descendants merged into one
// DAG, laid out in layers, with pan and zoom. Used by the lineage view and the run page.

import { get } from './api.js';
import { arrowMarker, drawGraph } from './graph-view.js';
import { esc } from './ui.js';

const NODE = { nodeWidth: 190, nodeHeight: 50, gapX: 110, gapY: 26 };
const RELATION_COLORS = {
  produced: '#2563eb', pretrained_on: '#059669', selected_from: '#0891b2', finetuned_from: '#7c3aed',
  rl_from: '#db2777', reference: '#6b7280', reward: '#d97706', teacher: '#ea580c',
  distilled_into: '#65a30d', merged_from: '#dc2626', continued_from: '#0d9488',
};
export const relationColor = (relation) => RELATION_COLORS[relation] || '#4b5563';

/** Both directions in one graph; an edge found by both walks is drawn once. */
function merge(up, down) {
  const nodes = new Map();
  for (const n of [...up.nodes, ...down.nodes]) nodes.set(n.id, n);
  const edges = new Map();
  for (const e of [...up.edges, ...down.edges]) edges.set(`${e.from}\u0000${e.to}\u0000${e.relation}`, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const shortId = (id) => String(id).slice(0, 8);

// Any kind the API adds later (as it added `reward`) is drawn with its own name as the label
// and the plain node style until app.css gives it one.
function nodeSvg(n, rootId) {
  const title = n.name || shortId(n.id);
  const kind = n.kind || 'unknown';
  const subtitle = n.type === 'run' ? `run · ${kind} · ${(n.status || '').toLowerCase()}`
    : `${kind}${n.sha256 ? ` · ${n.sha256.slice(0, 10)}` : ''}`;
  const classes = ['node', `node-${n.type}`, `kind-${kind}`, n.id === rootId ? 'root' : '',
    n.status ? `status-${n.status.toLowerCase()}` : ''].filter(Boolean).join(' ');
  return `<g class="${esc(classes)}" data-node-id="${esc(n.id)}" data-type="${esc(n.type)}"
      transform="translate(${n.x},${n.y})" tabindex="0" role="link">
    <title>${esc(`${n.type} ${kind} ${n.name || ''}\n${n.id}${n.sha256 ? `\nsha256 ${n.sha256}` : ''}`)}</title>
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
  return relations.map((r) => arrowMarker(`arrow-${esc(r)}`, relationColor(r))).join('');
}

/** Both directions of the artifact's lineage, `depth` edges deep, as one graph. */
export async function loadLineage(rootId, depth) {
  const path = `/artifacts/${encodeURIComponent(rootId)}/lineage`;
  const [up, down] = await Promise.all([get(path, { direction: 'up', depth }), get(path, { direction: 'down', depth })]);
  return merge(up, down);
}

/**
 * Draws the lineage with drawGraph (once per SVG element). Clicking a node calls onOpen({id, type}).
 * Returns the pan/zoom controls and the relations drawn.
 */
export function drawLineage(svg, { nodes, edges }, rootId, onOpen) {
  const relations = [...new Set(edges.map((e) => e.relation))].sort();
  const { fit, zoom } = drawGraph(svg, { nodes, edges }, {
    size: NODE,
    nodeSvg: (n) => nodeSvg(n, rootId),
    edgeSvg,
    defs: markersSvg(relations),
    onOpen: (node) => onOpen({ id: node.dataset.nodeId, type: node.dataset.type }),
  });
  return { fit, zoom, relations };
}
