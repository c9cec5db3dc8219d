//! The JavaScript face of the core, and the only module that knows about
//! wasm-bindgen. The network stays in Rust behind a `Playground` handle.
//! Results cross as plain objects (serde-wasm-bindgen), hot data as typed
//! arrays (js-sys) and the heatmap as `ImageData` (web-sys). Every error is
//! a JS `Error` with the CLI's English message and its `code`, `field` and
//! `params` (see docs/bindings.md).

use std::fmt::Write;

use js_sys::{Float64Array, Object, Reflect};
use serde::Serialize;
use serde_json::Value;
use serde_path_to_error::Segment;
use wasm_bindgen::prelude::*;
use web_sys::ImageData;

mod finite;

use crate::data::{self, Dataset, Setup, MAX_NOISE};
use crate::error::{Error, Problem};
use crate::format::read::{self, FIELDS};
use crate::format::state::{self, Sample};
use crate::format::{link, preset as presets};
use crate::maths::activation::Activation;
use crate::maths::features::Feature;
use crate::maths::loss::Loss;
use crate::maths::penalty::Regularization;
use crate::maths::rng;
use crate::model::{Model, MAX_GRID, MAX_STEPS, SETTINGS};
use crate::teach::explain::{self, FORMATS};
use crate::teach::names::{Names, Notation, NOTATIONS};
use crate::teach::trace::Trace;
use crate::teach::{check, distribution, graph, health, lesson, palette};

type Js<T> = Result<T, JsValue>;

/// A plain JS value: objects for structs and maps, arrays, numbers, null for None.
/// Every type goes through `serde_json::Value` first, so that the module
/// carries one conversion to JavaScript rather than one for each type.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    json_to_js(serde_json::to_value(value))
}

/// The rest of `to_js`, which does not depend on the type: one copy, not one a type.
#[inline(never)]
fn json_to_js(value: serde_json::Result<Value>) -> JsValue {
    value_to_js(&value.unwrap_or_default())
}

#[inline(never)]
fn value_to_js(value: &Value) -> JsValue {
    let out = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible());
    out.unwrap_or(JsValue::NULL)
}

/// The JS `Error` for a core error: the English message, with `code`,
/// `field` and `params` to word it in another language.
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    // A parameter JavaScript cannot hold as a number (a count past 2⁵³) leaves `params` empty.
    let params = Some(value_to_js(&Value::Object(e.problem.params())))
        .filter(|p| !p.is_null())
        .unwrap_or_else(|| Object::new().into());
    let fields = [
        ("code", JsValue::from(e.code())),
        ("field", JsValue::from(e.field.as_str())),
        ("params", params),
    ];
    let _ = set(&err, &fields);
    err.into()
}

/// Sets these fields of a JS object, stopping at the first that fails.
fn set(target: &JsValue, fields: &[(&str, JsValue)]) -> Js<()> {
    for (key, value) in fields {
        Reflect::set(target, &JsValue::from(*key), value)?;
    }
    Ok(())
}

fn js<T>(r: crate::Result<T>) -> Js<T> {
    r.map_err(|e| js_error(&e))
}

/// A JS value read as JSON, for the state format's reader. What JSON cannot
/// hold is refused: Infinity and NaN as not finite, at their path under
/// `field`; a function or a BigInt as not JSON.
fn value(v: JsValue, field: &str) -> Js<Value> {
    let d = serde_wasm_bindgen::Deserializer::from(v);
    match serde_path_to_error::deserialize::<_, finite::Json>(d) {
        Ok(json) => Ok(json.0),
        Err(e) => {
            let mut at = field.to_string();
            for segment in e.path() {
                // Writing to a String cannot fail.
                let _ = match segment {
                    Segment::Seq { index } => write!(at, "[{index}]"),
                    // A whole state's fields are named on their own: `learning_rate`.
                    Segment::Map { key } if at == "state" => {
                        at = key.clone();
                        Ok(())
                    }
                    Segment::Map { key } => write!(at, ".{key}"),
                    _ => Ok(()),
                };
            }
            let text = e.into_inner().to_string();
            // serde-wasm-bindgen words its errors as a JS Error would ("Error: …")
            let not_finite = text.strip_prefix("Error: ");
            let problem = match not_finite.and_then(|t| t.strip_prefix(finite::NOT_FINITE)) {
                Some(got) => Problem::NotFinite {
                    got: got.to_string(),
                },
                None => Problem::NotJson {
                    detail: crate::error::excerpt(&text, 200),
                    line: 0,
                    column: 0,
                },
            };
            Err(js_error(&Error::new(at, problem)))
        }
    }
}

/// RGBA pixels as an `ImageData` of its own: copied out of wasm memory,
/// which the next allocation may reuse.
fn image(pixels: &[u8], width: u32, height: u32) -> Js<ImageData> {
    let copy = js_sys::Uint8ClampedArray::from(pixels);
    ImageData::new_with_js_u8_clamped_array_and_sh(&copy, width, height)
}

/// A step count from JS, where any number can arrive: whole and in range, or an error.
fn steps(n: f64) -> crate::Result<u64> {
    if n.fract() != 0.0 || !(0.0..=MAX_STEPS as f64).contains(&n) {
        return Err(Error::new(
            "steps",
            Problem::NotWhole {
                min: 0,
                max: MAX_STEPS,
                got: crate::error::num(n),
            },
        ));
    }
    Model::check_steps(n as u64)
}

/// The names and limits the page needs, so that it keeps no copy of them.
/// Lists are borrowed slices: one serializer for all, and nothing copied.
#[derive(Serialize)]
struct Vocabulary<'a> {
    activations: &'a [&'static str],
    losses: &'a [&'static str],
    regularizations: &'a [&'static str],
    features: &'a [&'static str],
    presets: &'a [&'static str],
    datasets: Vec<DatasetName>,
    formats: &'a [&'static str],
    notations: &'a [&'static str],
    settings: &'a [&'static str],
    fields: &'a [&'static str],
    params: ParamLetters,
    limits: Limits,
    errors: &'a [&'static str],
}

