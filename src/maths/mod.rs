//! The maths: activations and losses with their derivatives, the plain
//! network that reads like the derivation, the vector training kernel proven
//! against it, the seeded generator and the limits every layer above obeys.
//! Nothing here knows about the state format, the page or the CLI.

pub mod activation;
pub mod features;
pub mod kernel;
pub mod lanes;
pub mod limits;
pub mod loss;
pub mod network;
pub mod penalty;
pub mod rng;
pub mod sweep;
