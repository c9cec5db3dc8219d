//! The JSON state format (see docs/format.md): reading it with a message
//! that names the field at fault, filling defaults, and writing it back.

use crate::json::{self, Map, ToJson, Value, Writer};

use crate::error::{Error, Result};
use crate::maths::activation::Activation;
use crate::maths::loss::Loss;
use crate::maths::network::{Layer, Network};
use crate::maths::rng::{Purpose, Rng};

pub use crate::maths::limits::{MAX_LAYERS, MAX_MAGNITUDE, MAX_NEURONS};

/// Training samples in a state.
pub const MAX_SAMPLES: usize = 10_000;
/// The largest learning rate accepted.
pub const MAX_LEARNING_RATE: f64 = 100.0;
/// The largest dropout probability accepted.
pub const MAX_DROPOUT: f64 = 0.9;
/// Seeds, step and sample counts stay below 2⁵³ so JavaScript reads them exactly.
pub const MAX_INTEGER: u64 = (1 << 53) - 1;
/// The longest state text read, in bytes: the largest allowed state
/// (10,000 samples of 8 inputs and 16 targets) written out with indents
/// fits well within it.
pub const MAX_STATE_BYTES: usize = 16 << 20;
/// The longest CSV text read, in bytes: 10,000 rows fit with room to spare.
pub const MAX_CSV_BYTES: usize = 4 << 20;

/// `value`, or the message for a number outside ±`MAX_MAGNITUDE` (shown as `text`).
pub fn in_range(field: &str, value: f64, text: &dyn std::fmt::Display) -> Result<f64> {
    if value.abs() <= MAX_MAGNITUDE {
        return Ok(value);
    }
    Err(Error::field(
        field,
        format!("expected a number from -{MAX_MAGNITUDE:e} to {MAX_MAGNITUDE:e}, got {text}"),
    ))
}

/// One training example.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// a¹, the input layer's values
    pub input: Vec<f64>,
    /// y, what the output layer should produce
    pub target: Vec<f64>,
}

/// A whole playground: network, parameters, samples and training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub layers: Vec<usize>,
    pub activations: Vec<Activation>,
    pub loss: Loss,
    pub learning_rate: f64,
    pub train_biases: bool,
    /// `weights[i][j][k]`: from neuron k of layer i to neuron j of layer i+1
    pub weights: Vec<Vec<Vec<f64>>>,
    /// `biases[i][j]`: neuron j of layer i+1
    pub biases: Vec<Vec<f64>>,
    pub samples: Vec<Sample>,
    pub batch_size: usize,
    pub shuffle: bool,
    pub dropout: f64,
    pub seed: u64,
    /// gradient steps taken so far
    pub step: u64,
    /// samples consumed by those steps; the epoch is `seen / samples.len()`
    pub seen: u64,
}

const FIELDS: [&str; 16] = [
    "layers",
    "activations",
    "activation",
    "loss",
    "learning_rate",
    "train_biases",
    "weights",
    "biases",
    "samples",
    "batch_size",
    "shuffle",
    "dropout",
    "seed",
    "step",
    "seen",
    "version",
];

#[inline(never)]
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[inline(never)]
fn number(v: &Value, field: &str) -> Result<f64> {
    match v {
        // Beyond the largest double (1e999, say) is a number JSON allows but f64 cannot hold.
        Value::Number(n) => v
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| Error::field(field, format!("expected a finite number, got {n}"))),
        _ => Err(Error::field(
            field,
            format!("expected a number, got {}", kind(v)),
        )),
    }
}

#[inline(never)]
fn integer(v: &Value, field: &str, min: u64, max: u64) -> Result<u64> {
    let n = v.as_u64().ok_or_else(|| {
        Error::field(
            field,
            format!(
                "expected a whole number from {min} to {max}, got {}",
                describe(v)
            ),
        )
    })?;
    if n < min || n > max {
        return Err(Error::field(
            field,
            format!("expected a whole number from {min} to {max}, got {n}"),
        ));
    }
    Ok(n)
}

#[inline(never)]
fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => n.clone(),
        _ => kind(v).to_string(),
    }
}

#[inline(never)]
fn boolean(v: &Value, field: &str) -> Result<bool> {
    v.as_bool()
        .ok_or_else(|| Error::field(field, format!("expected true or false, got {}", kind(v))))
}

#[inline(never)]
fn array<'a>(v: &'a Value, field: &str, len: Option<usize>, what: &str) -> Result<&'a Vec<Value>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::field(field, format!("expected an array, got {}", kind(v))))?;
    if let Some(n) = len {
        if items.len() != n {
            let s = if n == 1 { "" } else { "s" };
            return Err(Error::field(
                field,
                format!("expected {n} {what}{s}, got {}", items.len()),
            ));
        }
    }
    Ok(items)
}

