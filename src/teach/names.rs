//! The names of values as the lessons write them, in two notations. The
//! seed's layer notation numbers layers from 1 (the inputs) and writes the
//! layer above and the neurons below: w³₁₂, z³₁, δ²₁. The compact notation
//! of common worked examples numbers the weights w1, w2, … row by row, layer
//! by layer, and the biases b1, b2, … neuron by neuron, and calls neurons
//! i1… (inputs), h1… (hidden, counted across layers) and o1… (outputs):
//! z_h1, a_o1, δ_o1.
//!
//! Every name the lessons, the exports and the page show comes from here.

use serde::Serialize;

use crate::error::{Error, Problem, Result};

/// Which names the lessons use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notation {
    /// w³₁₂, z³₁: layer above, neuron indices below
    #[default]
    Seed,
    /// w1…w8, b1…b4, z_h1, a_o1
    Compact,
}

/// The names `Notation::from_name` reads.
pub const NOTATIONS: [&str; 2] = ["seed", "compact"];

impl Notation {
    /// The notation with this name.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "seed" => Ok(Notation::Seed),
            "compact" => Ok(Notation::Compact),
            _ => Err(Error::new(
                "notation",
                Problem::UnknownName {
                    got: crate::error::excerpt(name, 40),
                    allowed: NOTATIONS.to_vec(),
                },
            )),
        }
    }
}

/// A value's name in its parts, and written out whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbol {
    /// the letter: `w`, `b`, `z`, `a`, `δ`, `x`, `y`; `∂L/∂w` or `∂L/∂b` for a gradient
    pub base: String,
    /// the superscript: the layer in the seed's notation, empty in the compact one
    pub sup: String,
    /// the subscript: `12`, `1` in the seed's notation; `5`, `h1` in the compact one
    pub sub: String,
    /// the name in Unicode text: `w³₁₂`, `zₕ₁`
    pub text: String,
    /// the name in LaTeX: `w^{3}_{12}`, `z_{h1}`
    pub latex: String,
}

const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

/// Digits as superscripts, a minus sign too (`12` → `¹²`, `-5` → `⁻⁵`), or
/// as subscripts with the letters of neuron names (`h12` → `ₕ₁₂`).
pub fn script(s: &str, sup: bool) -> String {
    s.chars()
        .map(|c| match (c, sup) {
            ('-', true) => '⁻',
            ('h', false) => 'ₕ',
            ('i', false) => 'ᵢ',
            ('o', false) => 'ₒ',
            _ => c.to_digit(10).map_or(c, |d| {
                if sup {
                    SUP[d as usize]
                } else {
                    SUB[d as usize]
                }
            }),
        })
        .collect()
}

impl Symbol {
    /// `letter` (text, LaTeX) with a superscript and a subscript.
    fn new(letter: (&str, &str), sup: String, sub: String) -> Self {
        let latex = if sup.is_empty() {
            format!("{}_{{{sub}}}", letter.1)
        } else {
            format!("{}^{{{sup}}}_{{{sub}}}", letter.1)
        };
        Symbol {
            base: letter.0.to_string(),
            text: format!("{}{}{}", letter.0, script(&sup, true), script(&sub, false)),
            sup,
            sub,
            latex,
        }
    }

    /// ∂L/∂ of this value: `∂L/∂w³₁₂`.
    pub fn gradient(self) -> Self {
        Symbol {
            base: format!("∂L/∂{}", self.base),
            text: format!("∂L/∂{}", self.text),
            latex: format!("\\frac{{\\partial L}}{{\\partial {}}}", self.latex),
            ..self
        }
    }
}

/// The letter of a kind of value, as text and LaTeX: its own (`w`, `b`,
/// `z`, `a`, `x`, `y`), but δ for `d`.
fn letter(kind: &str) -> (&str, &str) {
    match kind {
        "d" => ("δ", "\\delta"),
        _ => (kind, kind),
    }
}

