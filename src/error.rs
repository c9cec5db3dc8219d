//! The one error type. Every error names the field at fault and says what
//! is wrong as a `Problem`: a stable code with the parameters of its
//! message. The CLI prints the English line; the page gets the code, the
//! field and the parameters, and words the message in its own language.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{Map, Value};

/// What went wrong: one variant a code, its fields the message's parameters.
#[derive(Debug, Clone, PartialEq, strum::IntoStaticStr, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum Problem {
    /// The text is not JSON; `detail` is the parser's own words.
    NotJson {
        detail: String,
        line: usize,
        column: usize,
    },
    /// A value of the wrong kind, e.g. a string where a number belongs.
    WrongKind { expected: Expected, got: Kind },
    /// Text that is not a number (a CSV field); `got` is cut to a short excerpt.
    NotANumber { got: String },
    /// A number that is NaN or infinite.
    NotFinite { got: String },
    /// A number outside `min` to `max`.
    OutOfRange { min: f64, max: f64, got: f64 },
    /// Not a whole number from `min` to `max`.
    NotWhole { min: u64, max: u64, got: String },
    /// A count outside `min` to `max` (a sample number, a grid's side).
    CountRange { min: u64, max: u64, got: u64 },
    /// A list of the wrong length.
    WrongLength {
        expected: usize,
        got: usize,
        item: Item,
    },
    /// A name that is not one of the allowed ones.
    UnknownName {
        got: String,
        allowed: Vec<&'static str>,
    },
    /// A field the state format does not have.
    UnknownField { known: Vec<&'static str> },
    /// A field in a sample other than input and target.
    UnknownSampleField,
    /// A required field left out.
    Missing,
    /// The state has no `layers`.
    LayersMissing,
    /// Too few or too many layers.
    LayerCount { max: usize, got: usize },
    /// Both `activation` and `activations` given.
    ActivationTwice,
    /// Cross-entropy asked for over an output layer that is not sigmoid.
    CrossEntropyOutput { index: usize, activation: String },
    /// Cross-entropy with a target outside [0, 1].
    CrossEntropyTarget { got: f64 },
    /// A learning rate that is not above 0 and at most `max`.
    LearningRate { max: f64, got: f64 },
    /// Too few or too many samples.
    SampleCount { max: usize, got: usize },
    /// A dropout probability outside 0 to `max`.
    Probability { max: f64, got: f64 },
    /// A held-out fraction outside [0, 1).
    TestFraction { got: f64 },
    /// A number that must be above 0.
    AboveZero { got: f64 },
    /// No built-in example of that name.
    NoPreset {
        got: String,
        allowed: Vec<&'static str>,
    },
    /// No built-in data set of that name.
    NoDataset {
        got: String,
        allowed: Vec<&'static str>,
    },
    /// No parameter of that name in this network.
    NoParam { name: String },
    /// No value of that name in this network (a weight, bias, z, a, δ, input or target).
    NoValue { name: String },
    /// A sample index past the end.
    NoSuchSample { count: usize },
    /// An input or target index past the end of a sample.
    NoSuchValue { part: Part, count: usize },
    /// A sample whose sizes do not fit the network.
    SampleShape {
        inputs: usize,
        targets: usize,
        net_inputs: usize,
        net_outputs: usize,
    },
    /// A call that needs a network with `inputs` inputs.
    InputsNeeded { inputs: usize, has: usize },
    /// An input feature listed a second time.
    FeatureTwice { name: String },
    /// Training stopped before a step that would have broken the network.
    Diverged { step: u64, why: Cause },
    /// A CSV file with more rows than a state may hold.
    TooManyRows { max: usize },
    /// A CSV file without a single row of data.
    NoRows,
    /// Text longer than the limit for its kind.
    TooLarge { limit: usize, got: usize },
    /// A link with a character base64url does not have.
    LinkCharacter { got: String },
    /// A link that ends before its state does.
    LinkShort { part: String },
    /// A link number that is not finite.
    LinkNumber { part: String },
    /// A link count past its limit.
    LinkTooBig { part: String, got: u64, max: u64 },
    /// Not `version.state`.
    LinkForm,
    /// A link version this build cannot read.
    LinkVersion { got: String },
    /// An activation number no activation has.
    LinkActivation { got: u8 },
    /// A layer size outside 1 to `max`.
    LinkLayerSize { max: usize },
    /// Bytes after the whole state.
    LinkTrailing,
}

/// The kinds of value a field expects, for `WrongKind`.
#[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Expected {
    Number,
    Bool,
    Array,
    Object,
    Sample,
    Name,
}

