//! The network maths: z = W·a + b, a = f(z) forward, δ backward.
//!
//! Layer numbering follows the seed: layer 1 is the input layer. In code the
//! arrays are 0-based, so `a[0]` is the input and `layers[i]` holds the
//! weights from layer i+1 to layer i+2 of the seed (w^{i+2}).

use crate::activation::Activation;
use crate::loss::Loss;

/// One training example.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sample {
    /// a¹, the input layer's values
    pub input: Vec<f64>,
    /// y, what the output layer should produce
    pub target: Vec<f64>,
}

/// The weights and biases that feed one layer from the layer before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Neurons in the layer below (k runs over these).
    pub n_in: usize,
    /// Neurons in this layer (j runs over these).
    pub n_out: usize,
    /// w_jk, row-major: `w[j * n_in + k]` is the weight from neuron k below to neuron j.
    pub w: Vec<f64>,
    /// b_j
    pub b: Vec<f64>,
    /// f, the same for every neuron of the layer
    pub act: Activation,
}

/// A feed-forward network: a stack of fully connected layers.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub layers: Vec<Layer>,
}

/// Every neuron's values for one sample, kept so they can be shown.
/// Index 0 is the input layer; `z`, `df`, `da` and `delta` are empty there.
#[derive(Debug, Clone)]
pub struct Pass {
    /// z = W·a + b, the pre-activation
    pub z: Vec<Vec<f64>>,
    /// a = f(z), the activation (for layer 0, the input)
    pub a: Vec<Vec<f64>>,
    /// ∂a/∂z = f'(z), times the dropout scale when a neuron is kept or dropped
    pub df: Vec<Vec<f64>>,
    /// ∂L/∂a for this sample's loss
    pub da: Vec<Vec<f64>>,
    /// δ = ∂L/∂z for this sample's loss
    pub delta: Vec<Vec<f64>>,
}

/// Which parameter a name like `w3.1.2` or `b2.1` refers to, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Index into `Network::layers` (seed layer number minus 2).
    pub layer: usize,
    pub j: usize,
    /// `Some(k)` for a weight, `None` for a bias.
    pub k: Option<usize>,
}

