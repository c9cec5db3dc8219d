//! A model's output over the input plane (the heatmap behind a 2-D data
//! set, the curve over a 1-D one) and its loss on samples it does not train on.

use crate::error::{Error, Problem, Result};
use crate::format::state::Sample;
use crate::maths::features::{layer_one, Feature};
use crate::maths::kernel::grid_point;
use crate::maths::network::Pass;
use crate::maths::sweep::sweep;
use crate::model::{finite, Model};

/// The largest side of a heatmap grid.
pub const MAX_GRID: usize = 1024;

/// Datasets: measuring a held-out set, and the network's output over the
/// input plane.
impl Model {
    /// The first output over an n×n grid of inputs (x₁, x₂), row-major:
    /// rows run from x₂ = y1 at the top to y0 at the bottom, columns from
    /// x₁ = x0 to x1, both ends included. Uses the model's own buffers, so
    /// it allocates nothing; `out` holds n² values.
    pub fn heatmap(
        &mut self,
        n: usize,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
        out: &mut [f64],
    ) -> Result<()> {
        let ends = [("x0", x0), ("x1", x1), ("y0", y0), ("y1", y1)];
        self.check_plot("heatmap", 2, n, &ends)?;
        assert_eq!(out.len(), n * n, "room for the grid");
        self.kernel.ensure_loaded(&self.net);
        let features = self.state.features.as_deref();
        for (r, row) in out.chunks_exact_mut(n).enumerate() {
            let y = grid_point(r, n, y1, y0);
            self.kernel.first_outputs(row, (x0, x1), y, features);
        }
        Ok(())
    }

    /// Every neuron's value over an n×n grid of inputs (x₁, x₂), as
    /// `heatmap` lays out its grid: one block of n² values per neuron, the
    /// input layer's first, then each layer's in order. Each block is the
    /// neuron's own picture of the input plane, its "signature".
    pub fn neuron_maps(&self, n: usize, x0: f64, x1: f64, y0: f64, y1: f64) -> Result<Vec<f64>> {
        let ends = [("x0", x0), ("x1", x1), ("y0", y0), ("y1", y1)];
        self.check_plot("neurons", 2, n, &ends)?;
        let sizes = self.net.sizes();
        let cells = n * n;
        let mut out = vec![0.0; sizes.iter().sum::<usize>() * cells];
        let mut pass = Pass::new(&sizes);
        for cell in 0..cells {
            let x = [
                grid_point(cell % n, n, x0, x1),
                grid_point(cell / n, n, y1, y0),
            ];
            self.net.forward(&self.layer_one(&x), &mut pass, None);
            for (neuron, &a) in pass.a.iter().flatten().enumerate() {
                out[neuron * cells + cell] = a;
            }
        }
        Ok(out)
    }

    /// The first output at n evenly spaced inputs from x0 to x1, ends
    /// included: the curve y(x) of a 1-input network, the 1-D heatmap.
    pub fn curve(&mut self, n: usize, x0: f64, x1: f64, out: &mut [f64]) -> Result<()> {
        self.check_plot("curve", 1, n, &[("x0", x0), ("x1", x1)])?;
        assert_eq!(out.len(), n, "room for the curve");
        self.kernel.ensure_loaded(&self.net);
        self.kernel.first_outputs(out, (x0, x1), 0.0, None);
        Ok(())
    }

    /// What `heatmap` and `curve` both need: a network with `inputs` inputs,
    /// a grid side in range and finite ends.
    fn check_plot(&self, what: &str, inputs: usize, n: usize, ends: &[(&str, f64)]) -> Result<()> {
        let has = self.state.raw_inputs();
        if has != inputs {
            return Err(Error::new(what, Problem::InputsNeeded { inputs, has }));
        }
        Self::check_grid(n)?;
        for &(name, v) in ends {
            finite(name, v)?;
        }
        Ok(())
    }

    /// Checks a heatmap side from a caller: 1 to `MAX_GRID`.
    pub fn check_grid(n: usize) -> Result<usize> {
        if !(1..=MAX_GRID).contains(&n) {
            let (max, got) = (MAX_GRID as u64, n as u64);
            return Err(Error::new("n", Problem::CountRange { min: 1, max, got }));
        }
        Ok(n)
    }

    /// The mean loss over any samples (a test split, say), without dropout;
    /// NaN when there are none. Each sample must fit the network.
    pub fn evaluate_loss(&self, samples: &[Sample]) -> Result<f64> {
        let (inputs, outputs) = (self.state.raw_inputs(), self.state.outputs());
        if let Some(i) = samples
            .iter()
            .position(|s| s.input.len() != inputs || s.target.len() != outputs)
        {
            let s = &samples[i];
            return Err(Error::new(
                format!("samples[{i}]"),
                Problem::SampleShape {
                    inputs: s.input.len(),
                    targets: s.target.len(),
                    net_inputs: inputs,
                    net_outputs: outputs,
                },
            ));
        }
        let mut fed = Vec::new();
        let (x, y) = sides(samples, self.state.features.as_deref(), &mut fed);
        let (_, total) = sweep(&self.net, self.state.loss, &x, &y, false);
        Ok(total / samples.len() as f64)
    }
}

/// Each sample's layer 1 (with `features`, their values at the raw
/// inputs, worked out into `fed`) and target, as `sweep` takes them.
pub(super) fn sides<'a>(
    samples: &'a [Sample],
    features: Option<&[Feature]>,
    fed: &'a mut Vec<Vec<f64>>,
) -> (Vec<&'a [f64]>, Vec<&'a [f64]>) {
    if features.is_some() {
        *fed = samples
            .iter()
            .map(|s| layer_one(features, &s.input))
            .collect();
    }
    let inputs = match features {
        None => samples.iter().map(|s| &s.input[..]).collect(),
        Some(_) => fed.iter().map(|x| &x[..]).collect(),
    };
    (inputs, samples.iter().map(|s| &s.target[..]).collect())
}