/// The kinds of JSON value, for what a field got instead.
#[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// What a list holds, for `WrongLength`.
#[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Item {
    Number,
    Name,
    WeightMatrix,
    Row,
    BiasVector,
}

/// The two parts of a sample.
#[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Part {
    Input,
    Target,
}

/// Why training stopped.
#[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Cause {
    /// The batch's loss overflowed or became NaN.
    LossNotFinite,
    /// A parameter would pass ±1e6 or stop being finite.
    ParameterOutOfRange,
}

/// A problem with the field it concerns: `weights[1][0]`, `samples[3].target`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Error {
    pub field: String,
    #[serde(flatten)]
    pub problem: Problem,
}

impl Error {
    /// `problem` at `field`.
    // Out of line, as errors are rare: one copy of the conversion, not one per message.
    #[inline(never)]
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Error {
            field: field.into(),
            problem,
        }
    }

    /// The stable code, e.g. `wrong_kind`.
    pub fn code(&self) -> &'static str {
        (&self.problem).into()
    }

    /// Every code the core can give.
    pub fn codes() -> &'static [&'static str] {
        <Problem as strum::VariantNames>::VARIANTS
    }

    /// The English message without the field.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }
}

impl Problem {
    /// The message's parameters by name, as the page receives them: the
    /// variant's fields, names of kinds in snake_case.
    pub fn params(&self) -> Map<String, Value> {
        use Problem::*;
        // One copy of the insertion for each kind of value, not one a parameter.
        fn put<V: Into<Value>>(params: &mut Map<String, Value>, k: &str, v: V) {
            params.insert(k.to_string(), v.into());
        }
        let mut params = Map::new();
        let p = &mut params;
        match self {
            NotJson {
                detail,
                line,
                column,
            } => {
                put(p, "detail", detail.as_str());
                put(p, "line", *line);
                put(p, "column", *column);
            }
            WrongKind { expected, got } => {
                put(p, "expected", <&str>::from(expected));
                put(p, "got", <&str>::from(got));
            }
            NotANumber { got } | NotFinite { got } => {
                put(p, "got", got.as_str());
            }
            OutOfRange { min, max, got } => {
                put(p, "min", *min);
                put(p, "max", *max);
                put(p, "got", *got);
            }
            NotWhole { min, max, got } => {
                put(p, "min", *min);
                put(p, "max", *max);
                put(p, "got", got.as_str());
            }
            CountRange { min, max, got } => {
                put(p, "min", *min);
                put(p, "max", *max);
                put(p, "got", *got);
            }
            WrongLength {
                expected,
                got,
                item,
            } => {
                put(p, "expected", *expected);
                put(p, "got", *got);
                put(p, "item", <&str>::from(item));
            }
            UnknownName { got, allowed }
            | NoPreset { got, allowed }
            | NoDataset { got, allowed } => {
                put(p, "got", got.as_str());
                put(p, "allowed", &allowed[..]);
            }
            UnknownField { known } => {
                put(p, "known", &known[..]);
            }
            LayerCount { max, got } | SampleCount { max, got } => {
                put(p, "max", *max);
                put(p, "got", *got);
            }
            CrossEntropyOutput { index, activation } => {
                put(p, "index", *index);
                put(p, "activation", activation.as_str());
            }
            CrossEntropyTarget { got } | TestFraction { got } | AboveZero { got } => {
                put(p, "got", *got);
            }
            LearningRate { max, got } | Probability { max, got } => {
                put(p, "max", *max);
                put(p, "got", *got);
            }
            NoParam { name } | NoValue { name } | FeatureTwice { name } => {
                put(p, "name", name.as_str());
            }
            NoSuchSample { count } => {
                put(p, "count", *count);
            }
            NoSuchValue { part, count } => {
                put(p, "part", <&str>::from(part));
                put(p, "count", *count);
            }
            SampleShape {
                inputs,
                targets,
                net_inputs,
                net_outputs,
            } => {
                put(p, "inputs", *inputs);
                put(p, "targets", *targets);
                put(p, "net_inputs", *net_inputs);
                put(p, "net_outputs", *net_outputs);
            }
            InputsNeeded { inputs, has } => {
                put(p, "inputs", *inputs);
                put(p, "has", *has);
            }
            Diverged { step, why } => {
                put(p, "step", *step);
                put(p, "why", <&str>::from(why));
            }
            TooManyRows { max } | LinkLayerSize { max } => {
                put(p, "max", *max);
            }
            TooLarge { limit, got } => {
                put(p, "limit", *limit);
                put(p, "got", *got);
            }
            LinkCharacter { got } | LinkVersion { got } => {
                put(p, "got", got.as_str());
            }
            LinkShort { part } | LinkNumber { part } => {
                put(p, "part", part.as_str());
            }
            LinkTooBig { part, got, max } => {
                put(p, "part", part.as_str());
                put(p, "got", *got);
                put(p, "max", *max);
            }
            LinkActivation { got } => {
                put(p, "got", *got);
            }
            UnknownSampleField | Missing | LayersMissing | ActivationTwice | NoRows | LinkForm
            | LinkTrailing => {}
        }
        params
    }
}

