//! The seed's lessons with live numbers: the phases of one training step
//! (forward, loss, backward, update) as formulas, one neuron's output, a
//! layer's matrix form, and the four backpropagation equations.
//!
//! Every formula is produced here, numbers included, so the page only
//! typesets and never computes.

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::maths::activation::Activation;
use crate::maths::loss::Loss;
use crate::maths::network::Pass;
use crate::maths::penalty::Regularization;
use crate::model::Model;
use crate::teach::names::{id, Names, Notation};
use crate::teach::number::{num, Style};
use crate::teach::two::Two;

/// One line of working: `symbol = expression = numbers = value`.
#[derive(Debug, Clone, Serialize)]
pub struct Formula {
    /// the value it computes: `z2.1`, `a2.1`, `d3.1`, `gw3.1.2`, `w3.1.2`, `loss`
    #[serde(rename = "ref")]
    pub name: String,
    pub latex: String,
    pub text: String,
    pub value: f64,
    /// in the update phase, the numbers of θ ← θ − η·∂L/∂θ (`value` is the new θ)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<Update>,
}

/// One parameter's update, as the step takes it.
#[derive(Debug, Clone, Serialize)]
pub struct Update {
    /// θ before the step
    pub old: f64,
    /// ∂L/∂θ the step used: the mean over its batch, with its dropout
    pub gradient: f64,
    /// the learning rate η
    pub rate: f64,
    /// λ·∂P/∂θ at the old θ, what regularization adds to the gradient (0 for a bias or without it)
    pub penalty: f64,
}

/// One phase of a training step, with the formulas it works out.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// `forward`, `loss`, `backward` or `update`
    pub kind: &'static str,
    /// the seed's layer number the phase works on (the loss phase has none)
    pub layer: Option<usize>,
    pub formulas: Vec<Formula>,
}

/// f's name in formulas, as (LaTeX, text).
fn fname(act: Activation) -> (&'static str, &'static str) {
    match act {
        Activation::Sigmoid => ("\\sigma", "σ"),
        Activation::Tanh => ("\\tanh", "tanh"),
        Activation::Relu => ("\\operatorname{relu}", "relu"),
        Activation::LeakyRelu => ("\\operatorname{lrelu}", "lrelu"),
        Activation::Linear => ("\\operatorname{id}", "id"),
    }
}

/// z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j and a^l_j = f(z^l_j), with numbers.
pub fn neuron_formulas(
    model: &Model,
    pass: &Pass,
    li: usize,
    j: usize,
    d: usize,
    names: &Names,
) -> [Formula; 2] {
    let ly = &model.net().layers[li - 1];
    let (l, j1) = (li + 1, j + 1);
    let (zv, av) = (pass.z[li][j], pass.a[li][j]);
    let z = names.value("z", l, j1);
    let mut zf = Two::default();
    zf.sym(&z).same(" = ");
    for k in 0..ly.n_in {
        zf.sym(&names.weight(l, j1, k + 1)).put("", "·");
        zf.sym(&names.value("a", l - 1, k + 1)).same(" + ");
    }
    zf.sym(&names.value("b", l, j1)).same(" = ");
    for k in 0..ly.n_in {
        zf.factor(ly.w[j * ly.n_in + k], d).put(" \\cdot ", "·");
        zf.factor(pass.a[li - 1][k], d).same(" + ");
    }
    zf.factor(ly.b[j], d).same(" = ").num(zv, d);

    let f = fname(ly.act);
    let mut af = Two::default();
    af.sym(&names.value("a", l, j1)).same(" = ");
    af.put(f.0, f.1).same("(").sym(&z).same(") = ");
    af.put(f.0, f.1)
        .same("(")
        .num(zv, d)
        .same(") = ")
        .num(av, d);
    [
        zf.formula(id("z", l, j1), zv),
        af.formula(id("a", l, j1), av),
    ]
}

