//! The training loop's passes: the same z, a, f'(z), ∂L/∂a, δ and gradient
//! sums as `Network::forward`, `backward` and `accumulate`, bit for bit, but
//! two neurons per vector instruction and up to six samples at a time. The
//! kernel also takes the gradient-descent step, and keeps the weights from
//! one step to the next; the model copies them back into its network when a
//! run of steps ends.
//!
//! Every buffer has room for the widest layer the state format allows, so
//! the loops index fixed-size arrays: no allocation, no per-layer vectors to
//! look up, no bounds the compiler cannot see. Neurons come in pairs; a
//! layer with an odd count has one spare lane, whose values are never read
//! (its weights stay 0). A pair's values for the samples of a group sit
//! side by side, so the loops over the samples step through neighbouring
//! memory.

use crate::activation::Activation;
use crate::features::Feature;
use crate::lanes::{tanh_from, tanh_reduce, Lanes, Pair, TanhConstants};
use crate::limits::{MAX_LAYERS, MAX_NEURONS};
use crate::loss::Loss;
use crate::network::{output_error, Network, Param, Pass};
use crate::penalty::Regularization;

/// Neuron pairs in the widest layer.
const PAIRS: usize = MAX_NEURONS / 2;

/// Two neurons' values side by side.
type Two = [f64; 2];

/// One layer's values, neurons (2jj, 2jj + 1) at entry jj.
type Block = [Two; PAIRS];

const ZERO: Block = [[0.0; 2]; PAIRS];

/// One layer's weights and biases, in the order the passes read them.
#[derive(Clone)]
struct Weights {
    n_in: usize,
    n_out: usize,
    act: Activation,
    /// `rows[j][kk]` = [w_j(2kk), w_j(2kk+1)]: row j in pairs, laid out as
    /// the gradient sums are. Wᵀδ reads a column pair kk down the rows.
    rows: [Block; MAX_NEURONS],
    /// `forward[jj][k]` = [w_(2jj)k, w_(2jj+1)k]: the same weights by row
    /// pairs, read by z = W·a + b; `columns` fills it from `rows`.
    forward: [[Two; MAX_NEURONS]; PAIRS],
    b: Block,
}

impl Weights {
    /// Fills `forward` from `rows`, one 2×2 block of W at a time.
    fn columns(&mut self) {
        let blocks = self.rows.chunks_exact(2).zip(&mut self.forward);
        for (rows, forward) in blocks.take(self.n_out.div_ceil(2)) {
            let pairs = rows[0].iter().zip(&rows[1]).take(self.n_in.div_ceil(2));
            for ((r0, r1), columns) in pairs.zip(forward.chunks_exact_mut(2)) {
                let (c0, c1) = Pair::transpose(Pair::get(r0), Pair::get(r1));
                c0.put(&mut columns[0]);
                c1.put(&mut columns[1]);
            }
        }
    }
}

/// The most samples that go through the passes together.
pub const GROUP: usize = 6;

/// One layer's values for a group of samples: `[jj][s]` holds neurons
/// (2jj, 2jj + 1) of sample s.
type Group = [[Two; GROUP]; PAIRS];

const NONE: Group = [[[0.0; 2]; GROUP]; PAIRS];

/// Neuron j's value for sample s.
#[inline(always)]
fn at(values: &Group, j: usize, s: usize) -> f64 {
    values[j / 2][s][j % 2]
}

/// Neuron j's value for sample s, to write.
#[inline(always)]
fn at_mut(values: &mut Group, j: usize, s: usize) -> &mut f64 {
    &mut values[j / 2][s][j % 2]
}

/// Every neuron's values for the samples of a group; index 0 is the input layer.
#[derive(Clone)]
struct Values {
    z: [Group; MAX_LAYERS],
    a: [Group; MAX_LAYERS],
    df: [Group; MAX_LAYERS],
    da: [Group; MAX_LAYERS],
    delta: [Group; MAX_LAYERS],
}

