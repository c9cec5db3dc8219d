// The worker side of training off the main thread (trainer.js): the same
// wasm core, given the page's compiled module, holds a copy of the network
// and trains it n steps at a time. It posts back what a step changes, the
// state without its samples, so the page can take it on bit for bit.
//
// Messages in: `{ module }` once (the core then warms up, see warm.js), then `{ gen, load }` (a state's JSON text)
// and `{ gen, steps, sample }`. Out: `{ gen, result, state, trace, ms }`, or
// `{ gen, failure }`; `trace` is `traceSample(sample, false)` after the steps,
// so that the page need not run a forward pass over every sample.

import init, * as wasm from './pkg/backprop_playground.js';
import { WARM_ROUNDS, warmNets, warmRound } from './warm.js';

let pg = null;
let queue = Promise.resolve(); // messages run in order, after the core has loaded

self.onmessage = ({ data }) => {
  queue = queue.then(() => (data.module ? init({ module_or_path: data.module }).then(warm) : run(data)));
};

function run({ gen, load, steps, sample }) {
  try {
    if (load !== undefined) {
      pg?.free();
      pg = null;
      pg = new wasm.Playground(JSON.parse(load));
      return;
    }
    const t0 = performance.now();
    const result = pg.step(steps);
    const ms = performance.now() - t0;
    // An Error would cross without its code: as a plain object, as the core's coded errors read.
    result.error &&= coded(result.error);
    const state = pg.stateWithoutSamples();
    const trace = pg.traceSample(sample, false);
    self.postMessage({ gen, result, state, trace, ms }, [result.losses.buffer, result.epochs.buffer]);
  } catch (err) {
    self.postMessage({ gen, failure: coded(err) });
  }
}

/** The warm-up (warm.js), before the first request: the page's first long run gets optimised code. */
function warm() {
  const nets = warmNets(wasm);
  for (let i = 0; i < WARM_ROUNDS; i++) warmRound(wasm, nets, i);
}

const coded = (err) => ({ message: err.message, code: err.code, field: err.field, params: err.params });
