//! Per-sample losses L(a, y) and their slopes ∂L/∂a.

/// The cost of one sample's output a against its target y; it is written by its `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// L = ½ Σⱼ (aⱼ − yⱼ)²
    SquaredError,
    /// L = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)], for a sigmoid output layer.
    CrossEntropy,
}

impl Loss {
    /// Every loss, in the order the page lists them.
    pub const ALL: [Loss; 2] = [Loss::SquaredError, Loss::CrossEntropy];

    /// The name used in the state format.
    pub fn name(self) -> &'static str {
        match self {
            Loss::SquaredError => "squared_error",
            Loss::CrossEntropy => "cross_entropy",
        }
    }

    /// The loss with this state-format name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    /// L for one sample, from the output layer's z and a and the target y.
    #[inline]
    pub fn value(self, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
        self.sum(z.iter().zip(a).zip(y).map(|((&z, &a), &y)| (z, a, y)))
    }

    /// L for one sample, from each output neuron's (z, a, y) in turn.
    /// Cross-entropy is evaluated from z = σ⁻¹(a), as softplus(z) − y·z,
    /// which stays finite when a rounds to 0 or 1.
    #[inline]
    pub fn sum(self, outputs: impl Iterator<Item = (f64, f64, f64)>) -> f64 {
        match self {
            Loss::SquaredError => outputs.map(|(_, a, y)| 0.5 * (a - y) * (a - y)).sum(),
            Loss::CrossEntropy => outputs
                .map(|(z, _, y)| z.max(0.0) - z * y + libm::log1p(libm::exp(-z.abs())))
                .sum(),
        }
    }

    /// ∂L/∂aⱼ for one output neuron.
    pub fn da(self, a: f64, y: f64) -> f64 {
        match self {
            // ∂/∂a ½(a − y)² = a − y
            Loss::SquaredError => a - y,
            // ∂/∂a −[y ln a + (1 − y) ln(1 − a)] = (a − y) / (a(1 − a))
            Loss::CrossEntropy => (a - y) / (a * (1.0 - a)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;

    #[test]
    fn cross_entropy_from_z_equals_the_textbook_form() {
        for (z, y) in [(-1.3, 0.0), (0.2, 1.0), (2.0, 0.3)] {
            let a = Activation::Sigmoid.f(z);
            let textbook = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
            let ours = Loss::CrossEntropy.value(&[z], &[a], &[y]);
            assert!((textbook - ours).abs() < 1e-12);
        }
        // Saturated outputs stay finite: z = 800 rounds a to exactly 1.
        assert!(Loss::CrossEntropy
            .value(&[800.0], &[1.0], &[0.0])
            .is_finite());
    }

    #[test]
    fn da_matches_central_differences() {
        let h = 1e-6;
        for (a, y) in [(0.3, 0.0), (0.75, 0.99), (0.1, 0.5)] {
            let num = (Loss::SquaredError.value(&[0.0], &[a + h], &[y])
                - Loss::SquaredError.value(&[0.0], &[a - h], &[y]))
                / (2.0 * h);
            assert!((num - Loss::SquaredError.da(a, y)).abs() < 1e-8);
            let ce = |a: f64| -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
            let num = (ce(a + h) - ce(a - h)) / (2.0 * h);
            assert!((num - Loss::CrossEntropy.da(a, y)).abs() < 1e-6);
        }
    }
}
