// <backprop-playground>: a small network with every w, b, z, a and δ on
// screen, stepped forward, backward and updated by the wasm core.
// The public API is written up in API.md.

import { Banner } from './banner.js';
import { freshSeed, joined, load, onRestart, preset, stepError, vocabulary, warmUp } from './core.js';
import { fitsObject, parseState } from './input.js';
import { buildControls } from './controls.js';
import { Diagram } from './diagram.js';
import { closeEditor, openEditor } from './editor.js';
import { label, paramValue, parse, parseNumber } from './format.js';
import { History, sameState } from './history.js';
import { newHiddenActivation, reshape } from './reshape.js';
import { download, fetchState, pickLang } from './share.js';
import { ShareUi } from './share-ui.js';
import { hasStrings, loadStrings, pageError, strings } from './strings.js';
import { h, stylesheet } from './dom.js';
import { importViews, Lessons } from './lessons.js';
import { reducedMotion, Walk } from './teach.js';
import { declareFonts, KATEX_CSS } from './tex.js';
import { applyView, keepInUrl, linkControls, ownsUrl, startCore, stores } from './urlstate.js';
import { FIGURE_PARTS, FIGURE_SCALE, figureBar, isFigure } from './figure.js';
import { Pacer, passWork } from './pace.js';
import { Series } from './series.js';
import { Trainer } from './trainer.js';

const CSS = new URL('./playground.css', import.meta.url).href;
const TEACH_CSS = new URL('./teach.css', import.meta.url).href;
const DATA_CSS = new URL('./data.css', import.meta.url).href;
const THUMB_PIXELS = 24; // a neuron's picture, pixels a side
const FAST_SAMPLES = 64; // above this, only the sample shown is traced
// While training on a data set, a drawing's numbers and charts (far more to
// lay out and paint than the heatmap) are spread over this many frames, one
// part a frame, so that no frame carries them all: see PART.
const NUMBERS_EVERY = 4;
const PART = { diagram: 0, controls: 1, lessons: 2, data: 3 };
const NOT_DIAGRAM = [PART.controls, PART.lessons, PART.data];
const PHASES = ['none', 'forward', 'backward'];
const STEPS = { step: 1, train10: 10, train100: 100 };
// A long `el.step(n)` runs in slices of about this much work (multiply-adds
// and activations, a few tens of ms), the page free to draw and take clicks between them.
const SLICE_WORK = 3.5e7;
const DEFAULT_PRESET = 'seed';
// A loaded network with more parameters than this (8 layers of 16 have
// 1,425) is drawn from the next frame on, its diagram first and the rest a
// frame later: its loading, its diagram and its panels each take tens of
// milliseconds, too much for one task.
const DRAW_APART = 600;

/** What stands in for the data panel until data.js is imported (a figure's, until More): it shows nothing. */
const NO_DATA = { kind: null, el: null, adopt() {}, end() {}, redrawn() {}, neuronImages: () => null, showNeuron() {}, trainingError() {} };

/** A plain object whose setters call `onSet(key)`: the view's settings. */
function settings(initial, onSet) {
  const o = {};
  for (const [key, start] of Object.entries(initial)) {
    let v = start;
    Object.defineProperty(o, key, {
      enumerable: true,
      get: () => v,
      set: (next) => {
        if (next === v) return;
        v = next;
        onSet(key);
      },
    });
  }
  return Object.seal(o);
}

