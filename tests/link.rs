//! Shared links restore a state bit-exactly, and a damaged link is refused
//! with a message rather than a panic.

use backprop_playground::format::link::{decode, encode};
use backprop_playground::format::preset::preset;
use backprop_playground::Model;
use proptest::prelude::*;

#[test]
fn round_trip_is_bit_exact() {
    for name in ["seed", "xor", "and", "or"] {
        let mut m = Model::new(preset(name).unwrap());
        m.train(77).unwrap();
        let s = m.state();
        let link = encode(&s);
        assert!(link.starts_with("1."));
        assert!(
            link.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{link}"
        );
        let back = decode(&link).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.to_json(), s.to_json());
    }
}

#[test]
fn the_seed_link_is_short() {
    let link = encode(&preset("seed").unwrap());
    assert!(link.len() < 260, "{} characters", link.len());
}

#[test]
fn damaged_links_are_refused_by_name() {
    let link = encode(&preset("seed").unwrap());
    let err = |l: &str| decode(l).unwrap_err().to_string();
    assert_eq!(
        err("hello"),
        "link: expected a version and a state, like 1.AgIC…"
    );
    assert_eq!(
        err("7.AAAA"),
        "link: version '7' is not one this page reads (it reads 1 and 2)"
    );
    assert_eq!(
        err("1.<script>"),
        "link: '<' cannot appear in a link's state"
    );
    // The first character base64url does not have is named whole, however
    // many bytes it takes; padding is not part of a link.
    assert_eq!(err("1.AA=+"), "link: '=' cannot appear in a link's state");
    // A last character whose spare bits are not 0 names no byte: the link
    // was changed by hand.
    assert_eq!(err("1.AB"), "link: 'B' cannot appear in a link's state");
    assert!(err("1.AAAAA").starts_with("link: cut short"));
    for link in ["1.AAAé", "1.AAAAAAAé", "1.AA€", "1.AAA😀"] {
        let got = link.chars().last().unwrap();
        assert_eq!(
            err(link),
            format!("link: '{got}' cannot appear in a link's state")
        );
    }
    assert!(err(&link[..link.len() - 20]).starts_with("link: cut short while reading samples"));
    assert!(err(&link[..10]).starts_with("link: cut short while reading"));
    assert_eq!(
        err(&format!("{link}AAAA")),
        "link: has bytes left over after the state"
    );
    // A link that is well formed but breaks a rule gets the validator's message.
    let mut s = preset("seed").unwrap();
    s.learning_rate = 500.0;
    assert_eq!(
        err(&encode(&s)),
        "learning_rate: expected a number above 0 and at most 100, got 500"
    );
    s.learning_rate = f64::NAN;
    assert_eq!(
        err(&encode(&s)),
        "learning_rate: expected a number, got a string"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_text_decodes_or_is_refused(text in "1\\.[A-Za-z0-9_-]{0,300}") {
        let _ = decode(&text);
    }

    #[test]
    fn flipped_bytes_never_panic(flip in 0usize..200, to in 0usize..64) {
        let link = encode(&preset("xor").unwrap());
        let mut chars: Vec<char> = link.chars().collect();
        let i = 2 + flip % (chars.len() - 2);
        chars[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().nth(to).unwrap();
        let _ = decode(&chars.into_iter().collect::<String>());
    }
}
