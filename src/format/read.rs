//! Reading a state: JSON text or an already parsed value, checked field by
//! field so that every refusal names the field and says what it expected.

use serde_json::{Map, Value};

use crate::error::{excerpt, Error, Expected, Item, Kind, Problem, Result};
use crate::format::state::*;
use crate::maths::activation::Activation;
use crate::maths::features::Feature;
use crate::maths::loss::Loss;
use crate::maths::penalty::Regularization;

/// The fields a state may have, in the order they are written.
pub const FIELDS: [&str; 19] = [
    "layers",
    "features",
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
    "regularization",
    "regularization_rate",
    "seed",
    "step",
    "seen",
    "version",
];

/// Reads and validates state text: JSON, with an optional byte-order mark.
pub fn parse(text: &str) -> Result<State> {
    from_value(&json(text, "state", MAX_STATE_BYTES)?)
}

/// JSON text as a value, refused past `limit` bytes before it is read.
pub fn json(text: &str, field: &str, limit: usize) -> Result<Value> {
    if text.len() > limit {
        return Err(Error::new(
            field,
            Problem::TooLarge {
                limit,
                got: text.len(),
            },
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            field,
            Problem::NotJson {
                detail: e.to_string(),
                line: e.line(),
                column: e.column(),
            },
        )
    })
}

#[inline(never)]
fn wrong(field: &str, expected: Expected, v: &Value) -> Error {
    Error::new(
        field,
        Problem::WrongKind {
            expected,
            got: Kind::of(v),
        },
    )
}

/// A finite number.
#[inline(never)]
pub fn number(v: &Value, field: &str) -> Result<f64> {
    match v {
        // Beyond the largest double (1e999, say) is a number JSON allows but f64 cannot hold.
        Value::Number(n) => v
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| Error::new(field, Problem::NotFinite { got: text(n) })),
        _ => Err(wrong(field, Expected::Number, v)),
    }
}

/// A whole number from `min` to `max`; `2.0` and `1e2` are whole numbers too.
#[inline(never)]
pub fn integer(v: &Value, field: &str, min: u64, max: u64) -> Result<u64> {
    let Value::Number(n) = v else {
        return Err(wrong(field, Expected::Number, v));
    };
    let whole = n.as_u64().or_else(|| {
        n.as_f64()
            .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x <= MAX_INTEGER as f64)
            .map(|x| x as u64)
    });
    match whole {
        Some(w) if (min..=max).contains(&w) => Ok(w),
        _ => Err(Error::new(
            field,
            Problem::NotWhole {
                min,
                max,
                got: text(n),
            },
        )),
    }
}

/// A number as the messages write it: a whole one in full, any other as
/// `error::num` writes numbers (and so without serde_json's own writer).
fn text(n: &serde_json::Number) -> String {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => u.to_string(),
        (_, Some(i)) => i.to_string(),
        _ => crate::error::num(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// true or false.
#[inline(never)]
pub fn boolean(v: &Value, field: &str) -> Result<bool> {
    v.as_bool().ok_or_else(|| wrong(field, Expected::Bool, v))
}

#[inline(never)]
fn array<'a>(v: &'a Value, field: &str, len: Option<(usize, Item)>) -> Result<&'a Vec<Value>> {
    let items = v
        .as_array()
        .ok_or_else(|| wrong(field, Expected::Array, v))?;
    match len {
        Some((n, item)) if items.len() != n => Err(Error::new(
            field,
            Problem::WrongLength {
                expected: n,
                got: items.len(),
                item,
            },
        )),
        _ => Ok(items),
    }
}

/// `f` on each item with its index, stopping at the first error. A plain
/// loop: smaller, in each of its copies, than collecting into a `Result`.
fn each<T>(items: &[Value], mut f: impl FnMut(usize, &Value) -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(f(i, v)?);
    }
    Ok(out)
}

/// `value` if it is within ±`MAX_MAGNITUDE`, else the error naming `field`.
pub fn in_range(field: &str, value: f64) -> Result<f64> {
    if value.abs() <= MAX_MAGNITUDE {
        return Ok(value);
    }
    Err(Error::new(
        field,
        Problem::OutOfRange {
            min: -MAX_MAGNITUDE,
            max: MAX_MAGNITUDE,
            got: value,
        },
    ))
}

