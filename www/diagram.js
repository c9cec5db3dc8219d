// The network as SVG. `build` makes every element once per shape (ids are
// stable: `w3-1-2` is the text showing w³₁₂), those of the parts a big
// network never draws (collapsed rows and wire labels) in idle time after
// it; `update` only sets text, attributes and classes. Each value's text
// element carries `data-name` (the core's name, e.g. `w3.1.2`) and
// `data-value` (the full-precision number, absent while the value is not
// computed yet).

import { h, s, setAttr, setText, whenIdle } from './dom.js';
import { fmt, label, layerTitle, paramValue, parse, preloadLabels, valueNames } from './format.js';
import { layout, ROW } from './layout.js';
import { reducedMotion } from './motion.js';
import { scrollCue } from './scrollcue.js';

const ROWS = ['b', 'z', 'a', 'd', 'gb']; // a card's rows, top to bottom
const idOf = (name) => name.replaceAll('.', '-');
// A weight's wire: the drawn line and a wider, invisible one to hover or
// click. Each is a copy of this one: 8 layers of 16 have 1,425 weights, and
// a copy costs half of building its three elements one by one.
const WIRE = s('g', { class: 'edge' }, s('polyline', { class: 'wire' }), s('polyline', { class: 'hit' }));

const FLASH_MAX = 150; // beyond this many changed values a flash is noise, and slow
const IDLE_SLICE_MS = 10; // the longest an idle callback builds parts or writes values
/** The smallest scale the drawing fits by: its 12px values at 9px. Narrower, it scrolls. */
export const MIN_SCALE = 0.75;
/** A box narrower than this is a phone's: there the drawing opens fitted to the width, and zooms to 100 % on request. */
const PHONE = 520;
const HEADING_CHAR = 6.8; // px a character of a heading's second line (12 px type), a little over the average
const HEADING_NEIGHBOUR = 90; // px of the widest second line beside the input column ("hidden · leaky ReLU" is less)

/** Writes a value's name with stacked super- and subscripts as tspans. */
function nameText(attrs, lab) {
  const t = s('text', attrs, lab.base);
  const small = 0.72;
  if (lab.sup) t.append(s('tspan', { class: 'idx', dy: '-0.45em', 'font-size': `${small}em` }, lab.sup));
  if (lab.sub) {
    // Pull the subscript back under the superscript, so w³₁₂ reads as in print.
    const back = lab.sup ? `-${(lab.sup.length * 0.56 * small).toFixed(2)}em` : undefined;
    t.append(s('tspan', { class: 'idx', dx: back, dy: lab.sup ? '0.95em' : '0.3em', 'font-size': `${small}em` }, lab.sub));
  }
  t.setAttribute('aria-hidden', 'true');
  return t;
}

export class Diagram {
  /** Whether `fit` has run: until it has, `build` leaves fitting to the ResizeObserver. */
  #fitted = false;

  /**
   * `onEdit(name, anchor)` is called when an editable value is clicked or
   * activated from the keyboard; with `onSelect(name)`, a weight or bias is
   * selected by its first click and edited by a click once selected.
   */
  constructor({ onEdit, onSelect, onNeuron = null }) {
    this.onEdit = onEdit;
    this.onSelect = onSelect;
    this.onNeuron = onNeuron; // called with 'l.j' as a neuron is hovered or focused, null as it is left
    this.selected = null; // the selected weight or bias, set by the element
    this.stage = h('div', { class: 'stage' });
    this.scroller = h('div', { class: 'scroller' }, this.stage);
    // Its fades follow the drawing's size by themselves, once it is laid out.
    scrollCue(this.scroller);
    this.tip = h('div', { class: 'tip', role: 'tooltip', hidden: true });
    // On a phone: the whole drawing in the width, or its values at full size.
    this.zoom = 'fit';
    this.zoomButtons = ['fit', 'full'].map((z) => h('button', { class: 'btn small', type: 'button', 'data-zoom': z, onclick: () => this.setZoom(z) }));
    this.zoomBar = h('div', { class: 'zoom', role: 'group', hidden: true }, ...this.zoomButtons);
    this.scroller.prepend(this.zoomBar);
    this.stage.append(this.tip);
    // A tapped value's tooltip stays up (a finger leaves no hover) until a tap anywhere else.
    document.addEventListener('pointerdown', (e) => {
      if (!this.tip.hidden && !e.composedPath().includes(this.tipFor)) this.#hideTip();
    }, true);
    this.svg = null;
    this.cells = new Map(); // core name → the text element showing it
  }

