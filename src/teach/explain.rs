//! The chain rule written out: every path from the loss down to one
//! parameter, each factor with its symbol and live value; the seed's
//! proportional error back-distribution; and a finite-difference check.

use std::fmt::Write;

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::maths::network::{Network, Param, Pass};
use crate::model::Model;
use crate::teach::check::finite_difference;
use crate::teach::names::{id, Names, Notation, Symbol};
use crate::teach::number::{self, num, Style};
use crate::teach::two::Two;

/// Paths listed one by one; the rest are summed into `omitted_sum`.
pub const MAX_LISTED_PATHS: usize = 256;
/// Up to this many paths the sum is taken over the paths themselves.
const MAX_SUMMED_PATHS: usize = 1 << 16;

/// One factor of a chain-rule product, such as ∂a³₁/∂z³₁ = 0.1868.
#[derive(Debug, Clone, Serialize)]
pub struct Factor {
    /// the symbol in LaTeX
    pub latex: String,
    /// the symbol in plain Unicode text
    pub text: String,
    pub value: f64,
    /// the neuron value or parameter it comes from: `a3.1`, `z2.1`, `w3.1.2`
    #[serde(rename = "ref")]
    pub from: String,
}

/// One path from the loss to the parameter: the product of its factors.
#[derive(Debug, Clone, Serialize)]
pub struct Path {
    pub factors: Vec<Factor>,
    pub product: f64,
}

/// A named value, such as δ²₁ or a¹₁.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// the core's name: `d3.1`, `a2.1`, or `1` for what a bias multiplies
    #[serde(rename = "ref")]
    pub name: String,
    /// its symbol in the explanation's notation, as text and in LaTeX
    pub text: String,
    pub latex: String,
    pub value: f64,
}

/// ∂L/∂θ for one parameter θ, as a sum over paths with live values.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub param: String,
    pub latex: String,
    pub text: String,
    /// the parameter's current value
    pub param_value: f64,
    /// the sample whose loss the paths differentiate (0-based)
    pub sample: usize,
    pub paths: Vec<Path>,
    pub paths_total: usize,
    /// the sum of the paths not listed
    pub omitted_sum: f64,
    /// ∂Lₛ/∂θ for the chosen sample s: the sum over all paths
    pub sum: f64,
    /// ∂Lᵢ/∂θ for every sample i
    pub per_sample: Vec<f64>,
    /// ∂L/∂θ of the mean loss, the number a step uses
    pub gradient: f64,
    /// the central-difference estimate of `gradient`
    pub finite_difference: f64,
    /// λ·∂P/∂θ, what regularization adds to the gradient (0 for a bias or without it)
    pub penalty_gradient: f64,
    /// ∂J/∂θ = `gradient` + `penalty_gradient`, the number a step uses
    pub objective_gradient: f64,
    /// δ of the neuron θ feeds, for the chosen sample
    pub delta: Named,
    /// what θ multiplies: a^{l−1}_k for a weight, 1 for a bias
    pub input: Named,
}

/// ∂top/∂bottom, the top given as (LaTeX, text).
#[inline(never)]
fn partial(top: (&str, &str), bottom: &Symbol) -> Two {
    let mut f = Two::default();
    f.put("\\frac{\\partial ", "∂").put(top.0, top.1);
    f.put("}{\\partial ", "/∂").sym(bottom).put("}", "");
    f
}

/// ∂top/∂bottom for two symbols.
fn partial_of(top: &Symbol, bottom: &Symbol) -> Two {
    partial((&top.latex, &top.text), bottom)
}

/// The loss, as the top of ∂L/∂a or ∂L/∂θ.
const LOSS: (&str, &str) = ("L", "L");

#[inline(never)]
fn factor(sym: Two, value: f64, from: String) -> Factor {
    Factor {
        latex: sym.latex,
        text: sym.text,
        value,
        from,
    }
}

#[inline(never)]
fn named(name: String, s: Symbol, value: f64) -> Named {
    Named {
        name,
        text: s.text,
        latex: s.latex,
        value,
    }
}

/// Explains ∂L/∂θ for the parameter `name`, differentiating sample `sample`'s
/// loss, in the seed's notation.
pub fn explain(model: &Model, name: &str, sample: usize) -> Result<Explanation> {
    explain_in(model, name, sample, Notation::Seed)
}

/// The same with every symbol in `notation`.
pub fn explain_in(
    model: &Model,
    name: &str,
    sample: usize,
    notation: Notation,
) -> Result<Explanation> {
    explain_listing(model, name, sample, notation, MAX_LISTED_PATHS)
}