#[derive(Serialize)]
struct DatasetName {
    name: &'static str,
    inputs: usize,
    /// classes (targets 0 and 1) rather than numbers to fit
    classes: bool,
    /// the network a class starts it with, and Play's speed for it
    setup: Setup,
}

/// The letters of value and parameter names (`w2.1.1`, `d3.1`).
#[derive(Serialize)]
struct ParamLetters {
    weight: &'static str,
    bias: &'static str,
    z: &'static str,
    a: &'static str,
    delta: &'static str,
    input: &'static str,
    target: &'static str,
}

#[derive(Serialize)]
struct Limits {
    max_layers: usize,
    max_neurons: usize,
    max_samples: usize,
    max_learning_rate: f64,
    max_dropout: f64,
    max_regularization_rate: f64,
    max_magnitude: f64,
    max_steps: u64,
    max_grid: usize,
    max_noise: f64,
    max_state_bytes: usize,
    max_csv_bytes: usize,
}

/// The names and limits of the core: activations, losses, presets, data
/// sets, formats, settings, state fields, name letters, limits, error codes.
#[wasm_bindgen]
pub fn vocabulary() -> JsValue {
    to_js(&Vocabulary {
        activations: &Activation::ALL.map(Activation::name),
        losses: &Loss::ALL.map(Loss::name),
        regularizations: &Regularization::ALL.map(Regularization::name),
        features: &Feature::ALL.map(Feature::name),
        presets: &presets::PRESETS,
        datasets: Dataset::ALL
            .iter()
            .map(|d| DatasetName {
                name: d.name(),
                inputs: d.inputs(),
                classes: d.classes(),
                setup: d.setup(),
            })
            .collect(),
        formats: &FORMATS,
        notations: &NOTATIONS,
        settings: &SETTINGS,
        fields: &FIELDS,
        params: ParamLetters {
            weight: "w",
            bias: "b",
            z: "z",
            a: "a",
            delta: "d",
            input: "x",
            target: "y",
        },
        limits: Limits {
            max_layers: state::MAX_LAYERS,
            max_neurons: state::MAX_NEURONS,
            max_samples: state::MAX_SAMPLES,
            max_learning_rate: state::MAX_LEARNING_RATE,
            max_dropout: state::MAX_DROPOUT,
            max_regularization_rate: state::MAX_REGULARIZATION_RATE,
            max_magnitude: state::MAX_MAGNITUDE,
            max_steps: MAX_STEPS,
            max_grid: MAX_GRID,
            max_noise: MAX_NOISE,
            max_state_bytes: state::MAX_STATE_BYTES,
            max_csv_bytes: state::MAX_CSV_BYTES,
        },
        errors: Error::codes(),
    })
}

/// The notation a call names, the seed's when none is given.
fn notation(name: Option<String>) -> Js<Notation> {
    js(name.map_or(Ok(Notation::Seed), |n| Notation::from_name(&n)))
}

/// A value's name (`w3.1.2`, `z2.1`, `gw2.1.1`, `x1.2`) in `notation` for a
/// network with these layer sizes: `{ base, sup, sub, text, latex }`, the
/// parts for a drawing and the whole name as text and LaTeX.
#[wasm_bindgen]
pub fn label(name: &str, notation: &str, layers: &[u32]) -> Js<JsValue> {
    let notation = js(Notation::from_name(notation))?;
    let sizes: Vec<usize> = layers.iter().map(|&n| n as usize).collect();
    js(Names::new(&sizes, notation).of(name)).map(|s| to_js(&s))
}

/// `label` for many names in one call, in their order: a big network's
/// diagram names thousands of values, and one crossing costs less than
/// thousands. Throws for the first name the network lacks.
#[wasm_bindgen]
pub fn labels(names: Vec<String>, notation: &str, layers: &[u32]) -> Js<JsValue> {
    let notation = js(Notation::from_name(notation))?;
    let sizes: Vec<usize> = layers.iter().map(|&n| n as usize).collect();
    let names_of = Names::new(&sizes, notation);
    let mut all = Vec::with_capacity(names.len());
    for n in &names {
        all.push(js(names_of.of(n))?);
    }
    Ok(to_js(&all))
}

/// A built-in state by name: `seed`, `xor`, `and` or `or`.
#[wasm_bindgen]
pub fn preset(name: &str) -> Js<JsValue> {
    js(presets::preset(name)).map(|s| to_js(&s))
}

/// The state a shared link holds; throws if the link is damaged.
#[wasm_bindgen(js_name = stateFromLink)]
pub fn state_from_link(link: &str) -> Js<JsValue> {
    js(link::decode(link)).map(|s| to_js(&s))
}

/// A fresh seed from the platform's random source, below 2⁵³.
#[wasm_bindgen(js_name = freshSeed)]
pub fn fresh_seed() -> f64 {
    rng::fresh_seed() as f64
}

/// The palette's colour for one output at full strength: `[r, g, b]`.
#[wasm_bindgen]
pub fn palette(v: f64, signed: Option<bool>) -> Vec<u8> {
    palette::colour(palette::position(v, !signed.unwrap_or(false)), 1.0).to_vec()
}

/// What one call of `step` did.
#[derive(Serialize)]
struct Stepped<'a> {
    step: u64,
    epoch: u64,
    loss: Option<f64>,
    dropout_mask: &'a Option<Vec<Vec<bool>>>,
}

/// A loaded network with its samples and training settings.
#[wasm_bindgen]
pub struct Playground {
    model: Model,
    /// The values `heatmapInto` writes, read by JS in place.
    heat: Vec<f64>,
    /// Held-out samples for `testLoss`.
    test: Vec<Sample>,
}

