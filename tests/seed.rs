//! The seed's 2-2-2 sigmoid network worked by hand, with the classic
//! numbers: inputs (0.05, 0.10), targets (0.01, 0.99), squared error.

mod common;

use backprop_playground::format::preset::preset;
use backprop_playground::teach::distribution::distribution;
use backprop_playground::teach::explain::explain;
use backprop_playground::{Model, Trace};
use common::close;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[test]
fn forward_by_hand() {
    let t = Trace::new(&Model::new(preset("seed").unwrap()), false);
    let l = &t.samples[0].layers;
    // z²₁ = w²₁₁ a¹₁ + w²₁₂ a¹₂ + b²₁ = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775
    assert!(close(l[1].z.as_ref().unwrap()[0], 0.3775, 1e-15));
    // z²₂ = 0.25·0.05 + 0.3·0.1 + 0.35 = 0.3925
    assert!(close(l[1].z.as_ref().unwrap()[1], 0.3925, 1e-15));
    // a²₁ = σ(0.3775) = 0.593269992…, a²₂ = σ(0.3925) = 0.596884378…
    let (a21, a22) = (sigmoid(0.3775), sigmoid(0.3925));
    assert!(close(l[1].a[0], a21, 1e-15) && close(a21, 0.593269992, 1e-9));
    assert!(close(l[1].a[1], a22, 1e-15) && close(a22, 0.596884378, 1e-9));
    // z³₁ = 0.4·a²₁ + 0.45·a²₂ + 0.6 = 1.105905967…
    let z31 = 0.4 * a21 + 0.45 * a22 + 0.6;
    assert!(close(l[2].z.as_ref().unwrap()[0], z31, 1e-15) && close(z31, 1.105905967, 1e-9));
    // a³₁ = σ(z³₁) = 0.751365070, a³₂ = σ(0.5·a²₁ + 0.55·a²₂ + 0.6) = 0.772928465
    assert!(close(l[2].a[0], 0.751365070, 1e-9));
    assert!(close(l[2].a[1], 0.772928465, 1e-9));
    // L = ½(0.01 − 0.751365070)² + ½(0.99 − 0.772928465)² = 0.274811083 + 0.023560026
    assert!(close(t.loss, 0.298371109, 1e-9));
}

#[test]
fn backward_by_hand() {
    let t = Trace::new(&Model::new(preset("seed").unwrap()), true);
    let l = &t.samples[0].layers;
    let (a21, a22) = (l[1].a[0], l[1].a[1]);
    let (a31, a32) = (l[2].a[0], l[2].a[1]);
    // δ³₁ = (a³₁ − y₁) σ'(z³₁) = (0.751365070 − 0.01) · 0.186815602 = 0.138498562
    let d31 = (a31 - 0.01) * a31 * (1.0 - a31);
    let d32 = (a32 - 0.99) * a32 * (1.0 - a32);
    assert!(close(l[2].delta.as_ref().unwrap()[0], d31, 1e-14) && close(d31, 0.138498562, 1e-8));
    assert!(close(l[2].delta.as_ref().unwrap()[1], d32, 1e-14));
    // ∂L/∂w³₁₁ = δ³₁ a²₁ = 0.082167041 (the seed's first derivation, with w³ for its w²)
    let g = t.grad_weights.as_ref().unwrap();
    assert!(close(g[1][0][0], d31 * a21, 1e-14) && close(g[1][0][0], 0.082167041, 1e-8));
    // ∂L/∂w³₁₂ = δ³₁ a²₂ and ∂L/∂b³₁ = δ³₁
    assert!(close(g[1][0][1], d31 * a22, 1e-14));
    assert!(close(t.grad_biases.as_ref().unwrap()[1][0], d31, 1e-14));
    // δ²₁ = (w³₁₁ δ³₁ + w³₂₁ δ³₂) σ'(z²₁): both output errors reach h1.
    let d21 = (0.4 * d31 + 0.5 * d32) * a21 * (1.0 - a21);
    assert!(close(l[1].delta.as_ref().unwrap()[0], d21, 1e-14));
    // ∂L/∂w²₁₁ = δ²₁ a¹₁ = 0.000438568
    assert!(close(g[0][0][0], d21 * 0.05, 1e-14) && close(g[0][0][0], 0.000438568, 1e-6));
}

