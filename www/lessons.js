// The teaching views, as tabs under the diagram: the chain rule for the
// selected parameter, a single neuron, the matrix form, the seed's error
// back-distribution, the four equations, the loss chart and the concepts.
// Only the open tab is drawn, and drawn again after each change.

import { h, s } from './dom.js';
import { fmt, label, layerTitle } from './format.js';
import { MAX_PATHS, renderChain, refTargets } from './chain.js';
import { reducedMotion } from './motion.js';
import { LossHistory } from './series.js';
import { tex } from './tex.js';
import { scrollCue } from './scrollcue.js';

const TABS = ['chain', 'graph', 'neuron', 'matrix', 'distribution', 'equations', 'loss', 'concepts'];
const SLICE_POINTS = 61; // t from 0 to 6η: point 10 is the step η takes
const SLICE_AT = 10;

/** The tabs drawn by modules imported on demand (a figure shows the chain rule alone until More). */
const LATER = new Set(['graph', 'loss', 'concepts']);
let views = null; // { drawGraph, ruleOf, drawChart, buildConcepts }, once imported
let importing = null;

/** graph.js, chart.js and concepts.js, imported once for the page. */
export function importViews() {
  importing ??= Promise.all([import('./graph.js'), import('./chart.js'), import('./concepts.js')])
    .then((modules) => (views = Object.assign({}, ...modules)));
  return importing;
}

export class Lessons {
  history = new LossHistory();
  selected = null; // the parameter in the chain-rule panel, e.g. 'w2.1.1'
  neuron = '2.1'; // 'l.j' for the neuron and matrix views
  tab = 'chain';
  graphBack = false; // the graph's backward half shown before Backward has run

  /** `host` lends core, t, view, state(), diagram, root (the shadow root) and edit(name). */
  constructor(host) {
    this.host = host;
    const t = host.t;
    this.tabs = h('div', { class: 'tabs', role: 'tablist' }, ...TABS.map((id) =>
      h('button', { role: 'tab', 'data-tab': id, id: `tab-${id}`, 'aria-controls': 'lesson-view', onclick: () => this.open(id) }, t.tabs[id])));
    this.view = h('div', { class: 'lesson-view', id: 'lesson-view', role: 'tabpanel' });
    this.el = h('section', { class: 'lessons' }, this.tabs, this.view);
    scrollCue(this.tabs);
    this.lossSvg = s('svg', { class: 'chart loss-chart', role: 'img', 'aria-label': t.chartLabel });
    this.sliceSvg = s('svg', { class: 'chart slice-chart', role: 'img', 'aria-label': t.sliceLabel });
    this.concepts = null; // built when first shown
    this.open(this.tab);
  }

  /** Selects a weight or bias: marks it and its paths, and opens the chain-rule tab. */
  select(name) {
    this.selected = name;
    const [l, j] = name.slice(1).split('.');
    this.neuron = `${l}.${j}`;
    this.open('chain');
  }

  /**
   * Scrolls the page until the lessons' top is in the window, when it is not:
   * a parameter clicked on a small screen shows its chain rule.
   */
  reveal() {
    const top = this.el.getBoundingClientRect().top;
    if (top >= 0 && top < innerHeight - 80) return;
    this.el.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  open(id) {
    this.tab = id;
    for (const b of this.tabs.children) b.setAttribute('aria-selected', String(b.dataset.tab === id));
    this.#showTab(this.tabs.querySelector(`[data-tab="${id}"]`));
    this.view.dataset.view = id;
    this.refresh();
  }

  /**
   * Scrolls the tab strip, not the page, until `tab` is in view: on a phone
   * the strip is wider than the screen. Measured at the next frame, once the
   * browser has laid the page out anyway, rather than forcing a layout now.
   */
  #showTab(tab) {
    requestAnimationFrame(() => {
      const strip = this.tabs.getBoundingClientRect();
      const r = tab.getBoundingClientRect();
      if (r.left < strip.left) this.tabs.scrollLeft -= strip.left - r.left;
      else if (r.right > strip.right) this.tabs.scrollLeft += r.right - strip.right;
    });
  }