/// The weights of a network laid out for the vector passes, the values of
/// the samples going through it, the gradient sums of a batch, and room
/// for the weights of the next step.
#[derive(Clone)]
pub struct Kernel {
    layers: Vec<Weights>,
    /// Where `descend` writes the next weights; they replace `layers` if safe.
    next: Vec<Weights>,
    values: Box<Values>,
    /// ∂L/∂w summed over the batch: `gw[i][j][kk]` = [g_j(2kk), g_j(2kk+1)].
    gw: Vec<[Block; MAX_NEURONS]>,
    /// ∂L/∂b summed over the batch.
    gb: Vec<Block>,
    /// Whether the next `accumulate` starts the sums afresh.
    fresh: bool,
    /// Whether `layers` holds the network's weights as they are.
    loaded: bool,
    /// tanh's constants, kept in memory for the activation loop to load.
    tanh: TanhConstants<Pair>,
}

impl Default for Kernel {
    fn default() -> Self {
        Kernel {
            layers: Vec::new(),
            next: Vec::new(),
            values: Box::new(Values {
                z: [NONE; MAX_LAYERS],
                a: [NONE; MAX_LAYERS],
                df: [NONE; MAX_LAYERS],
                da: [NONE; MAX_LAYERS],
                delta: [NONE; MAX_LAYERS],
            }),
            gw: Vec::new(),
            gb: Vec::new(),
            fresh: true,
            loaded: false,
            tanh: TanhConstants::new(),
        }
    }
}

/// A layer's values as one flat row of neurons.
#[inline(always)]
fn flat(block: &Block) -> &[f64; MAX_NEURONS] {
    block
        .as_flattened()
        .try_into()
        .expect("a block holds MAX_NEURONS values")
}

#[inline(always)]
fn flat_mut(block: &mut Block) -> &mut [f64; MAX_NEURONS] {
    block
        .as_flattened_mut()
        .try_into()
        .expect("a block holds MAX_NEURONS values")
}

impl Kernel {
    /// `load`, unless the kernel holds the network's weights already.
    pub fn ensure_loaded(&mut self, net: &Network) {
        if !self.loaded {
            self.load(net);
        }
    }

    /// Copies the network's weights and biases in. A network of another
    /// shape than the last starts from zeroed buffers.
    #[inline(never)] // built for speed here, not inlined into a caller built for size
    pub fn load(&mut self, net: &Network) {
        self.loaded = true;
        let same = self.layers.len() == net.layers.len()
            && self
                .layers
                .iter()
                .zip(&net.layers)
                .all(|(k, l)| (k.n_in, k.n_out) == (l.n_in, l.n_out));
        if !same {
            let zero = Weights {
                n_in: 0,
                n_out: 0,
                act: Activation::Linear,
                rows: [ZERO; MAX_NEURONS],
                forward: [[[0.0; 2]; MAX_NEURONS]; PAIRS],
                b: ZERO,
            };
            self.layers.clear();
            self.layers.resize(net.layers.len(), zero);
            self.gw.clear();
            self.gw.resize(net.layers.len(), [ZERO; MAX_NEURONS]);
            self.gb.clear();
            self.gb.resize(net.layers.len(), ZERO);
        }
        for (to, from) in self.layers.iter_mut().zip(&net.layers) {
            let (n_in, n_out) = (from.n_in.min(MAX_NEURONS), from.n_out.min(MAX_NEURONS));
            (to.n_in, to.n_out, to.act) = (n_in, n_out, from.act);
            for (row, from) in to.rows.iter_mut().zip(from.w.chunks_exact(from.n_in)) {
                flat_mut(row)[..n_in].copy_from_slice(&from[..n_in]);
            }
            to.columns();
            flat_mut(&mut to.b)[..n_out].copy_from_slice(&from.b[..n_out]);
        }
        self.next.clone_from(&self.layers);
    }

    /// Marks the weights out of date: the network has changed.
    pub fn forget(&mut self) {
        self.loaded = false;
    }

