//! The page's colours for a network's output: a colour-blind-safe diverging
//! palette, the diagram's orange (0, negative) and blue (1, positive)
//! through white (½).

/// Output 0, and negative weights in the diagram.
pub const ORANGE: [u8; 3] = [217, 119, 6];
/// Output 1, and positive weights.
pub const BLUE: [u8; 3] = [0, 114, 178];
const WHITE: [u8; 3] = [255, 255, 255];
/// The heatmap stays this light, so that the points on it stand out.
pub const HEAT_STRENGTH: f64 = 0.62;

/// The colour for output `v` at `strength` (1 for a point, `HEAT_STRENGTH`
/// for the background): values outside [0, 1] clamp, NaN is white.
pub fn colour(v: f64, strength: f64) -> [u8; 3] {
    let t = if v.is_nan() { 0.5 } else { v.clamp(0.0, 1.0) };
    let end = if t < 0.5 { ORANGE } else { BLUE };
    let s = strength * (2.0 * t - 1.0).abs();
    // white + (end − white)·s, rounded half up
    let mix = |i: usize| {
        let (w, e) = (WHITE[i] as f64, end[i] as f64);
        (w + (e - w) * s + 0.5).floor() as u8
    };
    [mix(0), mix(1), mix(2)]
}

/// `values` as RGBA pixels through the palette at the heatmap's strength.
pub fn heat_pixels(values: &[f64]) -> Vec<u8> {
    let mut px = Vec::with_capacity(values.len() * 4);
    for &v in values {
        let [r, g, b] = colour(v, HEAT_STRENGTH);
        px.extend_from_slice(&[r, g, b, 255]);
    }
    px
}

/// Where a neuron's value falls on the palette: a sigmoid's output is
/// already in [0, 1]; every other value (an input, tanh, ReLU, linear) is
/// read on [−1, 1], its sign the colour.
pub fn position(v: f64, sigmoid: bool) -> f64 {
    if sigmoid {
        v
    } else {
        (v.clamp(-1.0, 1.0) + 1.0) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ends_and_the_middle() {
        assert_eq!(colour(0.0, 1.0), ORANGE);
        assert_eq!(colour(1.0, 1.0), BLUE);
        assert_eq!(colour(0.5, 1.0), WHITE);
        assert_eq!(colour(f64::NAN, 1.0), WHITE);
        assert_eq!(colour(7.0, 1.0), BLUE);
        // 255 + (0 − 255)·0.62 = 96.9 → 97, (114 − 255) → 167.58 → 168, (178 − 255) → 207.26 → 207
        assert_eq!(colour(1.0, HEAT_STRENGTH), [97, 168, 207]);
        assert_eq!(heat_pixels(&[0.5]), vec![255, 255, 255, 255]);
        assert_eq!(position(-3.0, false), 0.0);
        assert_eq!(position(0.0, false), 0.5);
        assert_eq!(position(0.25, true), 0.25);
    }
}
