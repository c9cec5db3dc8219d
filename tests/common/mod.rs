//! Shared test helpers: a tolerance check and an independent reverse-mode
//! autodiff (in the spirit of micrograd) that knows nothing of the core's
//! backward pass, to check every number the core computes.

#![allow(dead_code)]

use backprop_playground::maths::network::{Network, Param};
use backprop_playground::{Model, Trace};

/// Every weight and bias of `net` as bits, to compare two networks exactly.
pub fn bits(net: &Network) -> Vec<u64> {
    let params = net.layers.iter().flat_map(|l| l.w.iter().chain(&l.b));
    params.map(|p| p.to_bits()).collect()
}

/// ∂f/∂θ ≈ (f(θ + h) − f(θ − h)) / 2h for parameter `p` of `m`, h = 10⁻⁶.
pub fn central_difference(m: &Model, p: Param, f: impl Fn(&Model) -> f64) -> f64 {
    let h = 1e-6;
    let at = |d: f64| {
        let mut probe = Model::new(m.state());
        *probe.net_mut().get_mut(p) += d;
        f(&probe)
    };
    (at(h) - at(-h)) / (2.0 * h)
}

/// The trace's gradient for parameter `p` (it must hold the backward pass).
pub fn traced_gradient(t: &Trace, p: Param) -> f64 {
    match p.k {
        Some(k) => t.grad_weights.as_ref().unwrap()[p.layer][p.j][k],
        None => t.grad_biases.as_ref().unwrap()[p.layer][p.j],
    }
}

/// |a − b| within `rel` of the larger magnitude, with a tiny absolute floor
/// for values that are zero up to rounding.
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-13
}

/// Asserts two slices are `close` element by element.
pub fn assert_all_close(what: &str, a: &[f64], b: &[f64], rel: f64) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(close(*x, *y, rel), "{what}[{i}]: {x} vs {y}");
    }
}

/// A computation graph recorded as it is evaluated; `grad` walks it backward.
#[derive(Default)]
pub struct Tape {
    pub value: Vec<f64>,
    /// for each node, its parents and the local derivative towards each
    parents: Vec<Vec<(usize, f64)>>,
}

impl Tape {
    pub fn leaf(&mut self, v: f64) -> usize {
        self.push(v, vec![])
    }

    fn push(&mut self, v: f64, parents: Vec<(usize, f64)>) -> usize {
        self.value.push(v);
        self.parents.push(parents);
        self.value.len() - 1
    }

    pub fn add(&mut self, a: usize, b: usize) -> usize {
        // d(a + b) = da + db
        self.push(self.value[a] + self.value[b], vec![(a, 1.0), (b, 1.0)])
    }

    pub fn mul(&mut self, a: usize, b: usize) -> usize {
        // d(ab) = b da + a db
        let (x, y) = (self.value[a], self.value[b]);
        self.push(x * y, vec![(a, y), (b, x)])
    }

    pub fn scale(&mut self, a: usize, c: f64) -> usize {
        self.push(c * self.value[a], vec![(a, c)])
    }

    pub fn offset(&mut self, a: usize, c: f64) -> usize {
        self.push(self.value[a] + c, vec![(a, 1.0)])
    }

    pub fn exp(&mut self, a: usize) -> usize {
        let e = self.value[a].exp();
        self.push(e, vec![(a, e)])
    }

    pub fn ln(&mut self, a: usize) -> usize {
        let x = self.value[a];
        self.push(x.ln(), vec![(a, 1.0 / x)])
    }

    pub fn recip(&mut self, a: usize) -> usize {
        let x = self.value[a];
        self.push(1.0 / x, vec![(a, -1.0 / (x * x))])
    }

    /// A function given with its own derivative at the point.
    pub fn unary(&mut self, a: usize, f: f64, df: f64) -> usize {
        self.push(f, vec![(a, df)])
    }

    pub fn sum(&mut self, items: &[usize]) -> usize {
        let mut acc = items[0];
        for &x in &items[1..] {
            acc = self.add(acc, x);
        }
        acc
    }

    /// ∂out/∂node for every node, by the chain rule in reverse order.
    pub fn grad(&self, out: usize) -> Vec<f64> {
        let mut g = vec![0.0; self.value.len()];
        g[out] = 1.0;
        for n in (0..=out).rev() {
            for &(p, local) in &self.parents[n] {
                g[p] += g[n] * local;
            }
        }
        g
    }
}
