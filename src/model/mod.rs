//! A loaded playground: the network plus its samples and training settings,
//! with the buffers a training step reuses so that stepping allocates nothing.

use crate::error::{Error, Result};
use crate::format::state::{Sample, State, MAX_INTEGER};
use crate::json::{self, Map, Value};
use crate::maths::kernel::Kernel;
use crate::maths::loss::Loss;
use crate::maths::network::{Network, Param, Pass};
use crate::maths::rng::{Purpose, Rng};

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
    pass: Pass,
    /// The vector passes, with the weights as they read them.
    kernel: Kernel,
    /// Whether `net` is behind the kernel's weights.
    behind: bool,
    /// Dropout scale per layer and neuron: 0 dropped, 1/(1−p) kept.
    scale: Vec<Vec<f64>>,
    /// The sample order of epoch `order_epoch`.
    order: Vec<usize>,
    order_epoch: u64,
}

impl Model {
    /// Loads a validated state.
    pub fn new(state: State) -> Self {
        let net = state.network();
        let sizes = net.sizes();
        let mut model = Model {
            pass: Pass::new(&sizes),
            scale: sizes.iter().map(|&n| vec![1.0; n]).collect(),
            net,
            last_mask: None,
            kernel: Kernel::default(),
            behind: false,
            order: Vec::new(),
            order_epoch: u64::MAX,
            state,
        };
        model.order_for(0);
        model
    }

    /// Parses, validates and loads state JSON.
    pub fn from_json(json: &str) -> Result<Self> {
        crate::format::state::parse(json).map(Model::new)
    }

    /// The full state, parameters included.
    pub fn state(&self) -> State {
        let mut s = self.state.clone();
        s.set_network(&self.net);
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
        self.state
            .samples
            .get(i)
            .ok_or_else(|| Error::argument("sample", format!("expected 0 to {}, got {i}", n - 1)))
    }

    /// Completed passes over the samples.
    pub fn epoch(&self) -> u64 {
        self.state.seen / self.state.samples.len() as u64
    }

    /// Forward (and, if `backward`, backward) for one sample, without dropout.
    pub fn pass(&self, sample: &Sample, backward: bool) -> Pass {
        let mut pass = Pass::new(&self.state.layers);
        self.net.forward(&sample.input, &mut pass, None);
        if backward {
            self.net
                .backward(&sample.target, self.state.loss, &mut pass);
        }
        pass
    }

    /// The loss of one finished forward pass.
    pub fn sample_loss(&self, pass: &Pass, sample: &Sample) -> f64 {
        let out = pass.a.len() - 1;
        self.state
            .loss
            .value(&pass.z[out], &pass.a[out], &sample.target)
    }

    /// The mean loss over all samples, without dropout.
    pub fn mean_loss(&mut self) -> f64 {
        let total = total_loss(
            &self.net,
            &mut self.pass,
            self.state.loss,
            &self.state.samples,
        );
        total / self.state.samples.len() as f64
    }

