//! The crate's own JSON reader and writer against serde_json, whose output
//! the CLI and the page have always seen: the same text for every float,
//! the same values and the same messages (line and column included) for
//! arbitrary input, and no panics.

use backprop_playground::json::{self, ToJson, Value};
use proptest::prelude::*;

fn theirs(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The same outcome as serde_json: equal values written alike, or the same message.
fn agree(text: &str) {
    match (json::parse(text), theirs(text)) {
        (Ok(v), Ok(t)) => {
            assert_eq!(v.json(), serde_json::to_string(&t).unwrap(), "for {text:?}");
            assert_eq!(
                v.json_pretty(),
                serde_json::to_string_pretty(&t).unwrap(),
                "for {text:?}"
            );
        }
        (Err(e), Err(t)) => assert_eq!(e, t, "for {text:?}"),
        (v, t) => panic!("for {text:?}: ours {v:?}, serde_json {t:?}"),
    }
}

#[test]
fn awkward_inputs_read_as_serde_json_reads_them() {
    let cases = [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "-0.0",
        "1E5",
        "1e-5",
        "12.50e+3",
        "1e999",
        "-1e-999",
        "18446744073709551616",
        "[]",
        "{}",
        " [ 1 , 2 ] ",
        "{\"a\":{\"b\":[]}}",
        "\"\\u00e9\\ud83d\\ude00\\/\\b\"",
        "\"\u{7f}é\"",
        "[1,]",
        "[,1]",
        "{,}",
        "{\"a\":1,}",
        "{\"a\"}",
        "{\"a\":}",
        "[1 2]",
        "[\"a\" \"b\"]",
        "01",
        "1.",
        ".5",
        "+1",
        "1e",
        "1e+",
        "-",
        "--1",
        "tru",
        "nulll",
        "truex",
        "[true false]",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",
        "\"\\udc00\"",
        "\"\\ud800\\",
        "\"\\q\"",
        "\"abc",
        "\"a\tb\"",
        "\n\n  [1,\n 2,\n x]",
        "\u{feff}[]",
        "[1] 2",
        "{\"a\":1}}",
        "NaN",
        "Infinity",
        "[-]",
        "[1.5e+]",
        "{\"b\":1,\"a\":2,\"b\":3}",
        "[[[[]]]]",
        "",
    ];
    for text in cases {
        agree(text);
    }
    agree(&"[".repeat(127));
    agree(&"[".repeat(128));
    agree(&format!("{}{}", "[".repeat(127), "]".repeat(127)));
}

#[test]
fn arrays_are_refused_with_what_was_found() {
    for text in [
        "{}",
        " {\"a\":1}",
        "3",
        "-5",
        "1.5",
        "-0",
        "-0.0",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "\"x\"",
        r#""q\"b\\n\n\t\r\u0000\u0001\u001f\u007fé""#,
        "null",
        "true",
        "x",
        "",
        "[1,",
        "[1] 2",
    ] {
        let theirs = serde_json::from_str::<Vec<serde_json::Value>>(text)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert_eq!(json::parse_array(text).map(|_| ()), theirs, "for {text:?}");
    }
}

fn json_text() -> impl Strategy<Value = String> {
    // Mostly JSON's own characters, so that the reader gets deep before it fails.
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", " ", "\n", "\"", "\\", "0", "1", "9", "-", "+", ".",
            "e", "E", "true", "false", "null", "\"a\"", "\"k\":", "u", "\\u", "d83d", "\\ude00",
            "é", "\t", "\u{1}",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::from_f64),
        any::<i64>().prop_map(|n| Value::Number(n.to_string())),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|members| {
                let mut text = String::from("{");
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    text.push_str(&k.json());
                    text.push(':');
                    text.push_str(&v.json());
                }
                text.push('}');
                json::parse(&text).unwrap()
            }),
        ]
    })
}

/// The text serde_json writes for `x`, but for one case: when the double
/// lies exactly halfway between two shortest candidates, Rust's printer
/// rounds the last digit up and serde_json's to even. Both read back to `x`.
fn same_float_text(x: f64) -> Result<(), TestCaseError> {
    let (ours, theirs) = (x.json(), serde_json::to_string(&x).unwrap());
    if x.is_finite() {
        let back = json::parse(&ours).unwrap().as_f64().unwrap();
        prop_assert_eq!(back.to_bits(), x.to_bits());
    }
    if ours != theirs {
        prop_assert_eq!(ours.len(), theirs.len());
        let differ = ours
            .bytes()
            .zip(theirs.bytes())
            .filter(|(a, b)| a != b)
            .count();
        prop_assert_eq!(differ, 1, "only one digit differs");
        prop_assert_eq!(theirs.parse::<f64>().unwrap().to_bits(), x.to_bits());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn floats_are_written_as_serde_json_writes_them(bits in any::<u64>()) {
        same_float_text(f64::from_bits(bits))?;
    }

    #[test]
    fn ordinary_floats_too(x in -1e20f64..1e20, scale in -30i32..30) {
        same_float_text(x * 10f64.powi(scale))?;
    }

    #[test]
    fn any_text_reads_as_serde_json_reads_it(text in json_text()) {
        agree(&text);
    }

    #[test]
    fn values_round_trip(v in value()) {
        prop_assert_eq!(json::parse(&v.json()).unwrap(), v.clone());
        prop_assert_eq!(json::parse(&v.json_pretty()).unwrap(), v);
    }
}
