//! Regularization: J = L + λ·P(w) with P = Σ|w| (L1) or ½Σw² (L2), biases
//! left out. The trace's `loss` stays the data loss, `penalty` is λ·P, and
//! `grad_weights` are ∂J/∂w; a step moves every weight by η·∂J/∂w.

mod common;

use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::read::parse;
use backprop_playground::maths::network::Pass;
use backprop_playground::maths::penalty::Regularization;
use backprop_playground::{Model, Trace};
use common::{bits, central_difference, traced_gradient};

fn model(kind: &str, rate: f64) -> Model {
    Model::from_json(&format!(
        r#"{{"layers":[2,3,2],"activations":["tanh","sigmoid"],"learning_rate":0.4,
            "regularization":"{kind}","regularization_rate":{rate},"seed":3,
            "samples":[{{"input":[0.5,-1],"target":[1,0]}},{{"input":[-0.3,0.8],"target":[0,1]}},
                       {{"input":[0.9,0.1],"target":[0.2,0.7]}}]}}"#
    ))
    .unwrap()
}

/// J = mean data loss + λ·P(w), for the finite differences.
fn objective(m: &Model) -> f64 {
    let t = Trace::new(m, false);
    t.loss + t.penalty
}

#[test]
fn the_gradients_of_the_objective_are_its_finite_differences() {
    for (kind, rate) in [("l1", 0.3), ("l2", 0.7), ("none", 0.5)] {
        let m = model(kind, rate);
        let t = Trace::new(&m, true);
        let reg = Regularization::from_name(kind).unwrap();
        // penalty = λ·P over every weight, biases excluded
        let weights: Vec<f64> = m.net().layers.iter().flat_map(|l| l.w.clone()).collect();
        assert!((t.penalty - rate * reg.penalty(&weights)).abs() < 1e-15);
        for p in m.net().params() {
            // ∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h
            let numeric = central_difference(&m, p, objective);
            let analytic = traced_gradient(&t, p);
            assert!(
                (numeric - analytic).abs() < 1e-6,
                "{kind} {}: {analytic} against {numeric}",
                p.name()
            );
        }
    }
}

#[test]
fn a_step_is_the_plain_step_on_the_objective_bit_for_bit() {
    for kind in ["l1", "l2"] {
        let mut m = model(kind, 0.05);
        let reg = Regularization::from_name(kind).unwrap();
        for step in 0..20 {
            // w ← w − (η/B·Σ∂L/∂w + ηλ·∂P/∂w); b ← b − η/B·Σ∂L/∂b (a full batch)
            let s = m.settings().clone();
            let mut net = m.net().clone();
            let (mut gw, mut gb) = net.zero_grads();
            let mut pass = Pass::new(&s.layers);
            for sample in &s.samples {
                net.forward(&sample.input, &mut pass, None);
                net.backward(&sample.target, s.loss, &mut pass);
                net.accumulate(&pass, &mut gw, &mut gb);
            }
            let rate = s.learning_rate / s.samples.len() as f64;
            let decay = s.learning_rate * s.regularization_rate;
            for ((layer, gw), gb) in net.layers.iter_mut().zip(&gw).zip(&gb) {
                for (w, g) in layer.w.iter_mut().zip(gw) {
                    *w -= rate * g + decay * reg.dp(*w);
                }
                layer.b.iter_mut().zip(gb).for_each(|(b, g)| *b -= rate * g);
            }
            m.step().unwrap();
            assert_eq!(bits(m.net()), bits(&net), "{kind}, step {step}");
        }
    }
}

#[test]
fn l1_pulls_weights_toward_zero_and_l2_shrinks_them() {
    let size = |m: &Model| -> f64 {
        m.net()
            .layers
            .iter()
            .flat_map(|l| &l.w)
            .map(|w| w.abs())
            .sum()
    };
    let mut plain = model("none", 0.0);
    let mut l2 = model("l2", 0.5);
    let mut l1 = model("l1", 0.05);
    for m in [&mut plain, &mut l2, &mut l1] {
        m.train(300).unwrap();
    }
    assert!(
        size(&l2) < size(&plain),
        "{} against {}",
        size(&l2),
        size(&plain)
    );
    assert!(
        size(&l1) < size(&plain),
        "{} against {}",
        size(&l1),
        size(&plain)
    );
}

#[test]
fn links_and_files_carry_it() {
    let m = model("l2", 0.25);
    let s = m.state();
    let link = encode(&s);
    assert!(link.starts_with("2."), "{link}");
    assert_eq!(decode(&link).unwrap(), s);
    assert_eq!(parse(&s.to_json()).unwrap(), s);
    // without regularization the link is the version-1 link it always was
    assert!(encode(&model("none", 0.0).state()).starts_with("1."));
    let e = parse(r#"{"layers":[2,1],"regularization":"l3"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "regularization: expected one of none, l1, l2, got 'l3'"
    );
    let e = parse(r#"{"layers":[2,1],"regularization_rate":-1}"#).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}

#[test]
fn the_chain_rule_adds_the_penalty_term_to_the_gradient() {
    use backprop_playground::teach::explain::{explain, Format};
    let m = model("l2", 0.5);
    let t = Trace::new(&m, true);
    let e = explain(&m, "w2.1.1", 0).unwrap();
    // λ·∂(½w²)/∂w = λw
    let w = m.net().layers[0].w[0];
    assert_eq!(e.penalty_gradient, 0.5 * w);
    assert_eq!(e.objective_gradient, e.gradient + e.penalty_gradient);
    let traced = t.grad_weights.as_ref().unwrap()[0][0][0];
    assert!((e.objective_gradient - traced).abs() < 1e-15);
    assert!(e.render(Format::Text, 4).contains("λ·∂P/∂θ"));
    assert_eq!(explain(&m, "b2.1", 0).unwrap().penalty_gradient, 0.0);
}

#[test]
fn the_update_phase_shows_the_penalty_term_and_the_step_it_takes() {
    use backprop_playground::teach::lesson::phases;
    for (kind, reg) in [("l1", Regularization::L1), ("l2", Regularization::L2)] {
        let m = model(kind, 0.3);
        let update = phases(&m, 0, 4)
            .unwrap()
            .into_iter()
            .find(|p| p.kind == "update")
            .unwrap();
        let mut next = Model::new(m.state());
        next.step().unwrap();
        for f in &update.formulas {
            let u = f.update.as_ref().unwrap();
            let p = m
                .net()
                .params()
                .into_iter()
                .find(|p| p.name() == f.name)
                .unwrap();
            if p.k.is_none() {
                assert_eq!(
                    u.penalty, 0.0,
                    "{kind} {}: a bias carries no penalty",
                    f.name
                );
                continue;
            }
            // λ·∂P/∂w at the old w: L1 λ·sign(w), L2 λ·w
            assert_eq!(u.penalty, 0.3 * reg.dp(u.old), "{kind} {}", f.name);
            assert!(f.text.contains("λ·∂P/∂"), "{}", f.text);
            // the new w is the step's own, and it is w − η·(∂L/∂w + λ·∂P/∂w) (to rounding)
            let taken = next.net().get(p);
            assert_eq!(f.value.to_bits(), taken.to_bits(), "{kind} {}", f.name);
            let want = u.old - u.rate * (u.gradient + u.penalty);
            assert!(
                (taken - want).abs() <= 1e-15 * taken.abs().max(1.0),
                "{kind} {}: {taken} against {want}",
                f.name
            );
        }
    }
}
