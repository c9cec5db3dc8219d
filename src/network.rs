//! The network maths: z = W·a + b, a = f(z) forward, δ backward.
//!
//! Layer numbering follows the seed: layer 1 is the input layer. In code the
//! arrays are 0-based, so `a[0]` is the input and `layers[i]` holds the
//! weights from layer i+1 to layer i+2 of the seed (w^{i+2}).

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::lanes::{Lanes, Pair};
use crate::loss::Loss;

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

/// The weights copied in the order the vector passes read them, two
/// neurons side by side: `forward[i]` holds, for each pair of neurons
/// (j, j + 1) of layer i, `[w_jk, w_(j+1)k]` for every k; `backward[i]` holds,
/// for each pair (k, k + 1) of the layer below, `[w_jk, w_j(k+1)]` for every j.
/// An odd last neuron is read from the weights themselves.
#[derive(Debug, Clone, Default)]
pub struct Packed {
    forward: Vec<Vec<[f64; 2]>>,
    backward: Vec<Vec<[f64; 2]>>,
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
            *da = loss.da(a, y);
            *delta = if loss == Loss::CrossEntropy {
                // δᴸ = ∂L/∂a · σ'(z) = (a − y)/(a(1 − a)) · a(1 − a) = a − y,
                // taken in the cancelled form so a saturated a stays finite.
                a - y
            } else {
                // δᴸ = ∂L/∂aᴸ ⊙ f'(zᴸ)
                *da * df
            };
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

    /// Copies the weights into `packed` in the order the vector passes read them.
    pub fn pack_into(&self, packed: &mut Packed) {
        packed.forward.resize_with(self.layers.len(), Vec::new);
        packed.backward.resize_with(self.layers.len(), Vec::new);
        let layers = self
            .layers
            .iter()
            .zip(&mut packed.forward)
            .zip(&mut packed.backward);
        for ((layer, forward), backward) in layers {
            let (n_in, n_out, w) = (layer.n_in, layer.n_out, &layer.w);
            forward.clear();
            for rows in w.chunks_exact(2 * n_in) {
                let (upper, lower) = rows.split_at(n_in);
                forward.extend(upper.iter().zip(lower).map(|(&a, &b)| [a, b]));
            }
            backward.clear();
            backward.resize((n_in / 2) * n_out, [0.0; 2]);
            for (j, row) in w.chunks_exact(n_in).enumerate() {
                let pairs = row.as_chunks::<2>().0;
                for (to, pair) in backward.iter_mut().skip(j).step_by(n_out).zip(pairs) {
                    *to = *pair;
                }
            }
        }
    }

    /// `forward`, two neurons at a time, with the weights from `pack_into`.
    /// Each neuron's value comes from the same operations in the same
    /// order, so every number is bit for bit what `forward` gives.
    pub fn forward_fast(
        &self,
        packed: &Packed,
        x: &[f64],
        pass: &mut Pass,
        scale: Option<&[Vec<f64>]>,
    ) {
        self.forward_many(packed, [x], core::array::from_mut(pass), scale);
    }

    /// `forward_fast` for N samples at once: their independent arithmetic
    /// interleaves, and each weight is read once for all of them.
    pub fn forward_many<const N: usize>(
        &self,
        packed: &Packed,
        x: [&[f64]; N],
        passes: &mut [Pass; N],
        scale: Option<&[Vec<f64>]>,
    ) {
        for (pass, x) in passes.iter_mut().zip(x) {
            pass.a[0].copy_from_slice(x);
        }
        for i in 0..self.layers.len() {
            self.forward_layer(i, packed, passes, scale);
        }
    }

