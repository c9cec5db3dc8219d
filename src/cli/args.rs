//! The command line: the command, its state file and its flags. Its problems
//! are the CLI's own, not the core's, so they have their own small type.

use std::ffi::OsString;
use std::fmt;

use backprop_playground::format::preset::PRESETS;
use backprop_playground::Error;
use lexopt::Arg::{Long, Short, Value};

/// Each command and the flags it takes; every flag takes a value.
const COMMANDS: &[(&str, &[&str])] = &[
    ("trace", &[]),
    ("train", &["--steps"]),
    (
        "explain",
        &["--param", "--sample", "--format", "--notation"],
    ),
    ("check", &[]),
    ("distribution", &["--sample"]),
    (
        "phases",
        &["--sample", "--digits", "--format", "--notation"],
    ),
    ("preset", &[]),
];

/// Why a command did not run; shown as `backprop: <this>`, with exit status 2.
#[derive(Debug)]
pub enum Fault {
    /// The command line, or a file named on it: `name: problem`.
    Usage { name: String, problem: String },
    /// The core refused the state or a value.
    Core(Error),
}

/// A problem with the command line, e.g. `usage("--steps", "required")`.
pub fn usage(name: impl Into<String>, problem: impl Into<String>) -> Fault {
    Fault::Usage {
        name: name.into(),
        problem: problem.into(),
    }
}

impl From<Error> for Fault {
    fn from(e: Error) -> Self {
        Fault::Core(e)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Usage { name, problem } => write!(f, "{name}: {problem}"),
            Fault::Core(e) => e.fmt(f),
        }
    }
}

/// A command line that names a known command and only the flags it takes.
pub struct Args {
    /// The command, e.g. `train`.
    pub command: String,
    /// The state file (`-` for standard input), or the preset's name.
    pub target: OsString,
    /// The flags given, by name; a flag given twice counts its last value.
    flags: Vec<(&'static str, String)>,
}

impl Args {
    /// Parses the arguments after the program's name; `None` asks for the usage text.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, Fault> {
        let mut p = lexopt::Parser::from_args(args);
        let command = match p.next().map_err(lexopt_fault)? {
            None | Some(Short('h') | Long("help")) => return Ok(None),
            Some(Value(v)) => text("command", v)?,
            Some(option) => return Err(usage(option_name(&option), "expected a command first")),
        };
        if command == "help" {
            return Ok(None);
        }
        let &(_, allowed) = COMMANDS
            .iter()
            .find(|(c, _)| *c == command)
            .ok_or_else(|| usage(&command, "unknown command (try backprop --help)"))?;
        let (noun, hint) = match command.as_str() {
            "preset" => ("name", PRESETS.join(", ")),
            _ => ("state file", "or - for standard input".to_string()),
        };
        let mut target = None;
        let mut flags = Vec::new();
        while let Some(arg) = p.next().map_err(lexopt_fault)? {
            match arg {
                Short('h') | Long("help") => return Ok(None),
                Value(v) if target.is_none() => target = Some(v),
                Value(v) => {
                    let v = v.to_string_lossy();
                    return Err(usage(
                        v,
                        format!("unexpected argument ({command} takes one {noun})"),
                    ));
                }
                option => {
                    let name = option_name(&option);
                    let Some(&known) = allowed.iter().find(|&&f| f == name) else {
                        let expected = match allowed {
                            [] => format!("{command} takes none"),
                            _ => format!("expected {}", allowed.join(", ")),
                        };
                        return Err(usage(name, format!("unknown option ({expected})")));
                    };
                    let value = p
                        .value()
                        .map_err(|_| usage(known, "expected a value after it"))?;
                    flags.push((known, text(known, value)?));
                }
            }
        }
        let target =
            target.ok_or_else(|| usage(&command, format!("expected a {noun} ({hint})")))?;
        Ok(Some(Args {
            command,
            target,
            flags,
        }))
    }

    /// The value of flag `name`, if it is given.
    pub fn flag(&self, name: &str) -> Option<&str> {
        let mut given = self.flags.iter().filter(|(f, _)| *f == name);
        given.next_back().map(|(_, v)| v.as_str())
    }
}

/// An option as the user typed it: `--steps` or `-s`.
fn option_name(option: &lexopt::Arg) -> String {
    match option {
        Short(c) => format!("-{c}"),
        Long(name) => format!("--{name}"),
        Value(v) => v.to_string_lossy().into_owned(),
    }
}

/// A flag's value as text; flags take words and numbers, never raw bytes.
fn text(name: &str, value: OsString) -> Result<String, Fault> {
    value.into_string().map_err(|v| {
        usage(
            name,
            format!("expected text, got '{}'", v.to_string_lossy()),
        )
    })
}

/// lexopt's own errors, which `parse` leaves no way to reach; kept readable all the same.
fn lexopt_fault(e: lexopt::Error) -> Fault {
    usage("arguments", e.to_string())
}

/// `text` as a whole number from `lo` to `hi`, or an error naming flag
/// `name` and the range. Any decimal with a whole value counts, so a number
/// a script computed (`2.0`, `1e2`) is taken as it is.
pub fn whole(name: &str, text: &str, lo: u64, hi: u64) -> Result<u64, Fault> {
    let x: f64 = text.parse().unwrap_or(f64::NAN);
    // Infinity and NaN have no whole part either: their `fract` is NaN.
    if x.fract() != 0.0 {
        let problem = format!("expected a whole number from {lo} to {hi}, got '{text}'");
        return Err(usage(name, problem));
    }
    if x < lo as f64 || x > hi as f64 {
        return Err(usage(name, format!("expected {lo} to {hi}, got {text}")));
    }
    Ok(x as u64)
}
