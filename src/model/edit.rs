//! Changing a loaded model one value at a time: a setting, a parameter, an
//! input or target, the samples, or fresh weights. Each is checked as the
//! state format checks that field; on error nothing changes.

use serde_json::Value;

use crate::error::{Error, Part, Problem, Result};
use crate::format::read;
use crate::format::state::{xavier, Sample, State, MAX_INTEGER};
use crate::maths::features::Feature;
use crate::maths::network::Param;
use crate::model::Model;

impl Model {
    /// Changes one training setting (`"learning_rate"`, `0.1`), read as the
    /// state format reads that field; on error nothing changes.
    pub fn set_setting(&mut self, name: &str, value: &Value) -> Result<()> {
        let mut s = self.state();
        let n = s.samples.len() as u64;
        match name {
            "activations" => s.activations = read::activations(value, s.layers.len() - 1)?,
            "loss" => s.loss = read::loss(value, name)?,
            "learning_rate" => s.learning_rate = read::learning_rate(value)?,
            "train_biases" => s.train_biases = read::boolean(value, name)?,
            "batch_size" => s.batch_size = read::integer(value, name, 1, n)? as usize,
            "shuffle" => s.shuffle = read::boolean(value, name)?,
            "dropout" => s.dropout = read::dropout(value)?,
            "regularization" => s.regularization = read::regularization(value)?,
            "regularization_rate" => s.regularization_rate = read::regularization_rate(value)?,
            "seed" => s.seed = read::integer(value, name, 0, MAX_INTEGER)?,
            "samples" => {
                s.samples = read::samples(value, name, s.raw_inputs(), s.outputs())?;
                s.batch_size = s.batch_size.min(s.samples.len());
                // New samples through this door start a new count.
                s.seen = 0;
            }
            _ => {
                return Err(Error::new(
                    "setting",
                    Problem::UnknownName {
                        got: crate::error::excerpt(name, 40),
                        allowed: SETTINGS.to_vec(),
                    },
                ))
            }
        }
        read::consistent(&s)?;
        self.replace(s);
        Ok(())
    }

    /// Loads a state given without its samples (as `state_without_samples`
    /// gives it: a copy of this model trained elsewhere), keeping this
    /// model's samples; checked as a whole state is, and on error nothing
    /// changes. The samples are neither written out nor read again.
    pub fn set_state_without_samples(&mut self, v: &Value) -> Result<()> {
        // The samples move over rather than being copied (a state may hold
        // 10,000 of them and the page takes one on every frame of Play).
        let mut samples = std::mem::take(&mut self.state.samples);
        match read::with_samples(v, &mut samples) {
            Ok(s) => {
                *self = Model::new(s);
                Ok(())
            }
            Err(e) => {
                self.state.samples = samples;
                Err(e)
            }
        }
    }

    /// Fresh weights drawn from `seed`, step and counters at 0, samples and
    /// settings kept: the network a file with this seed and no weights opens.
    pub fn reinitialize(&mut self, seed: u64) -> Result<()> {
        let seed = read::integer(&seed.into(), "seed", 0, MAX_INTEGER)?;
        let mut s = self.state.clone();
        s.reinitialize(seed);
        *self = Model::new(s);
        Ok(())
    }

    /// Feeds layer 1 with `features` (a list of names) instead of what fed
    /// it before, or with the raw inputs for `null`. Layer 1 takes their
    /// number of neurons and the weights out of it are drawn afresh from the
    /// seed; every other weight, the samples and the counters stay. The
    /// samples must have two raw inputs (x₁, x₂) to take features.
    pub fn set_features(&mut self, v: &Value) -> Result<()> {
        let mut s = self.state();
        let raw = s.raw_inputs();
        let features = match v {
            Value::Null => None,
            _ => {
                let count = v.as_array().map_or(0, Vec::len);
                if count == 0 && v.is_array() {
                    return Err(Error::new(
                        "features",
                        Problem::CountRange {
                            min: 1,
                            max: Feature::ALL.len() as u64,
                            got: 0,
                        },
                    ));
                }
                Some(read::features(v, count)?)
            }
        };
        if features.is_some() && raw != 2 {
            return Err(Error::new(
                "features",
                Problem::InputsNeeded {
                    inputs: 2,
                    has: raw,
                },
            ));
        }
        let width = features.as_ref().map_or(raw, Vec::len);
        let mut layers = s.layers.clone();
        layers[0] = width;
        // keep every sample's raw inputs; check the new shape as a whole state would
        read::layer_sizes(&layers)?;
        s.weights[0] = xavier(&layers[..2], s.seed).remove(0);
        s.layers = layers;
        s.features = features;
        read::consistent(&s)?;
        self.replace(s);
        Ok(())
    }