    /// z, a and f'(z) of layer i + 1 from the activations of layer i, for N samples.
    fn forward_layer<const N: usize>(
        &self,
        i: usize,
        packed: &Packed,
        passes: &mut [Pass; N],
        scale: Option<&[Vec<f64>]>,
    ) {
        let (layer, ws) = (&self.layers[i], &packed.forward[i]);
        let (n_in, n_out) = (layer.n_in, layer.n_out);
        let mut parts = passes.each_mut().map(|p| {
            let (below, above) = p.a.split_at_mut(i + 1);
            let z = &mut p.z[i + 1][..n_out];
            (
                &below[i][..n_in],
                &mut above[0][..n_out],
                z,
                &mut p.df[i + 1][..n_out],
            )
        });
        let (b2, b1) = layer.b.as_chunks::<2>();
        // z_j = Σ_k w_jk a_k + b_j, for neurons j and j + 1 side by side
        for (jj, (ws, b2)) in ws.chunks_exact(n_in).zip(b2).enumerate() {
            let acc = dot_pairs::<N>(ws, core::array::from_fn(|s| parts[s].0));
            for (acc, part) in acc.into_iter().zip(&mut parts) {
                (acc + Pair::get(b2)).put(&mut part.2.as_chunks_mut::<2>().0[jj]);
            }
        }
        if let [b1] = b1 {
            let row = &layer.w[layer.w.len() - n_in..];
            for part in &mut parts {
                part.2[n_out - 1] = dot(row.iter().zip(part.0)) + b1;
            }
        }
        let mut start = 0;
        if layer.act != Activation::Sigmoid {
            for jj in 0..n_out / 2 {
                for part in &mut parts {
                    let z = Pair::get(&part.2.as_chunks::<2>().0[jj]);
                    if let Some((a, df)) = layer.act.f_df(z) {
                        a.put(&mut part.1.as_chunks_mut::<2>().0[jj]);
                        df.put(&mut part.3.as_chunks_mut::<2>().0[jj]);
                    }
                }
            }
            start = n_out - n_out % 2;
        }
        let m = scale
            .filter(|_| i + 1 < self.layers.len())
            .map(|s| &s[i + 1]);
        for (_, a_out, z, df) in parts {
            for ((a, df), &z) in a_out
                .iter_mut()
                .zip(df.iter_mut())
                .zip(z.iter())
                .skip(start)
            {
                *a = layer.act.f(z);
                *df = layer.act.df(z, *a);
            }
            if let Some(m) = m {
                for ((a, df), m) in a_out.iter_mut().zip(df.iter_mut()).zip(m) {
                    *a *= m;
                    *df *= m;
                }
            }
        }
    }

    /// `backward` with the weights from `pack_into`; bit for bit the same values.
    pub fn backward_fast(&self, packed: &Packed, y: &[f64], loss: Loss, pass: &mut Pass) {
        self.backward_many(packed, [y], loss, core::array::from_mut(pass));
    }

    /// `backward_fast` for N samples at once.
    pub fn backward_many<const N: usize>(
        &self,
        packed: &Packed,
        y: [&[f64]; N],
        loss: Loss,
        passes: &mut [Pass; N],
    ) {
        for (pass, y) in passes.iter_mut().zip(y) {
            self.backward_output(y, loss, pass);
        }
        for i in (1..self.layers.len()).rev() {
            self.backward_layer(i, packed, passes);
        }
    }

    /// ∂L/∂a and δ of hidden layer i from the δ of layer i + 1, two neurons
    /// at a time, for N samples; bit for bit `backward`.
    fn backward_layer<const N: usize>(&self, i: usize, packed: &Packed, passes: &mut [Pass; N]) {
        let next = &self.layers[i];
        let (n, n_next) = (next.n_in, next.n_out);
        let mut parts = passes.each_mut().map(|p| {
            let (here, above) = p.delta.split_at_mut(i + 1);
            let (da, df) = (&mut p.da[i][..n], &p.df[i][..n]);
            (&above[0][..n_next], &mut here[i][..n], da, df)
        });
        // ∂L/∂a_k = Σ_j w_jk δ_j and δ_k = ∂L/∂a_k f'(z_k), for k and k + 1 side by side
        for (kk, ws) in packed.backward[i].chunks_exact(n_next).enumerate() {
            let acc = dot_pairs::<N>(ws, core::array::from_fn(|s| parts[s].0));
            for (acc, part) in acc.into_iter().zip(&mut parts) {
                acc.put(&mut part.2.as_chunks_mut::<2>().0[kk]);
                let df = Pair::get(&part.3.as_chunks::<2>().0[kk]);
                (acc * df).put(&mut part.1.as_chunks_mut::<2>().0[kk]);
            }
        }
        if n % 2 == 1 {
            let k = n - 1;
            for (delta_next, delta, da, df) in parts {
                let acc = dot(next.w[k..].iter().step_by(n).zip(delta_next));
                da[k] = acc;
                delta[k] = acc * df[k];
            }
        }
    }

