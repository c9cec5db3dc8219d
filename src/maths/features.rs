//! Input features: functions of the two raw inputs x₁, x₂ that feed layer 1
//! in their place, as in TensorFlow Playground. With x₁² and x₂² a single
//! neuron can draw a circle; with x₁x₂, the XOR pattern.

/// One function of the raw inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    /// Every feature, in the order the page lists them.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The name used in the state format.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1_squared",
            Feature::X2Squared => "x2_squared",
            Feature::X1X2 => "x1_x2",
            Feature::SinX1 => "sin_x1",
            Feature::SinX2 => "sin_x2",
        }
    }

    /// The feature with this state-format name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Its value at the raw inputs (x₁, x₂). `sin` comes from libm, plain
    /// Rust, so that wasm and native agree to the bit.
    pub fn of(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => libm::sin(x1),
            Feature::SinX2 => libm::sin(x2),
        }
    }
}

/// Layer 1's values for `raw` inputs: each feature's value, or the raw
/// inputs themselves when there are no features.
pub fn layer_one(features: Option<&[Feature]>, raw: &[f64]) -> Vec<f64> {
    match features {
        None => raw.to_vec(),
        Some(fs) => fs.iter().map(|f| f.of(raw[0], raw[1])).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_of_a_point() {
        let all = Some(&Feature::ALL[..]);
        let v = layer_one(all, &[0.5, -2.0]);
        assert_eq!(v[..5], [0.5, -2.0, 0.25, 4.0, -1.0]);
        assert_eq!(v[5], libm::sin(0.5));
        assert_eq!(layer_one(None, &[3.0, 4.0, 5.0]), vec![3.0, 4.0, 5.0]);
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
    }
}
