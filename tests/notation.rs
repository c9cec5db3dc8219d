//! The compact notation (w1…w8, b1…, z_h1, a_o1, as common worked examples
//! write the seed network) names every factor, formula and export the same
//! way, and changes no number: only the symbols differ from the seed's
//! layer notation.

use backprop_playground::format::preset::preset;
use backprop_playground::teach::explain::{explain, explain_in, Format};
use backprop_playground::teach::lesson::{phases, phases_in};
use backprop_playground::teach::names::{Names, Notation};
use backprop_playground::teach::number::{factor, Style};
use backprop_playground::Model;

/// Whether `s` writes a name in layer notation: a letter with a superscript
/// digit (w³₁₂, but not a square or ×10⁻⁶), or a LaTeX superscript other
/// than a power of ten or a square.
fn layer_notation(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let text = chars
        .windows(2)
        .any(|w| w[0].is_alphabetic() && "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(w[1]));
    let latex = s
        .match_indices('^')
        .any(|(i, _)| !s[..i].ends_with("10") && !s[i..].starts_with("^2"));
    text || latex
}

/// A 2-3-2-1 network: two hidden layers, so hidden neurons are counted across layers.
fn deep() -> Model {
    Model::from_json(
        r#"{"layers":[2,3,2,1],"activation":"tanh","seed":7,
        "samples":[{"input":[0.5,-0.25],"target":[0.3]},{"input":[-1,0.75],"target":[-0.2]}]}"#,
    )
    .unwrap()
}

#[test]
fn the_seed_chain_rule_reads_as_the_worked_example_writes_it() {
    let m = Model::new(preset("seed").unwrap());
    let e = explain_in(&m, "w2.1.1", 0, Notation::Compact).unwrap();
    // ∂E/∂w1 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂out_h1 · ∂out_h1/∂net_h1 · ∂net_h1/∂w1, through o1 and o2
    let text = |i: usize| {
        e.paths[i]
            .factors
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        text(0),
        ["∂L/∂aₒ₁", "∂aₒ₁/∂zₒ₁", "∂zₒ₁/∂aₕ₁", "∂aₕ₁/∂zₕ₁", "∂zₕ₁/∂w₁"]
    );
    assert_eq!(
        text(1),
        ["∂L/∂aₒ₂", "∂aₒ₂/∂zₒ₂", "∂zₒ₂/∂aₕ₁", "∂aₕ₁/∂zₕ₁", "∂zₕ₁/∂w₁"]
    );
    assert_eq!(
        e.paths[0].factors[2].latex,
        r"\frac{\partial z_{o1}}{\partial a_{h1}}"
    );
    assert_eq!(
        (e.text.as_str(), e.latex.as_str()),
        ("∂L/∂w₁", r"\frac{\partial L}{\partial w_{1}}")
    );
    assert_eq!(
        (e.delta.text.as_str(), e.input.text.as_str()),
        ("δₕ₁", "aᵢ₁")
    );
    // the core's names stay the seed's: they are references, not labels
    assert_eq!(
        (e.param.as_str(), e.delta.name.as_str()),
        ("w2.1.1", "d2.1")
    );
    let b = explain_in(&m, "b3.2", 0, Notation::Compact).unwrap();
    assert_eq!(b.text, "∂L/∂b₄");
    assert_eq!(b.input.text, "1");
}

#[test]
fn the_notation_changes_the_symbols_and_no_number() {
    let m = deep();
    let sizes = m.net().sizes();
    let names = Names::new(&sizes, Notation::Compact);
    for p in m.net().params() {
        for sample in 0..2 {
            let seed = explain(&m, &p.name(), sample).unwrap();
            let compact = explain_in(&m, &p.name(), sample, Notation::Compact).unwrap();
            let values = |e: &backprop_playground::teach::explain::Explanation| {
                let factors = e.paths.iter().flat_map(|p| {
                    p.factors
                        .iter()
                        .map(|f| (f.value.to_bits(), f.from.clone()))
                });
                (
                    factors.collect::<Vec<_>>(),
                    e.sum.to_bits(),
                    e.gradient.to_bits(),
                    e.finite_difference.to_bits(),
                )
            };
            assert_eq!(values(&seed), values(&compact), "{}", p.name());
            // the check below does catch the seed's names
            assert!(layer_notation(&seed.text) && layer_notation(&seed.latex));
            for path in &compact.paths {
                for f in &path.factors {
                    assert!(
                        !layer_notation(&f.text) && !layer_notation(&f.latex),
                        "{}",
                        f.text
                    );
                }
                // each factor's denominator is the compact name of the value below it
                let last = path.factors.last().unwrap();
                let theta = names.of(&p.name()).unwrap();
                assert!(
                    last.text.ends_with(&format!("/∂{}", theta.text)),
                    "{}",
                    last.text
                );
            }
            for format in [Format::Text, Format::Markdown, Format::Latex] {
                let out = compact.render(format, 4);
                assert!(!layer_notation(&out), "{out}");
                assert!(
                    out.contains(&compact.text) || out.contains(&compact.latex),
                    "{out}"
                );
            }
        }
    }
}

