//! A formula in its two forms, LaTeX for the page to typeset and plain
//! Unicode text for the narration and the CLI, written side by side one
//! piece at a time, so that the two always say the same thing.

use crate::teach::lesson::Formula;
use crate::teach::names::Symbol;
use crate::teach::number::{factor, num, Style};

/// A formula's LaTeX and text, written side by side a piece at a time.
#[derive(Default)]
pub struct Two {
    pub latex: String,
    pub text: String,
}

impl Two {
    /// A piece written one way in LaTeX and another in text: ` \cdot `, `·`.
    #[inline(never)]
    pub fn put(&mut self, latex: &str, text: &str) -> &mut Self {
        self.latex.push_str(latex);
        self.text.push_str(text);
        self
    }

    /// A piece written the same in both: ` = `, ` + `.
    #[inline(never)]
    pub fn same(&mut self, s: &str) -> &mut Self {
        self.put(s, s)
    }

    /// A value's symbol.
    #[inline(never)]
    pub fn sym(&mut self, s: &Symbol) -> &mut Self {
        self.put(&s.latex, &s.text)
    }

    /// A factor to `d` significant digits, bracketed when negative or
    /// scaled by a power of ten so products read well.
    #[inline(never)]
    pub fn factor(&mut self, x: f64, d: usize) -> &mut Self {
        self.put(&factor(x, d, Style::Latex), &factor(x, d, Style::Text))
    }

    /// A number to `d` significant digits, unbracketed, for the end of a line.
    #[inline(never)]
    pub fn num(&mut self, x: f64, d: usize) -> &mut Self {
        self.put(&num(x, d, Style::Latex), &num(x, d, Style::Text))
    }

    /// The formula written, for the value `name`.
    #[inline(never)]
    pub fn formula(self, name: String, value: f64) -> Formula {
        Formula {
            name,
            latex: self.latex,
            text: self.text,
            value,
            update: None,
        }
    }
}
