//! The state format: bit-exact round trips, and a message naming the field
//! for every way a state can be wrong. Arbitrary and mutated input never panics.

use backprop_playground::format::preset::{preset, seed};
use backprop_playground::format::read::parse;
use backprop_playground::Model;
use proptest::prelude::*;
use serde_json::json;

fn err(json: &str) -> String {
    parse(json).unwrap_err().to_string()
}

#[test]
fn round_trips_are_bit_exact() {
    let mut m = Model::new(preset("xor").unwrap());
    m.train(123).unwrap();
    let once = m.state().to_json();
    let twice = Model::from_json(&once).unwrap().state();
    assert_eq!(twice.to_json(), once);
    // Awkward doubles survive: the shortest text that reads back to the same bits.
    let s = parse(r#"{"layers":[1,1],"weights":[[[0.30000000000000004]]],"biases":[[5e-324]],
                      "samples":[{"input":[999999.9999999999],"target":[-2.2250738585072014e-308]}]}"#)
        .unwrap();
    let back = parse(&s.to_json()).unwrap();
    assert_eq!(
        back.weights[0][0][0].to_bits(),
        0.30000000000000004f64.to_bits()
    );
    assert_eq!(back.biases[0][0].to_bits(), 5e-324f64.to_bits());
    assert_eq!(back.samples[0].input[0], 999999.9999999999);
    assert_eq!(back, s);
    let file = include_str!("../examples/seed.json");
    assert_eq!(parse(file).unwrap(), preset("seed").unwrap());
}

#[test]
fn the_state_without_samples_is_the_state_less_its_samples() {
    let mut m = Model::new(preset("xor").unwrap());
    m.train(37).unwrap(); // the kernel holds the newer weights until asked
    let mut whole = m.state();
    let light = m.state_without_samples();
    assert!(light.samples.is_empty());
    whole.samples.clear();
    assert_eq!(light.to_json(), whole.to_json());
    assert_eq!(m.state().samples.len(), 4, "the model keeps its samples");
}

