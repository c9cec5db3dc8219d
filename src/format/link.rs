//! Shared links: a whole state packed into a short, URL-safe string that
//! restores bit-exactly. Format version 1, documented in docs/format.md:
//!
//! `1.` followed by base64url (no padding) of the bytes
//! `layers | activations | flags | learning_rate | dropout | batch_size |
//!  seed | step | seen | weights | biases | samples`,
//! where counts and integers are LEB128 varints and every real number is its
//! 8 IEEE-754 bytes, little-endian, so nothing is rounded on the way.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

use crate::error::{Error, Problem, Result};
use crate::format::read;
use crate::format::state::{self, Sample, State};
use crate::maths::activation::Activation;
use crate::maths::features::Feature;
use crate::maths::loss::Loss;
use crate::maths::penalty::Regularization;

/// The newest link format: version 1's bytes, then the regularization (a
/// byte: 0 none, 1 l1, 2 l2) and its rate; flag 8 says that input features
/// follow the flags byte (a count, then each feature's index in
/// `Feature::ALL`), and the samples then hold the two raw inputs. A state
/// without regularization or features is still written as version 1, so its
/// link is what it always was.
pub const VERSION: u32 = 2;

#[inline(never)]
fn bad(problem: Problem) -> Error {
    Error::new("link", problem)
}

/// The link's bytes. A damaged link names the first character base64url
/// does not have or, where all of them are its own, the last one when it
/// leaves bits over that no byte takes; else it is short.
fn unbase64url(text: &str) -> Result<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text).map_err(|_| {
        let odd = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
        match odd.or_else(|| text.chars().last().filter(|_| text.len() % 4 != 1)) {
            Some(c) => bad(Problem::LinkCharacter { got: c.to_string() }),
            None => bad(Problem::LinkShort {
                part: "the state".into(),
            }),
        }
    })
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Each number's 8 bytes.
fn reals(out: &mut Vec<u8>, xs: &[f64]) {
    for x in xs {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// Packs a state into a link string.
pub fn encode(s: &State) -> String {
    let mut b = vec![];
    varint(&mut b, s.layers.len() as u64);
    s.layers.iter().for_each(|&n| varint(&mut b, n as u64));
    for a in &s.activations {
        b.push(Activation::ALL.iter().position(|x| x == a).unwrap_or(0) as u8);
    }
    let flags = (s.loss == Loss::CrossEntropy) as u8
        | (s.train_biases as u8) << 1
        | (s.shuffle as u8) << 2
        | (s.features.is_some() as u8) << 3;
    b.push(flags);
    if let Some(fs) = &s.features {
        b.push(fs.len() as u8);
        for f in fs {
            b.push(Feature::ALL.iter().position(|x| x == f).unwrap_or(0) as u8);
        }
    }
    reals(&mut b, &[s.learning_rate, s.dropout]);
    for n in [s.batch_size as u64, s.seed, s.step, s.seen] {
        varint(&mut b, n);
    }
    for matrix in &s.weights {
        for row in matrix {
            reals(&mut b, row);
        }
    }
    for row in &s.biases {
        reals(&mut b, row);
    }
    varint(&mut b, s.samples.len() as u64);
    for sample in &s.samples {
        reals(&mut b, &sample.input);
        reals(&mut b, &sample.target);
    }
    let plain = s.regularization == Regularization::None && s.regularization_rate == 0.0;
    let version = if plain && s.features.is_none() {
        1
    } else {
        b.push(
            Regularization::ALL
                .iter()
                .position(|r| *r == s.regularization)
                .unwrap_or(0) as u8,
        );
        reals(&mut b, &[s.regularization_rate]);
        VERSION
    };
    format!("{version}.{}", Base64UrlUnpadded::encode_string(&b))
}

/// Reads the bytes back, with a message saying what is missing where.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn short(&self, what: &str) -> Error {
        bad(Problem::LinkShort { part: what.into() })
    }

    fn byte(&mut self, what: &str) -> Result<u8> {
        let b = *self.bytes.get(self.at).ok_or_else(|| self.short(what))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self, what: &str) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            n |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(bad(Problem::LinkNumber { part: what.into() }))
    }

    /// A count, bounded so that a corrupt link cannot ask for a huge allocation.
    fn count(&mut self, what: &str, max: u64) -> Result<usize> {
        let n = self.varint(what)?;
        if n > max {
            return Err(bad(Problem::LinkTooBig {
                part: what.into(),
                got: n,
                max,
            }));
        }
        Ok(n as usize)
    }

    fn real(&mut self, what: &str) -> Result<f64> {
        let end = self.at + 8;
        let raw = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| self.short(what))?;
        self.at = end;
        Ok(f64::from_le_bytes(raw.try_into().unwrap_or_default()))
    }

    /// `n` reals.
    fn reals(&mut self, n: usize, what: &str) -> Result<Vec<f64>> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.real(what)?);
        }
        Ok(out)
    }
}