    /// One step of gradient descent: p − rate·(the batch's sum of ∂L/∂p)
    /// for every weight, and every bias with `biases`; a weight also moves
    /// by `decay`·∂P/∂w for the penalty `reg`. The step is taken only if
    /// every new value is finite and within `limit`; false if not, and the
    /// weights stay as they were.
    #[inline(never)] // built for speed here, not inlined into a caller built for size
    pub fn descend(
        &mut self,
        rate: f64,
        biases: bool,
        limit: f64,
        (reg, decay): (Regularization, f64),
    ) -> bool {
        let (rate, limit, magnitude) = (Pair::splat(rate), Pair::splat(limit), self.tanh.magnitude);
        let decay = Pair::splat(decay);
        // every bit set while each p is within the limit: one `and` a pair,
        // so the pairs are not chained by a sum's latency
        let mut within = Pair::splat_bits(!0);
        // the penalty's choice made once a step, not once a weight
        match reg {
            Regularization::None => {
                self.step_all(rate, biases, limit, magnitude, &mut within, |_| None)
            }
            _ => self.step_all(rate, biases, limit, magnitude, &mut within, |w: &Two| {
                // decay·∂P/∂w (0 for a spare lane, whose weight is 0)
                Some(decay * Pair::get(&w.map(|w| reg.dp(w))))
            }),
        }
        let safe = within.lanes().map(f64::to_bits) == [!0; 2];
        if safe {
            core::mem::swap(&mut self.layers, &mut self.next);
        }
        safe
    }

    /// `descend`'s new values into `next`, `pull(w)` being what the penalty
    /// adds to a weight's step. Rows go two at a time, so that each new 2×2
    /// block of W is written both by rows and, transposed, by row pairs for
    /// z = W·a + b, while it is at hand.
    #[inline(always)]
    fn step_all(
        &mut self,
        rate: Pair,
        biases: bool,
        limit: Pair,
        magnitude: Pair,
        within: &mut Pair,
        pull: impl Fn(&Two) -> Option<Pair>,
    ) {
        let mut step = |p: &Two, g: Pair, pull: Option<Pair>| {
            // p − rate·g, or with a penalty p − (rate·g + decay·∂P/∂p)
            let new = match pull {
                None => Pair::get(p) - rate * g,
                Some(pull) => Pair::get(p) - (rate * g + pull),
            };
            // |new| ≤ limit, by clearing the sign bit with tanh's mask; never for NaN
            *within = within.bit_and(new.bit_and(magnitude).within(limit));
            new
        };
        // an odd row's spare lane keeps its weight at 0: its gradient is masked out
        let spare = Pair::get(&[f64::from_bits(!0), 0.0]);
        let layers = self.layers.iter().zip(&mut self.next);
        for ((now, next), (gw, gb)) in layers.zip(self.gw.iter().zip(&self.gb)) {
            let (pairs, whole) = (now.n_in.div_ceil(2).min(PAIRS), (now.n_in / 2).min(PAIRS));
            for jj in 0..now.n_out.div_ceil(2).min(PAIRS) {
                let (j0, j1) = (2 * jj, 2 * jj + 1);
                let both = j1 < now.n_out;
                let mut update = |kk: usize, mask: Option<Pair>| {
                    let g = |j: usize| {
                        let g = Pair::get(&gw[j][kk]);
                        mask.map_or(g, |m| g.bit_and(m))
                    };
                    let w0 = &now.rows[j0][kk];
                    let new0 = step(w0, g(j0), pull(w0));
                    new0.put(&mut next.rows[j0][kk]);
                    // a spare row stays 0
                    let new1 = match both {
                        true => {
                            let w1 = &now.rows[j1][kk];
                            let new1 = step(w1, g(j1), pull(w1));
                            new1.put(&mut next.rows[j1][kk]);
                            new1
                        }
                        false => Pair::splat(0.0),
                    };
                    let (c0, c1) = Pair::transpose(new0, new1);
                    c0.put(&mut next.forward[jj][2 * kk]);
                    c1.put(&mut next.forward[jj][2 * kk + 1]);
                };
                for kk in 0..whole {
                    update(kk, None);
                }
                if whole < pairs {
                    update(whole, Some(spare));
                }
            }
            if biases {
                let n = now.n_out.div_ceil(2).min(PAIRS);
                for ((b, g), new) in now.b[..n].iter().zip(&gb[..n]).zip(&mut next.b[..n]) {
                    step(b, Pair::get(g), None).put(new);
                }
            }
        }
    }

    /// Writes the kernel's weights and biases into `net`, which has the
    /// shape of the last `load`.
    pub fn store(&self, net: &mut Network) {
        for (from, to) in self.layers.iter().zip(&mut net.layers) {
            for (row, from) in to.w.chunks_exact_mut(to.n_in).zip(&from.rows) {
                row.copy_from_slice(&flat(from)[..row.len()]);
            }
            let n = to.b.len();
            to.b.copy_from_slice(&flat(&from.b)[..n]);
        }
    }