impl Network {
    /// Neurons per layer, input layer first.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![self.layers[0].n_in];
        sizes.extend(self.layers.iter().map(|l| l.n_out));
        sizes
    }

    /// The activation of the output layer.
    pub fn output_act(&self) -> Activation {
        self.layers[self.layers.len() - 1].act
    }

    /// Forward pass for input `x`. `scale[i][j]`, when given, multiplies the
    /// activation of hidden neuron j of layer i: 0 drops it, 1/(1−p) keeps it.
    pub fn forward(&self, x: &[f64], pass: &mut Pass, scale: Option<&[Vec<f64>]>) {
        pass.a[0].copy_from_slice(x);
        let hidden = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            let (below, above) = pass.a.split_at_mut(i + 1);
            let (a_in, a_out) = (&below[i], &mut above[0]);
            let m = scale.filter(|_| i < hidden).map(|s| &s[i + 1]);
            let neurons = a_out
                .iter_mut()
                .zip(pass.z[i + 1].iter_mut())
                .zip(pass.df[i + 1].iter_mut())
                .zip(layer.w.chunks_exact(layer.n_in).zip(&layer.b));
            for (j, (((a_j, z_j), df_j), (row, b))) in neurons.enumerate() {
                // z_j = Σ_k w_jk a_k + b_j
                let z = row.iter().zip(a_in).map(|(w, a)| w * a).sum::<f64>() + b;
                let a = layer.act.f(z);
                let m = m.map_or(1.0, |s| s[j]);
                *z_j = z;
                *a_j = m * a;
                *df_j = m * layer.act.df(z, a);
            }
        }
    }

    /// δ and ∂L/∂a of the output layer.
    fn backward_output(&self, y: &[f64], loss: Loss, pass: &mut Pass) {
        let out = self.layers.len();
        let (a, df) = (&pass.a[out], &pass.df[out]);
        let (da, delta) = (&mut pass.da[out], &mut pass.delta[out]);
        for ((((&a, &df), &y), da), delta) in a.iter().zip(df).zip(y).zip(da).zip(delta) {
            (*da, *delta) = output_error(loss, a, df, y);
        }
    }

    /// Backward pass for target `y`, after `forward` filled `pass`.
    pub fn backward(&self, y: &[f64], loss: Loss, pass: &mut Pass) {
        self.backward_output(y, loss, pass);
        let out = self.layers.len();
        for i in (1..out).rev() {
            let next = &self.layers[i];
            let (here, above) = pass.delta.split_at_mut(i + 1);
            let (delta, delta_next) = (&mut here[i], &above[0]);
            let neurons = pass.da[i].iter_mut().zip(delta).zip(&pass.df[i]);
            for (k, ((da, delta), df)) in neurons.enumerate() {
                // ∂L/∂aˡ_k = Σ_j w^{l+1}_jk δ^{l+1}_j, i.e. (Wˡ⁺¹)ᵀ δˡ⁺¹
                let column = next.w[k..].iter().step_by(next.n_in);
                *da = column.zip(delta_next).map(|(w, d)| w * d).sum();
                // δˡ = ∂L/∂aˡ ⊙ f'(zˡ)
                *delta = *da * df;
            }
        }
    }

    /// Adds this sample's ∂L/∂w = δ_j a_k and ∂L/∂b = δ_j into `gw` and `gb`.
    pub fn accumulate(&self, pass: &Pass, gw: &mut [Vec<f64>], gb: &mut [Vec<f64>]) {
        for (i, layer) in self.layers.iter().enumerate() {
            let rows = gw[i].chunks_exact_mut(layer.n_in).zip(gb[i].iter_mut());
            for ((g_row, g_b), d) in rows.zip(&pass.delta[i + 1]) {
                *g_b += d;
                for (g, a) in g_row.iter_mut().zip(&pass.a[i]) {
                    *g += d * a;
                }
            }
        }
    }

    /// Zeroed gradient buffers shaped like the weights and the biases.
    pub fn zero_grads(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        (
            self.layers.iter().map(|l| vec![0.0; l.w.len()]).collect(),
            self.layers.iter().map(|l| vec![0.0; l.b.len()]).collect(),
        )
    }

    /// Reads a parameter name in the seed's notation: `w{l}.{j}.{k}` or
    /// `b{l}.{j}`; `None` if this network has no such parameter.
    pub fn param(&self, name: &str) -> Option<Param> {
        let at = name.find(|c: char| c.is_ascii_digit())?;
        let (kind, rest) = name.split_at_checked(at)?;
        // At most three indices, each a whole number.
        let (mut nums, mut count) = ([0; 3], 0);
        for s in rest.split('.') {
            *nums.get_mut(count)? = s.parse::<usize>().ok()?;
            count += 1;
        }
        let (l, j, k) = match (kind, &nums[..count]) {
            ("w", [l, j, k]) => (*l, *j, Some(*k)),
            ("b", [l, j]) => (*l, *j, None),
            _ => return None,
        };
        // Seed layer l ≥ 2 maps to layers[l − 2]; neuron indices are 1-based.
        let layer = l.checked_sub(2).filter(|&i| i < self.layers.len())?;
        let ly = &self.layers[layer];
        let j = j.checked_sub(1).filter(|&j| j < ly.n_out)?;
        let k = match k {
            Some(k) => Some(k.checked_sub(1).filter(|&k| k < ly.n_in)?),
            None => None,
        };
        Some(Param { layer, j, k })
    }

    /// The current value of a parameter.
    pub fn get(&self, p: Param) -> f64 {
        let ly = &self.layers[p.layer];
        match p.k {
            Some(k) => ly.w[p.j * ly.n_in + k],
            None => ly.b[p.j],
        }
    }

    /// A mutable reference to a parameter.
    pub fn get_mut(&mut self, p: Param) -> &mut f64 {
        let ly = &mut self.layers[p.layer];
        match p.k {
            Some(k) => &mut ly.w[p.j * ly.n_in + k],
            None => &mut ly.b[p.j],
        }
    }

    /// Every parameter, weights of a layer before its biases, layer by layer.
    pub fn params(&self) -> Vec<Param> {
        let mut all = Vec::new();
        for (layer, ly) in self.layers.iter().enumerate() {
            for j in 0..ly.n_out {
                for k in 0..ly.n_in {
                    all.push(Param {
                        layer,
                        j,
                        k: Some(k),
                    });
                }
            }
            for j in 0..ly.n_out {
                all.push(Param { layer, j, k: None });
            }
        }
        all
    }
}

