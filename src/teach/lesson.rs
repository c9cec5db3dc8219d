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
use crate::teach::names::{Names, Notation, Symbol};
use crate::teach::number::{factor, num, Style};

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

/// A factor to `d` significant digits as (LaTeX, text), bracketed when
/// negative or scaled by a power of ten so products read well.
#[inline(never)]
fn n(x: f64, d: usize) -> (String, String) {
    (factor(x, d, Style::Latex), factor(x, d, Style::Text))
}

/// A number to `d` significant digits as (LaTeX, text), unbracketed, for the end of a line.
#[inline(never)]
fn v(x: f64, d: usize) -> (String, String) {
    (num(x, d, Style::Latex), num(x, d, Style::Text))
}

/// A symbol as (LaTeX, text).
fn pair(s: Symbol) -> (String, String) {
    (s.latex, s.text)
}

/// Symbols for a neuron value at seed layer `l`, 1-based neuron `j`.
#[inline(never)]
fn sym(names: &Names, letter: &str, l: usize, j: usize) -> (String, String) {
    pair(names.value(letter, l, j))
}

/// Symbols for the weight into neuron j of seed layer l from neuron k below.
#[inline(never)]
fn wsym(names: &Names, l: usize, j: usize, k: usize) -> (String, String) {
    pair(names.weight(l, j, k))
}

/// Symbols for target j.
fn ysym(names: &Names, j: usize) -> (String, String) {
    pair(names.target(j))
}