/// A list of exactly `len` numbers within ±`MAX_MAGNITUDE`.
fn numbers(v: &Value, field: &str, len: usize) -> Result<Vec<f64>> {
    each(array(v, field, Some((len, Item::Number)))?, |i, x| {
        match x.as_f64() {
            Some(x) if x.abs() <= MAX_MAGNITUDE => Ok(x),
            // The field's name is only spelled out for the message.
            _ => {
                let field = format!("{field}[{i}]");
                in_range(&field, number(x, &field)?)
            }
        }
    })
}

/// The place of `v` among the `allowed` names. Not generic, so that one
/// copy serves every kind of name.
#[inline(never)]
fn name(v: &Value, field: &str, allowed: &[&'static str]) -> Result<usize> {
    let s = v.as_str().ok_or_else(|| wrong(field, Expected::Name, v))?;
    allowed.iter().position(|n| *n == s).ok_or_else(|| {
        Error::new(
            field,
            Problem::UnknownName {
                got: excerpt(s, 40),
                allowed: allowed.to_vec(),
            },
        )
    })
}

/// An activation by its state-format name.
pub fn activation(v: &Value, field: &str) -> Result<Activation> {
    name(v, field, &Activation::ALL.map(Activation::name)).map(|i| Activation::ALL[i])
}

/// A loss by its state-format name.
pub fn loss(v: &Value, field: &str) -> Result<Loss> {
    name(v, field, &Loss::ALL.map(Loss::name)).map(|i| Loss::ALL[i])
}

/// One activation name for each of the `depth` layers after the input.
pub fn activations(v: &Value, depth: usize) -> Result<Vec<Activation>> {
    each(
        array(v, "activations", Some((depth, Item::Name)))?,
        |i, a| activation(a, &format!("activations[{i}]")),
    )
}

/// η: above 0 and at most `MAX_LEARNING_RATE`.
pub fn learning_rate(v: &Value) -> Result<f64> {
    let x = number(v, "learning_rate")?;
    if x <= 0.0 || x > MAX_LEARNING_RATE {
        return Err(Error::new(
            "learning_rate",
            Problem::LearningRate {
                max: MAX_LEARNING_RATE,
                got: x,
            },
        ));
    }
    Ok(x)
}

/// The dropout probability: 0 to `MAX_DROPOUT`.
pub fn dropout(v: &Value) -> Result<f64> {
    let p = number(v, "dropout")?;
    if !(0.0..=MAX_DROPOUT).contains(&p) {
        return Err(Error::new(
            "dropout",
            Problem::Probability {
                max: MAX_DROPOUT,
                got: p,
            },
        ));
    }
    Ok(p)
}

/// Layer sizes the network can have: 1 to `MAX_NEURONS` each (the count of
/// layers is checked where they are read).
pub fn layer_sizes(layers: &[usize]) -> Result<()> {
    match layers.iter().position(|n| !(1..=MAX_NEURONS).contains(n)) {
        Some(i) => Err(Error::new(
            format!("layers[{i}]"),
            Problem::NotWhole {
                min: 1,
                max: MAX_NEURONS as u64,
                got: layers[i].to_string(),
            },
        )),
        None => Ok(()),
    }
}

/// The input features: one name for each of the `width` neurons of layer 1.
pub fn features(v: &Value, width: usize) -> Result<Vec<Feature>> {
    let names = Feature::ALL.map(Feature::name);
    let list = each(array(v, "features", Some((width, Item::Name)))?, |i, f| {
        name(f, &format!("features[{i}]"), &names).map(|n| Feature::ALL[n])
    })?;
    for (i, f) in list.iter().enumerate() {
        if list[..i].contains(f) {
            return Err(Error::new(
                format!("features[{i}]"),
                Problem::FeatureTwice {
                    name: f.name().to_string(),
                },
            ));
        }
    }
    Ok(list)
}

/// The regularization kind by name.
pub fn regularization(v: &Value) -> Result<Regularization> {
    name(
        v,
        "regularization",
        &Regularization::ALL.map(Regularization::name),
    )
    .map(|i| Regularization::ALL[i])
}

/// λ: 0 to `MAX_REGULARIZATION_RATE`.
pub fn regularization_rate(v: &Value) -> Result<f64> {
    let x = number(v, "regularization_rate")?;
    if !(0.0..=MAX_REGULARIZATION_RATE).contains(&x) {
        return Err(Error::new(
            "regularization_rate",
            Problem::OutOfRange {
                min: 0.0,
                max: MAX_REGULARIZATION_RATE,
                got: x,
            },
        ));
    }
    Ok(x)
}

/// The rules that tie fields together: cross-entropy needs a sigmoid
/// output layer and targets from 0 to 1.
pub fn consistent(s: &State) -> Result<()> {
    consistent_in(s, "samples")
}

/// `consistent`, naming the samples `field`.
pub fn consistent_in(s: &State, field: &str) -> Result<()> {
    if s.loss != Loss::CrossEntropy {
        return Ok(());
    }
    let out = s.activations[s.activations.len() - 1];
    if out != Activation::Sigmoid {
        return Err(Error::new(
            "loss",
            Problem::CrossEntropyOutput {
                index: s.activations.len() - 1,
                activation: out.name().to_string(),
            },
        ));
    }
    // A state is taken on at every frame of Play, with up to MAX_SAMPLES
    // samples: the field's name is only spelled out for the message.
    for (i, sample) in s.samples.iter().enumerate() {
        for (j, &y) in sample.target.iter().enumerate() {
            if !fits(s.loss, y) {
                return target_fits(s.loss, &format!("{field}[{i}].target[{j}]"), y).map(drop);
            }
        }
    }
    Ok(())
}

/// Whether `loss` can learn target `y`: cross-entropy takes 0 to 1 only.
fn fits(loss: Loss, y: f64) -> bool {
    loss != Loss::CrossEntropy || (0.0..=1.0).contains(&y)
}

/// A target `loss` can learn, else the error naming `field`.
pub fn target_fits(loss: Loss, field: &str, y: f64) -> Result<f64> {
    if !fits(loss, y) {
        return Err(Error::new(field, Problem::CrossEntropyTarget { got: y }));
    }
    Ok(y)
}

/// Validates a state that is already parsed JSON.
pub fn from_value(v: &Value) -> Result<State> {
    from_value_with(v, &mut None)
}

/// Validates a state whose samples are `given`, already read, in place of
/// its own `samples` field (a state without samples, trained elsewhere).
/// The samples move into the state; if it is refused they stay in `given`,
/// so a big set is never copied to be checked.
pub fn with_samples(v: &Value, given: &mut Vec<Sample>) -> Result<State> {
    let mut slot = Some(std::mem::take(given));
    let state = from_value_with(v, &mut slot);
    if let Some(back) = slot {
        *given = back;
    }
    state
}

/// The state `v` holds with `count` samples given flat in place of its own
/// `samples` field: each sample's `inputs.len() / count` inputs and
/// `targets.len() / count` targets laid end to end. A big data set is read
/// without a JSON value per number. `Some` exactly when `from_value` would
/// take the same state with those samples written out as objects, and then
/// the same state; `None` where it would not, and `from_value` says why.
pub fn with_flat_samples(
    v: &Value,
    inputs: &[f64],
    targets: &[f64],
    count: usize,
) -> Option<State> {
    if !(1..=MAX_SAMPLES).contains(&count)
        || !inputs.len().is_multiple_of(count)
        || !targets.len().is_multiple_of(count)
    {
        return None;
    }
    let (ins, outs) = (inputs.len() / count, targets.len() / count);
    // NaN is not within range either.
    if ins == 0
        || outs == 0
        || !inputs.iter().all(|x| x.abs() <= MAX_MAGNITUDE)
        || !targets.iter().all(|x| x.abs() <= MAX_MAGNITUDE)
    {
        return None;
    }
    // Read from a JavaScript object, a −0 comes as the whole number 0; so it does here.
    let part = |xs: &[f64]| {
        let mut out = Vec::with_capacity(xs.len());
        for x in xs {
            out.push(x + 0.0);
        }
        out
    };
    let mut samples = Vec::with_capacity(count);
    for (input, target) in inputs.chunks_exact(ins).zip(targets.chunks_exact(outs)) {
        samples.push(Sample {
            input: part(input),
            target: part(target),
        });
    }
    let state = with_samples(v, &mut samples).ok()?;
    (state.raw_inputs() == ins && state.outputs() == outs).then_some(state)
}

/// `given`, when there is one, is taken only by a state that passes; a
/// refused one leaves it in place.
fn from_value_with(v: &Value, given: &mut Option<Vec<Sample>>) -> Result<State> {
    let obj: &Map<String, Value> = v
        .as_object()
        .ok_or_else(|| wrong("state", Expected::Object, v))?;
    if let Some(unknown) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(Error::new(
            excerpt(unknown, 40),
            Problem::UnknownField {
                known: FIELDS.to_vec(),
            },
        ));
    }
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());

    let layers_v = get("layers").ok_or_else(|| Error::new("layers", Problem::LayersMissing))?;
    let layers_a = array(layers_v, "layers", None)?;
    if layers_a.len() < 2 || layers_a.len() > MAX_LAYERS {
        return Err(Error::new(
            "layers",
            Problem::LayerCount {
                max: MAX_LAYERS,
                got: layers_a.len(),
            },
        ));
    }
    let layers: Vec<usize> = each(layers_a, |i, n| {
        integer(n, &format!("layers[{i}]"), 1, MAX_NEURONS as u64).map(|n| n as usize)
    })?;
    layer_sizes(&layers)?;
    let depth = layers.len() - 1;
    let features = get("features")
        .map(|v| features(v, layers[0]))
        .transpose()?;
    let raw = raw_inputs(&layers, features.as_deref());

    let activations = match (get("activations"), get("activation")) {
        (Some(_), Some(_)) => return Err(Error::new("activation", Problem::ActivationTwice)),
        (Some(list), None) => activations(list, depth)?,
        (None, Some(one)) => vec![activation(one, "activation")?; depth],
        (None, None) => vec![Activation::Sigmoid; depth],
    };

    let loss = get("loss").map_or(Ok(Loss::SquaredError), |l| loss(l, "loss"))?;
    let learning_rate = get("learning_rate").map_or(Ok(0.5), learning_rate)?;
    let train_biases = get("train_biases").map_or(Ok(true), |v| boolean(v, "train_biases"))?;
    // A seed or a count of steps or samples, `default` if left out.
    let whole = |k: &str, default| get(k).map_or(Ok(default), |v| integer(v, k, 0, MAX_INTEGER));
    let seed = whole("seed", 1)?;

    let weights = match get("weights") {
        None => xavier(&layers, seed),
        Some(w) => each(
            array(w, "weights", Some((depth, Item::WeightMatrix)))?,
            |i, m| {
                let f = format!("weights[{i}]");
                each(array(m, &f, Some((layers[i + 1], Item::Row)))?, |j, row| {
                    numbers(row, &format!("{f}[{j}]"), layers[i])
                })
            },
        )?,
    };
    let biases = match get("biases") {
        None => zero_biases(&layers),
        Some(b) => each(
            array(b, "biases", Some((depth, Item::BiasVector)))?,
            |i, row| numbers(row, &format!("biases[{i}]"), layers[i + 1]),
        )?,
    };

    let read: Option<Vec<Sample>> = match (given.is_some(), get("samples")) {
        (true, _) => None,
        (false, None) => Some(vec![Sample {
            input: vec![0.0; raw],
            target: vec![0.0; layers[depth]],
        }]),
        (false, Some(s)) => Some(samples(s, "samples", raw, layers[depth])?),
    };
    let count = read.as_ref().or(given.as_ref()).map_or(0, Vec::len);

    let batch_size = get("batch_size").map_or(Ok(count), |v| {
        integer(v, "batch_size", 1, count as u64).map(|n| n as usize)
    })?;
    let shuffle = get("shuffle").map_or(Ok(false), |v| boolean(v, "shuffle"))?;
    let dropout = get("dropout").map_or(Ok(0.0), dropout)?;
    let regularization = get("regularization").map_or(Ok(Regularization::None), regularization)?;
    let regularization_rate = get("regularization_rate").map_or(Ok(0.0), regularization_rate)?;
    let step = whole("step", 0)?;
    let seen = whole("seen", 0)?;
    if let Some(v) = get("version") {
        integer(v, "version", 1, VERSION)?;
    }

    let from_given = read.is_none();
    let samples = read.or_else(|| given.take()).unwrap_or_default();
    let state = State {
        layers,
        features,
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
        regularization,
        regularization_rate,
        seed,
        step,
        seen,
        version: (),
    };
    if let Err(e) = consistent(&state) {
        if from_given {
            *given = Some(state.samples); // refused: the caller keeps them
        }
        return Err(e);
    }
    Ok(state)
}

