//! The seed's error back-distribution: the output error spread back over
//! the weights in proportion to their size, e_h = Wᵀe_o in its simplified
//! form, set beside the true δ that the chain rule gives.

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;

/// One layer of the seed's error back-distribution, beside the true δ.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionLayer {
    /// the seed's layer number (1 is the input layer)
    pub layer: usize,
    /// each error split by weight share: e_k = Σ_j (w_jk / Σ_m w_jm) e_j
    pub proportional: Vec<f64>,
    /// the same without the denominators: e = Wᵀ e_above
    pub transpose: Vec<f64>,
    /// the true δ = ∂L/∂z of this layer
    pub delta: Vec<f64>,
    /// `shares[j][k]` = w_jk / Σ_m w_jm for the weights into the layer above; `null` if undefined
    pub shares: Option<Vec<Vec<f64>>>,
    /// how far each heuristic is from the truth: `proportional − delta`
    pub proportional_minus_delta: Vec<f64>,
    /// and `transpose − delta`
    pub transpose_minus_delta: Vec<f64>,
}

/// `a − b`, element by element.
fn minus(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// The seed's heuristic, from the output error e = a − y down to layer 2.
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub sample: usize,
    pub layers: Vec<DistributionLayer>,
}

/// Spreads the output error back the seed's way and sets it beside the true δ.
pub fn distribution(model: &Model, sample: usize) -> Result<Distribution> {
    let s = model.sample(sample)?;
    let pass = model.pass(s, true);
    let out = pass.a.len() - 1;
    let e: Vec<f64> = pass.a[out]
        .iter()
        .zip(&s.target)
        .map(|(a, y)| a - y)
        .collect();
    let mut layers = vec![DistributionLayer {
        layer: out + 1,
        proportional_minus_delta: minus(&e, &pass.delta[out]),
        transpose_minus_delta: minus(&e, &pass.delta[out]),
        proportional: e.clone(),
        transpose: e,
        delta: pass.delta[out].clone(),
        shares: None,
    }];
    for m in (1..out).rev() {
        let ly = &model.net().layers[m];
        let above = &layers[layers.len() - 1];
        let shares: Vec<Vec<f64>> =
            ly.w.chunks(ly.n_in)
                .map(|row| {
                    let total: f64 = row.iter().sum();
                    row.iter().map(|w| w / total).collect()
                })
                .collect();
        let spread = |weights: &dyn Fn(usize, usize) -> f64, err: &[f64]| -> Vec<f64> {
            (0..ly.n_in)
                .map(|k| (0..ly.n_out).map(|j| weights(j, k) * err[j]).sum())
                .collect()
        };
        let proportional = spread(&|j, k| shares[j][k], &above.proportional);
        let transpose = spread(&|j, k| ly.w[j * ly.n_in + k], &above.transpose);
        layers.push(DistributionLayer {
            layer: m + 1,
            proportional_minus_delta: minus(&proportional, &pass.delta[m]),
            transpose_minus_delta: minus(&transpose, &pass.delta[m]),
            proportional,
            transpose,
            delta: pass.delta[m].clone(),
            shares: Some(shares),
        });
    }
    Ok(Distribution { sample, layers })
}
