//! Decimal text to the nearest `f64`, ties to even: the answer
//! `str::parse::<f64>` gives (the tests compare the two on every kind of
//! input), without the standard library's 10 KB table of powers of five,
//! which was the largest single part of the wasm module. Most numbers take
//! a fast path in 128-bit integers; the rest are divided out exactly in big
//! integers, which is slower but rare: numbers with more than 19 digits or
//! far from 1.

/// The nearest `f64` to `text`, in Rust's own syntax: an optional sign, then
/// digits with an optional point and exponent (`1`, `-0.5`, `.5`, `2.`,
/// `1e-7`, `1E+5`), or `inf`, `infinity`, `nan` in any case.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let x = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        decimal(body.as_bytes())?
    };
    Some(if negative { -x } else { x })
}

/// Significant digits kept; a longer number keeps a 1 after them when the
/// rest is not all zeros, which is enough to round it correctly (a halfway
/// case between two doubles has at most 767 significant digits).
const MAX_DIGITS: usize = 800;

fn decimal(s: &[u8]) -> Option<f64> {
    if let Some(x) = simple(s) {
        return Some(x);
    }
    // value = digits × 10^exp, digits without leading zeros
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let (mut any, mut point, mut dropped) = (false, false, false);
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'0'..=b'9' => {
                any = true;
                let d = c - b'0';
                if digits.len() < MAX_DIGITS {
                    if !digits.is_empty() || d != 0 {
                        digits.push(d);
                    }
                    exp -= point as i64;
                } else {
                    dropped |= d != 0;
                    exp += !point as i64;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < s.len() {
        if s[i] != b'e' && s[i] != b'E' {
            return None;
        }
        i += 1;
        let negative = s.get(i) == Some(&b'-');
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if i == s.len() {
            return None;
        }
        let mut e: i64 = 0;
        for &c in &s[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            e = (e * 10 + (c - b'0') as i64).min(1 << 40);
        }
        exp += if negative { -e } else { e };
    }
    if dropped {
        digits.push(1);
        exp -= 1;
    }
    let n = digits.len() as i64;
    // Outside these the answer is 0 or infinity whatever the digits.
    if n == 0 || n + exp < -330 {
        return Some(0.0);
    }
    if n + exp > 310 {
        return Some(f64::INFINITY);
    }
    if n <= 19 {
        let d = digits.iter().fold(0u64, |d, &c| d * 10 + c as u64);
        if let Some(x) = fast(d, exp) {
            return Some(x);
        }
    }
    Some(slow(&digits, exp))
}

/// Plain numbers of up to 19 significant digits, read without allocating;
/// None leaves everything else (errors included) to the general reader.
fn simple(s: &[u8]) -> Option<f64> {
    let (mut d, mut sig, mut exp) = (0u64, 0, 0i64);
    let (mut any, mut point) = (false, false);
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'0'..=b'9' => {
                any = true;
                if sig > 0 || c != b'0' {
                    if sig == 19 {
                        return None;
                    }
                    d = d * 10 + (c - b'0') as u64;
                    sig += 1;
                }
                exp -= point as i64;
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if let Some(&c) = s.get(i) {
        if c != b'e' && c != b'E' {
            return None;
        }
        let (negative, digits) = match &s[i + 1..] {
            [b'-', rest @ ..] => (true, rest),
            [b'+', rest @ ..] => (false, rest),
            rest => (false, rest),
        };
        if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let e = digits.iter().fold(0i64, |e, &c| e * 10 + (c - b'0') as i64);
        exp += if negative { -e } else { e };
    }
    if d == 0 {
        return Some(0.0);
    }
    fast(d, exp)
}

/// d · 10^exp in 128-bit integers, when they hold it with bits to spare.
fn fast(d: u64, exp: i64) -> Option<f64> {
    let d = d as u128;
    if (0..=19).contains(&exp) {
        return Some(round(d * 10u128.pow(exp as u32), 0, false));
    }
    if (-21..0).contains(&exp) {
        let p = 10u128.pow(-exp as u32);
        let t = d.leading_zeros() as i32 - 1;
        let q = (d << t) / p;
        if q >> 56 != 0 {
            return Some(round(q, t, !(d << t).is_multiple_of(p)));
        }
    }
    None
}

/// num / den to 57 significant bits in big integers, then rounded.
fn slow(digits: &[u8], exp: i64) -> f64 {
    let mut num = vec![0u32];
    for chunk in digits.chunks(9) {
        let (scale, add) = chunk
            .iter()
            .fold((1, 0), |(s, a), &c| (s * 10, a * 10 + c as u32));
        mul_add(&mut num, scale, add);
    }
    let mut den = vec![1u32];
    let power = if exp >= 0 { &mut num } else { &mut den };
    for _ in 0..exp.unsigned_abs() {
        mul_add(power, 10, 0);
    }
    // num / den lies in [2^(k−1), 2^(k+1)); scaled by 2^t it has 56 or 57
    // bits, or as many as lie above 2^−1076 for a number near the bottom.
    let k = bits(&num) as i32 - bits(&den) as i32;
    let t = (56 - k).min(1076);
    if t >= 0 {
        shift(&mut num, t as u32);
    } else {
        shift(&mut den, -t as u32);
    }
    let mut q = 0u128;
    for i in (0..58).rev() {
        let mut d = den.clone();
        shift(&mut d, i);
        if !less(&num, &d) {
            sub(&mut num, &d);
            q |= 1 << i;
        }
    }
    round(q, t, num.iter().any(|&l| l != 0))
}

/// The f64 nearest to q × 2^−t (plus a little more when `sticky`), ties to even.
/// With `sticky` set, q must have bits to spare below the double's last bit.
fn round(q: u128, t: i32, sticky: bool) -> f64 {
    if q == 0 {
        return 0.0;
    }
    let len = 128 - q.leading_zeros() as i32;
    let drop = (len - 53).max(t - 1074);
    let (mut m, mut e) = if drop <= 0 {
        (q as u64, -t)
    } else {
        let m = (q >> drop) as u64;
        let low = q & ((1 << drop) - 1);
        let half = 1 << (drop - 1);
        let up = low > half || (low == half && (sticky || m & 1 == 1));
        (m + up as u64, drop - t)
    };
    if m >> 53 != 0 {
        m >>= 1;
        e += 1;
    }
    // m × 2^e with m < 2^53: as high as m goes while e stays at or above −1074.
    let room = (m.leading_zeros() as i32 - 11).min(e + 1074).max(0);
    m <<= room;
    e -= room;
    if m >> 52 == 0 {
        return f64::from_bits(m); // subnormal: e is −1074
    }
    let biased = e + 1075;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (m & ((1 << 52) - 1)))
}

// Big unsigned integers as little-endian u32 limbs.

fn mul_add(n: &mut Vec<u32>, m: u32, add: u32) {
    let mut carry = add as u64;
    for l in n.iter_mut() {
        let v = *l as u64 * m as u64 + carry;
        *l = v as u32;
        carry = v >> 32;
    }
    if carry != 0 {
        n.push(carry as u32);
    }
}

fn bits(n: &[u32]) -> u32 {
    match n.iter().rposition(|&l| l != 0) {
        Some(i) => i as u32 * 32 + 32 - n[i].leading_zeros(),
        None => 0,
    }
}

fn shift(n: &mut Vec<u32>, by: u32) {
    let (limbs, b) = ((by / 32) as usize, by % 32);
    if b != 0 {
        let mut carry = 0;
        for l in n.iter_mut() {
            let v = *l;
            *l = (v << b) | carry;
            carry = v >> (32 - b);
        }
        if carry != 0 {
            n.push(carry);
        }
    }
    n.splice(0..0, std::iter::repeat_n(0, limbs));
}

fn less(a: &[u32], b: &[u32]) -> bool {
    let len = a.len().max(b.len());
    for i in (0..len).rev() {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x < y;
        }
    }
    false
}

/// a −= b, for a ≥ b.
fn sub(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for (i, l) in a.iter_mut().enumerate() {
        let v = *l as i64 - b.get(i).copied().unwrap_or(0) as i64 - borrow;
        *l = v as u32;
        borrow = (v < 0) as i64;
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn hard_cases_read_as_the_standard_library_reads_them() {
        let cases = [
            "0",
            "-0",
            "1",
            "0.1",
            "0.30000000000000004",
            "9007199254740993",
            "9007199254740995",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e23",
            "8.98846567431158e307",
            "123456789012345678901234567890",
            "1e-400",
            "1e400",
            "0e999999",
            "1.",
            ".5",
            "+1.5E+3",
            "INF",
            "-Infinity",
            "nan",
            "1e",
            "e5",
            ".",
            "",
            "+",
            "-",
            "1.2.3",
            "1e+",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "1e5.5",
            "infinit",
            "0.000000000000000000000000000000000000000000000000000000000000000001",
        ];
        for text in cases {
            let ours = parse(text);
            let theirs = text.parse::<f64>().ok();
            assert_eq!(
                ours.map(f64::to_bits),
                theirs.map(f64::to_bits),
                "for {text:?}"
            );
        }
        let long = format!("0.{}5{}1", "0".repeat(300), "0".repeat(900));
        assert_eq!(parse(&long), long.parse().ok());
    }
}
