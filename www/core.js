// The wasm core behind a thin wrapper. Results come across as plain objects
// and typed arrays (docs/bindings.md); every number the page shows comes
// through here, and the page itself never computes a forward or backward value.
//
// A WebAssembly instance that traps (out of memory, say) cannot be trusted
// again: wasm-bindgen's handles stay borrowed and every later call throws.
// So a trap discards the instance and the call runs again in a fresh one of
// the same compiled module, where each Core first loads its last good state
// (see `Core`). A fresh instance needs a fresh copy of the wasm-bindgen glue,
// whose module keeps the instance it was given: one is imported ahead, with
// a `?instance=N` query, so that the recovery itself is synchronous.

import init, * as first from './pkg/backprop_playground.js';
import { WARM_ROUNDS, warmNets, warmRound } from './warm.js';
import { whenIdle } from './dom.js';

const WASM = new URL('./pkg/backprop_playground_bg.wasm', import.meta.url);
const GLUE = new URL('./pkg/backprop_playground.js', import.meta.url).href;

let loading = null;
let vocab = null;
let wasm = first; // the glue of the instance in use
let generation = 0; // which instance that is: a Core made in an older one loads itself again
let compiled = null; // the compiled module, instantiated again after a trap
let spare = null; // the next instance's glue, imported ahead, not yet instantiated
const restarted = new Set(); // listeners told of each recovery
// Handles of discarded instances, kept so that their finalizers never call into a trapped instance.
const discarded = [];

/** Loads the wasm module once, relative to this file, wherever the page is. */
export function load() {
  loading ??= fetch(WASM)
    .then(compile)
    .then((module) => {
      compiled = module;
      return init({ module_or_path: module });
    })
    .then((exports) => {
      vocab = wasm.vocabulary();
      importSpare();
      return exports;
    });
  return loading;
}

/** The module, compiled as it downloads; from the whole file where the server does not say `application/wasm`. */
async function compile(res) {
  if (!res.ok) throw new Error(`the core could not be fetched: HTTP ${res.status}`);
  try {
    return await WebAssembly.compileStreaming(res.clone());
  } catch {
    return WebAssembly.compile(await res.arrayBuffer());
  }
}

function importSpare() {
  import(`${GLUE}?instance=${generation + 1}`).then((glue) => (spare = glue), () => {});
}

/**
 * Replaces a trapped instance with the spare, freshly instantiated, and
 * tells the listeners. Returns false when there is no spare yet (a trap
 * within moments of the last one): the error then goes to the caller.
 */
function restart(err) {
  if (!spare) return false;
  spare.initSync({ module: compiled });
  wasm = spare;
  spare = null;
  generation += 1;
  importSpare();
  for (const fn of restarted) fn(err);
  return true;
}

/** Whether `err` is a trap of the wasm instance rather than an error the core threw. */
const trapped = (err) => err instanceof WebAssembly.RuntimeError;

/** Runs `f`, a call into the core; after a trap, once more in a fresh instance. */
function call(f) {
  try {
    return f();
  } catch (err) {
    if (!trapped(err) || !restart(err)) throw err;
    return f();
  }
}

/**
 * Calls `fn(err)` each time a trapped instance has been replaced (`err` the
 * browser's RuntimeError); returns a function that stops it.
 */
export function onRestart(fn) {
  restarted.add(fn);
  return () => restarted.delete(fn);
}

export const preset = (name) => call(() => wasm.preset(name));
export const stateFromLink = (link) => call(() => wasm.stateFromLink(link));
export const freshSeed = () => call(() => wasm.freshSeed());
export const dataset = (kind, count, noise, seed) => call(() => wasm.dataset(kind, count, noise, seed));
export const parseCsv = (text) => call(() => wasm.parseCsv(text));
export const splitSamples = (samples, fraction, seed) => call(() => wasm.splitSamples(samples, fraction, seed));
export const palette = (v, signed = false) => call(() => wasm.palette(v, signed));
/** A value's name in `notation` for a network of `layers`: `{ base, sup, sub, text, latex }`. */
export const label = (name, notation, layers) => call(() => wasm.label(name, notation, layers));
export const labels = (names, notation, layers) => call(() => wasm.labels(names, notation, layers));

