//! The largest inputs the format allows, and what reading them costs. No
//! test here reads a clock (the machines that run them are shared): cost is
//! counted in allocations instead, by an allocator that tallies each
//! thread's calls and bytes. Reading does linear work if each sample
//! between 4,000 and 8,000 allocates what each between 1,000 and 2,000 did;
//! past a limit a reader stops before reading on; and models loaded,
//! trained and dropped leave nothing behind.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::process::Command;

use backprop_playground::data::parse_csv;
use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::preset::preset;
use backprop_playground::format::read::parse;
use backprop_playground::format::state::{
    Sample, State, MAX_CSV_BYTES, MAX_LAYERS, MAX_NEURONS, MAX_SAMPLES, MAX_STATE_BYTES,
};
use backprop_playground::Model;
use base64ct::{Base64UrlUnpadded, Encoding};

/// The system allocator, counting what this thread asks of it.
struct Counting;

#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Tally {
    /// allocations made (a reallocation counts as one)
    calls: usize,
    /// bytes asked for, in all
    bytes: usize,
    /// bytes held now
    live: isize,
    /// the most bytes held at once
    peak: isize,
}

thread_local! {
    static TALLY: Cell<Tally> = const {
        Cell::new(Tally { calls: 0, bytes: 0, live: 0, peak: 0 })
    };
}