class BackpropPlayground extends HTMLElement {
  #core = null;
  #state = null; // the core's state, parsed
  #trace = null; // always a current trace: forward, or full after Backward
  #phase = 'none'; // how much of the trace is shown
  #stepped = false; // the last change was a gradient step
  #mask = null; // dropout mask of the last step, shown until the next action
  #prev = null; // the state before the last step, for "before" tooltips
  #lossBefore = null; // the loss before the last step
  #baseline = null; // the state Reset returns to, as `{ text() }`
  #history = new History();
  #playing = false;
  #playFrom = null; // the state when Play was pressed: one undo step for the whole run
  #built = '';
  #muted = false; // view changes made while redrawing anyway
  #ui = null;
  #resolve;
  #reject;
  #started = false;
  #banner = new Banner(); // kept across rebuilds, so a message survives a language switch
  #url = null; // the URL owner's { flush, reopen } (urlstate.js); null for other elements
  #saved = null; // the URL owner's saved networks (saved.js); null where it keeps the hash only
  #share = new ShareUi(this); // exports, embeds and classroom tools (share-ui.js)
  #log = new Series(); // the batch loss of every step the core took (thinned when long), for the CSV export
  #css = null; // the element's own stylesheet link, first in the shadow root
  #trainer; // the worker that trains on data sets (trainer.js): started on first use, null where there is none
  #away = null; // Play's traffic with it: { loaded, busy, ticket, arrived }
  #long = null; // an `el.step(n)` running in slices: { stopped }
  #attention = null; // the control a divergence points at (η)
  #owed = null; // a drawing owed to the next animation frame (steps from code): { quiet, lessons, promise, done }
  #DataPanel = null; // data.js's panel, once imported: at start, or for a figure with its first More
  #importingData = null; // that import, under way or done
  #recentMenu = null; // recent.js's menu, imported for the element that saves its work
  #expanded = false; // a figure's reader asked for More: every part is shown
  #bar = null; // a figure's More button and full-page link (figure.js)

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    /** Resolves once the wasm core is loaded and the network is drawn. */
    this.ready = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.ready.catch(() => {}); // the failure is shown in the element itself
    this.view = settings(
      { lang: 'en', notation: 'seed', digits: 4, sample: 0, speed: 1, epochs: null },
      (key) => this.#viewChanged(key),
    );
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.view.lang = pickLang(this);
    const loading = h('p', { class: 'loading' }, strings(this.view.lang).loading);
    loadStrings(this.view.lang).then(() => (loading.textContent = strings(this.view.lang).loading), () => {});
    this.shadowRoot.append(loading);
    this.#start().then(() => {
      this.#resolve();
      // The formulas' stylesheet, now that the network is on screen; KaTeX
      // itself comes with the first formula shown (tex.js).
      this.#css.after(h('link', { rel: 'stylesheet', href: KATEX_CSS }));
      declareFonts();
    }, (err) => {
      const t = strings(this.view.lang);
      loading.textContent = `${t.loadFailed} ${t.error(err)}`;
      this.#reject(err);
    });
  }

  disconnectedCallback() {
    this.#playing = false;
    this.#trainer?.terminate();
    this.#trainer = undefined;
  }

  // Told when a trapped core was replaced (core.js): this element's network was rebuilt in the new one.
  #restarted = (err) => this.#notify('coreRestarted', err, null, 'notice');

  async #start() {
    // Draw once the stylesheet is in, so the page never flashes unstyled.
    const { link: css, settled: styled } = stylesheet(CSS);
    this.shadowRoot.prepend(css);
    this.#css = css;
    // The teaching views' styles; the data panel's come with its module, KaTeX's once the network is drawn.
    css.after(h('link', { rel: 'stylesheet', href: TEACH_CSS }));
    // A figure leaves the data panel and the lessons past the chain rule until its reader asks for More.
    const later = isFigure(this) ? [] : [this.#importData(), importViews()];
    const [, , saving] = await Promise.all([load(), styled, this.#importSaving(), loadStrings(this.view.lang), ...later]);
    onRestart(this.#restarted);
    // A `src` file, when it loads, stands in for the preset (share.js); a problem is shown.
    const fetched = await fetchState(this, strings(this.view.lang));
    if (saving) this.#saved = new saving.Saved((key) => this.#notify(key, '', null, 'notice'));
    const named = fetched.state ? {} : this.#preset();
    // A link, saved work or the `state` attribute, else the `src` file or the preset (urlstate.js).
    const start = startCore(this, fetched.state ?? named.state, this.#saved);
    this.#core = start.core;
    this.#baseline = { text: () => start.baseline };
    this.#quietly(() => Object.assign(this.view, start.view));
    await loadStrings(this.view.lang); // a link may ask for another language
    this.#refresh();
    if (ownsUrl(this)) this.#url = keepInUrl(this, (key, detail, aside) => this.#notify(key, detail, aside), this.#saved);
    this.#buildUi();
    for (const { key, detail, aside } of applyView(this, start, start.notices)) this.#notify(key, detail, aside);
    if (fetched.error) this.#notify('badSrc', fetched.error);
    if (named.error) this.#notify('badPreset', named.error);
    warmUp(); // in idle time, after the first view
  }

  /** saved.js and the Recent menu, for the element that saves its work in this browser; null for the others. */
  async #importSaving() {
    if (!stores(this)) return null;
    const [saving, recent] = await Promise.all([import('./saved.js'), import('./recent.js')]);
    this.#recentMenu = recent.recentMenu;
    return saving;
  }

  /** data.js and its stylesheet, once (again after a failure): the data panel is built from then on. */
  #importData() {
    this.#importingData ??= (async () => {
      const { link: css, settled: styled } = stylesheet(DATA_CSS);
      this.shadowRoot.querySelector(`link[href="${TEACH_CSS}"]`).after(css);
      try {
        const [data] = await Promise.all([import('./data.js'), styled]);
        this.#DataPanel = data.DataPanel;
      } catch (err) {
        css.remove();
        this.#importingData = null;
        throw err;
      }
    })();
    return this.#importingData;
  }

  /** The `preset` attribute's state, or the default preset and the core's error for a name it does not have. */
  #preset() {
    try {
      return { state: preset(this.getAttribute('preset') ?? DEFAULT_PRESET) };
    } catch (err) {
      return { state: preset(DEFAULT_PRESET), error: err };
    }
  }

  // ---- Public API -------------------------------------------------------

  /** The current state as a plain object in the state format (a copy: the core's own is what a restart rebuilds from). */
  get state() {
    return structuredClone(this.#core.state());
  }

  /**
   * `{ layers, step, epoch, samples }` of the current state, `samples` the
   * count: cheap to read however many samples there are (`state` copies them all).
   */
  get summary() {
    const { layers, step, samples } = this.#state;
    return { layers: [...layers], step, epoch: this.#trace.epoch, samples: samples.length };
  }

  /** Loads a state (object or JSON text); throws the core's coded Error and keeps the old state. */
  set state(value) {
    const state = typeof value === 'string' ? parseState(value) : value;
    if (typeof value !== 'string') fitsObject(value, 'max_state_bytes', 'state'); // before the core copies it in
    this.#halt(); // Play goes on, from the new state
    const before = this.#core.snapshot();
    this.#core.setState(state);
    this.#history.push(before);
    this.#baseline = this.#core.stateLater();
    this.#quietly(() => (this.view.sample = 0));
    this.#settle('none');
    const later = passWork(this.#state.layers) > DRAW_APART;
    if (later) this.#drawSoon({ quiet: true, lessons: true, apart: true });
    else this.#render();
    this.#changed('state', { lessons: !later });
  }

  /** Runs the forward pass and shows z, a and the loss; returns the trace. */
  forward() {
    this.#stop();
    this.#settle('forward');
    this.#render();
    this.#changed('forward');
    return this.#trace;
  }

  /** Runs forward and backward and shows δ and the gradients; returns the trace. */
  backward() {
    this.#stop();
    this.#settle('backward');
    this.#render();
    this.#changed('backward');
    return this.#trace;
  }

  /**
   * n gradient steps, drawn once without flashing each value; resolves with
   * `{ step, epoch, loss, losses, epochs, dropout_mask, error }`. A run too
   * long for one task goes on in slices between frames, and stops, keeping
   * the steps taken, at Pause, Reset, Undo, a new state or another step.
   */
  step(n = 1) {
    this.#stop();
    const slice = this.#sliceSteps();
    if (Number.isInteger(n) && n > slice && n <= vocabulary().limits.max_steps) return this.#stepInSlices(n, slice);
    try {
      return Promise.resolve({ ...this.#step(n, { record: true, quiet: true, later: true }), stopped: false });
    } catch (err) {
      if (err.code === 'diverged') return Promise.reject(err); // the steps before it are kept
      throw err; // a count the core refuses changes nothing, and is thrown at once
    }
  }

  /** Stops a long `el.step(n)`; the slices it took stay. */
  #halt() {
    if (this.#long) this.#long.stopped = true;
    this.#long = null;
  }

  /** The steps a slice of a long run takes: about SLICE_WORK of the network's work. */
  #sliceSteps() {
    const { layers, batch_size: batch } = this.#state;
    return Math.max(1, Math.floor(SLICE_WORK / (3 * passWork(layers) * batch))); // forward, backward and update
  }

  /**
   * `n` steps, `slice` at a time: one Undo step, each slice logged and drawn
   * as it lands. On a data set the worker takes the slices, and the page
   * takes on each state it posts back; elsewhere the page's own core takes
   * them with the event loop between. Resolves with all the steps' result,
   * `stopped: true` if something stopped it first.
   */
  async #stepInSlices(n, slice) {
    const run = { stopped: false };
    this.#long = run;
    const parts = [];
    // the state before, for Undo: taken when first needed, which in the worker's case is while it trains
    let before = () => this.#core.snapshot();
    const trainer = this.#state.samples.length > FAST_SAMPLES ? this.#worker() : null;
    if (trainer) this.#loadAway(trainer);
    try {
      for (let done = 0; done < n && !run.stopped;) {
        // the worker's slices are longer: the page only draws while they run
        const k = Math.min(trainer ? 4 * slice : slice, n - done);
        const result = trainer && !trainer.broken
          ? await this.#sliceAway(trainer, k, before, run)
          : await this.#sliceHere(k, before?.() ?? null, run, done > 0);
        if (!result) break;
        parts.push(result);
        before = null; // one Undo step for the whole call
        done += k;
      }
    } finally {
      if (this.#long === run) this.#long = null;
    }
    // Stopped before any slice landed: the core's own answer for no steps.
    return joinResults(parts.length ? parts : [this.#core.step(0)], run.stopped);
  }

  /** A slice of a long run in the page's own core, after the timers, input and drawing waiting (`wait`); null once stopped. */
  async #sliceHere(k, before, run, wait) {
    if (wait) await nextTask();
    if (run.stopped) return null;
    return this.#step(k, { record: before, quiet: true, later: true });
  }

  /**
   * A slice of a long run in the worker, which holds the state the page
   * shows: the page takes on the state it posts back. Null once stopped, or
   * if the page left that state meanwhile (the answer is dropped).
   */
  async #sliceAway(trainer, k, before, run) {
    const prev = this.#state;
    const lossBefore = this.#trace.loss;
    const sample = this.#shownSample();
    const answer = trainer.run(k, sample);
    // the page's core still holds the state the worker started from
    const snapshot = before?.() ?? null;
    const out = await answer;
    if (run.stopped || this.#state !== prev) return null;
    if (!out) return trainer.broken ? this.#sliceHere(k, snapshot, run, false) : null;
    const { result, failure, state, trace } = out;
    if (!result) throw failure;
    this.#core.adopt(state);
    trainer.taken(this.#core.version);
    const one = sample === this.#shownSample() ? trace : null;
    return this.#showSteps({ before: snapshot, prev, lossBefore, result, failure, quiet: true, later: true, one });
  }

  /**
   * Resolves once what has changed is on screen. Steps from code are drawn
   * at the next animation frame, once for however many came before it; a
   * new language, once its words have come (Chinese is fetched when first
   * shown); on a big network, the values it does not draw follow in idle
   * time, and a big data set's points take a few frames.
   */
  get drawn() {
    // the drawing owed to the next frame, the words of a new language, then a big network's unseen values and a big set's points
    return Promise.all([this.#owed?.promise, this.#wording]).then(async () => {
      await this.#ui?.diagram.caughtUp;
      await this.#ui?.data.settled;
    });
  }

  /** True while Play runs. */
  get playing() {
    return this.#playing;
  }

  /** The current state as the core's compact, bit-exact link text: `1.<base64url>`. */
  link() {
    return this.#core.link();
  }

  /** The full trace (forward and backward) of the current state, as the CLI prints it. */
  trace() {
    return this.#core.trace();
  }

  /** The phase on screen: 'idle', 'forward', 'loss', 'backward' or 'update' (the walk's, or the last button's). */
  get phase() {
    const walk = this.#ui?.walk.phase ?? 'idle';
    if (walk !== 'idle') return walk;
    // Outside the walk, what the buttons last showed.
    return this.#stepped ? 'update' : this.#phase === 'none' ? 'idle' : this.#phase;
  }

  /** The selected weight or bias (`'w2.1.1'`), or null. */
  get selected() {
    return this.#ui?.diagram.selected ?? null;
  }

  /** One phase on in the step-by-step walk (from idle, the first); returns the new phase. */
  nextPhase() {
    this.#stop();
    return this.#ui.walk.next();
  }

  /** One phase back (taking back the update if it was taken); returns the new phase. */
  previousPhase() {
    this.#stop();
    return this.#ui.walk.previous();
  }

  /** Selects a weight or bias (`'w2.1.1'`, `'b3.2'`) and shows its chain rule. */
  select(name) {
    const p = parse(name);
    const { layers } = this.#state;
    const ok = p && (p.kind === 'w' || p.kind === 'b') && p.l >= 2 && p.l <= layers.length &&
      p.j >= 1 && p.j <= layers[p.l - 1] && (p.kind === 'b' ? p.k === undefined : p.k >= 1 && p.k <= layers[p.l - 2]);
    if (!ok) throw pageError('not_a_param', 'select', { name: String(name) });
    this.#ui.diagram.selected = name;
    this.#ui.lessons.select(name);
  }

  /** Starts training, `view.speed` steps a frame, until `pause()`. */
  play() {
    if (!this.#playing) this.#play();
  }

  pause() {
    this.#stop();
  }

  /** The core's chain rule for `param` as `text`, `markdown` or `latex`, names in the view's notation (`pg.explainAs`). */
  explainAs(param, sample = this.view.sample, format = 'markdown', digits = this.view.digits, notation = this.view.notation) {
    return this.#core.explainAs(param, sample, format, digits, notation);
  }

  /** The core's phase-by-phase working of one step, names in the view's notation (`pg.phases`). */
  phases(sample = this.view.sample, digits = this.view.digits, notation = this.view.notation) {
    return this.#core.phases(sample, digits, notation);
  }

  /**
   * `{ step, epoch, loss }` for each step taken, the loss being the batch
   * loss the core returned for it. A long run keeps at most a few thousand
   * rows: each then stands for `steps` consecutive steps, with the last
   * one's values and the lowest and highest loss among them (`min`, `max`).
   */
  get trainingLog() {
    const rows = this.#log.rows();
    return this.#log.thinned ? rows : rows.map(({ step, epoch, loss }) => ({ step, epoch, loss }));
  }

  /** An export's content, `{ name, type, data }`: `json`, `svg`, `png` (a Blob), `markdown`, `latex` or `csv`. */
  exportAs(kind) {
    return this.#share.exportAs(kind);
  }

  /** The code that embeds the current network elsewhere: `{ script, iframe }`. */
  embedCode() {
    return this.#share.embedCode();
  }

  /**
   * Fresh Xavier weights from a newly drawn seed (zero biases), step 0, the
   * samples and settings kept: one Undo step. Returns the seed, which the
   * state now holds, so a link to the result is still reproducible.
   */
  reinitialize() {
    const seed = freshSeed();
    const err = this.#apply('reinitialize', () => this.#core.reinitialize(seed), 'none');
    if (err) throw err;
    return seed;
  }

  /** Presenter mode: large type, high contrast, side panels hidden. */
  get presenter() {
    return this.#share.classroom.presenter;
  }

  set presenter(on) {
    this.#share.classroom.presenter = on;
  }

  /** Hides a z, a, δ or ∂L/∂w (`name`, or one at random) and asks for it; returns its name. */
  quiz(name) {
    return this.#share.classroom.quiz(name);
  }

  // ---- Changes ----------------------------------------------------------

  /**
   * n steps in one call into the core: `{ result, failure }`. A divergence
   * comes back with the steps before it (so none are lost) and the core's
   * coded error, as an Error.
   */
  #takeSteps(n) {
    try {
      const result = this.#core.step(n);
      return { result, failure: stepError(result.error) };
    } catch (err) {
      return { result: null, failure: err };
    }
  }

  /**
   * Steps, then shows the forward pass at the new parameters. If the core
   * stops early (training diverged) the steps before stay; the display
   * catches up and the error is thrown on. A count the core refuses
   * (`steps`, not a whole number in range) changes nothing and is thrown at once.
   * `record` is true to record the state before for Undo, or that state's
   * snapshot, or false.
   */
  #step(n, { record, quiet, later = false }) {
    const before = record === true ? this.#core.snapshot() : record || null;
    const prev = this.#state;
    const lossBefore = this.#trace.loss;
    const { result, failure } = this.#takeSteps(n);
    if (!result) throw failure;
    return this.#showSteps({ before, prev, lossBefore, result, failure, quiet, later });
  }

  /**
   * Shows steps taken from state `prev` (`before`, its snapshot, for Undo
   * when recorded): the forward pass at the new parameters, from `one`, the
   * trace of the sample shown, when the worker sent it; `later` leaves the
   * drawing to the next animation frame. Throws `failure`.
   */
  #showSteps({ before, prev, lossBefore, result, failure, quiet, one = null, later = false }) {
    this.#settle('forward', !one);
    if (one) this.#trace = this.#traceOne(false, one);
    const moved = this.#state.step !== prev.step; // every step taken counts
    if (before !== null && moved) this.#history.push(before);
    if (result.losses.length) this.#ui?.lessons.trained(prev.step + 1, result.losses, result.epoch, this.#trace.loss, this.#core.testLoss(), !later);
    this.#record(prev, result);
    this.#stepped = true;
    this.#mask = result.dropout_mask;
    this.#prev = prev;
    this.#lossBefore = lossBefore;
    if (later) this.#drawSoon({ quiet, lessons: moved });
    else this.#render({ quiet });
    if (moved) this.#changed('step', { animate: !quiet, lessons: !later });
    if (failure) throw failure;
    return result;
  }

  /**
   * Adds the losses of steps taken from state `prev` to the log, first
   * dropping any logged steps past it (after undo, reset or a new state).
   */
  #record(prev, { losses, epochs }) {
    this.#log.truncate(prev.step);
    this.#log.add(prev.step + 1, losses, epochs);
  }

  /** Shows `phase` of a fresh trace and clears the marks of the last step. */
  #settle(phase, trace = true) {
    this.#phase = phase;
    this.#stepped = false;
    this.#mask = null;
    this.#prev = null;
    this.#lossBefore = null;
    this.#ui?.controls.clearErrors();
    this.#attention?.classList.remove('attention');
    this.#attention = null;
    if (this.#banner.kind === 'diverged') this.#banner.hide();
    this.#refresh(trace);
  }

  /** The state, and (unless `trace` is false) a trace of every sample. */
  #refresh(trace = true) {
    this.#state = this.#core.current();
    // A data set trains in the worker: it starts, and warms up, before the
    // first press, in a task of its own (it takes the state's JSON text along).
    if (this.#state.samples.length > FAST_SAMPLES && this.#trainer === undefined) {
      setTimeout(() => this.#trainer === undefined && this.#state.samples.length > FAST_SAMPLES && this.#worker());
    }
    if (this.view.sample >= this.#state.samples.length) this.#quietly(() => (this.view.sample = 0));
    if (trace) this.#trace = this.#traceNow(this.#phase === 'backward');
  }

  /**
   * The core's trace of the current state. On a large data set only the
   * sample shown is traced (the loss and gradients are still the mean over
   * all), so a step or a frame costs the same for 100 samples or 10,000.
   */
  #traceNow(backward) {
    if (this.#state.samples.length > FAST_SAMPLES) return this.#traceOne(backward);
    return backward ? this.#core.trace() : this.#core.forward();
  }

  /** The trace with only the sample shown (the core's, or `one` when given), placed where the diagram looks for it. */
  #traceOne(backward, one = null) {
    const sample = this.#shownSample();
    one ??= this.#core.traceSample(sample, backward);
    const trace = { ...one, samples: [] };
    trace.samples[sample] = one.samples[0];
    return trace;
  }

  /** The index of the sample shown. */
  #shownSample() {
    return Math.min(this.view.sample, this.#state.samples.length - 1);
  }

  /** Changes view settings without their own redraw and event, inside a change that redraws. */
  #quietly(change) {
    this.#muted = true;
    try {
      change();
    } finally {
      this.#muted = false;
    }
  }

  /** Tells the panels and listeners; `animate: false` keeps the step buttons' animation out of it (a call from code). */
  #changed(reason, { animate = true, lessons = true } = {}) {
    this.#ui?.walk.changed(reason, animate);
    if (['reset', 'preset', 'state', 'shape', 'reinitialize'].includes(reason)) this.#ui?.lessons.history.clear();
    if (lessons && !this.#playing) this.#ui?.lessons.refresh();
    this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: { reason } }));
  }

  /** Applies `change` to the core; on success records history and redraws, else returns the core's Error. */
  #apply(reason, change, phase = this.#phase) {
    if (this.#share.readonly) return null; // stepping only
    this.#stop();
    const before = this.#core.snapshot();
    try {
      change();
    } catch (err) {
      return err;
    }
    if (sameState(this.#core.snapshot(), before)) return null;
    this.#history.push(before);
    this.#settle(phase);
    this.#render();
    this.#changed(reason);
    return null;
  }

  /** Loads a whole state object built by the page (a setting, a new shape). */
  #load(reason, state, phase) {
    return this.#apply(reason, () => this.#core.setState(state), phase);
  }

  #edit(name, text) {
    const v = parseNumber(text);
    const p = parse(name);
    const phase = PHASES[Math.max(1, PHASES.indexOf(this.#phase))];
    return this.#apply('edit', () => {
      if (p.kind === 'x') this.#core.setInput(this.view.sample, p.j - 1, v);
      else if (p.kind === 'y') this.#core.setTarget(this.view.sample, p.j - 1, v);
      else this.#core.setParam(name, v);
    }, phase);
  }

  #run(action) {
    if (action === 'forward') this.forward();
    else if (action === 'backward') this.backward();
    else if (action in STEPS) {
      this.#stop();
      // On a large data set the worker takes Train's steps, one press after another; Step stays here.
      if (action !== 'step' && this.#state.samples.length > FAST_SAMPLES && this.#worker()) this.#pressed = this.#pressed.then(() => this.#stepAway(STEPS[action]));
      else this.#stepHere(STEPS[action]);
    }
    else if (action === 'reinitialize') this.#apply('reinitialize', () => this.#core.reinitialize(freshSeed()), 'none');
    else if (action === 'play') this.#playing ? this.#stop() : this.#play();
    else if (action === 'reset') this.#restore('reset', this.#baseline.text(), true);
    else if (action === 'undo' || action === 'redo') {
      this.#stop();
      const snap = this.#history[action](this.#core.snapshot());
      if (snap !== null) this.#restore(action, joined(snap), false);
    }
  }

  /** Loads a state's JSON text from history or the baseline. */
  #restore(reason, json, record) {
    this.#stop();
    if (record) this.#history.push(this.#core.snapshot());
    this.#core.setState(JSON.parse(json));
    this.#settle(reason === 'reset' ? 'none' : this.#phase);
    this.#render();
    this.#changed(reason);
  }

  #play() {
    this.#playFrom = this.#core.snapshot();
    this.#playing = true;
    this.#render({ quiet: true });
    const pacer = new Pacer();
    const clock = { epochs: null, since: 0, taken: 0 }; // steps taken at `epochs` a second since `since`
    this.#away = { loaded: null, busy: false, ticket: 0, arrived: null };
    const frame = (now) => {
      if (!this.#playing) return;
      try {
        this.#showAway(pacer);
        const epochs = this.view.epochs;
        if (epochs === 0) this.#trainFrame(pacer.next(now), pacer); // Max
        else if (epochs !== null) {
          if (clock.epochs !== epochs) Object.assign(clock, { epochs, since: now, taken: 0 });
          const { samples, batch_size: batch } = this.#state;
          const due = Math.floor(((now - clock.since) / 1000) * epochs * Math.ceil(samples.length / batch)) - clock.taken;
          // never more than a frame can hold: a slow machine plays slower rather than freezing
          const n = Math.min(due, pacer.next(now));
          clock.taken += due; // steps a slow frame could not take are skipped, not owed
          if (n > 0) this.#trainFrame(n, pacer);
        } else if (this.view.speed === 0 || this.#state.samples.length > FAST_SAMPLES) this.#trainFrame(this.view.speed || pacer.next(now), pacer);
        else this.#step(this.view.speed, { record: false, quiet: true });
      } catch (err) {
        this.#stop();
        this.#diverged(err);
        this.#ui.data.trainingError(err);
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /** Training stopped at a non-finite or huge value: say so at the top and point at η. */
  #diverged(err) {
    const { controls, t } = this.#ui;
    controls.showError('learning_rate', err);
    const n = err.code === 'diverged' ? err.params.step : null;
    // The core's own words stay beside η; the banner says what to do.
    this.#banner.show(n !== null ? t.diverged(n) : t.error(err), n !== null ? t.divergedMore : '', 'diverged');
    this.#attention = this.shadowRoot.querySelector('[data-field="learning_rate"]');
    this.#attention?.classList.add('attention');
  }

  /**
   * A refused link, saved state or attribute: a strings key, and the core's
   * error (or a list of them, or the page's own words) under it. `aside`,
   * the id of a saved entry set aside, adds a button that downloads it.
   */
  #notify(key, detail, aside = null, kind = 'error') {
    const t = this.#ui?.t ?? strings(this.view.lang);
    const words = typeof detail === 'string' ? detail : [detail ?? []].flat().map((e) => t.error(e)).join('; ');
    const action = aside === null ? null : { label: t.downloadAside, run: () => this.#downloadAside(aside) };
    this.#banner.show(t[key] ?? key, words, kind, action); // the core's words, in Chinese for zh
  }

  /** Saves a damaged entry's text, as it was stored, to a file. */
  #downloadAside(id) {
    const item = this.#saved?.aside().find((a) => a.id === id);
    if (item) download(`backprop-saved-${id}.txt`, item.text, 'text/plain');
  }

  /**
   * One frame of Play on a data set: `n` steps in one call into the core,
   * timed for the pacer, then only the sample shown is traced (the loss is
   * still the mean over every sample), so a frame costs the same for 10 or
   * 10,000 samples. Throws the core's message if training diverged.
   */
  #frames = 0;

  #trainFrame(n, pacer) {
    if (this.#worker()) return this.#askAway(n);
    const prev = this.#state;
    // The heatmap every frame; the diagram's numbers, the panels and the charts one part a frame,
    // the diagram's (the most to lay out) in frames that train half as much to make room for it.
    const numbers = this.#numbersDue();
    if (numbers === PART.diagram && !this.view.speed) n = Math.ceil(n / 2);
    const t0 = performance.now();
    const { result, failure } = this.#takeSteps(n);
    pacer.took(n, performance.now() - t0);
    this.#showFrame(prev, result, failure, numbers);
  }

  /** Which part of the drawing this frame of Play brings up to date (PART): each in turn. */
  #numbersDue() {
    this.#frames = (this.#frames + 1) % NUMBERS_EVERY;
    return this.#frames;
  }

  /**
   * Shows a frame's steps, taken from state `prev`: the log, the sample
   * shown (`one`, its trace if known), the drawing, of which the numbers
   * are only part `numbers` (PART), or all of them on a failure; throws `failure`.
   */
  #showFrame(prev, result, failure, numbers, one = null) {
    const first = prev.step + 1;
    const losses = result?.losses;
    if (losses?.length) this.#record(prev, result);
    this.#settle('forward', false);
    this.#trace = this.#traceOne(false, one);
    const draw = failure ? true : numbers;
    const chart = draw === true || draw === PART.lessons;
    if (losses?.length) this.#ui?.lessons.trained(first, losses, this.#trace.epoch, this.#trace.loss, this.#core.testLoss(), chart);
    this.#stepped = true;
    this.#render({ quiet: true, numbers: draw });
    if (this.#state.step !== first - 1) this.#changed('step');
    if (failure) throw failure;
  }

  /** The worker that trains on data sets, started on first use; null where module workers are unavailable or it failed. */
  #worker() {
    if (this.#trainer?.broken) {
      this.#trainer.terminate();
      this.#trainer = null; // the main thread trains from now on
    }
    if (this.#trainer === undefined) {
      this.#trainer = Trainer.start();
      // The state on screen goes with it, so the first steps asked of it need not wait for a load.
      if (this.#trainer) this.#loadAway(this.#trainer);
    }
    return this.#trainer;
  }

  /**
   * Loads the state on screen into the worker, unless it holds it already
   * (its last steps, taken on, and no change since).
   */
  #loadAway(trainer) {
    const version = this.#core.version;
    if (!trainer.holds(version)) trainer.load(this.#core.stateJson(), version);
  }

  /**
   * Play's frame with the training in the worker: asks for `n` steps from
   * the state on screen, unless a request is still in flight. A state the
   * worker does not hold yet (Play just started, or the state changed while
   * playing) is loaded first, and whatever was in flight is dropped; a state
   * it holds (just loaded, or its last steps taken on) is not sent again.
   */
  #askAway(n) {
    const away = this.#away;
    if (away.loaded !== this.#state) {
      this.#loadAway(this.#trainer);
      away.loaded = this.#state;
      away.busy = false;
    }
    if (away.busy) return;
    const from = this.#state;
    const sample = this.#shownSample();
    const ticket = ++away.ticket;
    away.busy = true;
    this.#trainer.run(n, sample).then((out) => {
      if (ticket !== away.ticket) return;
      away.busy = false;
      if (out) away.arrived = { ...out, from, n, sample };
    });
  }

  #pressed = Promise.resolve(); // Train's presses still in the worker, in order

  /** A step button's `n` steps in the page's own core; a divergence is shown. */
  #stepHere(n) {
    try {
      this.#step(n, { record: true, quiet: false }); // a button's step flashes its changes
    } catch (err) {
      this.#diverged(err);
    }
  }

  /**
   * Train's `n` steps in the worker, shown as `#step` shows them
   * once they come back; dropped if the page has left the state they were
   * taken from meanwhile (Undo, a new state, Play). Resolves when done.
   */
  async #stepAway(n) {
    const trainer = this.#worker();
    if (!trainer) return this.#stepHere(n); // it failed since the press
    const prev = this.#state;
    const lossBefore = this.#trace.loss;
    const sample = this.#shownSample();
    this.#loadAway(trainer);
    const answer = trainer.run(n, sample);
    const before = this.#core.snapshot(); // for Undo, while the worker trains: the page's core has not moved
    const out = await answer;
    if (this.#state !== prev || this.#playing) return;
    if (!out) return trainer.broken ? this.#stepHere(n) : undefined;
    const { result, failure, state, trace } = out;
    try {
      if (!result) throw failure;
      this.#core.adopt(state);
      trainer.taken(this.#core.version);
      const one = sample === this.#shownSample() ? trace : null;
      this.#showSteps({ before, prev, lossBefore, result, failure, quiet: false, one });
    } catch (err) {
      this.#diverged(err);
    }
  }

  /**
   * Shows the steps the worker posted since the last frame, if they were
   * taken from the state still on screen (else they are dropped): the page's
   * core takes on the worker's state, so both hold the same network.
   */
  #showAway(pacer) {
    const done = this.#away.arrived;
    this.#away.arrived = null;
    if (!done || done.from !== this.#state) return;
    if (done.state) this.#core.adopt(done.state);
    pacer.took(done.n, done.ms);
    // The worker's trace of the sample shown, unless another is shown now.
    const one = done.sample === this.#shownSample() ? done.trace : null;
    this.#showFrame(done.from, done.result, done.failure, this.#numbersDue(), one);
    this.#away.loaded = this.#state; // the worker holds what is now shown
  }

  #stop() {
    this.#halt();
    if (!this.#playing) return;
    this.#playing = false;
    if (this.#trainer) this.#trainer.cancel(); // a result still in flight is dropped: the steps shown are kept
    this.#refresh(); // every sample's values again, not just the one shown
    if (!sameState(this.#core.snapshot(), this.#playFrom)) this.#history.push(this.#playFrom);
    this.#render({ quiet: true });
    this.#ui?.lessons.refresh();
  }

  // ---- Drawing ----------------------------------------------------------

  #viewChanged(key) {
    if (!this.#ui || this.#muted) return;
    if (key === 'lang') this.#relabel();
    else {
      // On a large set only the sample shown was traced: trace the one now shown.
      if (key === 'sample' && this.#phase !== 'none' && !this.#trace.samples[this.#shownSample()]) this.#trace = this.#traceNow(this.#phase === 'backward');
      this.#render({ rebuild: key === 'notation' || key === 'digits', quiet: true });
    }
    this.#changed('view');
  }

  #wording = null; // a language's words on their way (strings-zh.js), then the controls built again in them

  /** Builds the controls again in the view's language, once its words are here: at once if they are. */
  #relabel() {
    const lang = this.view.lang;
    if (hasStrings(lang)) {
      this.#buildUi();
      return;
    }
    this.#wording = loadStrings(lang).then(() => {
      if (this.view.lang === lang && this.#ui) this.#buildUi();
    }).finally(() => (this.#wording = null));
  }

  #buildUi() {
    const t = strings(this.view.lang);
    const actions = {
      run: (a) => this.#run(a),
      view: (key, value) => {
        if (key === 'speed') this.view.epochs = null; // steps a frame from the toolbar replace epochs a second
        this.view[key] = value;
      },
      preset: (name) => {
        this.#apply('preset', () => {
          this.#core.setState(preset(name));
          this.#baseline = this.#core.stateLater();
          this.#quietly(() => (this.view.sample = 0));
        }, 'none');
      },
      setField: (key, raw) => {
        // A typed number goes to the core as a number; anything else as the text, so the core can name the problem.
        const value = typeof raw === 'string' && key !== 'loss' ? (Number.isNaN(parseNumber(raw)) ? raw : parseNumber(raw)) : raw;
        const err = this.#apply('setting', () => this.#core.setSetting(key, value));
        this.#ui.controls.showError(key, err);
        if (err) this.#render({ quiet: true });
      },
      activation: (i, name) => {
        const activations = this.#state.activations.map((a, j) => (j === i ? name : a));
        this.#shapeError(this.#apply('setting', () => this.#core.setSetting('activations', activations)));
      },
      resize: (l0, n) => {
        const state = this.#core.state();
        this.#reshape(state, state.layers.map((m, i) => (i === l0 ? n : m)), state.activations);
      },
      addLayer: () => {
        const state = this.#core.state();
        const layers = [...state.layers];
        layers.splice(-1, 0, layers.at(-2));
        const activations = [...state.activations];
        activations.splice(-1, 0, newHiddenActivation(activations));
        this.#reshape(state, layers, activations);
      },
      removeLayer: (l0) => {
        const state = this.#core.state();
        this.#reshape(state, state.layers.filter((_, i) => i !== l0), state.activations.filter((_, i) => i !== l0 - 1));
      },
    };
    const controls = buildControls(t, actions);
    const diagram = new Diagram({
      onEdit: (name, anchor) => this.#openEditor(name, anchor),
      onSelect: (name) => {
        this.select(name);
        this.#ui?.lessons.reveal(); // its chain rule, scrolled into sight on a small screen
        this.#keepInView([this.#ui?.lessons.view]); // or beside a tall network on a large one
      },
      onNeuron: (id) => this.#ui?.data.showNeuron(id), // its picture, large in the plot
    });
    const host = this.#teachHost(t, diagram);
    const walk = new Walk(host);
    const lessons = new Lessons(host);
    const data = this.#dataPanel(host, lessons, controls.panel);
    if (this.#ui?.lessons) {
      // A new language keeps what was selected and learned.
      Object.assign(lessons, { history: this.#ui.lessons.history, selected: this.#ui.lessons.selected, neuron: this.#ui.lessons.neuron });
      diagram.selected = lessons.selected;
    }
    this.#ui?.walk.end();
    this.#banner.setStrings(t);
    const share = this.#url && linkControls(t, this.#url.flush);
    if (share) controls.status.append(share.button);
    if (this.#saved) {
      controls.status.append(this.#recentMenu(t, this.view.lang, this.#saved, {
        open: (entry) => this.#url.reopen(entry),
        download: (id) => this.#downloadAside(id),
      }));
    }
    const root = h('div', { class: 'pg', lang: this.view.lang === 'zh' ? 'zh-Hans' : 'en' },
      this.#banner.el,
      h('div', { class: 'top' }, controls.toolbar, controls.status, share?.box),
      h('div', { class: 'body' },
        // The walk and the chain rule share the screen with the diagram (the dock's layout is in playground.css).
        h('div', { class: 'main' }, diagram.scroller, h('div', { class: 'dock' }, walk.el, lessons.el), controls.legend, controls.samples),
        controls.panel));
    root.addEventListener('keydown', (e) => this.#key(e));
    this.shadowRoot.querySelector('.pg')?.remove();
    this.shadowRoot.querySelector('.loading')?.remove();
    this.shadowRoot.append(root);
    const tab = this.#ui?.lessons.tab;
    this.#ui = { t, root, controls, diagram, walk, lessons, data };
    this.#built = '';
    this.#render({ quiet: true });
    lessons.open(tab ?? lessons.tab);
    this.#share.mount({ root, controls, diagram, t, notify: (key, detail) => this.#notify(key, detail), parts: () => this.#parts() });
    // A figure's More and its link to the full page, last in the toolbar; with `controls`, where it names them.
    this.#bar = ownsUrl(this) ? null : figureBar(t, this, () => this.#more());
    if (this.#bar) controls.toolbar.append(this.#bar.el);
    diagram.minScale = isFigure(this) ? FIGURE_SCALE : undefined;
    this.#showParts();
    this.#resize?.disconnect();
    this.#resize = new ResizeObserver(() => diagram.resized());
    this.#resize.observe(diagram.scroller);
  }

  #resize = null;

  /**
   * The data panel, first after the examples, taking over what the one
   * before it held; until data.js is imported, a stand-in that shows nothing.
   */
  #dataPanel(host, lessons, panel) {
    if (!this.#DataPanel) return NO_DATA;
    // A data set arrives with its losses on show: the forward pass is what its readouts report.
    const data = new this.#DataPanel({
      ...host,
      setState: (state) => { this.state = state; this.forward(); },
      history: () => lessons.history, // the loss chart's, drawn under the plot too
      // Which functions of x₁, x₂ feed layer 1: one Undo step; the core's error (naming `features`) otherwise.
      setFeatures: (list) => this.#apply('shape', () => this.#core.setFeatures(list)),
    });
    if (this.#ui?.data && this.#ui.data !== NO_DATA) {
      data.adopt(this.#ui.data);
      this.#ui.data.end();
    }
    // Examples first: a first visit starts from the blog's network, then data sets.
    panel.firstElementChild.after(data.el);
    return data;
  }

  /** The parts shown: every one once More is pressed, else those `controls` names, a figure's, or (null) every one. */
  #parts() {
    if (this.#expanded) return null;
    const list = this.getAttribute('controls');
    if (list !== null) return new Set(list.split(/[\s,]+/).filter(Boolean));
    return isFigure(this) ? new Set(FIGURE_PARTS) : null;
  }

  /** Shows the parts `#parts()` names; a figure before More shows the chain rule's tab alone. */
  #showParts() {
    const { root, lessons } = this.#ui;
    this.#share.showParts();
    const figure = isFigure(this) && !this.#expanded;
    root.classList.toggle('figure', figure);
    if (figure && lessons.tab !== 'chain') lessons.open('chain');
    this.#bar?.sync(this.#expanded);
  }

  /** More, and Less: the rest of the playground, its data panel imported the first time. */
  async #more() {
    this.#expanded = !this.#expanded;
    this.#showParts();
    if (!this.#expanded || this.#DataPanel) return;
    try {
      await Promise.all([this.#importData(), importViews()]);
    } catch (err) {
      this.#notify('moreFailed', err);
      return;
    }
    if (this.#ui.data !== NO_DATA) return;
    const { t, diagram, lessons, controls } = this.#ui;
    this.#ui.data = this.#dataPanel(this.#teachHost(t, diagram), lessons, controls.panel);
    this.#showParts();
    this.#render({ quiet: true });
  }

  /** What the teaching views may use: the core, the diagram, and changes made like the buttons make them. */
  #teachHost(t, diagram) {
    return {
      t,
      diagram,
      core: this.#core,
      view: this.view,
      root: this.shadowRoot,
      state: () => this.#state,
      prev: () => this.#prev,
      playing: () => this.#playing,
      phase: () => this.phase,
      show: (phase) => {
        this.#stop();
        this.#settle(phase);
        this.#render();
        this.#changed('phase');
      },
      step: () => {
        this.#stop();
        return this.#step(1, { record: true, quiet: true }); // drawn at once: the walk marks what it shows
      },
      undo: () => this.#run('undo'),
      edit: (name) => {
        const anchor = diagram.svg.querySelector(`[data-edit="${name}"]`) ?? diagram.edges.get(name)?.querySelector('.hit');
        if (anchor) this.#openEditor(name, anchor);
      },
      focusRef: (ref) => this.#ui?.lessons.focusRef(ref),
      keepInView: (els) => this.#keepInView(els),
      walking: (on) => this.#ui?.controls.setWalking(on),
    };
  }

  #reshape(state, layers, activations) {
    this.#shapeError(this.#load('shape', reshape(state, layers, activations), 'none'));
  }

  #shapeError(err) {
    this.#ui.controls.showError('shape', err);
    if (err) this.#render({ quiet: true });
  }

  #openEditor(name, anchor) {
    if (this.#share.readonly) return;
    const { diagram, t } = this.#ui;
    const p = parse(name);
    const sample = this.#state.samples[this.view.sample];
    const current = p.kind === 'x' ? sample.input[p.j - 1] : p.kind === 'y' ? sample.target[p.j - 1] : paramValue(this.#state, p);
    openEditor(diagram.stage, anchor, {
      value: String(current),
      label: t.editLabel(label(name, this.view.notation, this.#state.layers).text),
      commit: (text) => {
        const err = this.#edit(name, text);
        return err === null ? null : t.error(err);
      },
    });
  }

  #key(e) {
    if (e.target.closest?.('input, select, textarea')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z') this.#run(e.shiftKey ? 'redo' : 'undo');
    else if (mod && e.key.toLowerCase() === 'y') this.#run('redo');
    else return;
    e.preventDefault();
  }

  /**
   * Draws at the next animation frame, once however many changes come
   * first; `lessons`: the lesson tabs too; `apart`: over four frames, the
   * diagram's neurons, its wires, its numbers, then the rest (a big
   * network's new drawing is a frame's work, and so is laying it out).
   */
  #drawSoon({ quiet, lessons, apart = false }) {
    if (!this.#owed) {
      let done;
      const promise = new Promise((resolve) => (done = resolve));
      // `apart`: frames still to draw apart (3: the neurons, 2: the wires, 1: the numbers);
      // `diagram`: the diagram's numbers are drawn as they are now (by the third frame apart)
      this.#owed = { quiet: true, lessons: false, apart: 0, diagram: false, promise, done };
      const frame = () => {
        const owed = this.#owed;
        if (!owed) return;
        if (!owed.apart) return this.#render({ quiet: owed.quiet, diagramDrawn: owed.diagram });
        if (owed.apart === 3) this.#draw({ numbers: false, heatmap: false, wiresLater: true });
        else if (owed.apart === 2) this.#ui?.diagram.wire();
        else this.#draw({ numbers: PART.diagram, heatmap: false });
        owed.diagram = owed.apart === 1;
        owed.apart -= 1;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    } else this.#owed.diagram = false; // a change since
    this.#owed.quiet &&= quiet;
    this.#owed.lessons ||= lessons;
    if (apart && !this.#owed.apart) this.#owed.apart = 3;
  }

  /**
   * Draws the current state now; a drawing owed to the next frame is part
   * of it, but for the diagram's numbers when `diagramDrawn` (the owed
   * drawing's own last frame, after it drew them apart).
   */
  #render({ diagramDrawn = false, ...options } = {}) {
    const owed = this.#owed;
    this.#owed = null;
    this.#draw(owed ? { ...options, numbers: diagramDrawn ? NOT_DIAGRAM : true } : options);
    if (owed?.lessons && !this.#playing) this.#ui?.lessons.refresh();
    owed?.done();
  }

  /**
   * Below a tall network the walk's words and the chain rule start near the
   * window's bottom edge: scrolls the page, never past the diagram's top,
   * until the first lines of each of `els` are in the window too. Only when
   * the first of them has its top in the window already (the reader is
   * looking at it), so that nothing jumps for a page script's call.
   */
  #keepInView(els) {
    const diagram = this.#ui?.diagram.scroller;
    const shown = els.filter((el) => el?.isConnected && el.getClientRects().length);
    if (!diagram || !shown.length) return;
    const first = shown[0].getBoundingClientRect();
    if (first.top < 0 || first.top >= innerHeight) return;
    const FIRST_LINES = 60; // px of each that should show: a line or two
    const need = Math.max(...shown.map((el) => {
      const r = el.getBoundingClientRect();
      return Math.min(r.bottom, r.top + FIRST_LINES) - innerHeight + 12;
    }));
    const dy = Math.min(need, diagram.getBoundingClientRect().top - 8);
    if (dy >= 1) scrollBy({ top: dy, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  /**
   * Draws the state: the heatmap (unless `heatmap` is false), the numbers
   * and charts all of them (`numbers` true) or one part of them (a PART),
   * some parts (a list) or none (false); `wiresLater`: a new diagram leaves its wires for `diagram.wire()`.
   */
  #draw({ rebuild = false, quiet = false, numbers = true, heatmap = true, wiresLater = false } = {}) {
    if (!this.#ui) return;
    const { diagram, controls, t } = this.#ui;
    const v = this.view;
    // On a data set of two inputs every neuron shows its picture of the input plane.
    const thumbs = this.#ui.data.kind !== null && this.#state.samples[0]?.input.length === 2;
    const shape = JSON.stringify([this.#state.layers, v.notation, v.digits, thumbs]);
    if (rebuild || shape !== this.#built) {
      this.#built = shape;
      closeEditor();
      diagram.build(this.#state.layers, { notation: v.notation, digits: v.digits, t, thumbs, wiresLater });
      quiet = true;
    }
    const model = {
      state: this.#state,
      trace: this.#trace,
      phase: this.#phase,
      stepped: this.#stepped,
      sample: v.sample,
      digits: v.digits,
      mask: this.#mask,
      prev: this.#prev,
      lossBefore: this.#lossBefore,
      playing: this.#playing,
      canUndo: this.#history.canUndo,
      canRedo: this.#history.canRedo,
      view: v,
      quiet,
    };
    const due = (part) => numbers === true || numbers === part || (Array.isArray(numbers) && numbers.includes(part));
    if (due(PART.diagram)) {
      // Why a run stalls: the neurons that pass little gradient back, by the core's numbers.
      model.health = this.#phase === 'none' ? null : this.#core.health();
      diagram.update(model);
    }
    if (due(PART.controls)) {
      controls.update(model);
      this.#ui.walk.redrawn();
    }
    if (due(PART.lessons)) this.#ui.lessons.redrawn();
    if (!heatmap) return;
    model.chart = due(PART.data);
    this.#ui.data.redrawn(model);
    if (thumbs && due(PART.data)) { // every fourth frame while playing
      const img = this.#ui.data.neuronImages(THUMB_PIXELS);
      if (img) diagram.thumbs(img);
    }
  }
}

/** Resolves in a later task, after the timers, input and drawing waiting before it. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The results of the slices of one long run as one: the last one's counters, every step's losses and epochs. */
function joinResults(parts, stopped) {
  const last = parts.at(-1);
  if (parts.length === 1) return { ...last, stopped }; // nothing to join: 20,000 steps' losses are not copied
  const join = (key) => {
    const out = new Float64Array(parts.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[key], at);
      at += p[key].length;
    }
    return out;
  };
  return { ...last, losses: join('losses'), epochs: join('epochs'), stopped };
}

customElements.define('backprop-playground', BackpropPlayground);