let warming = null;

const WARM_SLICE_MS = 8; // of warm-up in one idle period: a round takes 2 to 5 ms

/**
 * Warms the page's core up in idle time, once a page (see warm.js), in
 * short slices that leave the page free. Resolves when done.
 */
export function warmUp() {
  warming ??= load().then(() => new Promise((done) => {
    const nets = warmNets(wasm);
    let round = 0;
    // A few rounds an idle period, for at most WARM_SLICE_MS by the clock:
    // an idle period may offer 50 ms, and a click would wait that long.
    const slice = (deadline) => {
      const start = performance.now();
      while (round < WARM_ROUNDS && deadline.timeRemaining() > 2 && performance.now() - start < WARM_SLICE_MS) {
        const i = round++;
        try {
          // A round may trap like any call (memory full, say): the instance is replaced as for any call.
          call(() => warmRound(wasm, nets, i));
        } catch {
          round = WARM_ROUNDS; // no fresh instance to go on in: the warm-up only saves time, so it stops
        }
      }
      if (round < WARM_ROUNDS) whenIdle(slice);
      else done();
    };
    whenIdle(slice);
  }));
  return warming;
}

/**
 * The core's names and limits (activations, losses, presets, data sets,
 * parameter letters, limits, error codes); usable once `load()` has resolved.
 */
export function vocabulary() {
  if (!vocab) throw new Error('the core is not loaded yet');
  return vocab;
}

/** An Error shaped like the core's: an English `message`, and `code`, `field`, `params`. */
export function codedError(code, field, params, message) {
  return Object.assign(new Error(field ? `${field}: ${message}` : message), { code, field, params });
}

/**
 * JSON text from the user (an attribute, a file) as a plain object. Text that
 * is not JSON throws as the core would: code `not_json` at `field`, with the
 * line and column where the browser's parser stopped (0 when it does not say).
 */
export function parseJson(text, field = 'state') {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const detail = err.message;
    throw codedError('not_json', field, { detail, ...where(text, detail) }, `not valid JSON: ${detail}`);
  }
}

/**
 * Line and column (1-based) of a JSON.parse failure. This reads the
 * browser's own SyntaxError, never a message of the core: Chromium says
 * "at position 12" (and sometimes "(line 1 column 13)"), Firefox "at line 1 column 13".
 */
function where(text, detail) {
  const lc = /line (\d+) column (\d+)/.exec(detail);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(detail);
  if (!at) return { line: 0, column: 0 };
  const before = text.slice(0, Number(at[1])).split('\n');
  return { line: before.length, column: before.at(-1).length + 1 };
}

/** A step's coded error object (`step(n).error`) as an Error carrying its code, field and params. */
export const stepError = (e) => (e && !(e instanceof Error) ? Object.assign(new Error(e.message), e) : e);

const MARK = '"\\u0000samples"'; // where a snapshot's text has its samples

/** The JSON text of a state from its `Core.snapshot()`: the samples' text spliced in where the mark is. */
export const joined = ({ text, samples }) => text.replace(MARK, () => samples);

/** The samples from `samplesFlat`'s flat arrays, as the state format writes them: `[{ input, target }]`. */
function unflatten({ inputs, targets, inputSize, targetSize }) {
  // Plain arrays sliced, several times faster than 20,000 small typed-array views copied one by one.
  const xs = Array.from(inputs);
  const ys = Array.from(targets);
  const n = inputSize && xs.length / inputSize;
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { input: xs.slice(i * inputSize, (i + 1) * inputSize), target: ys.slice(i * targetSize, (i + 1) * targetSize) };
  return out;
}

// From this many samples a state's samples cross to the core flat (setStateFlat).
const FLAT_MIN = 64;

