//! The teaching text: traces of every value, the chain rule for one
//! parameter with live numbers, the step worked out phase by phase, and the
//! checks against finite differences.

pub mod check;
pub mod distribution;
pub mod explain;
pub mod graph;
pub mod health;
pub mod lesson;
pub mod number;
pub mod palette;
pub mod trace;
