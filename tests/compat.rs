//! Files and links saved before the format moved to serde (format version 1)
//! still open, to the bit: tests/compat/ holds states as the CLI wrote them
//! and `links.txt` the link of each, all made by the version-1 code.

use std::fs;

use backprop_playground::format::link::decode;
use backprop_playground::format::read::parse;
use backprop_playground::State;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compat");

/// Every number of a JSON value, in order, as its bits.
fn bits(v: &Value, out: &mut Vec<u64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap().to_bits()),
        Value::Array(items) => items.iter().for_each(|x| bits(x, out)),
        Value::Object(m) => m.values().for_each(|x| bits(x, out)),
        _ => {}
    }
}

/// The parameters and samples of a state, number by number.
fn numbers(s: &State) -> Vec<u64> {
    let v = serde_json::to_value(s).unwrap();
    let mut out = Vec::new();
    for key in ["weights", "biases", "samples", "learning_rate", "dropout"] {
        bits(&v[key], &mut out);
    }
    out
}

#[test]
fn version_1_files_and_links_open_bit_for_bit() {
    let links = fs::read_to_string(format!("{DIR}/links.txt")).unwrap();
    let mut seen = 0;
    for line in links.lines() {
        let (name, link) = line.split_once(' ').unwrap();
        let text = fs::read_to_string(format!("{DIR}/{name}.json")).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        let from_file = parse(&text).unwrap();
        let from_link = decode(link).unwrap();
        assert_eq!(from_file, from_link, "{name}");

        // Every number reads back as the bits the old writer wrote.
        let mut want = Vec::new();
        for key in ["weights", "biases", "samples", "learning_rate", "dropout"] {
            bits(&file[key], &mut want);
        }
        assert_eq!(numbers(&from_file), want, "{name}");
        let counts = (from_file.step, from_file.seen, from_file.seed);
        let want = (&file["step"], &file["seen"], &file["seed"]);
        assert_eq!(
            (Some(counts.0), Some(counts.1), Some(counts.2)),
            (want.0.as_u64(), want.1.as_u64(), want.2.as_u64()),
            "{name}"
        );

        // Written again, and read again, nothing moves.
        let again = parse(&from_file.to_json()).unwrap();
        assert_eq!(again, from_file, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 9, "every file of the corpus has its link");
}