  /** Draws the open tab again from the core (after any change); a tab whose module is still coming is drawn once it is in. */
  refresh() {
    if (LATER.has(this.tab) && !views) {
      const tab = this.tab;
      this.view.replaceChildren();
      importViews().then(() => this.tab === tab && this.refresh(), () => {});
      return;
    }
    const draw = {
      chain: () => this.#chain(),
      graph: () => this.#graph(),
      neuron: () => this.#neuron(),
      matrix: () => this.#matrix(),
      distribution: () => this.#distribution(),
      equations: () => this.#equations(),
      loss: () => this.#loss(),
      concepts: () => this.#concepts(),
    }[this.tab];
    draw();
    this.#marks();
  }

  /** Training took steps `first`…: their batch losses, the mean loss reached in `epoch` and the held-out loss; `draw` false leaves the chart for a later call. */
  trained(first, losses, epoch, meanLoss, testLoss = NaN, draw = true) {
    this.history.addSteps(first, losses);
    const at = first + losses.length; // the step the mean and held-out losses were measured before
    if (typeof meanLoss === 'number') this.history.addEpoch(epoch, meanLoss, at);
    if (Number.isFinite(testLoss)) this.history.addTest(at, testLoss);
    if (draw && this.tab === 'loss' && views) this.#lossChart();
  }

  // ---- Views ------------------------------------------------------------