    /// Starts a batch: the next `accumulate` adds its gradients to sums of 0.
    pub fn clear_gradients(&mut self) {
        self.fresh = true;
    }

    /// The forward pass of N samples (at most GROUP) with inputs `x`. `scale`
    /// multiplies hidden activations as in `Network::forward`.
    #[inline(never)]
    pub fn forward<const N: usize>(&mut self, x: [&[f64]; N], scale: Option<&[Vec<f64>]>) {
        let v = &mut *self.values;
        for (s, x) in x.iter().enumerate().take(GROUP) {
            // element by element: a library copy call costs more than two values
            for (k, &x) in x.iter().enumerate().take(MAX_NEURONS) {
                *at_mut(&mut v.a[0], k, s) = x;
            }
        }
        let hidden = self.layers.len() - 1;
        for (i, w) in self.layers.iter().enumerate().take(MAX_LAYERS - 1) {
            let pairs = w.n_out.div_ceil(2);
            // z_j = Σ_k w_jk a_k + b_j, for neurons j and j + 1 side by side,
            // two such pairs at a time while there are two
            let (z, a) = (&mut v.z[i + 1], &v.a[i]);
            let add_bias = |jj: usize, acc: &[Pair; N]| {
                for (acc, z) in acc.iter().zip(&mut z[jj]) {
                    (*acc + Pair::get(&w.b[jj])).put(z);
                }
            };
            let row = |jj: usize| move |p: usize, k: usize| Pair::get(&w.forward[jj + p][k]);
            dot_pairs(pairs, w.n_in, row, a, add_bias);
            activate(w.act, pairs, N, v, i + 1, &self.tanh);
            if let Some(m) = scale.filter(|_| i < hidden).map(|s| &s[i + 1]) {
                for (j, &m) in m.iter().enumerate().take(MAX_NEURONS) {
                    for s in 0..N.min(GROUP) {
                        *at_mut(&mut v.a[i + 1], j, s) *= m;
                        *at_mut(&mut v.df[i + 1], j, s) *= m;
                    }
                }
            }
        }
    }

    /// The backward pass of the samples of the last `forward`, with targets `y`.
    #[inline(never)]
    pub fn backward<const N: usize>(&mut self, y: [&[f64]; N], loss: Loss) {
        let v = &mut *self.values;
        let out = self.layers.len();
        let n_out = self.layers[out - 1].n_out;
        for (s, y) in y.iter().enumerate().take(GROUP) {
            for (j, &y) in y.iter().enumerate().take(n_out.min(MAX_NEURONS)) {
                let (a, df) = (at(&v.a[out], j, s), at(&v.df[out], j, s));
                let (da, delta) = output_error(loss, a, df, y);
                *at_mut(&mut v.da[out], j, s) = da;
                *at_mut(&mut v.delta[out], j, s) = delta;
            }
        }
        for i in (1..out.min(MAX_LAYERS - 1)).rev() {
            let next = &self.layers[i];
            // ∂L/∂a_k = Σ_j w_jk δ_j and δ_k = ∂L/∂a_k f'(z_k), for k and k + 1 side by side
            // two pairs at a time while there are two
            let pairs = next.n_in.div_ceil(2).min(PAIRS);
            let (below, above) = v.delta.split_at_mut(i + 1);
            let (d_next, delta) = (&above[0], &mut below[i]);
            let (da, df) = (&mut v.da[i], &v.df[i]);
            let put = |kk: usize, acc: &[Pair; N]| {
                let (da, delta, df) = (&mut da[kk], &mut delta[kk], &df[kk]);
                for (((acc, da), delta), df) in acc.iter().zip(da).zip(delta).zip(df) {
                    acc.put(da);
                    (*acc * Pair::get(df)).put(delta);
                }
            };
            let column = |kk: usize| move |p: usize, j: usize| Pair::get(&next.rows[j][kk + p]);
            dot_pairs(pairs, next.n_out, column, d_next, put);
        }
    }

