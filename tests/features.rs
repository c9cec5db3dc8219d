//! Input features: layer 1 takes functions of the two raw inputs (x₁², x₁x₂,
//! sin x₂, …) in their place. The samples keep x₁, x₂; every pass, gradient,
//! step, heatmap and trace sees the features' values.

mod common;

use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::read::parse;
use backprop_playground::format::state::Sample;
use backprop_playground::maths::features::{layer_one, Feature};
use backprop_playground::maths::network::Pass;
use backprop_playground::{Model, Trace};
use common::{bits, central_difference, traced_gradient};
use serde_json::json;

const FEATURES: &str = r#"["x1","x2","x1_squared","x1_x2","sin_x2"]"#;

fn model(batch: usize) -> Model {
    Model::from_json(&format!(
        r#"{{"layers":[5,3,1],"features":{FEATURES},"activations":["tanh","sigmoid"],
            "learning_rate":0.3,"batch_size":{batch},"seed":11,
            "samples":[{{"input":[0.5,-1],"target":[1]}},{{"input":[-0.3,0.8],"target":[0]}},
                       {{"input":[0.9,0.1],"target":[0.2]}},{{"input":[-1.2,-0.4],"target":[0.9]}},
                       {{"input":[0.2,1.5],"target":[0.1]}},{{"input":[1.1,-0.7],"target":[0.6]}},
                       {{"input":[-0.6,0.3],"target":[0.4]}}]}}"#
    ))
    .unwrap()
}

fn features(m: &Model) -> Vec<Feature> {
    m.settings().features.clone().unwrap()
}

#[test]
fn layer_one_shows_the_features_and_the_samples_keep_their_raw_inputs() {
    let m = model(7);
    let t = Trace::new(&m, true);
    for (trace, sample) in t.samples.iter().zip(&m.settings().samples) {
        let [x1, x2] = sample.input[..] else {
            panic!("two raw inputs")
        };
        assert_eq!(trace.input, vec![x1, x2]);
        let want = [x1, x2, x1 * x1, x1 * x2, libm::sin(x2)];
        assert_eq!(trace.layers[0].a, want);
    }
}

#[test]
fn the_gradients_are_the_finite_differences_through_the_features() {
    let m = model(7);
    let t = Trace::new(&m, true);
    for p in m.net().params() {
        let numeric = central_difference(&m, p, |probe| Trace::new(probe, false).loss);
        let analytic = traced_gradient(&t, p);
        assert!(
            (numeric - analytic).abs() < 1e-7,
            "{}: {analytic} against {numeric}",
            p.name()
        );
    }
}

#[test]
fn steps_are_the_plain_network_on_the_feature_values_bit_for_bit() {
    // batches of 3 over 7 samples, in order, straddling the epochs' ends
    let mut m = model(3);
    let fs = features(&m);
    let s = m.settings().clone();
    let mut net = m.net().clone();
    let mut pass = Pass::new(&s.layers);
    for step in 0..12 {
        let batch: Vec<&Sample> = (0..3).map(|i| &s.samples[(step * 3 + i) % 7]).collect();
        let (mut gw, mut gb) = net.zero_grads();
        for sample in &batch {
            net.forward(&layer_one(Some(&fs), &sample.input), &mut pass, None);
            net.backward(&sample.target, s.loss, &mut pass);
            net.accumulate(&pass, &mut gw, &mut gb);
        }
        let rate = s.learning_rate / batch.len() as f64;
        for ((layer, gw), gb) in net.layers.iter_mut().zip(&gw).zip(&gb) {
            layer.w.iter_mut().zip(gw).for_each(|(w, g)| *w -= rate * g);
            layer.b.iter_mut().zip(gb).for_each(|(b, g)| *b -= rate * g);
        }
        m.step().unwrap();
        assert_eq!(bits(m.net()), bits(&net), "step {step}");
    }
    // and a run of many steps is those same steps
    let mut twin = model(3);
    twin.train(12).unwrap();
    assert_eq!(bits(twin.net()), bits(m.net()));
}

