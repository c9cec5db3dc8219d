//! See backpropagation: a small neural network whose every weight, bias,
//! pre-activation, activation and δ can be read, with the chain rule worked
//! out in live numbers.
//!
//! The layers, each importing only those listed before it:
//! `maths` (activations, losses, the plain network, the vector kernel, the
//! generator, the limits), `error` (coded errors), `format` (the state, its
//! reader, presets, links), `data` (data sets, CSV, splits), `model` (a
//! loaded state that trains), `teach` (trace, chain rule, lessons, checks),
//! and on top `bindings` (JavaScript, wasm only) and the CLI (`src/cli/`).

pub mod data;
pub mod error;
pub mod format;
pub use backprop_maths as maths;
pub mod model;
pub mod teach;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

pub use error::{Error, Result};
pub use format::state::State;
pub use model::Model;
pub use teach::trace::Trace;