/// The phases of one training step on sample `sample`, numbers to `digits` significant digits.
///
/// The forward, loss and backward phases follow that sample without dropout;
/// the update phase is the step the model will really take next (its batch,
/// its dropout), worked on a copy.
pub fn phases(model: &Model, sample: usize, digits: usize) -> Result<Vec<Phase>> {
    phases_in(model, sample, digits, Notation::Seed)
}

/// The same with every symbol in `notation`.
pub fn phases_in(
    model: &Model,
    sample: usize,
    digits: usize,
    notation: Notation,
) -> Result<Vec<Phase>> {
    let s = model.sample(sample)?;
    let sizes = model.net().sizes();
    let names = &Names::new(&sizes, notation);
    let d = digits.clamp(1, 17);
    let pass = model.pass(s, true);
    let out = pass.a.len() - 1;
    let mut phases = Vec::new();

    for li in 1..=out {
        let mut formulas = Vec::new();
        for j in 0..pass.a[li].len() {
            formulas.extend(neuron_formulas(model, &pass, li, j, d, names));
        }
        phases.push(Phase {
            kind: "forward",
            layer: Some(li + 1),
            formulas,
        });
    }

    let loss = model.settings().loss;
    let lo = out + 1;
    let (pre_l, pre_t) = match loss {
        Loss::SquaredError => ("\\tfrac12", "½"),
        Loss::CrossEntropy => ("-", "−"),
    };
    let mut lf = Two::default();
    lf.same("L = ").put(pre_l, pre_t).same("[");
    for j in 1..=s.target.len() {
        let (a, yj) = (names.value("a", lo, j), names.target(j));
        if j > 1 {
            lf.same(" + ");
        }
        match loss {
            Loss::SquaredError => {
                lf.same("(")
                    .sym(&a)
                    .put(" - ", " − ")
                    .sym(&yj)
                    .put(")^2", ")²");
            }
            Loss::CrossEntropy => {
                lf.sym(&yj)
                    .put("\\ln ", " ln ")
                    .sym(&a)
                    .put(" + (1 - ", " + (1 − ");
                lf.sym(&yj).put(")\\ln(1 - ", ") ln(1 − ").sym(&a).same(")");
            }
        }
    }
    lf.same("] = ").put(pre_l, pre_t).same("[");
    for (j, &y) in s.target.iter().enumerate() {
        let a = pass.a[out][j];
        if j > 0 {
            lf.same(" + ");
        }
        match loss {
            Loss::SquaredError => {
                lf.same("(").factor(a, d).put(" - ", " − ").factor(y, d);
                lf.put(")^2", ")²");
            }
            Loss::CrossEntropy => {
                lf.factor(y, d)
                    .put("\\ln ", "·ln ")
                    .factor(a, d)
                    .same(" + ");
                lf.factor(1.0 - y, d)
                    .put("\\ln ", "·ln ")
                    .factor(1.0 - a, d);
            }
        }
    }
    let lv = model.sample_loss(&pass, s);
    lf.same("] = ").num(lv, d);
    phases.push(Phase {
        kind: "loss",
        layer: None,
        formulas: vec![lf.formula("loss".into(), lv)],
    });

    for li in (1..=out).rev() {
        let l = li + 1;
        let ly = &model.net().layers[li - 1];
        let f = fname(ly.act);
        let mut formulas = Vec::new();
        for j in 0..pass.a[li].len() {
            let dsym = names.value("d", l, j + 1);
            let dv = pass.delta[li][j];
            // δ = ∂L/∂a·f'(z), except that cross-entropy's f'(z) cancels
            // against its ∂L/∂a at the output: δ = a − y.
            let times_f = li < out || loss != Loss::CrossEntropy;
            let mut df = Two::default();
            df.sym(&dsym).same(" = ");
            if times_f {
                df.same("(");
            }
            if li == out {
                let (a, y) = (names.value("a", l, j + 1), names.target(j + 1));
                df.sym(&a).put(" - ", " − ").sym(&y);
            } else {
                for i in 0..model.net().layers[li].n_out {
                    if i > 0 {
                        df.same(" + ");
                    }
                    df.sym(&names.weight(l + 1, i + 1, j + 1)).put("", "·");
                    df.sym(&names.value("d", l + 1, i + 1));
                }
            }
            if times_f {
                df.put(") \\cdot ", ")·").put(f.0, f.1).same("'(");
                df.sym(&names.value("z", l, j + 1)).same(")");
            }
            df.same(" = ");
            if times_f {
                df.same("(");
            }
            if li == out {
                df.factor(pass.a[li][j], d).put(" - ", " − ");
                df.factor(s.target[j], d);
            } else {
                let next = &model.net().layers[li];
                for i in 0..next.n_out {
                    if i > 0 {
                        df.same(" + ");
                    }
                    df.factor(next.w[i * next.n_in + j], d).put(" \\cdot ", "·");
                    df.factor(pass.delta[li + 1][i], d);
                }
            }
            if times_f {
                df.put(") \\cdot ", ")·").factor(pass.df[li][j], d);
            }
            df.same(" = ").num(dv, d);
            formulas.push(df.formula(id("d", l, j + 1), dv));
            for k in 0..ly.n_in {
                let g = dv * pass.a[li - 1][k];
                let mut gf = Two::default();
                gf.sym(&names.weight(l, j + 1, k + 1).gradient())
                    .same(" = ");
                gf.sym(&dsym)
                    .put("", "·")
                    .sym(&names.value("a", l - 1, k + 1));
                gf.same(" = ").factor(dv, d).put(" \\cdot ", "·");
                gf.factor(pass.a[li - 1][k], d).same(" = ").num(g, d);
                formulas.push(gf.formula(format!("gw{l}.{}.{}", j + 1, k + 1), g));
            }
        }
        phases.push(Phase {
            kind: "backward",
            layer: Some(l),
            formulas,
        });
    }

    let mut next = Model::new(model.state());
    // A step that would diverge shows its update as not taken: values unchanged.
    // Called through a pointer the optimiser cannot see through: this worked
    // example then shares the training step's code instead of a copy of it.
    let step: fn(&mut Model) -> Result<f64> = std::hint::black_box(Model::step);
    let _ = step(&mut next);
    let rate = model.settings().learning_rate;
    let mut formulas = Vec::new();
    for p in model.net().params() {
        if p.k.is_none() && !model.settings().train_biases {
            continue;
        }
        let (old, new) = (model.net().get(p), next.net().get(p));
        let g = next.last_gradient(p);
        let (l, j1) = (p.layer + 2, p.j + 1);
        let s = match p.k {
            Some(k) => names.weight(l, j1, k + 1),
            None => names.value("b", l, j1),
        };
        // a weight under regularization moves by η·(∂L/∂θ + λ·∂P/∂θ)
        let penalty = match p.k {
            Some(_) if model.settings().regularization != Regularization::None => {
                model.penalty_gradient(old)
            }
            _ => 0.0,
        };
        let mut uf = Two::default();
        uf.sym(&s)
            .put(" \\leftarrow ", " ← ")
            .sym(&s)
            .put(" - \\eta ", " − η·");
        if penalty == 0.0 {
            uf.sym(&s.clone().gradient()).same(" = ");
            uf.factor(old, d)
                .put(" - ", " − ")
                .factor(rate, d)
                .put(" \\cdot ", "·");
            uf.factor(g, d);
        } else {
            uf.put("\\left(", "(").sym(&s.clone().gradient());
            uf.put(" + \\lambda \\frac{\\partial P}{\\partial ", " + λ·∂P/∂");
            uf.sym(&s).put("}\\right) = ", ") = ");
            uf.factor(old, d)
                .put(" - ", " − ")
                .factor(rate, d)
                .put(" \\cdot (", "·(");
            uf.factor(g, d).same(" + ").factor(penalty, d).same(")");
        }
        uf.same(" = ").num(new, d);
        formulas.push(Formula {
            update: Some(Update {
                old,
                gradient: g,
                rate,
                penalty,
            }),
            ..uf.formula(p.name(), new)
        });
    }
    phases.push(Phase {
        kind: "update",
        layer: None,
        formulas,
    });
    Ok(phases)
}

