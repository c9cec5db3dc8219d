//! The network unrolled into its elementary operations for one sample: each
//! product w·a, each sum z = Σ w·a + b, each activation a = f(z) and the
//! loss is a node; each edge carries its local derivative ∂(to)/∂(from).
//! Going back from the loss, the product of the local derivatives along a
//! path is that path's term in the chain rule, and a node's `grad` is the
//! sum over all its paths: ∂L/∂(node).

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;

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

/// Unrolls the network for sample `i` (0-based), every operation of every layer.
pub fn graph(model: &Model, i: usize) -> Result<Graph> {
    let sample = model.sample(i)?;
    let pass = model.pass(sample, true);
    let net = model.net();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let edge = |edges: &mut Vec<Edge>, from: &str, to: &str, local: f64| {
        edges.push(Edge {
            from: from.into(),
            to: to.into(),
            local,
        })
    };
    let first = &net.layers[0];
    for (k, &a) in pass.a[0].iter().enumerate() {
        // ∂L/∂a¹_k = Σ_j w²_jk δ²_j: the backward pass stops at layer 2, this carries it one further
        let column = first.w[k..].iter().step_by(first.n_in);
        let grad = column.zip(&pass.delta[1]).map(|(w, d)| w * d).sum();
        nodes.push(Node {
            id: format!("a1.{}", k + 1),
            op: "input",
            value: a,
            grad,
        });
    }
    for (l0, layer) in net.layers.iter().enumerate() {
        let (l, below) = (l0 + 2, l0);
        for j in 0..layer.b.len() {
            let delta = pass.delta[l0 + 1][j]; // ∂L/∂z, and so ∂L/∂(each term of the sum)
            let z = format!("z{l}.{}", j + 1);
            for k in 0..layer.n_in {
                let (w, a) = (layer.w[j * layer.n_in + k], pass.a[below][k]);
                let (wid, mid) = (
                    format!("w{l}.{}.{}", j + 1, k + 1),
                    format!("m{l}.{}.{}", j + 1, k + 1),
                );
                nodes.push(Node {
                    id: wid.clone(),
                    op: "weight",
                    value: w,
                    grad: delta * a,
                });
                nodes.push(Node {
                    id: mid.clone(),
                    op: "mul",
                    value: w * a,
                    grad: delta,
                });
                edge(&mut edges, &wid, &mid, a); // ∂(w·a)/∂w = a
                edge(&mut edges, &format!("a{}.{}", l - 1, k + 1), &mid, w); // ∂(w·a)/∂a = w
                edge(&mut edges, &mid, &z, 1.0);
            }
            let bid = format!("b{l}.{}", j + 1);
            nodes.push(Node {
                id: bid.clone(),
                op: "bias",
                value: layer.b[j],
                grad: delta,
            });
            edge(&mut edges, &bid, &z, 1.0);
            nodes.push(Node {
                id: z.clone(),
                op: "add",
                value: pass.z[l0 + 1][j],
                grad: delta,
            });
            let a = format!("a{l}.{}", j + 1);
            nodes.push(Node {
                id: a.clone(),
                op: "act",
                value: pass.a[l0 + 1][j],
                grad: pass.da[l0 + 1][j],
            });
            edge(&mut edges, &z, &a, pass.df[l0 + 1][j]); // ∂a/∂z = f'(z)
        }
    }
    let out = pass.a.len() - 1;
    for j in 0..pass.a[out].len() {
        edge(
            &mut edges,
            &format!("a{}.{}", out + 1, j + 1),
            "loss",
            pass.da[out][j],
        ); // ∂L/∂a
    }
    nodes.push(Node {
        id: "loss".into(),
        op: "loss",
        value: model.sample_loss(&pass, sample),
        grad: 1.0,
    });
    Ok(Graph {
        sample: i,
        nodes,
        edges,
    })
}