    /// ∂L/∂w and ∂L/∂b of the mean loss over all samples, without dropout.
    pub fn gradients(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (mut gw, mut gb) = self.net.zero_grads();
        let mut pass = Pass::new(&self.state.layers);
        for s in &self.state.samples {
            self.net.forward(&s.input, &mut pass, None);
            self.net.backward(&s.target, self.state.loss, &mut pass);
            self.net.accumulate(&pass, &mut gw, &mut gb);
        }
        let n = self.state.samples.len() as f64;
        gw.iter_mut()
            .chain(gb.iter_mut())
            .flatten()
            .for_each(|g| *g /= n);
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
            let mut rng = Rng::new(self.state.seed, Purpose::Shuffle, epoch);
            for i in (1..n).rev() {
                self.order.swap(i, rng.below(i + 1));
            }
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
            let mut rng = Rng::new(self.state.seed, Purpose::Dropout, self.state.step);
            let keep = 1.0 / (1.0 - p);
            for layer in &mut self.scale[1..hidden] {
                for m in layer.iter_mut() {
                    *m = if rng.next_f64() < p { 0.0 } else { keep };
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
        let mut loss = 0.0;
        // Four samples at a time through the kernel, then the rest as one
        // group: two, or three or one with their last sample repeated in
        // the spare lane.
        for _ in 0..batch / 4 {
            let four = [(); 4].map(|_| self.next_sample());
            loss = self.take::<4, 4>(four, loss);
        }
        match batch % 4 {
            3 => {
                let three = [(); 3].map(|_| self.next_sample());
                loss = self.take::<3, 4>(three, loss);
            }
            2 => {
                let two = [(); 2].map(|_| self.next_sample());
                loss = self.take::<2, 2>(two, loss);
            }
            1 => {
                let one = [self.next_sample()];
                loss = self.take::<1, 2>(one, loss);
            }
            _ => {}
        }
        // w ← w − η ∂L/∂w, with ∂L/∂w the mean over the batch, all at once,
        // unless that would take the network somewhere it cannot come back
        // from: the kernel keeps the old values until the new ones are safe.
        let rate = self.state.learning_rate / batch as f64;
        let safe = loss.is_finite()
            && self
                .kernel
                .descend(rate, self.state.train_biases, MAX_PARAM);
        let why = if !loss.is_finite() {
            Some("the loss is no longer a finite number")
        } else if !safe {
            Some("a parameter would grow past 1e6 or stop being a finite number")
        } else {
            None
        };
        if let Some(why) = why {
            self.state.seen = seen_before;
            return Err(Error::field(
                "learning_rate",
                format!(
                    "training diverged at step {}: {why}; lower the learning rate (the network before that step is kept)",
                    self.state.step + 1
                ),
            ));
        }
        self.behind = true;
        self.state.step = (self.state.step + 1).min(MAX_INTEGER);
        Ok(loss / batch as f64)
    }

    /// The next sample of the epoch order, counting it as seen.
    #[inline]
    fn next_sample(&mut self) -> usize {
        let n = self.state.samples.len() as u64;
        let (epoch, pos) = (self.state.seen / n, self.state.seen % n);
        self.order_for(epoch);
        self.state.seen = (self.state.seen + 1).min(MAX_INTEGER);
        self.order[pos as usize]
    }

    /// Forward and backward for samples `which` together, in a group of G
    /// (N ≤ G ≤ 4) whose spare lanes repeat the last sample, adding the N
    /// samples' gradients into the step's sums and their losses, in order,
    /// to `loss`.
    fn take<const N: usize, const G: usize>(&mut self, which: [usize; N], loss: f64) -> f64 {
        let samples = &self.state.samples;
        let scale = (self.state.dropout > 0.0).then_some(self.scale.as_slice());
        let lane: [&Sample; G] = core::array::from_fn(|i| &samples[which[i.min(N - 1)]]);
        let targets = lane.map(|s| &s.target[..]);
        let kernel = &mut self.kernel;
        kernel.forward(lane.map(|s| &s.input[..]), scale);
        kernel.backward(targets, self.state.loss);
        kernel.accumulate::<N>();
        kernel.add_losses(loss, self.state.loss, &targets[..N])
    }

    /// The mean batch gradient the last step used for parameter `p`.
    pub fn last_gradient(&self, p: Param) -> f64 {
        self.kernel.gradient(p) / self.state.batch_size as f64
    }

    /// Checks a step count from a caller.
    pub fn check_steps(n: u64) -> Result<u64> {
        if n > MAX_STEPS {
            return Err(Error::argument(
                "steps",
                format!("expected a whole number from 0 to {MAX_STEPS}, got {n}"),
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

    /// Changes one training setting, given as JSON (`"learning_rate"`, `"0.1"`),
    /// through the same validation as a whole state; on error nothing changes.
    pub fn set_setting(&mut self, name: &str, value_json: &str) -> Result<()> {
        const SETTINGS: [&str; 9] = [
            "activations",
            "loss",
            "learning_rate",
            "train_biases",
            "batch_size",
            "shuffle",
            "dropout",
            "seed",
            "samples",
        ];
        if !SETTINGS.contains(&name) {
            return Err(Error::argument(
                "setting",
                format!("expected one of {}, got '{name}'", SETTINGS.join(", ")),
            ));
        }
        let value = json::parse(value_json)
            .map_err(|e| Error::field(name, format!("not valid JSON: {e}")))?;
        let mut state = self.with_field(name, value)?;
        if name == "samples" {
            // New samples through this door start a new count.
            state.seen = 0;
        }
        self.replace(state);
        Ok(())
    }

    /// Sets one weight or bias by name.
    pub fn set_param(&mut self, name: &str, value: f64) -> Result<()> {
        let p: Param = self.net.param(name)?;
        sized(name, value)?;
        *self.net_mut().get_mut(p) = value;
        Ok(())
    }

    /// Sets input k of sample i (0-based).
    pub fn set_input(&mut self, i: usize, k: usize, value: f64) -> Result<()> {
        sized(&format!("samples[{i}].input[{k}]"), value)?;
        let slot = self.slot(i, k, true)?;
        *slot = value;
        Ok(())
    }

    /// Sets target j of sample i (0-based).
    pub fn set_target(&mut self, i: usize, j: usize, value: f64) -> Result<()> {
        sized(&format!("samples[{i}].target[{j}]"), value)?;
        if self.state.loss == crate::maths::loss::Loss::CrossEntropy
            && !(0.0..=1.0).contains(&value)
        {
            return Err(Error::field(
                format!("samples[{i}].target[{j}]"),
                format!("cross_entropy needs targets from 0 to 1, got {value}"),
            ));
        }
        let slot = self.slot(i, j, false)?;
        *slot = value;
        Ok(())
    }

    fn slot(&mut self, i: usize, k: usize, input: bool) -> Result<&mut f64> {
        let part = if input { "input" } else { "target" };
        let field = format!("samples[{i}].{part}[{k}]");
        let n = self.state.samples.len();
        let s = self
            .state
            .samples
            .get_mut(i)
            .ok_or_else(|| Error::field(&field, format!("no such sample (there are {n})")))?;
        let v = if input { &mut s.input } else { &mut s.target };
        let len = v.len();
        v.get_mut(k)
            .ok_or_else(|| Error::field(&field, format!("no such {part} (there are {len})")))
    }
}

/// The summed loss of `samples` without dropout, reusing `pass`.
fn total_loss(net: &Network, pass: &mut Pass, loss: Loss, samples: &[Sample]) -> f64 {
    let out = pass.a.len() - 1;
    samples
        .iter()
        .map(|s| {
            net.forward(&s.input, pass, None);
            loss.value(&pass.z[out], &pass.a[out], &s.target)
        })
        .sum()
}

/// Rejects NaN and infinities from a caller.
pub fn finite(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::field(name, "expected a finite number"))
    }
}

/// Rejects a weight, bias, input or target that is not finite or is past
/// ±`MAX_MAGNITUDE`, as the state format does.
fn sized(name: &str, value: f64) -> Result<f64> {
    let value = finite(name, value)?;
    // 1e300 reads better than its 301 digits
    let text = if value.abs() < 1e16 {
        format!("{value}")
    } else {
        format!("{value:e}")
    };
    crate::format::state::in_range(name, value, &text)
}

/// The largest side of a heatmap grid.
pub const MAX_GRID: usize = 1024;

/// Point i of n from lo to hi, exactly lo and hi at the ends.
fn grid_point(i: usize, n: usize, lo: f64, hi: f64) -> f64 {
    let t = if n > 1 {
        i as f64 / (n - 1) as f64
    } else {
        0.0
    };
    lo * (1.0 - t) + hi * t
}

/// Datasets: replacing the samples, measuring a held-out set, and the
/// network's output over the input plane.
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
        self.check_plot("heatmap", 2, n, &ends, n * n, out.len())?;
        let at = |i: usize, lo: f64, hi: f64| grid_point(i, n, lo, hi);
        self.kernel.ensure_loaded(&self.net);
        for (r, row) in out.chunks_exact_mut(n).enumerate() {
            let y = at(r, y1, y0);
            self.kernel.first_outputs(row, |c| [at(c, x0, x1), y]);
        }
        Ok(())
    }

    /// The first output at n evenly spaced inputs from x0 to x1, ends
    /// included: the curve y(x) of a 1-input network, the 1-D heatmap.
    pub fn curve(&mut self, n: usize, x0: f64, x1: f64, out: &mut [f64]) -> Result<()> {
        self.check_plot("curve", 1, n, &[("x0", x0), ("x1", x1)], n, out.len())?;
        self.kernel.ensure_loaded(&self.net);
        self.kernel
            .first_outputs(out, |i| [grid_point(i, n, x0, x1)]);
        Ok(())
    }

    /// What `heatmap` and `curve` both need: a network with `inputs` inputs,
    /// a grid side in range, finite ends, and room for `room` values.
    fn check_plot(
        &self,
        what: &str,
        inputs: usize,
        n: usize,
        ends: &[(&str, f64)],
        room: usize,
        len: usize,
    ) -> Result<()> {
        let has = self.state.layers[0];
        if has != inputs {
            let s = if inputs == 1 { "" } else { "s" };
            return Err(Error::argument(
                what,
                format!("needs a network with {inputs} input{s}, this one has {has}"),
            ));
        }
        Self::check_grid(n)?;
        for &(name, v) in ends {
            finite(name, v)?;
        }
        if len != room {
            return Err(Error::argument(
                what,
                format!("expected room for {room} values, got {len}"),
            ));
        }
        Ok(())
    }

    /// Checks a heatmap side from a caller: 1 to `MAX_GRID`.
    pub fn check_grid(n: usize) -> Result<usize> {
        if !(1..=MAX_GRID).contains(&n) {
            return Err(Error::argument(
                "n",
                format!("expected 1 to {MAX_GRID}, got {n}"),
            ));
        }
        Ok(n)
    }

    /// The mean loss over any samples (a test split, say), without dropout;
    /// NaN when there are none. Each sample must fit the network.
    pub fn evaluate_loss(&mut self, samples: &[Sample]) -> Result<f64> {
        let sizes = &self.state.layers;
        let (inputs, outputs) = (sizes[0], sizes[sizes.len() - 1]);
        if let Some(i) = samples
            .iter()
            .position(|s| s.input.len() != inputs || s.target.len() != outputs)
        {
            let s = &samples[i];
            return Err(Error::field(
                format!("samples[{i}]"),
                format!(
                    "has {} inputs and {} targets, but the network takes {inputs} and gives {outputs}",
                    s.input.len(),
                    s.target.len()
                ),
            ));
        }
        let total = total_loss(&self.net, &mut self.pass, self.state.loss, samples);
        Ok(total / samples.len() as f64)
    }

    /// Samples from JSON (an array of `{ input, target }`) checked against
    /// this network the way a state's `samples` are. An empty array is
    /// allowed here and gives no samples.
    pub fn samples_from_json(&self, json: &str) -> Result<Vec<Sample>> {
        let v = samples_value(json)?;
        if v.as_array().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        self.with_field("samples", v).map(|s| s.samples)
    }

    /// Replaces the training samples with JSON ones, checked the way a
    /// state's are. `batch_size` shrinks to fit; the step and sample
    /// counters carry on. On error nothing changes.
    pub fn set_samples(&mut self, json: &str) -> Result<()> {
        let state = self.with_field("samples", samples_value(json)?)?;
        self.replace(state);
        Ok(())
    }

    /// This model's state with one field replaced, validated like any state.
    /// New samples keep the batch size where it fits.
    fn with_field(&self, name: &str, value: Value) -> Result<State> {
        let mut s = self.state.clone();
        s.set_network(&self.net);
        if name == "samples" {
            // Old samples are about to go: no need to write them out.
            s.samples.clear();
            let n = value.as_array().map_or(1, Vec::len).max(1);
            s.batch_size = s.batch_size.min(n);
        }
        // A state always writes itself as an object, which reads back.
        let mut v = match json::parse(&s.to_json()) {
            Ok(Value::Object(v)) => v,
            _ => Map::default(),
        };
        v.insert(name.to_string(), value);
        crate::format::state::from_value(&Value::Object(v))
    }

    /// Loads a new state, keeping the last step's dropout mask on screen.
    fn replace(&mut self, state: State) {
        let mask = self.last_mask.take();
        *self = Model::new(state);
        self.last_mask = mask;
    }
}

/// Parses a samples array, refusing anything but an array.
fn samples_value(text: &str) -> Result<Value> {
    let v =
        json::parse(text).map_err(|e| Error::field("samples", format!("not valid JSON: {e}")))?;
    if v.as_array().is_none() {
        return Err(Error::field(
            "samples",
            "expected an array of { input, target }",
        ));
    }
    Ok(v)
}
