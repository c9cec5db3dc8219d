//! Why a run stalls or falls apart, from the network's own numbers: a
//! neuron whose f'(z) is near zero on nearly every sample passes almost no
//! gradient back (saturated: a sigmoid or tanh pinned at its ends), and a
//! ReLU that is zero on every sample passes none at all (dead).

use serde::Serialize;

use crate::maths::activation::Activation;
use crate::maths::network::Pass;
use crate::model::Model;

/// At most this many samples are looked at: enough to judge, cheap on 10,000.
const LOOK: usize = 1000;
/// f'(z) below this share of the activation's steepest slope counts as flat.
const FLAT: f64 = 0.05;
/// A neuron is saturated when it is flat on at least this share of the samples.
const MOSTLY: f64 = 0.9;

/// The hidden and output neurons that pass little or no gradient back, as `l.j`.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Health {
    /// f'(z) under 5 % of its steepest on at least 90 % of the samples
    pub saturated: Vec<String>,
    /// a ReLU whose z ≤ 0 on every sample: its a and f'(z) are 0, so nothing flows
    pub dead: Vec<String>,
    /// the samples looked at (the first `LOOK` of them)
    pub samples: usize,
}

/// The steepest slope f'(z) reaches, against which "flat" is measured.
fn steepest(act: Activation) -> f64 {
    match act {
        Activation::Sigmoid => 0.25,
        _ => 1.0,
    }
}

/// Looks at the model's first samples and names its saturated and dead neurons.
pub fn health(model: &Model) -> Health {
    let state = model.settings();
    let samples = &model.samples()[..model.samples().len().min(LOOK)];
    let sizes = &state.layers;
    // per layer (from 2), per neuron: samples where it is flat, and where its z > 0
    let mut flat: Vec<Vec<usize>> = sizes[1..].iter().map(|&n| vec![0; n]).collect();
    let mut alive: Vec<Vec<usize>> = flat.clone();
    // one pass buffer for every sample: the page asks for this with each drawing
    let mut pass = Pass::new(sizes);
    for s in samples {
        model
            .net()
            .forward(&model.layer_one(&s.input), &mut pass, None);
        for (l0, act) in state.activations.iter().enumerate() {
            for j in 0..sizes[l0 + 1] {
                let (z, df) = (pass.z[l0 + 1][j], pass.df[l0 + 1][j]);
                if df.abs() < FLAT * steepest(*act) {
                    flat[l0][j] += 1;
                }
                if z > 0.0 {
                    alive[l0][j] += 1;
                }
            }
        }
    }
    let mut out = Health {
        samples: samples.len(),
        ..Health::default()
    };
    if samples.is_empty() {
        return out;
    }
    for (l0, act) in state.activations.iter().enumerate() {
        for j in 0..sizes[l0 + 1] {
            let name = format!("{}.{}", l0 + 2, j + 1);
            match act {
                Activation::Relu if alive[l0][j] == 0 => out.dead.push(name),
                Activation::Sigmoid | Activation::Tanh
                    if flat[l0][j] as f64 >= MOSTLY * samples.len() as f64 =>
                {
                    out.saturated.push(name)
                }
                _ => {}
            }
        }
    }
    out
}