#[wasm_bindgen]
impl Playground {
    /// Validates and loads a state object.
    #[wasm_bindgen(constructor)]
    pub fn new(state: JsValue) -> Js<Playground> {
        let v = value(state, "state")?;
        js(Model::from_value(&v)).map(|model| Playground {
            model,
            heat: Vec::new(),
            test: Vec::new(),
        })
    }

    /// The whole state as an object, every field present.
    pub fn state(&self) -> JsValue {
        to_js(&self.model.state())
    }

    /// The state with `samples: []`: what a step changes, cheap however
    /// many samples there are.
    #[wasm_bindgen(js_name = stateWithoutSamples)]
    pub fn state_without_samples(&mut self) -> JsValue {
        to_js(&self.model.state_without_samples())
    }

    /// The samples as `{ inputs, targets, inputSize, targetSize }`: each
    /// sample's input and target laid end to end in two `Float64Array`s,
    /// `inputSize` and `targetSize` numbers a sample. 10,000 samples cross as
    /// two copies rather than as 10,000 objects.
    #[wasm_bindgen(js_name = samplesFlat)]
    pub fn samples_flat(&self) -> JsValue {
        let samples = self.model.samples();
        let flat = |part: fn(&Sample) -> &Vec<f64>| {
            let size = samples.first().map_or(0, |s| part(s).len());
            let mut values = Vec::with_capacity(samples.len() * size);
            for s in samples {
                values.extend_from_slice(part(s));
            }
            (Float64Array::from(&values[..]), size)
        };
        let (inputs, input_size) = flat(|s| &s.input);
        let (targets, target_size) = flat(|s| &s.target);
        let out = Object::new();
        let fields = [
            ("inputs", JsValue::from(inputs)),
            ("targets", JsValue::from(targets)),
            ("inputSize", JsValue::from(input_size as u32)),
            ("targetSize", JsValue::from(target_size as u32)),
        ];
        let _ = set(&out, &fields);
        out.into()
    }

    /// The whole state packed for a URL (see docs/format.md, "Links").
    pub fn link(&self) -> String {
        link::encode(&self.model.state())
    }

