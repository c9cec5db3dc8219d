//! A loaded playground: the network plus its samples and training settings,
//! with the buffers a training step reuses so that stepping allocates nothing.
//! Changing it one value at a time is in `edit`; its output over the input
//! plane and its loss on other samples in `plot`.

use serde_json::Value;

use crate::error::{Cause, Error, Problem, Result};
use crate::format::read;
use crate::format::state::{Sample, State, MAX_INTEGER};
use crate::maths::features;
use crate::maths::kernel::Kernel;
use crate::maths::network::{Network, Param, Pass};
use crate::maths::penalty::Regularization;
use crate::maths::rng::{self, Purpose, RngExt, SliceRandom};

mod edit;
mod plot;

use crate::maths::sweep::{param_gradients, sweep, sweep_passes};
pub use edit::{finite, SETTINGS};
pub use plot::MAX_GRID;

/// Steps one call may ask for.
pub const MAX_STEPS: u64 = 1_000_000;
/// A parameter beyond this size means training has blown up; a state
/// cannot hold one either.
pub const MAX_PARAM: f64 = crate::format::state::MAX_MAGNITUDE;

/// What a run of steps did: each step's batch loss and the epoch after it,
/// and the divergence that stopped it early, if one did.
#[derive(Debug, Default)]
pub struct Run {
    pub losses: Vec<f64>,
    pub epochs: Vec<u64>,
    pub error: Option<Error>,
}

/// The state, with its network unpacked into flat per-layer arrays.
pub struct Model {
    /// The settings and samples; its `weights` and `biases` are stale until `state()`.
    state: State,
    /// The weights and biases. Within a run of steps the kernel's copy is
    /// the newer one; `net` catches up when the run ends.
    net: Network,
    /// Per hidden layer and neuron, whether the last training step dropped it.
    pub last_mask: Option<Vec<Vec<bool>>>,
    /// The vector passes, with the weights as they read them.
    kernel: Kernel,
    /// Whether `net` is behind the kernel's weights.
    behind: bool,
    /// Dropout scale per layer and neuron: 0 dropped, 1/(1−p) kept.
    scale: Vec<Vec<f64>>,
    /// The sample order of epoch `order_epoch`.
    order: Vec<usize>,
    /// The samples of the step being taken, a buffer kept between steps.
    batch: Vec<usize>,
    order_epoch: u64,
    /// Layer 1's values for each sample when the state has input features
    /// (the samples keep their raw inputs); `None` without features.
    fed: Option<Vec<Vec<f64>>>,
}

impl Model {
    /// Loads a validated state.
    pub fn new(state: State) -> Self {
        let net = state.network();
        let sizes = net.sizes();
        let mut model = Model {
            scale: sizes.iter().map(|&n| vec![1.0; n]).collect(),
            net,
            last_mask: None,
            kernel: Kernel::default(),
            batch: Vec::new(),
            behind: false,
            order: Vec::new(),
            order_epoch: u64::MAX,
            fed: None,
            state,
        };
        model.feed();
        model.order_for(0);
        model
    }

    /// Parses, validates and loads state JSON.
    pub fn from_json(json: &str) -> Result<Self> {
        read::parse(json).map(Model::new)
    }

    /// Validates and loads a state that is already parsed.
    pub fn from_value(v: &Value) -> Result<Self> {
        read::from_value(v).map(Model::new)
    }

    /// The full state, parameters included.
    pub fn state(&self) -> State {
        let mut s = self.state.clone();
        s.set_network(&self.net);
        s
    }

    /// The state with `samples` left empty: what a step changes, without
    /// copying what it doesn't (a state may hold 10,000 samples).
    pub fn state_without_samples(&mut self) -> State {
        let samples = std::mem::take(&mut self.state.samples);
        let s = self.state();
        self.state.samples = samples;
        s
    }

    /// The network's weights and biases.
    pub fn net(&self) -> &Network {
        &self.net
    }

    /// The network, to change it in place.
    pub fn net_mut(&mut self) -> &mut Network {
        self.sync();
        self.kernel.forget();
        &mut self.net
    }

