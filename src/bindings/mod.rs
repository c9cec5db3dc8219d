//! The JavaScript face of the core, and the only module that knows about
//! wasm-bindgen. The network stays in Rust behind a `Playground` handle; JS
//! gets back JSON strings and typed arrays. Every error is a JS `Error`
//! carrying the same message the CLI prints.

use std::cell::OnceCell;

use wasm_bindgen::prelude::*;

use crate::format::link;
use crate::format::state::{self, Sample};
use crate::json::{self as json_text, ToJson, Writer};
use crate::model::Model;
use crate::teach::explain;
use crate::teach::lesson;
use crate::teach::trace::Trace;
use crate::{data, Error};

fn js<T>(r: crate::Result<T>) -> Result<T, JsError> {
    r.map_err(|e| JsError::new(&e.to_string()))
}

fn json<T: ToJson + ?Sized>(value: &T) -> String {
    value.json()
}

/// A step count from JS, where any number can arrive: whole and in range, or an error.
fn steps(n: f64) -> crate::Result<u64> {
    if n.fract() != 0.0 || n < 0.0 || !n.is_finite() {
        return Err(crate::Error::argument(
            "steps",
            format!(
                "expected a whole number from 0 to {}, got {n}",
                crate::model::MAX_STEPS
            ),
        ));
    }
    Model::check_steps(n as u64)
}

/// A built-in state by name: `seed`, `xor`, `and` or `or`.
#[wasm_bindgen]
pub fn preset(name: &str) -> Result<String, JsError> {
    js(state::preset(name)).map(|s| s.to_json())
}

/// The state JSON a shared link holds; throws if the link is damaged.
#[wasm_bindgen(js_name = stateFromLink)]
pub fn state_from_link(link: &str) -> Result<String, JsError> {
    js(link::decode(link)).map(|s| s.to_json())
}

/// A loaded network with its samples and training settings.
#[wasm_bindgen]
pub struct Playground {
    model: Model,
    /// The values `heatmapInto` writes, read by JS in place.
    heat: Vec<f64>,
    /// Held-out samples for `testLoss`.
    test: Vec<Sample>,
    /// The training samples' JSON, written once for every `state()` until
    /// a call that may change them clears it. Training leaves them alone.
    samples_json: OnceCell<String>,
}

