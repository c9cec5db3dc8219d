//! The state format: one schema for files, the page and shared links (see
//! docs/format.md), read with a coded error that names the field at fault.

pub mod link;
pub mod preset;
pub mod read;
pub mod state;