#[test]
fn a_copy_trained_elsewhere_comes_back_without_its_samples() {
    let start = preset("xor").unwrap();
    let mut here = Model::new(start.clone());
    let mut there = Model::new(start);
    there.train(29).unwrap();
    let light: serde_json::Value =
        serde_json::from_str(&there.state_without_samples().to_json()).unwrap();
    here.set_state_without_samples(&light).unwrap();
    assert_eq!(
        here.state().to_json(),
        there.state().to_json(),
        "the same network, samples kept"
    );
    // Both go on to the same bits: nothing the steps depend on was left behind.
    here.train(13).unwrap();
    there.train(13).unwrap();
    assert_eq!(here.state().to_json(), there.state().to_json());
    // A refused state changes nothing.
    let before = here.state().to_json();
    let bad = json!({ "layers": [2, 2, 1], "learning_rate": -1 });
    assert!(here.set_state_without_samples(&bad).is_err());
    assert_eq!(here.state().to_json(), before);
    // Refused only once the samples are checked against it (cross-entropy
    // wants targets from 0 to 1): the samples, moved in to be checked, come back.
    let mut wide = preset("xor").unwrap();
    wide.samples[2].target[0] = 2.0;
    let mut model = Model::new(wide);
    let before = model.state().to_json();
    let late =
        json!({ "layers": [2, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "cross_entropy" });
    let err = model.set_state_without_samples(&late).unwrap_err();
    assert_eq!(err.field, "samples[2].target[0]");
    assert_eq!(
        model.state().to_json(),
        before,
        "the samples are all still there"
    );
}

#[test]
fn one_activation_for_all_layers() {
    let s = parse(r#"{"layers":[2,3,3,1],"activation":"tanh"}"#).unwrap();
    assert_eq!(s.activations.len(), 3);
    assert!(s.activations.iter().all(|a| a.name() == "tanh"));
}

#[test]
fn every_error_names_its_field() {
    let cases = [
        ("[1,2]", "state: expected a JSON object, got an array"),
        ("{}", "layers: missing; give the neurons per layer, e.g. [2, 2, 2]"),
        (r#"{"layers":[2]}"#, "layers: expected 2 to 8 layers counting the input layer, got 1"),
        (r#"{"layers":[2,2,2,2,2,2,2,2,2]}"#, "layers: expected 2 to 8 layers counting the input layer, got 9"),
        (r#"{"layers":[2,17]}"#, "layers[1]: expected a whole number from 1 to 16, got 17"),
        (r#"{"layers":[2,0]}"#, "layers[1]: expected a whole number from 1 to 16, got 0"),
        (r#"{"layers":[2,1.5]}"#, "layers[1]: expected a whole number from 1 to 16, got 1.5"),
        (r#"{"layers":"2-2-2"}"#, "layers: expected an array, got a string"),
        (r#"{"layers":[2,2],"lerning_rate":1}"#, "lerning_rate: unknown field (known fields: layers, features, activations, activation, loss, learning_rate, train_biases, weights, biases, samples, batch_size, shuffle, dropout, regularization, regularization_rate, seed, step, seen, version)"),
        (r#"{"layers":[2,2],"activations":["sigmoid","relu"]}"#, "activations: expected 1 name, got 2"),
        (r#"{"layers":[2,2],"activations":["softmax"]}"#, "activations[0]: expected one of sigmoid, tanh, relu, leaky_relu, linear, got 'softmax'"),
        (r#"{"layers":[2,2],"activation":"relu","activations":["relu"]}"#, "activation: give either activation or activations, not both"),
        (r#"{"layers":[2,2],"loss":"mse"}"#, "loss: expected one of squared_error, cross_entropy, got 'mse'"),
        (r#"{"layers":[2,2],"activation":"tanh","loss":"cross_entropy"}"#, "loss: cross_entropy needs a sigmoid output layer, but activations[0] is tanh"),
        (r#"{"layers":[2,2],"learning_rate":"fast"}"#, "learning_rate: expected a number, got a string"),
        (r#"{"layers":[2,2],"learning_rate":0}"#, "learning_rate: expected a number above 0 and at most 100, got 0"),
        (r#"{"layers":[2,2],"train_biases":1}"#, "train_biases: expected true or false, got a number"),
        (r#"{"layers":[2,2],"weights":[[[1,2],[3,4]],[[1]]]}"#, "weights: expected 1 weight matrix, got 2"),
        (r#"{"layers":[2,2,2],"weights":[[[1,2],[3,4]],[[1,2],[3,4,5]]]}"#, "weights[1][1]: expected 2 numbers, got 3"),
        (r#"{"layers":[2,2],"weights":[[[1,2]]]}"#, "weights[0]: expected 2 rows, got 1"),
        (r#"{"layers":[2,2],"weights":[[[1,"x"],[3,4]]]}"#, "weights[0][0][1]: expected a number, got a string"),
        (r#"{"layers":[2,2],"biases":[[1]]}"#, "biases[0]: expected 2 numbers, got 1"),
        (r#"{"layers":[2,2],"samples":[]}"#, "samples: expected 1 to 10000 samples, got 0"),
        (r#"{"layers":[2,2],"samples":[3]}"#, "samples[0]: expected an object with input and target, got a number"),
        (r#"{"layers":[2,2],"samples":[{"input":[1,2]}]}"#, "samples[0].target: missing"),
        (r#"{"layers":[2,2],"samples":[{"input":[1],"target":[1,2]}]}"#, "samples[0].input: expected 2 numbers, got 1"),
        (r#"{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,2],"weight":1}]}"#, "samples[0].weight: unknown field (a sample has input and target)"),
        (r#"{"layers":[2,1],"loss":"cross_entropy","samples":[{"input":[1,2],"target":[2]}]}"#, "samples[0].target[0]: cross_entropy needs targets from 0 to 1, got 2"),
        // a well-formed sample before the faulty one: the message still counts to it
        (r#"{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,2]},{"target":[1,2],"input":[1,null]}]}"#, "samples[1].input[1]: expected a number, got null"),
        (r#"{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,2]},{"input":[1,2],"target":[1,2],"w":1}]}"#, "samples[1].w: unknown field (a sample has input and target)"),
        (r#"{"layers":[2,1],"loss":"cross_entropy","samples":[{"input":[1,2],"target":[1]},{"input":[1,2],"target":[-0.5]}]}"#, "samples[1].target[0]: cross_entropy needs targets from 0 to 1, got -0.5"),
        (r#"{"layers":[2,2],"batch_size":2}"#, "batch_size: expected a whole number from 1 to 1, got 2"),
        (r#"{"layers":[2,2],"shuffle":"yes"}"#, "shuffle: expected true or false, got a string"),
        (r#"{"layers":[2,2],"dropout":0.95}"#, "dropout: expected a probability from 0 to 0.9, got 0.95"),
        (r#"{"layers":[2,2],"seed":-1}"#, "seed: expected a whole number from 0 to 9007199254740991, got -1"),
        (r#"{"layers":[2,2],"step":1e20}"#, "step: expected a whole number from 0 to 9007199254740991, got 1e20"),
        (r#"{"layers":[2,2],"version":3}"#, "version: expected a whole number from 1 to 2, got 3"),
    ];
    for (json, message) in cases {
        assert_eq!(err(json), message, "for {json}");
    }
    assert!(err("{\"layers\": [2, 2],").starts_with("state: not valid JSON: EOF while parsing"));
    assert!(err(r#"{"layers":[2,2],"learning_rate":NaN}"#).starts_with("state: not valid JSON"));
    // Beyond the largest double is valid JSON but no f64.
    assert!(err(r#"{"layers":[2,2],"learning_rate":1e999}"#)
        .starts_with("state: not valid JSON: number out of range"));
    // Finite but huge: a pass through such a network overflows, so no state holds one.
    assert_eq!(
        err(r#"{"layers":[1,1],"weights":[[[1e300]]]}"#),
        "weights[0][0][0]: expected a number from -1e6 to 1e6, got 1e300"
    );
    assert_eq!(
        err(r#"{"layers":[1,1],"biases":[[-1000000.5]]}"#),
        "biases[0][0]: expected a number from -1e6 to 1e6, got -1000000.5"
    );
    assert_eq!(
        err(r#"{"layers":[1,1],"samples":[{"input":[2e6],"target":[0]}]}"#),
        "samples[0].input[0]: expected a number from -1e6 to 1e6, got 2e6"
    );
    assert_eq!(
        err(r#"{"layers":[1,1],"samples":[{"input":[0],"target":[1.7976931348623157e308]}]}"#),
        "samples[0].target[0]: expected a number from -1e6 to 1e6, got 1.7976931348623157e308"
    );
    assert!(parse(
        r#"{"layers":[1,1],"weights":[[[-1e6]]],"samples":[{"input":[1e6],"target":[0]}]}"#
    )
    .is_ok());
    // A name, or a field's name, is echoed cut to 40 characters.
    let long = "x".repeat(100_000);
    let cut = format!("{}…", &long[..40]);
    assert_eq!(
        err(&format!(r#"{{"layers":[2,2],"activation":"{long}"}}"#)),
        format!("activation: expected one of sigmoid, tanh, relu, leaky_relu, linear, got '{cut}'")
    );
    assert!(err(&format!(r#"{{"layers":[2,2],"{long}":1}}"#))
        .starts_with(&format!("{cut}: unknown field (known fields: layers,")));
    assert_eq!(
        err(&format!(
            r#"{{"layers":[1,1],"samples":[{{"input":[1],"target":[1],"{long}":1}}]}}"#
        )),
        format!("samples[0].{cut}: unknown field (a sample has input and target)")
    );
    let many = format!(
        r#"{{"layers":[1,1],"samples":[{}]}}"#,
        vec![r#"{"input":[0],"target":[0]}"#; 10_001].join(",")
    );
    assert_eq!(
        err(&many),
        "samples: expected 1 to 10000 samples, got 10001"
    );
}

#[test]
fn setters_refuse_bad_values_and_change_nothing() {
    let mut m = Model::new(preset("seed").unwrap());
    let before = m.state();
    let msg = |r: backprop_playground::Result<()>| r.unwrap_err().to_string();
    assert_eq!(
        msg(m.set_param("w4.1.1", 1.0)),
        "param: no parameter named 'w4.1.1' in this network (try w2.1.1 or b2.1)"
    );
    assert_eq!(
        msg(m.set_param("w2.1.1", f64::INFINITY)),
        "w2.1.1: expected a finite number, got inf"
    );
    assert_eq!(
        msg(m.set_input(1, 0, 0.0)),
        "samples[1].input[0]: no such sample (there are 1)"
    );
    assert_eq!(
        msg(m.set_target(0, 2, 0.0)),
        "samples[0].target[2]: no such target (there are 2)"
    );
    assert_eq!(
        msg(m.set_input(0, 0, f64::NAN)),
        "samples[0].input[0]: expected a finite number, got NaN"
    );
    assert_eq!(
        msg(m.set_param("b3.2", 1e300)),
        "b3.2: expected a number from -1e6 to 1e6, got 1e300"
    );
    assert_eq!(
        msg(m.set_input(0, 1, -2e6)),
        "samples[0].input[1]: expected a number from -1e6 to 1e6, got -2e6"
    );
    assert_eq!(
        msg(m.set_target(0, 0, 1e7)),
        "samples[0].target[0]: expected a number from -1e6 to 1e6, got 1e7"
    );
    assert_eq!(m.state(), before);
    m.set_target(0, 1, 0.5).unwrap();
    assert_eq!(m.state().samples[0].target[1], 0.5);
}

/// Small edits of a valid state: drop a field, retype it, cut the text.
fn mutated() -> impl Strategy<Value = String> {
    let fields = [
        "layers",
        "activations",
        "loss",
        "learning_rate",
        "weights",
        "biases",
        "samples",
        "batch_size",
        "dropout",
        "seed",
    ];
    let values = prop_oneof![
        Just(serde_json::json!(null)),
        Just(serde_json::json!("x")),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(1e300)),
        Just(serde_json::json!([])),
        Just(serde_json::json!([[[]]])),
        Just(serde_json::json!({"input": [1]})),
        Just(serde_json::json!([16, 16, 16, 16, 16, 16, 16, 16])),
        any::<f64>().prop_map(|x| serde_json::json!(x)),
    ];
    (prop::sample::select(fields.to_vec()), values, 0usize..2000).prop_map(|(field, value, cut)| {
        let mut v = serde_json::to_value(seed()).unwrap();
        v[field] = value;
        let text = v.to_string();
        if cut % 3 == 0 {
            text[..cut.min(text.len())].to_string()
        } else {
            text
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
    }

    #[test]
    fn mutated_states_load_or_say_which_field(text in mutated()) {
        match Model::from_json(&text) {
            Ok(mut m) => {
                // Whatever loads can be traced, explained and stepped.
                m.train(3).unwrap();
                let _ = backprop_playground::Trace::new(&m, true).to_json();
                let p = m.net().params()[0].name();
                backprop_playground::teach::explain::explain(&m, &p, 0).unwrap();
            }
            Err(e) => prop_assert!(e.to_string().contains(": "), "{}", e),
        }
    }
}

#[test]
fn one_setting_at_a_time() {
    let mut m = Model::new(preset("xor").unwrap());
    m.train(5).unwrap();
    let before = m.state();
    m.set_setting("learning_rate", &json!(0.25)).unwrap();
    let after = m.state();
    assert_eq!(after.learning_rate, 0.25);
    assert_eq!(
        (after.weights, after.step),
        (before.weights.clone(), before.step)
    );
    let msg = |r: backprop_playground::Result<()>| r.unwrap_err().to_string();
    assert_eq!(
        msg(m.set_setting("dropout", &json!(2))),
        "dropout: expected a probability from 0 to 0.9, got 2"
    );
    assert_eq!(
        msg(m.set_setting("activations", &json!(["tanh", "tanh"]))),
        "loss: cross_entropy needs a sigmoid output layer, but activations[1] is tanh"
    );
    assert_eq!(
        msg(m.set_setting("seed", &json!("x"))),
        "seed: expected a number, got a string"
    );
    assert_eq!(msg(m.set_setting("layers", &json!([2, 2]))), "setting: expected one of activations, loss, learning_rate, train_biases, batch_size, shuffle, dropout, regularization, regularization_rate, seed, samples, got 'layers'");
    let long = "y".repeat(1000);
    assert!(msg(m.set_setting(&long, &json!(1))).ends_with(&format!("got '{}…'", &long[..40])));
    assert_eq!(m.state().learning_rate, 0.25);
    m.set_setting("samples", &json!([{ "input": [1, 1], "target": [0] }]))
        .unwrap();
    assert_eq!((m.state().batch_size, m.state().seen), (1, 0));
}

#[test]
fn a_trace_of_one_sample_keeps_the_mean_loss() {
    let mut m = Model::new(preset("xor").unwrap());
    m.train(17).unwrap(); // the kernel holds the newer weights: the mean comes from it, to the bit
    let all = backprop_playground::Trace::new(&m, true);
    let one = backprop_playground::Trace::of_sample(&mut m, 2, true).unwrap();
    assert_eq!(one.samples.len(), 1);
    assert_eq!(one.sample, Some(2));
    assert_eq!(
        one.samples[0].layers[1].delta,
        all.samples[2].layers[1].delta
    );
    assert_eq!(one.loss, all.loss);
    assert_eq!(one.grad_weights, all.grad_weights);
    assert!(backprop_playground::Trace::of_sample(&mut m, 4, true).is_err());
}