  /**
   * Builds the SVG for `layers` with names in `notation` and room for
   * `digits` significant digits; with `thumbs`, a picture of the input plane
   * on each neuron (see `thumbs()`). With `wiresLater`, the wires wait for
   * `wire()`, or the next `update()`: a big network's 1,425 wires are most
   * of its elements, too much to build and lay out in one frame with the rest.
   */
  build(layers, { notation, digits, t, thumbs = false, wiresLater = false }) {
    this.layers = layers;
    this.notation = notation;
    this.digits = digits;
    this.t = t;
    const g = (this.geo = layout(layers, digits, thumbs));
    // Values never drawn on a big network (a collapsed row or wire label),
    // only in tooltips and data-value: thousands of elements, built after the rest, in idle time.
    this.unseen = new Set(valueNames(layers, (kind, l) => this.#collapsed({ kind, l })));
    this.#unbuilt = [];
    // every name this drawing writes now, in one call into the core
    preloadLabels(valueNames(layers, (kind, l) => !this.#collapsed({ kind, l })), notation, layers);
    this.cells.clear();
    this.zoomBar.setAttribute('aria-label', t.zoomLabel);
    for (const b of this.zoomButtons) {
      const fit = b.dataset.zoom === 'fit';
      b.textContent = fit ? t.zoomFit : t.zoomFull;
      b.title = fit ? t.zoomFitTitle : t.zoomFullTitle;
    }
    this.nodes = new Map(); // 'l.j' → node group
    this.edges = new Map(); // 'w..' → edge group
    this.labels = new Map(); // 'w..' → label group
    this.pictures = []; // [canvas] of each neuron's picture, inputs first, as the core stacks them
    const L = layers.length;

    const svg = s('svg', {
      class: `net ${g.full ? 'full' : 'mini'}`,
      viewBox: `0 0 ${g.width} ${g.height}`,
      role: 'group',
      'aria-label': t.diagramLabel,
    });
    const headers = s('g', { class: 'headers' });
    const wires = s('g', { class: 'wires' });
    const edges = s('g', { class: 'edges' });
    const labels = s('g', { class: 'labels' });
    const nodes = s('g', { class: 'nodes' });
    const io = s('g', { class: 'io' });
    svg.append(headers, wires, edges, labels, nodes, io);

    // Headings: a column's title, and a second line (the activation) set in update().
    const head = (x, title, id) => {
      headers.append(s('text', { x, y: g.top - 38, class: 'h1', 'text-anchor': 'middle' }, title));
      headers.append(s('text', { x, y: g.top - 20, class: 'h2', 'text-anchor': 'middle', id }));
    };
    g.columns.forEach((col, l) => head(col.x, layerTitle(this.t, l + 1, this.layers, this.notation), `head-${l + 1}`));
    head(g.targets[0].x, t.targets, 'head-out');
    headers.lastChild.textContent = t.targetsSub;

    // Weights: one wire per weight, with an invisible wider line to hover or click.
    const buildWires = () => g.edges.forEach((gap, gi) => {
      const l = gi + 2;
      gap.rows.forEach((row, j0) => row.forEach((e, k0) => {
        const name = `w${l}.${j0 + 1}.${k0 + 1}`;
        const points = e.points.map((p) => p.join(',')).join(' ');
        const edge = WIRE.cloneNode(true);
        edge.id = `edge-${idOf(name)}`;
        edge.setAttribute('data-tip', name);
        edge.setAttribute('data-from', `${l - 1}.${k0 + 1}`);
        edge.setAttribute('data-to', `${l}.${j0 + 1}`);
        edge.firstChild.setAttribute('points', points);
        edge.lastChild.setAttribute('points', points);
        if (gap.labels === 'none') edge.lastChild.setAttribute('data-edit', name);
        edges.append(edge);
        this.edges.set(name, edge);
        this.#buildSoon(name, () => {
          const lab = this.#edgeLabel(name, e.label, gap.labels);
          labels.append(lab);
          this.labels.set(name, lab);
        });
      }));
    });
    this.#wires = wiresLater ? buildWires : null;
    if (!wiresLater) buildWires();

    // Neurons.
    g.columns.forEach((col, l0) => col.nodes.forEach((n, j0) => {
      const node = this.#node(l0 + 1, j0 + 1, n, g.full);
      nodes.append(node);
      this.nodes.set(`${l0 + 1}.${j0 + 1}`, node);
    }));

    // The targets of the shown sample at the right end (its inputs are in layer 1's cards).
    const last = g.columns[L - 1];
    g.targets.forEach((c, j0) => {
      io.append(this.#chip(`y1.${j0 + 1}`, c));
      const n = last.nodes[j0];
      wires.append(s('line', { class: 'io-wire compare', x1: n.x + n.w / 2 + 3, y1: n.y, x2: c.x - c.w / 2 - 3, y2: c.y }));
    });
    io.append(this.#lossBox(g.loss));

    this.#findEditables(svg);
    this.#owed.clear();
    // A new drawing opens at its start. This lays out what changed before it,
    // not the new drawing, which is laid out once, with the next frame.
    if (this.svg) this.scroller.scrollLeft = 0;
    this.svg?.remove();
    this.svg = svg;
    this.#masked = false;
    this.stage.prepend(svg);
    this.#listen(svg);
    // The first drawing is fitted by the element's ResizeObserver once layout
    // is done, rather than forcing a layout here; a later one (another
    // network in the same box) may not resize the box, so it fits now.
    if (this.#fitted) this.fit();
  }

  #wires = null; // builds the wires that `build` left for later, or null

  /** Builds the wires now if `build` left them for later. */
  wire() {
    const wires = this.#wires;
    if (!wires) return;
    this.#wires = null;
    wires();
    this.#findEditables(this.svg);
  }

  /** Editable values are buttons; update() names each with its value. */
  #findEditables(svg) {
    this.editables = [...svg.querySelectorAll('[data-edit][tabindex]')].map((el) => [el, el.getAttribute('data-edit')]);
  }

  /**
   * Whether a value of kind `p.kind` in layer `p.l` (as `parse` gives them;
   * no layer for x and y) is in a collapsed part: a wire label of a gap
   * that shows none, or a small card's hidden row.
   */
  #collapsed(p) {
    const g = this.geo;
    if (p.kind === 'w' || p.kind === 'gw') return g.edges[p.l - 2].labels === 'none';
    if (g.full || p.l === undefined) return false;
    return p.kind !== (p.l === 1 ? 'x' : 'a');
  }

  #unbuilt = []; // functions that build the collapsed parts not built yet

  /** Builds the part showing value `name` now, or later if it is collapsed. */
  #buildSoon(name, build) {
    if (this.unseen.has(name)) this.#unbuilt.push(build);
    else build();
  }

  /** Builds up to `n` of the collapsed parts not built yet (the wires first, if `build` left them: their labels are among those parts). */
  #buildSome(n) {
    this.wire();
    const some = this.#unbuilt.splice(0, n);
    for (const build of some) build();
  }

  /** On a phone, fits the whole drawing to the width ('fit') or shows it at 100 % ('full'), scrolling. */
  setZoom(zoom) {
    this.zoom = zoom;
    this.fit();
  }

  /**
   * Scales the drawing to the space it has, down to `minScale` (MIN_SCALE
   * unless set; a figure in an article keeps its values at 11 px); below
   * that it scrolls, with a fade at the cut edge. A phone's box fits it
   * whole, or shows it at 100 % when asked.
   */
  fit() {
    if (!this.svg) return;
    this.#fitted = true;
    // The box's size as the ResizeObserver last saw it: reading it here,
    // after a new drawing went in, would lay out the whole drawing at once.
    this.#box ??= this.#measure();
    const least = this.minScale ?? MIN_SCALE;
    const avail = this.#box.width || this.geo.width;
    const whole = (avail - 2) / this.geo.width;
    const phone = avail < PHONE && whole < least && !this.fitHeight;
    this.zoomBar.hidden = !phone;
    for (const b of this.zoomButtons) b.setAttribute('aria-pressed', String(b.dataset.zoom === this.zoom));
    let scale = Math.min(this.maxScale ?? 1, Math.max(least, whole));
    if (phone) scale = this.zoom === 'fit' ? whole : 1;
    // A fixed height (an embed's `height` attribute) shrinks the drawing to fit it.
    const room = this.fitHeight ? this.#box.height : 0;
    if (room > 0) scale = Math.min(scale, (avail - 2) / this.geo.width, (room - 2) / this.geo.height);
    this.scale = scale;
    // A drawing that fits rounds down to stay inside; one that scrolls anyway rounds up, its values no smaller than asked.
    const px = scale > whole ? Math.ceil : Math.floor;
    this.svg.style.width = `${px(this.geo.width * scale)}px`;
    this.svg.style.height = `${px(this.geo.height * scale)}px`;
  }

  #box = null; // { width, height } of the scroller, as last measured

  #measure() {
    return { width: this.scroller.clientWidth, height: this.scroller.clientHeight };
  }

