//! The worked phases, matrix form and four equations carry the core's own
//! numbers: every formula's value is the trace's value, and the update phase
//! is the step the model then takes.

use backprop_playground::format::preset::preset;
use backprop_playground::teach::lesson::{equations, matrix_form, phases};
use backprop_playground::{Model, Trace};

fn trace_value(t: &Trace, sample: usize, name: &str) -> Option<f64> {
    let (kind, rest) = name.split_at(name.find(|c: char| c.is_ascii_digit())?);
    let idx: Vec<usize> = rest.split('.').map(|x| x.parse().unwrap()).collect();
    let layer = &t.samples[sample].layers[idx[0] - 1];
    let j = idx[1] - 1;
    match kind {
        "z" => Some(layer.z.as_ref()?[j]),
        "a" => Some(layer.a[j]),
        "d" => Some(layer.delta.as_ref()?[j]),
        _ => None,
    }
}

/// The line ends in `value` to 4 significant digits: 0.0004386, 12.35.
fn assert_four_digits(text: &str, value: f64) {
    let last = text.rsplit(" = ").next().unwrap();
    let shown: f64 = last.parse().unwrap_or_else(|_| panic!("{text}"));
    if value == 0.0 {
        return assert_eq!(last, "0", "{text}");
    }
    let digits = last.trim_start_matches(['-', '0', '.']).replace('.', "");
    assert_eq!(digits.len(), 4, "{text}");
    // half a unit in the 4th significant digit
    let unit = 10f64.powf(value.abs().log10().floor() - 3.0);
    assert!((shown - value).abs() <= 0.5 * unit, "{text}: {value}");
}

#[test]
fn every_phase_value_is_the_traces_value() {
    for name in ["seed", "xor"] {
        let m = Model::new(preset(name).unwrap());
        let t = Trace::new(&m, true);
        for sample in 0..m.samples().len() {
            let ps = phases(&m, sample, 4).unwrap();
            let kinds: Vec<&str> = ps.iter().map(|p| p.kind).collect();
            assert_eq!(
                kinds,
                ["forward", "forward", "loss", "backward", "backward", "update"]
            );
            let mut checked = 0;
            for f in ps
                .iter()
                .filter(|p| p.kind != "update")
                .flat_map(|p| &p.formulas)
            {
                if f.name == "loss" {
                    assert_eq!(f.value, t.samples[sample].loss);
                } else if let Some(gw) = f.name.strip_prefix("gw") {
                    // per-sample ∂L/∂w = δ_j a_k, the product the trace holds
                    let ix: Vec<usize> = gw.split('.').map(|x| x.parse().unwrap()).collect();
                    let d = trace_value(&t, sample, &format!("d{}.{}", ix[0], ix[1])).unwrap();
                    let a = t.samples[sample].layers[ix[0] - 2].a[ix[2] - 1];
                    assert_eq!(f.value, d * a, "{}", f.name);
                } else {
                    assert_eq!(
                        Some(f.value),
                        trace_value(&t, sample, &f.name),
                        "{}",
                        f.name
                    );
                }
                assert_four_digits(&f.text, f.value);
                checked += 1;
            }
            // 2-2-2: 4 z, 4 a, 1 loss, 4 δ, 8 ∂L/∂w
            if name == "seed" {
                assert_eq!(checked, 21);
            }
        }
    }
}

#[test]
fn the_update_phase_is_the_next_step() {
    let mut s = preset("xor").unwrap();
    s.batch_size = 2;
    let mut m = Model::new(s);
    m.step().unwrap();
    let ps = phases(&m, 0, 6).unwrap();
    let update = ps.iter().find(|p| p.kind == "update").unwrap();
    m.step().unwrap();
    assert_eq!(update.formulas.len(), m.net().params().len());
    let rate = m.settings().learning_rate;
    for f in &update.formulas {
        let p = m.net().param(&f.name).unwrap();
        assert_eq!(f.value, m.net().get(p), "{}", f.name);
        // θ ← θ − η·∂L/∂θ with the numbers the phase hands the page
        let u = f.update.as_ref().unwrap();
        assert_eq!(u.rate, rate);
        assert_eq!(u.old - u.rate * u.gradient, f.value, "{}", f.name);
    }
    let before = Model::new(preset("xor").unwrap());
    let ps = phases(&before, 0, 4).unwrap();
    for f in &ps.iter().find(|p| p.kind == "update").unwrap().formulas {
        let p = before.net().param(&f.name).unwrap();
        assert_eq!(f.update.as_ref().unwrap().old, before.net().get(p));
    }
    // only the update phase carries them
    assert!(ps
        .iter()
        .filter(|p| p.kind != "update")
        .flat_map(|p| &p.formulas)
        .all(|f| f.update.is_none()));
}