    /// Brings `net` up to the kernel's weights after training steps.
    fn sync(&mut self) {
        if self.behind {
            self.kernel.store(&mut self.net);
            self.behind = false;
        }
    }

    /// The settings and samples (its parameters may be stale; use `net`).
    pub fn settings(&self) -> &State {
        &self.state
    }

    /// The training samples.
    pub fn samples(&self) -> &[Sample] {
        &self.state.samples
    }

    /// Sample `i` (0-based), or an error naming the range.
    pub fn sample(&self, i: usize) -> Result<&Sample> {
        let n = self.state.samples.len();
        self.state.samples.get(i).ok_or_else(|| {
            // Samples are numbered from 1 wherever a person sees them.
            let (max, got) = (n as u64, i as u64 + 1);
            Error::new("sample", Problem::CountRange { min: 1, max, got })
        })
    }

    /// Completed passes over the samples.
    pub fn epoch(&self) -> u64 {
        self.state.seen / self.state.samples.len() as u64
    }

    /// Forward (and, if `backward`, backward) for one sample, without dropout.
    pub fn pass(&self, sample: &Sample, backward: bool) -> Pass {
        let mut pass = Pass::new(&self.state.layers);
        self.net
            .forward(&self.layer_one(&sample.input), &mut pass, None);
        if backward {
            self.net
                .backward(&sample.target, self.state.loss, &mut pass);
        }
        pass
    }

    /// Layer 1's values for raw inputs: the features' values, or the inputs.
    pub fn layer_one(&self, raw: &[f64]) -> Vec<f64> {
        features::layer_one(self.state.features.as_deref(), raw)
    }

    /// Layer 1's values for sample `i` of the training samples.
    fn fed(&self, i: usize) -> &[f64] {
        self.fed
            .as_ref()
            .map_or(&self.state.samples[i].input, |fed| &fed[i])
    }

    /// Works out every sample's layer-1 values once, when there are features.
    fn feed(&mut self) {
        self.fed = self.state.features.is_some().then(|| {
            let samples = &self.state.samples;
            samples.iter().map(|s| self.layer_one(&s.input)).collect()
        });
    }

    /// The loss of one finished forward pass.
    pub fn sample_loss(&self, pass: &Pass, sample: &Sample) -> f64 {
        let out = pass.a.len() - 1;
        self.state
            .loss
            .value(&pass.z[out], &pass.a[out], &sample.target)
    }

    /// The mean loss over all samples, without dropout.
    pub fn mean_loss(&self) -> f64 {
        self.mean_loss_of(&self.net)
    }

    /// `mean_loss` of another network of this model's shape, such as a
    /// probe with one parameter moved, on this model's samples.
    pub fn mean_loss_of(&self, net: &Network) -> f64 {
        let (_, total) = self.sweep_with(net, false);
        total / self.state.samples.len() as f64
    }

    /// ∂L/∂w and ∂L/∂b of the mean loss over all samples, without dropout.
    pub fn gradients(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (kernel, _) = self.sweep_with(&self.net, true);
        let n = self.state.samples.len() as f64;
        let (mut gw, mut gb) = (vec![], vec![]);
        for i in 0..self.net.layers.len() {
            let mut w = vec![];
            for row in kernel.weight_gradients(i) {
                w.extend(row.iter().map(|g| g / n));
            }
            gw.push(w);
            gb.push(kernel.bias_gradients(i).iter().map(|g| g / n).collect());
        }
        (gw, gb)
    }

    /// Each training sample's forward and backward pass, without dropout and
    /// in order, as `pass` gives it (to the bit), through one reused buffer:
    /// `each(i, pass)` for sample i. Four samples at a time, no allocation a sample.
    pub fn each_pass(&self, mut each: impl FnMut(usize, &Pass)) {
        let (inputs, targets) = self.fed_samples();
        let sizes = self.net.sizes();
        sweep_passes(
            &self.net,
            self.state.loss,
            (&inputs, &targets),
            &sizes,
            &mut each,
        );
    }