    /// Adds the gradients of the first N samples of the last `backward`
    /// into the batch's sums, sample by sample in order: ∂L/∂w_jk = δ_j a_k,
    /// ∂L/∂b_j = δ_j.
    #[inline(never)]
    pub fn accumulate<const N: usize>(&mut self) {
        let v = &*self.values;
        let fresh = core::mem::replace(&mut self.fresh, false);
        let layers = self.layers.iter().zip(&mut self.gw).zip(&mut self.gb);
        for (i, ((w, gw), gb)) in layers.enumerate().take(MAX_LAYERS - 1) {
            let (gb, pairs) = (flat_mut(gb), w.n_in.div_ceil(2));
            for (j, g) in gw.iter_mut().enumerate().take(w.n_out) {
                let d: [f64; N] = core::array::from_fn(|s| at(&v.delta[i + 1], j, s));
                if fresh {
                    gb[j] = 0.0;
                }
                for d in d {
                    gb[j] += d;
                }
                for (g, a) in g.iter_mut().zip(&v.a[i]).take(pairs) {
                    let mut acc = if fresh {
                        Pair::splat(0.0)
                    } else {
                        Pair::get(g)
                    };
                    for (a, &d) in a.iter().zip(&d) {
                        acc = acc + Pair::splat(d) * Pair::get(a);
                    }
                    acc.put(g);
                }
            }
        }
    }

    /// Adds the loss of each of the first samples of the last `forward`,
    /// in order, to `total`; `y` holds their targets.
    #[inline(never)] // built for speed here, not inlined into a caller built for size
    pub fn add_losses(&self, mut total: f64, loss: Loss, y: &[&[f64]]) -> f64 {
        let (v, out) = (&*self.values, self.layers.len());
        let n = self.layers[out - 1].n_out.min(MAX_NEURONS);
        for (s, y) in y.iter().enumerate().take(GROUP) {
            let outputs = y.iter().enumerate().take(n);
            total += loss.sum(outputs.map(|(j, &y)| (at(&v.z[out], j, s), at(&v.a[out], j, s), y)));
        }
        total
    }

    /// Fills `out` with the first output along a line of the input plane:
    /// at n = `out.len()` points x evenly spaced from x0 to x1, ends
    /// included (`grid_point`), at height y, four points at a time; a
    /// short last group repeats its last point. Layer 1 is (x, y), or (x)
    /// for a network of one input, or `features` at (x, y).
    #[inline(never)] // built for speed here, not inlined into a caller built for size
    pub fn first_outputs(
        &mut self,
        out: &mut [f64],
        (x0, x1): (f64, f64),
        y: f64,
        features: Option<&[Feature]>,
    ) {
        let (n, width) = (out.len(), self.layers[0].n_in);
        let last = n.saturating_sub(1);
        let mut xs = [[0.0; MAX_NEURONS]; 4];
        for (c, group) in out.chunks_mut(4).enumerate() {
            for (i, v) in xs.iter_mut().enumerate() {
                let x = grid_point((4 * c + i).min(last), n, x0, x1);
                match features {
                    // (x, y), or x alone: the lanes past `width` are never read
                    None => (v[0], v[1]) = (x, y),
                    Some(fs) => v.iter_mut().zip(fs).for_each(|(v, f)| *v = f.of(x, y)),
                }
            }
            self.forward(xs.each_ref().map(|x| &x[..width]), None);
            let a = &self.values.a[self.layers.len()][0];
            for (v, a) in group.iter_mut().zip(a) {
                *v = a[0];
            }
        }
    }

    /// Copies sample s's values into `pass`, shaped like the network.
    pub fn read(&self, s: usize, pass: &mut Pass) {
        let v = &*self.values;
        let fields = [
            (&v.z, &mut pass.z),
            (&v.a, &mut pass.a),
            (&v.df, &mut pass.df),
            (&v.da, &mut pass.da),
            (&v.delta, &mut pass.delta),
        ];
        for (from, to) in fields {
            for (from, to) in from.iter().zip(to.iter_mut()) {
                for (j, to) in to.iter_mut().enumerate().take(MAX_NEURONS) {
                    *to = at(from, j, s);
                }
            }
        }
    }

    /// Sample s's own ∂L/∂p from the last `backward`: δ_j·a_k, or δ_j for
    /// a bias, as `Network::accumulate` forms it.
    pub fn sample_gradient(&self, p: Param, s: usize) -> f64 {
        let (v, l) = (&*self.values, p.layer + 1);
        let delta = at(&v.delta[l], p.j, s);
        p.k.map_or(delta, |k| delta * at(&v.a[l - 1], k, s))
    }

