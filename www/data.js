// The Data panel: built-in datasets and CSV import, the points on a canvas,
// and behind them the network's output over the input plane (a heatmap for
// two inputs, the curve y(x) for one). Samples, splits, heatmap, curve and
// colours all come from the core; the page only places them on canvases.

import { dataset, freshSeed, palette, parseCsv, splitSamples, vocabulary } from './core.js';
import { fmt } from './format.js';
import { h, s, whenIdle } from './dom.js';
import { drawChart } from './chart.js';
import { fitsText, readFile } from './input.js';
import { passWork } from './pace.js';

const GRID_STILL = 100; // heatmap side at rest
const GRID_PLAYING = 50; // and while training, to keep the frame short
// While training, the heatmap's forward passes are held to about this much
// work a frame (multiply-adds): a big network's picture is coarser until Play stops.
const PLAYING_WORK = 250_000;
const CURVE_POINTS = 200;
const POINTS_PER_FRAME = 2000; // data points drawn in one frame (see #drawPoints)
const THUMB = 44; // CSS px of a dataset's picture
const THUMB_POINTS = 80;
// A file's CSV goes into the text box only when it is short: laying out
// megabytes of text in a <textarea> blocks the page for seconds.
const SHOWN_CSV = 20_000;
// The loss chart's own units: about its width in the panel, so its 11 px text reads at 11 px.
const [CHART_W, CHART_H] = [290, 110];

/** A point's colour for its target: the core's palette at full strength, on [−1, 1] when `signed`. */
const pointColor = (v, signed = false) => `rgb(${[...palette(v, signed)].join(',')})`;

/** The core's description of data set `kind`; a CSV of `x1,x2,label` rows is treated like XOR's classes. */
const datasetOf = (kind) => vocabulary().datasets.find((d) => d.name === (kind === 'csv' ? 'xor' : kind));

/**
 * A fresh network for `kind`, as the core sets it up (layers, activations,
 * loss, learning rate, batch, regularization), with new weights from a newly
 * drawn seed, at step 0, holding `samples`.
 */
export function networkFor(kind, samples) {
  const s = datasetOf(kind).setup;
  return {
    layers: s.layers,
    activations: [...s.layers.slice(1, -1).map(() => s.hidden), s.output],
    loss: s.loss,
    learning_rate: s.learning_rate,
    batch_size: Math.min(s.batch_size, samples.length),
    shuffle: true,
    regularization: s.l2 > 0 ? 'l2' : 'none',
    regularization_rate: s.l2,
    seed: freshSeed(),
    samples,
  };
}

/** Play's default speed for `kind`, in epochs a second. */
export const epochsFor = (kind) => datasetOf(kind).setup.epochs_per_second;

/** Bounds that hold every point, at least [−1, 1], square for 2-D so the plane is not stretched. */
function bounds(points, dims) {
  const span = (vals) => {
    const lo = Math.min(-1, ...vals);
    const hi = Math.max(1, ...vals);
    const pad = (hi - lo) * 0.04;
    return [lo - pad, hi + pad];
  };
  if (dims === 1) return { x: span(points.map((p) => p.input[0])), y: span(points.map((p) => p.target[0])) };
  const [lo, hi] = span(points.flatMap((p) => p.input));
  return { x: [lo, hi], y: [lo, hi] };
}

export class DataPanel {
  kind = null; // the built-in set on screen, 'csv', or null once the samples are someone else's
  count = 300;
  noise = 0.1;
  testFraction = 0.3;
  showTest = true; // draw the held-out points
  discrete = false; // paint the output by class, not by value
  seed = 1;
  test = []; // the held-out samples, as the core split them
  #ours = null; // { n, first, inputs }: the training samples this panel loaded
  #active = false; // whether the core holds `test` as its held-out set
  #pointsKey = '';
  #pointsOf = null; // the samples array the points were drawn from
  #pointsRun = 0; // counts the drawings of the points; a frame's part of an older one stops
  #pointsWait = null; // { promise, resolve } while points are still to be drawn
  #box = null; // { x: [x0, x1], y: [y0, y1] } of the plot
  #resize = null;
  #pictured = false; // the plot shows a neuron's picture, not the output
  neuron = null; // the neuron ('l.j') whose picture the plot shows while it is hovered, or null
  #width = 0; // the plot's CSS width, from the resize observer: reading layout each frame would force it
  #csv = ''; // the CSV text of the samples, for Regenerate: a file's may be too long to show

