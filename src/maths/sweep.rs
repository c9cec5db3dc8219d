//! The kernel's loops over many samples: a training step's groups, and
//! whole-set sweeps for losses, gradient sums and each sample's passes.
//! They live beside the kernel so that they are built with it, for speed;
//! each is kept out of line, for a caller built for size would otherwise
//! take its loop in and build that for size too.

use crate::kernel::{Kernel, GROUP};
use crate::loss::Loss;
use crate::network::{Network, Param, Pass, Sample};

impl Kernel {
    /// A training step's forward and backward passes over samples `which`,
    /// in order, in as few groups of at most six as will take them, their
    /// sizes as even as can be: a batch of 10 runs as 5 + 5, of 12 as 6 + 6.
    /// A group's cost is mostly reading the weights, once for all its
    /// samples, so five or six samples a group cost less each than four
    /// (about 2 % a sample on 2-8-8-1) and far less than one or two. A group
    /// of one or three fills a spare lane with its last sample. Adds their
    /// gradients into the step's sums and returns their losses summed in
    /// order. Layer 1 is a sample's input, or its row of `fed` when given.
    #[inline(never)]
    pub fn train_batch(
        &mut self,
        which: &[usize],
        (samples, fed): (&[Sample], Option<&[Vec<f64>]>),
        scale: Option<&[Vec<f64>]>,
        loss: Loss,
    ) -> f64 {
        let mut total = 0.0;
        let (n, groups) = (which.len(), which.len().div_ceil(GROUP));
        for g in 0..groups {
            let group = &which[g * n / groups..(g + 1) * n / groups];
            let mut inputs: [&[f64]; GROUP] = [&[]; GROUP];
            let mut targets: [&[f64]; GROUP] = [&[]; GROUP];
            for (i, &s) in group.iter().enumerate() {
                inputs[i] = fed.map_or(&samples[s].input[..], |fed| &fed[s][..]);
                targets[i] = &samples[s].target;
            }
            let n = group.len();
            total = self.train_group(&inputs[..n], &targets[..n], scale, loss, total);
        }
        total
    }

    /// One group of one to six samples of a training step, in as many
    /// lanes as `group` takes. Kept out of line: inlined into the loop above,
    /// its kinds of group made the module larger and ran no faster.
    #[inline(never)]
    fn train_group(
        &mut self,
        x: &[&[f64]],
        y: &[&[f64]],
        scale: Option<&[Vec<f64>]>,
        loss: Loss,
        total: f64,
    ) -> f64 {
        match x.len() {
            6 => self.group::<6, 6>(x, y, scale, loss, total),
            5 => self.group::<5, 5>(x, y, scale, loss, total),
            4 => self.group::<4, 4>(x, y, scale, loss, total),
            3 => self.group::<3, 4>(x, y, scale, loss, total),
            2 => self.group::<2, 2>(x, y, scale, loss, total),
            1 => self.group::<1, 2>(x, y, scale, loss, total),
            n => panic!("a group holds one to six samples, not {n}"),
        }
    }

    /// N samples of a training step in G lanes, the spare lanes repeating
    /// the last sample: their passes, their gradients added into the step's
    /// sums, and their losses, in order, added to `total`.
    fn group<const N: usize, const G: usize>(
        &mut self,
        inputs: &[&[f64]],
        targets: &[&[f64]],
        scale: Option<&[Vec<f64>]>,
        loss: Loss,
        total: f64,
    ) -> f64 {
        let x: [&[f64]; G] = core::array::from_fn(|i| inputs[i.min(N - 1)]);
        let y: [&[f64]; G] = core::array::from_fn(|i| targets[i.min(N - 1)]);
        self.forward(x, scale);
        self.backward(y, loss);
        self.accumulate::<N>();
        self.add_losses(total, loss, &y[..N])
    }
}

/// The loss summed over samples without dropout, with `backward` also
/// their gradient sums, through a kernel of their own (a training step's
/// sums stay as they were), four samples at a time: the same bits as a
/// plain pass per sample added up in order. `inputs[i]` is sample i's
/// layer 1 and `targets[i]` its target. Returns the kernel, whose
/// `weight_gradients` and `bias_gradients` then hold the sums, and the loss.
#[inline(never)]
pub fn sweep(
    net: &Network,
    loss: Loss,
    inputs: &[&[f64]],
    targets: &[&[f64]],
    backward: bool,
) -> (Kernel, f64) {
    let mut kernel = Kernel::default();
    kernel.load(net);
    kernel.clear_gradients();
    // `Iterator::sum`'s start, so that a set of zero losses sums to the same zero
    let mut total: f64 = std::iter::empty::<f64>().sum();
    let n = inputs.len();
    for first in (0..n).step_by(4) {
        let count = (n - first).min(4);
        // a short last group fills its spare lanes with its last sample
        let lane: [usize; 4] = core::array::from_fn(|i| first + i.min(count - 1));
        let y = lane.map(|s| targets[s]);
        kernel.forward(lane.map(|s| inputs[s]), None);
        if backward {
            kernel.backward(y, loss);
            match count {
                4 => kernel.accumulate::<4>(),
                3 => kernel.accumulate::<3>(),
                2 => kernel.accumulate::<2>(),
                _ => kernel.accumulate::<1>(),
            }
        }
        total = kernel.add_losses(total, loss, &y[..count]);
    }
    (kernel, total)
}

/// Each sample's forward and backward pass without dropout, four at a time
/// through a kernel of their own (the plain passes' bits): `each(i, pass)`
/// for sample i, in order, with one `Pass` buffer shaped `sizes` for all.
#[inline(never)]
pub fn sweep_passes(
    net: &Network,
    loss: Loss,
    samples: (&[&[f64]], &[&[f64]]),
    sizes: &[usize],
    each: &mut dyn FnMut(usize, &Pass),
) {
    let mut pass = Pass::new(sizes);
    each_in_groups(net, loss, samples, &mut |kernel, s, lane| {
        kernel.read(lane, &mut pass);
        each(s, &pass);
    });
}

/// Each sample's ∂L/∂p for the one parameter `p`, without dropout: δ_j·a_k
/// of its own pass (δ_j for a bias), the bits `sweep_passes` gives,
/// reading nothing else out of the passes.
#[inline(never)]
pub fn param_gradients(
    net: &Network,
    loss: Loss,
    samples: (&[&[f64]], &[&[f64]]),
    p: Param,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(samples.0.len());
    each_in_groups(net, loss, samples, &mut |kernel, _, lane| {
        out.push(kernel.sample_gradient(p, lane));
    });
    out
}

/// The forward and backward passes of every sample without dropout, four
/// at a time through a kernel of their own: `each(kernel, s, lane)` for
/// sample s, in order, its values in `lane` of the kernel's last passes.
fn each_in_groups(
    net: &Network,
    loss: Loss,
    (inputs, targets): (&[&[f64]], &[&[f64]]),
    each: &mut dyn FnMut(&Kernel, usize, usize),
) {
    let mut kernel = Kernel::default();
    kernel.load(net);
    let n = inputs.len();
    for first in (0..n).step_by(4) {
        let count = (n - first).min(4);
        let lane: [usize; 4] = core::array::from_fn(|i| first + i.min(count - 1));
        kernel.forward(lane.map(|s| inputs[s]), None);
        kernel.backward(lane.map(|s| targets[s]), loss);
        for i in 0..count {
            each(&kernel, first + i, i);
        }
    }
}
