//! The three readers of outside text — the state reader, link decoding and
//! the CSV reader — fed arbitrary bytes and mutations of the seeds in
//! tests/corpus/ and tests/compat/. Whatever comes in, the answer is either a
//! value that is written and read back unchanged, or an error whose code and
//! field say where the fault is (for a CSV, a line and column holding it).
//! `PROPTEST_CASES` raises the number of cases for a longer run.

use std::fs;
use std::path::Path;

use backprop_playground::data::parse_csv;
use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::read::{parse, FIELDS};
use backprop_playground::format::state::{Sample, MAX_MAGNITUDE, MAX_SAMPLES};
use backprop_playground::{Error, Model};
use base64ct::{Base64UrlUnpadded, Encoding};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

const TESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");

/// `cases`, unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

/// The files of `dir` whose names end in `ext`, as (name, bytes), sorted.
fn files(dir: &str, ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(Path::new(TESTS).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The `name link` lines of a links file.
fn links(file: &str) -> Vec<(String, String)> {
    let text = fs::read_to_string(Path::new(TESTS).join(file)).unwrap();
    let pair = |l: &str| l.split_once(' ').map(|(a, b)| (a.into(), b.into()));
    text.lines().map(|l| pair(l).unwrap()).collect()
}

fn state_seeds() -> Vec<Vec<u8>> {
    let all = [files("compat", "json"), files("corpus/state", "json")];
    all.into_iter().flatten().map(|(_, bytes)| bytes).collect()
}

fn link_seeds() -> Vec<Vec<u8>> {
    let all = [links("compat/links.txt"), links("corpus/links.txt")];
    all.into_iter()
        .flatten()
        .map(|(_, l)| l.into_bytes())
        .collect()
}

fn csv_seeds() -> Vec<Vec<u8>> {
    let all = files("corpus/csv", "csv");
    all.into_iter().map(|(_, bytes)| bytes).collect()
}

#[test]
fn every_seed_is_valid_and_every_corpus_link_is_its_state() {
    let want = links("corpus/links.txt");
    let states = files("corpus/state", "json");
    assert_eq!(want.len(), states.len(), "one line of links.txt a state");
    for (name, bytes) in states {
        let s = parse(std::str::from_utf8(&bytes).unwrap()).expect(&name);
        let stem = name.trim_end_matches(".json");
        let link = &want.iter().find(|(n, _)| n == stem).expect(stem).1;
        assert_eq!(&encode(&s), link, "{name}: tests/corpus/links.txt is stale");
    }
    let v2 = link_seeds().iter().any(|l| l.starts_with(b"2."));
    assert!(v2, "a version-2 link among the seeds");
    for (name, bytes) in files("corpus/csv", "csv") {
        parse_csv(std::str::from_utf8(&bytes).unwrap()).expect(&name);
    }
}

/// Bytes a fuzzer likes to insert: separators, brackets, signs, numbers at
/// and past the limits, words JSON and CSV do not have, a BOM, bad UTF-8.
#[rustfmt::skip]
const TOKENS: [&[u8]; 28] = [
    b",", b"\n", b"\r\n", b"\r", b" ", b"-", b".", b"e", b"\"", b"[", b"]", b"{", b"}", b":",
    b"null", b"0", b"9", b"16", b"17", b"10001", b"1e6", b"1000000.5", b"1e309", b"NaN",
    b"inf", b"\xef\xbb\xbf", b"\xff", b"\x00",
];

/// One edit of a byte string, at a position taken modulo its length.
#[derive(Debug, Clone)]
enum Edit {
    Set(prop::sample::Index, u8),
    Insert(prop::sample::Index, &'static [u8]),
    Delete(prop::sample::Index, usize),
    Repeat(prop::sample::Index, usize),
    Cut(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    use prop::sample::{select, Index};
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<Index>(), select(TOKENS.to_vec())).prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Repeat(i, n)),
        any::<Index>().prop_map(Edit::Cut),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        let at = |i: &prop::sample::Index| if len == 0 { 0 } else { i.index(len) };
        match e {
            Edit::Set(i, b) if len > 0 => bytes[at(i)] = *b,
            Edit::Set(..) => {}
            Edit::Insert(i, t) => {
                let i = at(i);
                bytes.splice(i..i, t.iter().copied());
            }
            Edit::Delete(i, n) => {
                let i = at(i);
                bytes.drain(i..(i + n).min(len));
            }
            Edit::Repeat(i, n) => {
                let i = at(i);
                let run = bytes[i..(i + n).min(len)].to_vec();
                bytes.splice(i..i, run);
            }
            Edit::Cut(i) => bytes.truncate(at(i)),
        }
    }
    bytes
}

/// A seed with one to four edits.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec(edit(), 1..=4);
    (prop::sample::select(seeds), edits).prop_map(|(seed, edits)| apply(seed, &edits))
}