    /// `accumulate`, two weights at a time; bit for bit the same sums.
    pub fn accumulate_fast(&self, pass: &Pass, gw: &mut [Vec<f64>], gb: &mut [Vec<f64>]) {
        self.accumulate_many(core::array::from_ref(pass), gw, gb);
    }

    /// `accumulate` for N samples, adding them in order into each sum.
    pub fn accumulate_many<const N: usize>(
        &self,
        passes: &[Pass; N],
        gw: &mut [Vec<f64>],
        gb: &mut [Vec<f64>],
    ) {
        for (i, layer) in self.layers.iter().enumerate() {
            let n = layer.n_in;
            let a: [&[f64]; N] = core::array::from_fn(|s| &passes[s].a[i][..n]);
            let d: [&[f64]; N] = core::array::from_fn(|s| &passes[s].delta[i + 1][..layer.n_out]);
            let rows = gw[i].chunks_exact_mut(n).zip(gb[i].iter_mut());
            for (j, (g, g_b)) in rows.enumerate() {
                for d in d {
                    *g_b += d[j];
                }
                let (g2, g1) = g.as_chunks_mut::<2>();
                for (kk, g2) in g2.iter_mut().enumerate() {
                    let mut acc = Pair::get(g2);
                    for (a, d) in a.iter().zip(d) {
                        acc = acc + Pair::splat(d[j]) * Pair::get(&a.as_chunks::<2>().0[kk]);
                    }
                    acc.put(g2);
                }
                if let [g1] = g1 {
                    for (a, d) in a.iter().zip(d) {
                        *g1 += d[j] * a[n - 1];
                    }
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

    /// Reads a parameter name in the seed's notation: `w{l}.{j}.{k}` or `b{l}.{j}`.
    pub fn param(&self, name: &str) -> Result<Param> {
        let bad = || Error::Name(name.to_string());
        let at = name.find(|c: char| c.is_ascii_digit()).ok_or_else(bad)?;
        let (kind, rest) = name.split_at_checked(at).ok_or_else(bad)?;
        let nums: Vec<usize> = rest
            .split('.')
            .map(|s| s.parse::<usize>().map_err(|_| bad()))
            .collect::<Result<_>>()?;
        let (l, j, k) = match (kind, nums.as_slice()) {
            ("w", [l, j, k]) => (*l, *j, Some(*k)),
            ("b", [l, j]) => (*l, *j, None),
            _ => return Err(bad()),
        };
        // Seed layer l ≥ 2 maps to layers[l − 2]; neuron indices are 1-based.
        let layer = l
            .checked_sub(2)
            .filter(|&i| i < self.layers.len())
            .ok_or_else(bad)?;
        let ly = &self.layers[layer];
        let j = j.checked_sub(1).filter(|&j| j < ly.n_out).ok_or_else(bad)?;
        let k = match k {
            Some(k) => Some(k.checked_sub(1).filter(|&k| k < ly.n_in).ok_or_else(bad)?),
            None => None,
        };
        Ok(Param { layer, j, k })
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

/// Σ w·x over `terms`, added in order, starting from the first product
/// (the same bits as `Iterator::sum`, whose −0 start changes nothing).
#[inline(always)]
fn dot<'a>(mut terms: impl Iterator<Item = (&'a f64, &'a f64)>) -> f64 {
    let Some((w, x)) = terms.next() else {
        return 0.0;
    };
    let mut acc = w * x;
    for (w, x) in terms {
        acc += w * x;
    }
    acc
}

/// For each of N samples s, Σ_k ws[k]·x_s[k] for two neurons side by side,
/// added in order of k: each lane is `dot` of its own weights.
#[inline(always)]
fn dot_pairs<const N: usize>(ws: &[[f64; 2]], xs: [&[f64]; N]) -> [Pair; N] {
    let w = Pair::get(&ws[0]);
    let mut acc: [Pair; N] = core::array::from_fn(|s| w * Pair::splat(xs[s][0]));
    for (k, w) in ws.iter().enumerate().skip(1) {
        let w = Pair::get(w);
        for (acc, x) in acc.iter_mut().zip(xs) {
            *acc = *acc + w * Pair::splat(x[k]);
        }
    }
    acc
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
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn vector_passes_give_the_plain_passes_bits() {
        let sizes = [3, 5, 4, 1];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 * 3.0 - 1.5
        };
        let layers = sizes
            .windows(2)
            .zip([Activation::Tanh, Activation::Relu, Activation::Sigmoid])
            .map(|(p, act)| Layer {
                n_in: p[0],
                n_out: p[1],
                w: (0..p[0] * p[1]).map(|_| next()).collect(),
                b: (0..p[1]).map(|_| next()).collect(),
                act,
            })
            .collect();
        let net = Network { layers };
        let mut packed = Packed::default();
        net.pack_into(&mut packed);
        let scale: Vec<Vec<f64>> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                (0..n)
                    .map(|j| if i == 1 && j % 2 == 0 { 0.0 } else { 1.25 })
                    .collect()
            })
            .collect();
        let bits = |p: &Pass| -> Vec<u64> {
            [&p.z, &p.a, &p.df, &p.da, &p.delta]
                .iter()
                .flat_map(|v| v.iter().flatten().map(|x| x.to_bits()))
                .collect()
        };
        for scale in [None, Some(scale.as_slice())] {
            let mut plain = Pass::new(&sizes);
            let mut fast = [Pass::new(&sizes), Pass::new(&sizes)];
            let (mut gw, mut gb) = net.zero_grads();
            let (mut fgw, mut fgb) = net.zero_grads();
            let (mut pgw, mut pgb) = net.zero_grads();
            for _ in 0..20 {
                // two samples one at a time, then the same two together
                let xs = [[next(), next(), next()], [next(), next(), next()]];
                let ys = [[next()], [next()]];
                for (s, (x, y)) in xs.iter().zip(&ys).enumerate() {
                    net.forward(x, &mut plain, scale);
                    net.forward_fast(&packed, x, &mut fast[s], scale);
                    net.backward(y, Loss::SquaredError, &mut plain);
                    net.backward_fast(&packed, y, Loss::SquaredError, &mut fast[s]);
                    assert_eq!(bits(&plain), bits(&fast[s]));
                    net.accumulate(&plain, &mut gw, &mut gb);
                    net.accumulate_fast(&fast[s], &mut fgw, &mut fgb);
                }
                let alone = fast.each_ref().map(bits);
                net.forward_many(&packed, xs.each_ref().map(|x| &x[..]), &mut fast, scale);
                let loss = Loss::SquaredError;
                net.backward_many(&packed, ys.each_ref().map(|y| &y[..]), loss, &mut fast);
                assert_eq!(fast.each_ref().map(bits), alone);
                net.accumulate_many(&fast, &mut pgw, &mut pgb);
            }
            assert_eq!((&gw, &gb), (&fgw, &fgb));
            assert_eq!((&gw, &gb), (&pgw, &pgb));
        }
    }

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
            "w1.1.1", "w2.2.1", "w2.1.3", "b2", "x2.1", "w", "", "b2.0", "w2.1.1.1",
        ] {
            assert_eq!(net.param(bad), Err(Error::Name(bad.to_string())), "{bad}");
        }
        assert_eq!(net.params().len(), 3);
    }
}
