// The benchmark's baseline: the same network in plain JavaScript, written
// the way JS playgrounds commonly write one, with an object per neuron and
// an object per link (TensorFlow Playground's nn.ts is the best known).
// Nothing on the page uses it; bench/run.mjs times it against the wasm core.
//
// It follows the core's arithmetic (docs/format.md): z = Σ_k w_jk a_k + b,
// squared-error loss, the mean gradient of a batch, w ← w − (η/B) Σ ∂L/∂w.

const ACTIVATIONS = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), df: (z, a) => a * (1 - a) },
  tanh: { f: (z) => Math.tanh(z), df: (z, a) => 1 - a * a },
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  leaky_relu: { f: (z) => (z > 0 ? z : 0.01 * z), df: (z) => (z > 0 ? 1 : 0.01) },
  linear: { f: (z) => z, df: () => 1 },
};

/** One neuron and the values a pass leaves in it. */
class Neuron {
  constructor(act, bias) {
    this.act = act;
    this.bias = bias;
    this.inputs = []; // links from the layer below
    this.outputs = []; // links to the layer above
    this.z = 0; // Σ w a + b
    this.a = 0; // f(z)
    this.df = 0; // f'(z)
    this.da = 0; // ∂L/∂a
    this.delta = 0; // ∂L/∂z
    this.gradBias = 0; // Σ over the batch of ∂L/∂b
  }
}

/** One weight, from a neuron below to a neuron above. */
class Link {
  constructor(source, dest, weight) {
    this.source = source;
    this.dest = dest;
    this.weight = weight;
    this.grad = 0; // Σ over the batch of ∂L/∂w
  }
}

/** A network built from a state object (docs/format.md), squared error only. */
export class Network {
  constructor(state) {
    if (state.loss !== 'squared_error') throw new Error('the baseline knows squared_error only');
    this.rate = state.learning_rate;
    this.trainBiases = state.train_biases;
    this.layers = [Array.from({ length: state.layers[0] }, () => new Neuron(null, 0))];
    for (let i = 0; i < state.weights.length; i++) {
      const act = ACTIVATIONS[state.activations[i]];
      const layer = state.weights[i].map((row, j) => {
        const n = new Neuron(act, state.biases[i][j]);
        row.forEach((w, k) => {
          const link = new Link(this.layers[i][k], n, w);
          n.inputs.push(link);
          this.layers[i][k].outputs.push(link);
        });
        return n;
      });
      this.layers.push(layer);
    }
  }

  /** The forward pass; returns the output layer. */
  forward(input) {
    const first = this.layers[0];
    for (let k = 0; k < first.length; k++) first[k].a = input[k];
    for (let i = 1; i < this.layers.length; i++) {
      for (const n of this.layers[i]) {
        let z = 0;
        for (const link of n.inputs) z += link.weight * link.source.a;
        n.z = z + n.bias;
        n.a = n.act.f(n.z);
        n.df = n.act.df(n.z, n.a);
      }
    }
    return this.layers[this.layers.length - 1];
  }

  /** The backward pass after `forward`; adds this sample's gradient. Returns its loss. */
  backward(target) {
    let loss = 0;
    const out = this.layers[this.layers.length - 1];
    out.forEach((n, j) => {
      loss += 0.5 * (n.a - target[j]) * (n.a - target[j]);
      n.da = n.a - target[j];
    });
    for (let i = this.layers.length - 1; i >= 1; i--) {
      for (const n of this.layers[i]) {
        if (i < this.layers.length - 1) {
          let da = 0;
          for (const link of n.outputs) da += link.weight * link.dest.delta;
          n.da = da;
        }
        n.delta = n.da * n.df;
      }
    }
    for (let i = 1; i < this.layers.length; i++) {
      for (const n of this.layers[i]) {
        n.gradBias += n.delta;
        for (const link of n.inputs) link.grad += n.delta * link.source.a;
      }
    }
    return loss;
  }

  /** w ← w − (η/B) Σ ∂L/∂w, then clears the sums. */
  update(batch) {
    const rate = this.rate / batch;
    for (let i = 1; i < this.layers.length; i++) {
      for (const n of this.layers[i]) {
        for (const link of n.inputs) {
          link.weight -= rate * link.grad;
          link.grad = 0;
        }
        if (this.trainBiases) n.bias -= rate * n.gradBias;
        n.gradBias = 0;
      }
    }
  }

  /** `steps` gradient steps over `samples`, `batch` at a time in order, wrapping round. */
  train(samples, batch, steps, start = 0) {
    let next = start;
    let loss = 0;
    for (let s = 0; s < steps; s++) {
      loss = 0;
      for (let b = 0; b < batch; b++) {
        const sample = samples[next];
        next = next + 1 === samples.length ? 0 : next + 1;
        this.forward(sample.input);
        loss += this.backward(sample.target);
      }
      this.update(batch);
    }
    return { next, loss: loss / batch };
  }

  /** The weights and biases nested as in the state format. */
  params() {
    return {
      weights: this.layers.slice(1).map((l) => l.map((n) => n.inputs.map((link) => link.weight))),
      biases: this.layers.slice(1).map((l) => l.map((n) => n.bias)),
    };
  }
}