/// Values a field should not hold, or holds only at its limits.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(null),
            json!(true),
            json!("x"),
            json!("tanh"),
            json!(""),
            json!([]),
            json!({}),
            json!([[]]),
            json!({"input": [1]}),
            json!(0),
            json!(-1),
            json!(1),
            json!(2),
            json!(-0.0),
            json!(16),
            json!(17),
            json!(10_001),
            json!(1e6),
            json!(-1_000_000.5),
            json!(1e300),
            json!(9_007_199_254_740_992u64),
            json!(u64::MAX),
            json!("x".repeat(300)),
            json!({ "y".repeat(300): 1 }),
        ]),
        any::<f64>().prop_map(|x| json!(x)),
        any::<i64>().prop_map(|x| json!(x)),
    ]
}

/// JSON pointers to every value inside `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(at);
}

/// A seed state with values deep inside it replaced, removed or doubled:
/// edits that keep the JSON well formed, so that they reach the checks of
/// each field rather than stopping at the syntax.
fn state_with_edited_values() -> impl Strategy<Value = Vec<u8>> {
    let seeds: Vec<Value> = state_seeds()
        .iter()
        .map(|b| serde_json::from_str(text(b).trim_start_matches('\u{feff}')).unwrap())
        .collect();
    let edit = (any::<prop::sample::Index>(), odd_value(), 0u8..3);
    let edits = prop::collection::vec(edit, 1..=3);
    (prop::sample::select(seeds), edits).prop_map(|(mut v, edits)| {
        for (i, new, how) in edits {
            let mut all = vec![];
            pointers(&v, String::new(), &mut all);
            let at = &all[i.index(all.len())];
            let Some((parent, last)) = at.rsplit_once('/') else {
                v = new; // the whole state
                continue;
            };
            match (how, v.pointer_mut(parent)) {
                (1, Some(Value::Object(m))) => {
                    m.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                (1, Some(Value::Array(items))) => {
                    items.remove(last.parse().unwrap());
                }
                (2, Some(Value::Array(items))) => {
                    let i: usize = last.parse().unwrap();
                    items.insert(i, items[i].clone());
                }
                _ => *v.pointer_mut(at).unwrap() = new,
            }
        }
        v.to_string().into_bytes()
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What every refusal owes the page: a code it can translate, the field,
/// and a field and message that echo no long run of the input.
fn well_formed(e: &Error) -> Result<(), TestCaseError> {
    let v = serde_json::to_value(e).unwrap();
    prop_assert_eq!(v["code"].as_str(), Some(e.code()));
    prop_assert_eq!(v["field"].as_str(), Some(e.field.as_str()));
    prop_assert!(e.field.chars().count() <= 80, "{}", e);
    prop_assert!(e.message().chars().count() <= 400, "{}", e);
    Ok(())
}

/// A state refused names one of its fields, or the state as a whole; an
/// unknown field is named as the text had it (even "", or after escapes),
/// cut short if long.
fn names_a_state_field(e: &Error, input: &str) -> Result<(), TestCaseError> {
    well_formed(e)?;
    let root = e.field.split(['[', '.']).next().unwrap();
    if e.code() == "unknown_field" {
        prop_assert!(!FIELDS.contains(&e.field.as_str()), "{}", e);
        let name = e.field.trim_end_matches('…');
        prop_assert!(input.contains(name) || input.contains('\\'), "{}", e);
    } else {
        prop_assert!(root == "state" || FIELDS.contains(&root), "{}", e);
    }
    Ok(())
}

/// A state that loads is written, linked and read back as itself, and trains.
fn loads_whole(s: backprop_playground::State) -> Result<(), TestCaseError> {
    prop_assert_eq!(&parse(&s.to_json()).unwrap(), &s);
    prop_assert_eq!(&decode(&encode(&s)).unwrap(), &s);
    let mut m = Model::new(s);
    if let Err(e) = m.train(2) {
        prop_assert_eq!(e.code(), "diverged", "{}", e);
    }
    Ok(())
}

fn state_answers(bytes: &[u8]) -> Result<(), TestCaseError> {
    let input = text(bytes);
    match parse(&input) {
        Ok(s) => loads_whole(s),
        Err(e) => names_a_state_field(&e, &input),
    }
}

fn link_answers(bytes: &[u8]) -> Result<(), TestCaseError> {
    let input = text(bytes);
    match decode(&input) {
        Ok(s) => loads_whole(s),
        Err(e) if e.field == "link" => well_formed(&e),
        // well formed, but the state it holds breaks a rule of the format
        Err(e) => names_a_state_field(&e, &input),
    }
}

/// A link whose packed bytes, not its text, were edited: the edits land on
/// counts, flags and numbers rather than on base64 digits.
fn link_with_edited_bytes() -> impl Strategy<Value = Vec<u8>> {
    let seeds: Vec<(String, Vec<u8>)> = link_seeds()
        .into_iter()
        .map(|l| {
            let (version, body) = std::str::from_utf8(&l).unwrap().split_once('.').unwrap();
            (
                version.to_string(),
                Base64UrlUnpadded::decode_vec(body).unwrap(),
            )
        })
        .collect();
    // Mostly bytes changed in place: an insertion or a deletion shifts the
    // rest, and is mostly refused as cut short or with bytes left over.
    let set = (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b));
    let edits = prop::collection::vec(prop_oneof![3 => set, 1 => edit()], 1..=3);
    (prop::sample::select(seeds), edits).prop_map(|((version, bytes), edits)| {
        let body = Base64UrlUnpadded::encode_string(&apply(bytes, &edits));
        format!("{version}.{body}").into_bytes()
    })
}

/// The bits of every number of some samples, to compare them exactly.
fn sample_bits(samples: &[Sample]) -> Vec<u64> {
    let all = samples.iter().flat_map(|s| s.input.iter().chain(&s.target));
    all.map(|x| x.to_bits()).collect()
}

/// The CSV's lines as the reader counts them, after a byte-order mark.
fn csv_lines(input: &str) -> Vec<&str> {
    input
        .strip_prefix('\u{feff}')
        .unwrap_or(input)
        .lines()
        .collect()
}

fn csv_answers(bytes: &[u8]) -> Result<(), TestCaseError> {
    let input = text(bytes);
    match parse_csv(&input) {
        Ok(samples) => {
            prop_assert!((1..=MAX_SAMPLES).contains(&samples.len()));
            for s in &samples {
                prop_assert_eq!((s.input.len(), s.target.len()), (2, 1));
                let all = s.input.iter().chain(&s.target);
                prop_assert!(all.clone().all(|x| x.abs() <= MAX_MAGNITUDE), "{:?}", s);
            }
            // Sample i is the i-th non-blank line after a header, its three
            // fields as Rust reads them.
            let mut rows: Vec<&str> = csv_lines(&input)
                .into_iter()
                .filter(|l| !l.trim().is_empty())
                .collect();
            if rows.len() == samples.len() + 1 {
                let header = rows.remove(0);
                prop_assert!(header.split(',').all(|f| f.trim().parse::<f64>().is_err()));
            }
            prop_assert_eq!(rows.len(), samples.len());
            let want: Vec<u64> = rows
                .iter()
                .flat_map(|l| {
                    l.split(',')
                        .map(|f| f.trim().parse::<f64>().unwrap().to_bits())
                })
                .collect();
            prop_assert_eq!(want, sample_bits(&samples));
            Ok(())
        }
        Err(e) => names_a_csv_place(&e, &input),
    }
}

/// A refused CSV names the line at fault and, for a bad value, its column,
/// and that line or value is indeed at fault; or it names the whole file.
fn names_a_csv_place(e: &Error, input: &str) -> Result<(), TestCaseError> {
    well_formed(e)?;
    if e.field == "csv" {
        prop_assert!(["no_rows", "too_large"].contains(&e.code()), "{}", e);
        return Ok(());
    }
    let place = e.field.strip_prefix("csv line ");
    let place = place.ok_or_else(|| TestCaseError::fail(format!("no line in {e}")))?;
    let (line, column) = match place.split_once(", column ") {
        Some((l, c)) => (l, Some(c.parse::<usize>().unwrap())),
        None => (place, None),
    };
    let line: usize = line.parse().unwrap();
    let lines = csv_lines(input);
    prop_assert!(
        (1..=lines.len()).contains(&line),
        "{} of {} lines",
        e,
        lines.len()
    );
    let fields: Vec<&str> = lines[line - 1].split(',').map(str::trim).collect();
    match (e.code(), column) {
        ("wrong_length", None) => prop_assert_ne!(fields.len(), 3, "{}", e),
        ("too_many_rows", None) => {
            let before = lines[..line - 1].iter().filter(|l| !l.trim().is_empty());
            prop_assert!(before.count() >= MAX_SAMPLES, "{}", e);
        }
        (code, Some(c)) => {
            prop_assert!((1..=3).contains(&c) && fields.len() == 3, "{}", e);
            let want = match fields[c - 1].parse::<f64>() {
                Err(_) => "not_a_number",
                Ok(v) if !v.is_finite() => "not_finite",
                Ok(v) if v.abs() > MAX_MAGNITUDE => "out_of_range",
                Ok(_) => "a good number",
            };
            prop_assert_eq!(code, want, "{}", e);
        }
        _ => prop_assert!(false, "{}", e),
    }
    Ok(())
}

/// CSV-shaped text: rows of fields drawn from numbers, near-numbers and
/// junk, with any line endings, a header or not, a BOM or not.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let number = prop_oneof![
        1 => any::<f64>().prop_map(|x| x.to_string()),
        4 => (-2f64..2.0).prop_map(|x| x.to_string()),
        1 => (-2e6f64..2e6).prop_map(|x| x.to_string()),
        4 => (-3i32..3).prop_map(|x| x.to_string()),
        2 => prop::sample::select(vec![
            "",
            " ",
            "x1",
            "label",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "1e6",
            "-1000000.0001",
            "+.5",
            "5.",
            ".",
            "-",
            "1e",
            "0x10",
            "1_000",
            "١",
        ])
        .prop_map(str::to_string),
    ];
    // mostly three fields, as a row should have
    let row = prop_oneof![
        3 => prop::collection::vec(number.clone(), 3),
        1 => prop::collection::vec(number, 0..=5),
    ]
    .prop_map(|f| f.join(","));
    let end = prop::sample::select(vec!["\n", "\r\n", "\n\n", " \n"]);
    let rows = prop::collection::vec((row, end), 0..12);
    (any::<bool>(), any::<bool>(), rows).prop_map(|(bom, header, rows)| {
        let mut out = String::new();
        if bom {
            out.push('\u{feff}');
        }
        if header {
            out.push_str("x1,x2,label\n");
        }
        rows.iter()
            .for_each(|(r, e)| out.push_str(&format!("{r}{e}")));
        out.into_bytes()
    })
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn the_state_reader_answers_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        state_answers(&bytes)?;
    }

    #[test]
    fn the_state_reader_answers_mutated_states(bytes in mutated(state_seeds())) {
        state_answers(&bytes)?;
    }

    #[test]
    fn the_state_reader_answers_states_with_edited_values(bytes in state_with_edited_values()) {
        state_answers(&bytes)?;
    }

    #[test]
    fn links_answer_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut link = b"1.".to_vec();
        link.extend(bytes);
        link_answers(&link)?;
    }

    #[test]
    fn links_answer_mutated_text(bytes in mutated(link_seeds())) {
        link_answers(&bytes)?;
    }

    #[test]
    fn links_answer_mutated_bytes(bytes in link_with_edited_bytes()) {
        link_answers(&bytes)?;
    }

    #[test]
    fn the_csv_reader_answers_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        csv_answers(&bytes)?;
    }

    #[test]
    fn the_csv_reader_answers_csv_like_text(bytes in csv_like()) {
        csv_answers(&bytes)?;
    }

    #[test]
    fn the_csv_reader_answers_mutated_files(bytes in mutated(csv_seeds())) {
        csv_answers(&bytes)?;
    }
}