/// `f` on each item with its index, stopping at the first error.
fn each<T>(items: &[Value], mut f: impl FnMut(usize, &Value) -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(f(i, v)?);
    }
    Ok(out)
}

/// A list of exactly `len` numbers within ±`MAX_MAGNITUDE`.
fn numbers(v: &Value, field: &str, len: usize) -> Result<Vec<f64>> {
    each(array(v, field, Some(len), "number")?, |i, x| {
        match x.as_f64() {
            Some(x) if x.abs() <= MAX_MAGNITUDE => Ok(x),
            // The field's name is only spelled out for the message.
            _ => {
                let field = format!("{field}[{i}]");
                in_range(&field, number(x, &field)?, &describe(x))
            }
        }
    })
}

#[inline(never)]
fn activation(v: &Value, field: &str) -> Result<Activation> {
    v.as_str().and_then(Activation::from_name).ok_or_else(|| {
        Error::field(
            field,
            format!(
                "expected one of sigmoid, tanh, relu, leaky_relu, linear, got {}",
                v.as_str()
                    .map_or_else(|| kind(v).to_string(), |s| format!("'{s}'"))
            ),
        )
    })
}

/// Reads and validates a state. Every message names the field at fault.
pub fn parse(json: &str) -> Result<State> {
    let v = json::parse(json).map_err(Error::Json)?;
    from_value(&v)
}

/// Validates a state that is already parsed JSON.
pub fn from_value(v: &Value) -> Result<State> {
    let obj: &Map = v
        .as_object()
        .ok_or_else(|| Error::field("state", format!("expected a JSON object, got {}", kind(v))))?;
    if let Some(unknown) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(Error::field(
            unknown.as_str(),
            format!("unknown field (known fields: {})", FIELDS.join(", ")),
        ));
    }
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());

    let layers_v = get("layers").ok_or_else(|| {
        Error::field(
            "layers",
            "missing; give the neurons per layer, e.g. [2, 2, 2]",
        )
    })?;
    let layers_a = array(layers_v, "layers", None, "")?;
    if layers_a.len() < 2 || layers_a.len() > MAX_LAYERS {
        return Err(Error::field(
            "layers",
            format!(
                "expected 2 to {MAX_LAYERS} layers counting the input layer, got {}",
                layers_a.len()
            ),
        ));
    }
    let layers: Vec<usize> = each(layers_a, |i, n| {
        integer(n, &format!("layers[{i}]"), 1, MAX_NEURONS as u64).map(|n| n as usize)
    })?;
    let depth = layers.len() - 1;

    let activations = match (get("activations"), get("activation")) {
        (Some(_), Some(_)) => {
            return Err(Error::field(
                "activation",
                "give either activation or activations, not both",
            ))
        }
        (Some(list), None) => each(array(list, "activations", Some(depth), "name")?, |i, a| {
            activation(a, &format!("activations[{i}]"))
        })?,
        (None, Some(one)) => vec![activation(one, "activation")?; depth],
        (None, None) => vec![Activation::Sigmoid; depth],
    };

    let loss = match get("loss") {
        None => Loss::SquaredError,
        Some(l) => l.as_str().and_then(Loss::from_name).ok_or_else(|| {
            Error::field(
                "loss",
                format!(
                    "expected squared_error or cross_entropy, got {}",
                    describe_str(l)
                ),
            )
        })?,
    };
    if loss == Loss::CrossEntropy && activations[depth - 1] != Activation::Sigmoid {
        return Err(Error::field(
            "loss",
            format!(
                "cross_entropy needs a sigmoid output layer, but activations[{}] is {}",
                depth - 1,
                activations[depth - 1].name()
            ),
        ));
    }

    let learning_rate = match get("learning_rate") {
        None => 0.5,
        Some(v) => {
            let x = number(v, "learning_rate")?;
            if x <= 0.0 || x > MAX_LEARNING_RATE {
                return Err(Error::field(
                    "learning_rate",
                    format!("expected a number above 0 and at most {MAX_LEARNING_RATE}, got {x}"),
                ));
            }
            x
        }
    };
    let train_biases = get("train_biases").map_or(Ok(true), |v| boolean(v, "train_biases"))?;
    let seed = get("seed").map_or(Ok(1), |v| integer(v, "seed", 0, MAX_INTEGER))?;

    let weights = match get("weights") {
        None => xavier(&layers, seed),
        Some(w) => each(
            array(w, "weights", Some(depth), "weight matrix")?,
            |i, m| {
                let f = format!("weights[{i}]");
                each(array(m, &f, Some(layers[i + 1]), "row")?, |j, row| {
                    numbers(row, &format!("{f}[{j}]"), layers[i])
                })
            },
        )?,
    };
    let biases = match get("biases") {
        None => layers[1..].iter().map(|&n| vec![0.0; n]).collect(),
        Some(b) => each(array(b, "biases", Some(depth), "bias vector")?, |i, row| {
            numbers(row, &format!("biases[{i}]"), layers[i + 1])
        })?,
    };

    let samples: Vec<Sample> = match get("samples") {
        None => vec![Sample {
            input: vec![0.0; layers[0]],
            target: vec![0.0; layers[depth]],
        }],
        Some(s) => {
            let items = array(s, "samples", None, "")?;
            if items.is_empty() || items.len() > MAX_SAMPLES {
                return Err(Error::field(
                    "samples",
                    format!("expected 1 to {MAX_SAMPLES} samples, got {}", items.len()),
                ));
            }
            each(items, |i, s| sample(s, i, &layers, loss))?
        }
    };

    let batch_size = get("batch_size").map_or(Ok(samples.len()), |v| {
        integer(v, "batch_size", 1, samples.len() as u64).map(|n| n as usize)
    })?;
    let shuffle = get("shuffle").map_or(Ok(false), |v| boolean(v, "shuffle"))?;
    let dropout = match get("dropout") {
        None => 0.0,
        Some(v) => {
            let p = number(v, "dropout")?;
            if !(0.0..=MAX_DROPOUT).contains(&p) {
                return Err(Error::field(
                    "dropout",
                    format!("expected a probability from 0 to {MAX_DROPOUT}, got {p}"),
                ));
            }
            p
        }
    };
    let step = get("step").map_or(Ok(0), |v| integer(v, "step", 0, MAX_INTEGER))?;
    let seen = get("seen").map_or(Ok(0), |v| integer(v, "seen", 0, MAX_INTEGER))?;
    if let Some(v) = get("version") {
        integer(v, "version", 1, 1)?;
    }

    Ok(State {
        layers,
        activations,
        loss,
        learning_rate,
        train_biases,
        weights,
        biases,
        samples,
        batch_size,
        shuffle,
        dropout,
        seed,
        step,
        seen,
    })
}

