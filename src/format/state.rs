//! The state: one struct that is the whole playground, written through
//! serde in the field order of docs/format.md and read back by `read`.

use serde::Serialize;

use crate::maths::activation::Activation;
use crate::maths::features::Feature;
use crate::maths::loss::Loss;
use crate::maths::network::{Layer, Network};
use crate::maths::penalty::Regularization;
use crate::maths::rng::{self, Purpose, RngExt};

pub use crate::maths::limits::{MAX_LAYERS, MAX_MAGNITUDE, MAX_NEURONS};

/// Training samples in a state.
pub const MAX_SAMPLES: usize = 10_000;
/// The largest learning rate accepted.
pub const MAX_LEARNING_RATE: f64 = 100.0;
/// The largest dropout probability accepted.
pub const MAX_DROPOUT: f64 = 0.9;
/// The largest regularization rate λ accepted.
pub const MAX_REGULARIZATION_RATE: f64 = 10.0;
/// Seeds, step and sample counts stay below 2⁵³ so JavaScript reads them exactly.
pub const MAX_INTEGER: u64 = (1 << 53) - 1;
/// The longest state text read, in bytes: the largest allowed state
/// (10,000 samples of 8 inputs and 16 targets) written out with indents
/// fits well within it.
pub const MAX_STATE_BYTES: usize = 16_000_000;
/// The longest CSV text read, in bytes: 10,000 rows fit with room to spare.
pub const MAX_CSV_BYTES: usize = 4_000_000;

/// The format version this build writes. Version 1 drew a seed's weights,
/// shuffles and dropout masks with another generator; its files still open.
pub const VERSION: u64 = 2;

/// One training example; the maths trains on it as it is stored.
pub use crate::maths::network::Sample;

/// A whole playground: network, parameters, samples and training settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    /// neurons per layer, the input layer first
    pub layers: Vec<usize>,
    /// functions of the two raw inputs that feed layer 1; `None`: the raw inputs themselves
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<Feature>>,
    /// f of each layer after the input layer
    pub activations: Vec<Activation>,
    pub loss: Loss,
    /// η in w ← w − η ∂L/∂w
    pub learning_rate: f64,
    pub train_biases: bool,
    /// `weights[i][j][k]`: from neuron k of layer i to neuron j of layer i+1
    pub weights: Vec<Vec<Vec<f64>>>,
    /// `biases[i][j]`: neuron j of layer i+1
    pub biases: Vec<Vec<f64>>,
    pub samples: Vec<Sample>,
    pub batch_size: usize,
    pub shuffle: bool,
    pub dropout: f64,
    /// the penalty on the weights, if any
    pub regularization: Regularization,
    /// λ in J = L + λ·P(w)
    pub regularization_rate: f64,
    pub seed: u64,
    /// gradient steps taken so far
    pub step: u64,
    /// samples consumed by those steps; the epoch is `seen / samples.len()`
    pub seen: u64,
    /// always `VERSION` when written
    #[serde(serialize_with = "version")]
    pub version: (),
}

fn version<S: serde::Serializer>(_: &(), s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(VERSION)
}

impl State {
    /// Inputs per sample: 2 (x₁, x₂) with features, else layer 1's size.
    pub fn raw_inputs(&self) -> usize {
        raw_inputs(&self.layers, self.features.as_deref())
    }

    /// Targets per sample: the output layer's size.
    pub fn outputs(&self) -> usize {
        self.layers[self.layers.len() - 1]
    }

    /// The state as compact JSON, every field present.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| unreachable!("a state is always JSON"))
    }

    /// The state as indented JSON, for files people read.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|_| unreachable!("a state is always JSON"))
    }

    /// The network these weights and biases describe.
    pub fn network(&self) -> Network {
        let mut layers = Vec::with_capacity(self.layers.len() - 1);
        for i in 0..self.layers.len() - 1 {
            layers.push(Layer {
                n_in: self.layers[i],
                n_out: self.layers[i + 1],
                w: self.weights[i].concat(),
                b: self.biases[i].clone(),
                act: self.activations[i],
            });
        }
        Network { layers }
    }

    /// Copies a network's parameters back into the nested arrays.
    pub fn set_network(&mut self, net: &Network) {
        for (i, l) in net.layers.iter().enumerate() {
            self.weights[i] = l.w.chunks(l.n_in).map(<[f64]>::to_vec).collect();
            self.biases[i] = l.b.clone();
        }
    }

    /// Fresh Xavier weights and zero biases from `seed`, and the counters
    /// back to 0: the same network as a file with this seed and no weights.
    pub fn reinitialize(&mut self, seed: u64) {
        self.seed = seed;
        self.weights = xavier(&self.layers, seed);
        self.biases = zero_biases(&self.layers);
        self.step = 0;
        self.seen = 0;
    }
}

/// Inputs per sample for these layers and features.
pub fn raw_inputs(layers: &[usize], features: Option<&[Feature]>) -> usize {
    features.map_or(layers[0], |_| 2)
}

/// Biases of 0 for every layer after the input.
pub fn zero_biases(layers: &[usize]) -> Vec<Vec<f64>> {
    layers[1..].iter().map(|&n| vec![0.0; n]).collect()
}

/// Xavier/Glorot uniform weights: U(−r, r), r = √(6 / (n_in + n_out)).
pub fn xavier(layers: &[usize], seed: u64) -> Vec<Vec<Vec<f64>>> {
    let mut rng = rng::stream(seed, Purpose::Init, 0);
    let mut weights = Vec::with_capacity(layers.len().saturating_sub(1));
    for pair in layers.windows(2) {
        let (n_in, n_out) = (pair[0], pair[1]);
        let r = (6.0 / (n_in + n_out) as f64).sqrt();
        let mut rows = Vec::with_capacity(n_out);
        for _ in 0..n_out {
            let mut row = Vec::with_capacity(n_in);
            for _ in 0..n_in {
                row.push(rng.random_range(-r..r));
            }
            rows.push(row);
        }
        weights.push(rows);
    }
    weights
}