/// A neuron's value or bias as the core names it, seed layer `l`, 1-based
/// neuron `j`: `z2.1`, `d3.1`, `b3.2`.
#[inline(never)]
pub fn id(kind: &str, l: usize, j: usize) -> String {
    format!("{kind}{l}.{j}")
}

/// Names the values of a network with these layer sizes, inputs first.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    notation: Notation,
    sizes: &'a [usize],
}

impl<'a> Names<'a> {
    pub fn new(sizes: &'a [usize], notation: Notation) -> Self {
        Names { notation, sizes }
    }

    /// The notation these names are in.
    pub fn notation(&self) -> Notation {
        self.notation
    }

    /// Neuron j (1-based) of seed layer l in the compact notation: `i1`,
    /// `h3`, `o2`, hidden neurons numbered across their layers.
    pub fn neuron(&self, l: usize, j: usize) -> String {
        if l == 1 {
            format!("i{j}")
        } else if l == self.sizes.len() {
            format!("o{j}")
        } else {
            format!("h{}", self.sizes[1..l - 1].iter().sum::<usize>() + j)
        }
    }

    /// z, a, δ (`d`) or b of neuron j at seed layer l, both 1-based.
    pub fn value(&self, kind: &str, l: usize, j: usize) -> Symbol {
        let (sup, sub) = match self.notation {
            Notation::Seed => (l.to_string(), j.to_string()),
            // b1, b2, … over every neuron past the inputs, layer by layer
            Notation::Compact if kind == "b" => (
                String::new(),
                (self.sizes[1..l - 1].iter().sum::<usize>() + j).to_string(),
            ),
            Notation::Compact => (String::new(), self.neuron(l, j)),
        };
        Symbol::new(letter(kind), sup, sub)
    }

    /// The weight into neuron j of seed layer l from neuron k of layer l − 1.
    pub fn weight(&self, l: usize, j: usize, k: usize) -> Symbol {
        let (sup, sub) = match self.notation {
            // w³₁₀,₁: a comma once an index has two digits
            Notation::Seed if j > 9 || k > 9 => (l.to_string(), format!("{j},{k}")),
            Notation::Seed => (l.to_string(), format!("{j}{k}")),
            // w1, w2, … row by row (one row per neuron j), layer by layer
            Notation::Compact => {
                let before: usize = (1..l - 1).map(|i| self.sizes[i] * self.sizes[i - 1]).sum();
                (
                    String::new(),
                    (before + (j - 1) * self.sizes[l - 2] + k).to_string(),
                )
            }
        };
        Symbol::new(letter("w"), sup, sub)
    }

    /// Target j of a sample, `y₁`, the same in both notations.
    pub fn target(&self, j: usize) -> Symbol {
        Symbol::new(letter("y"), String::new(), j.to_string())
    }

    /// Input j of a sample, `x₁`, the same in both notations.
    pub fn input(&self, j: usize) -> Symbol {
        Symbol::new(letter("x"), String::new(), j.to_string())
    }

    /// The symbol of a value named as the core names it: `w3.1.2`, `b2.1`,
    /// `z2.1`, `a1.2`, `d3.1`, `gw3.1.2`, `gb2.1` (∂L/∂w, ∂L/∂b), `x1.2`
    /// and `y1.1` (input and target 2 and 1 of sample 1).
    pub fn of(&self, name: &str) -> Result<Symbol> {
        self.parse(name).ok_or_else(|| {
            Error::new(
                "name",
                Problem::NoValue {
                    name: crate::error::excerpt(name, 40),
                },
            )
        })
    }