#[wasm_bindgen]
impl Playground {
    /// Validates and loads state JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(state_json: &str) -> Result<Playground, JsError> {
        js(Model::from_json(state_json)).map(|model| Playground {
            model,
            heat: Vec::new(),
            test: Vec::new(),
            samples_json: OnceCell::new(),
        })
    }

    /// The whole state as JSON.
    pub fn state(&self) -> String {
        let samples = self
            .samples_json
            .get_or_init(|| self.model.samples().json());
        let mut s = self.model.settings().without_samples();
        s.set_network(self.model.net());
        s.to_json_with_samples(samples)
    }

    /// The whole state packed for a URL (see docs/format.md, "Links").
    pub fn link(&self) -> String {
        link::encode(&self.model.state())
    }

    /// Replaces the state; on error the old one stays.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&mut self, state_json: &str) -> Result<(), JsError> {
        self.samples_json.take();
        self.model = js(Model::from_json(state_json))?;
        Ok(())
    }

    /// A forward pass over every sample: z, a and f'(z), and the losses.
    pub fn forward(&self) -> String {
        Trace::new(&self.model, false).to_json()
    }

    /// Forward and backward over every sample, with ∂L/∂a, δ and the gradients.
    pub fn backward(&self) -> String {
        self.trace()
    }

    /// The same as `backward`: the full trace.
    pub fn trace(&self) -> String {
        Trace::new(&self.model, true).to_json()
    }

    /// The trace with only sample `i`'s values; loss and gradients are the mean over all.
    #[wasm_bindgen(js_name = traceSample)]
    pub fn trace_sample(&self, i: u32, backward: bool) -> Result<String, JsError> {
        js(Trace::of_sample(&self.model, i as usize, backward)).map(|t| t.to_json())
    }

    /// Changes one setting, its value given as JSON: `setSetting("learning_rate", "0.1")`.
    #[wasm_bindgen(js_name = setSetting)]
    pub fn set_setting(&mut self, name: &str, value_json: &str) -> Result<(), JsError> {
        self.samples_json.take();
        js(self.model.set_setting(name, value_json))
    }

    /// `n` gradient steps; returns `{ step, epoch, loss, losses, epochs,
    /// dropout_mask, error }`: each step's batch loss and the epoch after it,
    /// and, if training diverged, the message (the steps before it are kept).
    pub fn step(&mut self, n: f64) -> Result<String, JsError> {
        let run = js(steps(n).and_then(|n| self.model.run(n)))?;
        let s = self.model.settings();
        // Keys in alphabetical order, as this call has always written them.
        let mut w = Writer::new(false);
        w.open('{');
        w.field("dropout_mask", &self.model.last_mask);
        w.field("epoch", &self.model.epoch());
        w.field("epochs", &run.epochs);
        w.field("error", &run.error.map(|e| e.to_string()));
        w.field("loss", &run.losses.last().copied());
        w.field("losses", &run.losses);
        w.field("step", &s.step);
        w.close('}');
        Ok(w.finish())
    }

    /// `n` gradient steps; the batch loss of each.
    pub fn train(&mut self, n: f64) -> Result<Vec<f64>, JsError> {
        js(steps(n).and_then(|n| self.model.train(n)))
    }

    /// The chain rule for one parameter as `text`, `markdown` or `latex`,
    /// numbers to `digits` significant digits: for slides and blog posts.
    #[wasm_bindgen(js_name = explainAs)]
    pub fn explain_as(
        &self,
        param: &str,
        sample: u32,
        format: &str,
        digits: u32,
    ) -> Result<String, JsError> {
        let format = js(explain::Format::from_name(format))?;
        let e = js(explain::explain(&self.model, param, sample as usize))?;
        Ok(e.render(format, digits.clamp(2, 17) as usize))
    }

    /// The seed's error back-distribution beside the true δ, for one sample.
    pub fn distribution(&self, sample: u32) -> Result<String, JsError> {
        js(explain::distribution(&self.model, sample as usize)).map(|d| json(&d))
    }

    /// One training step worked out phase by phase (forward per layer, loss,
    /// backward per layer, update), numbers to `decimals` places.
    pub fn phases(&self, sample: u32, decimals: u32) -> Result<String, JsError> {
        js(lesson::phases(
            &self.model,
            sample as usize,
            decimals as usize,
        ))
        .map(|p| json(&p))
    }

    /// z = W·a + b for every layer, as LaTeX with numbers.
    #[wasm_bindgen(js_name = matrixForm)]
    pub fn matrix_form(&self, sample: u32, decimals: u32) -> Result<String, JsError> {
        js(lesson::matrix_form(
            &self.model,
            sample as usize,
            decimals as usize,
        ))
        .map(|m| json(&m))
    }

    /// The four backpropagation equations with live numbers.
    pub fn equations(&self, sample: u32, decimals: u32) -> Result<String, JsError> {
        js(lesson::equations(
            &self.model,
            sample as usize,
            decimals as usize,
        ))
        .map(|e| json(&e))
    }

    /// Finite differences against backprop for every parameter.
    pub fn check(&self) -> String {
        json(&explain::check(&self.model))
    }

    /// Sets one weight or bias, e.g. `setParam("w2.1.1", 0.3)`.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: &str, value: f64) -> Result<(), JsError> {
        js(self.model.set_param(name, value))
    }

    /// Sets input k of sample i (0-based).
    #[wasm_bindgen(js_name = setInput)]
    pub fn set_input(&mut self, sample: u32, k: u32, value: f64) -> Result<(), JsError> {
        self.samples_json.take();
        js(self.model.set_input(sample as usize, k as usize, value))
    }

    /// Sets target j of sample i (0-based).
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&mut self, sample: u32, j: u32, value: f64) -> Result<(), JsError> {
        self.samples_json.take();
        js(self.model.set_target(sample as usize, j as usize, value))
    }
}

/// `count` samples of a built-in dataset (`xor`, `circle`, `gaussians`,
/// `spiral`, `sine`) as a JSON array of `{ input, target }`.
#[wasm_bindgen]
pub fn dataset(kind: &str, count: u32, noise: f64, seed: u32) -> Result<String, JsError> {
    js(data::generate(kind, count as usize, noise, seed as u64)).map(|s| json(&s))
}

/// `x1,x2,label` CSV rows as a JSON array of samples; errors name the line.
#[wasm_bindgen(js_name = parseCsv)]
pub fn parse_csv(text: &str) -> Result<String, JsError> {
    js(data::parse_csv(text)).map(|s| json(&s))
}

/// Splits a JSON array into `{ train, test }` with a seeded draw of
/// round(n × testFraction) items for the test part.
#[wasm_bindgen(js_name = splitSamples)]
pub fn split_samples(samples_json: &str, test_fraction: f64, seed: u32) -> Result<String, JsError> {
    let items = json_text::parse_array(samples_json)
        .map_err(|e| JsError::new(&format!("samples: expected a JSON array: {e}")))?;
    let (train, test) = js(data::split(items, test_fraction, seed as u64))?;
    let mut w = Writer::new(false);
    w.open('{');
    w.field("test", &test);
    w.field("train", &train);
    w.close('}');
    Ok(w.finish())
}