  /** Fits the drawing again to its box, which has just been laid out at a new size (a ResizeObserver's call). */
  resized() {
    this.#box = this.#measure();
    this.fit();
  }

  /** Scrolls the diagram sideways, never the page, until `els` are in view: their middle, if they cannot all be. */
  reveal(els) {
    const box = this.scroller;
    if (!els.length || box.scrollWidth <= box.clientWidth) return;
    const view = box.getBoundingClientRect();
    const rects = els.map((el) => el.getBoundingClientRect());
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const clear = 48; // past the fade at a cut edge
    let dx = 0;
    if (right - left > view.width - 2 * clear) dx = (left + right) / 2 - (view.left + view.width / 2);
    else if (left < view.left + clear) dx = left - view.left - clear;
    else if (right > view.right - clear) dx = right - view.right + clear;
    if (Math.abs(dx) >= 1) box.scrollBy({ left: dx, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  /** A value's text element, registered under its core name. */
  #value(name, attrs, id = idOf(name)) {
    const v = s('text', { id, 'data-name': name, class: 'val', ...attrs });
    this.cells.set(name, v);
    return v;
  }

  #label(name) {
    return label(name, this.notation, this.layers);
  }

  /**
   * A weight's label: w and ∂L/∂w with their names ('full'), w's name and
   * value ('named') or its value alone ('value', the rest in the tooltip),
   * or nothing on screen ('none').
   */
  #edgeLabel(name, b, mode) {
    const left = b.x - b.w / 2;
    const right = b.x + b.w / 2;
    const top = b.y - b.h / 2;
    const grad = `g${name}`;
    if (mode !== 'full') {
      const named = mode === 'named';
      return s('g', { class: `elabel ${mode === 'none' ? 'collapsed' : 'small'}`, 'data-edit': name, 'data-tip': name, tabindex: mode === 'none' ? null : 0, role: 'button' },
        s('rect', { x: left, y: top, width: b.w, height: b.h, rx: 5 }),
        named ? nameText({ x: left + 8, y: b.y + 4.5, class: 'name' }, this.#label(name)) : null,
        this.#value(name, named ? { x: right - 8, y: b.y + 4.5, 'text-anchor': 'end' } : { x: b.x, y: b.y + 4.5, 'text-anchor': 'middle' }),
        this.#value(grad, { class: 'val back hidden' }));
    }
    return s('g', { class: 'elabel', 'data-edit': name, 'data-tip': name, tabindex: 0, role: 'button' },
      s('rect', { x: left, y: top, width: b.w, height: b.h, rx: 6 }),
      nameText({ x: left + 8, y: top + 15, class: 'name' }, this.#label(name)),
      this.#value(name, { x: right - 8, y: top + 15, 'text-anchor': 'end' }),
      nameText({ x: left + 8, y: top + 31, class: 'name back' }, this.#label(grad)),
      this.#value(grad, { x: right - 8, y: top + 31, 'text-anchor': 'end', class: 'val back' }));
  }

  /**
   * A neuron's card: rows b, z, a, δ, ∂L/∂b, or x and a in layer 1. In a
   * small card only one row shows (a; x in layer 1) and the tooltip has the rest.
   */
  #node(l, j, n, full) {
    const input = l === 1;
    const box = n.x - n.w / 2;
    const top = n.y - n.h / 2;
    const node = s('g', { class: `node${input ? ' input' : ''}`, id: `node-${l}-${j}`, 'data-node': `${l}.${j}`, 'data-tip': `${l}.${j}`, tabindex: full ? null : 0 },
      s('rect', { class: 'card', x: box, y: top, width: n.w, height: n.h, rx: full ? 10 : 8 }));
    // The neuron's picture at the card's left; the rows move right to make room.
    const side = this.geo.thumb;
    const left = side ? box + side + 6 : box;
    if (side) {
      const canvas = h('canvas', { class: 'thumb-px', width: 1, height: 1 });
      node.append(s('foreignObject', { class: 'thumb', 'data-thumb': `${l}.${j}`, x: box + 5, y: n.y - side / 2, width: side, height: side }, canvas));
      this.pictures.push(canvas);
    }
    const rows = input ? ['x', 'a'] : ROWS;
    const valueLeft = left + (input ? 38 : 60);
    rows.forEach((kind, i) => {
      const name = kind === 'x' ? `x1.${j}` : `${kind}${l}.${j}`;
      this.#buildSoon(name, () => this.#row(node, name, kind, i, { n, j, full, box, top, left, valueLeft }));
    });
    if (!full) node.setAttribute('data-edit', input ? `x1.${j}` : `b${l}.${j}`);
    return node;
  }

  /** Row `i` of a neuron's card (box `n`, neuron `j`): value `name` of `kind`, with its name where there is room. */
  #row(node, name, kind, i, { n, j, full, box, top, left, valueLeft }) {
    const shown = !this.unseen.has(name);
    const y = full ? top + 9 + ROW * i + 13 : n.y + 5;
    const row = s('g', { class: `row r-${kind}${shown ? '' : ' collapsed'}${kind === 'd' || kind === 'gb' ? ' back' : ''}` });
    if (full && (kind === 'b' || kind === 'x')) {
      row.setAttribute('data-edit', name);
      row.setAttribute('data-tip', name);
      row.setAttribute('tabindex', 0);
      row.setAttribute('role', 'button');
      row.append(s('rect', { class: 'field', x: valueLeft, y: y - 13, width: box + n.w - 4 - valueLeft, height: 18, rx: 4 }));
    }
    if (full || this.geo.named) row.append(nameText({ x: left + 9, y, class: 'name' }, this.#label(name)));
    row.append(this.#value(name, { x: box + n.w - 9, y, 'text-anchor': 'end' }, kind === 'x' ? `x-${j}` : undefined));
    node.append(row);
  }

  /**
   * Puts each neuron's picture from the core's `neuronImages` (one n-pixel
   * square a neuron, stacked, inputs first) into its card.
   */
  thumbs(img) {
    const n = img.width;
    this.pictures.forEach((c, i) => {
      if (c.width !== n) {
        c.width = n;
        c.height = n;
      }
      c.getContext('2d').putImageData(img, 0, -i * n, 0, i * n, n, n);
    });
  }

  /** A target of the shown sample. */
  #chip(name, c) {
    const left = c.x - c.w / 2;
    const j = name.split('.')[1];
    return s('g', { class: 'chip', 'data-edit': name, 'data-tip': name, tabindex: 0, role: 'button' },
      s('rect', { x: left, y: c.y - c.h / 2, width: c.w, height: c.h, rx: 6 }),
      this.geo.named ? nameText({ x: left + 9, y: c.y + 5, class: 'name' }, this.#label(name)) : null,
      this.#value(name, { x: left + c.w - 9, y: c.y + 5, 'text-anchor': 'end' }, `y-${j}`));
  }

  #lossBox(b) {
    const { t } = this;
    const x = b.x;
    const row = (i) => b.y + 12 + ROW * i + 12;
    return s('g', { class: 'lossbox' },
      s('rect', { x, y: b.y, width: b.w, height: b.h, rx: 10 }),
      s('text', { x: x + 10, y: row(0), class: 'formula', id: 'loss-formula' }),
      s('text', { x: x + 10, y: row(1), class: 'name', id: 'loss-sample-name' }),
      this.#value('loss.1', { x: x + b.w - 10, y: row(1), 'text-anchor': 'end' }, 'loss-sample'),
      s('text', { x: x + 10, y: row(2), class: 'name' }, t.meanLoss),
      this.#value('loss', { x: x + b.w - 10, y: row(2), 'text-anchor': 'end', class: 'val total' }));
  }

  #listen(svg) {
    const editable = (e) => e.target.closest?.('[data-edit]');
    svg.addEventListener('click', (e) => {
      const el = editable(e);
      if (!el) return;
      // A weight or bias: the first click selects it (the chain rule), a click on the selected one edits.
      const name = el.getAttribute('data-edit');
      if (this.onSelect && /^[wb]/.test(name) && this.selected !== name) this.onSelect(name);
      else this.onEdit(name, el);
    });
    svg.addEventListener('keydown', (e) => {
      const el = editable(e);
      if (el && e.key === 'Enter') {
        e.preventDefault();
        // Enter edits, and selects a weight or bias on the way (its chain rule); Space is Play's.
        const name = el.getAttribute('data-edit');
        if (this.onSelect && /^[wb]/.test(name) && this.selected !== name) this.onSelect(name);
        this.onEdit(name, el);
      }
    });
    const show = (e) => {
      const el = e.target.closest?.('[data-tip]');
      if (!el) return;
      this.#highlight(el);
      if (el.classList.contains('node')) this.onNeuron?.(el.getAttribute('data-node'));
      // A full card already shows its values; its editable rows still explain themselves.
      if (this.geo.full && el.classList.contains('node')) this.tip.hidden = true;
      else this.#showTip(el);
    };
    const hide = (e) => {
      const el = e.target.closest?.('[data-tip]');
      if (!el || el.contains(e.relatedTarget) || e.pointerType === 'touch') return;
      this.#hideTip();
      if (el.classList.contains('node')) this.onNeuron?.(null);
    };
    svg.addEventListener('pointerover', show);
    svg.addEventListener('focusin', show);
    svg.addEventListener('pointerout', hide);
    svg.addEventListener('focusout', hide);
  }

  /** Marks the wires into and out of a neuron, or of one weight. */
  #highlight(el) {
    this.svg.querySelectorAll('.hl').forEach((x) => x.classList.remove('hl'));
    if (!el) return;
    const key = el.getAttribute('data-tip');
    if (key.startsWith('b')) return;
    if (this.edges.has(key)) {
      this.edges.get(key).classList.add('hl');
      this.labels.get(key).classList.add('hl');
      return;
    }
    for (const edge of this.edges.values()) {
      if (edge.dataset.from === key || edge.dataset.to === key) edge.classList.add('hl');
    }
  }

  #hideTip() {
    this.tip.hidden = true;
    this.tipFor = null;
    this.#highlight(null);
  }

  #showTip(el) {
    this.#catchUp(Infinity); // the values it shows, as they are now
    this.tipFor = el;
    const key = el.getAttribute('data-tip');
    let names;
    if (/^[wb]/.test(key)) names = [key, `g${key}`];
    else if (/^[xy]/.test(key)) names = [key];
    else if (key.startsWith('1.')) names = [`x1.${key.slice(2)}`, `a${key}`];
    else names = ROWS.map((k) => `${k}${key}`);
    const lines = names.map((name) => {
      const cell = this.cells.get(name);
      return h('div', {}, h('span', { class: 'tn' }, this.#label(name).text), ' = ', h('b', {}, cell.textContent));
    });
    for (const name of names) {
      const prev = this.#before(name);
      if (prev !== undefined) lines.push(h('div', { class: 'tprev' }, `${this.t.beforeStep} ${this.#label(name).text} = ${prev}`));
    }
    const edit = el.getAttribute('data-edit') ?? el.querySelector('.hit[data-edit]')?.getAttribute('data-edit');
    if (edit) {
      const pick = this.onSelect && /^[wb]/.test(edit) && this.selected !== edit;
      lines.push(h('div', { class: 'thint' }, (pick ? this.t.clickToSelect : this.t.clickToEdit)(this.#label(edit).text)));
    }
    this.tip.replaceChildren(...lines);
    this.tip.style.left = '0px'; // measured at full width, wherever the last tip stood
    this.tip.hidden = false;
    const stage = this.stage.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2 - stage.left;
    // Below the element, or above it when the stage ends first.
    let y = r.bottom - stage.top + 8;
    if (y + this.tip.offsetHeight > stage.height) y = Math.max(0, r.top - stage.top - this.tip.offsetHeight - 8);
    // Inside the part of the stage in view: a diagram wider than its box scrolls.
    const lo = this.scroller.scrollLeft + 4;
    const hi = this.scroller.scrollLeft + this.scroller.clientWidth - this.tip.offsetWidth - 4;
    this.tip.style.left = `${Math.max(lo, Math.min(x - this.tip.offsetWidth / 2, hi))}px`;
    this.tip.style.top = `${y}px`;
    this.#highlight(el);
  }

  /**
   * Shows values the current trace does not hold, `[[name, value]]` from the
   * core (the gradients a step just used), until the next `update`; `spent`
   * fades them, as they belong to the weights before the step.
   */
  hold(values, { spent = false } = {}) {
    this.#buildSome(Infinity);
    for (const [name, v] of values) {
      const cell = this.cells.get(name);
      if (!cell) continue;
      this.#owed.delete(name); // what the trace held for it gives way
      this.#write(cell, v, spent);
    }
  }

  /** Writes value `v` (a number, or none yet) into its cell: text, full-precision data-value, and whether it is empty or spent. */
  #write(cell, v, spent = false) {
    const number = typeof v === 'number';
    setText(cell, fmt(v, this.digits));
    setAttr(cell, 'data-value', number ? String(v) : null);
    cell.classList.toggle('empty', !number);
    cell.classList.toggle('spent', spent);
  }

  /**
   * Shows one moment of the network. `m` has `state`, `trace` (or null),
   * `phase` ('none', 'forward' or 'backward': how much of the trace to show),
   * `sample` (0-based), `digits`, `mask` (dropout mask or null), `prev` (the
   * state before the last step, or null), `quiet` (no change flashes) and
   * `playing` (the values no one sees wait until a tooltip or a later drawing).
   */
  update(m) {
    this.wire();
    const health = m.health;
    for (const [key, node] of this.nodes) {
      node.classList.toggle('saturated', Boolean(health?.saturated.includes(key)));
      node.classList.toggle('dead', Boolean(health?.dead.includes(key)));
    }
    const { state, trace, phase, sample, digits } = m;
    const L = this.layers.length;
    const fwd = phase !== 'none' && trace ? trace.samples[sample] : null;
    const back = phase === 'backward' && trace?.grad_weights ? trace : null;
    const changed = [];
    // The values no one sees (thousands on a big network, each costing the
    // browser a layout) follow in idle time, or while playing once Play stops;
    // a tooltip brings them up to date at once.
    this.#owed.clear();
    // On a big network, while playing, each redraw of the numbers writes
    // every other layer's, in turn, and owes the rest like the unseen ones:
    // half the text to lay out in a frame.
    const half = m.playing && this.unseen.size ? (this.#half ^= 1) : -1;
    // And it gives one gap's wires their new look, each gap in turn: a wire
    // whose width changes is painted again with every wire it crosses.
    const turn = half >= 0 ? (this.#wiresTurn = (this.#wiresTurn + 1) % (L - 1)) : -1;
    let later = false; // whether the layer being written waits for the next redraw
    const put = (name, v) => {
      if (later || this.unseen.has(name)) {
        this.#owed.set(name, v);
        return;
      }
      const cell = this.cells.get(name);
      const shown = cell.textContent;
      this.#write(cell, v);
      if (shown !== '' && shown !== cell.textContent && typeof v === 'number') changed.push(cell);
    };

    let maxAbs = 1;
    for (const layer of state.weights) for (const row of layer) for (const w of row) maxAbs = Math.max(maxAbs, Math.abs(w));
    this.#shown = { prev: m.prev, state, digits };
    for (let l = 2; l <= L; l++) {
      later = l % 2 === half;
      const W = state.weights[l - 2];
      W.forEach((row, j0) => row.forEach((w, k0) => {
        const name = `w${l}.${j0 + 1}.${k0 + 1}`;
        put(name, w);
        put(`g${name}`, back?.grad_weights[l - 2][j0][k0]);
        if (turn >= 0 && l - 2 !== turn) return; // its wires keep their look until their turn
        const edge = this.edges.get(name);
        edge.classList.toggle('neg', w < 0);
        edge.classList.toggle('zero', w === 0);
        // in tenths of a pixel: a step moves few wires across one, and each wire whose width changes is laid out and painted again
        setAttr(edge.firstChild, 'stroke-width', (0.6 + 4 * Math.sqrt(Math.abs(w) / maxAbs)).toFixed(1));
      }));
      state.biases[l - 2].forEach((b, j0) => {
        const n = `${l}.${j0 + 1}`;
        put(`b${n}`, b);
        put(`gb${n}`, back?.grad_biases[l - 2][j0]);
        const layer = fwd?.layers[l - 1];
        put(`z${n}`, layer?.z[j0]);
        put(`a${n}`, layer?.a[j0]);
        put(`d${n}`, back ? trace.samples[sample].layers[l - 1].delta[j0] : undefined);
      });
    }
    later = false;

    // The shown sample: its inputs, targets and loss; data-name follows the sample.
    const smp = state.samples[sample];
    const sn = sample + 1;
    // With input features layer 1 holds functions of the raw inputs: its a is
    // the core's feature value, and a neuron past the raw inputs shows it as its x too.
    for (let k0 = 0; k0 < state.layers[0]; k0++) {
      const cell = this.cells.get(`x1.${k0 + 1}`);
      setAttr(cell, 'data-name', `x${sn}.${k0 + 1}`);
      put(`x1.${k0 + 1}`, state.features ? fwd?.layers[0].a[k0] : smp.input[k0]);
      put(`a1.${k0 + 1}`, fwd?.layers[0].a[k0]);
    }
    smp.target.forEach((y, j0) => {
      setAttr(this.cells.get(`y1.${j0 + 1}`), 'data-name', `y${sn}.${j0 + 1}`);
      put(`y1.${j0 + 1}`, y);
    });
    setAttr(this.cells.get('loss.1'), 'data-name', `loss.${sn}`);
    put('loss.1', fwd?.loss);
    put('loss', fwd ? trace.loss : undefined);

    // Headings and the loss formula follow the settings.
    const { t } = this;
    const n = state.samples.length;
    for (let l = 1; l <= L; l++) {
      const kind = l === 1 ? t.kindInput : l === L ? t.kindOutput : t.kindHidden;
      const act = l === 1 ? (n > 1 ? t.sampleOf(sn, n) : t.sample1) : t.act[state.activations[l - 2]];
      const parts = this.notation === 'compact' ? [act] : [kind, act];
      let text = parts.filter(Boolean).join(' · ');
      // Between close columns (8 × 16) "input · sample 1 of 10000" would run
      // into layer 2's heading: the sample alone says enough there.
      if (l === 1 && !headingFits(text, this.geo)) text = act;
      setText(this.svg.getElementById(`head-${l}`), text);
    }
    setText(this.svg.getElementById('loss-formula'), state.loss === 'cross_entropy' ? t.crossEntropy : t.squaredError);
    setText(this.svg.getElementById('loss-sample-name'), t.sampleLoss(sn));

    // Spoken labels carry the values too; while playing they wait for Pause,
    // as a screen reader would not read numbers that change every few frames,
    // and on a big network (some 1,400 of them) they follow in idle time.
    this.#relabel = !m.playing;
    if (this.#relabel && !this.unseen.size) this.#speak();

    // Values that just changed flash briefly, so the eye finds them.
    if (!m.quiet && changed.length <= FLASH_MAX && !matchMedia('(prefers-reduced-motion: reduce)').matches) {
      this.flashColor ??= getComputedStyle(this.svg).getPropertyValue('--flash').trim();
      for (const cell of changed) cell.animate?.([{ fill: this.flashColor }, { fill: this.flashColor, offset: 0.35 }, {}], 1100);
    }

    // Dropout: the neurons the last step dropped are greyed out until the
    // next action. Without a mask now or before, nothing is greyed: the
    // wires (1,425 on 8 layers of 16) are left alone.
    if (m.mask || this.#masked) {
      for (const [key, node] of this.nodes) {
        const [l, j] = key.split('.').map(Number);
        node.classList.toggle('dropped', Boolean(m.mask?.[l - 1]?.[j - 1]));
      }
      for (const edge of this.edges.values()) {
        const [lf, jf] = edge.dataset.from.split('.').map(Number);
        const [lt, jt] = edge.dataset.to.split('.').map(Number);
        edge.classList.toggle('dropped', Boolean(m.mask?.[lf - 1]?.[jf - 1] || m.mask?.[lt - 1]?.[jt - 1]));
      }
      this.#masked = Boolean(m.mask);
    }
    if ((this.#owed.size || this.#relabel || this.#unbuilt.length) && !m.playing) this.#idleCatchUp();
  }

  #half = 0; // which layers, by parity, the last redraw while playing wrote
  #wiresTurn = 0; // the gap whose wires the last redraw while playing drew anew
  #masked = false; // whether the drawing greys out a dropout mask's neurons
  #shown = null; // { prev, state, digits } of the last update: the state before the last step, for tooltips

  /** What weight or bias `name` read before the last step, at the digits shown, or undefined if the step left it alone. */
  #before(name) {
    const { prev, state, digits } = this.#shown ?? {};
    if (!prev) return undefined;
    const p = parse(name);
    const was = paramValue(prev, p);
    return was !== undefined && was !== paramValue(state, p) ? fmt(was, digits) : undefined;
  }

  #owed = new Map(); // name → value of the unseen values still to write
  #catching = null; // resolves once idle time has written them all

  /** Resolves once the values no one sees are written too (`el.drawn`). */
  get caughtUp() {
    return this.#catching ?? Promise.resolve();
  }

  /** Builds every collapsed part and writes every value now, for what reads them all at once (an export, a quiz). */
  complete() {
    this.#catchUp(Infinity);
  }

  /** Builds the collapsed parts, then writes the unseen values, in idle time, a slice of at most IDLE_SLICE_MS at a time. */
  #idleCatchUp() {
    this.#catching ??= new Promise((done) => {
      const slice = (deadline) => {
        // A few at a time for a short while, so that a click waits little: how many fit depends on the machine and its load.
        const until = performance.now() + Math.min(IDLE_SLICE_MS, deadline.timeRemaining() - 1);
        do {
          if (this.#unbuilt.length) this.#buildSome(16);
          else this.#catchUp(64);
        } while ((this.#unbuilt.length || this.#owed.size) && performance.now() < until);
        if (this.#owed.size || this.#unbuilt.length) whenIdle(slice);
        else {
          if (this.#relabel) this.#speak();
          this.#catching = null;
          done();
        }
      };
      whenIdle(slice);
    });
  }

  #relabel = false; // whether the spoken labels are behind the values

  /** Gives every editable value its spoken label: its name, its value and what a click does. */
  #speak() {
    this.#relabel = false;
    const { t } = this;
    for (const [el, name] of this.editables) {
      const cell = this.cells.get(name);
      setAttr(el, 'aria-label', `${this.#label(name).text} = ${cell.textContent}. ${t.clickToEdit(this.#label(name).text)}`);
    }
  }

  /** Writes up to `n` of the unseen values still owed, once every part is built. */
  #catchUp(n) {
    this.#buildSome(Infinity);
    for (const [name, v] of this.#owed) {
      if (n-- <= 0) return;
      this.#owed.delete(name);
      this.#write(this.cells.get(name), v);
    }
  }
}

/**
 * Whether the input column's second heading line fits beside layer 2's:
 * centred on its column, about HEADING_CHAR wide a character, it may take
 * the room up to the next column less half of that column's own line.
 */
function headingFits(text, geo) {
  const next = geo.columns[1];
  if (!next) return true;
  const room = next.x - geo.columns[0].x - HEADING_NEIGHBOUR / 2;
  return (text.length * HEADING_CHAR) / 2 <= room;
}