    /// Each training sample's ∂L/∂p for the one parameter `p`, without
    /// dropout: the bits of δ·a (δ for a bias) in `each_pass`, without
    /// reading out the rest of each pass.
    pub fn param_gradients(&self, p: Param) -> Vec<f64> {
        let (inputs, targets) = self.fed_samples();
        param_gradients(&self.net, self.state.loss, (&inputs, &targets), p)
    }

    /// Each training sample's layer 1 (its input, or its row of features)
    /// and its target, as the sweeps over every sample read them.
    fn fed_samples(&self) -> (Vec<&[f64]>, Vec<&[f64]>) {
        let samples = &self.state.samples;
        let inputs = (0..samples.len()).map(|i| self.fed(i)).collect();
        let targets = samples.iter().map(|s| &s.target[..]).collect();
        (inputs, targets)
    }

    /// Every training sample through `net` (this model's network, or one of
    /// its shape), without dropout: the summed loss, and with `backward` the
    /// gradient sums (see `maths::sweep`).
    fn sweep_with(&self, net: &Network, backward: bool) -> (Kernel, f64) {
        let (inputs, targets) = self.fed_samples();
        sweep(net, self.state.loss, &inputs, &targets, backward)
    }

    /// ∂J/∂w and ∂J/∂b of the objective J = L + λ·P(w): `gradients` with
    /// the penalty's λ·∂P/∂w added to every weight's (the biases have none).
    pub fn objective_gradients(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (mut gw, gb) = self.gradients();
        if self.state.regularization != Regularization::None {
            for (g, layer) in gw.iter_mut().zip(&self.net.layers) {
                for (g, &w) in g.iter_mut().zip(&layer.w) {
                    *g += self.penalty_gradient(w);
                }
            }
        }
        (gw, gb)
    }

    /// The sample order for `epoch`: 0, 1, 2, … or, with shuffle, a
    /// Fisher–Yates permutation drawn from the epoch's own stream.
    fn order_for(&mut self, epoch: u64) {
        if self.order_epoch == epoch {
            return;
        }
        let n = self.state.samples.len();
        self.order.clear();
        self.order.extend(0..n);
        if self.state.shuffle {
            let mut rng = rng::stream(self.state.seed, Purpose::Shuffle, epoch);
            self.order.shuffle(&mut rng);
        }
        self.order_epoch = epoch;
    }

    /// One gradient-descent step on the next batch. Returns the batch's mean
    /// loss before the update (with this step's dropout). A step that would
    /// make the loss or a parameter non-finite, or push a parameter past
    /// `MAX_PARAM`, is not taken: the network stays as it was.
    pub fn step(&mut self) -> Result<f64> {
        let loss = self.advance();
        self.sync();
        loss
    }

    /// `step`, leaving `net` behind the kernel's weights.
    fn advance(&mut self) -> Result<f64> {
        let seen_before = self.state.seen;
        let p = self.state.dropout;
        let hidden = self.scale.len() - 1;
        if p > 0.0 {
            let mut rng = rng::stream(self.state.seed, Purpose::Dropout, self.state.step);
            let keep = 1.0 / (1.0 - p);
            for layer in &mut self.scale[1..hidden] {
                for m in layer.iter_mut() {
                    *m = if rng.random_bool(p) { 0.0 } else { keep };
                }
            }
            let mask = self
                .scale
                .iter()
                .enumerate()
                .map(|(i, l)| l.iter().map(|&m| m == 0.0 && i > 0 && i < hidden).collect());
            match &mut self.last_mask {
                Some(old) => old.iter_mut().zip(mask).for_each(|(o, m)| *o = m),
                None => self.last_mask = Some(mask.collect()),
            }
        }
        self.kernel.ensure_loaded(&self.net);
        self.kernel.clear_gradients();
        let batch = self.state.batch_size;
        let mut which = std::mem::take(&mut self.batch);
        self.next_samples(batch, &mut which);
        let data = (&self.state.samples[..], self.fed.as_deref());
        let scale = (self.state.dropout > 0.0).then_some(self.scale.as_slice());
        let loss = self
            .kernel
            .train_batch(&which, data, scale, self.state.loss);
        self.batch = which;
        // w ← w − η ∂L/∂w, with ∂L/∂w the mean over the batch, all at once,
        // unless that would take the network somewhere it cannot come back
        // from: the kernel keeps the old values until the new ones are safe.
        let rate = self.state.learning_rate / batch as f64;
        let safe = loss.is_finite()
            && self
                .kernel
                .descend(rate, self.state.train_biases, MAX_PARAM, self.decay());
        let why = if !loss.is_finite() {
            Some(Cause::LossNotFinite)
        } else if !safe {
            Some(Cause::ParameterOutOfRange)
        } else {
            None
        };
        if let Some(why) = why {
            self.state.seen = seen_before;
            let step = self.state.step + 1;
            return Err(Error::new("learning_rate", Problem::Diverged { step, why }));
        }
        self.behind = true;
        self.state.step = (self.state.step + 1).min(MAX_INTEGER);
        Ok(loss / batch as f64)
    }

