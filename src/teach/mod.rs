//! The teaching text: traces of every value, the chain rule for one
//! parameter with live numbers, the step worked out phase by phase, the
//! checks against finite differences, and the names of values in the seed's
//! notation or the compact one.

pub mod check;
pub mod distribution;
pub mod explain;
pub mod graph;
pub mod health;
pub mod lesson;
pub mod names;
pub mod number;
pub mod palette;
pub mod trace;
pub mod two;
