//! The trace: every neuron's values for every sample, and the gradients,
//! as the CLI prints them and the page draws them.

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;

/// One layer of one sample's pass. The input layer has only `a`.
#[derive(Debug, Serialize)]
pub struct LayerTrace {
    /// z = W·a + b
    #[serde(skip_serializing_if = "Option::is_none")]
    pub z: Option<Vec<f64>>,
    /// a = f(z); the input values for layer 1
    pub a: Vec<f64>,
    /// f'(z) = ∂a/∂z
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<Vec<f64>>,
    /// ∂L/∂a for this sample's loss
    #[serde(skip_serializing_if = "Option::is_none")]
    pub da: Option<Vec<f64>>,
    /// δ = ∂L/∂z for this sample's loss
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Vec<f64>>,
}

/// One sample's pass.
#[derive(Debug, Serialize)]
pub struct SampleTrace {
    pub loss: f64,
    pub input: Vec<f64>,
    pub target: Vec<f64>,
    pub layers: Vec<LayerTrace>,
}

/// A pass over every sample with the parameters unchanged.
#[derive(Debug, Serialize)]
pub struct Trace {
    /// the mean data loss over the samples
    pub loss: f64,
    /// what the objective adds to `loss`: λ·P(w) (0 without regularization)
    pub penalty: f64,
    /// set when only one sample's values were kept: its index
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<usize>,
    pub samples: Vec<SampleTrace>,
    /// ∂J/∂w of the objective J = loss + penalty, nested like the state's `weights`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grad_weights: Option<Vec<Vec<Vec<f64>>>>,
    /// ∂L/∂b of the mean loss, nested like the state's `biases`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grad_biases: Option<Vec<Vec<f64>>>,
    /// per layer and neuron, `true` where the last training step dropped it
    pub dropout_mask: Option<Vec<Vec<bool>>>,
    pub step: u64,
    pub epoch: u64,
}

impl Trace {
    /// Runs the passes. Without `backward` only the forward values are kept.
    pub fn new(model: &Model, backward: bool) -> Self {
        Self::build(model, backward, None, None)
    }

    /// The same, keeping only sample `i`'s values (the loss and gradients are
    /// still the mean over every sample): cheap to draw on a large data set,
    /// as the mean loss comes from one pass buffer reused for every sample.
    pub fn of_sample(model: &mut Model, i: usize, backward: bool) -> Result<Self> {
        model.sample(i)?;
        let mean = model.mean_loss();
        Ok(Self::build(model, backward, Some(i), Some(mean)))
    }

    /// The trace; `mean`, when known, is the mean loss, and then only the
    /// kept sample is passed.
    fn build(model: &Model, backward: bool, only: Option<usize>, mean: Option<f64>) -> Self {
        let mut total = 0.0;
        let mut samples = Vec::new();
        for (i, s) in model.samples().iter().enumerate() {
            let keep = only.is_none_or(|o| o == i);
            if !keep && mean.is_some() {
                continue;
            }
            let pass = model.pass(s, backward && keep);
            let loss = model.sample_loss(&pass, s);
            total += loss;
            if !keep {
                continue;
            }
            let mut layers = Vec::new();
            for l in 0..pass.a.len() {
                let values = |v: &Vec<f64>, on: bool| (l > 0 && on).then(|| v.clone());
                layers.push(LayerTrace {
                    z: values(&pass.z[l], true),
                    a: pass.a[l].clone(),
                    df: values(&pass.df[l], true),
                    da: values(&pass.da[l], backward),
                    delta: values(&pass.delta[l], backward),
                });
            }
            samples.push(SampleTrace {
                loss,
                input: s.input.clone(),
                target: s.target.clone(),
                layers,
            });
        }
        let (grad_weights, grad_biases) = if backward {
            let (gw, gb) = model.objective_gradients();
            let mut nested = Vec::new();
            for (g, l) in gw.iter().zip(&model.net().layers) {
                nested.push(g.chunks(l.n_in).map(<[f64]>::to_vec).collect());
            }
            (Some(nested), Some(gb))
        } else {
            (None, None)
        };
        Trace {
            loss: mean.unwrap_or(total / model.samples().len() as f64),
            penalty: model.penalty(),
            sample: only,
            samples,
            grad_weights,
            grad_biases,
            dropout_mask: model.last_mask.clone(),
            step: model.settings().step,
            epoch: model.epoch(),
        }
    }

    /// The trace as JSON; non-finite numbers become `null`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| unreachable!("a trace is always JSON"))
    }
}