    /// The batch's sums of ∂L/∂w for layer i, one row of `w_jk` per neuron j.
    pub fn weight_gradients(&self, i: usize) -> impl Iterator<Item = &[f64]> {
        let n_in = self.layers[i].n_in;
        self.gw[i][..self.layers[i].n_out]
            .iter()
            .map(move |row| &row.as_flattened()[..n_in])
    }

    /// The batch's sum of ∂L/∂p; 0 before the first batch.
    pub fn gradient(&self, p: Param) -> f64 {
        match (self.gw.get(p.layer), p.k) {
            (Some(rows), Some(k)) => rows[p.j].as_flattened()[k],
            (Some(_), None) => flat(&self.gb[p.layer])[p.j],
            (None, _) => 0.0,
        }
    }

    /// The batch's sums of ∂L/∂b for layer i.
    pub fn bias_gradients(&self, i: usize) -> &[f64] {
        &flat(&self.gb[i])[..self.layers[i].n_out]
    }
}

/// For each of P pairs p of neurons and each of the first N samples of
/// `x`, Σ_k w(p, k)·x_k for the two neurons side by side, k from 0 to
/// `len`, added in order of k from the first product, as `Iterator::sum`
/// adds a plain pass's products (its −0 start changes nothing). Each x_k is
/// read once for all P pairs.
#[inline(always)]
fn dot<const N: usize, const P: usize>(
    len: usize,
    w: impl Fn(usize, usize) -> Pair,
    x: &Group,
) -> [[Pair; N]; P] {
    let mut acc: [[Pair; N]; P] = core::array::from_fn(|p| {
        let w = w(p, 0);
        core::array::from_fn(|s| w * Pair::splat(x[0][s][0]))
    });
    for k in 1..len.min(MAX_NEURONS) {
        let xs: [Pair; N] = core::array::from_fn(|s| Pair::splat(x[k / 2][s][k % 2]));
        for (p, acc) in acc.iter_mut().enumerate() {
            let w = w(p, k);
            for (acc, x) in acc.iter_mut().zip(xs) {
                *acc = *acc + w * x;
            }
        }
    }
    acc
}

/// `dot` for each of the first `pairs` pairs jj, two pairs at a time while
/// there are two, then the last alone: `put(jj, sums)` takes pair jj's sums,
/// `w(jj)` gives the weights of pair jj and those after it.
#[inline(always)]
fn dot_pairs<const N: usize, W: Fn(usize, usize) -> Pair>(
    pairs: usize,
    len: usize,
    w: impl Fn(usize) -> W,
    x: &Group,
    mut put: impl FnMut(usize, &[Pair; N]),
) {
    let mut jj = 0;
    while jj + 1 < pairs {
        let [s0, s1] = dot::<N, 2>(len, w(jj), x);
        put(jj, &s0);
        put(jj + 1, &s1);
        jj += 2;
    }
    if jj < pairs {
        let [s0] = dot::<N, 1>(len, w(jj), x);
        put(jj, &s0);
    }
}

/// a = f(z) and f'(z) for the first `pairs` pairs of layer l, for each of
/// the first n samples. The choice of f is made once, outside the loops,
/// and the constants of tanh are set up once for all the samples.
#[inline(never)]
fn activate(
    act: Activation,
    pairs: usize,
    n: usize,
    v: &mut Values,
    l: usize,
    k: &TanhConstants<Pair>,
) {
    let (z, a, df) = (&v.z[l][..pairs], &mut v.a[l], &mut v.df[l]);
    let blocks = z.iter().zip(a.iter_mut()).zip(df.iter_mut());
    let blocks = blocks.map(|((z, a), df)| (&z[..n], &mut a[..n], &mut df[..n]));
    match act {
        Activation::Sigmoid => {
            // libm's exp, one lane at a time
            for (z, a, df) in blocks {
                let a = a.as_flattened_mut().iter_mut();
                let df = df.as_flattened_mut().iter_mut();
                for ((z, a), df) in z.as_flattened().iter().zip(a).zip(df) {
                    *a = act.f(*z);
                    *df = act.df(*z, *a);
                }
            }
        }
        // In two loops over all the pairs, the range reduction first, its
        // results parked in a and f'(z): one pair's whole chain of dependent
        // operations is longer than the processor can look ahead to overlap
        // it with the next pair's, each half is not.
        Activation::Tanh => {
            for (z, r, scale) in blocks {
                for ((z, r), scale) in z.iter().zip(r.iter_mut()).zip(scale.iter_mut()) {
                    let (rr, s) = tanh_reduce(Pair::get(z), k);
                    rr.put(r);
                    s.put(scale);
                }
            }
            let (z, a, df) = (&v.z[l][..pairs], &mut v.a[l], &mut v.df[l]);
            for ((z, a), df) in z.iter().zip(a.iter_mut()).zip(df.iter_mut()) {
                for ((z, a), df) in z[..n].iter().zip(&mut a[..n]).zip(&mut df[..n]) {
                    let t = tanh_from(Pair::get(a), Pair::get(df), Pair::get(z), k);
                    t.put(a);
                    (k.one - t * t).put(df);
                }
            }
        }
        // each arm hands on a constant, so f_df's own match folds away
        Activation::Relu => each_pair(Activation::Relu, blocks, k),
        Activation::LeakyRelu => each_pair(Activation::LeakyRelu, blocks, k),
        Activation::Linear => each_pair(Activation::Linear, blocks, k),
    }
}

