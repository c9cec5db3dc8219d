//! The built-in examples: the seed's 2-2-2 network with its worked-example
//! numbers, and the logic gates to learn.

use crate::error::{Error, Problem, Result};
use crate::format::state::{Sample, State};
use crate::maths::activation::Activation;
use crate::maths::loss::Loss;
use crate::maths::penalty::Regularization;

/// The names of the built-in examples.
pub const PRESETS: [&str; 4] = ["seed", "xor", "and", "or"];

/// A built-in example by name.
pub fn preset(name: &str) -> Result<State> {
    match name {
        "seed" => Ok(seed()),
        "xor" => Ok(gate([0.0, 1.0, 1.0, 0.0])),
        "and" => Ok(gate([0.0, 0.0, 0.0, 1.0])),
        "or" => Ok(gate([0.0, 1.0, 1.0, 1.0])),
        _ => Err(Error::new(
            "preset",
            Problem::NoPreset {
                got: name.to_string(),
                allowed: PRESETS.to_vec(),
            },
        )),
    }
}

/// A 2-4-1 network to learn the logic gate with these outputs for the
/// inputs 00, 01, 10 and 11; Xavier weights from seed 1, every sample in a
/// batch, the rest of the settings as the seed's.
fn gate(targets: [f64; 4]) -> State {
    let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let mut samples = Vec::with_capacity(4);
    for (x, y) in inputs.iter().zip(targets) {
        samples.push(Sample {
            input: x.to_vec(),
            target: vec![y],
        });
    }
    let mut s = State {
        layers: vec![2, 4, 1],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        loss: Loss::CrossEntropy,
        samples,
        batch_size: 4,
        ..seed()
    };
    s.reinitialize(1);
    s
}

/// The seed's 2-2-2 sigmoid network with the classic worked-example numbers.
pub fn seed() -> State {
    State {
        layers: vec![2, 2, 2],
        features: None,
        activations: vec![Activation::Sigmoid; 2],
        loss: Loss::SquaredError,
        learning_rate: 0.5,
        train_biases: true,
        weights: vec![
            vec![vec![0.15, 0.2], vec![0.25, 0.3]],
            vec![vec![0.4, 0.45], vec![0.5, 0.55]],
        ],
        biases: vec![vec![0.35, 0.35], vec![0.6, 0.6]],
        samples: vec![Sample {
            input: vec![0.05, 0.1],
            target: vec![0.01, 0.99],
        }],
        batch_size: 1,
        shuffle: false,
        dropout: 0.0,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        seed: 1,
        step: 0,
        seen: 0,
        version: (),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_load() {
        for name in PRESETS {
            preset(name).unwrap();
        }
        assert_eq!(preset("nand").unwrap_err().code(), "no_preset");
    }

    use crate::format::read;
    use serde_json::json;

    #[test]
    fn presets_pass_the_reader_unchanged() {
        for name in PRESETS {
            let s = preset(name).unwrap();
            assert_eq!(read::from_value(&serde_json::to_value(&s).unwrap()), Ok(s));
        }
    }

    #[test]
    fn a_gate_is_the_state_its_settings_give_with_every_other_one_left_out() {
        let samples: Vec<_> = [[0, 0], [0, 1], [1, 0], [1, 1]]
            .iter()
            .zip([0, 1, 1, 0])
            .map(|(x, y)| json!({ "input": x, "target": [y] }))
            .collect();
        let xor = json!({ "layers": [2, 4, 1], "activations": ["tanh", "sigmoid"],
            "loss": "cross_entropy", "learning_rate": 0.5, "seed": 1, "samples": samples });
        assert_eq!(read::from_value(&xor), preset("xor"));
    }
}