    fn parse(&self, name: &str) -> Option<Symbol> {
        let at = name.find(|c: char| c.is_ascii_digit())?;
        let (kind, rest) = name.split_at_checked(at)?;
        let mut n: Vec<usize> = Vec::new();
        for s in rest.split('.') {
            n.push(s.parse().ok()?);
        }
        let size = |l: usize| l.checked_sub(1).and_then(|i| self.sizes.get(i)).copied();
        let has = |l: usize, j: usize| j >= 1 && size(l).is_some_and(|n| j <= n);
        let weight = |l: usize, j: usize, k: usize| l >= 2 && has(l, j) && has(l - 1, k);
        let input = |j: usize| has(1, j);
        let output = |j: usize| has(self.sizes.len(), j);
        Some(match (kind, n.as_slice()) {
            ("w", &[l, j, k]) if weight(l, j, k) => self.weight(l, j, k),
            ("gw", &[l, j, k]) if weight(l, j, k) => self.weight(l, j, k).gradient(),
            ("b", &[l, j]) if l >= 2 && has(l, j) => self.value("b", l, j),
            ("gb", &[l, j]) if l >= 2 && has(l, j) => self.value("b", l, j).gradient(),
            ("z" | "d", &[l, j]) if l >= 2 && has(l, j) => self.value(kind, l, j),
            ("a", &[l, j]) if has(l, j) => self.value("a", l, j),
            ("x", &[_, j]) if input(j) => self.input(j),
            ("y", &[_, j]) if output(j) => self.target(j),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_writes_layers_above_and_neurons_below() {
        let names = Names::new(&[2, 2, 2], Notation::Seed);
        let w = names.of("w3.1.2").unwrap();
        assert_eq!((w.text.as_str(), w.latex.as_str()), ("w³₁₂", "w^{3}_{12}"));
        assert_eq!(names.of("d2.1").unwrap().latex, "\\delta^{2}_{1}");
        let g = names.of("gw2.1.1").unwrap();
        assert_eq!(g.text, "∂L/∂w²₁₁");
        assert_eq!(g.latex, "\\frac{\\partial L}{\\partial w^{2}_{11}}");
        let wide = [2, 12, 1];
        let w = Names::new(&wide, Notation::Seed).of("w3.1.10").unwrap();
        assert_eq!(
            (w.text.as_str(), w.latex.as_str()),
            ("w³₁,₁₀", "w^{3}_{1,10}")
        );
    }

    #[test]
    fn compact_names_count_weights_row_by_row_and_neurons_across_layers() {
        // 2-3-2-1: 6 weights into layer 2, 6 into layer 3; hidden h1–h3, h4–h5
        let names = Names::new(&[2, 3, 2, 1], Notation::Compact);
        let text = |n: &str| names.of(n).unwrap().text;
        assert_eq!(text("w2.1.1"), "w₁");
        assert_eq!(text("w2.3.2"), "w₆");
        assert_eq!(text("w3.1.1"), "w₇");
        assert_eq!(text("w3.2.3"), "w₁₂");
        assert_eq!(text("w4.1.2"), "w₁₄");
        assert_eq!(text("b3.1"), "b₄");
        assert_eq!(text("z3.2"), "zₕ₅");
        assert_eq!(text("a1.2"), "aᵢ₂");
        assert_eq!(text("d4.1"), "δₒ₁");
        assert_eq!(text("gb2.2"), "∂L/∂b₂");
        let z = names.of("z3.2").unwrap();
        assert_eq!(
            (z.base.as_str(), z.sup.as_str(), z.sub.as_str()),
            ("z", "", "h5")
        );
        assert_eq!(z.latex, "z_{h5}");
        assert_eq!(names.of("d4.1").unwrap().latex, "\\delta_{o1}");
        assert_eq!(names.of("y3.1").unwrap().latex, "y_{1}");
    }

    #[test]
    fn a_name_the_network_does_not_have_is_refused() {
        let names = Names::new(&[2, 2, 2], Notation::Compact);
        for bad in [
            "w4.1.1", "w2.3.1", "w2.1.3", "w1.1.1", "z1.1", "a3.3", "b2.0", "q2.1", "w2.1", "x1.3",
            "",
        ] {
            let e = names.of(bad).unwrap_err();
            assert_eq!(e.code(), "no_value", "{bad}");
        }
        assert_eq!(
            Notation::from_name("greek").unwrap_err().code(),
            "unknown_name"
        );
    }
}
