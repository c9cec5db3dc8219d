//! The trace: every neuron's values for every sample, and the gradients,
//! as the CLI prints them and the page draws them.

use serde::Serialize;

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
    /// the mean loss over the samples
    pub loss: f64,
    pub samples: Vec<SampleTrace>,
    /// ∂L/∂w of the mean loss, nested like the state's `weights`
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
        let samples: Vec<SampleTrace> = model
            .samples()
            .iter()
            .map(|s| {
                let pass = model.pass(s, backward);
                let loss = model.sample_loss(&pass, s);
                let layers = (0..pass.a.len())
                    .map(|i| {
                        let hidden = i > 0;
                        let keep = |v: &Vec<f64>, on: bool| (hidden && on).then(|| v.clone());
                        LayerTrace {
                            z: keep(&pass.z[i], true),
                            a: pass.a[i].clone(),
                            df: keep(&pass.df[i], true),
                            da: keep(&pass.da[i], backward),
                            delta: keep(&pass.delta[i], backward),
                        }
                    })
                    .collect();
                SampleTrace {
                    loss,
                    input: s.input.clone(),
                    target: s.target.clone(),
                    layers,
                }
            })
            .collect();
        let loss = samples.iter().map(|s| s.loss).sum::<f64>() / samples.len() as f64;
        let (grad_weights, grad_biases) = if backward {
            let (gw, gb) = model.gradients();
            let nested = gw
                .iter()
                .zip(&model.net.layers)
                .map(|(g, l)| g.chunks(l.n_in).map(<[f64]>::to_vec).collect())
                .collect();
            (Some(nested), Some(gb))
        } else {
            (None, None)
        };
        Trace {
            loss,
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
        serde_json::to_string(self).unwrap_or_default()
    }
}
