// Layered layout for small DAGs (lineage graphs), flowing left to right:
//   1. layer = longest path from a source, so every edge points to a later layer;
//   2. order inside each layer by the barycenter of neighbours, sweeping forth and back;
//   3. layers become columns, their nodes stacked and centred.
// Edges that would close a cycle are left out of layering and drawn all the same.

const SWEEPS = 4;

/**
 * @param nodes  [{id, ...}]
 * @param edges  [{from, to, ...}] (edges to unknown nodes are dropped)
 * @param size   {nodeWidth, nodeHeight, gapX, gapY}
 * @returns {nodes: [{...node, layer, x, y}], edges: [{...edge, path, mid: {x, y}}], width, height}
 */
export function layoutDag(nodes, edges, { nodeWidth = 180, nodeHeight = 48, gapX = 90, gapY = 24 } = {}) {
  const ids = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const layerOf = longestPathLayers(nodes, kept);
  const layers = orderLayers(nodes, kept, layerOf);

  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const position = new Map();
  layers.forEach((layer, li) => {
    const offset = ((tallest - layer.length) * (nodeHeight + gapY)) / 2;
    layer.forEach((id, i) => {
      position.set(id, { layer: li, x: li * (nodeWidth + gapX), y: offset + i * (nodeHeight + gapY) });
    });
  });

  return {
    nodes: nodes.map((n) => ({ ...n, ...position.get(n.id) })),
    edges: kept.map((e) => edgeGeometry(e, position.get(e.from), position.get(e.to), nodeWidth, nodeHeight)),
    width: Math.max(1, layers.length) * (nodeWidth + gapX) - gapX,
    height: tallest * (nodeHeight + gapY) - gapY,
  };
}

/** Kahn's order; a node's layer is one more than its deepest predecessor's. Nodes left on a cycle go last. */
function longestPathLayers(nodes, edges) {
  const incoming = new Map(nodes.map((n) => [n.id, 0]));
  const outgoing = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    incoming.set(e.to, incoming.get(e.to) + 1);
    outgoing.get(e.from).push(e.to);
  }
  const layer = new Map();
  const ready = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  ready.forEach((id) => layer.set(id, 0));
  while (ready.length) {
    const id = ready.shift();
    for (const next of outgoing.get(id)) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id) + 1));
      incoming.set(next, incoming.get(next) - 1);
      if (incoming.get(next) === 0) ready.push(next);
    }
  }
  const deepest = Math.max(0, ...layer.values());
  for (const n of nodes) if (!layer.has(n.id)) layer.set(n.id, deepest + 1);
  return layer;
}

/** Barycenter ordering: each node moves to the mean position of its neighbours in the layer just swept. */
function orderLayers(nodes, edges, layerOf) {
  const count = Math.max(0, ...layerOf.values()) + 1;
  const layers = Array.from({ length: count }, () => []);
  for (const n of nodes) layers[layerOf.get(n.id)].push(n.id);

  const neighbours = new Map(nodes.map((n) => [n.id, { up: [], down: [] }]));
  for (const e of edges) {
    neighbours.get(e.to).up.push(e.from);
    neighbours.get(e.from).down.push(e.to);
  }
  const index = new Map();
  const reindex = (layer) => layer.forEach((id, i) => index.set(id, i));
  layers.forEach(reindex);

  const sortBy = (layer, side) => {
    const centre = new Map(layer.map((id, i) => {
      const near = neighbours.get(id)[side].filter((other) => index.has(other));
      return [id, near.length ? near.reduce((sum, other) => sum + index.get(other), 0) / near.length : i];
    }));
    layer.sort((a, b) => centre.get(a) - centre.get(b));
    reindex(layer);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let i = 1; i < count; i++) sortBy(layers[i], 'up');
    for (let i = count - 2; i >= 0; i--) sortBy(layers[i], 'down');
  }
  return layers;
}

/** A cubic curve from the source's right side to the target's left side (or back round for a backward edge). */
function edgeGeometry(edge, from, to, width, height) {
  const x1 = from.x + width;
  const y1 = from.y + height / 2;
  const x2 = to.x;
  const y2 = to.y + height / 2;
  const bend = Math.max(40, Math.abs(x2 - x1) / 2);
  return {
    ...edge,
    path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
    mid: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 },
  };
}