/**
 * `state` as the arguments of the core's `setStateFlat`: `[rest, inputs,
 * targets, count]`, the samples laid end to end, when there are FLAT_MIN
 * or more and every one is a plain `{ input, target }` of numbers as long
 * as the first one's; else null, and the core reads them one by one and
 * names what is wrong. Only data is moved here; the core checks every number.
 */
function flatState(state) {
  const samples = state?.samples;
  if (!Array.isArray(samples) || samples.length < FLAT_MIN) return null;
  const n = samples.length;
  const ni = samples[0]?.input?.length;
  const no = samples[0]?.target?.length;
  if (!(ni > 0 && no > 0)) return null;
  const inputs = new Float64Array(n * ni);
  const targets = new Float64Array(n * no);
  const copy = (from, to, at, len) => {
    if (!Array.isArray(from) || from.length !== len) return false;
    for (let j = 0; j < len; j++) {
      const x = from[j];
      if (typeof x !== 'number') return false;
      to[at + j] = x;
    }
    return true;
  };
  for (let i = 0; i < n; i++) {
    const s = samples[i];
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return null;
    const keys = Object.keys(s);
    if (keys.length !== 2 || !keys.includes('input') || !keys.includes('target')) return null;
    if (!copy(s.input, inputs, i * ni, ni) || !copy(s.target, targets, i * no, no)) return null;
  }
  const { samples: _, ...rest } = state;
  return [rest, inputs, targets, n];
}

/**
 * A core handle holding `state`. A big data set's samples cross flat, into
 * a handle made from the seed's network; what `setStateFlat` refuses is
 * read the long way, which names the field at fault.
 */
function playground(state) {
  const flat = flatState(state);
  if (flat) {
    const pg = new wasm.Playground(wasm.preset('seed'));
    if (pg.setStateFlat(...flat)) return pg;
    pg.free();
  }
  return new wasm.Playground(state);
}

/** The compiled wasm module, for a worker that runs the same core (trainer.js); once `load()` has resolved. */
export const compiledModule = () => compiled;

