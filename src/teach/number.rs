//! Numbers as the lessons write them: to a count of significant digits,
//! plain from 10⁻⁴ up to 10⁶ (0.0004386, 12.35), and as m × 10ⁿ outside
//! that range, never in e-notation, which reads as a variable in a formula.

use crate::teach::names::script;

/// Where a number goes: plain text (the CLI, the page's narration) or LaTeX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Latex,
}

/// The smallest and largest powers of ten written without × 10ⁿ.
const PLAIN: std::ops::Range<i32> = -4..6;

/// `x` to `digits` significant digits (at least 1): `0.0004386`, `-1.510×10⁻⁵`
/// as text, `-1.510 \times 10^{-5}` in LaTeX.
pub fn num(x: f64, digits: usize, style: Style) -> String {
    write(x, digits, style).0
}

/// The same number as a factor in a product: bracketed when it is negative
/// or carries a power of ten, so `× (-0.01064)` never reads as a subtraction.
pub fn factor(x: f64, digits: usize, style: Style) -> String {
    let (s, scaled) = write(x, digits, style);
    if scaled || s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

/// The number's text, and whether it carries a power of ten.
fn write(x: f64, digits: usize, style: Style) -> (String, bool) {
    if x == 0.0 || !x.is_finite() {
        // -0 is written 0: a sign on nothing only puzzles.
        return (format!("{}", if x == 0.0 { 0.0 } else { x }), false);
    }
    let digits = digits.max(1);
    // The exponent after rounding: 9.99996 to 4 digits is 10.00.
    let sci = format!("{x:.prec$e}", prec = digits - 1);
    let (mantissa, exp) = sci.split_once('e').expect("{:e} writes an exponent");
    let exp: i32 = exp
        .parse()
        .unwrap_or_else(|_| unreachable!("{{:e}} writes a whole exponent"));
    if PLAIN.contains(&exp) {
        let decimals = (digits as i32 - 1 - exp).max(0) as usize;
        return (format!("{x:.decimals$}"), false);
    }
    let s = match style {
        Style::Text => format!("{mantissa}×10{}", script(&exp.to_string(), true)),
        Style::Latex => format!("{mantissa} \\times 10^{{{exp}}}"),
    };
    (s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_not_decimals() {
        assert_eq!(num(0.000438568, 4, Style::Text), "0.0004386");
        assert_eq!(num(12.3456, 4, Style::Text), "12.35");
        assert_eq!(num(0.15, 4, Style::Text), "0.1500");
        assert_eq!(num(-0.217072, 6, Style::Text), "-0.217072");
        // Rounding can carry into the next power of ten.
        assert_eq!(num(9.99996, 4, Style::Text), "10.00");
        assert_eq!(num(123456.7, 4, Style::Text), "123457");
        assert_eq!(num(0.0, 4, Style::Text), "0");
        assert_eq!(num(-0.0, 4, Style::Text), "0");
    }

    #[test]
    fn small_and_large_numbers_carry_a_power_of_ten() {
        assert_eq!(num(-1.50954e-5, 4, Style::Text), "-1.510×10⁻⁵");
        assert_eq!(num(-1.50954e-5, 4, Style::Latex), "-1.510 \\times 10^{-5}");
        assert_eq!(num(2.5e7, 3, Style::Text), "2.50×10⁷");
        assert_eq!(num(2.5e7, 3, Style::Latex), "2.50 \\times 10^{7}");
        for x in [1.2345e-9, -3.0e12, 7.7e-5] {
            for style in [Style::Text, Style::Latex] {
                let s = num(x, 4, style);
                // e-notation is a digit followed by e
                let e = s
                    .as_bytes()
                    .windows(2)
                    .any(|p| p[0].is_ascii_digit() && p[1] == b'e');
                assert!(!e, "{s}");
            }
        }
    }

    #[test]
    fn factors_are_bracketed_when_negative_or_scaled() {
        assert_eq!(factor(-0.0106405, 4, Style::Text), "(-0.01064)");
        assert_eq!(factor(0.5, 4, Style::Latex), "0.5000");
        assert_eq!(factor(1.5e-5, 4, Style::Text), "(1.500×10⁻⁵)");
        assert_eq!(factor(1.5e-5, 4, Style::Latex), "(1.500 \\times 10^{-5})");
        // 10 itself is a plain number, not a power of ten.
        assert_eq!(factor(10.0, 4, Style::Latex), "10.00");
    }
}
