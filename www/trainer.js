// Training off the main thread: a module worker (worker.js) runs the same
// compiled wasm core on a copy of the state, so that a long run never holds
// up the page. The page loads the state into it, asks for n steps at a time,
// and takes on the state it posts back (the page's own core stays in step).
//
// Each load starts a new generation; a result for an earlier one (a state
// the page has since left: a pause, an undo, a new state) is dropped.

import { compiledModule, stepError } from './core.js';

const WORKER = new URL('./worker.js', import.meta.url);

export class Trainer {
  #worker;
  #gen = 0;
  #waiting = null; // resolves the request in flight
  #holds = null; // the version of the page's core that the worker holds, or null if unknown
  /** True once the worker failed to start or its instance trapped: train on the main thread instead. */
  broken = false;

  /** A trainer, or null where the browser has no module workers. */
  static start() {
    if (typeof Worker !== 'function') return null;
    try {
      return new Trainer(new Worker(WORKER, { type: 'module' }));
    } catch {
      return null;
    }
  }

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = ({ data }) => {
      if (data.gen === this.#gen) this.#answer(data);
    };
    // A worker that cannot run (no module workers, a failed import) says so here, once.
    worker.onerror = worker.onmessageerror = (e) => {
      e.preventDefault();
      this.broken = true;
      this.#answer(null);
    };
    worker.postMessage({ module: compiledModule() });
  }

  /**
   * Loads a state's JSON text (bit-exact, as the history keeps it), that of
   * `version` of the page's core if given; results still in flight are dropped.
   */
  load(json, version = null) {
    this.#gen += 1;
    this.#worker.postMessage({ gen: this.#gen, load: json });
    this.#answer(null);
    this.#holds = version;
  }

  /** Whether the worker holds `version` of the page's core: loaded, or taken on from its last result, and nothing in flight. */
  holds(version) {
    return this.#holds === version;
  }

  /** The page took on the state of the last result: the worker holds `version` of the page's core. */
  taken(version) {
    this.#holds = version;
  }

  /** Drops whatever is in flight. */
  cancel() {
    this.#gen += 1;
    this.#answer(null);
    this.#holds = null;
  }

  /**
   * `n` steps on the loaded state: resolves with `{ result, failure, state,
   * trace, ms }` (`result` as the core's `step(n)` returns it, `failure` its
   * coded error as an Error, `state` the state after them without samples,
   * `trace` the core's `traceSample(sample, false)` then, `ms` the time the
   * steps took), or null if the answer is stale or the worker failed.
   */
  run(n, sample) {
    this.#answer(null);
    this.#holds = null; // until the page takes on what it posts
    this.#worker.postMessage({ gen: this.#gen, steps: n, sample });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  #answer(data) {
    const resolve = this.#waiting;
    this.#waiting = null;
    if (!resolve) return;
    if (!data?.failure) return resolve(data && { ...data, failure: stepError(data.result.error) });
    // A failure without a code is the worker's instance trapping: it cannot be trusted again.
    if (!data.failure.code) this.broken = true;
    resolve({ result: null, failure: stepError(data.failure), state: null, trace: null, ms: 0 });
  }

  terminate() {
    this.cancel();
    this.#worker.terminate();
  }
}