/// ∂L/∂a and δ = ∂L/∂z of an output neuron with activation a, f'(z) = df
/// and target y.
#[inline(always)]
pub(crate) fn output_error(loss: Loss, a: f64, df: f64, y: f64) -> (f64, f64) {
    let da = loss.da(a, y);
    let delta = if loss == Loss::CrossEntropy {
        // δᴸ = ∂L/∂a · σ'(z) = (a − y)/(a(1 − a)) · a(1 − a) = a − y,
        // taken in the cancelled form so a saturated a stays finite.
        a - y
    } else {
        // δᴸ = ∂L/∂aᴸ ⊙ f'(zᴸ)
        da * df
    };
    (da, delta)
}

impl Param {
    /// The name in the seed's notation, e.g. `w3.1.2`.
    pub fn name(self) -> String {
        match self.k {
            Some(k) => format!("w{}.{}.{}", self.layer + 2, self.j + 1, k + 1),
            None => format!("b{}.{}", self.layer + 2, self.j + 1),
        }
    }
}

impl Pass {
    /// Zeroed buffers for a network with these layer sizes.
    pub fn new(sizes: &[usize]) -> Self {
        let full = || sizes.iter().map(|&n| vec![0.0; n]).collect::<Vec<_>>();
        let mut hidden_only = full();
        hidden_only[0].clear();
        Pass {
            z: hidden_only.clone(),
            a: full(),
            df: hidden_only.clone(),
            da: hidden_only.clone(),
            delta: hidden_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Network {
        Network {
            layers: vec![Layer {
                n_in: 2,
                n_out: 1,
                w: vec![0.5, -1.0],
                b: vec![0.25],
                act: Activation::Linear,
            }],
        }
    }

    #[test]
    fn a_linear_neuron_by_hand() {
        let net = tiny();
        let mut pass = Pass::new(&net.sizes());
        net.forward(&[2.0, 3.0], &mut pass, None);
        // z = 0.5·2 − 1·3 + 0.25 = −1.75
        assert_eq!(pass.z[1], vec![-1.75]);
        net.backward(&[0.0], Loss::SquaredError, &mut pass);
        // δ = (a − y)·1 = −1.75; ∂L/∂w = δ·a_k
        let (mut gw, mut gb) = net.zero_grads();
        net.accumulate(&pass, &mut gw, &mut gb);
        assert_eq!(gw[0], vec![-3.5, -5.25]);
        assert_eq!(gb[0], vec![-1.75]);
    }

    /// On wasm the pairs are SIMD lanes, elsewhere plain pairs: either way
    /// the vector passes must give the plain passes' bits.
    #[test]
    fn parameter_names() {
        let net = tiny();
        assert_eq!(
            net.param("w2.1.2").unwrap(),
            Param {
                layer: 0,
                j: 0,
                k: Some(1)
            }
        );
        assert_eq!(net.param("b2.1").unwrap().name(), "b2.1");
        for bad in [
            "w1.1.1",
            "w2.2.1",
            "w2.1.3",
            "b2",
            "x2.1",
            "w",
            "",
            "b2.0",
            "w2.1.1.1",
            "w2..1",
            "b2.1.",
            "w2.1.1.1.1",
        ] {
            assert_eq!(net.param(bad), None, "{bad}");
        }
        assert_eq!(net.params().len(), 3);
    }
}