/// f's name in formulas.
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
    let (mut sym_l, mut sym_t, mut num_l, mut num_t) = (vec![], vec![], vec![], vec![]);
    for k in 0..ly.n_in {
        let (w, a) = (wsym(names, l, j1, k + 1), sym(names, "a", l - 1, k + 1));
        let (wv, av) = (n(ly.w[j * ly.n_in + k], d), n(pass.a[li - 1][k], d));
        sym_l.push(format!("{}{}", w.0, a.0));
        sym_t.push(format!("{}·{}", w.1, a.1));
        num_l.push(format!("{} \\cdot {}", wv.0, av.0));
        num_t.push(format!("{}·{}", wv.1, av.1));
    }
    let b = sym(names, "b", l, j1);
    let bv = n(ly.b[j], d);
    sym_l.push(b.0);
    sym_t.push(b.1);
    num_l.push(bv.0);
    num_t.push(bv.1);
    let (z, a, f) = (
        sym(names, "z", l, j1),
        sym(names, "a", l, j1),
        fname(ly.act),
    );
    let (zv, av) = (pass.z[li][j], pass.a[li][j]);
    let (zs, as_) = (v(zv, d), v(av, d));
    [
        Formula {
            name: format!("z{l}.{j1}"),
            latex: [
                z.0.clone(),
                sym_l.join(" + "),
                num_l.join(" + "),
                zs.0.clone(),
            ]
            .join(" = "),
            text: [
                z.1.clone(),
                sym_t.join(" + "),
                num_t.join(" + "),
                zs.1.clone(),
            ]
            .join(" = "),
            value: zv,
            update: None,
        },
        Formula {
            name: format!("a{l}.{j1}"),
            latex: [
                a.0,
                format!("{}({})", f.0, z.0),
                format!("{}({})", f.0, zs.0),
                as_.0,
            ]
            .join(" = "),
            text: [
                a.1,
                format!("{}({})", f.1, z.1),
                format!("{}({})", f.1, zs.1),
                as_.1,
            ]
            .join(" = "),
            value: av,
            update: None,
        },
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
        let formulas = (0..pass.a[li].len())
            .flat_map(|j| neuron_formulas(model, &pass, li, j, d, names))
            .collect();
        phases.push(Phase {
            kind: "forward",
            layer: Some(li + 1),
            formulas,
        });
    }

    let loss = model.settings().loss;
    let lo = out + 1;
    let (mut sl, mut st, mut nl, mut nt) = (vec![], vec![], vec![], vec![]);
    for (j, &y) in s.target.iter().enumerate() {
        let (a, yj) = (sym(names, "a", lo, j + 1), ysym(names, j + 1));
        let (av, yv) = (n(pass.a[out][j], d), n(y, d));
        match loss {
            Loss::SquaredError => {
                sl.push(format!("({} - {})^2", a.0, yj.0));
                st.push(format!("({} − {})²", a.1, yj.1));
                nl.push(format!("({} - {})^2", av.0, yv.0));
                nt.push(format!("({} − {})²", av.1, yv.1));
            }
            Loss::CrossEntropy => {
                let (cy, ca) = (n(1.0 - y, d), n(1.0 - pass.a[out][j], d));
                sl.push(format!(
                    "{y}\\ln {a} + (1 - {y})\\ln(1 - {a})",
                    y = yj.0,
                    a = a.0
                ));
                st.push(format!(
                    "{y} ln {a} + (1 − {y}) ln(1 − {a})",
                    y = yj.1,
                    a = a.1
                ));
                nl.push(format!("{}\\ln {} + {}\\ln {}", yv.0, av.0, cy.0, ca.0));
                nt.push(format!("{}·ln {} + {}·ln {}", yv.1, av.1, cy.1, ca.1));
            }
        }
    }
    let lv = model.sample_loss(&pass, s);
    let lvs = v(lv, d);
    let (pre_l, pre_t) = match loss {
        Loss::SquaredError => ("\\tfrac12", "½"),
        Loss::CrossEntropy => ("-", "−"),
    };
    phases.push(Phase {
        kind: "loss",
        layer: None,
        formulas: vec![Formula {
            name: "loss".into(),
            latex: format!(
                "L = {pre_l}[{}] = {pre_l}[{}] = {}",
                sl.join(" + "),
                nl.join(" + "),
                lvs.0,
            ),
            text: format!(
                "L = {pre_t}[{}] = {pre_t}[{}] = {}",
                st.join(" + "),
                nt.join(" + "),
                lvs.1,
            ),
            value: lv,
            update: None,
        }],
    });

    for li in (1..=out).rev() {
        let l = li + 1;
        let ly = &model.net().layers[li - 1];
        let mut formulas = Vec::new();
        for j in 0..pass.a[li].len() {
            let dsym = sym(names, "d", l, j + 1);
            let z = sym(names, "z", l, j + 1);
            let f = fname(ly.act);
            let dv = pass.delta[li][j];
            let fprime = (format!("{}'({})", f.0, z.0), format!("{}'({})", f.1, z.1));
            // (symbols, numbers), each as (LaTeX, text)
            let ((el, et), (nl, nt)) = if li == out {
                let (a, y) = (sym(names, "a", l, j + 1), ysym(names, j + 1));
                let (av, yv) = (n(pass.a[li][j], d), n(s.target[j], d));
                if loss == Loss::CrossEntropy {
                    (
                        (format!("{} - {}", a.0, y.0), format!("{} − {}", a.1, y.1)),
                        (
                            format!("{} - {}", av.0, yv.0),
                            format!("{} − {}", av.1, yv.1),
                        ),
                    )
                } else {
                    let fv = n(pass.df[li][j], d);
                    (
                        (
                            format!("({} - {}) \\cdot {}", a.0, y.0, fprime.0),
                            format!("({} − {})·{}", a.1, y.1, fprime.1),
                        ),
                        (
                            format!("({} - {}) \\cdot {}", av.0, yv.0, fv.0),
                            format!("({} − {})·{}", av.1, yv.1, fv.1),
                        ),
                    )
                }
            } else {
                let next = &model.net().layers[li];
                let (mut tl, mut tt, mut ul, mut ut) = (vec![], vec![], vec![], vec![]);
                for i in 0..next.n_out {
                    let w = wsym(names, l + 1, i + 1, j + 1);
                    let dd = sym(names, "d", l + 1, i + 1);
                    tl.push(format!("{}{}", w.0, dd.0));
                    tt.push(format!("{}·{}", w.1, dd.1));
                    let (wv, dv) = (n(next.w[i * next.n_in + j], d), n(pass.delta[li + 1][i], d));
                    ul.push(format!("{} \\cdot {}", wv.0, dv.0));
                    ut.push(format!("{}·{}", wv.1, dv.1));
                }
                let fv = n(pass.df[li][j], d);
                (
                    (
                        format!("({}) \\cdot {}", tl.join(" + "), fprime.0),
                        format!("({})·{}", tt.join(" + "), fprime.1),
                    ),
                    (
                        format!("({}) \\cdot {}", ul.join(" + "), fv.0),
                        format!("({})·{}", ut.join(" + "), fv.1),
                    ),
                )
            };
            let (dvn, dvs) = (n(dv, d), v(dv, d));
            formulas.push(Formula {
                name: format!("d{l}.{}", j + 1),
                latex: format!("{} = {el} = {nl} = {}", dsym.0, dvs.0),
                text: format!("{} = {et} = {nt} = {}", dsym.1, dvs.1),
                value: dv,
                update: None,
            });
            for k in 0..ly.n_in {
                let w = wsym(names, l, j + 1, k + 1);
                let a = sym(names, "a", l - 1, k + 1);
                let g = dv * pass.a[li - 1][k];
                let (av, gv) = (n(pass.a[li - 1][k], d), v(g, d));
                formulas.push(Formula {
                    name: format!("gw{l}.{}.{}", j + 1, k + 1),
                    latex: format!(
                        "\\frac{{\\partial L}}{{\\partial {}}} = {}{} = {} \\cdot {} = {}",
                        w.0, dsym.0, a.0, dvn.0, av.0, gv.0,
                    ),
                    text: format!(
                        "∂L/∂{} = {}·{} = {}·{} = {}",
                        w.1, dsym.1, a.1, dvn.1, av.1, gv.1
                    ),
                    value: g,
                    update: None,
                });
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
            Some(k) => wsym(names, l, j1, k + 1),
            None => sym(names, "b", l, j1),
        };
        let (o, r, gn, nv) = (n(old, d), n(rate, d), n(g, d), v(new, d));
        // a weight under regularization moves by η·(∂L/∂θ + λ·∂P/∂θ)
        let penalty = match p.k {
            Some(_) if model.settings().regularization != Regularization::None => {
                model.penalty_gradient(old)
            }
            _ => 0.0,
        };
        let (latex, text) = if penalty == 0.0 {
            (
                format!(
                    "{s} \\leftarrow {s} - \\eta \\frac{{\\partial L}}{{\\partial {s}}} = {} - {} \\cdot {} = {}",
                    o.0, r.0, gn.0, nv.0,
                    s = s.0
                ),
                format!("{s} ← {s} − η·∂L/∂{s} = {} − {}·{} = {}", o.1, r.1, gn.1, nv.1, s = s.1),
            )
        } else {
            let pn = n(penalty, d);
            (
                format!(
                    "{s} \\leftarrow {s} - \\eta \\left(\\frac{{\\partial L}}{{\\partial {s}}} + \\lambda \\frac{{\\partial P}}{{\\partial {s}}}\\right) = {} - {} \\cdot ({} + {}) = {}",
                    o.0, r.0, gn.0, pn.0, nv.0,
                    s = s.0
                ),
                format!(
                    "{s} ← {s} − η·(∂L/∂{s} + λ·∂P/∂{s}) = {} − {}·({} + {}) = {}",
                    o.1, r.1, gn.1, pn.1, nv.1,
                    s = s.1
                ),
            )
        };
        formulas.push(Formula {
            name: p.name(),
            latex,
            text,
            value: new,
            update: Some(Update {
                old,
                gradient: g,
                rate,
                penalty,
            }),
        });
    }
    phases.push(Phase {
        kind: "update",
        layer: None,
        formulas,
    });
    Ok(phases)
}