/// Unpacks a link string into a state, validated like any other state.
pub fn decode(link: &str) -> Result<State> {
    let link = link.trim();
    let (version, body) = link.split_once('.').ok_or_else(|| bad(Problem::LinkForm))?;
    let version = match version.parse::<u32>() {
        Ok(v @ 1..=VERSION) => v,
        _ => {
            return Err(bad(Problem::LinkVersion {
                got: version.chars().take(20).collect(),
            }))
        }
    };
    let bytes = unbase64url(body)?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    let depth = r.count("the number of layers", state::MAX_LAYERS as u64)?;
    let mut layers = Vec::new();
    for _ in 0..depth {
        // Held within usize, a size past the limit stays past it.
        let n = r.varint("layers")?.min(u32::MAX as u64);
        layers.push(n as usize);
    }
    let mut activations = Vec::new();
    for _ in 1..depth.max(1) {
        let i = r.byte("activations")?;
        let a = Activation::ALL
            .get(i as usize)
            .ok_or_else(|| bad(Problem::LinkActivation { got: i }))?;
        activations.push(*a);
    }
    let flags = r.byte("flags")?;
    let mut features = None;
    if version >= 2 && flags & 8 != 0 {
        let n = r.count("features", Feature::ALL.len() as u64)?;
        let mut list = vec![];
        for _ in 0..n {
            let i = r.byte("features")?;
            let f = Feature::ALL.get(i as usize).ok_or_else(|| {
                bad(Problem::LinkTooBig {
                    part: "features".into(),
                    got: i as u64,
                    max: Feature::ALL.len() as u64 - 1,
                })
            })?;
            list.push(*f);
        }
        features = Some(list);
    }
    let learning_rate = r.real("learning_rate")?;
    let dropout = r.real("dropout")?;
    let mut ints = [0; 4];
    for (n, what) in ints.iter_mut().zip(["batch_size", "seed", "step", "seen"]) {
        *n = r.varint(what)?;
    }
    if layers.iter().any(|&n| n == 0 || n > state::MAX_NEURONS) {
        return Err(bad(Problem::LinkLayerSize {
            max: state::MAX_NEURONS,
        }));
    }
    let mut weights = vec![];
    for pair in layers.windows(2) {
        let mut rows = vec![];
        for _ in 0..pair[1] {
            rows.push(r.reals(pair[0], "weights")?);
        }
        weights.push(rows);
    }
    let mut biases = vec![];
    for &n in layers.iter().skip(1) {
        biases.push(r.reals(n, "biases")?);
    }
    let n_samples = r.count("the number of samples", state::MAX_SAMPLES as u64)?;
    let n_in = match features {
        Some(_) => 2,
        None => layers.first().copied().unwrap_or(0),
    };
    let n_out = layers.last().copied().unwrap_or(0);
    let mut samples = vec![];
    for _ in 0..n_samples {
        let input = r.reals(n_in, "samples")?;
        let target = r.reals(n_out, "samples")?;
        samples.push(Sample { input, target });
    }
    let (mut regularization, mut regularization_rate) = (Regularization::None, 0.0);
    if version >= 2 {
        let i = r.byte("regularization")?;
        regularization = *Regularization::ALL.get(i as usize).ok_or_else(|| {
            bad(Problem::LinkTooBig {
                part: "regularization".into(),
                got: i as u64,
                max: 2,
            })
        })?;
        regularization_rate = r.real("regularization_rate")?;
    }
    if r.at != bytes.len() {
        return Err(bad(Problem::LinkTrailing));
    }
    let [batch_size, seed, step, seen] = ints;
    let loss = if flags & 1 == 1 {
        Loss::CrossEntropy
    } else {
        Loss::SquaredError
    };
    let unchecked = State {
        layers,
        features,
        activations,
        loss,
        learning_rate,
        train_biases: flags & 2 != 0,
        weights,
        biases,
        samples,
        batch_size: 0, // below, where a link's count past usize stays what it is
        shuffle: flags & 4 != 0,
        dropout,
        regularization,
        regularization_rate,
        seed,
        step,
        seen,
        version: (),
    };
    // Through the one validator, as the JSON of a file, so that a link
    // obeys every rule a file does and is refused with the same error.
    let mut v = serde_json::to_value(&unchecked).unwrap_or_default();
    unfinite(&mut v);
    if let Value::Object(fields) = &mut v {
        fields.insert("batch_size".into(), batch_size.into());
    }
    read::from_value(&v)
}

/// JSON has no NaN or infinity, and serde writes them as null, the only
/// null in a state: a string in their place makes the validator name the
/// field ("expected a number, got a string").
fn unfinite(v: &mut Value) {
    match v {
        Value::Null => *v = Value::from("not a finite number"),
        Value::Array(items) => items.iter_mut().for_each(unfinite),
        Value::Object(fields) => fields.values_mut().for_each(unfinite),
        _ => {}
    }
}
