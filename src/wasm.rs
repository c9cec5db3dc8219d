//! The JavaScript face of the core, and the only module that knows about
//! wasm-bindgen. The network stays in Rust behind a `Playground` handle; JS
//! gets back JSON strings and typed arrays. Every error is a JS `Error`
//! carrying the same message the CLI prints.

use wasm_bindgen::prelude::*;

use crate::explain;
use crate::lesson;
use crate::link;
use crate::model::Model;
use crate::state;
use crate::trace::Trace;

fn js<T>(r: crate::Result<T>) -> Result<T, JsError> {
    r.map_err(|e| JsError::new(&e.to_string()))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
}

#[wasm_bindgen]
impl Playground {
    /// Validates and loads state JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(state_json: &str) -> Result<Playground, JsError> {
        js(Model::from_json(state_json)).map(|model| Playground { model })
    }

    /// The whole state as JSON.
    pub fn state(&self) -> String {
        self.model.state().to_json()
    }

    /// The whole state packed for a URL (see docs/format.md, "Links").
    pub fn link(&self) -> String {
        link::encode(&self.model.state())
    }

    /// Replaces the state; on error the old one stays.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&mut self, state_json: &str) -> Result<(), JsError> {
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

    /// `n` gradient steps; returns `{ step, epoch, loss, dropout_mask }`.
    pub fn step(&mut self, n: u32) -> Result<String, JsError> {
        let losses = js(self.model.train(n as u64))?;
        let s = self.model.settings();
        Ok(json(&serde_json::json!({
            "step": s.step,
            "epoch": self.model.epoch(),
            "loss": losses.last().copied(),
            "dropout_mask": self.model.last_mask,
        })))
    }

    /// `n` gradient steps; the batch loss of each.
    pub fn train(&mut self, n: u32) -> Result<Vec<f64>, JsError> {
        js(self.model.train(n as u64))
    }

    /// The chain rule for one parameter, differentiating sample `sample`'s loss.
    pub fn explain(&self, param: &str, sample: u32) -> Result<String, JsError> {
        js(explain::explain(&self.model, param, sample as usize)).map(|e| json(&e))
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
        js(self.model.set_input(sample as usize, k as usize, value))
    }

    /// Sets target j of sample i (0-based).
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&mut self, sample: u32, j: u32, value: f64) -> Result<(), JsError> {
        js(self.model.set_target(sample as usize, j as usize, value))
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
        pg.train(50).unwrap();
        native.train(50).unwrap();
        assert_eq!(pg.state(), native.state().to_json());
        assert_eq!(pg.trace(), Trace::new(&native, true).to_json());
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
}