#[test]
fn the_heatmap_and_the_neuron_maps_feed_the_features_too() {
    let mut m = model(7);
    m.train(40).unwrap();
    let n = 5;
    let (x0, x1, y0, y1) = (-2.0, 2.0, -1.5, 1.5);
    let mut heat = vec![0.0; n * n];
    m.heatmap(n, x0, x1, y0, y1, &mut heat).unwrap();
    let maps = m.neuron_maps(n, x0, x1, y0, y1).unwrap();
    // 5 features, 3 hidden, 1 output: n² values each
    assert_eq!(maps.len(), 9 * n * n);
    for r in 0..n {
        for c in 0..n {
            let x = x0 + (x1 - x0) * c as f64 / (n - 1) as f64;
            let y = y1 - (y1 - y0) * r as f64 / (n - 1) as f64;
            let pass = m.pass(
                &Sample {
                    input: vec![x, y],
                    target: vec![0.0],
                },
                false,
            );
            let cell = r * n + c;
            assert!(
                (heat[cell] - pass.a[2][0]).abs() < 1e-12,
                "cell {cell}: {} against {}",
                heat[cell],
                pass.a[2][0]
            );
            assert_eq!(pass.a[0], vec![x, y, x * x, x * y, libm::sin(y)]);
            for (neuron, a) in pass.a.iter().flatten().enumerate() {
                assert_eq!(maps[neuron * n * n + cell], *a, "neuron {neuron}");
            }
        }
    }
}

#[test]
fn files_and_links_carry_the_features() {
    let m = model(3);
    let s = m.state();
    let text = s.to_json();
    assert!(text.contains(r#""features":["x1","x2","x1_squared","x1_x2","sin_x2"]"#));
    assert_eq!(parse(&text).unwrap(), s);
    let link = encode(&s);
    assert!(link.starts_with("2."), "{link}");
    assert_eq!(decode(&link).unwrap(), s);
    // without features nothing is written and the link stays version 1
    let plain = Model::from_json(r#"{"layers":[2,2,1]}"#).unwrap().state();
    assert!(!plain.to_json().contains("features"));
    assert!(encode(&plain).starts_with("1."));
}

#[test]
fn bad_features_are_refused_by_name() {
    let refuse = |text: &str| parse(text).unwrap_err().to_string();
    assert_eq!(
        refuse(r#"{"layers":[2,1],"features":["x1","x3"]}"#),
        "features[1]: expected one of x1, x2, x1_squared, x2_squared, x1_x2, sin_x1, sin_x2, got 'x3'"
    );
    assert_eq!(
        refuse(r#"{"layers":[3,1],"features":["x1","x2"]}"#),
        "features: expected 3 names, got 2"
    );
    assert_eq!(
        refuse(r#"{"layers":[2,1],"features":["x1","x1"]}"#),
        "features[1]: x1 is already one of the features"
    );
    // samples hold the two raw inputs, not the features
    assert_eq!(
        refuse(
            r#"{"layers":[3,1],"features":["x1","x2","x1_x2"],
                "samples":[{"input":[1,2,2],"target":[0]}]}"#
        ),
        "samples[0].input: expected 2 numbers, got 3"
    );
}

#[test]
fn switching_features_reshapes_layer_one_and_keeps_the_rest() {
    let mut m = Model::from_json(
        r#"{"layers":[2,3,1],"seed":4,"step":9,
            "samples":[{"input":[0.5,-1],"target":[1]},{"input":[-0.3,0.8],"target":[0]}]}"#,
    )
    .unwrap();
    let before = m.state();
    m.set_features(&json!(["x1_squared", "x2_squared", "x1_x2"]))
        .unwrap();
    let s = m.state();
    assert_eq!(s.layers, vec![3, 3, 1]);
    assert_eq!(s.weights[0].len(), 3);
    assert!(s.weights[0].iter().all(|row| row.len() == 3));
    assert_eq!(s.weights[1], before.weights[1]);
    assert_eq!(s.biases, before.biases);
    assert_eq!(s.samples, before.samples);
    assert_eq!(s.step, 9);
    let t = Trace::new(&m, false);
    assert_eq!(t.samples[0].layers[0].a, vec![0.25, 1.0, -0.5]);
    // a bad list changes nothing
    for bad in [
        json!([]),
        json!(["x1", "x1"]),
        json!(["cos_x1"]),
        json!("x1"),
    ] {
        assert!(m.set_features(&bad).is_err(), "{bad}");
        assert_eq!(m.state(), s);
    }
    assert_eq!(
        m.set_features(&json!([])).unwrap_err().to_string(),
        "features: expected 1 to 7, got 0"
    );
    // null: back to the raw inputs
    m.set_features(&json!(null)).unwrap();
    assert_eq!(m.state().layers, vec![2, 3, 1]);
    assert_eq!(m.state().features, None);
    // a network whose samples have three inputs has no x₁, x₂ to take features of
    let mut three = Model::from_json(r#"{"layers":[3,1]}"#).unwrap();
    assert_eq!(
        three.set_features(&json!(["x1"])).unwrap_err().code(),
        "inputs_needed"
    );
}
