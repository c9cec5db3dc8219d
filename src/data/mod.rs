//! Datasets to train on: seeded generators in the manner of TensorFlow
//! Playground, a seeded train/test split, and `x1,x2,label` CSV import.
//!
//! The 2-D classification sets lie in the square [−1, 1]² and have targets
//! 0 or 1, half of each: sample i belongs to class i mod 2. The regression
//! sets ask for a number: `sine` has one input x ∈ [−π, π] and the target
//! y = sin x; `plane` and `gaussian_mix` have two inputs in [−1, 1]² and a
//! target from −1 to 1.
//!
//! `noise`, from 0 to 0.5, moves a sample after its target is fixed: each
//! input of a 2-D set, and sine's target, gets an independent uniform draw
//! from [−noise, noise] added. With 0 every sample sits exactly where its
//! generator put it; with 0.5 a point may move a quarter of the square's
//! width along each axis. The draws are made whatever the noise, so one seed
//! gives the same underlying points at every noise level.

use std::f64::consts::PI;

use crate::error::{excerpt, Error, Item, Problem, Result};
use crate::format::read;
use crate::format::state::{Sample, MAX_CSV_BYTES, MAX_SAMPLES};
use crate::maths::activation::Activation;
use crate::maths::loss::Loss;
use crate::maths::rng::{self, Purpose, Rng, RngExt};
use serde::Serialize;

/// The largest `noise` accepted.
pub const MAX_NOISE: f64 = 0.5;
/// XOR points keep this far from the axes, so that no label sits on the boundary.
pub const XOR_PADDING: f64 = 0.05;
/// The circle set: class 1 has r ≤ `CIRCLE_INNER`, class 0 has r from `CIRCLE_OUTER` to 1.
pub const CIRCLE_INNER: f64 = 0.5;
/// See `CIRCLE_INNER`.
pub const CIRCLE_OUTER: f64 = 0.7;
/// The Gaussian blobs are centred on (c, c) for class 1 and (−c, −c) for class 0.
pub const GAUSS_CENTRE: f64 = 0.5;
/// Their standard deviation along each axis.
pub const GAUSS_SIGMA: f64 = 0.15;
/// Each spiral arm turns this many times between r = 0 and r = 1.
pub const SPIRAL_TURNS: f64 = 1.75;

/// The random stream a split draws from; the generators use their kind's number.
const SPLIT_STREAM: u64 = 100;

/// A dataset's starting network and Play speed (see `Dataset::setup`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Setup {
    pub layers: &'static [usize],
    /// every hidden layer's activation
    pub hidden: Activation,
    pub output: Activation,
    pub loss: Loss,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Play's default speed: epochs (passes over the training samples) a second
    pub epochs_per_second: f64,
    /// the mean loss over the held-out samples these settings reach
    pub held_out_loss: f64,
    /// L2 regularization's rate λ, 0 for none
    pub l2: f64,
}

/// A built-in dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Xor,
    Circle,
    Gaussians,
    Spiral,
    Sine,
    Plane,
    GaussianMix,
}

impl Dataset {
    /// Every dataset, in the order the page lists them.
    pub const ALL: [Dataset; 7] = [
        Dataset::Xor,
        Dataset::Circle,
        Dataset::Gaussians,
        Dataset::Spiral,
        Dataset::Sine,
        Dataset::Plane,
        Dataset::GaussianMix,
    ];