/** What a thrown value says: an Error as it is, anything else wrapped in one. */
export function asError(err) {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * One network held in Rust; calls throw the core's coded Error.
 *
 * The samples change far less often than the rest of the state, and a state
 * may hold 10,000 of them: the wrapper keeps their JSON text for the history
 * until a call that can change them.
 *
 * After a trap the handle is gone with its instance. So the wrapper keeps
 * what rebuilds it: the last state it read (the element reads it after
 * every change, so this costs nothing more; callers treat that object as
 * read-only), the calls that changed the network since, and the held-out
 * samples. In the fresh instance it loads that state and makes those calls
 * again, which gives the same network to the bit.
 */
export class Core {
  #pg;
  #gen = generation; // the instance #pg lives in
  #good; // the last state read, or the one loaded
  #since = []; // [name, args] of each change after #good
  #test = null; // the held-out samples
  #samplesJson = null; // the current samples as JSON text, made when first asked for
  #samples = null; // the current samples as an array, made when first asked for
  #version = 0; // changes made so far: the network is the same while it stays

  /** Loads a state object; throws the core's Error naming the field. */
  constructor(state) {
    this.#pg = call(() => playground(state));
    this.#gen = generation;
    this.#good = state;
  }

  /** Runs `f(pg)`; `change`, the `[name, args]` of a call that changes the network, is kept for a rebuild. */
  #use(f, change = null) {
    if (change) for (const take of this.#later.splice(0)) take();
    const out = call(() => f(this.#handle()));
    if (change) {
      this.#since.push(change);
      this.#version += 1;
    }
    return out;
  }

  /** A count of the changes made: while it stays the same, so does the network (a rebuild after a trap changes nothing). */
  get version() {
    return this.#version;
  }

  /** The handle, rebuilt first in a fresh instance when the one it lived in trapped. */
  #handle() {
    if (this.#gen !== generation) {
      discarded.push(this.#pg);
      const pg = playground(this.#good);
      if (this.#test) pg.setTestSamples(this.#test);
      for (const [name, args] of this.#since) pg[name](...args);
      this.#pg = pg;
      this.#gen = generation;
    }
    return this.#pg;
  }

  #forgetSamples() {
    this.#samplesJson = null;
    this.#samples = null;
  }

  /** The state as a plain object, every field present; also what a rebuild starts from. */
  state() {
    const s = this.#use((pg) => pg.state());
    this.#good = s;
    this.#since = [];
    return s;
  }

  /**
   * The state for the page's own drawing: like `state()`, but the samples
   * come across only when they have changed, so a step costs the same for 4
   * samples or 10,000. Its `samples` array is shared: read it, never change it.
   */
  current() {
    const s = this.#use((pg) => pg.stateWithoutSamples());
    s.samples = this.#samples ??= unflatten(this.#use((pg) => pg.samplesFlat()));
    this.#good = s; // what a rebuild starts from, as state() does
    this.#since = [];
    return s;
  }

  /**
   * The state as the Undo history keeps it: `{ text, samples }`, the JSON
   * text of everything but the samples, with a mark in their place, and the
   * samples' JSON text. Every snapshot shares one samples text while the
   * samples stay the same, so a history of many states of a big data set
   * costs little. `joined(snapshot)` is the state's JSON text.
   */
  snapshot() {
    const s = this.current();
    this.#samplesJson ??= JSON.stringify(s.samples);
    // The mark is a string no state holds (JSON.stringify escapes U+0000 as \u0000).
    const text = JSON.stringify(s, function (key, v) {
      return key === 'samples' && this === s ? '\u0000samples' : v;
    });
    return { text, samples: this.#samplesJson };
  }

  #later = []; // snapshots promised by stateLater(), to take before the next change

  /**
   * The state's JSON text as it is now, as `stateJson()` gives it, taken
   * only when first asked for or at the latest just before the next change:
   * `{ text() }`. A state loaded from a big data set is some 300 KB of
   * text, which Reset may never need.
   */
  stateLater() {
    let snap = null;
    const take = () => (snap ??= this.snapshot());
    this.#later.push(take);
    return { text: () => joined(take()) };
  }

  /**
   * The state as JSON text, bit-exact: `JSON.stringify(state())`. A text
   * handed to a worker is copied flat on the way, so hand it one of its own.
   */
  stateJson() {
    return joined(this.snapshot());
  }

  /** Replaces the state (an object); on error throws and keeps the old one. */
  setState(state) {
    const flat = flatState(state);
    this.#use((pg) => (flat && pg.setStateFlat(...flat)) || pg.setState(state), ['setState', [state]]);
    this.#forgetSamples();
  }

  /**
   * Takes on a state trained elsewhere from this one (a worker's, without
   * its samples): its weights, biases and counters; the samples stay.
   */
  adopt(state) {
    this.#use((pg) => pg.setStateWithoutSamples(state), ['setStateWithoutSamples', [state]]);
  }

  /** One setting by name, e.g. `setSetting('learning_rate', 0.1)`, validated like a whole state. */
  setSetting(name, value) {
    this.#use((pg) => pg.setSetting(name, value), ['setSetting', [name, value]]);
    if (name === 'samples') this.#forgetSamples();
  }

  /** Feeds layer 1 with input `features` (names from the vocabulary), or the raw inputs for null; reshapes layer 1. */
  setFeatures(features) {
    this.#use((pg) => pg.setFeatures(features), ['setFeatures', [features]]);
  }

  /** Fresh Xavier weights from `seed`, step 0; samples and settings kept. */
  reinitialize(seed) {
    this.#use((pg) => pg.reinitialize(seed), ['reinitialize', [seed]]);
    this.#forgetSamples();
  }

  forward() {
    return this.#use((pg) => pg.forward());
  }

  /** Forward and backward: the full trace. */
  trace() {
    return this.#use((pg) => pg.trace());
  }

  /**
   * n gradient steps in one call: `{ step, epoch, loss, losses, epochs,
   * dropout_mask, error }`, `error` a coded object or null.
   */
  step(n) {
    return this.#use((pg) => pg.step(n), ['step', [n]]);
  }

  setParam(name, value) {
    this.#use((pg) => pg.setParam(name, value), ['setParam', [name, value]]);
  }

  setInput(sample, k, value) {
    this.#use((pg) => pg.setInput(sample, k, value), ['setInput', [sample, k, value]]);
    this.#forgetSamples();
  }

  setTarget(sample, j, value) {
    this.#use((pg) => pg.setTarget(sample, j, value), ['setTarget', [sample, j, value]]);
    this.#forgetSamples();
  }

  // ---- Teaching views: worked formulas, all computed by the core ----------

  /** One step worked out phase by phase: `[{ kind, layer, formulas }]`, names in `notation`. */
  phases(sample, decimals, notation) {
    return this.#use((pg) => pg.phases(sample, decimals, notation));
  }

  /**
   * The chain rule for one parameter: paths of factors, sum, gradient,
   * finite difference; names in `notation`; at most `paths` paths listed
   * (the core's 256 if not given), the rest summed in `omitted_sum`.
   */
  explain(param, sample, notation, paths) {
    return this.#use((pg) => pg.explain(param, sample, notation, paths));
  }

  matrixForm(sample, decimals) {
    return this.#use((pg) => pg.matrixForm(sample, decimals));
  }

  equations(sample, decimals) {
    return this.#use((pg) => pg.equations(sample, decimals));
  }

  distribution(sample) {
    return this.#use((pg) => pg.distribution(sample));
  }

  /** The mean loss at θ − t·∇L for `points` t from 0 to `maxRate`. */
  lossSlice(points, maxRate) {
    return this.#use((pg) => pg.lossSlice(points, maxRate));
  }

  /** The chain rule for `param` as `text`, `markdown` or `latex`, to `digits` significant digits, names in `notation`. */
  explainAs(param, sample, format, digits, notation) {
    return this.#use((pg) => pg.explainAs(param, sample, format, digits, notation));
  }

  /** The state packed for a URL: `1.` and base64url, bit-exact. */
  link() {
    return this.#use((pg) => pg.link());
  }

  // ---- Data sets ----------------------------------------------------------

  /** Only sample i's values, with the mean loss (and gradients): cheap on large sets. */
  traceSample(i, backward) {
    return this.#use((pg) => pg.traceSample(i, backward));
  }

  /** The held-out samples `testLoss` measures; `[]` clears them. */
  setTestSamples(samples) {
    this.#use((pg) => pg.setTestSamples(samples));
    this.#test = samples;
  }

  /** Mean loss over the held-out samples; NaN when there are none. */
  testLoss() {
    return this.#use((pg) => pg.testLoss());
  }

  /** The first output over an n×n grid (rows from x₂ = y1 down to y0), as `Float64Array`. */
  heatmap(n, x0, x1, y0, y1) {
    return this.#use((pg) => pg.heatmap(n, x0, x1, y0, y1));
  }

  /** The same grid as n×n pixels of `ImageData`, coloured by the core's palette. */
  heatmapImage(n, x0, x1, y0, y1, discrete = false) {
    return this.#use((pg) => pg.heatmapImage(n, x0, x1, y0, y1, discrete));
  }

  /** The network unrolled into ×, + and activations for `sample`: `{ nodes, edges }` with values and local derivatives. */
  graph(sample) {
    return this.#use((pg) => pg.graph(sample));
  }

  /** The neurons passing little or no gradient back: `{ saturated: ['l.j'], dead: ['l.j'], samples }`. */
  health() {
    return this.#use((pg) => pg.health());
  }

  /** Every neuron's n×n picture of the input plane, stacked, inputs first, as `ImageData`. */
  neuronImages(n, x0, x1, y0, y1) {
    return this.#use((pg) => pg.neuronImages(n, x0, x1, y0, y1));
  }

  /** The first output at n inputs from x0 to x1: a 1-input network's curve. */
  curve(n, x0, x1) {
    return this.#use((pg) => pg.curve(n, x0, x1));
  }

  free() {
    if (this.#gen === generation) this.#pg.free();
    else discarded.push(this.#pg);
  }
}