    /// Replaces the state; on error the old one stays.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&mut self, state: JsValue) -> Js<()> {
        let v = value(state, "state")?;
        self.model = js(Model::from_value(&v))?;
        Ok(())
    }

    /// `setState` of `state` with `count` samples given flat, as
    /// `samplesFlat` gives them: their inputs end to end in `inputs`, their
    /// targets in `targets`; the state's own `samples` field is not read.
    /// 10,000 samples cross as two copies rather than as 10,000 objects.
    /// Returns false, and changes nothing, where `setState` of the same
    /// state with those samples as objects would refuse it (then it names
    /// the fault); else it takes the very same state.
    #[wasm_bindgen(js_name = setStateFlat)]
    pub fn set_state_flat(
        &mut self,
        state: JsValue,
        inputs: &[f64],
        targets: &[f64],
        count: u32,
    ) -> bool {
        let Ok(v) = value(state, "state") else {
            return false;
        };
        match read::with_flat_samples(&v, inputs, targets, count as usize) {
            Some(s) => {
                self.model = Model::new(s);
                true
            }
            None => false,
        }
    }

    /// Replaces the state with one given without its samples
    /// (`stateWithoutSamples` of a copy trained elsewhere), keeping the
    /// samples loaded; on error the old one stays.
    #[wasm_bindgen(js_name = setStateWithoutSamples)]
    pub fn set_state_without_samples(&mut self, state: JsValue) -> Js<()> {
        let v = value(state, "state")?;
        js(self.model.set_state_without_samples(&v))
    }

    /// A forward pass over every sample: z, a and f'(z), and the losses.
    pub fn forward(&self) -> JsValue {
        to_js(&Trace::new(&self.model, false))
    }

    /// Forward and backward over every sample, with ∂L/∂a, δ and the gradients.
    pub fn backward(&self) -> JsValue {
        self.trace()
    }

    /// The same as `backward`: the full trace.
    pub fn trace(&self) -> JsValue {
        to_js(&Trace::new(&self.model, true))
    }

    /// The trace with only sample `i`'s values; loss and gradients are the mean over all.
    #[wasm_bindgen(js_name = traceSample)]
    pub fn trace_sample(&mut self, i: u32, backward: bool) -> Js<JsValue> {
        js(Trace::of_sample(&mut self.model, i as usize, backward)).map(|t| to_js(&t))
    }

    /// The network unrolled into ×, + and activations for sample `i`: `{
    /// sample, nodes: [{ id, op, value, grad }], edges: [{ from, to, local }] }`
    /// (see `teach::graph`).
    pub fn graph(&self, sample: u32) -> Js<JsValue> {
        js(graph::graph(&self.model, sample as usize)).map(|g| to_js(&g))
    }

    /// The neurons that pass little or no gradient back: `{ saturated: ['2.1'],
    /// dead: ['3.4'], samples }` (see `teach::health`).
    pub fn health(&self) -> JsValue {
        to_js(&health::health(&self.model))
    }

    /// Changes one setting: `setSetting("learning_rate", 0.1)`.
    #[wasm_bindgen(js_name = setSetting)]
    pub fn set_setting(&mut self, name: &str, v: JsValue) -> Js<()> {
        let v = value(v, name)?;
        js(self.model.set_setting(name, &v))
    }

    /// Feeds layer 1 with these input features (names from
    /// `vocabulary().features`), or the raw inputs for `null`; layer 1
    /// takes their count and its outgoing weights are drawn afresh.
    #[wasm_bindgen(js_name = setFeatures)]
    pub fn set_features(&mut self, v: JsValue) -> Js<()> {
        let v = value(v, "features")?;
        js(self.model.set_features(&v))
    }

    /// Fresh Xavier weights from `seed`, step 0, samples and settings kept.
    pub fn reinitialize(&mut self, seed: f64) -> Js<()> {
        let seed = js(crate::format::read::integer(
            &Value::from(seed),
            "seed",
            0,
            state::MAX_INTEGER,
        ))?;
        js(self.model.reinitialize(seed))
    }

    /// `n` gradient steps; returns `{ step, epoch, loss, losses, epochs,
    /// dropout_mask, error }`: each step's batch loss and the epoch after it
    /// as `Float64Array`s and, if training diverged, the coded error (the
    /// steps before it are kept).
    pub fn step(&mut self, n: f64) -> Js<JsValue> {
        let run = js(steps(n).and_then(|n| self.model.run(n)))?;
        let out = to_js(&Stepped {
            step: self.model.settings().step,
            epoch: self.model.epoch(),
            loss: run.losses.last().copied(),
            dropout_mask: &self.model.last_mask,
        });
        let mut epochs = Vec::with_capacity(run.epochs.len());
        for &e in &run.epochs {
            epochs.push(e as f64);
        }
        let error = run.error.as_ref().map_or(JsValue::NULL, js_error);
        let fields = [
            ("losses", Float64Array::from(&run.losses[..]).into()),
            ("epochs", Float64Array::from(&epochs[..]).into()),
            ("error", error),
        ];
        set(&out, &fields)?;
        Ok(out)
    }

    /// `n` gradient steps; the batch loss of each.
    pub fn train(&mut self, n: f64) -> Js<Vec<f64>> {
        js(steps(n).and_then(|n| self.model.train(n)))
    }

    /// The chain rule for one parameter as `text`, `markdown` or `latex`,
    /// numbers to `digits` significant digits, names in `notation` (the
    /// seed's by default): for slides and blog posts.
    #[wasm_bindgen(js_name = explainAs)]
    pub fn explain_as(
        &self,
        param: &str,
        sample: u32,
        format: &str,
        digits: u32,
        notation: Option<String>,
    ) -> Js<String> {
        let format = js(explain::Format::from_name(format))?;
        let notation = self::notation(notation)?;
        let e = js(explain::explain_in(
            &self.model,
            param,
            sample as usize,
            notation,
        ))?;
        Ok(e.render(format, digits.clamp(2, 17) as usize))
    }

    /// The chain rule for one parameter: every path's factors, the
    /// per-sample sum, the mean gradient and a finite-difference estimate;
    /// names in `notation` (the seed's by default); at most `paths` paths
    /// listed (256 by default and at most), the rest in `omitted_sum`.
    pub fn explain(
        &self,
        param: &str,
        sample: u32,
        notation: Option<String>,
        paths: Option<u32>,
    ) -> Js<JsValue> {
        let notation = self::notation(notation)?;
        let listed = paths.map_or(explain::MAX_LISTED_PATHS, |n| n as usize);
        js(explain::explain_listing(
            &self.model,
            param,
            sample as usize,
            notation,
            listed,
        ))
        .map(|mut e| {
            // One number a sample, up to 10,000: a Float64Array, copied at
            // once rather than an Array built a number at a time.
            let per_sample = std::mem::take(&mut e.per_sample);
            let out = to_js(&e);
            let _ = Reflect::set(
                &out,
                &"per_sample".into(),
                &Float64Array::from(&per_sample[..]),
            );
            out
        })
    }

    /// The seed's error back-distribution beside the true δ, for one sample.
    pub fn distribution(&self, sample: u32) -> Js<JsValue> {
        js(distribution::distribution(&self.model, sample as usize)).map(|d| to_js(&d))
    }

    /// One training step worked out phase by phase (forward per layer, loss,
    /// backward per layer, update), numbers to `digits` significant digits,
    /// names in `notation` (the seed's by default).
    pub fn phases(&self, sample: u32, digits: u32, notation: Option<String>) -> Js<JsValue> {
        let notation = self::notation(notation)?;
        let p = lesson::phases_in(&self.model, sample as usize, digits as usize, notation);
        js(p).map(|p| to_js(&p))
    }

    /// z = W·a + b for every layer, as LaTeX with numbers to `digits` significant digits.
    #[wasm_bindgen(js_name = matrixForm)]
    pub fn matrix_form(&self, sample: u32, digits: u32) -> Js<JsValue> {
        let m = lesson::matrix_form(&self.model, sample as usize, digits as usize);
        js(m).map(|m| to_js(&m))
    }

    /// The four backpropagation equations with live numbers.
    pub fn equations(&self, sample: u32, digits: u32) -> Js<JsValue> {
        let e = lesson::equations(&self.model, sample as usize, digits as usize);
        js(e).map(|e| to_js(&e))
    }

    /// Finite differences against backprop for every parameter.
    pub fn check(&self) -> JsValue {
        to_js(&check::check(&self.model))
    }

    /// Sets one weight or bias, e.g. `setParam("w2.1.1", 0.3)`.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: &str, value: f64) -> Js<()> {
        js(self.model.set_param(name, value))
    }

    /// Sets input k of sample i (0-based).
    #[wasm_bindgen(js_name = setInput)]
    pub fn set_input(&mut self, sample: u32, k: u32, value: f64) -> Js<()> {
        js(self.model.set_input(sample as usize, k as usize, value))
    }

    /// Sets target j of sample i (0-based).
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&mut self, sample: u32, j: u32, value: f64) -> Js<()> {
        js(self.model.set_target(sample as usize, j as usize, value))
    }
}

/// `count` samples of a built-in dataset (`xor`, `circle`, `gaussians`,
/// `spiral`, `sine`) as an array of `{ input, target }`.
#[wasm_bindgen]
pub fn dataset(kind: &str, count: u32, noise: f64, seed: f64) -> Js<JsValue> {
    let seed = js(crate::format::read::integer(
        &Value::from(seed),
        "seed",
        0,
        state::MAX_INTEGER,
    ))?;
    js(data::generate(kind, count as usize, noise, seed)).map(|s| to_js(&s))
}