/// A matrix of numbers in LaTeX, `rows` × `cols`, entry (i, j) from `at`.
#[inline(never)]
fn bmatrix(o: &mut String, rows: usize, cols: usize, at: &dyn Fn(usize, usize) -> f64, d: usize) {
    *o += "\\begin{bmatrix} ";
    for i in 0..rows {
        if i > 0 {
            *o += " \\\\ ";
        }
        for j in 0..cols {
            if j > 0 {
                *o += " & ";
            }
            *o += &num(at(i, j), d, Style::Latex);
        }
    }
    *o += " \\end{bmatrix}";
}

/// A column of numbers in LaTeX.
#[inline(never)]
fn column(o: &mut String, xs: &[f64], d: usize) {
    bmatrix(o, xs.len(), 1, &|i, _| xs[i], d);
}

/// A formula for a whole layer, in matrix form.
#[derive(Debug, Clone, Serialize)]
pub struct LayerFormula {
    /// the seed's layer number
    pub layer: usize,
    pub latex: String,
}

/// z^l = W^l a^{l−1} + b^l for every layer, with the numbers of sample `sample`.
pub fn matrix_form(model: &Model, sample: usize, digits: usize) -> Result<Vec<LayerFormula>> {
    let s = model.sample(sample)?;
    let d = digits.clamp(1, 17);
    let pass = model.pass(s, false);
    let mut all = Vec::new();
    for (i, ly) in model.net().layers.iter().enumerate() {
        let l = i + 2;
        let mut o = format!("z^{{{l}}} = W^{{{l}}} a^{{{}}} + b^{{{l}}} = ", l - 1);
        bmatrix(&mut o, ly.n_out, ly.n_in, &|j, k| ly.w[j * ly.n_in + k], d);
        o += " ";
        column(&mut o, &pass.a[i], d);
        o += " + ";
        column(&mut o, &ly.b, d);
        o += " = ";
        column(&mut o, &pass.z[i + 1], d);
        all.push(LayerFormula { layer: l, latex: o });
    }
    Ok(all)
}

