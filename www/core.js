// The wasm core behind a thin wrapper that hands back parsed objects.
// Every number the page shows comes through here; the page itself never
// computes a forward or backward value.

import init, { Playground, preset as wasmPreset, stateFromLink as wasmStateFromLink, dataset as wasmDataset, parseCsv as wasmParseCsv, splitSamples as wasmSplit } from './pkg/backprop_playground.js';

let loading = null;
let memory = null; // the module's memory, for views into buffers the core keeps

/** Loads the wasm module once, relative to this file, wherever the page is. */
export function load() {
  loading ??= init({ module_or_path: new URL('./pkg/backprop_playground_bg.wasm', import.meta.url) })
    .then((exports) => ((memory = exports.memory), exports));
  return loading;
}

/** A built-in state (`seed`, `xor`, `and`, `or`) as a JSON string. */
export function preset(name) {
  return wasmPreset(name);
}

/** The state JSON a shared link (`1.…`) holds; throws the core's message if it is damaged. */
export function stateFromLink(link) {
  return wasmStateFromLink(link);
}

/** A built-in dataset (`xor`, `circle`, `gaussians`, `spiral`, `sine`) as samples. */
export function dataset(kind, count, noise, seed) {
  return JSON.parse(wasmDataset(kind, count, noise, seed));
}

/** `x1,x2,label` rows as samples; throws the core's message naming the line. */
export function parseCsv(text) {
  return JSON.parse(wasmParseCsv(text));
}

/** A seeded train/test split of samples: `{ train, test }`. */
export function splitSamples(samples, testFraction, seed) {
  return JSON.parse(wasmSplit(JSON.stringify(samples), testFraction, seed));
}

/** Reads an Error's message from whatever wasm-bindgen threw. */
export function message(err) {
  return err instanceof Error ? err.message : String(err);
}

/** One network held in Rust; calls throw an Error with the core's message. */
export class Core {
  #pg;

  constructor(stateJson) {
    this.#pg = new Playground(stateJson);
  }

  /** The state as a JSON string, bit-exact (what the history stores). */
  stateJson() {
    return this.#pg.state();
  }

  state() {
    return JSON.parse(this.#pg.state());
  }

  /** Replaces the state; on error throws and keeps the old one. */
  setState(json) {
    this.#pg.setState(json);
  }

  forward() {
    return JSON.parse(this.#pg.forward());
  }

  /** Forward and backward: the full trace. */
  trace() {
    return JSON.parse(this.#pg.trace());
  }

  /** n gradient steps in one call: `{ step, epoch, loss, losses, dropout_mask }`. */
  step(n) {
    return JSON.parse(this.#pg.step(n));
  }

  setParam(name, value) {
    this.#pg.setParam(name, value);
  }

  setInput(sample, k, value) {
    this.#pg.setInput(sample, k, value);
  }

  setTarget(sample, j, value) {
    this.#pg.setTarget(sample, j, value);
  }

  // ---- Teaching views: worked formulas, all computed by the core ----------

  /** One step worked out phase by phase: `[{ kind, layer, formulas }]`. */
  phases(sample, decimals) {
    return JSON.parse(this.#pg.phases(sample, decimals));
  }

  /** The chain rule for one parameter: paths of factors, sum, gradient, finite difference. */
  explain(param, sample) {
    return JSON.parse(this.#pg.explain(param, sample));
  }

  matrixForm(sample, decimals) {
    return JSON.parse(this.#pg.matrixForm(sample, decimals));
  }

  equations(sample, decimals) {
    return JSON.parse(this.#pg.equations(sample, decimals));
  }

  distribution(sample) {
    return JSON.parse(this.#pg.distribution(sample));
  }

  /** The mean loss at θ − t·∇L for `points` t from 0 to `maxRate`. */
  lossSlice(points, maxRate) {
    return this.#pg.lossSlice(points, maxRate);
  }

  /** The chain rule for `param` as `text`, `markdown` or `latex`, to `digits` significant digits. */
  explainAs(param, sample, format, digits) {
    return this.#pg.explainAs(param, sample, format, digits);
  }

  /** The state packed for a URL: `1.` and base64url, bit-exact. */
  link() {
    return this.#pg.link();
  }

  // ---- Datasets ---------------------------------------------------------

  /** Only sample i's values, with the mean loss (and gradients): cheap on large sets. */
  traceSample(i, backward) {
    return JSON.parse(this.#pg.traceSample(i, backward));
  }

  /** The held-out samples `testLoss` measures; `[]` clears them. */
  setTestSamples(samples) {
    this.#pg.setTestSamples(JSON.stringify(samples));
  }

  /** Mean loss over the held-out samples; NaN when there are none. */
  testLoss() {
    return this.#pg.testLoss();
  }

  /**
   * The first output over an n×n grid (rows from x₂ = y1 down to y0), as a
   * view into the core's own buffer: read it before the next call into the core.
   */
  heatmap(n, x0, x1, y0, y1) {
    const ptr = this.#pg.heatmapInto(n, x0, x1, y0, y1);
    return new Float64Array(memory.buffer, ptr, n * n);
  }

  /** The first output at n inputs from x0 to x1: a 1-input network's curve. */
  curve(n, x0, x1) {
    return this.#pg.curve(n, x0, x1);
  }

  free() {
    this.#pg.free();
  }
}
