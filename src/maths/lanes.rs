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
    /// Every lane holding the bit pattern `bits`.
    fn splat_bits(bits: u64) -> Self;
    /// Bitwise and.
    fn bit_and(self, mask: Self) -> Self;
    /// Bitwise exclusive or.
    fn bit_xor(self, other: Self) -> Self;
    /// `limit` where `self > limit`, else `self` (NaN stays NaN).
    fn at_most(self, limit: Self) -> Self;
    /// The bits of `self` plus the bits of `bias`, as 64-bit integers,
    /// shifted left by 52: with `bias` the exponent bias less SHIFTER's bits
    /// and `self` = k + SHIFTER, that is 2^k.
    fn exponent(self, bias: Self) -> Self;
    /// `yes` where `self > 0`, else `no` (so NaN and −0 take `no`).
    fn where_positive(self, yes: Self, no: Self) -> Self;
    /// The nearest whole number, halfway cases to even.
    fn round_even(self) -> Self;
}

const SIGN: u64 = 1 << 63;
/// 1.5·2⁵²: adding it rounds a small float to an integer held in the low bits.
pub const SHIFTER: f64 = 6755399441055744.0;
/// The exponent bias 1023 less SHIFTER's bits: added to the bits of k + SHIFTER,
/// it leaves k + 1023 in the low bits, which the shift moves into the exponent.
const BIAS_LESS_SHIFTER: i64 = 1023i64.wrapping_sub(SHIFTER.to_bits() as i64);

