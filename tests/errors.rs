//! Every error code the core defines can actually be produced, by input a
//! person could give; the page translates each one (its browser tests check
//! that the Chinese table covers `vocabulary().errors`).

use std::collections::BTreeSet;

use backprop_playground::data;
use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::preset::preset;
use backprop_playground::format::read::parse;
use backprop_playground::teach::explain::Format;
use backprop_playground::teach::lesson::loss_slice;
use backprop_playground::teach::names::{Names, Notation};
use backprop_playground::{Error, Model};
use serde_json::json;

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn every_code_can_be_produced() {
    let state = |text: &str| code(parse(text));
    let mut seed = Model::new(preset("seed").unwrap());
    let mut wild = Model::from_json(
        r#"{"layers":[2,2],"activation":"linear","learning_rate":100,
            "weights":[[[1e5,1e5],[1e5,1e5]]],"samples":[{"input":[10,10],"target":[0,0]}]}"#,
    )
    .unwrap();
    let mut one_input = Model::from_json(r#"{"layers":[1,1]}"#).unwrap();
    let link = encode(&preset("seed").unwrap());
    let (version, body) = link.split_once('.').unwrap();
    let mut grown = body.to_string();
    grown.push_str("AAAA");

    let produced = [
        state("{"),
        state(r#"{"layers":[2,"x",1]}"#),
        code(data::parse_csv("1,x,1")),
        code(data::parse_csv("1,inf,1")),
        state(r#"{"layers":[2,2],"weights":[[[2e6,0],[0,0]]]}"#),
        state(r#"{"layers":[2,2.5]}"#),
        code(seed.sample(9)),
        state(r#"{"layers":[2,2],"biases":[[1]]}"#),
        state(r#"{"layers":[2,2],"loss":"mse"}"#),
        state(r#"{"layers":[2,2],"colour":1}"#),
        state(r#"{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,2],"w":1}]}"#),
        state(r#"{"layers":[2,2],"samples":[{"input":[1,2]}]}"#),
        state("{}"),
        state(r#"{"layers":[2]}"#),
        state(r#"{"layers":[2,2],"activation":"tanh","activations":["tanh"]}"#),
        state(r#"{"layers":[2,2],"activation":"tanh","loss":"cross_entropy"}"#),
        state(
            r#"{"layers":[2,1],"loss":"cross_entropy","samples":[{"input":[1,2],"target":[2]}]}"#,
        ),
        state(r#"{"layers":[2,2],"learning_rate":0}"#),
        state(r#"{"layers":[2,2],"samples":[]}"#),
        state(r#"{"layers":[2,2],"dropout":1}"#),
        code(data::split(vec![1, 2], 1.0, 1)),
        code(loss_slice(&seed, 10, 0.0)),
        code(preset("nand")),
        code(data::generate("moons", 10, 0.0, 1)),
        code(seed.set_param("w9.1.1", 1.0)),
        code(Names::new(&[2, 2, 2], Notation::Compact).of("z9.1")),
        code(seed.set_input(5, 0, 1.0)),
        code(seed.set_input(0, 5, 1.0)),
        code(seed.evaluate_loss(&data::sine(1, 0.0, 1))),
        code(one_input.heatmap(2, 0.0, 1.0, 0.0, 1.0, &mut [0.0; 4])),
        code(wild.train(5)),
        code(data::parse_csv(&"1,2,1\n".repeat(10_001))),
        code(data::parse_csv("x1,x2,label\n")),
        code(parse(&" ".repeat(16_000_001))),
        code(decode(&format!("{version}.{body}!"))),
        code(decode(&format!("{version}.{}", &body[..10]))),
        code(decode(&format!("{version}.//8"))),
        code(decode("AgIC")),
        code(decode(&format!("7.{body}"))),
        code(decode("1.AwICAgkAAA")),
        code(decode("1.AwIRAQ")),
        code(decode(&format!("{version}.{grown}"))),
        code(decode("1.Dw")),
        code(decode("1.______________8")),
        code(decode("1.AwIAAgAAAAAAAAAAAOA_AAAAAAAAAAABAQAA")),
        code(Format::from_name("pdf")),
        state(r#"{"layers":[2,1],"features":["x2","x2"]}"#),
        code(seed.set_setting("learning_rate", &json!("fast"))),
    ];
    let produced: BTreeSet<&str> = produced.into_iter().collect();
    let defined: BTreeSet<&str> = Error::codes().iter().copied().collect();
    let missing: Vec<_> = defined.difference(&produced).collect();
    assert!(missing.is_empty(), "never produced: {missing:?}");
    assert_eq!(produced, defined);
}