/// `{ "code": "wrong_kind", "params": { "expected": "number", "got": "string" } }`,
/// with no `params` for a code without any.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (code, params): (&str, _) = (self.into(), self.params());
        let mut out = s.serialize_struct("Problem", 1 + usize::from(!params.is_empty()))?;
        out.serialize_field("code", code)?;
        if !params.is_empty() {
            out.serialize_field("params", &params)?;
        }
        out.end()
    }
}

impl Kind {
    /// The kind of a JSON value.
    pub fn of(v: &serde_json::Value) -> Kind {
        use serde_json::Value as V;
        match v {
            V::Null => Kind::Null,
            V::Bool(_) => Kind::Bool,
            V::Number(_) => Kind::Number,
            V::String(_) => Kind::String,
            V::Array(_) => Kind::Array,
            V::Object(_) => Kind::Object,
        }
    }
}

/// A number in its shorter form, plain on a tie: 1e6 rather than
/// 1000000, 0.5 rather than 5e-1, 1e300 rather than its 301 digits.
pub fn num(x: f64) -> String {
    let (plain, e) = (format!("{x}"), format!("{x:e}"));
    if e.len() < plain.len() {
        e
    } else {
        plain
    }
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            NotJson { detail, .. } => write!(f, "not valid JSON: {detail}"),
            WrongKind { expected, got } => {
                let expected = match expected {
                    Expected::Number => "a number",
                    Expected::Bool => "true or false",
                    Expected::Array => "an array",
                    Expected::Object => "a JSON object",
                    Expected::Sample => "an object with input and target",
                    Expected::Name => "a name",
                };
                let got = match got {
                    Kind::Null => "null",
                    Kind::Bool => "true/false",
                    Kind::Number => "a number",
                    Kind::String => "a string",
                    Kind::Array => "an array",
                    Kind::Object => "an object",
                };
                write!(f, "expected {expected}, got {got}")
            }
            NotANumber { got } if got.is_empty() => write!(f, "expected a number, got nothing"),
            NotANumber { got } => write!(f, "expected a number, got '{got}'"),
            NotFinite { got } => write!(f, "expected a finite number, got {got}"),
            OutOfRange { min, max, got } => write!(
                f,
                "expected a number from {} to {}, got {}",
                num(*min),
                num(*max),
                num(*got)
            ),
            NotWhole { min, max, got } => {
                write!(f, "expected a whole number from {min} to {max}, got {got}")
            }
            CountRange { min, max, got } => write!(f, "expected {min} to {max}, got {got}"),
            WrongLength {
                expected,
                got,
                item,
            } => {
                let item = match item {
                    Item::Number => "number",
                    Item::Name => "name",
                    Item::WeightMatrix => "weight matrix",
                    Item::Row => "row",
                    Item::BiasVector => "bias vector",
                };
                let s = if *expected == 1 { "" } else { "s" };
                write!(f, "expected {expected} {item}{s}, got {got}")
            }
            UnknownName { got, allowed } => {
                write!(f, "expected one of {}, got '{got}'", list(allowed))
            }
            UnknownField { known } => write!(f, "unknown field (known fields: {})", list(known)),
            UnknownSampleField => write!(f, "unknown field (a sample has input and target)"),
            Missing => write!(f, "missing"),
            LayersMissing => write!(
                f,
                "missing; give the neurons per layer, e.g. [2, 2, 2]"
            ),
            LayerCount { max, got } => write!(
                f,
                "expected 2 to {max} layers counting the input layer, got {got}"
            ),
            ActivationTwice => write!(f, "give either activation or activations, not both"),
            CrossEntropyOutput { index, activation } => write!(
                f,
                "cross_entropy needs a sigmoid output layer, but activations[{index}] is {activation}"
            ),
            CrossEntropyTarget { got } => write!(
                f,
                "cross_entropy needs targets from 0 to 1, got {}",
                num(*got)
            ),
            LearningRate { max, got } => write!(
                f,
                "expected a number above 0 and at most {}, got {}",
                num(*max),
                num(*got)
            ),
            SampleCount { max, got } => write!(f, "expected 1 to {max} samples, got {got}"),
            Probability { max, got } => write!(
                f,
                "expected a probability from 0 to {}, got {}",
                num(*max),
                num(*got)
            ),
            TestFraction { got } => write!(
                f,
                "expected a number from 0 up to (not including) 1, got {}",
                num(*got)
            ),
            AboveZero { got } => write!(f, "expected a finite number above 0, got {}", num(*got)),
            NoPreset { got, allowed } => {
                write!(f, "no preset named '{got}' (try {})", list(allowed))
            }
            NoDataset { got, allowed } => {
                write!(f, "no dataset named '{got}' (try {})", list(allowed))
            }
            NoParam { name } => write!(
                f,
                "no parameter named '{name}' in this network (try w2.1.1 or b2.1)"
            ),
            NoValue { name } => write!(
                f,
                "no value named '{name}' in this network (try w2.1.1, z2.1 or a1.1)"
            ),
            NoSuchSample { count } => write!(f, "no such sample (there are {count})"),
            NoSuchValue { part, count } => {
                let part = match part {
                    Part::Input => "input",
                    Part::Target => "target",
                };
                write!(f, "no such {part} (there are {count})")
            }
            SampleShape {
                inputs,
                targets,
                net_inputs,
                net_outputs,
            } => write!(
                f,
                "has {inputs} inputs and {targets} targets, but the network takes {net_inputs} and gives {net_outputs}"
            ),
            InputsNeeded { inputs, has } => {
                let s = if *inputs == 1 { "" } else { "s" };
                write!(f, "needs a network with {inputs} input{s}, this one has {has}")
            }
            FeatureTwice { name } => write!(f, "{name} is already one of the features"),
            Diverged { step, why } => {
                let why = match why {
                    Cause::LossNotFinite => "the loss is no longer a finite number",
                    Cause::ParameterOutOfRange => {
                        "a parameter would grow past 1e6 or stop being a finite number"
                    }
                };
                write!(
                    f,
                    "training diverged at step {step}: {why}; lower the learning rate (the network before that step is kept)"
                )
            }
            TooManyRows { max } => write!(f, "more than {max} rows; keep at most {max}"),
            NoRows => write!(f, "no rows of x1,x2,label"),
            TooLarge { limit, got } => write!(
                f,
                "{} is over the {} limit",
                bytes(*got),
                bytes(*limit)
            ),
            LinkCharacter { got } => write!(f, "'{got}' cannot appear in a link's state"),
            LinkShort { part } => {
                write!(f, "cut short while reading {part} (was it copied whole?)")
            }
            LinkNumber { part } => write!(f, "{part} is not a valid number"),
            LinkTooBig { part, got, max } => write!(f, "{part}: {got} is more than {max}"),
            LinkForm => write!(f, "expected a version and a state, like 1.AgIC…"),
            LinkVersion { got } => write!(
                f,
                "version '{got}' is not one this page reads (it reads 1 and 2)"
            ),
            LinkActivation { got } => write!(f, "activation number {got} is unknown"),
            LinkLayerSize { max } => write!(f, "a layer size is outside 1 to {max}"),
            LinkTrailing => write!(f, "has bytes left over after the state"),
        }
    }
}