    /// Its name in calls and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Xor => "xor",
            Dataset::Circle => "circle",
            Dataset::Gaussians => "gaussians",
            Dataset::Spiral => "spiral",
            Dataset::Sine => "sine",
            Dataset::Plane => "plane",
            Dataset::GaussianMix => "gaussian_mix",
        }
    }

    /// Whether its targets are classes (0 or 1) rather than numbers to fit.
    pub fn classes(self) -> bool {
        !matches!(self, Dataset::Sine | Dataset::Plane | Dataset::GaussianMix)
    }

    /// The dataset with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Inputs per sample: 1 for sine, 2 for the rest.
    pub fn inputs(self) -> usize {
        if self == Dataset::Sine {
            1
        } else {
            2
        }
    }

    /// The network a class starts this dataset with, and how fast Play
    /// goes through it: settings that reach `held_out_loss` on the page's
    /// default draw (300 points, noise 0.1, 30 % held out) and stay near
    /// their best for a minute of Play (tests/datasets.rs trains them).
    pub fn setup(self) -> Setup {
        let classes = |layers, learning_rate, epochs_per_second, held_out_loss| Setup {
            layers,
            hidden: Activation::Tanh,
            output: Activation::Sigmoid,
            loss: Loss::CrossEntropy,
            learning_rate,
            batch_size: 10,
            epochs_per_second,
            held_out_loss,
            l2: 0.0,
        };
        let fit = |layers, learning_rate, epochs_per_second, held_out_loss| Setup {
            output: Activation::Linear,
            loss: Loss::SquaredError,
            ..classes(layers, learning_rate, epochs_per_second, held_out_loss)
        };
        match self {
            Dataset::Xor => classes(&[2, 4, 1], 0.1, 10.0, 0.1),
            Dataset::Circle => classes(&[2, 4, 1], 0.1, 10.0, 0.06),
            Dataset::Gaussians => classes(&[2, 2, 1], 0.1, 10.0, 0.01),
            // a spiral needs many epochs, and a little L2 keeps it from overfitting its 210 points
            Dataset::Spiral => Setup {
                batch_size: 30,
                l2: 0.0003,
                ..classes(&[2, 8, 8, 1], 0.1, 100.0, 0.3)
            },
            Dataset::Sine => fit(&[1, 8, 8, 1], 0.01, 30.0, 0.005),
            Dataset::Plane => fit(&[2, 2, 1], 0.03, 10.0, 0.003),
            Dataset::GaussianMix => fit(&[2, 8, 8, 1], 0.03, 10.0, 0.03),
        }
    }

    /// `count` samples drawn with `seed`; any count and noise (see `generate`
    /// for the checked version).
    pub fn samples(self, count: usize, noise: f64, seed: u64) -> Vec<Sample> {
        match self {
            Dataset::Xor => xor(count, noise, seed),
            Dataset::Circle => circle(count, noise, seed),
            Dataset::Gaussians => gaussians(count, noise, seed),
            Dataset::Spiral => spiral(count, noise, seed),
            Dataset::Sine => sine(count, noise, seed),
            Dataset::Plane => plane(count, noise, seed),
            Dataset::GaussianMix => gaussian_mix(count, noise, seed),
        }
    }
}

/// `count` samples (1 to 10,000) of the named dataset with noise from 0 to
/// 0.5, the same for the same arguments on every platform.
pub fn generate(name: &str, count: usize, noise: f64, seed: u64) -> Result<Vec<Sample>> {
    let kind = Dataset::from_name(name).ok_or_else(|| {
        let allowed = Dataset::ALL.iter().map(|d| d.name()).collect();
        let got = excerpt(name, 40);
        Error::new("dataset", Problem::NoDataset { got, allowed })
    })?;
    if !(1..=MAX_SAMPLES).contains(&count) {
        let (max, got) = (MAX_SAMPLES, count);
        return Err(Error::new("count", Problem::SampleCount { max, got }));
    }
    if !(0.0..=MAX_NOISE).contains(&noise) {
        let (min, max, got) = (0.0, MAX_NOISE, noise);
        return Err(Error::new("noise", Problem::OutOfRange { min, max, got }));
    }
    Ok(kind.samples(count, noise, seed))
}

/// A sample with these inputs and one target; one copy of the allocations
/// for every generator.
#[inline(never)]
fn sample(input: &[f64], target: f64) -> Sample {
    Sample {
        input: input.to_vec(),
        target: vec![target],
    }
}

/// A sample at the point `x` moved by up to `noise` along each axis, with
/// one target: one copy for the generators of every 2-D set.
#[inline(never)]
fn jittered([x1, x2]: [f64; 2], noise: f64, rng: &mut Rng, target: f64) -> Sample {
    let input = [x1 + noise * signed(rng), x2 + noise * signed(rng)];
    sample(&input, target)
}

/// A uniform draw from [−1, 1).
fn signed(rng: &mut Rng) -> f64 {
    rng.random_range(-1.0..1.0)
}

/// Two-class points: `place(class, index in class, size of class, rng)` puts
/// the clean point, then each input is jittered by up to `noise`.
fn classes(
    kind: Dataset,
    count: usize,
    noise: f64,
    seed: u64,
    mut place: impl FnMut(usize, usize, usize, &mut Rng) -> [f64; 2],
) -> Vec<Sample> {
    let mut rng = rng::stream(seed, Purpose::Data, kind as u64);
    let mut samples = Vec::with_capacity(count);
    for i in 0..count {
        let class = i % 2;
        // class 0 takes the even samples, class 1 the odd ones
        let size = (count + 1 - class) / 2;
        let clean = place(class, i / 2, size, &mut rng);
        samples.push(jittered(clean, noise, &mut rng, class as f64));
    }
    samples
}

