//! See backpropagation: a small neural network whose every weight, bias,
//! pre-activation, activation and δ can be read, with the chain rule worked
//! out in live numbers. Pure maths: only `wasm` knows about JavaScript.

#[macro_use]
pub mod json;

pub mod data;
pub mod error;
pub mod float;
pub mod format;
pub mod maths;
pub mod model;
pub mod teach;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

#[cfg(target_arch = "wasm32")]
mod heap;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: heap::Allocator = heap::Allocator::new();

pub use error::{Error, Result};
pub use format::state::State;
pub use model::Model;
pub use teach::trace::Trace;
