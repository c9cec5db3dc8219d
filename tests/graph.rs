//! The computational graph: each edge's local derivative, multiplied along
//! a path from the loss down to a parameter, is that path's term in the
//! chain rule (`explain`), and the sum over all paths is the gradient.

use backprop_playground::format::preset::preset;
use backprop_playground::teach::explain::explain;
use backprop_playground::teach::graph::{graph, Graph};
use backprop_playground::teach::trace::Trace;
use backprop_playground::Model;
use serde_json::json;

/// Every path's product of local derivatives from `node` up to the loss.
fn path_products(g: &Graph, node: &str) -> Vec<f64> {
    if node == "loss" {
        return vec![1.0];
    }
    g.edges
        .iter()
        .filter(|e| e.from == node)
        .flat_map(|e| {
            path_products(g, &e.to)
                .into_iter()
                .map(move |p| p * e.local)
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn on_the_seed_network_each_path_is_a_term_of_the_chain_rule() {
    let m = Model::new(preset("seed").unwrap());
    let g = graph(&m, 0).unwrap();
    // 8 weights, 4 biases, 8 products, 4 sums, 4 activations, 2 inputs and the loss
    assert_eq!(g.nodes.len(), 8 + 4 + 8 + 4 + 4 + 2 + 1);
    let trace = Trace::new(&m, true);
    for name in ["w2.1.1", "w2.2.1", "w3.1.2", "b2.1", "b3.2"] {
        let e = explain(&m, name, 0).unwrap();
        let mut ours = path_products(&g, name);
        let mut theirs: Vec<f64> = e.paths.iter().map(|p| p.product).collect();
        ours.sort_by(f64::total_cmp);
        theirs.sort_by(f64::total_cmp);
        assert_eq!(
            ours.len(),
            theirs.len(),
            "{name}: one graph path a chain-rule path"
        );
        for (a, b) in ours.iter().zip(&theirs) {
            assert!(
                close(*a, *b),
                "{name}: path {a} against the chain rule's {b}"
            );
        }
        let node = g.nodes.iter().find(|n| n.id == name).unwrap();
        assert!(
            close(node.grad, ours.iter().sum()),
            "{name}: the node's ∂L/∂θ is the sum of its paths"
        );
        assert!(close(node.grad, e.sum));
    }
    // The weights' grads are the trace's gradients (one sample: the mean is it).
    let w = g.nodes.iter().find(|n| n.id == "w2.1.2").unwrap();
    assert!(close(w.grad, trace.grad_weights.unwrap()[0][0][1]));
}

#[test]
fn values_and_local_derivatives_are_the_forward_pass() {
    // 1-1-1, w² = 2, b² = 0.5, w³ = −1, b³ = 0, linear, squared error; x = 3, y = 1.
    let m = Model::from_value(&json!({
        "layers": [1, 1, 1], "activation": "linear", "loss": "squared_error",
        "weights": [[[2]], [[-1]]], "biases": [[0.5], [0]],
        "samples": [{"input": [3], "target": [1]}]
    }))
    .unwrap();
    let g = graph(&m, 0).unwrap();
    let value = |id: &str| g.nodes.iter().find(|n| n.id == id).unwrap().value;
    let local = |from: &str, to: &str| {
        g.edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap()
            .local
    };
    assert_eq!(value("m2.1.1"), 6.0); // w·a = 2·3
    assert_eq!(value("z2.1"), 6.5); // + b
    assert_eq!(value("a3.1"), -6.5); // −1·6.5
    assert_eq!(value("loss"), 0.5 * 7.5 * 7.5); // ½(a − y)²
    assert_eq!(local("w2.1.1", "m2.1.1"), 3.0); // ∂(w·a)/∂w = a
    assert_eq!(local("a1.1", "m2.1.1"), 2.0); // ∂(w·a)/∂a = w
    assert_eq!(local("z3.1", "a3.1"), 1.0); // linear: f' = 1
    assert_eq!(local("a3.1", "loss"), -7.5); // ∂L/∂a = a − y
                                             // ∂L/∂x = (a − y)·w³·w² = −7.5·−1·2
    assert_eq!(g.nodes.iter().find(|n| n.id == "a1.1").unwrap().grad, 15.0);
    assert!(graph(&m, 1).is_err(), "sample 2 does not exist");
}