/// A column or matrix of numbers in LaTeX.
#[inline(never)]
fn bmatrix(rows: &[Vec<f64>], d: usize) -> String {
    let body: Vec<String> = rows
        .iter()
        .map(|r| r.iter().map(|x| v(*x, d).0).collect::<Vec<_>>().join(" & "))
        .collect();
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        body.join(" \\\\ ")
    )
}

fn column(xs: &[f64]) -> Vec<Vec<f64>> {
    xs.iter().map(|x| vec![*x]).collect()
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
    Ok(model
        .net()
        .layers
        .iter()
        .enumerate()
        .map(|(i, ly)| {
            let l = i + 2;
            let w: Vec<Vec<f64>> = ly.w.chunks(ly.n_in).map(<[f64]>::to_vec).collect();
            LayerFormula {
                layer: l,
                latex: format!(
                    "z^{{{l}}} = W^{{{l}}} a^{{{}}} + b^{{{l}}} = {} {} + {} = {}",
                    l - 1,
                    bmatrix(&w, d),
                    bmatrix(&column(&pass.a[i]), d),
                    bmatrix(&column(&ly.b), d),
                    bmatrix(&column(&pass.z[i + 1]), d)
                ),
            }
        })
        .collect())
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
    let col = |x: &[f64]| bmatrix(&column(x), d);
    let bp1 = LayerFormula {
        layer: out + 1,
        latex: format!(
            "\\delta^{{{l}}} = {} \\odot {} = {}",
            col(&pass.da[out]),
            col(&pass.df[out]),
            col(&pass.delta[out]),
            l = out + 1
        ),
    };
    let bp2 = (1..out)
        .rev()
        .map(|li| {
            let next = &model.net().layers[li];
            let wt: Vec<Vec<f64>> = (0..next.n_in)
                .map(|k| (0..next.n_out).map(|j| next.w[j * next.n_in + k]).collect())
                .collect();
            LayerFormula {
                layer: li + 1,
                latex: format!(
                    "\\delta^{{{l}}} = \\left({} {}\\right) \\odot {} = {}",
                    bmatrix(&wt, d),
                    col(&pass.delta[li + 1]),
                    col(&pass.df[li]),
                    col(&pass.delta[li]),
                    l = li + 1
                ),
            }
        })
        .collect();
    let bp3 = (1..=out)
        .map(|li| LayerFormula {
            layer: li + 1,
            latex: format!(
                "\\frac{{\\partial L}}{{\\partial b^{{{l}}}}} = \\delta^{{{l}}} = {}",
                col(&pass.delta[li]),
                l = li + 1
            ),
        })
        .collect();
    let bp4 = (1..=out)
        .map(|li| {
            let outer: Vec<Vec<f64>> = pass.delta[li]
                .iter()
                .map(|dj| pass.a[li - 1].iter().map(|ak| dj * ak).collect())
                .collect();
            LayerFormula {
                layer: li + 1,
                latex: format!(
                    "\\frac{{\\partial L}}{{\\partial W^{{{l}}}}} = \\delta^{{{l}}} (a^{{{}}})^\\top = {} {}^\\top = {}",
                    li,
                    col(&pass.delta[li]),
                    col(&pass.a[li - 1]),
                    bmatrix(&outer, d),
                    l = li + 1
                ),
            }
        })
        .collect();
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
