// The wasm core behind a thin wrapper that hands back parsed objects.
// Every number the page shows comes through here; the page itself never
// computes a forward or backward value.

import init, { Playground, preset as wasmPreset, stateFromLink as wasmStateFromLink } from './pkg/backprop_playground.js';

let loading = null;

/** Loads the wasm module once, relative to this file, wherever the page is. */
export function load() {
  loading ??= init({ module_or_path: new URL('./pkg/backprop_playground_bg.wasm', import.meta.url) });
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

  /** n steps; the batch loss before each (Float64Array). */
  train(n) {
    return this.#pg.train(n);
  }

  /** The mean loss at θ − t·∇L for `points` t from 0 to `maxRate`. */
  lossSlice(points, maxRate) {
    return this.#pg.lossSlice(points, maxRate);
  }

  /** The state packed for a URL: `1.` and base64url, bit-exact. */
  link() {
    return this.#pg.link();
  }

  free() {
    this.#pg.free();
  }
}