/// `x1,x2,label` CSV rows as samples; errors name the line.
#[wasm_bindgen(js_name = parseCsv)]
pub fn parse_csv(text: &str) -> Js<JsValue> {
    let grammar = Decimal::new();
    js(data::parse_csv_with(text, |t| grammar.read(t))).map(|s| to_js(&s))
}

/// Numbers as `str::parse::<f64>` reads them, read by JavaScript's `Number`:
/// both round a decimal to the nearest double, and the module then carries
/// no decimal reader of its own (one, with its tables, is about a tenth of
/// the module). The pattern is Rust's grammar for an `f64`, of which
/// `Number` reads a superset (hex, `Infinity`, blank text); `inf` and `nan`,
/// which `Number` reads as NaN, are not finite either way.
struct Decimal(js_sys::RegExp);

impl Decimal {
    fn new() -> Decimal {
        let grammar = r"^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$";
        Decimal(js_sys::RegExp::new(grammar, "i"))
    }

    fn read(&self, text: &str) -> Option<f64> {
        self.0
            .test(text)
            .then(|| js_sys::Number::from(JsValue::from_str(text)).value_of())
    }
}

/// Splits an array into `{ train, test }` with a seeded draw of
/// round(n × testFraction) items for the test part.
#[wasm_bindgen(js_name = splitSamples)]
pub fn split_samples(samples: JsValue, test_fraction: f64, seed: u32) -> Js<JsValue> {
    let items = match value(samples, "samples")? {
        Value::Array(items) => items,
        v => {
            let got = crate::error::Kind::of(&v);
            let expected = crate::error::Expected::Array;
            return Err(js_error(&Error::new(
                "samples",
                Problem::WrongKind { expected, got },
            )));
        }
    };
    let (train, test) = js(data::split(items, test_fraction, seed as u64))?;
    let mut parts = serde_json::Map::new();
    parts.insert("train".into(), Value::Array(train));
    parts.insert("test".into(), Value::Array(test));
    Ok(value_to_js(&Value::Object(parts)))
}

#[wasm_bindgen]
impl Playground {
    /// The first output over an n×n grid, row-major, top row at x₂ = y1,
    /// as a new `Float64Array`.
    pub fn heatmap(&mut self, n: u32, x0: f64, x1: f64, y0: f64, y1: f64) -> Js<Vec<f64>> {
        self.heatmap_into(n, x0, x1, y0, y1)?;
        Ok(self.heat.clone())
    }

    /// The same values written into a buffer the handle keeps; returns their
    /// address in `memory`, to read in place as
    /// `new Float64Array(memory.buffer, ptr, n * n)`. The view is good until
    /// the next call into the module.
    #[wasm_bindgen(js_name = heatmapInto)]
    pub fn heatmap_into(&mut self, n: u32, x0: f64, x1: f64, y0: f64, y1: f64) -> Js<u32> {
        let n = js(Model::check_grid(n as usize))?;
        self.heat.resize(n * n, 0.0);
        js(self.model.heatmap(n, x0, x1, y0, y1, &mut self.heat))?;
        Ok(self.heat.as_ptr() as u32)
    }

    /// The same grid as n×n pixels through the palette, ready for
    /// `putImageData`: a sigmoid output on [0, 1], any other on [−1, 1];
    /// `discrete` paints each pixel by its side of the middle (the class
    /// the network would give it).
    #[wasm_bindgen(js_name = heatmapImage)]
    pub fn heatmap_image(
        &mut self,
        n: u32,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
        discrete: Option<bool>,
    ) -> Js<ImageData> {
        self.heatmap_into(n, x0, x1, y0, y1)?;
        let sigmoid = self.model.settings().activations.last() == Some(&Activation::Sigmoid);
        for v in &mut self.heat {
            let p = palette::position(*v, sigmoid);
            *v = match discrete {
                Some(true) if p >= 0.5 => 1.0,
                Some(true) => 0.0,
                _ => p,
            };
        }
        image(&palette::heat_pixels(&self.heat), n, n)
    }

    /// Every neuron's picture of the input plane, as one `ImageData` n
    /// pixels wide with the neurons stacked n rows each, inputs first and
    /// the output layer last: the network's value through the palette
    /// (a sigmoid's on [0, 1], every other on [−1, 1]).
    #[wasm_bindgen(js_name = neuronImages)]
    pub fn neuron_images(&self, n: u32, x0: f64, x1: f64, y0: f64, y1: f64) -> Js<ImageData> {
        let n = js(Model::check_grid(n as usize))? as u32;
        let maps = js(self.model.neuron_maps(n as usize, x0, x1, y0, y1))?;
        let state = self.model.settings();
        let cells = (n * n) as usize;
        let mut pixels = Vec::with_capacity(maps.len() * 4);
        let mut blocks = maps.chunks_exact(cells);
        // Layer by layer, inputs first: a block a neuron, through its layer's activation.
        for (l, &size) in state.layers.iter().enumerate() {
            let s = l > 0 && state.activations[l - 1] == Activation::Sigmoid;
            for block in blocks.by_ref().take(size) {
                for &v in block {
                    let [r, g, b] =
                        palette::colour(palette::position(v, s), palette::HEAT_STRENGTH);
                    pixels.extend_from_slice(&[r, g, b, 255]);
                }
            }
        }
        image(&pixels, n, (maps.len() / n as usize) as u32)
    }

    /// Every neuron's value over the grid of `neuronImages`, as numbers:
    /// one block of n² per neuron, inputs first.
    #[wasm_bindgen(js_name = neuronMaps)]
    pub fn neuron_maps(&self, n: u32, x0: f64, x1: f64, y0: f64, y1: f64) -> Js<Vec<f64>> {
        let n = js(Model::check_grid(n as usize))?;
        js(self.model.neuron_maps(n, x0, x1, y0, y1))
    }