  /** `host` lends t, core, view, state() (parsed), setState(state) and playing(). */
  constructor(host) {
    this.host = host;
    const t = host.t;
    this.heat = h('canvas', { class: 'heat', 'aria-hidden': 'true' });
    this.points = h('canvas', { class: 'points', role: 'img', 'aria-label': t.dataPlotLabel });
    this.plot = h('div', { class: 'plot' }, this.heat, this.points);
    this.axes = { x0: h('span', { class: 'ax x0' }), x1: h('span', { class: 'ax x1' }), y0: h('span', { class: 'ax y0' }), y1: h('span', { class: 'ax y1' }) };
    this.plot.append(...Object.values(this.axes));
    this.readout = {
      epoch: h('b', { 'data-readout': 'epoch' }),
      train: h('b', { 'data-loss': 'train' }),
      test: h('b', { 'data-loss': 'test' }),
    };
    // Play's speed in epochs a second ('' leaves it to the toolbar's steps a frame)
    this.speed = h('select', { 'data-data': 'epochs', onchange: (e) => (host.view.epochs = e.target.value === '' ? null : Number(e.target.value)) },
      ...[1, 10, 100, 0].map((n) => h('option', { value: String(n) }, n ? t.epochsPerSecond(n) : t.epochsMax)),
      h('option', { value: '' }, t.epochsBySteps));
    this.kinds = vocabulary().datasets.map((d) => d.name);
    this.picks = this.kinds.map((kind) => {
      const c = h('canvas', { class: 'thumb', width: THUMB * 2, height: THUMB * 2, 'aria-hidden': 'true' });
      const { held_out_loss: loss, epochs_per_second: eps } = datasetOf(kind).setup;
      const title = `${t.datasetHint[kind] ?? ''}. ${t.datasetGoal(loss, eps)}.`;
      return h('button', { class: 'ds', 'data-dataset': kind, 'aria-pressed': 'false', title, onclick: () => this.choose(kind) },
        c, h('span', {}, t.datasets[kind] ?? kind));
    });
    const slider = (key, min, max, step, show) => {
      const out = h('output', { class: 'range-value' });
      const input = h('input', { type: 'range', min, max, step, value: this[key], 'data-data': key,
        oninput: (e) => (out.textContent = show(Number(e.target.value))),
        onchange: (e) => { this[key] = Number(e.target.value); this.#regenerate(); } });
      out.textContent = show(this[key]);
      return { input, out };
    };
    this.sliders = {
      count: slider('count', 50, 1000, 50, String),
      noise: slider('noise', 0, vocabulary().limits.max_noise, 0.05, (v) => v.toFixed(2)),
      testFraction: slider('testFraction', 0, 0.8, 0.1, (v) => `${Math.round(v * 100)}%`),
    };
    const field = (key, text) => h('div', { class: 'field' },
      h('label', {}, h('span', { class: 'flabel' }, text), h('span', { class: 'range' }, this.sliders[key].input, this.sliders[key].out)));
    this.csvText = h('textarea', { class: 'csv-text', rows: 4, spellcheck: 'false', 'data-data': 'csv', placeholder: t.csvPlaceholder, 'aria-label': t.csvLabel });
    this.csvErr = h('p', { class: 'err', role: 'alert', 'data-err': 'csv', hidden: true });
    this.csvNote = h('p', { class: 'note', 'data-note': 'csv-file', hidden: true });
    const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', 'data-data': 'csv-file', 'aria-label': t.csvFile,
      onchange: (e) => this.#openCsv(e.target) });
    this.csv = h('details', { class: 'csv' },
      h('summary', {}, t.csvSummary),
      h('p', { class: 'note' }, t.csvHint),
      this.csvText,
      this.csvNote,
      h('div', { class: 'csv-row' },
        h('button', { class: 'btn small', 'data-action': 'load-csv', onclick: () => this.loadCsv(this.csvText.value) }, t.csvLoad),
        h('label', { class: 'file' }, file, h('span', { class: 'btn small quiet' }, t.csvFile))),
      this.csvErr);
    this.note = h('p', { class: 'note data-note', hidden: true }, t.dataNeedsInputs);
    this.trainErr = h('p', { class: 'err', role: 'alert', 'data-err': 'training', hidden: true });
    this.healthNote = h('p', { class: 'note health', 'data-readout': 'health', hidden: true });
    this.view = h('div', { class: 'data-view' },
      this.plot,
      h('div', { class: 'data-legend' },
        h('span', { class: 'scale' }, this.scaleLow = h('span', {}, '0'), this.#swatch('bar', `${pointColor(0)}, ${pointColor(0.5)}, ${pointColor(1)}`), h('span', {}, '1')),
        h('span', { class: 'key train' }, this.#swatch('', `${pointColor(0)} 50%, ${pointColor(1)} 50%`), t.dataTrain),
        h('span', { class: 'key test' }, h('i', { 'aria-hidden': 'true' }), t.dataTest)),
      // The losses as training goes, beside the plot: the history the Loss chart tab draws.
      this.chart = s('svg', { class: 'chart loss-chart mini', role: 'img', 'aria-label': t.chartLabel, 'data-chart': 'data' }),
      h('p', { class: 'readouts' },
        h('label', { class: 'play-speed' }, `${t.playEpochs} `, this.speed),
        h('span', {}, `${t.dataEpoch} `, this.readout.epoch),
        h('span', {}, `${t.trainLoss} `, this.readout.train),
        h('span', {}, `${t.testLoss} `, this.readout.test)),
      this.trainErr, this.healthNote);
    // Which functions of the two inputs feed layer 1, as TensorFlow Playground offers them.
    this.features = new Map(vocabulary().features.map((f) => [f, h('input', { type: 'checkbox', 'data-feature': f, onchange: () => this.#featuresChanged() })]));
    this.featureErr = h('p', { class: 'err', role: 'alert', 'data-err': 'features', hidden: true });
    this.featureBox = h('fieldset', { class: 'features' },
      h('legend', {}, t.features),
      ...[...this.features].map(([f, box]) => h('label', { class: 'feature' }, box, h('span', {}, t.featureNames[f] ?? f))),
      this.featureErr);
    const toggle = (key, text) => h('label', { class: 'switch' },
      h('input', { type: 'checkbox', 'data-data': key, checked: this[key], onchange: (e) => { this[key] = e.target.checked; this.#pointsKey = ''; if (this.model) this.redrawn(this.model); } }),
      h('span', {}, text));
    this.el = h('section', { class: 'data', 'data-panel': 'data' },
      h('h3', {}, t.secData),
      h('div', { class: 'ds-pick', role: 'group', 'aria-label': t.secData }, ...this.picks),
      this.view, this.note,
      h('div', { class: 'data-switches' }, toggle('showTest', t.showTest), toggle('discrete', t.discretize)),
      this.featureBox,
      field('count', t.dataCount), field('noise', t.dataNoise), field('testFraction', t.dataTestShare),
      h('div', { class: 'data-actions' },
        h('button', { class: 'btn small', 'data-action': 'regenerate', title: t.regenerateHint, onclick: () => { this.seed += 1; this.#regenerate(); } }, t.regenerate)),
      this.csv);
    // The pictures on the buttons are drawn once the page is idle: the first view need not wait for them.
    whenIdle(() => this.#thumbs());
    this.#resize = new ResizeObserver(([e]) => this.#sized(e.contentRect.width));
    this.#resize.observe(this.plot);
  }

  /** A legend swatch in the core's palette: a left-to-right gradient through `stops`. */
  #swatch(cls, stops) {
    const i = h('i', { class: cls, 'aria-hidden': 'true' });
    i.style.background = `linear-gradient(90deg, ${stops})`;
    return i;
  }

  // ---- Choosing data ----------------------------------------------------

  /** Loads a built-in dataset with the panel's count, noise, split and seed, and a network that fits it. */
  choose(kind) {
    this.#load(kind, dataset(kind, this.count, this.noise, this.seed));
  }

  /**
   * Loads `x1,x2,label` rows; text over the core's CSV limit is refused
   * unread, and a bad line shows the core's message and keeps the network.
   */
  loadCsv(text) {
    try {
      fitsText(text, 'max_csv_bytes', 'csv');
      this.#load('csv', parseCsv(text));
      this.#csv = text;
      this.#error(null);
    } catch (err) {
      this.#error(err);
    }
  }

  /** A chosen CSV file: refused by its size before it is read, shown in the text box only when short. */
  async #openCsv(input) {
    const f = input.files?.[0];
    input.value = ''; // the same file chosen again is read again
    if (!f) return;
    let text;
    try {
      text = await readFile(f, 'max_csv_bytes', 'csv');
    } catch (err) {
      return this.#error(err);
    }
    const shown = text.length <= SHOWN_CSV;
    this.csvText.value = shown ? text : '';
    this.csvNote.textContent = shown ? '' : this.host.t.csvNotShown(f.name);
    this.csvNote.hidden = shown;
    this.loadCsv(text);
  }

  #regenerate() {
    if (this.kinds.includes(this.kind)) this.choose(this.kind);
    else if (this.kind === 'csv') this.loadCsv(this.#csv);
  }

  /** Splits `samples`, loads the training part with a fitting network through the element, and holds out the rest. */
  #load(kind, samples) {
    const { train, test } = splitSamples(samples, this.testFraction, this.seed);
    const state = networkFor(kind, train);
    const before = { kind: this.kind, ours: this.#ours, test: this.test, active: this.#active };
    this.kind = kind; // the picker shows what is loaded
    this.#ours = { n: train.length, first: JSON.stringify(train[0]), inputs: train[0].input.length };
    this.test = test;
    this.#active = false;
    this.#pointsKey = '';
    try {
      this.host.setState(state); // one Undo step; the redraw syncs the test set
    } catch (err) {
      ({ kind: this.kind, ours: this.#ours, test: this.test, active: this.#active } = before); // the network stays, and so does its data
      throw err;
    }
    this.host.view.epochs = epochsFor(kind);
  }

  /**
   * Every neuron's picture of the plot's input plane from the core
   * (`neuronImages`, n pixels a side each, stacked inputs first), or null
   * before the plot has its bounds.
   */
  neuronImages(n) {
    if (!this.#box || this.host.state().samples[0]?.input.length !== 2) return null;
    return this.host.core.neuronImages(n, ...this.#centres(n));
  }

  /** Shows neuron `id` ('l.j')'s picture in the plot in place of the output, or the output again (null). */
  showNeuron(id) {
    if (id === this.neuron) return;
    this.neuron = id;
    if (this.model) this.redrawn(this.model);
  }

  /** The grid's first and last pixel centres for an n-pixel picture of the plot: x0, x1, y0, y1. */
  #centres(n) {
    const { x: [x0, x1], y: [y0, y1] } = this.#box;
    const hx = (x1 - x0) / (2 * n);
    const hy = (y1 - y0) / (2 * n);
    return [x0 + hx, x1 - hx, y0 + hy, y1 - hy];
  }

  /** Neuron `this.neuron`'s picture, n pixels a side, cut from the core's stack; null to show the output. */
  #pictureOf(n) {
    this.#pictured = false;
    const id = this.neuron;
    const layers = this.host.state().layers;
    if (!id) return null;
    const [l, j] = id.split('.').map(Number);
    if (!(l <= layers.length && j <= layers[l - 1])) return null;
    const index = layers.slice(0, l - 1).reduce((a, b) => a + b, 0) + j - 1; // inputs first, as the core stacks them
    const all = this.neuronImages(n);
    if (!all) return null;
    const size = n * n * 4;
    this.#pictured = true;
    return new ImageData(all.data.slice(index * size, (index + 1) * size), n, n);
  }

  /** The feature boxes changed: the ticked ones feed layer 1 (x₁ and x₂ alone are the raw inputs). */
  #featuresChanged() {
    const list = [...this.features].filter(([, box]) => box.checked).map(([f]) => f);
    const raw = list.length === 2 && list[0] === 'x1' && list[1] === 'x2';
    const err = this.host.setFeatures(raw ? null : list);
    this.featureErr.textContent = err ? this.host.t.error(err) : '';
    this.featureErr.hidden = !err;
    if (err && this.model) this.redrawn(this.model); // the boxes go back to what the core holds
  }

  /** The loss chart under the plot, from the lessons' history (batch, per-epoch and held-out losses). */
  #drawChart() {
    const history = this.host.history?.();
    if (!history) return;
    const t = this.host.t;
    drawChart(this.chart, [
      { points: history.steps, cls: 'steps' },
      { points: history.epochs, cls: 'epochs' },
      { points: history.tests, cls: 'tests' },
    ], { xLabel: t.chartX, empty: t.chartEmpty, W: CHART_W, H: CHART_H });
  }

  /** Whether the targets on screen are numbers on [−1, 1] to fit rather than classes 0 and 1. */
  #signed() {
    return this.kind !== null && this.kind !== 'csv' && !datasetOf(this.kind).classes;
  }

  /** Training stopped with the core's error (it names learning_rate): shown under the plot until training runs again. */
  trainingError(err) {
    this.trainErr.textContent = this.host.t.error(err);
    this.trainErr.hidden = false;
  }

  #error(err) {
    this.csvErr.textContent = err ? this.host.t.error(err) : '';
    this.csvErr.hidden = !err;
    if (err) this.csv.open = true;
  }

  /** The core measures `test` only while the training samples are still the ones this panel loaded. */
  #sync(state) {
    const o = this.#ours;
    const ours = o !== null && state.samples.length === o.n && state.samples[0]?.input.length === o.inputs &&
      state.layers.at(-1) === 1 && JSON.stringify(state.samples[0]) === o.first;
    if (!ours && o !== null && this.kind !== null) this.kind = null; // a preset or a new state replaced them
    if (ours === this.#active) return;
    this.host.core.setTestSamples(ours ? this.test : []);
    this.#active = ours;
  }

  // ---- Drawing ----------------------------------------------------------

  /** Resolves once every point of the last drawing is on the canvas (a big set takes a few frames). */
  get settled() {
    return this.#pointsWait?.promise;
  }

  #pointsDone() {
    this.#pointsWait?.resolve();
    this.#pointsWait = null;
  }

  /** The element drew again: the points if they changed, the network's output always. */
  redrawn(model) {
    const { state, trace } = model;
    this.model = model;
    if (model.playing) this.trainErr.hidden = true;
    this.#sync(state);
    for (const b of this.picks) b.setAttribute('aria-pressed', String(b.dataset.dataset === this.kind));
    const dims = state.samples[0]?.input.length ?? state.layers[0]; // the raw inputs, whatever features feed layer 1
    const usable = dims === 1 || dims === 2;
    this.view.hidden = !usable;
    this.note.hidden = usable;
    this.featureBox.hidden = dims !== 2;
    if (!usable) return;
    const test = this.#active && this.showTest ? this.test : [];
    const features = state.features ?? ['x1', 'x2'];
    for (const [f, box] of this.features) box.checked = features.includes(f);
    this.scaleLow.textContent = this.#signed() ? '−1' : '0';
    // Until the resize observer has measured the plot there is nothing to
    // draw at: it draws once layout is done, before the first paint.
    if (this.#width) {
      // The core hands over a new samples array whenever one of them changes (core.js `current`).
      const key = `${dims}:${test.length}:${this.#width}`;
      if (key !== this.#pointsKey || state.samples !== this.#pointsOf) {
        this.#pointsKey = key;
        this.#pointsOf = state.samples;
        this.#box = bounds([...state.samples, ...test], dims);
        this.#drawPoints(state.samples, test, dims);
      }
      this.#drawOutput(dims, model.playing);
    }
    // The losses appear when the diagram's and the status line's do: before the first Forward, all say —.
    if (model.health) {
      const { saturated, dead } = model.health;
      const t = this.host.t;
      const says = [saturated.length ? t.healthSaturated(saturated.join(', ')) : '', dead.length ? t.healthDead(dead.join(', ')) : ''].filter(Boolean);
      this.healthNote.textContent = says.join(' ');
      this.healthNote.hidden = !says.length;
    }
    if (model.chart !== false) this.#drawChart(); // while playing, every fourth frame (the element's PART)
    this.speed.value = model.view.epochs === null ? '' : String(model.view.epochs);
    this.readout.epoch.textContent = String(trace.epoch);
    const computed = model.phase !== 'none';
    const testLoss = computed ? this.host.core.testLoss() : NaN;
    const digits = model.view.digits;
    this.readout.train.textContent = computed ? fmt(trace.loss, digits) : '—';
    if (computed) this.readout.train.dataset.value = String(trace.loss);
    else delete this.readout.train.dataset.value;
    this.readout.test.textContent = Number.isNaN(testLoss) ? '—' : fmt(testLoss, digits);
    if (Number.isNaN(testLoss)) delete this.readout.test.dataset.value;
    else this.readout.test.dataset.value = String(testLoss);
  }

  /** Canvases at the plot's size in device pixels, so lines stay sharp on any screen. */
  #sized(width) {
    if (width === this.#width) return; // only the height changed
    this.#width = width;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    if (!w) return;
    this.points.width = w;
    this.points.height = w;
    this.#pointsKey = '';
    if (this.model) this.redrawn(this.model);
  }

  /** Plot coordinates → canvas pixels. */
  #px(x, y) {
    const { x: [x0, x1], y: [y0, y1] } = this.#box;
    const W = this.points.width;
    return [((x - x0) / (x1 - x0)) * W, ((y1 - y) / (y1 - y0)) * W];
  }

  /**
   * Draws the samples as points: the training ones as dots, the held-out
   * ones as rings. A canvas's drawing goes to the compositor with the frame,
   * where 10,000 points cost some 70 ms in one task; so a big set is drawn
   * POINTS_PER_FRAME points a frame, in the same order (`settled` waits).
   */
  #drawPoints(train, test, dims) {
    const c = this.points;
    const g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    const dpr = c.width / Math.max(1, this.#width);
    const r = (dims === 1 ? 2.6 : 3.4) * dpr;
    const at = (smp) => (dims === 1 ? this.#px(smp.input[0], smp.target[0]) : this.#px(smp.input[0], smp.input[1]));
    const signed = this.#signed();
    // The core's colour for each target value, asked once: a data set of 10,000 samples has two or three.
    const colours = new Map();
    const colour = (smp) => {
      if (dims === 1) return '#1f2933';
      const y = smp.target[0];
      if (!colours.has(y)) colours.set(y, pointColor(y, signed));
      return colours.get(y);
    };
    const dot = (smp) => {
      const [x, y] = at(smp);
      g.beginPath();
      g.arc(x, y, r, 0, 2 * Math.PI);
      g.fillStyle = colour(smp);
      g.fill();
      g.lineWidth = 1.2 * dpr;
      g.strokeStyle = '#fff';
      g.stroke();
    };
    // Held-out points: hollow rings, with a white halo to stand out on any shade.
    const ring = (smp) => {
      const [x, y] = at(smp);
      g.beginPath();
      g.arc(x, y, r, 0, 2 * Math.PI);
      g.lineWidth = 3.6 * dpr;
      g.strokeStyle = 'rgba(255,255,255,0.9)';
      g.stroke();
      g.lineWidth = 1.8 * dpr;
      g.strokeStyle = colour(smp);
      g.stroke();
    };
    const run = ++this.#pointsRun; // a later drawing stops this one
    const total = train.length + test.length;
    if (total > POINTS_PER_FRAME) this.#pointsWait ??= Promise.withResolvers();
    const draw = (from) => {
      if (run !== this.#pointsRun) return;
      const to = Math.min(total, from + POINTS_PER_FRAME);
      for (let i = from; i < to; i++) {
        if (i < train.length) dot(train[i]);
        else ring(test[i - train.length]);
      }
      if (to < total) requestAnimationFrame(() => draw(to));
      else this.#pointsDone();
    };
    // a big set starts at the next frame: this one has the rest of the panel to draw
    if (total > POINTS_PER_FRAME) requestAnimationFrame(() => draw(0));
    else draw(0);
    c.dataset.train = String(train.length);
    c.dataset.test = String(test.length);
    const f = (v) => String(Number(v.toFixed(2)));
    this.axes.x0.textContent = dims === 1 ? f(this.#box.x[0]) : `${f(this.#box.x[0])}, ${f(this.#box.y[0])}`;
    this.axes.x1.textContent = dims === 1 ? `x = ${f(this.#box.x[1])}` : `x₁ = ${f(this.#box.x[1])}`;
    this.axes.y0.textContent = dims === 1 ? f(this.#box.y[0]) : '';
    this.axes.y0.hidden = dims !== 1;
    this.axes.y1.textContent = dims === 1 ? `y = ${f(this.#box.y[1])}` : `x₂ = ${f(this.#box.y[1])}`;
  }

  /**
   * The core's heatmap (2 inputs) or curve (1 input) at the current
   * parameters. The heatmap is the core's own n×n image, put into an n×n
   * canvas that CSS stretches over the plot: so each pixel's centre is where
   * the core computed it, the grid is asked for at the pixels' centres.
   */
  /** The heatmap's side while training: GRID_PLAYING, less on a network too big for it in a frame. */
  #playingGrid() {
    const work = passWork(this.host.state().layers);
    return Math.max(16, Math.min(GRID_PLAYING, Math.floor(Math.sqrt(PLAYING_WORK / work))));
  }

  #drawOutput(dims, playing) {
    const c = this.heat;
    const { x: [x0, x1], y: [y0, y1] } = this.#box;
    c.dataset.x0 = x0;
    c.dataset.x1 = x1;
    c.dataset.y0 = y0;
    c.dataset.y1 = y1;
    if (dims === 2) {
      const n = playing ? this.#playingGrid() : GRID_STILL;
      const img = this.#pictureOf(n) ?? this.host.core.heatmapImage(n, ...this.#centres(n), this.discrete);
      if (c.width !== n || c.height !== n) {
        c.width = n;
        c.height = n;
      }
      c.getContext('2d').putImageData(img, 0, 0);
      c.dataset.n = String(n);
      c.dataset.mode = 'heatmap';
      if (this.neuron && this.#pictured) c.dataset.neuron = this.neuron;
      else delete c.dataset.neuron;
    } else {
      if (c.width !== this.points.width || c.height !== this.points.height) {
        c.width = this.points.width;
        c.height = this.points.height;
      }
      const g = c.getContext('2d');
      g.fillStyle = '#fbfcfd';
      g.fillRect(0, 0, c.width, c.height);
      const ys = this.host.core.curve(CURVE_POINTS, x0, x1);
      const dpr = c.width / Math.max(1, this.#width);
      // y = 0, for reference
      g.strokeStyle = '#e3e7ed';
      g.lineWidth = dpr;
      g.beginPath();
      g.moveTo(...this.#px(x0, 0));
      g.lineTo(...this.#px(x1, 0));
      g.stroke();
      g.strokeStyle = pointColor(1);
      g.lineWidth = 2.5 * dpr;
      g.lineJoin = 'round';
      g.beginPath();
      ys.forEach((y, i) => {
        const [px, py] = this.#px(x0 + ((x1 - x0) * i) / (CURVE_POINTS - 1), y);
        if (i === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      });
      g.stroke();
      c.dataset.n = String(CURVE_POINTS);
      c.dataset.mode = 'curve';
    }
  }

  /** Each dataset's picture on its button, from the core's own generator. */
  #thumbs() {
    for (const b of this.picks) {
      const kind = b.dataset.dataset;
      const c = b.querySelector('canvas');
      const g = c.getContext('2d');
      const pts = dataset(kind, THUMB_POINTS, 0, 7);
      const S = c.width;
      g.fillStyle = '#fbfcfd';
      g.fillRect(0, 0, S, S);
      for (const p of pts) {
        const [x, y] = p.input.length === 1 ? [p.input[0] / Math.PI, p.target[0] * 0.8] : p.input;
        g.beginPath();
        g.arc(((x + 1.1) / 2.2) * S, ((1.1 - y) / 2.2) * S, 3.2, 0, 2 * Math.PI);
        g.fillStyle = pointColor(p.input.length === 1 ? 1 : p.target[0]);
        g.fill();
      }
    }
  }

  /** Takes over `old`'s data and settings (the panel is built again for a new language). */
  adopt(old) {
    for (const key of ['kind', 'count', 'noise', 'testFraction', 'seed', 'test', 'showTest', 'discrete']) this[key] = old[key];
    this.#ours = old.#ours;
    this.#active = old.#active;
    this.csvText.value = old.csvText.value;
    this.#csv = old.#csv;
    this.csvNote.textContent = old.csvNote.textContent;
    this.csvNote.hidden = old.csvNote.hidden;
    for (const [key, { input, out }] of Object.entries(this.sliders)) {
      input.value = String(this[key]);
      out.textContent = old.sliders[key].out.textContent;
    }
  }

  end() {
    this.#resize.disconnect();
  }
}
