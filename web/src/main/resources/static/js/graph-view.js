// A layered DAG drawn into an SVG with pan and zoom, its nodes opened by click or Enter.
// The callers (lineage graph, pipeline stages) decide how nodes and edges look.

import { layoutDag } from './dag-layout.js';
import { panZoom } from './pan-zoom.js';

/**
 * Draws the graph into an SVG (its content replaced) and fits it; once per SVG element, since
 * it adds listeners.
 * @param draw {size, nodeSvg(node), edgeSvg(edge), defs, onOpen(nodeElement)}; nodes carry data-node-id
 * @returns {fit, zoom, graph} where graph is the laid-out DAG
 */
export function drawGraph(svg, { nodes, edges }, { size, nodeSvg, edgeSvg, defs = '', onOpen }) {
  const graph = layoutDag(nodes, edges, size);
  svg.innerHTML = `<defs>${defs}</defs><g class="viewport"></g>`;
  const viewport = svg.querySelector('.viewport');
  const view = panZoom(svg, viewport);
  // Fit while the viewport is empty: measuring the SVG with thousands of nodes inside would force their layout
  // here, and the browser would lay them out again to paint.
  const fit = () => view.fit(graph.width, graph.height);
  fit();
  viewport.innerHTML = graph.edges.map(edgeSvg).join('') + graph.nodes.map(nodeSvg).join('');
  svg.addEventListener('click', (e) => {
    const node = e.target.closest('[data-node-id]');
    if (node) onOpen(node);
  });
  svg.addEventListener('keydown', (e) => {
    const node = e.target.closest('[data-node-id]');
    if (node && e.key === 'Enter') onOpen(node);
  });
  return { fit, zoom: view.zoom, graph };
}

/** An arrow head for edge paths, `marker-end="url(#id)"`. */
export const arrowMarker = (id, color) => `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5"
    markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"></path></marker>`;
