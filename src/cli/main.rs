//! `backprop`: the playground's maths on the command line, in the same JSON
//! state format the page reads and writes.

mod args;

use std::ffi::OsStr;
use std::fmt::Display;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use backprop_playground::error::{bytes, Error, Problem};
use backprop_playground::format::{preset, state};

use backprop_playground::model::MAX_STEPS;
use backprop_playground::teach::explain::{self, Format};
use backprop_playground::teach::lesson;
use backprop_playground::teach::names::Notation;
use backprop_playground::teach::{check, distribution};
use backprop_playground::{Model, Trace};

use args::{usage, whole, Args, Fault};

/// What `backprop --help` prints.
const USAGE: &str = "usage:
  backprop trace STATE.json                 forward and backward pass, as JSON
  backprop train STATE.json --steps N       the state after N gradient steps
  backprop explain STATE.json --param w2.1.1 [--sample 1] [--format text|markdown|latex|json]
                   [--notation seed|compact]
                                            the chain rule for one parameter, with numbers
  backprop check STATE.json                 finite-difference gradient check
  backprop distribution STATE.json [--sample 1]
                                            the seed's error back-distribution beside δ
  backprop phases STATE.json [--sample 1] [--digits 4] [--format text|latex|json]
                   [--notation seed|compact]
                                            one training step worked out phase by phase
  backprop preset seed|xor|and|or           a built-in state
STATE.json may be - for standard input. Names are in the seed's layer
notation (w³₁₂, z³₁) unless --notation compact asks for w1…w8, z_h1, a_o1.";

/// The most significant digits `phases` writes (`lesson::phases` keeps to 1 to 17).
const MAX_DIGITS: u64 = 17;

fn main() -> ExitCode {
    let out = match Args::parse(std::env::args_os().skip(1)) {
        Ok(None) => Ok(USAGE.to_string()),
        Ok(Some(args)) => run(&args),
        Err(e) => Err(e),
    };
    match out {
        Ok(out) => print(&out),
        Err(e) => {
            say(&e);
            ExitCode::from(2)
        }
    }
}

/// Writes the output. A reader that stopped reading (`| head`) ends the
/// command quietly: Rust ignores SIGPIPE, so the write fails instead, and we
/// exit with the status a shell shows for a program SIGPIPE ended (128 + 13).
fn print(out: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{}", out.trim_end()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(141),
        Err(e) => {
            say(&format!("standard output: cannot write: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// One line on standard error; if even that fails, no one is left to tell.
fn say(message: &dyn Display) {
    let _ = writeln!(io::stderr(), "backprop: {message}");
}

/// Reads and loads a state from a file, or from standard input for `-`.
/// Text over the size limit is refused before it is all in memory, and a
/// leading byte-order mark (some Windows editors write one) is skipped.
fn read(path: &OsStr) -> Result<Model, Fault> {
    let limit = state::MAX_STATE_BYTES as u64;
    let over = format!("over the {} limit for a state", bytes(limit as usize));
    let (name, input): (String, Box<dyn Read>) = if path == "-" {
        ("standard input".into(), Box::new(io::stdin().lock()))
    } else {
        let name = Path::new(path).display().to_string();
        let cannot = |e: io::Error| usage(&name, format!("cannot read: {e}"));
        let file = File::open(path).map_err(cannot)?;
        let size = file.metadata().map_err(cannot)?.len();
        if size > limit {
            let (limit, got) = (limit as usize, size as usize);
            return Err(Error::new(name, Problem::TooLarge { limit, got }).into());
        }
        (name, Box::new(file))
    };
    // Read one byte past the limit, to tell a full-size state from a longer
    // stream (a pipe, or a file that grew since its size was read).
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| usage(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(usage(name, over));
    }
    let text = String::from_utf8(bytes).map_err(|_| usage(&name, "cannot read: not UTF-8 text"))?;
    Ok(Model::from_json(&text)?)
}

/// The sample a flag names, 1-based as people count (default the first),
/// as the core's 0-based index.
fn sample(args: &Args, model: &Model) -> Result<usize, Fault> {
    let count = model.samples().len() as u64;
    let n = args
        .flag("--sample")
        .map_or(Ok(1), |s| whole("--sample", s, 1, count))?;
    Ok(n as usize - 1)
}

/// The notation `--notation` names, the seed's by default.
fn notation(args: &Args) -> Result<Notation, Fault> {
    Ok(args
        .flag("--notation")
        .map_or(Ok(Notation::Seed), Notation::from_name)?)
}

/// Runs one command; its output, or why it did not run.
fn run(args: &Args) -> Result<String, Fault> {
    let file = args.target.as_os_str();
    Ok(match args.command.as_str() {
        "trace" => Trace::new(&read(file)?, true).to_json(),
        "train" => {
            let steps = args
                .flag("--steps")
                .ok_or_else(|| usage("--steps", "required"))?;
            let steps = whole("--steps", steps, 0, MAX_STEPS)?;
            let mut model = read(file)?;
            model.train(steps)?;
            model.state().to_json_pretty()
        }
        "explain" => {
            let param = args
                .flag("--param")
                .ok_or_else(|| usage("--param", "required, e.g. --param w2.1.1"))?;
            // JSON is the explanation itself, which the page gets as an object.
            let format = match args.flag("--format").unwrap_or("text") {
                "json" => None,
                name => Some(Format::from_name(name).map_err(|mut e| {
                    if let Problem::UnknownName { allowed, .. } = &mut e.problem {
                        allowed.push("json");
                    }
                    e
                })?),
            };
            let notation = notation(args)?;
            let model = read(file)?;
            let e = explain::explain_in(&model, param, sample(args, &model)?, notation)?;
            match format {
                Some(format) => e.render(format, 6),
                None => pretty(&e),
            }
        }
        "check" => pretty(&check::check(&read(file)?)),
        "distribution" => {
            let model = read(file)?;
            pretty(&distribution::distribution(&model, sample(args, &model)?)?)
        }
        "phases" => {
            let digits = args
                .flag("--digits")
                .map_or(Ok(4), |d| whole("--digits", d, 1, MAX_DIGITS))?;
            let format = args.flag("--format").unwrap_or("text");
            if !matches!(format, "text" | "latex" | "json") {
                return Err(usage(
                    "--format",
                    format!("expected text, latex or json, got '{format}'"),
                ));
            }
            let notation = notation(args)?;
            let model = read(file)?;
            let phases =
                lesson::phases_in(&model, sample(args, &model)?, digits as usize, notation)?;
            if format == "json" {
                return Ok(pretty(&phases));
            }
            let mut out = Vec::new();
            for p in &phases {
                let layer = p.layer.map_or(String::new(), |l| format!(" (layer {l})"));
                out.push(format!("{}{layer}", p.kind));
                for f in &p.formulas {
                    let formula = if format == "latex" { &f.latex } else { &f.text };
                    out.push(format!("  {formula}"));
                }
            }
            out.join("\n")
        }
        "preset" => preset::preset(&file.to_string_lossy())?.to_json_pretty(),
        _ => unreachable!("Args::parse takes only the commands it knows"),
    })
}

/// A report as indented JSON, for people to read.
fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("a report is always JSON")
}
