//! The sizes every layer obeys: the kernel's fixed blocks are built for
//! them, the state format refuses anything past them, and the page reads
//! them from the core rather than keeping a copy.

/// Layers counting the input layer.
pub const MAX_LAYERS: usize = 8;
/// Neurons in any one layer.
pub const MAX_NEURONS: usize = 16;
/// The largest size of a weight, bias, input or target. Past it a pass's z
/// and loss can overflow to ∞; training stops parameters there too.
pub const MAX_MAGNITUDE: f64 = 1e6;