/// A list of 1 to `MAX_SAMPLES` samples for a network of these `layers`.
pub fn samples(v: &Value, field: &str, inputs: usize, outputs: usize) -> Result<Vec<Sample>> {
    let items = array(v, field, None)?;
    if items.is_empty() || items.len() > MAX_SAMPLES {
        return Err(Error::new(
            field,
            Problem::SampleCount {
                max: MAX_SAMPLES,
                got: items.len(),
            },
        ));
    }
    // Up to MAX_SAMPLES of them: a sample's name is only spelled out for a message.
    each(items, |i, s| match well_formed(s, inputs, outputs) {
        Some(s) => Ok(s),
        None => sample(s, &format!("{field}[{i}]"), inputs, outputs),
    })
}

/// The sample `v` holds if `sample` would take it as it is, else None
/// (and `sample` says what is wrong).
fn well_formed(v: &Value, inputs: usize, outputs: usize) -> Option<Sample> {
    let obj = v.as_object().filter(|o| o.len() == 2)?;
    let part = |name: &str, n: usize| -> Option<Vec<f64>> {
        let items = obj.get(name)?.as_array().filter(|a| a.len() == n)?;
        let mut out = Vec::with_capacity(n);
        for x in items {
            out.push(x.as_f64().filter(|x| x.abs() <= MAX_MAGNITUDE)?);
        }
        Some(out)
    };
    let input = part("input", inputs)?;
    let target = part("target", outputs)?;
    Some(Sample { input, target })
}