    /// A weight or bias by name (`w2.1.1`, `b3.2`), or the error naming it.
    pub fn param(&self, name: &str) -> Result<Param> {
        self.net.param(name).ok_or_else(|| {
            let name = crate::error::excerpt(name, 40);
            Error::new("param", Problem::NoParam { name })
        })
    }

    /// Sets one weight or bias by name.
    pub fn set_param(&mut self, name: &str, value: f64) -> Result<()> {
        let p: Param = self.param(name)?;
        sized(name, value)?;
        *self.net_mut().get_mut(p) = value;
        Ok(())
    }

    /// Sets input k of sample i (0-based).
    pub fn set_input(&mut self, i: usize, k: usize, value: f64) -> Result<()> {
        sized(&format!("samples[{i}].input[{k}]"), value)?;
        let slot = self.slot(i, k, true)?;
        *slot = value;
        self.feed();
        Ok(())
    }

    /// Sets target j of sample i (0-based).
    pub fn set_target(&mut self, i: usize, j: usize, value: f64) -> Result<()> {
        let field = format!("samples[{i}].target[{j}]");
        sized(&field, value)?;
        read::target_fits(self.state.loss, &field, value)?;
        let slot = self.slot(i, j, false)?;
        *slot = value;
        Ok(())
    }

    fn slot(&mut self, i: usize, k: usize, input: bool) -> Result<&mut f64> {
        let (part, name) = if input {
            (Part::Input, "input")
        } else {
            (Part::Target, "target")
        };
        let field = format!("samples[{i}].{name}[{k}]");
        let count = self.state.samples.len();
        let s = self
            .state
            .samples
            .get_mut(i)
            .ok_or_else(|| Error::new(&field, Problem::NoSuchSample { count }))?;
        let v = if input { &mut s.input } else { &mut s.target };
        let count = v.len();
        v.get_mut(k)
            .ok_or_else(|| Error::new(&field, Problem::NoSuchValue { part, count }))
    }

    /// Samples (an array of `{ input, target }`) checked against this
    /// network the way a state's `samples` are, errors naming `field`. An
    /// empty array is allowed here and gives no samples.
    pub fn read_samples(&self, v: &Value, field: &str) -> Result<Vec<Sample>> {
        if v.as_array().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let samples = read::samples(v, field, self.state.raw_inputs(), self.state.outputs())?;
        let mut s = self.state.clone();
        s.samples = samples;
        read::consistent_in(&s, field)?;
        Ok(s.samples)
    }

    /// Replaces the training samples, checked the way a state's are.
    /// `batch_size` shrinks to fit; the step and sample counters carry on.
    /// On error nothing changes.
    pub fn set_samples(&mut self, v: &Value) -> Result<()> {
        let mut s = self.state();
        s.samples = read::samples(v, "samples", s.raw_inputs(), s.outputs())?;
        s.batch_size = s.batch_size.min(s.samples.len());
        read::consistent(&s)?;
        self.replace(s);
        Ok(())
    }

    /// Loads a new state, keeping the last step's dropout mask on screen.
    fn replace(&mut self, state: State) {
        let mask = self.last_mask.take();
        *self = Model::new(state);
        self.last_mask = mask;
    }
}

/// Rejects NaN and infinities from a caller.
pub fn finite(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::new(
            name,
            Problem::NotFinite {
                got: value.to_string(),
            },
        ))
    }
}

/// Rejects a weight, bias, input or target that is not finite or is past
/// ±`MAX_MAGNITUDE`, as the state format does.
fn sized(name: &str, value: f64) -> Result<f64> {
    read::in_range(name, finite(name, value)?)
}

/// The settings `set_setting` changes.
pub const SETTINGS: [&str; 11] = [
    "activations",
    "loss",
    "learning_rate",
    "train_biases",
    "batch_size",
    "shuffle",
    "dropout",
    "regularization",
    "regularization_rate",
    "seed",
    "samples",
];
