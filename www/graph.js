// The computational graph: the network unrolled into its elementary
// operations for the sample shown, from the core's `graph()`. Values flow
// forward through each ×, + and activation; going back, each edge carries
// its local derivative, and the product along a path from the loss is that
// path's term in the chain rule. The page only places what the core gives.

import { h, s } from './dom.js';
import { fmt } from './format.js';

const COL = 118; // px between columns
const ROW = 66; // px between nodes in a column: room for a value below and ∂L/∂node above
const R = 17; // a node's radius
const TOP = 30;

/** Up to this size every operation is drawn; beyond, the paths to one parameter. */
const ALL_UP_TO = { layers: 4, neurons: 3 };

/** The column of a node: inputs, then per layer the weights, the products and biases, the sums, the activations; the loss last. */
function columnOf(node) {
  if (node.op === 'input') return 0;
  if (node.op === 'loss') return Infinity;
  const l = Number(node.id.match(/^[wbmza](\d+)/)[1]);
  const base = 4 * (l - 2);
  return base + { weight: 1, mul: 2, bias: 2, add: 3, act: 4 }[node.op];
}

/** The ids on some path from `param` to the loss, and the operands feeding those operations. */
function pathsOf(graph, param) {
  const up = new Map();
  for (const e of graph.edges) up.set(e.from, [...(up.get(e.from) ?? []), e.to]);
  const on = new Set();
  const walk = (id) => {
    if (id === 'loss') return true;
    let reaches = false;
    for (const to of up.get(id) ?? []) if (walk(to)) reaches = true;
    if (reaches) on.add(id);
    return reaches;
  };
  walk(param);
  on.add('loss');
  const keep = new Set(on);
  for (const e of graph.edges) if (on.has(e.to) && e.to !== 'loss') keep.add(e.from); // each operation's operands
  return keep;
}

/**
 * Draws `graph` into `root`. `back`: show the local derivatives and ∂L/∂node;
 * `param`: the parameter whose paths are marked (and, on a large network,
 * the only ones drawn); `name(id)`: a value's name; `act(id)`: the symbol of
 * an activation node's function.
 */
export function drawGraph(root, graph, { back, param, layers, digits, t, act, name }) {
  const small = layers.length <= ALL_UP_TO.layers && Math.max(...layers.slice(1)) <= ALL_UP_TO.neurons;
  const marked = pathsOf(graph, param);
  const shown = small ? graph.nodes : graph.nodes.filter((n) => marked.has(n.id));
  const ids = new Set(shown.map((n) => n.id));
  const edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));

  // Place each column's nodes top to bottom in the core's order.
  const cols = new Map();
  for (const n of shown) {
    const c = columnOf(n);
    cols.set(c, [...(cols.get(c) ?? []), n]);
  }
  const order = [...cols.keys()].sort((a, b) => a - b);
  const at = new Map();
  const tallest = Math.max(...[...cols.values()].map((c) => c.length));
  order.forEach((c, x) => {
    const list = cols.get(c);
    const offset = ((tallest - list.length) * ROW) / 2;
    list.forEach((n, y) => at.set(n.id, { x: 40 + x * COL, y: TOP + offset + y * ROW + R }));
  });
  const width = 80 + (order.length - 1) * COL;
  const height = TOP + tallest * ROW + 10;

  const symbol = (n) => (n.op === 'act' ? act(n.id) : { mul: '×', add: '+', loss: 'L' }[n.op] ?? name(n.id));
  const num = (v) => fmt(v, digits);

  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t.graphLabel });
  for (const e of edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    const on = marked.has(e.from) && marked.has(e.to);
    const g = s('g', { class: `g-edge${on ? ' onpath' : ''}`, 'data-from': e.from, 'data-to': e.to, 'data-local': String(e.local) },
      s('line', { x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y }));
    // Every edge names its local derivative on hover; the edges on the marked paths print it.
    g.append(s('title', {}, `∂(${name(e.to)})/∂${name(e.from)} = ${num(e.local)}`));
    if (back && on) {
      g.append(s('text', { class: 'local', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, 'text-anchor': 'middle' }, num(e.local)));
    }
    svg.append(g);
  }
  for (const n of shown) {
    const { x, y } = at.get(n.id);
    const g = s('g', {
      class: `g-node ${n.op}${n.id === param ? ' selected' : ''}`, 'data-node': n.id, 'data-value': String(n.value),
      'data-grad': String(n.grad), tabindex: 0, role: 'button', 'aria-label': `${name(n.id)} = ${num(n.value)}`,
    },
    s('circle', { cx: x, cy: y, r: R }),
    s('text', { class: 'op', x, y: y + 5, 'text-anchor': 'middle' }, symbol(n)),
    s('text', { class: 'val', x, y: y + R + 12, 'text-anchor': 'middle' }, num(n.value)));
    if (back) g.append(s('text', { class: 'grad', x, y: y - R - 4, 'text-anchor': 'middle' }, num(n.grad)));
    svg.append(g);
  }
  root.replaceChildren(
    h('p', { class: 'note' }, small ? t.graphAll : t.graphPaths(name(param))),
    h('div', { class: 'graph-wrap' }, svg),
    h('p', { class: 'note graph-rule', 'data-graph': 'rule' }, back ? t.graphBack : t.graphForward),
  );
  return svg;
}

/** The local derivative rule of node `n` with its numbers, from the core's edges into it. */
export function ruleOf(graph, id, { digits, t, name }) {
  const n = graph.nodes.find((x) => x.id === id);
  if (!n) return '';
  const ins = graph.edges.filter((e) => e.to === id);
  const num = (v) => fmt(v, digits);
  return t.graphRule(n.op, name(id), num(n.value), ins.map((e) => [name(e.from), num(e.local)]), num(n.grad));
}
