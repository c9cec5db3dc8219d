//! The `backprop` command: its outputs feed back in, and bad input exits 2
//! with one line naming the field, never a panic.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use backprop_playground::format::state::MAX_STATE_BYTES;

fn backprop(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backprop"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early may not read its input at all.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str], stdin: &str) -> String {
    let out = backprop(args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str], stdin: &str) -> String {
    let out = backprop(args, stdin);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"));
    err.trim_end().to_string()
}

#[test]
fn trace_train_and_feed_back() {
    let seed = ok(&["preset", "seed"], "");
    let trace: serde_json::Value = serde_json::from_str(&ok(&["trace", "-"], &seed)).unwrap();
    assert!((trace["loss"].as_f64().unwrap() - 0.298371109).abs() < 1e-9);
    assert_eq!(trace["samples"][0]["layers"].as_array().unwrap().len(), 3);
    let once = ok(&["train", "-", "--steps", "2"], &seed);
    let twice = ok(
        &["train", "-", "--steps", "1"],
        &ok(&["train", "-", "--steps", "1"], &seed),
    );
    assert_eq!(once, twice);
    // Flags may come before the file, and take `=`.
    assert_eq!(once, ok(&["train", "--steps=2", "-"], &seed));
    let state: serde_json::Value = serde_json::from_str(&once).unwrap();
    assert_eq!(state["step"], 2);
}

#[test]
fn explain_in_every_format() {
    let seed = ok(&["preset", "seed"], "");
    let text = ok(&["explain", "-", "--param", "w3.1.1"], &seed);
    assert!(text.contains("∂L/∂a³₁ · ∂a³₁/∂z³₁ · ∂z³₁/∂w³₁₁"), "{text}");
    assert!(text.contains("0.0821670"), "{text}");
    let md = ok(
        &["explain", "-", "--param", "w2.1.1", "--format", "markdown"],
        &seed,
    );
    assert!(md.contains("$$") && md.contains(r"\frac{\partial L}{\partial w^{2}_{11}}"));
    let tex = ok(
        &["explain", "-", "--param", "b2.1", "--format", "latex"],
        &seed,
    );
    assert!(
        tex.contains(r"\begin{align*}")
            && tex.contains(r"\frac{\partial z^{2}_{1}}{\partial b^{2}_{1}}")
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["explain", "-", "--param", "w2.1.1", "--format", "json"],
        &seed,
    ))
    .unwrap();
    assert_eq!(json["paths_total"], 2);
    // the compact notation of worked examples: w1…w8, z_h1, a_o1
    let compact = ok(
        &["explain", "-", "--param", "w3.1.1", "--notation", "compact"],
        &seed,
    );
    assert!(
        compact.contains("∂L/∂aₒ₁ · ∂aₒ₁/∂zₒ₁ · ∂zₒ₁/∂w₅"),
        "{compact}"
    );
    assert!(compact.contains("0.0821670"), "{compact}");
    let phases = ok(&["phases", "-", "--notation=compact"], &seed);
    assert!(phases.contains("zₕ₁ = w₁·aᵢ₁ + w₂·aᵢ₂ + b₁"), "{phases}");
    assert!(fails(&["phases", "-", "--notation", "greek"], &seed).contains("notation"));
}

#[test]
fn check_and_distribution() {
    let seed = ok(&["preset", "seed"], "");
    let report: serde_json::Value = serde_json::from_str(&ok(&["check", "-"], &seed)).unwrap();
    assert_eq!(report["params"].as_array().unwrap().len(), 12);
    assert!(report["max_relative_error"].as_f64().unwrap() < 1e-6);
    let d: serde_json::Value =
        serde_json::from_str(&ok(&["distribution", "-", "--sample", "1"], &seed)).unwrap();
    assert_eq!(d["layers"][1]["layer"], 2);
}