/// Four quadrants: target 1 where x₁x₂ > 0, 0 where x₁x₂ < 0.
pub fn xor(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    classes(Dataset::Xor, count, noise, seed, |class, _, _, rng| {
        let side = |rng: &mut Rng| XOR_PADDING + (1.0 - XOR_PADDING) * rng.random::<f64>();
        let s1 = if rng.random::<bool>() { 1.0 } else { -1.0 };
        // same signs for class 1, opposite signs for class 0
        let s2 = if class == 1 { s1 } else { -s1 };
        [s1 * side(rng), s2 * side(rng)]
    })
}

/// A disc and a ring around it: target 1 for r ≤ 0.5, 0 for 0.7 ≤ r ≤ 1.
pub fn circle(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    classes(Dataset::Circle, count, noise, seed, |class, _, _, rng| {
        let u = rng.random::<f64>();
        let r = if class == 1 {
            CIRCLE_INNER * u
        } else {
            CIRCLE_OUTER + (1.0 - CIRCLE_OUTER) * u
        };
        let t = 2.0 * PI * rng.random::<f64>();
        [r * libm::cos(t), r * libm::sin(t)]
    })
}

/// Two Gaussian blobs, σ = 0.15: target 1 around (0.5, 0.5), 0 around (−0.5, −0.5).
pub fn gaussians(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    classes(
        Dataset::Gaussians,
        count,
        noise,
        seed,
        |class, _, _, rng| {
            let c = if class == 1 {
                GAUSS_CENTRE
            } else {
                -GAUSS_CENTRE
            };
            // Box–Muller: two uniforms give two independent standard normals.
            let r = libm::sqrt(-2.0 * libm::log(1.0 - rng.random::<f64>()));
            let t = 2.0 * PI * rng.random::<f64>();
            [
                c + GAUSS_SIGMA * r * libm::cos(t),
                c + GAUSS_SIGMA * r * libm::sin(t),
            ]
        },
    )
}

/// Two interleaved spiral arms, evenly spaced in r ∈ (0, 1]: point p of m in
/// an arm has r = (p + 1)/m at angle t = 1.75·2πr (+π for class 0), placed at
/// (r sin t, r cos t).
pub fn spiral(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    classes(Dataset::Spiral, count, noise, seed, |class, p, m, _| {
        let r = (p + 1) as f64 / m as f64;
        let t = SPIRAL_TURNS * 2.0 * PI * r + if class == 1 { 0.0 } else { PI };
        [r * libm::sin(t), r * libm::cos(t)]
    })
}

/// Regression: x uniform in [−π, π), target y = sin x, plus noise on y.
pub fn sine(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    let mut rng = rng::stream(seed, Purpose::Data, Dataset::Sine as u64);
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let x = PI * signed(&mut rng);
        let y = libm::sin(x) + noise * signed(&mut rng);
        samples.push(sample(&[x], y));
    }
    samples
}

/// Regression points: x uniform over [−1, 1]², the target `f(x)` of the
/// clean point; then each input is jittered by up to `noise`.
fn fit(
    kind: Dataset,
    count: usize,
    noise: f64,
    seed: u64,
    f: impl Fn(f64, f64) -> f64,
) -> Vec<Sample> {
    let mut rng = rng::stream(seed, Purpose::Data, kind as u64);
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let (x1, x2) = (signed(&mut rng), signed(&mut rng));
        samples.push(jittered([x1, x2], noise, &mut rng, f(x1, x2)));
    }
    samples
}

/// Regression on a tilted plane: y = (x₁ + x₂)/2, from −1 to 1.
pub fn plane(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    fit(Dataset::Plane, count, noise, seed, |x1, x2| (x1 + x2) / 2.0)
}

/// The bumps of `gaussian_mix`: centre and height.
pub const MIX: [((f64, f64), f64); 4] = [
    ((-0.5, 0.5), 1.0),
    ((0.5, 0.5), -1.0),
    ((-0.5, -0.5), -1.0),
    ((0.5, -0.5), 1.0),
];
/// Their width: y = Σ hᵢ·exp(−|x − cᵢ|² / 2σ²), σ = 0.25.
pub const MIX_SIGMA: f64 = 0.25;