#[test]
fn compact_names_number_every_weight_and_bias_once() {
    let m = deep();
    let sizes = m.net().sizes();
    let names = Names::new(&sizes, Notation::Compact);
    let (mut w, mut b) = (vec![], vec![]);
    for p in m.net().params() {
        let s = names.of(&p.name()).unwrap();
        let n: usize = s.sub.parse().unwrap();
        if p.k.is_some() {
            w.push(n)
        } else {
            b.push(n)
        }
    }
    w.sort_unstable();
    b.sort_unstable();
    // 2·3 + 3·2 + 2·1 weights, 3 + 2 + 1 biases
    assert_eq!(w, (1..=14).collect::<Vec<_>>());
    assert_eq!(b, (1..=6).collect::<Vec<_>>());
    // neurons: i1 i2 | h1 h2 h3 | h4 h5 | o1
    let subs: Vec<String> = (1..=4)
        .flat_map(|l| (1..=sizes[l - 1]).map(move |j| (l, j)))
        .map(|(l, j)| names.of(&format!("a{l}.{j}")).unwrap().sub)
        .collect();
    assert_eq!(subs, ["i1", "i2", "h1", "h2", "h3", "h4", "h5", "o1"]);
}

#[test]
fn every_phase_names_its_values_compactly_with_the_same_numbers() {
    for m in [Model::new(preset("seed").unwrap()), deep()] {
        let seed = phases(&m, 0, 4).unwrap();
        let compact = phases_in(&m, 0, 4, Notation::Compact).unwrap();
        assert_eq!(seed.len(), compact.len());
        for (a, b) in seed.iter().zip(&compact) {
            assert_eq!((a.kind, a.layer), (b.kind, b.layer));
            for (f, g) in a.formulas.iter().zip(&b.formulas) {
                assert_eq!((&f.name, f.value.to_bits()), (&g.name, g.value.to_bits()));
                assert!(
                    !layer_notation(&g.text) && !layer_notation(&g.latex),
                    "{}",
                    g.text
                );
                // the numbers after the symbols are the same text
                let numbers = |s: &str| {
                    s.split(" = ")
                        .skip(2)
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                };
                if a.kind != "update" {
                    assert_eq!(numbers(&f.text), numbers(&g.text), "{}", g.text);
                }
            }
        }
    }
    let seed = Model::new(preset("seed").unwrap());
    let text: Vec<String> = phases_in(&seed, 0, 4, Notation::Compact)
        .unwrap()
        .into_iter()
        .flat_map(|p| p.formulas)
        .map(|f| f.text)
        .collect();
    // the worked example's names: net_h1 = w1·i1 + w2·i2 + b1, δ_h1 through w5 and w7
    assert!(text
        .iter()
        .any(|t| t.starts_with("zₕ₁ = w₁·aᵢ₁ + w₂·aᵢ₂ + b₁ = ")));
    assert!(text
        .iter()
        .any(|t| t.starts_with("δₕ₁ = (w₅·δₒ₁ + w₇·δₒ₂)·σ'(zₕ₁) = ")));
    assert!(text
        .iter()
        .any(|t| t.starts_with("L = ½[(aₒ₁ − y₁)² + (aₒ₂ − y₂)²] = ")));
    assert!(text.iter().any(|t| t.starts_with("w₅ ← w₅ − η·∂L/∂w₅ = ")));
}

#[test]
fn compact_exports_still_bracket_negative_factors_and_write_powers_of_ten() {
    let mut state = preset("seed").unwrap();
    state.samples[0].input[0] = 0.0003; // products near 10⁻⁶
    let e = explain_in(&Model::new(state), "w2.1.1", 0, Notation::Compact).unwrap();
    let (md, tex, text) = (
        e.render(Format::Markdown, 4),
        e.render(Format::Latex, 4),
        e.render(Format::Text, 4),
    );
    // path 2 starts at ∂L/∂a_o2 = a_o2 − y2 < 0
    let first = e.paths[1].factors[0].value;
    assert!(first < 0.0);
    let (l, t) = (
        factor(first, 4, Style::Latex),
        factor(first, 4, Style::Text),
    );
    assert!(l.starts_with("(-") && t.starts_with("(-"));
    for out in [&md, &tex] {
        assert!(out.contains(r"\frac{\partial L}{\partial a_{o2}}"), "{out}");
        assert!(out.contains(&format!("= {l} \\times ")), "{out}");
        assert!(out.contains(r"\times 10^{-6}"), "{out}");
        assert!(!layer_notation(out), "{out}");
    }
    assert!(
        text.contains(&format!("= {t} × ")) && text.contains("×10⁻⁶"),
        "{text}"
    );
    assert!(text.contains("(δₕ₁ × aᵢ₁)"), "{text}");
}

#[test]
fn cross_entropy_names_its_target_in_either_notation() {
    let m = Model::new(preset("xor").unwrap());
    assert_eq!(m.settings().loss.name(), "cross_entropy");
    let loss = |n| {
        let ps = phases_in(&m, 0, 4, n).unwrap();
        ps.into_iter().find(|p| p.kind == "loss").unwrap().formulas[0]
            .latex
            .clone()
    };
    assert!(loss(Notation::Seed)
        .starts_with(r"L = -[y_{1}\ln a^{3}_{1} + (1 - y_{1})\ln(1 - a^{3}_{1})]"));
    assert!(
        loss(Notation::Compact).starts_with(r"L = -[y_{1}\ln a_{o1} + (1 - y_{1})\ln(1 - a_{o1})]")
    );
}