fn note(grown: usize, shrunk: usize) {
    let _ = TALLY.try_with(|t| {
        let mut x = t.get();
        x.calls += (grown > 0) as usize;
        x.bytes += grown;
        x.live += grown as isize - shrunk as isize;
        x.peak = x.peak.max(x.live);
        t.set(x);
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size(), 0);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size(), 0);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        note(0, layout.size());
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            note(size, layout.size());
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// What `f` allocated on this thread; `live` and `peak` are relative to
/// what was held before it.
fn tally<T>(f: impl FnOnce() -> T) -> (T, Tally) {
    let before = TALLY.with(|t| {
        let mut x = t.get();
        x.peak = x.live;
        t.set(x);
        x
    });
    let out = f();
    let after = TALLY.with(Cell::get);
    let used = Tally {
        calls: after.calls - before.calls,
        bytes: after.bytes - before.bytes,
        live: after.live - before.live,
        peak: after.peak - before.live,
    };
    (out, used)
}

/// A number for sample `i`, value `j`, from −1 to 1 with 16 or 17
/// significant digits: as long as a double's text gets in these files.
fn value(i: usize, j: usize) -> f64 {
    let k = (i * 7919 + j * 104_729) % 1_000_003;
    (k as f64 / 1_000_003.0 - 0.5) * 1.999_999_999_999_999
}

/// 8 layers of 16 tanh neurons with `n` samples of 16 inputs and 16 targets.
fn largest(n: usize) -> State {
    let layers = vec![MAX_NEURONS; MAX_LAYERS];
    let mut s = parse(&format!(
        r#"{{"layers":{layers:?},"activation":"tanh","seed":3}}"#
    ))
    .unwrap();
    s.samples = (0..n)
        .map(|i| Sample {
            input: (0..MAX_NEURONS).map(|j| value(i, j)).collect(),
            target: (0..MAX_NEURONS).map(|j| value(i, j + 16) / 2.0).collect(),
        })
        .collect();
    s.batch_size = n;
    s.learning_rate = 0.01;
    s
}

#[test]
fn the_largest_state_loads_trains_and_round_trips() {
    let s = largest(MAX_SAMPLES);
    // Written for people to read, indents and all, it fits the byte limit.
    let text = s.to_json_pretty();
    assert!(text.len() <= MAX_STATE_BYTES, "{} bytes", text.len());
    assert_eq!(parse(&text).unwrap(), s);
    // Padded to the limit it still loads; one byte more is refused unread.
    let mut padded = text.clone() + &" ".repeat(MAX_STATE_BYTES - text.len());
    assert_eq!(parse(&padded).unwrap(), s);
    padded.push(' ');
    let (err, used) = tally(|| parse(&padded).unwrap_err());
    assert_eq!(err.to_string(), "state: 16 MB is over the 16 MB limit");
    assert!(used.bytes < 1_000, "{used:?}");

    // One step over all 10,000 samples moves every weight.
    let mut m = Model::from_json(&text).unwrap();
    m.train(1).unwrap();
    let stepped = m.state();
    assert_eq!(stepped.step, 1);
    let weights = |s: &State| s.weights.concat().concat();
    let pairs = weights(&s).into_iter().zip(weights(&stepped));
    assert!(pairs.into_iter().all(|(a, b)| a != b));

    // The trained state comes back bit for bit from its text and its link.
    assert_eq!(parse(&stepped.to_json()).unwrap(), stepped);
    let link = encode(&stepped);
    assert_eq!(decode(&link).unwrap(), stepped);
    // 8 bytes a number, 4 characters for every 3 bytes
    let numbers = MAX_SAMPLES * 2 * MAX_NEURONS;
    assert!(link.len() < numbers * 8 * 4 / 3 + 40_000, "{}", link.len());

    // The CLI trains the same file to the same bits.
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("largest.json");
    std::fs::write(&path, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_backprop"))
        .args(["train", path.to_str().unwrap(), "--steps", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli = parse(std::str::from_utf8(&out.stdout).unwrap()).unwrap();
    assert_eq!(cli, stepped);
}

#[test]
fn the_largest_csv_loads_and_the_limits_are_exact() {
    // 10,000 rows of the longest numbers in range fit the byte limit.
    let row = |i: usize| {
        let x = |j| -999_999.0 + value(i, j).abs() * 1e-6;
        format!("{},{},{}\n", x(0), x(1), x(2))
    };
    let rows: String = (0..MAX_SAMPLES).map(row).collect();
    assert!(rows.len() <= MAX_CSV_BYTES, "{} bytes", rows.len());
    assert_eq!(parse_csv(&rows).unwrap().len(), MAX_SAMPLES);

    // Padded to the limit it still loads; one byte more is refused unread.
    let mut text = rows.clone();
    text.push_str(&" ".repeat(MAX_CSV_BYTES - text.len()));
    assert_eq!(parse_csv(&text).unwrap().len(), MAX_SAMPLES);
    text.push(' ');
    let (err, used) = tally(|| parse_csv(&text).unwrap_err());
    assert_eq!(err.to_string(), "csv: 4 MB is over the 4 MB limit");
    assert!(used.bytes < 1_000, "{used:?}");
}

#[test]
fn the_sample_limit_stops_a_csv_as_it_is_read() {
    let good = "0.5,-0.5,1\n".repeat(MAX_SAMPLES);
    let past = format!("x1,x2,label\n{good}1,1,0\n");
    let err = parse_csv(&past).unwrap_err();
    assert_eq!(err.field, "csv line 10002");
    assert_eq!(err.code(), "too_many_rows");

    // Rows past the limit are never read: a bad value after it is not
    // reported, and a file with 50,000 more rows costs what one more costs.
    let (_, one) = tally(|| parse_csv(&past).unwrap_err());
    let longer = format!("{past}{}nonsense,,\n", "1,1,0\n".repeat(50_000));
    let (err, many) = tally(|| parse_csv(&longer).unwrap_err());
    assert_eq!(err.field, "csv line 10002");
    assert_eq!(many, one);
}

/// Calls and bytes per sample between `n` and `2n` samples, for `read`.
fn per_sample(n: usize, read: impl Fn(usize) -> Tally) -> (f64, f64) {
    let (a, b) = (read(n), read(2 * n));
    let d = |x: usize, y: usize| (y - x) as f64 / n as f64;
    (d(a.calls, b.calls), d(a.bytes, b.bytes))
}

/// The extra cost of a sample is the same at 1,000 samples as at 4,000: no
/// reader does more work a sample as the file grows. Bytes may differ a
/// little, as a growing list doubles its room; calls by fewer than one.
fn linear(what: &str, read: impl Fn(usize) -> Tally) {
    let (calls_1k, bytes_1k) = per_sample(1_000, &read);
    let (calls_4k, bytes_4k) = per_sample(4_000, &read);
    assert!(
        (calls_4k - calls_1k).abs() < 1.0,
        "{what}: {calls_1k} then {calls_4k} calls a sample"
    );
    let ratio = bytes_4k / bytes_1k;
    assert!(
        (0.9..1.1).contains(&ratio),
        "{what}: {bytes_1k} then {bytes_4k} bytes a sample"
    );
}

#[test]
fn reading_costs_the_same_for_each_sample_at_any_size() {
    let state = |n| largest(n).to_json();
    linear("state text", |n| {
        let text = state(n);
        tally(|| parse(&text).unwrap()).1
    });
    linear("link", |n| {
        let link = encode(&largest(n));
        tally(|| decode(&link).unwrap()).1
    });
    linear("csv", |n| {
        let text: String = (0..n)
            .map(|i| format!("{},{},1\n", value(i, 0), value(i, 1)))
            .collect();
        tally(|| parse_csv(&text).unwrap()).1
    });
}

#[test]
fn a_link_cannot_ask_for_more_than_it_holds() {
    // The seed's link ends with its one sample: a count, then 4 numbers.
    let s = preset("seed").unwrap();
    let link = encode(&s);
    let mut bytes = Base64UrlUnpadded::decode_vec(&link[2..]).unwrap();
    let at = bytes.len() - 4 * 8 - 1;
    assert_eq!(bytes[at], 1);
    // 2⁴⁰ samples, as a varint
    bytes.splice(at..=at, [0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    let huge = format!("1.{}", Base64UrlUnpadded::encode_string(&bytes));
    let (err, used) = tally(|| decode(&huge).unwrap_err());
    assert_eq!(
        err.to_string(),
        "link: the number of samples: 1099511627776 is more than 10000"
    );
    assert!(used.peak < 10_000, "{used:?}");
}

#[test]
fn loading_training_and_dropping_models_keeps_no_memory() {
    let compat = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compat/");
    let texts: Vec<String> = [
        "xor-trained-100",
        "deep-dropout-trained-37",
        "largest-shape",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(format!("{compat}{n}.json")).unwrap())
    .collect();
    let csv = "x1,x2,label\n".to_string() + &"0.25,-0.75,1\n".repeat(300);
    let round = || {
        for text in &texts {
            let mut m = Model::from_json(text).unwrap();
            m.train(5).unwrap();
            let s = m.state();
            let mut again = Model::new(parse(&decode(&encode(&s)).unwrap().to_json()).unwrap());
            if s.layers == [2, 4, 1] {
                let samples = parse_csv(&csv).unwrap();
                again.set_samples(&serde_json::json!(samples)).unwrap();
            }
            again.train(1).unwrap();
        }
    };
    round(); // anything built once, on first use, is built now
    let (_, first) = tally(round);
    let (_, churn) = tally(|| (0..50).for_each(|_| round()));
    assert_eq!(first.live, 0, "a round keeps nothing: {first:?}");
    assert_eq!(churn.live, 0, "fifty rounds keep nothing: {churn:?}");
    // and the most held at once does not creep up round after round
    assert_eq!(churn.peak, first.peak, "{first:?} then {churn:?}");
    assert_eq!(churn.calls, 50 * first.calls);
}