/// The four backpropagation equations, each with this sample's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Equation {
    /// `BP1` to `BP4`
    pub name: &'static str,
    /// the equation in symbols
    pub general: String,
    /// the equation with the numbers of each layer it applies to
    pub layers: Vec<LayerFormula>,
}

/// BP1 δᴸ = ∇ₐL ⊙ f'(zᴸ), BP2 δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f'(zˡ), BP3 ∂L/∂bˡ = δˡ, BP4 ∂L/∂wˡ_jk = a^{l−1}_k δˡ_j.
pub fn equations(model: &Model, sample: usize, digits: usize) -> Result<Vec<Equation>> {
    let s = model.sample(sample)?;
    let d = digits.clamp(1, 17);
    let pass = model.pass(s, true);
    let out = pass.a.len() - 1;
    let mut o = format!("\\delta^{{{}}} = ", out + 1);
    column(&mut o, &pass.da[out], d);
    o += " \\odot ";
    column(&mut o, &pass.df[out], d);
    o += " = ";
    column(&mut o, &pass.delta[out], d);
    let bp1 = LayerFormula {
        layer: out + 1,
        latex: o,
    };
    let (mut bp2, mut bp3, mut bp4) = (Vec::new(), Vec::new(), Vec::new());
    for li in (1..out).rev() {
        let next = &model.net().layers[li];
        let mut o = format!("\\delta^{{{}}} = \\left(", li + 1);
        // (W^{l+1})ᵀ: row k holds the weights out of neuron k
        let wt = |k: usize, j: usize| next.w[j * next.n_in + k];
        bmatrix(&mut o, next.n_in, next.n_out, &wt, d);
        o += " ";
        column(&mut o, &pass.delta[li + 1], d);
        o += "\\right) \\odot ";
        column(&mut o, &pass.df[li], d);
        o += " = ";
        column(&mut o, &pass.delta[li], d);
        bp2.push(LayerFormula {
            layer: li + 1,
            latex: o,
        });
    }
    for li in 1..=out {
        let l = li + 1;
        let mut o = format!("\\frac{{\\partial L}}{{\\partial b^{{{l}}}}} = \\delta^{{{l}}} = ");
        column(&mut o, &pass.delta[li], d);
        bp3.push(LayerFormula { layer: l, latex: o });
    }
    for li in 1..=out {
        let l = li + 1;
        let (delta, a) = (&pass.delta[li], &pass.a[li - 1]);
        let mut o = format!(
            "\\frac{{\\partial L}}{{\\partial W^{{{l}}}}} = \\delta^{{{l}}} (a^{{{li}}})^\\top = "
        );
        column(&mut o, delta, d);
        o += " ";
        column(&mut o, a, d);
        o += "^\\top = ";
        bmatrix(&mut o, delta.len(), a.len(), &|j, k| delta[j] * a[k], d);
        bp4.push(LayerFormula { layer: l, latex: o });
    }
    Ok(vec![
        Equation {
            name: "BP1",
            general: "\\delta^L = \\nabla_a L \\odot f'(z^L)".into(),
            layers: vec![bp1],
        },
        Equation {
            name: "BP2",
            general: "\\delta^l = \\left((W^{l+1})^\\top \\delta^{l+1}\\right) \\odot f'(z^l)"
                .into(),
            layers: bp2,
        },
        Equation {
            name: "BP3",
            general: "\\frac{\\partial L}{\\partial b^l_j} = \\delta^l_j".into(),
            layers: bp3,
        },
        Equation {
            name: "BP4",
            general: "\\frac{\\partial L}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j".into(),
            layers: bp4,
        },
    ])
}

