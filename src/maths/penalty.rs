//! Regularization: a penalty on the size of the weights, added to the data
//! loss so that descent also pulls every weight toward 0. Biases are left
//! out, as is usual.
//!
//! The objective is J = L + λ·P(w), so ∂J/∂w = ∂L/∂w + λ·∂P/∂w.

/// Which penalty, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regularization {
    /// P = 0
    #[default]
    None,
    /// P = Σ |w|: pushes small weights to exactly 0
    L1,
    /// P = ½ Σ w²: shrinks every weight in proportion to its size
    L2,
}

impl Regularization {
    /// Every kind, in the order the page lists them.
    pub const ALL: [Regularization; 3] =
        [Regularization::None, Regularization::L1, Regularization::L2];

    /// The name used in the state format.
    pub fn name(self) -> &'static str {
        match self {
            Regularization::None => "none",
            Regularization::L1 => "l1",
            Regularization::L2 => "l2",
        }
    }

    /// The kind with this state-format name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }

    /// P over some weights.
    pub fn penalty(self, w: &[f64]) -> f64 {
        match self {
            Regularization::None => 0.0,
            // P = Σ |w|
            Regularization::L1 => w.iter().map(|w| w.abs()).sum(),
            // P = ½ Σ w²
            Regularization::L2 => 0.5 * w.iter().map(|w| w * w).sum::<f64>(),
        }
    }

    /// ∂P/∂w for one weight.
    pub fn dp(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            // ∂|w|/∂w = sign(w), taken as 0 at w = 0
            Regularization::L1 if w == 0.0 => 0.0,
            Regularization::L1 => w.signum(),
            // ∂(½w²)/∂w = w
            Regularization::L2 => w,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_and_their_slopes() {
        let w = [0.5, -2.0, 0.0];
        assert_eq!(Regularization::L1.penalty(&w), 2.5);
        // ½ (0.25 + 4)
        assert_eq!(Regularization::L2.penalty(&w), 2.125);
        assert_eq!(Regularization::None.penalty(&w), 0.0);
        assert_eq!(w.map(|w| Regularization::L1.dp(w)), [1.0, -1.0, 0.0]);
        assert_eq!(w.map(|w| Regularization::L2.dp(w)), w);
        // the slopes are the penalties' central differences
        for r in [Regularization::L1, Regularization::L2] {
            let h = 1e-6;
            for w in [0.7, -1.3] {
                let fd = (r.penalty(&[w + h]) - r.penalty(&[w - h])) / (2.0 * h);
                assert!((fd - r.dp(w)).abs() < 1e-8, "{r:?} at {w}");
            }
        }
    }
}