    /// The next `count` samples of the epoch order into `which`, counting
    /// them as seen: a run at a time up to the end of an epoch.
    fn next_samples(&mut self, count: usize, which: &mut Vec<usize>) {
        which.clear();
        let n = self.state.samples.len() as u64;
        while which.len() < count {
            let seen = self.state.seen;
            let (epoch, pos) = (seen / n, seen % n);
            self.order_for(epoch);
            // one at a time once the count stops at its limit
            let run = ((count - which.len()) as u64)
                .min(n - pos)
                .min(MAX_INTEGER - seen)
                .max(1);
            which.extend_from_slice(&self.order[pos as usize..(pos + run) as usize]);
            self.state.seen = (seen + run).min(MAX_INTEGER);
        }
    }

    /// The penalty and how far a step pulls each weight by it: η·λ.
    fn decay(&self) -> (Regularization, f64) {
        let s = &self.state;
        (s.regularization, s.learning_rate * s.regularization_rate)
    }

    /// What the objective adds to the data loss: λ·P(w) over every weight.
    pub fn penalty(&self) -> f64 {
        let (reg, rate) = (self.state.regularization, self.state.regularization_rate);
        let p: f64 = self.net.layers.iter().map(|l| reg.penalty(&l.w)).sum();
        rate * p
    }

    /// λ·∂P/∂w, what the penalty adds to ∂L/∂w for one weight's value.
    pub fn penalty_gradient(&self, w: f64) -> f64 {
        self.state.regularization_rate * self.state.regularization.dp(w)
    }

    /// The mean batch gradient the last step used for parameter `p`.
    pub fn last_gradient(&self, p: Param) -> f64 {
        self.kernel.gradient(p) / self.state.batch_size as f64
    }

    /// Checks a step count from a caller.
    pub fn check_steps(n: u64) -> Result<u64> {
        if n > MAX_STEPS {
            return Err(Error::new(
                "steps",
                Problem::NotWhole {
                    min: 0,
                    max: MAX_STEPS,
                    got: n.to_string(),
                },
            ));
        }
        Ok(n)
    }

    /// `n` steps; the batch loss of each. Stops at the first step that
    /// would diverge (see `step`), keeping the network from before it.
    pub fn train(&mut self, n: u64) -> Result<Vec<f64>> {
        let run = self.run(n)?;
        match run.error {
            Some(e) => Err(e),
            None => Ok(run.losses),
        }
    }

    /// `n` steps, stopping at the first that would diverge; unlike `train`
    /// it keeps what the steps before that one did, for the training log.
    pub fn run(&mut self, n: u64) -> Result<Run> {
        Self::check_steps(n)?;
        let mut run = Run::default();
        for _ in 0..n {
            match self.advance() {
                Ok(loss) => {
                    run.losses.push(loss);
                    run.epochs.push(self.epoch());
                }
                Err(e) => {
                    run.error = Some(e);
                    break;
                }
            }
        }
        self.sync();
        Ok(run)
    }
}