/// The same listing at most `listed` paths (up to MAX_LISTED_PATHS) one by
/// one, for a reader who shows only a few: the rest go into `omitted_sum`.
pub fn explain_listing(
    model: &Model,
    name: &str,
    sample: usize,
    notation: Notation,
    listed: usize,
) -> Result<Explanation> {
    let max_listed = listed.min(MAX_LISTED_PATHS);
    let net = model.net();
    let p = model.param(name)?;
    let pass = &model.pass(model.sample(sample)?, true);
    // layers[p.layer] feeds pass index p.layer + 1, which is seed layer p.layer + 2.
    let li = p.layer + 1;
    let per_sample = model.param_gradients(p);
    // Summed in the order `Network::accumulate` adds them, so this is the
    // trace's gradient to the bit, without a second pass over the samples.
    let gradient = per_sample.iter().fold(0.0, |sum, g| sum + g) / per_sample.len() as f64;

    let sizes = net.sizes();
    let names = Names::new(&sizes, notation);
    let out = sizes.len() - 1;
    let paths_total: usize = sizes[li + 1..].iter().product();
    let mut paths = Vec::new();
    let mut listed_sum = 0.0;
    let mut path_sum = 0.0;
    // Up to MAX_SUMMED_PATHS the sum is taken over every path; past that,
    // only the listed ones are walked, and their sum is δ · input all the same.
    let summed = paths_total <= MAX_SUMMED_PATHS;
    let walked = if summed { paths_total } else { max_listed };
    // One neuron per layer above li, the path's `count` written in mixed
    // radix, the layer just above li its lowest digit.
    let mut route = vec![0usize; sizes.len()];
    route[li] = p.j;
    for count in 0..walked {
        let mut c = count;
        for m in li + 1..=out {
            route[m] = c % sizes[m];
            c /= sizes[m];
        }
        path_sum += if count < max_listed {
            let path = path(net, pass, p, &route, &names);
            let v = path.product;
            paths.push(path);
            listed_sum += v;
            v
        } else {
            path_product(net, pass, p, &route)
        };
    }
    if !summed {
        path_sum = per_sample[sample];
    }

    let l = li + 1;
    let theta = match p.k {
        Some(k) => names.weight(l, p.j + 1, k + 1),
        None => names.value("b", l, p.j + 1),
    };
    let Two { latex, text } = partial(LOSS, &theta);
    let delta = names.value("d", l, p.j + 1);
    let input = match p.k {
        Some(k) => {
            let a = names.value("a", l - 1, k + 1);
            named(id("a", l - 1, k + 1), a, pass.a[li - 1][k])
        }
        None => Named {
            name: "1".into(),
            text: "1".into(),
            latex: "1".into(),
            value: 1.0,
        },
    };
    // A weight's penalty term; biases carry none.
    let penalty_gradient = match p.k {
        Some(_) => model.penalty_gradient(model.net().get(p)),
        None => 0.0,
    };
    Ok(Explanation {
        param: p.name(),
        latex,
        text,
        param_value: net.get(p),
        sample,
        paths,
        paths_total,
        omitted_sum: path_sum - listed_sum,
        sum: path_sum,
        per_sample,
        gradient,
        finite_difference: finite_difference(model, p),
        penalty_gradient,
        objective_gradient: gradient + penalty_gradient,
        delta: named(id("d", l, p.j + 1), delta, pass.delta[li][p.j]),
        input,
    })
}

/// The product along one route without building its factors.
fn path_product(net: &Network, pass: &Pass, p: Param, route: &[usize]) -> f64 {
    let out = route.len() - 1;
    let li = p.layer + 1;
    let mut v = pass.da[out][route[out]] * pass.df[out][route[out]];
    for m in (li + 1..=out).rev() {
        let ly = &net.layers[m - 1];
        v *= ly.w[route[m] * ly.n_in + route[m - 1]] * pass.df[m - 1][route[m - 1]];
    }
    v * p.k.map_or(1.0, |k| pass.a[li - 1][k])
}

/// The factors along one route: ∂L/∂aᴸ · ∂aᴸ/∂zᴸ · ∂zᴸ/∂aᴸ⁻¹ · … · ∂z/∂θ.
fn path(net: &Network, pass: &Pass, p: Param, route: &[usize], names: &Names) -> Path {
    let out = route.len() - 1;
    let li = p.layer + 1;
    let mut factors = Vec::new();
    let (o, lo) = (route[out], out + 1);
    factors.push(factor(
        partial(LOSS, &names.value("a", lo, o + 1)),
        pass.da[out][o],
        id("a", lo, o + 1),
    ));
    for m in (li..=out).rev() {
        let (j, l) = (route[m], m + 1);
        let (a, z) = (names.value("a", l, j + 1), names.value("z", l, j + 1));
        factors.push(factor(partial_of(&a, &z), pass.df[m][j], id("z", l, j + 1)));
        if m > li {
            let k = route[m - 1];
            let below = names.value("a", l - 1, k + 1);
            let ly = &net.layers[m - 1];
            factors.push(factor(
                partial_of(&z, &below),
                ly.w[j * ly.n_in + k],
                Param {
                    layer: m - 1,
                    j,
                    k: Some(k),
                }
                .name(),
            ));
        }
    }
    let (l, j) = (li + 1, p.j + 1);
    let z = names.value("z", l, j);
    let last = match p.k {
        Some(k) => factor(
            partial_of(&z, &names.weight(l, j, k + 1)),
            pass.a[li - 1][k],
            id("a", l - 1, k + 1),
        ),
        None => factor(partial_of(&z, &names.value("b", l, j)), 1.0, id("b", l, j)),
    };
    factors.push(last);
    let product = factors.iter().map(|f| f.value).product();
    Path { factors, product }
}