/// (a, f'(z)) = f(z) for each pair of z in each (z, a, f'(z)) of `blocks`.
#[inline(always)]
fn each_pair<'a>(
    act: Activation,
    blocks: impl Iterator<Item = (&'a [Two], &'a mut [Two], &'a mut [Two])>,
    k: &TanhConstants<Pair>,
) {
    for (z, a, df) in blocks {
        for ((z, a), df) in z.iter().zip(a).zip(df) {
            if let Some((f, d)) = act.f_df_with(Pair::get(z), k) {
                f.put(a);
                d.put(df);
            }
        }
    }
}

/// Point i of n from lo to hi, exactly lo and hi at the ends.
pub fn grid_point(i: usize, n: usize, lo: f64, hi: f64) -> f64 {
    let t = if n > 1 {
        i as f64 / (n - 1) as f64
    } else {
        0.0
    };
    lo * (1.0 - t) + hi * t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Layer;

    /// A network of the given sizes and activations with weights from `next`.
    fn network(sizes: &[usize], acts: &[Activation], next: &mut impl FnMut() -> f64) -> Network {
        let layers = sizes
            .windows(2)
            .zip(acts)
            .map(|(p, &act)| Layer {
                n_in: p[0],
                n_out: p[1],
                w: (0..p[0] * p[1]).map(|_| next()).collect(),
                b: (0..p[1]).map(|_| next()).collect(),
                act,
            })
            .collect();
        Network { layers }
    }

    /// Every z, a, f'(z), ∂L/∂a and δ of a pass, as bits.
    fn bits(p: &Pass) -> Vec<u64> {
        [&p.z, &p.a, &p.df, &p.da, &p.delta]
            .iter()
            .flat_map(|v| v.iter().flatten().map(|x| x.to_bits()))
            .collect()
    }

    /// Runs `kernel` over groups of G samples whose lanes past the first N
    /// repeat sample N, as the model's last group of a batch does, and the
    /// plain network over the N samples one at a time, then checks that
    /// every value, loss and gradient sum has the same bits.
    fn same_bits<const N: usize, const G: usize>(
        kernel: &mut Kernel,
        net: &Network,
        scale: Option<&[Vec<f64>]>,
        next: &mut impl FnMut() -> f64,
    ) {
        let (sizes, loss) = (net.sizes(), Loss::SquaredError);
        let (n_in, n_out) = (sizes[0], sizes[sizes.len() - 1]);
        kernel.load(net);
        kernel.clear_gradients();
        let (mut plain, mut fast) = (Pass::new(&sizes), Pass::new(&sizes));
        let (mut gw, mut gb) = net.zero_grads();
        for _ in 0..4 {
            let xs: [Vec<f64>; N] = core::array::from_fn(|_| (0..n_in).map(|_| next()).collect());
            let ys: [Vec<f64>; N] = core::array::from_fn(|_| (0..n_out).map(|_| next()).collect());
            let lane = |s: usize| s.min(N - 1);
            kernel.forward(core::array::from_fn::<_, G, _>(|s| &xs[lane(s)][..]), scale);
            kernel.backward(core::array::from_fn::<_, G, _>(|s| &ys[lane(s)][..]), loss);
            kernel.accumulate::<N>();
            let mut expected = 0.5;
            for (s, (x, y)) in xs.iter().zip(&ys).enumerate() {
                net.forward(x, &mut plain, scale);
                net.backward(y, loss, &mut plain);
                net.accumulate(&plain, &mut gw, &mut gb);
                kernel.read(s, &mut fast);
                assert_eq!(bits(&plain), bits(&fast), "{sizes:?}, sample {s} of {N}");
                let last = plain.a.len() - 1;
                expected += loss.value(&plain.z[last], &plain.a[last], y);
            }
            let ys = ys.each_ref().map(|y| &y[..]);
            assert_eq!(
                kernel.add_losses(0.5, loss, &ys).to_bits(),
                expected.to_bits()
            );
        }
        for (i, layer) in net.layers.iter().enumerate() {
            let rows = gw[i]
                .chunks_exact(layer.n_in)
                .zip(kernel.weight_gradients(i));
            for (expected, row) in rows {
                assert_eq!(expected, row, "{sizes:?}, layer {i}");
            }
            assert_eq!(gb[i], kernel.bias_gradients(i));
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_kernel_gives_the_plain_passes_bits() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 * 3.0 - 1.5
        };
        use Activation::*;
        // Odd and even numbers of neuron pairs (z and Wᵀδ take two pairs at
        // a time, then one), one-neuron layers, and the widest and deepest
        // network the limits allow.
        let shapes: [(&[usize], &[Activation]); 5] = [
            (&[3, 5, 4, 1], &[Tanh, Relu, Sigmoid]),
            (&[2, 8, 8, 1], &[Tanh, Tanh, Tanh]),
            (&[1, 1, 7, 2], &[LeakyRelu, Tanh, Linear]),
            (&[4, 6, 3], &[Sigmoid, Tanh]),
            (
                &[MAX_NEURONS; MAX_LAYERS],
                &[Tanh, Relu, Tanh, Linear, Tanh, Sigmoid, Tanh],
            ),
        ];
        let mut kernel = Kernel::default();
        for (sizes, acts) in shapes {
            let net = network(sizes, acts, &mut next);
            // dropout's scale: some hidden neurons dropped, the rest kept
            let scale: Vec<Vec<f64>> = sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    (0..n)
                        .map(|j| if i == 1 && j % 2 == 0 { 0.0 } else { 1.25 })
                        .collect()
                })
                .collect();
            for scale in [None, Some(scale.as_slice())] {
                // the same kernel throughout, so that it reshapes its buffers
                same_bits::<1, 1>(&mut kernel, &net, scale, &mut next);
                same_bits::<1, 2>(&mut kernel, &net, scale, &mut next);
                same_bits::<2, 2>(&mut kernel, &net, scale, &mut next);
                same_bits::<3, 4>(&mut kernel, &net, scale, &mut next);
                same_bits::<4, 4>(&mut kernel, &net, scale, &mut next);
                same_bits::<5, 5>(&mut kernel, &net, scale, &mut next);
                same_bits::<6, 6>(&mut kernel, &net, scale, &mut next);
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn descent_leaves_the_spare_lane_of_an_odd_row_at_zero() {
        // σ(0) = 0.5, so a spare neuron of a sigmoid layer has a gradient
        // of its own, which descent must not turn into a weight.
        let mut seed = 0.25;
        let mut next = || {
            seed = (seed * 7.3 + 0.11) % 2.0;
            seed - 1.0
        };
        let acts = [Activation::Sigmoid; 2];
        let net = network(&[3, 3, 1], &acts, &mut next);
        let mut kernel = Kernel::default();
        kernel.load(&net);
        for _ in 0..20 {
            let xs: [[f64; 3]; 4] = core::array::from_fn(|_| [next(), next(), next()]);
            kernel.clear_gradients();
            kernel.forward(xs.each_ref().map(|x| &x[..]), None);
            kernel.backward([&[0.5][..]; 4], Loss::SquaredError);
            kernel.accumulate::<4>();
            assert!(kernel.descend(2.0, true, 1e6, (Regularization::None, 0.0)));
            for layer in &kernel.layers {
                for row in &layer.rows {
                    assert_eq!(row[1][1], 0.0);
                }
            }
        }
    }
}