/// Regression on a mix of Gaussian bumps, two up and two down, y in [−1, 1].
pub fn gaussian_mix(count: usize, noise: f64, seed: u64) -> Vec<Sample> {
    fit(Dataset::GaussianMix, count, noise, seed, |x1, x2| {
        let bump = |((c1, c2), h): ((f64, f64), f64)| {
            let d2 = (x1 - c1) * (x1 - c1) + (x2 - c2) * (x2 - c2);
            h * libm::exp(-d2 / (2.0 * MIX_SIGMA * MIX_SIGMA))
        };
        MIX.into_iter().map(bump).sum::<f64>().clamp(-1.0, 1.0)
    })
}

/// Splits items into (train, test) with round(n × test_fraction) drawn at
/// random into the test part, at most n − 1 so that training keeps one.
/// Both parts keep the items' original order.
pub fn split<T>(items: Vec<T>, test_fraction: f64, seed: u64) -> Result<(Vec<T>, Vec<T>)> {
    if !(0.0..1.0).contains(&test_fraction) {
        let got = test_fraction;
        return Err(Error::new("test_fraction", Problem::TestFraction { got }));
    }
    let n = items.len();
    let tests = ((n as f64 * test_fraction).round() as usize).min(n.saturating_sub(1));
    let mut rng = rng::stream(seed, Purpose::Data, SPLIT_STREAM);
    let mut in_test = vec![false; n];
    for i in rand::seq::index::sample(&mut rng, n, tests) {
        in_test[i] = true;
    }
    let (mut train, mut test) = (Vec::with_capacity(n - tests), Vec::with_capacity(tests));
    for (item, t) in items.into_iter().zip(in_test) {
        if t {
            test.push(item);
        } else {
            train.push(item);
        }
    }
    Ok((train, test))
}

/// Reads `x1,x2,label` rows into samples with input [x1, x2] and target
/// [label]. A first line with no number in it is a header and is skipped;
/// blank lines are ignored. Errors name the line (1-based, as an editor
/// counts them) and, for a bad value, the column. Values are read as Rust
/// reads an `f64`: `0.5`, `.5`, `+4`, `-3e-1`, and `inf` or `NaN`, which are
/// refused as not finite.
pub fn parse_csv(text: &str) -> Result<Vec<Sample>> {
    parse_csv_with(text, |f| f.parse().ok())
}

/// `parse_csv` with the text of each value read by `number`, which must
/// read what `str::parse::<f64>` reads, to the same value, and give `None`
/// for the rest. In the browser the page's own number reader does it, so
/// that the module carries no second one.
pub fn parse_csv_with(text: &str, number: impl Fn(&str) -> Option<f64>) -> Result<Vec<Sample>> {
    if text.len() > MAX_CSV_BYTES {
        let (limit, got) = (MAX_CSV_BYTES, text.len());
        return Err(Error::new("csv", Problem::TooLarge { limit, got }));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut samples = Vec::new();
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        for f in line.split(',') {
            fields.push(f.trim());
        }
        let header = first && fields.iter().all(|f| number(f).is_none());
        first = false;
        if header {
            continue;
        }
        let at = format!("csv line {}", i + 1);
        if fields.len() != 3 {
            let (expected, got, item) = (3, fields.len(), Item::Number);
            return Err(Error::new(
                at,
                Problem::WrongLength {
                    expected,
                    got,
                    item,
                },
            ));
        }
        if samples.len() == MAX_SAMPLES {
            let max = MAX_SAMPLES;
            return Err(Error::new(at, Problem::TooManyRows { max }));
        }
        let mut x = [0.0; 3];
        for (c, f) in fields.iter().enumerate() {
            let field = format!("{at}, column {}", c + 1);
            let got = excerpt(f, 40);
            let v = number(f)
                .ok_or_else(|| Error::new(&field, Problem::NotANumber { got: got.clone() }))?;
            if !v.is_finite() {
                return Err(Error::new(&field, Problem::NotFinite { got }));
            }
            x[c] = read::in_range(&field, v)?;
        }
        samples.push(sample(&x[..2], x[2]));
    }
    if samples.is_empty() {
        return Err(Error::new("csv", Problem::NoRows));
    }
    Ok(samples)
}
