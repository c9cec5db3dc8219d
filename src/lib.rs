//! See backpropagation: a small neural network whose every weight, bias,
//! pre-activation, activation and δ can be read, with the chain rule worked
//! out in live numbers. Pure maths: only `wasm` knows about JavaScript.

#[macro_use]
pub mod json;

pub mod activation;
pub mod data;
pub mod error;
pub mod explain;
pub mod float;
pub mod kernel;
pub mod lanes;
pub mod lesson;
pub mod link;
pub mod loss;
pub mod model;
pub mod network;
pub mod rng;
pub mod state;
pub mod trace;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(target_arch = "wasm32")]
mod heap;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: heap::Allocator = heap::Allocator::new();

pub use error::{Error, Result};
pub use model::Model;
pub use state::State;
pub use trace::Trace;
