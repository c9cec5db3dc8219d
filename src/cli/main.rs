//! `backprop`: the playground's maths on the command line, in the same JSON
//! state format the page reads and writes.

use std::io::Read;
use std::process::ExitCode;

use backprop_playground::format::preset;
use backprop_playground::teach::explain::{self, Format};
use backprop_playground::teach::lesson;
use backprop_playground::{Error, Model, Trace};

const USAGE: &str = "usage:
  backprop trace STATE.json                 forward and backward pass, as JSON
  backprop train STATE.json --steps N       the state after N gradient steps
  backprop explain STATE.json --param w2.1.1 [--sample 1] [--format text|markdown|latex|json]
                                            the chain rule for one parameter, with numbers
  backprop check STATE.json                 finite-difference gradient check
  backprop distribution STATE.json [--sample 1]
                                            the seed's error back-distribution beside δ
  backprop phases STATE.json [--sample 1] [--decimals 4] [--format text|latex|json]
                                            one training step worked out phase by phase
  backprop preset seed|xor|and|or           a built-in state
STATE.json may be - for standard input.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            println!("{}", out.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("backprop: {e}");
            ExitCode::from(2)
        }
    }
}

/// What stops a command: the core's coded error, or a bad argument.
enum Failure {
    Core(Error),
    Argument(String, String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Core(e) => write!(f, "{e}"),
            Failure::Argument(name, problem) => write!(f, "{name}: {problem}"),
        }
    }
}

type Result<T> = std::result::Result<T, Failure>;

fn argument(name: impl Into<String>, problem: impl Into<String>) -> Failure {
    Failure::Argument(name.into(), problem.into())
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("always JSON")
}

fn read(path: &str) -> Result<Model> {
    let mut text = String::new();
    let got = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    got.map_err(|e| argument(path, format!("cannot read: {e}")))?;
    Ok(Model::from_json(&text)?)
}

/// The value after `--name`, if the flag is given.
fn flag<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|v| Some(v.as_str()))
            .ok_or_else(|| argument(name, "expected a value after it")),
    }
}

fn whole(args: &[String], name: &str) -> Result<Option<u64>> {
    flag(args, name)?
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| argument(name, format!("expected a whole number, got '{v}'")))
        })
        .transpose()
}

/// A 1-based `--sample` as a 0-based index.
fn sample(args: &[String]) -> Result<usize> {
    match whole(args, "--sample")? {
        None => Ok(0),
        Some(0) => Err(argument("--sample", "samples are numbered from 1")),
        Some(n) => Ok(n as usize - 1),
    }
}

fn check_flags(args: &[String], allowed: &[&str]) -> Result<()> {
    for a in args.iter().skip(2).step_by(2) {
        if !allowed.contains(&a.as_str()) {
            let expected = match allowed {
                [] => format!("{} takes none", args[0]),
                _ => format!("expected {}", allowed.join(", ")),
            };
            return Err(argument(a, format!("unknown option ({expected})")));
        }
    }
    Ok(())
}

fn run(args: &[String]) -> Result<String> {
    let command = args.first().map(String::as_str).unwrap_or("");
    if matches!(command, "" | "-h" | "--help" | "help") {
        return Ok(USAGE.to_string());
    }
    let file = args
        .get(1)
        .ok_or_else(|| argument(command, "expected a state file (or - for standard input)"))?;
    match command {
        "trace" => {
            check_flags(args, &[])?;
            Ok(Trace::new(&read(file)?, true).to_json())
        }
        "train" => {
            check_flags(args, &["--steps"])?;
            let steps = whole(args, "--steps")?.ok_or_else(|| argument("--steps", "required"))?;
            let mut model = read(file)?;
            model.train(steps)?;
            Ok(model.state().to_json_pretty())
        }
        "explain" => {
            check_flags(args, &["--param", "--sample", "--format"])?;
            let param = flag(args, "--param")?
                .ok_or_else(|| argument("--param", "required, e.g. --param w2.1.1"))?;
            let format = Format::from_name(flag(args, "--format")?.unwrap_or("text"))?;
            let model = read(file)?;
            Ok(explain::explain(&model, param, sample(args)?)?.render(format, 6))
        }
        "check" => {
            check_flags(args, &[])?;
            let report = explain::check(&read(file)?);
            Ok(pretty(&report))
        }
        "distribution" => {
            check_flags(args, &["--sample"])?;
            let d = explain::distribution(&read(file)?, sample(args)?)?;
            Ok(pretty(&d))
        }
        "phases" => {
            check_flags(args, &["--sample", "--decimals", "--format"])?;
            let decimals = whole(args, "--decimals")?.unwrap_or(4) as usize;
            let phases = lesson::phases(&read(file)?, sample(args)?, decimals)?;
            let format = flag(args, "--format")?.unwrap_or("text");
            let pick = |f: &lesson::Formula| match format {
                "latex" => Ok(f.latex.clone()),
                "text" => Ok(f.text.clone()),
                _ => Err(argument(
                    "--format",
                    format!("expected text, latex or json, got '{format}'"),
                )),
            };
            if format == "json" {
                return Ok(pretty(&phases));
            }
            let mut out = Vec::new();
            for p in &phases {
                let layer = p.layer.map_or(String::new(), |l| format!(" (layer {l})"));
                out.push(format!("{}{layer}", p.kind));
                for f in &p.formulas {
                    out.push(format!("  {}", pick(f)?));
                }
            }
            Ok(out.join("\n"))
        }
        "preset" => {
            check_flags(args, &[])?;
            Ok(preset::preset(file)?.to_json_pretty())
        }
        _ => Err(argument(command, "unknown command (try backprop --help)")),
    }
}