/// `e` with a leading `samples` in its field name read as `field`.
fn renamed(e: Error, field: &str) -> Error {
    match e {
        Error::Field { field: f, problem } => Error::Field {
            field: explain::replace(&f, "samples", field, 1),
            problem,
        },
        e => e,
    }
}

#[wasm_bindgen]
impl Playground {
    /// The first output over an n×n grid, row-major, top row at x₂ = y1,
    /// as a new `Float64Array`.
    pub fn heatmap(
        &mut self,
        n: u32,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
    ) -> Result<Vec<f64>, JsError> {
        self.heatmap_into(n, x0, x1, y0, y1)?;
        Ok(self.heat.clone())
    }

    /// The same values written into a buffer the handle keeps; returns their
    /// address in `memory`, to read in place as
    /// `new Float64Array(memory.buffer, ptr, n * n)`. The view is good until
    /// the next call into the module.
    #[wasm_bindgen(js_name = heatmapInto)]
    pub fn heatmap_into(
        &mut self,
        n: u32,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
    ) -> Result<u32, JsError> {
        let n = js(Model::check_grid(n as usize))?;
        self.heat.resize(n * n, 0.0);
        js(self.model.heatmap(n, x0, x1, y0, y1, &mut self.heat))?;
        Ok(self.heat.as_ptr() as u32)
    }

    /// Replaces the training samples (a JSON array); `batch_size` shrinks to fit.
    #[wasm_bindgen(js_name = setSamples)]
    pub fn set_samples(&mut self, samples_json: &str) -> Result<(), JsError> {
        self.samples_json.take();
        js(self.model.set_samples(samples_json))
    }

    /// Sets the held-out samples `testLoss` measures; `[]` clears them.
    #[wasm_bindgen(js_name = setTestSamples)]
    pub fn set_test_samples(&mut self, samples_json: &str) -> Result<(), JsError> {
        let test = self.model.samples_from_json(samples_json);
        self.test = js(test.map_err(|e| renamed(e, "test_samples")))?;
        Ok(())
    }

    /// The mean loss over the held-out samples; NaN when there are none.
    #[wasm_bindgen(js_name = testLoss)]
    pub fn test_loss(&mut self) -> Result<f64, JsError> {
        let loss = self.model.evaluate_loss(&self.test);
        js(loss.map_err(|e| renamed(e, "test_samples")))
    }

    /// The chain rule for one parameter as JSON: every path's factors, the
    /// per-sample sum, the mean gradient and a finite-difference estimate.
    pub fn explain(&self, param: &str, sample: u32) -> Result<String, JsError> {
        js(explain::explain(&self.model, param, sample as usize)).map(|e| json(&e))
    }

    /// The mean loss at θ − t·∇L for `points` t evenly spaced from 0 to
    /// `maxRate`: the loss along the line a gradient step moves on.
    #[wasm_bindgen(js_name = lossSlice)]
    pub fn loss_slice(&self, points: u32, max_rate: f64) -> Result<Vec<f64>, JsError> {
        js(lesson::loss_slice(&self.model, points as usize, max_rate))
    }