fn sample(v: &Value, f: &str, inputs: usize, outputs: usize) -> Result<Sample> {
    let obj = v.as_object().ok_or_else(|| wrong(f, Expected::Sample, v))?;
    if let Some(k) = obj.keys().find(|k| *k != "input" && *k != "target") {
        let k = excerpt(k, 40);
        return Err(Error::new(format!("{f}.{k}"), Problem::UnknownSampleField));
    }
    let part = |name: &str, n: usize| match obj.get(name) {
        None => Err(Error::new(format!("{f}.{name}"), Problem::Missing)),
        Some(x) => numbers(x, &format!("{f}.{name}"), n),
    };
    let input = part("input", inputs)?;
    let target = part("target", outputs)?;
    Ok(Sample { input, target })
}

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
    fn whole_numbers_may_be_written_as_decimals() {
        let s = parse(r#"{"layers":[2.0,1e1,1],"seed":3e0,"version":2.0}"#).unwrap();
        assert_eq!((s.layers, s.seed), (vec![2, 10, 1], 3));
        let e = parse(r#"{"layers":[2,2.5,1]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "layers[1]: expected a whole number from 1 to 16, got 2.5"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_long_text_refused_unread() {
        assert!(parse("\u{feff}{\"layers\":[1,1]}").is_ok());
        let long = " ".repeat(MAX_STATE_BYTES + 1);
        let e = parse(&long).unwrap_err();
        assert_eq!(e.code(), "too_large");
        assert_eq!(e.field, "state");
    }
}