#[test]
fn one_step_by_hand() {
    let mut m = Model::new(preset("seed").unwrap());
    m.step().unwrap();
    let s = m.state();
    // w³₁₁ ← 0.4 − 0.5 · 0.082167041 = 0.35891648
    assert!(close(s.weights[1][0][0], 0.35891648, 1e-8));
    // w²₁₁ ← 0.15 − 0.5 · 0.000438568 = 0.149780716, from the old w³ (simultaneous update)
    assert!(close(s.weights[0][0][0], 0.149780716, 1e-8));
    assert_eq!((s.step, s.seen), (1, 1));
    // The biases moved too: b³₁ ← 0.6 − 0.5 · δ³₁
    assert!(close(s.biases[1][0], 0.6 - 0.5 * 0.138498562, 1e-8));

    // The classic worked example keeps its biases fixed, and reports the
    // loss falling from 0.298371109 to 0.291027924 after one step. That figure
    // was worked from rounded intermediates; unrounded it is 0.2910277737.
    let mut fixed = preset("seed").unwrap();
    fixed.train_biases = false;
    let mut m = Model::new(fixed);
    m.step().unwrap();
    assert_eq!(m.state().biases, vec![vec![0.35, 0.35], vec![0.6, 0.6]]);
    assert!(close(m.mean_loss(), 0.291027924, 1e-6));
    assert!(close(m.mean_loss(), 0.2910277737, 1e-9));
}

#[test]
fn the_seed_derivation_as_one_path_and_the_term_it_leaves_out() {
    let m = Model::new(preset("seed").unwrap());
    let e = explain(&m, "w2.1.1", 0).unwrap();
    // Through o1: ∂L/∂a³₁ · σ'(z³₁) · w³₁₁ · σ'(z²₁) · a¹₁ — the seed derives this one.
    let names: Vec<&str> = e.paths[0].factors.iter().map(|f| f.from.as_str()).collect();
    assert_eq!(names, ["a3.1", "z3.1", "w3.1.1", "z2.1", "a1.1"]);
    // Through o2: the same shape with w³₂₁; the true gradient needs both.
    let names: Vec<&str> = e.paths[1].factors.iter().map(|f| f.from.as_str()).collect();
    assert_eq!(names, ["a3.2", "z3.2", "w3.2.1", "z2.1", "a1.1"]);
    assert_eq!(e.paths_total, 2);
    assert!(close(e.paths[0].product, 0.000668396, 1e-5));
    assert!(close(e.paths[1].product, -0.000229828, 1e-5));
    assert!(close(e.sum, e.paths[0].product + e.paths[1].product, 1e-15));
    assert!(close(e.finite_difference, e.gradient, 1e-7));
    assert_eq!(e.text, "∂L/∂w²₁₁");
    assert_eq!(e.latex, r"\frac{\partial L}{\partial w^{2}_{11}}");
}

#[test]
fn the_seed_back_distribution_beside_the_true_delta() {
    let m = Model::new(preset("seed").unwrap());
    let d = distribution(&m, 0).unwrap();
    let (out, hidden) = (&d.layers[0], &d.layers[1]);
    assert_eq!((out.layer, hidden.layer), (3, 2));
    // e_o = a³ − y
    assert!(close(out.transpose[0], 0.741365070, 1e-8));
    // e_h = (W³)ᵀ e_o: e_h1 = w³₁₁ e_o1 + w³₂₁ e_o2
    let (eo1, eo2) = (out.transpose[0], out.transpose[1]);
    assert!(close(hidden.transpose[0], 0.4 * eo1 + 0.5 * eo2, 1e-15));
    assert!(close(hidden.transpose[1], 0.45 * eo1 + 0.55 * eo2, 1e-15));
    // Split by share of the weights into each output: o1 gives h1 0.4/(0.4+0.45) of e_o1.
    let shares = hidden.shares.as_ref().unwrap();
    assert!(close(shares[0][0], 0.4 / 0.85, 1e-15));
    let p1 = 0.4 / 0.85 * eo1 + 0.5 / 1.05 * eo2;
    assert!(close(hidden.proportional[0], p1, 1e-15));
    // The seed's own split: h1 takes w³₁₁/(w³₁₁+w³₂₁) of e_o1 and w³₂₁/(w³₁₁+w³₂₁) of e_o2,
    // its shares over its own outgoing weights:
    // 0.4/0.9 · 0.74136507 + 0.5/0.9 · (−0.21707154) = 0.20890;
    // 0.45/1.0 · 0.74136507 + 0.55/1.0 · (−0.21707154) = 0.21422
    assert!(close(
        hidden.seed[0],
        0.4 / 0.9 * eo1 + 0.5 / 0.9 * eo2,
        1e-15
    ));
    let five = |x: f64| (x * 1e5).round() / 1e5;
    assert_eq!(
        (five(hidden.seed[0]), five(hidden.seed[1])),
        (0.20890, 0.21422)
    );
    let seed_shares = hidden.seed_shares.as_ref().unwrap();
    assert!(close(seed_shares[1][0], 0.5 / 0.9, 1e-15));
    // Neither is δ: the true δ also carries σ'(z) at every layer.
    assert!(!close(hidden.transpose[0], hidden.delta[0], 1e-3));
}
