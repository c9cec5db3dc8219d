//! Activation functions as `f` / `df` pairs: a = f(z) and ∂a/∂z = f'(z).

use crate::lanes::{tanh_with, Lanes, TanhConstants};

/// The non-linearity of a layer; it is written by its `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Linear,
}

/// The slope of leaky ReLU below zero.
pub const LEAKY_SLOPE: f64 = 0.01;

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
    ];

    /// The name used in the state format.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Linear => "linear",
        }
    }

    /// The activation with this state-format name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// a = f(z). `exp` comes from libm and `tanh` from `lanes`, both plain
    /// Rust, so that wasm and native agree to the bit.
    pub fn f(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => 1.0 / (1.0 + libm::exp(-z)),
            _ => self.f_df(z).map_or(f64::NAN, |(a, _)| a),
        }
    }

    /// f'(z), written in terms of a = f(z) where that is the textbook form.
    pub fn df(self, z: f64, a: f64) -> f64 {
        match self {
            // σ'(z) = σ(z)(1 − σ(z))
            Activation::Sigmoid => a * (1.0 - a),
            // tanh'(z) = 1 − tanh²(z)
            Activation::Tanh => 1.0 - a * a,
            _ => self.f_df(z).map_or(f64::NAN, |(_, df)| df),
        }
    }

    /// f(z) and f'(z) together, for one lane or two; `None` for sigmoid,
    /// whose `exp` is libm's and one lane only. The kinks at 0 take the
    /// left slope.
    #[inline(always)]
    pub fn f_df<T: Lanes>(self, z: T) -> Option<(T, T)> {
        self.f_df_with(z, &TanhConstants::new())
    }

    /// `f_df` with tanh's constants from `k`.
    #[inline(always)]
    pub fn f_df_with<T: Lanes>(self, z: T, k: &TanhConstants<T>) -> Option<(T, T)> {
        let c = T::splat;
        Some(match self {
            Activation::Sigmoid => return None,
            Activation::Tanh => {
                let a = tanh_with(z, k);
                (a, k.one - a * a)
            }
            Activation::Relu => (
                z.where_positive(z, c(0.0)),
                z.where_positive(c(1.0), c(0.0)),
            ),
            Activation::LeakyRelu => (
                z.where_positive(z, c(LEAKY_SLOPE) * z),
                z.where_positive(c(1.0), c(LEAKY_SLOPE)),
            ),
            Activation::Linear => (z, c(1.0)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for act in Activation::ALL {
            for z in [-2.5, -0.3, 0.4, 1.7] {
                let numeric = (act.f(z + h) - act.f(z - h)) / (2.0 * h);
                let analytic = act.df(z, act.f(z));
                assert!((numeric - analytic).abs() < 1e-8, "{act:?} at {z}");
            }
        }
    }

    #[test]
    fn kinks_and_names() {
        // ReLU's derivative at 0 is defined as 0, leaky ReLU's as its slope.
        assert_eq!(Activation::Relu.df(0.0, 0.0), 0.0);
        assert_eq!(Activation::LeakyRelu.df(0.0, 0.0), LEAKY_SLOPE);
        assert_eq!(Activation::Sigmoid.f(0.0), 0.5);
        for act in Activation::ALL {
            assert_eq!(Activation::from_name(act.name()), Some(act));
        }
        assert_eq!(Activation::from_name("softmax"), None);
    }
}
