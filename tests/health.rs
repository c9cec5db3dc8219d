//! Naming the neurons that stop a run: saturated sigmoids and tanhs, whose
//! f'(z) is near 0 on nearly every sample, and dead ReLUs, zero on all.

use backprop_playground::teach::health::health;
use backprop_playground::Model;
use serde_json::json;

fn model(v: serde_json::Value) -> Model {
    Model::from_value(&v).unwrap()
}

const SAMPLES: [[f64; 3]; 4] = [
    [0.0, 0.0, 0.0],
    [0.0, 1.0, 1.0],
    [1.0, 0.0, 1.0],
    [1.0, 1.0, 0.0],
];

fn samples() -> serde_json::Value {
    SAMPLES
        .iter()
        .map(|[x1, x2, y]| json!({"input": [x1, x2], "target": [y]}))
        .collect()
}

#[test]
fn a_healthy_network_names_no_neuron() {
    let m =
        model(json!({"layers": [2, 3, 1], "activation": "tanh", "seed": 3, "samples": samples()}));
    let h = health(&m);
    assert!(h.saturated.is_empty() && h.dead.is_empty(), "{h:?}");
    assert_eq!(h.samples, 4);
}

#[test]
fn huge_weights_saturate_a_tanh_and_a_negative_bias_kills_a_relu() {
    // Hidden neuron 2.1: z = 40·x₁ + 40·x₂ + 3 ≥ 3 on every sample, and
    // tanh'(3) ≈ 0.0099, under 5 % of tanh's steepest slope, 1.
    let m = model(json!({
        "layers": [2, 2, 1], "activations": ["tanh", "sigmoid"],
        "weights": [[[40, 40], [0.5, -0.5]], [[1, 1]]], "biases": [[3, 0], [0]],
        "samples": samples()
    }));
    assert_eq!(health(&m).saturated, vec!["2.1"]);
    // A ReLU with z = 0.1·x₁ − 5 < 0 on every sample is dead; its neighbour is not.
    let m = model(json!({
        "layers": [2, 2, 1], "activations": ["relu", "sigmoid"],
        "weights": [[[0.1, 0], [1, 1]], [[1, 1]]], "biases": [[-5, 0.5], [0]],
        "samples": samples()
    }));
    let h = health(&m);
    assert_eq!(h.dead, vec!["2.1"]);
    assert!(h.saturated.is_empty());
}

#[test]
fn a_saturated_sigmoid_output_is_named_too() {
    // z = 10 on every sample: σ'(10) ≈ 4.5e-5, far under 5 % of σ's steepest 0.25.
    let m = model(json!({
        "layers": [2, 1], "activation": "sigmoid",
        "weights": [[[0, 0]]], "biases": [[10]], "samples": samples()
    }));
    assert_eq!(health(&m).saturated, vec!["2.1"]);
}
