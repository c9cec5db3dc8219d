//! Two f64 lanes that move together, for the training loop's hot path.
//!
//! On wasm with SIMD this is one `v128`; elsewhere it is a pair of plain
//! `f64`s. Every operation is a single IEEE-754 operation per lane (no fused
//! multiply-add, no reassociation), so a lane computes exactly what the
//! scalar code computes, bit for bit, on every platform.

use core::ops::{Add, Div, Mul, Sub};

/// Arithmetic shared by `f64` and `Pair`, so a formula written once runs on either.
pub trait Lanes:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// Every lane set to `x`.
    fn splat(x: f64) -> Self;
    /// |x|, by clearing the sign bit.
    fn abs(self) -> Self;
    /// `self` with the sign bit of `sign`.
    fn with_sign_of(self, sign: Self) -> Self;
    /// `limit` where `self > limit`, else `self` (NaN stays NaN).
    fn at_most(self, limit: Self) -> Self;
    /// 2^k, where `self` is k + 1.5·2⁵² held exactly (k a small integer).
    fn pow2_of_shifted(self) -> Self;
}

const SIGN: u64 = 1 << 63;
/// 1.5·2⁵²: adding it rounds a small float to an integer held in the low bits.
pub const SHIFTER: f64 = 6755399441055744.0;