/// At most `max` characters of `text`, with … where it was cut: a message
/// echoes what it read without repeating megabytes of it.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A byte count as people read it: 900 bytes, 12.5 KB, 16 MB.
pub fn bytes(n: usize) -> String {
    let n = n as f64;
    if n < 1e3 {
        format!("{n} bytes")
    } else if n < 1e6 {
        format!("{} KB", (n / 1e2).round() / 10.0)
    } else {
        format!("{} MB", (n / 1e5).round() / 10.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reads_field_then_problem_and_carries_its_code() {
        let e = Error::new(
            "weights[1][0]",
            Problem::WrongLength {
                expected: 2,
                got: 3,
                item: Item::Number,
            },
        );
        assert_eq!(e.to_string(), "weights[1][0]: expected 2 numbers, got 3");
        assert_eq!(e.code(), "wrong_length");
        assert!(Error::codes().contains(&"wrong_length"));
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "wrong_length");
        assert_eq!(v["field"], "weights[1][0]");
        assert_eq!(v["params"]["item"], "number");
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(num(1e6), "1e6");
        assert_eq!(num(-1e6), "-1e6");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(100.0), "100");
        assert_eq!(bytes(40_200_000), "40.2 MB");
        assert_eq!(bytes(16_000_000), "16 MB");
    }
}