    /// Replaces the training samples; `batch_size` shrinks to fit.
    #[wasm_bindgen(js_name = setSamples)]
    pub fn set_samples(&mut self, samples: JsValue) -> Js<()> {
        let v = value(samples, "samples")?;
        js(self.model.set_samples(&v))
    }

    /// Sets the held-out samples `testLoss` measures; `[]` clears them.
    #[wasm_bindgen(js_name = setTestSamples)]
    pub fn set_test_samples(&mut self, samples: JsValue) -> Js<()> {
        let v = value(samples, "test_samples")?;
        self.test = js(self.model.read_samples(&v, "test_samples"))?;
        Ok(())
    }

    /// The mean loss over the held-out samples; NaN when there are none.
    #[wasm_bindgen(js_name = testLoss)]
    pub fn test_loss(&mut self) -> Js<f64> {
        js(self.model.evaluate_loss(&self.test))
    }

    /// The mean loss at θ − t·∇L for `points` t evenly spaced from 0 to
    /// `maxRate`: the loss along the line a gradient step moves on.
    #[wasm_bindgen(js_name = lossSlice)]
    pub fn loss_slice(&self, points: u32, max_rate: f64) -> Js<Vec<f64>> {
        js(lesson::loss_slice(&self.model, points as usize, max_rate))
    }

