// A new state with another shape. The weights and biases are left out so the
// core draws fresh Xavier weights from the seed; the settings stay, and each
// sample is cut or padded with zeros to the new input and output sizes.

const fit = (values, n) => Array.from({ length: n }, (_, i) => values[i] ?? 0);

/** `state` reshaped to `layers` (neurons per layer) with `activations` (one per non-input layer). */
export function reshape(state, layers, activations) {
  const { weights, biases, step, seen, ...rest } = state;
  const out = layers.at(-1);
  return {
    ...rest,
    layers,
    activations,
    samples: state.samples.map((s) => ({ input: fit(s.input, layers[0]), target: fit(s.target, out) })),
  };
}

/** The activation a new hidden layer starts with: its neighbour's, else sigmoid. */
export function newHiddenActivation(activations) {
  return activations.length > 1 ? activations.at(-2) : 'sigmoid';
}
