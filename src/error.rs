//! The one error type: every message names the field or the argument at fault.

use std::fmt;

/// What went wrong, worded for the person who typed the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The text is not JSON at all.
    Json(String),
    /// A field of the state holds something the format does not allow.
    Field { field: String, problem: String },
    /// A parameter or value name that does not exist in this network.
    Name(String),
    /// A bad command-line or API argument.
    Argument { name: String, problem: String },
}

impl Error {
    /// A field error, e.g. `field("weights[1][0]", "expected 2 numbers, got 3")`.
    // Out of line, as errors are rare: one copy of the conversions, not one per message.
    #[inline(never)]
    pub fn field(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Field {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// An argument error, e.g. `argument("--steps", "expected a whole number")`.
    #[inline(never)]
    pub fn argument(name: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Argument {
            name: name.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json(msg) => write!(f, "state: not valid JSON: {msg}"),
            Error::Field { field, problem } => write!(f, "{field}: {problem}"),
            Error::Name(name) => write!(
                f,
                "param: no parameter named '{name}' in this network (try w2.1.1 or b2.1)"
            ),
            Error::Argument { name, problem } => write!(f, "{name}: {problem}"),
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