#[inline(never)]
fn describe_str(v: &Value) -> String {
    v.as_str()
        .map_or_else(|| kind(v).to_string(), |s| format!("'{s}'"))
}

fn sample(v: &Value, i: usize, layers: &[usize], loss: Loss) -> Result<Sample> {
    let f = format!("samples[{i}]");
    let obj = v.as_object().ok_or_else(|| {
        Error::field(
            &f,
            format!("expected an object with input and target, got {}", kind(v)),
        )
    })?;
    if let Some(k) = obj.keys().find(|k| *k != "input" && *k != "target") {
        return Err(Error::field(
            format!("{f}.{k}"),
            "unknown field (a sample has input and target)",
        ));
    }
    let part = |name: &str, n: usize| match obj.get(name) {
        None => Err(Error::field(format!("{f}.{name}"), "missing")),
        Some(x) => numbers(x, &format!("{f}.{name}"), n),
    };
    let input = part("input", layers[0])?;
    let target = part("target", layers[layers.len() - 1])?;
    if loss == Loss::CrossEntropy {
        if let Some(j) = target.iter().position(|y| !(0.0..=1.0).contains(y)) {
            return Err(Error::field(
                format!("{f}.target[{j}]"),
                format!("cross_entropy needs targets from 0 to 1, got {}", target[j]),
            ));
        }
    }
    Ok(Sample { input, target })
}

/// Xavier/Glorot uniform weights: U(−r, r), r = √(6 / (n_in + n_out)).
fn xavier(layers: &[usize], seed: u64) -> Vec<Vec<Vec<f64>>> {
    let mut rng = Rng::new(seed, Purpose::Init, 0);
    layers
        .windows(2)
        .map(|pair| {
            let (n_in, n_out) = (pair[0], pair[1]);
            let r = (6.0 / (n_in + n_out) as f64).sqrt();
            (0..n_out)
                .map(|_| {
                    (0..n_in)
                        .map(|_| r * (2.0 * rng.next_f64() - 1.0))
                        .collect()
                })
                .collect()
        })
        .collect()
}

impl State {
    /// The state as JSON, with every field present.
    pub fn to_json(&self) -> String {
        self.json()
    }

    /// The state as indented JSON, for files people read.
    pub fn to_json_pretty(&self) -> String {
        self.json_pretty()
    }

    /// The network these weights and biases describe.
    pub fn network(&self) -> Network {
        Network {
            layers: (0..self.layers.len() - 1)
                .map(|i| Layer {
                    n_in: self.layers[i],
                    n_out: self.layers[i + 1],
                    w: self.weights[i].concat(),
                    b: self.biases[i].clone(),
                    act: self.activations[i],
                })
                .collect(),
        }
    }

    /// Copies a network's parameters back into the nested arrays.
    pub fn set_network(&mut self, net: &Network) {
        for (i, l) in net.layers.iter().enumerate() {
            self.weights[i] = l.w.chunks(l.n_in).map(<[f64]>::to_vec).collect();
            self.biases[i] = l.b.clone();
        }
    }
}