/// How an explanation is written out for people: for slides, blog posts
/// and a terminal. (As data it is the `Explanation` itself: an object in
/// JavaScript, JSON from the CLI.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Latex,
}

/// The names `Format::from_name` reads.
pub const FORMATS: [&str; 3] = ["text", "markdown", "latex"];

impl Format {
    /// The format with this name.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown),
            "latex" => Ok(Format::Latex),
            _ => Err(Error::new(
                "format",
                Problem::UnknownName {
                    got: crate::error::excerpt(name, 40),
                    allowed: FORMATS.to_vec(),
                },
            )),
        }
    }
}

/// Terms added to `o` as a sum, a negative one written as a subtraction.
fn sum(o: &mut String, terms: &[String]) {
    for (i, t) in terms.iter().enumerate() {
        let t = match t.strip_prefix('-') {
            _ if i == 0 => t,
            Some(minus) => {
                *o += " - ";
                minus
            }
            None => {
                *o += " + ";
                t
            }
        };
        *o += t;
    }
}

impl Explanation {
    /// The explanation in the chosen format, numbers to `digits` significant digits.
    pub fn render(&self, format: Format, digits: usize) -> String {
        let style = if format == Format::Text {
            Style::Text
        } else {
            Style::Latex
        };
        // a number at the end of a line or in a sum, and one in a product
        let v = |x: f64| num(x, digits, style);
        let f = |x: f64| number::factor(x, digits, style);
        let many = self.per_sample.len() > 1;
        let mut o = String::new();
        // a path's symbols joined by `dot`, then its numbers joined by `times`
        let path = |o: &mut String, p: &Path, mid: &str, dot: &str, times: &str| {
            for (i, x) in p.factors.iter().enumerate() {
                if i > 0 {
                    *o += dot;
                }
                *o += if style == Style::Text {
                    &x.text
                } else {
                    &x.latex
                };
            }
            *o += mid;
            for (i, x) in p.factors.iter().enumerate() {
                if i > 0 {
                    *o += times;
                }
                *o += &f(x.value);
            }
            *o += " = ";
            *o += &v(p.product);
        };
        match format {
            Format::Text => {
                let _ = writeln!(
                    o,
                    "{} (sample {}), a sum over {} path(s):",
                    self.text,
                    self.sample + 1,
                    self.paths_total
                );
                for (i, p) in self.paths.iter().enumerate() {
                    let _ = write!(o, "  path {}: ", i + 1);
                    path(&mut o, p, "\n         = ", " · ", " × ");
                    o += "\n";
                }
                if self.paths.len() < self.paths_total {
                    let _ = writeln!(
                        o,
                        "  {} more paths: {}",
                        self.paths_total - self.paths.len(),
                        v(self.omitted_sum)
                    );
                }
                let _ = writeln!(o, "  sum = {}", v(self.sum));
                let _ = writeln!(
                    o,
                    "  = δ × input = {} × {} ({} × {})",
                    f(self.delta.value),
                    f(self.input.value),
                    self.delta.text,
                    self.input.text
                );
                if many {
                    let _ = writeln!(
                        o,
                        "mean over {} samples: {}",
                        self.per_sample.len(),
                        v(self.gradient)
                    );
                }
                let _ = writeln!(o, "finite difference: {}", v(self.finite_difference));
                if self.penalty_gradient != 0.0 {
                    let g = v(self.gradient);
                    let _ = write!(o, "with the penalty: ∂J/∂θ = {g} + λ·∂P/∂θ = ");
                    sum(&mut o, &[g, v(self.penalty_gradient)]);
                    let _ = writeln!(o, " = {}", v(self.objective_gradient));
                }
            }
            Format::Markdown | Format::Latex => {
                let md = format == Format::Markdown;
                let (open, close) = if md {
                    ("$$\n", "\n$$\n\n")
                } else {
                    ("\\begin{align*}\n", "\n\\end{align*}\n\n")
                };
                let eq = if md { " = " } else { " &= " };
                if md {
                    let _ = write!(o, "### ${}$ for sample {}\n\n", self.latex, self.sample + 1);
                    let _ = write!(
                        o,
                        "A sum over {} path(s) from the loss down to the parameter.\n\n",
                        self.paths_total
                    );
                } else {
                    let _ = writeln!(
                        o,
                        "% {} for sample {}: a sum over {} path(s)",
                        self.text,
                        self.sample + 1,
                        self.paths_total
                    );
                }
                for p in &self.paths {
                    o += open;
                    path(&mut o, p, eq, " \\cdot ", " \\times ");
                    o += close;
                }
                let mut terms: Vec<String> = self.paths.iter().map(|p| v(p.product)).collect();
                if self.paths.len() < self.paths_total {
                    terms.push(v(self.omitted_sum));
                }
                o += open;
                o += &self.latex;
                o += eq;
                sum(&mut o, &terms);
                let _ = write!(o, " = {}{close}", v(self.sum));
                if many {
                    let _ = write!(
                        o,
                        "Mean over {} samples: ${}$\n\n",
                        self.per_sample.len(),
                        v(self.gradient)
                    );
                }
                // in the prose, inline maths: a power of ten is LaTeX
                let _ = writeln!(o, "Finite difference: ${}$", v(self.finite_difference));
                if self.penalty_gradient != 0.0 {
                    let g = v(self.gradient);
                    let _ = write!(o, "\n{open}\\frac{{\\partial J}}{{\\partial \\theta}}{eq}{g} + \\lambda \\frac{{\\partial P}}{{\\partial \\theta}} = ");
                    sum(&mut o, &[g, v(self.penalty_gradient)]);
                    let _ = write!(o, " = {}{close}", v(self.objective_gradient));
                }
            }
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::preset::preset;

    /// Whether `s` has e-notation anywhere: a digit followed by e and a sign or digit.
    fn has_e_notation(s: &str) -> bool {
        s.as_bytes().windows(3).any(|w| {
            w[0].is_ascii_digit() && w[1] == b'e' && (w[2].is_ascii_digit() || w[2] == b'-')
        })
    }

    #[test]
    fn exports_bracket_negative_factors_and_write_powers_of_ten() {
        let mut state = preset("seed").unwrap();
        // x₁ = 0.0003 makes ∂z²₁/∂w²₁₁ = 3×10⁻⁴ and the path products ~10⁻⁶
        state.samples[0].input[0] = 0.0003;
        let e = explain(&Model::new(state), "w2.1.1", 0).unwrap();
        let md = e.render(Format::Markdown, 4);
        let tex = e.render(Format::Latex, 4);
        let text = e.render(Format::Text, 4);
        for out in [&md, &tex, &text] {
            assert!(!has_e_notation(out), "{out}");
        }
        // path 2 starts at ∂L/∂a³₂ = a³₂ − y₂ < 0 (y₂ = 0.99): bracketed
        let first = e.paths[1].factors[0].value;
        assert!(first < 0.0);
        let (l, t) = (num(first, 4, Style::Latex), num(first, 4, Style::Text));
        for out in [&md, &tex] {
            assert!(out.contains(&format!("= ({l}) \\times ")), "{out}");
            assert!(out.contains(r"\times 10^{-6}"), "{out}");
            assert!(!out.contains(r"\times -"), "{out}");
        }
        assert!(text.contains(&format!("= ({t}) × ")), "{text}");
        assert!(text.contains("×10⁻⁶"), "{text}");
        assert!(!text.contains("× -"), "{text}");
        // the product of path 2 is negative: the sum subtracts it
        assert!(md.contains(" - "), "{md}");
        assert!(!md.contains("+ -"), "{md}");
    }

    #[test]
    fn a_shorter_listing_keeps_the_first_paths_and_sums_the_rest() {
        let text = r#"{"layers": [2, 4, 4, 1], "activation": "tanh", "samples": [
            {"input": [0.1, 0.9], "target": [1]}, {"input": [0.7, -0.2], "target": [0]}]}"#;
        let model = Model::new(crate::format::read::parse(text).unwrap());
        let all = explain(&model, "w2.1.1", 1).unwrap();
        assert_eq!(all.paths_total, 4);
        for listed in [0, 1, 3, 4, 9] {
            let e = explain_listing(&model, "w2.1.1", 1, Notation::Seed, listed).unwrap();
            assert_eq!(e.paths.len(), listed.min(4));
            for (short, long) in e.paths.iter().zip(&all.paths) {
                assert_eq!(short.product.to_bits(), long.product.to_bits());
            }
            let shown: f64 = e.paths.iter().map(|p| p.product).sum();
            assert_eq!(e.sum.to_bits(), all.sum.to_bits());
            assert!((shown + e.omitted_sum - e.sum).abs() <= 1e-15 * e.sum.abs().max(1.0));
            assert_eq!(e.gradient.to_bits(), all.gradient.to_bits());
        }
    }
}
