//! The crate's decimal reader against the standard library's: the same
//! double, to the bit, for every text either accepts, and the same refusals.

use backprop_playground::float::parse;
use proptest::prelude::*;

fn agree(text: &str) -> Result<(), TestCaseError> {
    let (ours, theirs) = (parse(text), text.parse::<f64>().ok());
    match (ours, theirs) {
        (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
        _ => prop_assert_eq!(
            ours.map(f64::to_bits),
            theirs.map(f64::to_bits),
            "for {:?}",
            text
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_double_printed_any_way_reads_back(bits in any::<u64>(), digits in 0usize..40) {
        let x = f64::from_bits(bits);
        for text in [format!("{x}"), format!("{x:e}"), format!("{x:?}"), format!("{x:.digits$e}"), format!("{x:.digits$}")] {
            agree(&text)?;
        }
    }

    #[test]
    fn digit_strings_with_any_exponent(
        int in "[0-9]{0,25}", frac in "[0-9]{0,25}", point in any::<bool>(),
        exp in prop::option::of(-450i32..450), sign in "[+-]?",
    ) {
        let mut text = format!("{sign}{int}");
        if point {
            text += ".";
            text += &frac;
        }
        if let Some(e) = exp {
            text += &format!("e{e}");
        }
        agree(&text)?;
    }

    #[test]
    fn arbitrary_text(text in "[0-9.eE+\\-a-z_ ]{0,12}|[+-]?(inf|INF|Infinity|nan|NaN)[a-z]?") {
        agree(&text)?;
    }

    #[test]
    fn halfway_between_neighbours(m in (1u128 << 52)..(1 << 53), k in -30i32..70, nudge in 0usize..3) {
        // (2m + 1) · 2^k lies exactly halfway between two adjacent doubles.
        let odd = 2 * m + 1;
        let mut text = if k >= 0 {
            (odd << k).to_string()
        } else {
            // (2m + 1) · 5^−k / 10^−k
            let digits = (odd * 5u128.pow(-k as u32)).to_string();
            let (int, frac) = digits.split_at(digits.len() - (-k) as usize);
            format!("{int}.{frac}")
        };
        // and just above it
        if nudge == 1 {
            text += if k >= 0 { ".000000000000000000000000001" } else { "000000000000000000001" };
        }
        agree(&text)?;
    }
}