  #name(n) {
    return label(n, this.host.view.notation, this.host.state().layers).text;
  }

  #num(v) {
    return fmt(v, this.host.view.digits);
  }

  #chain() {
    const host = this.host;
    let e = null;
    if (this.selected) {
      try {
        e = host.core.explain(this.selected, host.view.sample, host.view.notation, MAX_PATHS);
      } catch {
        this.selected = this.host.diagram.selected = null; // the shape changed under it
      }
    }
    // The box on show is kept while the chain view stays open, so that a
    // step, which changes only numbers, has them written into it (chain.js).
    const shown = this.view.childNodes.length === 1 && this.view.firstChild === this.#chainBox;
    const box = shown ? this.#chainBox : (this.#chainBox = h('div', { class: 'chain' }));
    renderChain(box, e, {
      t: host.t, notation: host.view.notation, layers: host.state().layers, digits: host.view.digits,
      focusRef: (ref) => this.focusRef(ref), edit: (name) => host.edit(name),
    });
    this.paths = e ? e.paths.flatMap((p) => p.factors.map((f) => f.ref)) : [];
    // On a small screen, the way back to the diagram the parameter was picked from.
    const back = () => host.diagram.scroller.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
    if (e && !box.querySelector(':scope > .to-diagram')) box.prepend(h('button', { class: 'btn small to-diagram', type: 'button', onclick: back }, host.t.backToDiagram));
    if (!shown) this.view.replaceChildren(box);
  }

  #chainBox = null; // the chain view's box, while it is the one on show

  /** A select for the neuron (or layer) the neuron and matrix views show. */
  #neuronPicker(layersOnly) {
    const { layers } = this.host.state();
    const opts = [];
    for (let l = 2; l <= layers.length; l++) {
      if (layersOnly) opts.push([`${l}.1`, this.host.t.layerN(l)]);
      else for (let j = 1; j <= layers[l - 1]; j++) opts.push([`${l}.${j}`, `${layerTitle(this.host.t, l, layers, this.host.view.notation)} · ${this.#name(`a${l}.${j}`)}`]);
    }
    const [l0] = this.neuron.split('.');
    return h('select', { class: 'pick', 'data-pick': layersOnly ? 'layer' : 'neuron', 'aria-label': this.host.t.pick,
      onchange: (e) => { this.neuron = e.target.value; this.refresh(); } },
    ...opts.map(([v, text]) => h('option', { value: v, selected: layersOnly ? v.split('.')[0] === l0 : v === this.neuron }, text)));
  }

  #neuron() {
    const t = this.host.t;
    const [l, j] = this.neuron.split('.').map(Number);
    if (l > this.host.state().layers.length) this.neuron = '2.1';
    const { sample, digits, notation } = this.host.view;
    const phases = this.host.core.phases(sample, digits, notation);
    const fw = phases.find((p) => p.kind === 'forward' && p.layer === l);
    const mine = fw ? fw.formulas.filter((f) => f.ref === `z${l}.${j}` || f.ref === `a${l}.${j}`) : [];
    this.view.replaceChildren(
      h('div', { class: 'lesson-head' }, this.#neuronPicker(false)),
      h('p', {}, t.neuronIntro),
      tex('a = f\\Big(\\sum_i w_i x_i + b\\Big)', true),
      ...mine.map((f) => h('div', { class: 'formula-line', 'data-ref': f.ref, 'data-value': String(f.value), 'data-text': f.text }, tex(f.latex, true))),
      h('p', { class: 'note' }, t.neuronNote));
    this.paths = [`a${l}.${j}`];
  }

  #matrix() {
    const t = this.host.t;
    const l = Number(this.neuron.split('.')[0]);
    const forms = this.host.core.matrixForm(this.host.view.sample, this.host.view.digits);
    const f = forms.find((x) => x.layer === l) ?? forms[0];
    this.view.replaceChildren(
      h('div', { class: 'lesson-head' }, this.#neuronPicker(true)),
      h('p', {}, t.matrixIntro),
      h('div', { class: 'formula-line wide', 'data-layer': f.layer }, tex(f.latex, true)),
      h('p', { class: 'note' }, t.matrixNote));
    this.paths = [];
  }

  /** The computational graph of the sample shown; its backward half once Backward has run (or on request). */
  #graph() {
    const { t, view } = this.host;
    const state = this.host.state();
    const g = this.host.core.graph(view.sample);
    const back = this.graphBack || ['backward', 'update'].includes(this.host.phase());
    const param = this.selected ?? 'w2.1.1';
    const act = (id) => t.actSymbols[state.activations[Number(id.match(/\d+/)[0]) - 2]];
    const name = (id) => {
      if (id === 'loss') return 'L';
      const m = /^m(\d+)\.(\d+)\.(\d+)$/.exec(id); // a product w·a: named by its two factors
      return m ? `${this.#name(`w${m[1]}.${m[2]}.${m[3]}`)}·${this.#name(`a${m[1] - 1}.${m[3]}`)}` : this.#name(id);
    };
    const box = h('div', { class: 'graph-box' });
    const { drawGraph, ruleOf } = views;
    const svg = drawGraph(box, g, { back, param, layers: state.layers, digits: view.digits, t, act, name });
    const rule = box.querySelector('[data-graph="rule"]');
    const explainNode = (e) => {
      const node = e.target.closest?.('[data-node]');
      if (node) rule.textContent = ruleOf(g, node.dataset.node, { digits: view.digits, t, name });
    };
    svg.addEventListener('click', explainNode);
    svg.addEventListener('keydown', (e) => (e.key === 'Enter' ? explainNode(e) : null));
    const toggle = h('button', { class: 'btn small quiet', 'data-graph': 'back', 'aria-pressed': String(back),
      onclick: () => { this.graphBack = !back; this.refresh(); } }, back ? t.graphHideBack : t.graphShowBack);
    this.view.replaceChildren(h('p', {}, t.graphIntro), toggle, box);
  }

  #distribution() {
    const t = this.host.t;
    const { layers } = this.host.state();
    const { notation } = this.host.view;
    const d = this.host.core.distribution(this.host.view.sample);
    const cell = (v, role) => h('td', { 'data-role': role, 'data-value': String(v) }, this.#num(v));
    // One table per layer: a row per neuron (h1, o1 as the blog names them), the core's numbers in the columns.
    const table = (ly, columns) => h('div', { class: 'dist-layer', 'data-layer': ly.layer },
      h('h4', {}, layerTitle(t, ly.layer, layers, notation)),
      h('table', { class: 'dist' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), ...columns.map(([head]) => h('th', { scope: 'col' }, head)))),
        h('tbody', {}, ...ly.delta.map((_, j) => h('tr', {},
          h('th', { scope: 'row' }, neuronName(ly.layer, j + 1, layers)),
          ...columns.map(([, role, values]) => cell(values[j], role)))))));
    const [out, ...hidden] = d.layers;
    const tables = [
      table(out, [[t.distError, 'error', out.seed], [t.distDelta, 'delta', out.delta]]),
      ...hidden.map((ly) => table(ly, [
        [t.distSeed, 'seed', ly.seed],
        [t.distTranspose(ly.layer + 1), 'transpose', ly.transpose],
        [t.distDelta, 'delta', ly.delta],
        [t.distPerOutput, 'per-output', ly.proportional],
      ])),
    ];
    this.view.replaceChildren(h('p', {}, t.distIntro),
      h('div', { class: 'dist-formulas' }, ...distributionTex(layers, notation).map((f) => tex(`\\displaystyle ${f}`))),
      ...tables, h('p', { class: 'note why' }, t.distDiffer), h('p', { class: 'note' }, this.#distIndex(layers)));
    for (const el of this.view.querySelectorAll('table.dist')) scrollCue(el);
    this.paths = [];
  }

  /** How the split's weights are indexed: w^l_jk, or in the compact notation h1's own outgoing weights by name. */
  #distIndex(layers) {
    const { t, view } = this.host;
    const L = layers.length;
    if (view.notation !== 'compact' || L < 3) return t.distIndex;
    const outgoing = Array.from({ length: layers[L - 1] }, (_, i) => label(`w${L}.${i + 1}.1`, 'compact', layers).text);
    return t.distIndexCompact(neuronName(L - 1, 1, layers), outgoing);
  }

  #equations() {
    const t = this.host.t;
    const eqs = this.host.core.equations(this.host.view.sample, this.host.view.digits);
    this.view.replaceChildren(h('p', {}, t.eqIntro), ...eqs.map((e) => h('div', { class: 'equation', 'data-eq': e.name },
      h('h4', {}, e.name, ' ', h('span', { class: 'note' }, t.eqNames[e.name] ?? '')),
      tex(e.general, true),
      ...e.layers.map((ly) => h('div', { class: 'formula-line wide', 'data-layer': ly.layer }, tex(ly.latex, true))))));
    this.paths = [];
  }

  #loss() {
    const t = this.host.t;
    this.view.replaceChildren(h('p', {}, t.chartIntro), this.lossSvg,
      h('p', { class: 'legend-line' }, h('span', { class: 'key steps' }, t.chartSteps), h('span', { class: 'key epochs' }, t.chartEpochs),
        this.testKey = h('span', { class: 'key tests', hidden: !this.history.tests.length }, t.chartTest)));
    this.#lossChart();
    this.paths = [];
  }

  #lossChart() {
    const t = this.host.t;
    views.drawChart(this.lossSvg, [
      { points: this.history.steps, cls: 'steps' },
      { points: this.history.epochs, cls: 'epochs' },
      { points: this.history.tests, cls: 'tests' },
    ], { xLabel: t.chartX, empty: t.chartEmpty });
    if (this.testKey) this.testKey.hidden = !this.history.tests.length;
  }

  #concepts() {
    this.concepts ??= views.buildConcepts(this.host.t, (id, sel) => this.#spot(sel),
      (id) => (id === 'rate' ? h('div', { class: 'slice' }, this.sliceSvg, h('p', { class: 'note slice-note' })) : null));
    this.view.replaceChildren(h('p', {}, this.host.t.conceptsIntro), this.concepts);
    this.#slice();
    this.paths = [];
  }

  /** The loss along −∇L, 0 to 6η, with the point a step at η reaches. */
  #slice() {
    const t = this.host.t;
    const { learning_rate: eta, batch_size: batch, samples } = this.host.state();
    const max = 6 * eta;
    const ys = this.host.core.lossSlice(SLICE_POINTS, max);
    const pts = [...ys].map((y, i) => [(max * i) / (SLICE_POINTS - 1), y]); // the same t the core used
    const at = pts[SLICE_AT];
    views.drawChart(this.sliceSvg, [{ points: pts, cls: 'slice' }], { xLabel: t.sliceX, marks: [{ x: at[0], y: at[1], text: t.sliceMark(this.#num(eta), this.#num(at[1])) }], fromZero: false });
    this.concepts.querySelector('.slice-note').textContent = t.sliceNote(this.#num(ys[0]), this.#num(at[1]), batch < samples.length);
  }

  // ---- Marks on the diagram ---------------------------------------------

  /** Marks the selected parameter and the paths of the open view. */
  #marked = new Map(); // the diagram's elements #marks marked → their class

  /**
   * Marks the selected parameter and the wires and neurons on its paths.
   * Only what changed is touched: a path set on a big network covers
   * thousands of elements, and each class change costs the browser a new style.
   */
  #marks() {
    const d = this.host.diagram;
    if (!d.svg) return;
    const want = new Map();
    const mark = (els, cls) => {
      for (const el of els) if (!want.has(el)) want.set(el, cls);
    };
    if (this.tab === 'chain' && this.selected) {
      mark(refTargets(d, this.selected), 'selected');
      for (const ref of this.paths ?? []) mark(refTargets(d, ref), 'onpath');
    }
    if (this.tab === 'neuron') mark(refTargets(d, `a${this.neuron}`), 'selected');
    for (const [el, cls] of this.#marked) if (want.get(el) !== cls) el.classList.remove(cls);
    for (const [el, cls] of want) if (this.#marked.get(el) !== cls) el.classList.add(cls);
    this.#marked = want;
  }

  /** The diagram was drawn again: keep the marks. */
  redrawn() {
    this.#marks();
  }

  /** Marks the neuron or wire a factor or formula comes from (null clears). */
  focusRef(ref) {
    const d = this.host.diagram;
    d.svg?.querySelectorAll('.focus').forEach((x) => x.classList.remove('focus'));
    for (const el of refTargets(d, ref)) el.classList.add('focus');
  }

  /** Points at the places a concept lives: outlined for a moment, the first scrolled into view. */
  #spot(selectors) {
    const root = this.host.root;
    const els = selectors.map((q) => root.querySelector(q)).filter(Boolean);
    root.querySelectorAll('.spot').forEach((x) => x.classList.remove('spot'));
    for (const el of els) el.classList.add('spot');
    els[0]?.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    clearTimeout(this.spotTimer);
    this.spotTimer = setTimeout(() => els.forEach((el) => el.classList.remove('spot')), 4000);
  }
}

/** A neuron's name as the blog gives it in both notations: i1, h3, o2 (hidden neurons numbered across layers). */
const neuronName = (l, j, layers) => label(`a${l}.${j}`, 'compact', layers).sub;

/**
 * The error split's three formulas in symbols: the blog's split written out
 * for h1 as the blog prints it (its shares over h1's own outgoing weights),
 * its simplified form, and the true δ; the weights named in `notation`.
 * Symbols only; the numbers are the core's.
 */
function distributionTex(layers, notation) {
  const L = layers.length;
  if (L < 3) return []; // no hidden layer to split the error over
  const w = (j) => label(`w${L}.${j}.1`, notation, layers).latex;
  const outs = Array.from({ length: layers[L - 1] }, (_, i) => i + 1);
  const sum = outs.map(w).join(' + ');
  const e = (l, j) => `e_{${neuronName(l, j, layers)}}`;
  const seed = `${e(L - 1, 1)} = ${outs.map((j) => `\\frac{${w(j)}}{${sum}}\\, ${e(L, j)}`).join(' + ')}`;
  // The layers' vectors as the blog writes them, e_h = (W³)ᵀe_o, where h and o name one layer each.
  const [h, o] = notation === 'compact' && L === 3 ? ['_{h}', '_{o}'] : [`^{${L - 1}}`, `^{${L}}`];
  return [
    seed,
    `e${h} = (W^{${L}})^\\top e${o}`,
    `\\delta${h} = \\big((W^{${L}})^\\top \\delta${o}\\big) \\odot f'(z${h})`,
  ];
}
