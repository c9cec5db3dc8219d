//! A tiny portable generator, written out here so that a seed names the same
//! network, shuffles and dropout masks on every platform and in every release.

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter passed through
/// a bijective mixer. Small, fast and good enough for initial weights.
pub struct Rng(u64);

/// What a stream of random numbers is used for; each gets its own stream.
#[derive(Clone, Copy)]
pub enum Purpose {
    Init = 1,
    Shuffle = 2,
    Dropout = 3,
    Data = 4,
}

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Rng {
    /// The stream for `purpose` number `index` (an epoch, a step) under `seed`.
    pub fn new(seed: u64, purpose: Purpose, index: u64) -> Self {
        Rng(mix(seed ^ mix(purpose as u64 ^ mix(index))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A uniform draw from [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform index in 0..n (n > 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_fixed_and_distinct() {
        let mut a = Rng::new(1, Purpose::Init, 0);
        let mut b = Rng::new(1, Purpose::Init, 0);
        let mut c = Rng::new(1, Purpose::Shuffle, 0);
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_eq!(x, y);
        assert_ne!(x, z);
        for _ in 0..1000 {
            let u = a.next_f64();
            assert!((0.0..1.0).contains(&u));
            assert!(a.below(7) < 7);
        }
    }
}
