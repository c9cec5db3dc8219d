// The measurements that run the same way in Node and in the browser. Plain
// ES module, no Node or DOM APIs: bench/run.mjs imports it directly and
// also loads it into a Chromium page.

import { Network } from './baseline-nn.mjs';

/** Steps per call into either implementation, so both pay the same per call. */
const PASSES_PER_CALL = 10_000;

/** The median of some numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** |a − b| relative to the larger, with a floor for values near zero. */
function gap(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

export class Bench {
  /** `pkg` is the generated module, `wasm` what its `init()` resolved to. */
  constructor(pkg, wasm) {
    this.pkg = pkg;
    this.wasm = wasm;
    const samples = pkg.dataset('xor', 200, 0.1, 1);
    const deep = (activation) => ({
      name: `2-8-8-1 ${activation}, batch 10`,
      batch: 10,
      state: {
        layers: [2, 8, 8, 1], activation, loss: 'squared_error',
        learning_rate: 0.03, samples, batch_size: 10, seed: 1,
      },
    });
    // The seed's network, the target's 2-8-8-1 tanh, and the same with ReLU,
    // which shows the cost of the network without the cost of tanh.
    this.networks = [
      { name: '2-2-2 sigmoid, batch 1', state: pkg.preset('seed'), batch: 1 },
      deep('tanh'),
      deep('relu'),
    ];
  }

  /** The networks' names, in order. */
  names() {
    return this.networks.map((n) => n.name);
  }

  /**
   * The baseline against the core's own trace, on each network: every z, a,
   * f'(z), ∂L/∂a, δ and loss of every sample, the mean gradients, and the
   * parameters after 100 steps. Returns the largest relative gap.
   */
  agreement() {
    let worst = 0;
    for (const { state, batch } of this.networks) {
      const pg = new this.pkg.Playground(state);
      const s = pg.state();
      const trace = pg.trace();
      const net = new Network(s);
      s.samples.forEach((sample, i) => {
        net.forward(sample.input);
        const loss = net.backward(sample.target);
        worst = Math.max(worst, gap(loss, trace.samples[i].loss));
        trace.samples[i].layers.forEach((layer, l) => {
          if (l === 0) return;
          net.layers[l].forEach((n, j) => {
            for (const key of ['z', 'a', 'df', 'da', 'delta']) worst = Math.max(worst, gap(n[key], layer[key][j]));
          });
        });
      });
      const count = s.samples.length;
      net.layers.slice(1).forEach((layer, i) => layer.forEach((n, j) => {
        worst = Math.max(worst, gap(n.gradBias / count, trace.grad_biases[i][j]));
        n.inputs.forEach((link, k) => {
          worst = Math.max(worst, gap(link.grad / count, trace.grad_weights[i][j][k]));
        });
      }));
      const fresh = new Network(s);
      fresh.train(s.samples, batch, 100);
      pg.train(100);
      const after = pg.state();
      const mine = fresh.params();
      after.weights.flat(2).forEach((w, i) => { worst = Math.max(worst, gap(w, mine.weights.flat(2)[i])); });
      after.biases.flat().forEach((b, i) => { worst = Math.max(worst, gap(b, mine.biases.flat()[i])); });
      pg.free();
    }
    return worst;
  }

  /**
   * Sample passes (forward, backward and update, per sample) per second for
   * network `index`, the core and the baseline taking turns: the median of
   * `rounds` rounds of about `seconds` each.
   */
  throughput(index, seconds = 0.5, rounds = 5) {
    const { state, batch } = this.networks[index];
    const steps = PASSES_PER_CALL / batch;
    const pg = new this.pkg.Playground(state);
    const s = state;
    const net = new Network(pg.state());
    let next = 0;
    const core = () => pg.train(steps);
    const baseline = () => { next = net.train(s.samples, batch, steps, next).next; };
    // warm up both, so the JIT has compiled the baseline's hot loop
    for (let i = 0; i < 20; i++) { core(); baseline(); }
    const rate = (run) => {
      let calls = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < seconds * 1000) {
        run();
        calls++;
        t = performance.now();
      }
      return (calls * PASSES_PER_CALL) / ((t - t0) / 1000);
    };
    const wasm = [];
    const js = [];
    for (let r = 0; r < rounds; r++) {
      wasm.push(rate(core));
      js.push(rate(baseline));
    }
    pg.free();
    return { wasm: median(wasm), js: median(js) };
  }

  /**
   * Milliseconds for one n×n heatmap of the trained 2-8-8-1 network, median
   * of `runs`: `heatmapInto` with a view on wasm memory, `heatmap` with its
   * copy, `heatmapImage` (the page's call: the pixels too; in a browser
   * only), and the baseline's forward pass over the same grid. Also the
   * largest gap between the core's and the baseline's values.
   */
  heatmap(n = 100, runs = 300) {
    const pg = new this.pkg.Playground(this.networks[1].state);
    pg.train(2000);
    const net = new Network(pg.state());
    const out = new Float64Array(n * n);
    const grid = (i) => -1 + (2 * i) / (n - 1);
    const baseline = () => {
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) out[r * n + c] = net.forward([grid(c), -grid(r)])[0].a;
      }
      return out;
    };
    const into = () => new Float64Array(this.wasm.memory.buffer, pg.heatmapInto(n, -1, 1, -1, 1), n * n);
    const copy = () => pg.heatmap(n, -1, 1, -1, 1);
    const time = (fn) => {
      for (let i = 0; i < 20; i++) fn();
      const ts = [];
      let sink = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        sink += fn()[n];
        ts.push(performance.now() - t0);
      }
      if (Number.isNaN(sink)) throw new Error('heatmap gave NaN');
      return median(ts);
    };
    const image = () => pg.heatmapImage(n, -1, 1, -1, 1).data;
    const result = { into: time(into), copy: time(copy), js: time(baseline) };
    if (typeof ImageData !== 'undefined') result.image = time(image);
    const mine = baseline();
    const core = into();
    result.gap = Math.max(...Array.from(core, (v, i) => gap(v, mine[i])));
    pg.free();
    return result;
  }

  /** Loads the 2-8-8-1 network for the memory run and takes one chunk of steps. */
  memoryStart() {
    this.memoryPg = new this.pkg.Playground(this.networks[1].state);
    this.memoryPg.train(10_000);
    return this.wasm.memory.buffer.byteLength;
  }

  /** `steps` more steps, 10,000 per call; returns the wasm memory size after. */
  memoryRun(steps = 1_000_000) {
    for (let done = 0; done < steps; done += 10_000) this.memoryPg.train(10_000);
    return this.wasm.memory.buffer.byteLength;
  }
}
