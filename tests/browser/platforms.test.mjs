// The page's core (wasm, two lanes per SIMD instruction) and the CLI (native,
// plain pairs of doubles) compute the same network to the last bit.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pageTest } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI's state after `steps` steps from `state` (JSON text). */
function cliTrain(state, steps) {
  return execFileSync('cargo', ['run', '--quiet', '--bin', 'backprop', '--', 'train', '-', '--steps', String(steps)], {
    cwd: ROOT, input: state, encoding: 'utf8',
  });
}

pageTest('the page’s core and the CLI train the same network to the same bits', async ({ page }) => {
  const states = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const data = (name, n) => m.dataset(name, n, 0.1, 3);
    const cases = [
      // even and odd layers, every activation, dropout and shuffling, both losses
      { layers: [2, 8, 8, 1], activation: 'tanh', learning_rate: 0.03, batch_size: 10, samples: data('spiral', 60) },
      { layers: [2, 5, 3, 1], activations: ['leaky_relu', 'relu', 'sigmoid'], loss: 'cross_entropy', learning_rate: 0.1,
        batch_size: 7, shuffle: true, dropout: 0.2, samples: data('circle', 50) },
      { layers: [1, 6, 1], activations: ['tanh', 'linear'], learning_rate: 0.01, batch_size: 3, samples: data('sine', 40) },
    ];
    return [JSON.stringify(m.preset('seed')), ...cases.map((c) => JSON.stringify({ seed: 5, ...c }))];
  });
  for (const state of states) {
    const steps = 300;
    const wasm = await page.evaluate(({ state, steps }) => import(new URL('./pkg/backprop_playground.js', document.baseURI).href)
      .then((m) => {
        const pg = new m.Playground(JSON.parse(state));
        pg.train(steps);
        const out = pg.state();
        pg.free();
        return out;
      }), { state, steps });
    const native = cliTrain(state, steps);
    const [a, b] = [wasm, JSON.parse(native)];
    assert.equal(a.step, steps, 'the steps were taken');
    // JSON.parse reads the CLI's shortest round-trip numbers back to the same bits.
    assert.deepEqual(a, b, `wasm and native differ for ${state.slice(0, 60)}…`);
    assert.notDeepEqual(a.weights, JSON.parse(state).weights ?? null, 'training moved the weights');
  }
});