impl ToJson for Sample {
    fn write_json(&self, w: &mut Writer) {
        w.open('{');
        w.field("input", &self.input);
        w.field("target", &self.target);
        w.close('}');
    }
}

impl ToJson for State {
    fn write_json(&self, w: &mut Writer) {
        self.write_with(w, None);
    }
}

impl State {
    /// The state as compact JSON with `samples` written from `samples_json`,
    /// the JSON of these very samples kept from before: a caller that writes
    /// the state again and again (the page does, every frame of training)
    /// then writes the samples, nearly all of its numbers, once.
    pub fn to_json_with_samples(&self, samples_json: &str) -> String {
        let mut w = Writer::new(false);
        self.write_with(&mut w, Some(samples_json));
        w.finish()
    }

    /// A copy without the samples, cheap however many there are.
    pub fn without_samples(&self) -> State {
        State {
            layers: self.layers.clone(),
            activations: self.activations.clone(),
            weights: self.weights.clone(),
            biases: self.biases.clone(),
            samples: Vec::new(),
            ..*self
        }
    }

    fn write_with(&self, w: &mut Writer, samples_json: Option<&str>) {
        w.open('{');
        w.field("layers", &self.layers);
        w.key("activations");
        w.open('[');
        for a in &self.activations {
            w.item();
            w.str(a.name());
        }
        w.close(']');
        w.field("loss", self.loss.name());
        w.field("learning_rate", &self.learning_rate);
        w.field("train_biases", &self.train_biases);
        w.field("weights", &self.weights);
        w.field("biases", &self.biases);
        match samples_json {
            Some(text) => {
                w.key("samples");
                w.raw(text);
            }
            None => w.field("samples", &self.samples),
        }
        w.field("batch_size", &self.batch_size);
        w.field("shuffle", &self.shuffle);
        w.field("dropout", &self.dropout);
        w.field("seed", &self.seed);
        w.field("step", &self.step);
        w.field("seen", &self.seen);
        w.close('}');
    }
}

/// The names of the built-in examples.
pub const PRESETS: [&str; 4] = ["seed", "xor", "and", "or"];

/// A built-in example: the seed's 2-2-2 network, or a logic gate to learn.
pub fn preset(name: &str) -> Result<State> {
    let gate = |targets: [f64; 4]| -> String {
        let inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
        let samples: Vec<String> = inputs
            .iter()
            .zip(targets)
            .map(|(x, y)| format!(r#"{{"input":[{},{}],"target":[{y}]}}"#, x[0], x[1]))
            .collect();
        format!(
            r#"{{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"cross_entropy",
                "learning_rate":0.5,"seed":1,"samples":[{}]}}"#,
            samples.join(",")
        )
    };
    let json = match name {
        "seed" => SEED.to_string(),
        "xor" => gate([0.0, 1.0, 1.0, 0.0]),
        "and" => gate([0.0, 0.0, 0.0, 1.0]),
        "or" => gate([0.0, 1.0, 1.0, 1.0]),
        _ => {
            return Err(Error::argument(
                "preset",
                format!("no preset named '{name}' (try {})", PRESETS.join(", ")),
            ))
        }
    };
    parse(&json)
}

/// The seed's 2-2-2 sigmoid network with the classic worked-example numbers.
pub const SEED: &str = r#"{ "layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"], "loss": "squared_error",
  "learning_rate": 0.5, "train_biases": true,
  "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
  "biases": [[0.35, 0.35], [0.6, 0.6]],
  "samples": [{ "input": [0.05, 0.1], "target": [0.01, 0.99] }],
  "batch_size": 1, "shuffle": false, "dropout": 0.0, "seed": 1 }"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_everything_but_layers() {
        let s = parse(r#"{"layers":[2,3,1]}"#).unwrap();
        assert_eq!(s.activations, vec![Activation::Sigmoid; 2]);
        assert_eq!((s.learning_rate, s.batch_size, s.seed), (0.5, 1, 1));
        assert_eq!(s.biases, vec![vec![0.0; 3], vec![0.0]]);
        // Xavier bound for the first layer: √(6/5)
        let r = (6.0f64 / 5.0).sqrt();
        assert!(s.weights[0].iter().flatten().all(|w| w.abs() < r));
        assert_eq!(
            s,
            parse(r#"{"layers":[2,3,1]}"#).unwrap(),
            "same seed, same draw"
        );
        assert_ne!(
            s.weights,
            parse(r#"{"layers":[2,3,1],"seed":2}"#).unwrap().weights
        );
    }

    #[test]
    fn presets_load() {
        for name in PRESETS {
            preset(name).unwrap();
        }
        assert!(preset("nand").is_err());
    }
}
