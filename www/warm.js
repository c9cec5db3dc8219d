// The warm-up of a core: a scratch network of each activation trains a
// little, so the browser compiles the training path to optimised code
// before the first step a user asks for (its first code is a quick
// baseline compile, about twice as slow). The user's network is never
// touched. The page runs it in idle time (core.js), the worker (worker.js)
// as soon as it has loaded the core.

/** Rounds of the warm-up. */
export const WARM_ROUNDS = 20;

/** The scratch networks for the core `wasm` (its module namespace, loaded). */
export function warmNets(wasm) {
  const samples = wasm.dataset('xor', 64, 0.1, 1);
  return wasm.vocabulary().activations.map((activation) => ({
    layers: [2, 8, 8, 1], activation, loss: 'squared_error', learning_rate: 0.01, samples, batch_size: 10, seed: 1,
  }));
}

/** Round `i` of the warm-up: one scratch network of `nets`, trained and traced, then freed. */
export function warmRound(wasm, nets, i) {
  const pg = new wasm.Playground(nets[i % nets.length]);
  pg.train(2_000);
  pg.traceSample(0, true);
  pg.free();
}