/// Most points `loss_slice` evaluates.
pub const MAX_SLICE_POINTS: usize = 1001;

/// The mean loss along the steepest-descent line: L(θ − t·∇L) at `points`
/// evenly spaced t from 0 to `max_rate`, ends included, where ∇L is the
/// mean gradient over all samples (no dropout, biases fixed when they are
/// not trained). A plain gradient step with rate η lands at t = η; with a
/// batch of every sample it is exactly the step training takes.
pub fn loss_slice(model: &Model, points: usize, max_rate: f64) -> Result<Vec<f64>> {
    if !(2..=MAX_SLICE_POINTS).contains(&points) {
        let (max, got) = (MAX_SLICE_POINTS as u64, points as u64);
        return Err(Error::new(
            "points",
            Problem::CountRange { min: 2, max, got },
        ));
    }
    if !(max_rate.is_finite() && max_rate > 0.0) {
        return Err(Error::new("max_rate", Problem::AboveZero { got: max_rate }));
    }
    let (gw, gb) = model.gradients();
    let train_biases = model.settings().train_biases;
    let mut probe = Model::new(model.state());
    let last = (points - 1) as f64;
    Ok((0..points)
        .map(|i| {
            let t = max_rate * i as f64 / last;
            for ((ly, from), (gw, gb)) in probe
                .net_mut()
                .layers
                .iter_mut()
                .zip(&model.net().layers)
                .zip(gw.iter().zip(&gb))
            {
                // θ(t) = θ − t·∂L/∂θ, from the same θ each time.
                for ((w, w0), g) in ly.w.iter_mut().zip(&from.w).zip(gw) {
                    *w = w0 - t * g;
                }
                if train_biases {
                    for ((b, b0), g) in ly.b.iter_mut().zip(&from.b).zip(gb) {
                        *b = b0 - t * g;
                    }
                }
            }
            probe.mean_loss()
        })
        .collect())
}