    /// The first output at `n` inputs evenly spaced from x0 to x1, ends
    /// included: the curve y(x) a 1-input network draws over its samples.
    pub fn curve(&mut self, n: u32, x0: f64, x1: f64) -> Result<Vec<f64>, JsError> {
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

    #[wasm_bindgen_test]
    fn seed_trace_matches_the_hand_numbers() {
        let pg = Playground::new(&preset("seed").unwrap()).unwrap();
        let t: serde_json::Value = serde_json::from_str(&pg.trace()).unwrap();
        // E_total = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)²
        assert!((t["loss"].as_f64().unwrap() - 0.298371109).abs() < 1e-9);
        // ∂E/∂w³₁₁ = 0.74136507 · 0.186815602 · 0.593269992
        let g = t["grad_weights"][1][0][0].as_f64().unwrap();
        assert!((g - 0.082167041).abs() < 1e-9);
    }

    #[wasm_bindgen_test]
    fn the_handle_gives_the_models_numbers() {
        let seed = preset("xor").unwrap();
        let mut pg = Playground::new(&seed).unwrap();
        let mut native = Model::from_json(&seed).unwrap();
        pg.train(50.0).unwrap();
        native.train(50).unwrap();
        assert_eq!(pg.state(), native.state().to_json());
        assert_eq!(pg.trace(), Trace::new(&native, true).to_json());
    }

    #[wasm_bindgen_test]
    fn the_state_with_its_kept_samples_is_the_models_state() {
        let state = r#"{"layers":[2,3,1],"shuffle":true,"batch_size":2,"dropout":0.2,
            "samples":[{"input":[0.1,0.2],"target":[1]},{"input":[-1,2e-7],"target":[0]},
                       {"input":[3,4],"target":[0.5]}]}"#;
        let mut pg = Playground::new(state).unwrap();
        let same = |pg: &Playground| assert_eq!(pg.state(), pg.model.state().to_json());
        same(&pg);
        pg.train(7.0).unwrap();
        pg.step(5.0).unwrap();
        same(&pg);
        pg.set_input(1, 0, 0.25).unwrap();
        same(&pg);
        pg.set_target(2, 0, 0.75).unwrap();
        same(&pg);
        pg.set_samples(r#"[{"input":[9,8],"target":[1]}]"#).unwrap();
        same(&pg);
        pg.set_setting(
            "samples",
            r#"[{"input":[1,1],"target":[0]},{"input":[2,2],"target":[1]}]"#,
        )
        .unwrap();
        same(&pg);
        pg.set_param("w2.1.1", 0.5).unwrap();
        same(&pg);
        pg.set_state(&preset("xor").unwrap()).unwrap();
        same(&pg);
        assert!(pg.set_input(9, 0, 1.0).is_err());
        same(&pg);
    }

    #[wasm_bindgen_test]
    fn bad_input_keeps_the_old_state() {
        let mut pg = Playground::new(&preset("seed").unwrap()).unwrap();
        let before = pg.state();
        assert!(pg
            .set_state(r#"{"layers":[2,2],"learning_rate":"fast"}"#)
            .is_err());
        assert!(pg.set_param("w9.1.1", 1.0).is_err());
        assert!(pg.set_input(0, 5, 1.0).is_err());
        assert!(pg.set_param("b2.1", f64::NAN).is_err());
        assert_eq!(pg.state(), before);
        pg.set_param("w2.1.1", 0.3).unwrap();
        assert_ne!(pg.state(), before);
    }

    #[wasm_bindgen_test]
    fn heatmap_corners_are_the_forward_pass_there() {
        let mut pg = Playground::new(&preset("xor").unwrap()).unwrap();
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
            let pass = pg.model.pass(&s, false);
            pass.a[2][0]
        };
        // top-left is (x0, y1), bottom-right is (x1, y0)
        assert_eq!(copy[0], output(-1.0, 2.0));
        assert_eq!(copy[4], output(1.0, 2.0));
        assert_eq!(copy[20], output(-1.0, -2.0));
        assert_eq!(copy[24], output(1.0, -2.0));
        assert!(pg.heatmap(0, 0.0, 1.0, 0.0, 1.0).is_err());
    }

    #[wasm_bindgen_test]
    fn the_curve_is_the_forward_pass_at_each_point() {
        let state = r#"{"layers":[1,4,1],"activations":["tanh","linear"]}"#;
        let mut pg = Playground::new(state).unwrap();
        let ys = pg.curve(5, -2.0, 2.0).unwrap();
        // x runs -2, -1, 0, 1, 2: each value is the output there
        for (i, x) in [-2.0, -1.0, 0.0, 1.0, 2.0].into_iter().enumerate() {
            let s = Sample {
                input: vec![x],
                target: vec![0.0],
            };
            assert_eq!(ys[i], pg.model.pass(&s, false).a[2][0]);
        }
        assert!(pg.curve(0, 0.0, 1.0).is_err());
        assert!(pg.curve(3, 0.0, f64::NAN).is_err());
        let mut two = Playground::new(&preset("xor").unwrap()).unwrap();
        assert!(two.curve(3, 0.0, 1.0).is_err());
    }

    #[wasm_bindgen_test]
    fn a_dataset_trains_and_its_test_split_is_measured() {
        let mut pg = Playground::new(&preset("xor").unwrap()).unwrap();
        let samples = dataset("gaussians", 40, 0.1, 3).unwrap();
        let parts: serde_json::Value =
            serde_json::from_str(&split_samples(&samples, 0.25, 1).unwrap()).unwrap();
        pg.set_samples(&parts["train"].to_string()).unwrap();
        assert!(pg.test_loss().unwrap().is_nan());
        pg.set_test_samples(&parts["test"].to_string()).unwrap();
        let before = pg.test_loss().unwrap();
        pg.train(200.0).unwrap();
        assert!(pg.test_loss().unwrap() < before);
        // test samples that no longer fit the network are named as such
        pg.set_state(r#"{"layers":[3,1]}"#).unwrap();
        assert!(pg.test_loss().is_err());
        let e = renamed(
            pg.model.evaluate_loss(&pg.test).unwrap_err(),
            "test_samples",
        );
        assert!(e.to_string().starts_with("test_samples[0]: has 2 inputs"));
        assert!(parse_csv("1,2,3\n1,2").is_err());
        assert_eq!(
            parse_csv("1,2,1").unwrap(),
            r#"[{"input":[1.0,2.0],"target":[1.0]}]"#
        );
    }
}