impl Lanes for f64 {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f64::from_bits(self.to_bits() & !SIGN)
    }
    #[inline(always)]
    fn with_sign_of(self, sign: Self) -> Self {
        f64::from_bits((self.to_bits() & !SIGN) | (sign.to_bits() & SIGN))
    }
    #[inline(always)]
    fn at_most(self, limit: Self) -> Self {
        if self > limit {
            limit
        } else {
            self
        }
    }
    #[inline(always)]
    fn pow2_of_shifted(self) -> Self {
        let k = self.to_bits().wrapping_sub(SHIFTER.to_bits());
        f64::from_bits(k.wrapping_add(1023) << 52)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// Two f64 lanes in one wasm `v128`.
    #[derive(Clone, Copy)]
    pub struct Pair(v128);

    impl Pair {
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> Self {
            Pair(f64x2(a, b))
        }
        /// The two values of `two`.
        #[inline(always)]
        pub fn get(two: &[f64; 2]) -> Self {
            // SAFETY: `two` is 16 readable bytes; v128_load needs no alignment.
            Pair(unsafe { v128_load(two.as_ptr() as *const v128) })
        }
        /// Writes the lanes into `two`.
        #[inline(always)]
        pub fn put(self, two: &mut [f64; 2]) {
            // SAFETY: `two` is 16 writable bytes; v128_store needs no alignment.
            unsafe { v128_store(two.as_mut_ptr() as *mut v128, self.0) }
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            [
                f64x2_extract_lane::<0>(self.0),
                f64x2_extract_lane::<1>(self.0),
            ]
        }
    }

    impl super::Lanes for Pair {
        #[inline(always)]
        fn splat(x: f64) -> Self {
            Pair(f64x2_splat(x))
        }
        #[inline(always)]
        fn abs(self) -> Self {
            Pair(f64x2_abs(self.0))
        }
        #[inline(always)]
        fn with_sign_of(self, sign: Self) -> Self {
            let s = u64x2_splat(super::SIGN);
            Pair(v128_bitselect(sign.0, self.0, s))
        }
        #[inline(always)]
        fn at_most(self, limit: Self) -> Self {
            Pair(v128_bitselect(limit.0, self.0, f64x2_gt(self.0, limit.0)))
        }
        #[inline(always)]
        fn pow2_of_shifted(self) -> Self {
            let k = i64x2_sub(self.0, f64x2_splat(super::SHIFTER));
            Pair(i64x2_shl(i64x2_add(k, i64x2_splat(1023)), 52))
        }
    }

    macro_rules! op {
        ($trait:ident, $method:ident, $f:ident) => {
            impl core::ops::$trait for Pair {
                type Output = Pair;
                #[inline(always)]
                fn $method(self, other: Pair) -> Pair {
                    Pair($f(self.0, other.0))
                }
            }
        };
    }
    op!(Add, add, f64x2_add);
    op!(Sub, sub, f64x2_sub);
    op!(Mul, mul, f64x2_mul);
    op!(Div, div, f64x2_div);
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::Lanes;

    /// Two f64 lanes as a plain pair.
    #[derive(Clone, Copy)]
    pub struct Pair([f64; 2]);

    impl Pair {
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> Self {
            Pair([a, b])
        }
        /// The two values of `two`.
        #[inline(always)]
        pub fn get(two: &[f64; 2]) -> Self {
            Pair(*two)
        }
        /// Writes the lanes into `two`.
        #[inline(always)]
        pub fn put(self, two: &mut [f64; 2]) {
            *two = self.0;
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            self.0
        }
        #[inline(always)]
        fn map(self, f: impl Fn(f64) -> f64) -> Self {
            Pair([f(self.0[0]), f(self.0[1])])
        }
        #[inline(always)]
        fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
            Pair([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
        }
    }

    impl Lanes for Pair {
        #[inline(always)]
        fn splat(x: f64) -> Self {
            Pair([x, x])
        }
        #[inline(always)]
        fn abs(self) -> Self {
            self.map(Lanes::abs)
        }
        #[inline(always)]
        fn with_sign_of(self, sign: Self) -> Self {
            self.zip(sign, Lanes::with_sign_of)
        }
        #[inline(always)]
        fn at_most(self, limit: Self) -> Self {
            self.zip(limit, Lanes::at_most)
        }
        #[inline(always)]
        fn pow2_of_shifted(self) -> Self {
            self.map(Lanes::pow2_of_shifted)
        }
    }

    macro_rules! op {
        ($trait:ident, $method:ident, $op:tt) => {
            impl core::ops::$trait for Pair {
                type Output = Pair;
                #[inline(always)]
                fn $method(self, other: Pair) -> Pair {
                    self.zip(other, |a, b| a $op b)
                }
            }
        };
    }
    op!(Add, add, +);
    op!(Sub, sub, -);
    op!(Mul, mul, *);
    op!(Div, div, /);
}

pub use imp::Pair;

/// ln 2 split so that k·LN2_HI is exact for |k| < 2²⁰ (fdlibm's constants).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const INV_LN2: f64 = core::f64::consts::LOG2_E;

/// 1/n! for n = 2..=13, the Taylor coefficients of eʳ − 1 − r.
const INV_FACT: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

/// eᵗ − 1 for 0 ≤ t ≤ 40, to within a few units in the last place.
///
/// t = k·ln 2 + r with |r| ≤ ln 2 / 2; eʳ − 1 is its Taylor series to r¹³
/// (the first term left out is below 10⁻¹⁷ of the result), and
/// eᵗ − 1 = 2ᵏ(eʳ − 1) + (2ᵏ − 1), where both parts are exact or nearly so.
#[inline(always)]
fn expm1_small<T: Lanes>(t: T) -> T {
    let shifted = t * T::splat(INV_LN2) + T::splat(SHIFTER);
    let k = shifted - T::splat(SHIFTER);
    let r = (t - k * T::splat(LN2_HI)) - k * T::splat(LN2_LO);
    // q(r) = Σ INV_FACT[i] rⁱ by Estrin's scheme: pairs, then pairs of
    // pairs, so that the terms are worked out side by side, not one by one.
    let c = |i: usize| T::splat(INV_FACT[i]);
    let (r2, pair) = (r * r, |i: usize| c(i) + c(i + 1) * r);
    let r4 = r2 * r2;
    let low = (pair(0) + pair(2) * r2) + (pair(4) + pair(6) * r2) * r4;
    let q = low + (pair(8) + pair(10) * r2) * (r4 * r4);
    let p = r + r2 * q;
    let scale = shifted.pow2_of_shifted();
    scale * p + (scale - T::splat(1.0))
}

/// tanh(x), to within a few units in the last place.
///
/// tanh |x| = e / (e + 2) with e = e^{2|x|} − 1, which keeps full relative
/// precision near 0; past |x| = 20 tanh rounds to 1, so |x| is capped there.
#[inline(always)]
pub fn tanh<T: Lanes>(x: T) -> T {
    let t = x.abs().at_most(T::splat(20.0));
    let e = expm1_small(t + t);
    (e / (e + T::splat(2.0))).with_sign_of(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn tanh_is_within_a_few_ulps_of_libm() {
        let mut worst = 0.0f64;
        let mut x = -25.0;
        while x <= 25.0 {
            let (mine, reference) = (tanh(x), libm::tanh(x));
            let ulps = (mine.to_bits() as i64 - reference.to_bits() as i64).abs();
            worst = worst.max(ulps as f64);
            x += 0.000_73;
        }
        assert!(worst <= 4.0, "{worst} ulps from libm");
        // near 0, tanh x = x to the last bit or one unit from it
        for tiny in [1e-300, 1e-20, 1e-9, -1e-9] {
            let ulps = (tanh(tiny).to_bits() as i64 - f64::to_bits(tiny) as i64).abs();
            assert!(ulps <= 1, "{tiny}: {ulps} ulps");
        }
        assert_eq!(tanh(0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(tanh(1e300), 1.0);
        assert!(tanh(f64::NAN).is_nan());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_pair_computes_what_each_lane_computes_alone() {
        let xs = [-3.7, 0.25, 1e-12, -19.9, 40.0, -0.0, 0.549, 2.0];
        for two in xs.as_chunks::<2>().0 {
            let [a, b] = tanh(Pair::get(two)).lanes();
            assert_eq!(a.to_bits(), tanh(two[0]).to_bits());
            assert_eq!(b.to_bits(), tanh(two[1]).to_bits());
        }
    }
}
