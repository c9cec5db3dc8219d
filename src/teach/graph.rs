//! The network unrolled into its elementary operations for one sample: each
//! product w·a, each sum z = Σ w·a + b, each activation a = f(z) and the
//! loss is a node; each edge carries its local derivative ∂(to)/∂(from).
//! Going back from the loss, the product of the local derivatives along a
//! path is that path's term in the chain rule, and a node's `grad` is the
//! sum over all its paths: ∂L/∂(node).

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;
use crate::teach::names::id;

/// One value of the unrolled network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Node {
    /// `a1.2` (an input), `w2.1.2`, `b2.1`, `m2.1.2` (the product w²₁₂·a¹₂),
    /// `z2.1`, `a2.1` or `loss`
    pub id: String,
    /// `input`, `weight`, `bias`, `mul`, `add`, `act` or `loss`
    pub op: &'static str,
    /// its value in the forward pass
    pub value: f64,
    /// ∂L/∂(this value) for this sample's loss
    pub grad: f64,
}

/// An edge from an operand to the operation that uses it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// ∂(to)/∂(from): for w·a, a with respect to w and w with respect to a;
    /// 1 into a sum; f'(z) into an activation; ∂L/∂a into the loss
    pub local: f64,
}

/// The unrolled network of one sample.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Graph {
    pub sample: usize,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    #[inline(never)]
    fn node(&mut self, id: String, op: &'static str, value: f64, grad: f64) {
        self.nodes.push(Node {
            id,
            op,
            value,
            grad,
        });
    }

    #[inline(never)]
    fn edge(&mut self, from: &str, to: &str, local: f64) {
        self.edges.push(Edge {
            from: from.into(),
            to: to.into(),
            local,
        });
    }
}

/// Unrolls the network for sample `i` (0-based), every operation of every layer.
pub fn graph(model: &Model, i: usize) -> Result<Graph> {
    let sample = model.sample(i)?;
    let pass = model.pass(sample, true);
    let net = model.net();
    let mut g = Graph {
        sample: i,
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let first = &net.layers[0];
    for (k, &a) in pass.a[0].iter().enumerate() {
        // ∂L/∂a¹_k = Σ_j w²_jk δ²_j: the backward pass stops at layer 2, this carries it one further
        let column = first.w[k..].iter().step_by(first.n_in);
        let grad = column.zip(&pass.delta[1]).map(|(w, d)| w * d).sum();
        g.node(id("a", 1, k + 1), "input", a, grad);
    }
    for (l0, layer) in net.layers.iter().enumerate() {
        let (l, below) = (l0 + 2, l0);
        for j in 0..layer.b.len() {
            let delta = pass.delta[l0 + 1][j]; // ∂L/∂z, and so ∂L/∂(each term of the sum)
            let z = id("z", l, j + 1);
            for k in 0..layer.n_in {
                let (w, a) = (layer.w[j * layer.n_in + k], pass.a[below][k]);
                let at = format!("{l}.{}.{}", j + 1, k + 1);
                let (wid, mid) = (format!("w{at}"), format!("m{at}"));
                g.edge(&wid, &mid, a); // ∂(w·a)/∂w = a
                g.edge(&id("a", l - 1, k + 1), &mid, w); // ∂(w·a)/∂a = w
                g.edge(&mid, &z, 1.0);
                g.node(wid, "weight", w, delta * a);
                g.node(mid, "mul", w * a, delta);
            }
            let bid = id("b", l, j + 1);
            g.edge(&bid, &z, 1.0);
            g.node(bid, "bias", layer.b[j], delta);
            let a = id("a", l, j + 1);
            g.edge(&z, &a, pass.df[l0 + 1][j]); // ∂a/∂z = f'(z)
            g.node(z, "add", pass.z[l0 + 1][j], delta);
            g.node(a, "act", pass.a[l0 + 1][j], pass.da[l0 + 1][j]);
        }
    }
    let out = pass.a.len() - 1;
    for j in 0..pass.a[out].len() {
        let a = id("a", out + 1, j + 1);
        g.edge(&a, "loss", pass.da[out][j]); // ∂L/∂a
    }
    let loss = model.sample_loss(&pass, sample);
    g.node("loss".into(), "loss", loss, 1.0);
    Ok(g)
}
