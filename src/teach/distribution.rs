//! The seed's error back-distribution: the output error spread back over
//! the weights in proportion to their size, e_h = Wᵀe_o in its simplified
//! form, set beside the true δ that the chain rule gives.
//!
//! The seed writes the split for hidden neuron h₁ as
//! e_h1 = w³₁₁/(w³₁₁+w³₂₁)·e_o1 + w³₂₁/(w³₁₁+w³₂₁)·e_o2: each hidden neuron
//! takes a share of each output's error by its own outgoing weights (w³ⱼₖ
//! runs from neuron k of layer 2 to neuron j of layer 3). That is `seed`.
//! Splitting each output's error over the weights into that output instead,
//! w³₁₁/(w³₁₁+w³₁₂), is `per_output`. Dropping the denominators gives
//! Wᵀe, and multiplying by f'(z) at each layer would give the true δ.

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;

/// One layer of the seed's error back-distribution, beside the true δ.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionLayer {
    /// the seed's layer number (1 is the input layer)
    pub layer: usize,
    /// the seed's split: e_k = Σ_j (w_jk / Σ_m w_mk) e_j, each neuron's
    /// shares over its own outgoing weights
    pub seed: Vec<f64>,
    /// each output's error split over the weights into it:
    /// e_k = Σ_j (w_jk / Σ_m w_jm) e_j
    pub proportional: Vec<f64>,
    /// the same without the denominators: e = Wᵀ e_above
    pub transpose: Vec<f64>,
    /// the true δ = ∂L/∂z of this layer
    pub delta: Vec<f64>,
    /// `shares[j][k]` = w_jk / Σ_m w_jm for the weights into the layer above; `null` if undefined
    pub shares: Option<Vec<Vec<f64>>>,
    /// `seed_shares[j][k]` = w_jk / Σ_m w_mk, the seed's shares
    pub seed_shares: Option<Vec<Vec<f64>>>,
    /// `seed − delta`
    pub seed_minus_delta: Vec<f64>,
    /// how far each heuristic is from the truth: `proportional − delta`
    pub proportional_minus_delta: Vec<f64>,
    /// and `transpose − delta`
    pub transpose_minus_delta: Vec<f64>,
}

/// `a` and `b` combined element by element.
#[inline(never)]
fn each(a: &[f64], b: &[f64], f: fn(f64, f64) -> f64) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| f(*x, *y)).collect()
}

/// `a − b`, element by element.
fn minus(a: &[f64], b: &[f64]) -> Vec<f64> {
    each(a, b, |x, y| x - y)
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
    let e = minus(&pass.a[out], &s.target);
    let off = minus(&e, &pass.delta[out]);
    let mut layers = vec![DistributionLayer {
        layer: out + 1,
        seed_minus_delta: off.clone(),
        proportional_minus_delta: off.clone(),
        transpose_minus_delta: off,
        seed: e.clone(),
        proportional: e.clone(),
        transpose: e,
        delta: pass.delta[out].clone(),
        shares: None,
        seed_shares: None,
    }];
    for m in (1..out).rev() {
        let ly = &model.net().layers[m];
        let above = &layers[layers.len() - 1];
        let spread = |weights: &dyn Fn(usize, usize) -> f64, err: &[f64]| -> Vec<f64> {
            (0..ly.n_in)
                .map(|k| (0..ly.n_out).map(|j| weights(j, k) * err[j]).sum())
                .collect()
        };
        // Σ_m w_mk: the weights out of neuron k, the column of W
        let outgoing: Vec<f64> = (0..ly.n_in)
            .map(|k| (0..ly.n_out).map(|m| ly.w[m * ly.n_in + k]).sum())
            .collect();
        let (mut shares, mut seed_shares) = (Vec::new(), Vec::new());
        for row in ly.w.chunks(ly.n_in) {
            // Σ_m w_jm: the weights into neuron j, the row of W
            let total: f64 = row.iter().sum();
            shares.push(row.iter().map(|w| w / total).collect::<Vec<f64>>());
            seed_shares.push(each(row, &outgoing, |w, o| w / o));
        }
        let seed = spread(&|j, k| seed_shares[j][k], &above.seed);
        let proportional = spread(&|j, k| shares[j][k], &above.proportional);
        let transpose = spread(&|j, k| ly.w[j * ly.n_in + k], &above.transpose);
        layers.push(DistributionLayer {
            layer: m + 1,
            seed_minus_delta: minus(&seed, &pass.delta[m]),
            seed,
            seed_shares: Some(seed_shares),
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
