//! The state format: one schema for files, the page and shared links, read
//! with a coded error that names the field at fault.

pub mod link;
pub mod state;