#[test]
fn bad_input_exits_2_with_the_field() {
    let seed = ok(&["preset", "seed"], "");
    let bad = seed.replacen("0.15", "\"0.15\"", 1);
    assert_eq!(
        fails(&["trace", "-"], &bad),
        "backprop: weights[0][0][0]: expected a number, got a string"
    );
    assert_eq!(
        fails(&["trace", "-"], "not json"),
        "backprop: state: not valid JSON: expected ident at line 1 column 2"
    );
    assert_eq!(fails(&["train", "-"], &seed), "backprop: --steps: required");
    assert_eq!(
        fails(&["train", "-", "--steps", "ten"], &seed),
        "backprop: --steps: expected a whole number from 0 to 1000000, got 'ten'"
    );
    assert_eq!(
        fails(&["train", "-", "--steps", "2000000"], &seed),
        "backprop: --steps: expected 0 to 1000000, got 2000000"
    );
    assert_eq!(
        fails(&["explain", "-", "--param", "w9.9.9"], &seed),
        "backprop: param: no parameter named 'w9.9.9' in this network (try w2.1.1 or b2.1)"
    );
    assert_eq!(
        fails(
            &["explain", "-", "--param", "w2.1.1", "--format", "pdf"],
            &seed
        ),
        "backprop: format: expected one of text, markdown, latex, json, got 'pdf'"
    );
    assert_eq!(
        fails(
            &["explain", "-", "--param", "w2.1.1", "--sample", "2"],
            &seed
        ),
        "backprop: --sample: expected 1 to 1, got 2"
    );
    assert_eq!(
        fails(&["trace", "-", "--steps", "1"], &seed),
        "backprop: --steps: unknown option (trace takes none)"
    );
    assert_eq!(
        fails(&["fly", "x"], ""),
        "backprop: fly: unknown command (try backprop --help)"
    );
    assert_eq!(
        fails(&["trace"], ""),
        "backprop: trace: expected a state file (or - for standard input)"
    );
    assert_eq!(
        fails(&["trace", "-", "extra"], &seed),
        "backprop: extra: unexpected argument (trace takes one state file)"
    );
    assert_eq!(
        fails(&["train", "-", "--steps"], &seed),
        "backprop: --steps: expected a value after it"
    );
    assert!(fails(&["trace", "/no/such/file.json"], "")
        .starts_with("backprop: /no/such/file.json: cannot read"));
    assert_eq!(
        fails(&["preset", "nand"], ""),
        "backprop: preset: no preset named 'nand' (try seed, xor, and, or)"
    );
    assert!(ok(&["--help"], "").contains("usage:"));
}

#[test]
fn whole_numbers_and_1_based_samples() {
    let seed = ok(&["preset", "seed"], "");
    let two = ok(&["train", "-", "--steps", "2"], &seed);
    assert_eq!(two, ok(&["train", "-", "--steps", "2.0"], &seed));
    let hundred: serde_json::Value =
        serde_json::from_str(&ok(&["train", "-", "--steps", "1e2"], &seed)).unwrap();
    assert_eq!(hundred["step"], 100);
    for bad in ["2.5", "abc", "inf", "NaN"] {
        assert_eq!(
            fails(&["train", "-", "--steps", bad], &seed),
            format!("backprop: --steps: expected a whole number from 0 to 1000000, got '{bad}'")
        );
    }
    assert_eq!(
        fails(&["train", "-", "--steps", "-1"], &seed),
        "backprop: --steps: expected 0 to 1000000, got -1"
    );
    assert_eq!(
        fails(&["phases", "-", "--digits", "0.5"], &seed),
        "backprop: --digits: expected a whole number from 1 to 17, got '0.5'"
    );

    // --sample 1 is the first sample, and messages count the same way.
    let xor = ok(&["preset", "xor"], "");
    let first = ok(&["distribution", "-"], &xor);
    assert_eq!(first, ok(&["distribution", "-", "--sample", "1"], &xor));
    assert_ne!(first, ok(&["distribution", "-", "--sample", "4.0"], &xor));
    for args in [
        &["explain", "-", "--param", "w2.1.1", "--sample", "9"][..],
        &["distribution", "-", "--sample", "9"],
        &["phases", "-", "--sample", "9"],
    ] {
        assert_eq!(
            fails(args, &xor),
            "backprop: --sample: expected 1 to 4, got 9"
        );
    }
    assert_eq!(
        fails(&["phases", "-", "--sample", "0"], &xor),
        "backprop: --sample: expected 1 to 4, got 0"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let seed = ok(&["preset", "seed"], "");
    let mut child = Command::new(env!("CARGO_BIN_EXE_backprop"))
        .args(["trace", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the command has its input, so before it writes.
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(seed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    // 141 is what a shell shows for a program that SIGPIPE ended.
    assert!(
        out.status.code() == Some(141) || out.status.signal() == Some(13),
        "{:?}",
        out.status
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_line_and_exit_1() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_backprop"))
        .args(["preset", "seed"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("backprop: standard output: cannot write: "),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let seed = ok(&["preset", "seed"], "");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bom.json");
    std::fs::write(&path, format!("\u{feff}{seed}")).unwrap();
    let trace = ok(&["trace", path.to_str().unwrap()], "");
    assert_eq!(trace, ok(&["trace", "-"], &seed));
    assert_eq!(trace, ok(&["trace", "-"], &format!("\u{feff}{seed}")));
}

#[test]
fn an_oversized_state_is_refused_before_it_is_read() {
    // A sparse file: 40 MB long, though nothing is written to the disk.
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oversized.json");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(40_000_000)
        .unwrap();
    // A sparse file: reading it would take 40 MB of zeros.
    let err = fails(&["trace", path.to_str().unwrap()], "");
    assert_eq!(
        err,
        format!(
            "backprop: {}: 40 MB is over the 16 MB limit",
            path.display()
        )
    );
    assert_eq!(MAX_STATE_BYTES, 16_000_000, "the messages above say 16 MB");

    // Standard input has no size to check first: it is read up to the limit.
    let long = " ".repeat(MAX_STATE_BYTES + 1);
    assert_eq!(
        fails(&["trace", "-"], &long),
        "backprop: standard input: over the 16 MB limit for a state"
    );
}