#[test]
fn the_seed_step_reads_like_the_derivation() {
    let m = Model::new(preset("seed").unwrap());
    let ps = phases(&m, 0, 4).unwrap();
    let text: Vec<&str> = ps
        .iter()
        .flat_map(|p| &p.formulas)
        .map(|f| f.text.as_str())
        .collect();
    assert!(text.contains(&"δ³₁ = (a³₁ − y₁)·σ'(z³₁) = (0.7514 − 0.01000)·0.1868 = 0.1385"));
    assert!(text.contains(
        &"z²₁ = w²₁₁·a¹₁ + w²₁₂·a¹₂ + b²₁ = 0.1500·0.05000 + 0.2000·0.1000 + 0.3500 = 0.3775"
    ));
    // four significant digits, however small: the hidden layer's gradients
    assert!(text.contains(&"∂L/∂w²₁₁ = δ²₁·a¹₁ = 0.008771·0.05000 = 0.0004386"));
    assert!(text.contains(&"w³₁₁ ← w³₁₁ − η·∂L/∂w³₁₁ = 0.4000 − 0.5000·0.08217 = 0.3589"));
}

#[test]
fn matrix_form_and_the_four_equations() {
    let m = Model::new(preset("seed").unwrap());
    let mf = matrix_form(&m, 0, 4).unwrap();
    assert_eq!(mf.len(), 2);
    assert!(mf[0].latex.starts_with(r"z^{2} = W^{2} a^{1} + b^{2} = \begin{bmatrix} 0.1500 & 0.2000 \\ 0.2500 & 0.3000 \end{bmatrix}"));
    assert!(mf[0]
        .latex
        .ends_with(r"\begin{bmatrix} 0.3775 \\ 0.3925 \end{bmatrix}"));
    let eq = equations(&m, 0, 4).unwrap();
    let names: Vec<&str> = eq.iter().map(|e| e.name).collect();
    assert_eq!(names, ["BP1", "BP2", "BP3", "BP4"]);
    // BP2 uses (W³)ᵀ: its first row is w³₁₁, w³₂₁ = 0.4, 0.5.
    assert!(eq[1].layers[0]
        .latex
        .contains(r"\begin{bmatrix} 0.4000 & 0.5000 \\ 0.4500 & 0.5500 \end{bmatrix}"));
    assert_eq!(eq[3].layers.len(), 2);
    assert!(phases(&m, 1, 4).is_err());
}

#[test]
fn the_loss_slice_starts_at_the_loss_and_meets_the_step_at_the_rate() {
    use backprop_playground::teach::lesson::loss_slice;
    for name in ["seed", "xor"] {
        let mut m = Model::new(preset(name).unwrap());
        let mut full = m.state();
        full.batch_size = full.samples.len();
        full.learning_rate = 0.5;
        m = Model::new(full);
        // 41 points up to 4η: point 10 is t = η exactly (4·0.5·10/40 = 0.5).
        let slice = loss_slice(&m, 41, 2.0).unwrap();
        assert_eq!(slice.len(), 41);
        assert_eq!(slice[0], Model::new(m.state()).mean_loss());
        let mut stepped = Model::new(m.state());
        stepped.train(1).unwrap();
        let after = stepped.mean_loss();
        assert!(
            (slice[10] - after).abs() <= 1e-12 * after.abs().max(1.0),
            "{name}: {} vs {after}",
            slice[10]
        );
        // Downhill at first: a small step along −∇L lowers the loss.
        assert!(slice[1] < slice[0], "{name}");
    }
    let m = Model::new(preset("seed").unwrap());
    assert!(loss_slice(&m, 1, 1.0)
        .unwrap_err()
        .to_string()
        .contains("points"));
    assert!(loss_slice(&m, 10, 0.0)
        .unwrap_err()
        .to_string()
        .contains("max_rate"));
}