impl Lanes for f64 {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn splat_bits(bits: u64) -> Self {
        f64::from_bits(bits)
    }
    #[inline(always)]
    fn bit_and(self, mask: Self) -> Self {
        f64::from_bits(self.to_bits() & mask.to_bits())
    }
    #[inline(always)]
    fn bit_xor(self, other: Self) -> Self {
        f64::from_bits(self.to_bits() ^ other.to_bits())
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
    fn exponent(self, bias: Self) -> Self {
        f64::from_bits(self.to_bits().wrapping_add(bias.to_bits()) << 52)
    }
    #[inline(always)]
    fn where_positive(self, yes: Self, no: Self) -> Self {
        if self > 0.0 {
            yes
        } else {
            no
        }
    }
    #[inline(always)]
    fn round_even(self) -> Self {
        self.round_ties_even()
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// Two f64 lanes in one wasm `v128`.
    #[derive(Clone, Copy)]
    pub struct Pair(v128);

    impl Pair {
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
        /// ([a₀, b₀], [a₁, b₁]) from a and b: a 2×2 block's columns from its rows.
        #[inline(always)]
        pub fn transpose(a: Pair, b: Pair) -> (Pair, Pair) {
            (
                Pair(i64x2_shuffle::<0, 2>(a.0, b.0)),
                Pair(i64x2_shuffle::<1, 3>(a.0, b.0)),
            )
        }
        /// Every bit set in a lane where `self ≤ limit`, none where not
        /// (so none for NaN).
        #[inline(always)]
        pub fn within(self, limit: Pair) -> Pair {
            Pair(f64x2_le(self.0, limit.0))
        }
    }

    impl super::Lanes for Pair {
        #[inline(always)]
        fn splat(x: f64) -> Self {
            Pair(f64x2_splat(x))
        }
        #[inline(always)]
        fn splat_bits(bits: u64) -> Self {
            Pair(u64x2_splat(bits))
        }
        #[inline(always)]
        fn bit_and(self, mask: Self) -> Self {
            Pair(v128_and(self.0, mask.0))
        }
        #[inline(always)]
        fn bit_xor(self, other: Self) -> Self {
            Pair(v128_xor(self.0, other.0))
        }
        #[inline(always)]
        fn at_most(self, limit: Self) -> Self {
            // pmin(a, b) is b < a ? b : a, one instruction
            Pair(f64x2_pmin(self.0, limit.0))
        }
        #[inline(always)]
        fn exponent(self, bias: Self) -> Self {
            Pair(i64x2_shl(i64x2_add(self.0, bias.0), 52))
        }
        #[inline(always)]
        fn where_positive(self, yes: Self, no: Self) -> Self {
            let positive = f64x2_gt(self.0, f64x2_splat(0.0));
            Pair(v128_bitselect(yes.0, no.0, positive))
        }
        #[inline(always)]
        fn round_even(self) -> Self {
            Pair(f64x2_nearest(self.0))
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
        /// ([a₀, b₀], [a₁, b₁]) from a and b: a 2×2 block's columns from its rows.
        #[inline(always)]
        pub fn transpose(a: Pair, b: Pair) -> (Pair, Pair) {
            (Pair([a.0[0], b.0[0]]), Pair([a.0[1], b.0[1]]))
        }
        /// Every bit set in a lane where `self ≤ limit`, none where not
        /// (so none for NaN).
        #[inline(always)]
        pub fn within(self, limit: Pair) -> Pair {
            self.zip(limit, |x, l| f64::from_bits(if x <= l { !0 } else { 0 }))
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
        fn splat_bits(bits: u64) -> Self {
            Self::splat(f64::from_bits(bits))
        }
        #[inline(always)]
        fn bit_and(self, mask: Self) -> Self {
            self.zip(mask, Lanes::bit_and)
        }
        #[inline(always)]
        fn bit_xor(self, other: Self) -> Self {
            self.zip(other, Lanes::bit_xor)
        }
        #[inline(always)]
        fn at_most(self, limit: Self) -> Self {
            self.zip(limit, Lanes::at_most)
        }
        #[inline(always)]
        fn exponent(self, bias: Self) -> Self {
            self.zip(bias, Lanes::exponent)
        }
        #[inline(always)]
        fn where_positive(self, yes: Self, no: Self) -> Self {
            Pair([
                self.0[0].where_positive(yes.0[0], no.0[0]),
                self.0[1].where_positive(yes.0[1], no.0[1]),
            ])
        }
        #[inline(always)]
        fn round_even(self) -> Self {
            Pair([self.0[0].round_ties_even(), self.0[1].round_ties_even()])
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

/// The Padé approximant of eʳ of degree 6 over 6 is N(r)/N(−r) with
/// N(r) = E(r²) + r·O(r²); these are E's and O's coefficients, from
/// (12 − i)! 6! / (12! i! (6 − i)!) for the term rⁱ. For |r| ≤ ln 2 / 2 it is
/// within 2·10⁻¹⁹ of eʳ, far below rounding.
const EVEN: [f64; 4] = [1.0, 5.0 / 44.0, 1.0 / 792.0, 1.0 / 665_280.0];
const ODD: [f64; 3] = [1.0 / 2.0, 1.0 / 66.0, 1.0 / 15_840.0];

/// The constants `tanh` works with, as lanes. Read from memory they cost
/// one load each, where a compiler may otherwise rebuild a vector constant
/// at every use inside a loop.
#[derive(Clone, Copy)]
pub struct TanhConstants<T> {
    /// every bit but the sign
    pub magnitude: T,
    sign: T,
    /// `BIAS_LESS_SHIFTER`, for `Lanes::exponent`
    bias: T,
    cap: T,
    inv_ln2: T,
    shifter: T,
    ln2_hi: T,
    ln2_lo: T,
    even: [T; 4],
    odd: [T; 3],
    /// 1, which f'(z) = 1 − tanh² needs too
    pub one: T,
}

impl<T: Lanes> TanhConstants<T> {
    #[inline(always)]
    pub fn new() -> Self {
        let c = T::splat;
        TanhConstants {
            magnitude: T::splat_bits(!SIGN),
            sign: T::splat_bits(SIGN),
            bias: T::splat_bits(BIAS_LESS_SHIFTER as u64),
            cap: c(20.0),
            inv_ln2: c(INV_LN2),
            shifter: c(SHIFTER),
            ln2_hi: c(LN2_HI),
            ln2_lo: c(LN2_LO),
            even: EVEN.map(c),
            odd: ODD.map(c),
            one: c(1.0),
        }
    }
}

impl<T: Lanes> Default for TanhConstants<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// tanh(x), to within a few units in the last place.
///
/// With t = 2|x| = k·ln 2 + r and eʳ = N/D (N = E + rO, D = E − rO),
/// tanh |x| = (eᵗ − 1)/(eᵗ + 1) = (2ᵏN − D)/(2ᵏN + D). The numerator is
/// taken as (2ᵏ − 1)N + 2rO, both parts exact or nearly so, which keeps
/// full relative precision near 0. Past |x| = 20 tanh rounds to 1, so |x|
/// is capped there. One division, no branches: the same operations serve
/// one lane or two.
#[inline(always)]
pub fn tanh<T: Lanes>(x: T) -> T {
    tanh_with(x, &TanhConstants::new())
}

/// `tanh` with its constants from `k`.
#[inline(always)]
pub fn tanh_with<T: Lanes>(x: T, k: &TanhConstants<T>) -> T {
    let (r, scale) = tanh_reduce(x, k);
    tanh_from(r, scale, x, k)
}

/// The first stage of `tanh`: r and 2ᵏ for t = 2|x|.
#[inline(always)]
pub fn tanh_reduce<T: Lanes>(x: T, k: &TanhConstants<T>) -> (T, T) {
    let half = x.bit_and(k.magnitude).at_most(k.cap);
    let t = half + half;
    // the nearest whole number of ln 2 in t, ties to even
    let n_ln2 = (t * k.inv_ln2).round_even();
    let shifted = n_ln2 + k.shifter;
    let r = (t - n_ln2 * k.ln2_hi) - n_ln2 * k.ln2_lo;
    (r, shifted.exponent(k.bias))
}

/// The rest of `tanh`: tanh x from `tanh_reduce(x)`.
#[inline(always)]
pub fn tanh_from<T: Lanes>(r: T, scale: T, x: T, k: &TanhConstants<T>) -> T {
    let s = r * r;
    let [e0, e1, e2, e3] = k.even;
    let [o0, o1, o2] = k.odd;
    let s2 = s * s;
    let even = (e0 + e1 * s) + (e2 + e3 * s) * s2;
    let odd = r * ((o0 + o1 * s) + o2 * s2);
    let (n, d) = (even + odd, even - odd);
    let num = (scale - k.one) * n + (odd + odd);
    // tanh |x| ≥ +0 has a clear sign bit: x's goes there
    (num / (scale * n + d)).bit_xor(x.bit_and(k.sign))
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