    /// The first output at `n` inputs evenly spaced from x0 to x1, ends
    /// included: the curve y(x) a 1-input network draws over its samples.
    pub fn curve(&mut self, n: u32, x0: f64, x1: f64) -> Js<Vec<f64>> {
        let n = js(Model::check_grid(n as usize))?;
        let mut out = vec![0.0; n];
        js(self.model.curve(n, x0, x1, &mut out))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn json(v: &JsValue) -> Value {
        serde_wasm_bindgen::from_value(v.clone()).unwrap()
    }

    fn state(text: &str) -> JsValue {
        let v: Value = serde_json::from_str(text).unwrap();
        to_js(&v)
    }

    #[wasm_bindgen_test]
    fn seed_trace_matches_the_hand_numbers() {
        let pg = Playground::new(preset("seed").unwrap()).unwrap();
        let t = json(&pg.trace());
        // E_total = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)²
        assert!((t["loss"].as_f64().unwrap() - 0.298371109).abs() < 1e-9);
        // ∂E/∂w³₁₁ = 0.74136507 · 0.186815602 · 0.593269992
        let g = t["grad_weights"][1][0][0].as_f64().unwrap();
        assert!((g - 0.082167041).abs() < 1e-9);
    }

    #[wasm_bindgen_test]
    fn the_handle_gives_the_models_numbers() {
        let mut pg = Playground::new(preset("xor").unwrap()).unwrap();
        let mut native = Model::new(presets::preset("xor").unwrap());
        pg.train(50.0).unwrap();
        native.train(50).unwrap();
        // both through the same conversion, so 1 and 1.0 read alike
        assert_eq!(json(&pg.state()), json(&to_js(&native.state())));
        let trace = to_js(&Trace::new(&native, true));
        assert_eq!(json(&pg.trace()), json(&trace));
    }

    #[wasm_bindgen_test]
    fn flat_samples_hold_each_samples_numbers_in_order() {
        let pg = Playground::new(state(
            r#"{"layers":[2,1,2],"samples":[{"input":[0.5,-0.1],"target":[1,0]},{"input":[3,4],"target":[5,6]}]}"#,
        ))
        .unwrap();
        let flat = pg.samples_flat();
        let get = |k: &str| Reflect::get(&flat, &k.into()).unwrap();
        let inputs = Float64Array::from(get("inputs")).to_vec();
        assert_eq!(inputs, [0.5, -0.1, 3.0, 4.0]);
        assert_eq!(
            Float64Array::from(get("targets")).to_vec(),
            [1.0, 0.0, 5.0, 6.0]
        );
        assert_eq!(get("inputSize"), 2);
        assert_eq!(get("targetSize"), 2);
    }

    #[wasm_bindgen_test]
    fn bad_input_keeps_the_old_state_and_throws_a_coded_error() {
        let mut pg = Playground::new(preset("seed").unwrap()).unwrap();
        let before = json(&pg.state());
        let e = pg.set_state(state(r#"{"layers":[2,"x",1]}"#)).unwrap_err();
        let get = |k: &str| Reflect::get(&e, &k.into()).unwrap();
        assert_eq!(get("code"), "wrong_kind");
        assert_eq!(get("field"), "layers[1]");
        assert_eq!(get("message"), "layers[1]: expected a number, got a string");
        assert_eq!(
            Reflect::get(&get("params"), &"got".into()).unwrap(),
            "string"
        );
        assert!(pg.set_param("w9.1.1", 1.0).is_err());
        assert!(pg.set_input(0, 5, 1.0).is_err());
        assert!(pg.set_param("b2.1", f64::NAN).is_err());
        assert!(pg.set_state(JsValue::UNDEFINED).is_err());
        // Infinity, which JSON.parse makes of 1e999, is refused where it stands
        let bad = state(r#"{"layers":[2,2],"weights":[[[1,2],[3,4]]]}"#);
        let row = Reflect::get(&Reflect::get(&bad, &"weights".into()).unwrap(), &0.into()).unwrap();
        let row = Reflect::get(&row, &1.into()).unwrap();
        Reflect::set(&row, &0.into(), &f64::INFINITY.into()).unwrap();
        let e = pg.set_state(bad).unwrap_err();
        let get = |k: &str| Reflect::get(&e, &k.into()).unwrap();
        assert_eq!(get("code"), "not_finite");
        assert_eq!(get("field"), "weights[0][1][0]");
        let e = pg
            .set_setting("learning_rate", f64::NAN.into())
            .unwrap_err();
        assert_eq!(Reflect::get(&e, &"field".into()).unwrap(), "learning_rate");
        assert_eq!(json(&pg.state()), before);
        pg.set_param("w2.1.1", 0.3).unwrap();
        assert_ne!(json(&pg.state()), before);
    }

    #[wasm_bindgen_test]
    fn reinitialize_draws_new_weights_and_keeps_the_samples() {
        let mut pg = Playground::new(preset("xor").unwrap()).unwrap();
        pg.train(20.0).unwrap();
        let before = json(&pg.state());
        let seed = fresh_seed();
        pg.reinitialize(seed).unwrap();
        let after = json(&pg.state());
        assert_eq!(after["seed"].as_f64(), Some(seed));
        assert_eq!(
            (after["step"].as_u64(), after["seen"].as_u64()),
            (Some(0), Some(0))
        );
        assert_eq!(after["samples"], before["samples"]);
        assert_ne!(after["weights"], before["weights"]);
        // the same weights as a state with that seed and no weights
        let mut fresh = before.clone();
        let obj = fresh.as_object_mut().unwrap();
        obj.remove("weights");
        obj.remove("biases");
        obj.insert("seed".into(), after["seed"].clone());
        let again = Playground::new(to_js(&fresh)).unwrap();
        assert_eq!(json(&again.state())["weights"], after["weights"]);
    }

    #[wasm_bindgen_test]
    fn heatmap_corners_are_the_forward_pass_there() {
        let mut pg = Playground::new(preset("xor").unwrap()).unwrap();
        let n = 5;
        let copy = pg.heatmap(n, -1.0, 1.0, -2.0, 2.0).unwrap();
        let ptr = pg.heatmap_into(n, -1.0, 1.0, -2.0, 2.0).unwrap();
        assert_eq!(ptr, pg.heat.as_ptr() as u32);
        assert_eq!(copy, pg.heat);
        let output = |x1: f64, x2: f64| {
            let s = Sample {
                input: vec![x1, x2],
                target: vec![0.0],
            };
            pg.model.pass(&s, false).a[2][0]
        };
        // top-left is (x0, y1), bottom-right is (x1, y0)
        assert_eq!(copy[0], output(-1.0, 2.0));
        assert_eq!(copy[4], output(1.0, 2.0));
        assert_eq!(copy[20], output(-1.0, -2.0));
        assert_eq!(copy[24], output(1.0, -2.0));
        assert!(pg.heatmap(0, 0.0, 1.0, 0.0, 1.0).is_err());
    }

    #[wasm_bindgen_test]
    fn a_dataset_trains_and_its_test_split_is_measured() {
        let mut pg = Playground::new(preset("xor").unwrap()).unwrap();
        let samples = dataset("gaussians", 40, 0.1, 3.0).unwrap();
        let parts = split_samples(samples, 0.25, 1).unwrap();
        let part = |k: &str| Reflect::get(&parts, &k.into()).unwrap();
        pg.set_samples(part("train")).unwrap();
        assert!(pg.test_loss().unwrap().is_nan());
        pg.set_test_samples(part("test")).unwrap();
        let before = pg.test_loss().unwrap();
        pg.train(200.0).unwrap();
        assert!(pg.test_loss().unwrap() < before);
        // test samples that no longer fit the network are named as such
        pg.set_state(state(r#"{"layers":[3,1]}"#)).unwrap();
        assert!(pg.test_loss().is_err());
        assert!(parse_csv("1,2,3\n1,2").is_err());
        let code = |e: JsValue| Reflect::get(&e, &"code".into()).unwrap();
        assert_eq!(code(parse_csv("1,inf,1").unwrap_err()), "not_finite");
        assert_eq!(code(parse_csv("1,0x1,1").unwrap_err()), "not_a_number");
        let csv = json(&parse_csv("1,2,1").unwrap());
        let want = serde_json::json!([{ "input": [1.0, 2.0], "target": [1.0] }]);
        assert_eq!(csv, json(&to_js(&want)));
    }

    #[wasm_bindgen_test]
    fn javascript_reads_a_csv_number_as_rust_does() {
        // Rust's reading, which the CLI and the native tests use.
        let decimal = Decimal::new();
        let same = |text: &str| {
            let (ours, rust) = (decimal.read(text), text.parse::<f64>().ok());
            match (ours, rust) {
                (Some(a), Some(b)) if a.is_finite() || b.is_finite() => {
                    assert_eq!(a.to_bits(), b.to_bits(), "{text}")
                }
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text}: {a:?} {b:?}"),
            }
        };
        for text in [
            "0",
            "-0",
            "+4",
            ".5",
            "5.",
            "-.5e-3",
            "1.e5",
            "007",
            "1E+3",
            "3e-1",
            "0.30000000000000004",
            "5e-324",
            "2e-324",
            "4.9406564584124654e-324",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e999",
            "-1e999",
            "1e-999",
            "9007199254740993",
            "0e99999999999",
            "123456789012345678901234567890.5e-10",
            "inf",
            "-INF",
            "Infinity",
            "+infinity",
            "NaN",
            "-nan",
            "",
            " 1",
            "1 ",
            "0x10",
            "0b1",
            "1_0",
            "1e",
            "e5",
            ".",
            "+",
            "--1",
            "1.2.3",
            "١",
            "１",
            "ınf",
            "Inf1",
            "nan0",
            "1e+-1",
            "two",
        ] {
            same(text);
        }
        // Random doubles, written shortest and with 17, 20 and 3 significant digits.
        let mut bits = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..2000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let x = f64::from_bits(bits);
            if x.is_finite() {
                for text in [
                    format!("{x}"),
                    format!("{x:.16e}"),
                    format!("{x:.19e}"),
                    format!("{x:.2e}"),
                ] {
                    same(&text);
                }
            }
        }
    }

    #[wasm_bindgen_test]
    fn names_and_formulas_follow_the_notation_asked_for() {
        let z = json(&label("z3.2", "compact", &[2, 2, 2]).unwrap());
        assert_eq!(
            (z["text"].as_str(), z["latex"].as_str()),
            (Some("zₒ₂"), Some("z_{o2}"))
        );
        assert_eq!(
            (z["base"].as_str(), z["sub"].as_str()),
            (Some("z"), Some("o2"))
        );
        let w = json(&label("w3.1.2", "seed", &[2, 2, 2]).unwrap());
        assert_eq!(
            (w["sup"].as_str(), w["sub"].as_str()),
            (Some("3"), Some("12"))
        );
        // many at once: the same as one at a time, in order
        let many = ["w3.1.2", "z3.2", "gb2.1", "x1.2"]
            .map(String::from)
            .to_vec();
        let all = json(&labels(many.clone(), "compact", &[2, 2, 2]).unwrap());
        for (i, name) in many.iter().enumerate() {
            assert_eq!(
                all[i],
                json(&label(name, "compact", &[2, 2, 2]).unwrap()),
                "{name}"
            );
        }
        let code = |e: JsValue| Reflect::get(&e, &"code".into()).unwrap();
        assert_eq!(
            code(labels(vec!["z9.1".into()], "seed", &[2, 2, 2]).unwrap_err()),
            "no_value"
        );
        assert_eq!(
            code(label("z9.1", "compact", &[2, 2, 2]).unwrap_err()),
            "no_value"
        );
        assert_eq!(
            code(label("w2.1.1", "greek", &[2, 2, 2]).unwrap_err()),
            "unknown_name"
        );

        let pg = Playground::new(preset("seed").unwrap()).unwrap();
        let seed = Some("seed".to_string());
        let compact = Some("compact".to_string());
        // without a notation, the seed's, as before
        let md = |n| pg.explain_as("w2.1.1", 0, "markdown", 4, n).unwrap();
        assert_eq!(md(None), md(seed.clone()));
        assert!(md(compact.clone()).contains(r"\frac{\partial L}{\partial w_{1}}"));
        assert_eq!(
            json(&pg.phases(0, 4, None).unwrap()),
            json(&pg.phases(0, 4, seed).unwrap())
        );
        let explained = pg.explain("w2.1.1", 0, compact.clone(), None).unwrap();
        // each sample's ∂L/∂w, as a typed array
        let per_sample = Reflect::get(&explained, &"per_sample".into()).unwrap();
        let per_sample: Float64Array = per_sample.dyn_into().unwrap();
        assert_eq!(per_sample.length() as usize, pg.model.samples().len());
        let _ = Reflect::set(&explained, &"per_sample".into(), &JsValue::NULL);
        let e = json(&explained);
        assert_eq!(e["delta"]["text"], "δₕ₁");
        assert!(pg.phases(0, 4, Some("greek".into())).is_err());
        // as data, an explanation is explain's object, not JSON text
        assert!(pg.explain_as("w2.1.1", 0, "json", 4, None).is_err());
    }

    #[wasm_bindgen_test]
    fn the_vocabulary_lists_every_error_code() {
        let v = json(&vocabulary());
        assert_eq!(v["errors"].as_array().unwrap().len(), Error::codes().len());
        assert_eq!(v["limits"]["max_layers"], 8);
        assert_eq!(v["activations"][0], "sigmoid");
        assert_eq!(v["notations"], serde_json::json!(["seed", "compact"]));
    }

    #[wasm_bindgen_test]
    fn flat_samples_give_the_state_their_objects_give() {
        use serde_json::json;
        // Whole numbers, −0, tiny and large values, and cross-entropy's 0/1 targets.
        let input = |i: usize| {
            let x = i as f64;
            [
                x * 0.37 - 9.0,
                if i % 7 == 0 {
                    -0.0
                } else {
                    1e-300 * x + 4e5 * (i % 3) as f64
                },
            ]
        };
        let target = |i: usize| [(i % 2) as f64];
        let count = 70;
        let samples: Vec<Value> = (0..count)
            .map(|i| json!({ "input": input(i), "target": target(i) }))
            .collect();
        let rest =
            json!({ "layers": [2, 3, 1], "loss": "cross_entropy", "batch_size": 10, "seed": 5 });
        let mut whole = rest.clone();
        whole["samples"] = Value::Array(samples);
        let by_objects = Playground::new(to_js(&whole)).unwrap();
        let inputs: Vec<f64> = (0..count).flat_map(input).collect();
        let targets: Vec<f64> = (0..count).flat_map(target).collect();

        let mut pg = Playground::new(preset("seed").unwrap()).unwrap();
        assert!(pg.set_state_flat(to_js(&rest), &inputs, &targets, count as u32));
        assert_eq!(
            pg.model.state().to_json(),
            by_objects.model.state().to_json()
        );
        // Read from an object, −0 is the whole number 0; read flat, too.
        assert_eq!(pg.model.samples()[0].input[1].to_bits(), 0);

        // What setState refuses is not taken, and the state stays.
        let before = pg.model.state().to_json();
        let mut bad = |inputs: &[f64], targets: &[f64], count: u32, state: &Value| {
            assert!(!pg.set_state_flat(to_js(state), inputs, targets, count));
            assert_eq!(pg.model.state().to_json(), before);
        };
        let mut nan = inputs.clone();
        nan[9] = f64::NAN;
        bad(&nan, &targets, 70, &rest);
        let mut over = targets.clone();
        over[3] = 2.0; // cross-entropy learns targets from 0 to 1
        bad(&inputs, &over, 70, &rest);
        bad(&inputs[..69 * 2], &targets[..69], 70, &rest); // not a whole number of samples
        bad(&inputs, &targets, 35, &rest); // 4 inputs a sample for a network of 2
        bad(&[], &[], 0, &rest);
        bad(
            &inputs,
            &targets,
            70,
            &json!({ "layers": [2, 3, 1], "batch_size": 71 }),
        );
        bad(&inputs, &targets, 70, &json!({ "layers": [2, "x", 1] }));
    }
}
