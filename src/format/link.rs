//! Shared links: a whole state packed into a short, URL-safe string that
//! restores bit-exactly. Format version 1, documented in docs/format.md:
//!
//! `1.` followed by base64url (no padding) of the bytes
//! `layers | activations | flags | learning_rate | dropout | batch_size |
//!  seed | step | seen | weights | biases | samples`,
//! where counts and integers are LEB128 varints and every real number is its
//! 8 IEEE-754 bytes, little-endian, so nothing is rounded on the way.

use crate::error::{Error, Result};
use crate::format::state::{self, State};
use crate::json::{Map, Value};
use crate::maths::activation::Activation;
use crate::maths::loss::Loss;

/// The link format this build writes. Older versions stay readable.
pub const VERSION: u32 = 1;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn unbase64url(text: &str) -> Result<Vec<u8>> {
    let bad = |c: char| Error::field("link", format!("'{c}' cannot appear in a link's state"));
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.chars() {
        let v = B64
            .iter()
            .position(|&b| b as char == c)
            .ok_or_else(|| bad(c))? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
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

/// Packs a state into a link string.
pub fn encode(s: &State) -> String {
    let mut b = vec![];
    varint(&mut b, s.layers.len() as u64);
    s.layers.iter().for_each(|&n| varint(&mut b, n as u64));
    for a in &s.activations {
        b.push(Activation::ALL.iter().position(|x| x == a).unwrap_or(0) as u8);
    }
    let flags =
        (s.loss == Loss::CrossEntropy) as u8 | (s.train_biases as u8) << 1 | (s.shuffle as u8) << 2;
    b.push(flags);
    let real = |b: &mut Vec<u8>, x: f64| b.extend_from_slice(&x.to_le_bytes());
    real(&mut b, s.learning_rate);
    real(&mut b, s.dropout);
    for n in [s.batch_size as u64, s.seed, s.step, s.seen] {
        varint(&mut b, n);
    }
    s.weights
        .iter()
        .flatten()
        .flatten()
        .for_each(|&x| real(&mut b, x));
    s.biases.iter().flatten().for_each(|&x| real(&mut b, x));
    varint(&mut b, s.samples.len() as u64);
    for sample in &s.samples {
        sample
            .input
            .iter()
            .chain(&sample.target)
            .for_each(|&x| real(&mut b, x));
    }
    format!("{VERSION}.{}", base64url(&b))
}

/// Reads the bytes back, with a message saying what is missing where.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn short(&self, what: &str) -> Error {
        Error::field(
            "link",
            format!("cut short while reading {what} (was it copied whole?)"),
        )
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
        Err(Error::field(
            "link",
            format!("{what} is not a valid number"),
        ))
    }

    /// A count, bounded so that a corrupt link cannot ask for a huge allocation.
    fn count(&mut self, what: &str, max: u64) -> Result<usize> {
        let n = self.varint(what)?;
        if n > max {
            return Err(Error::field(
                "link",
                format!("{what}: {n} is more than {max}"),
            ));
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

    /// `n` reals as a JSON array for the validator.
    fn reals(&mut self, n: usize, what: &str) -> Result<Value> {
        let mut xs = Vec::with_capacity(n);
        for _ in 0..n {
            xs.push(real(self.real(what)?));
        }
        Ok(Value::Array(xs))
    }
}

/// Unpacks a link string into state JSON, validated like any other state.
pub fn decode(link: &str) -> Result<State> {
    let link = link.trim();
    let (version, body) = link
        .split_once('.')
        .ok_or_else(|| Error::field("link", "expected a version and a state, like 1.AgIC…"))?;
    match version.parse::<u32>() {
        Ok(1) => {}
        _ => {
            return Err(Error::field(
                "link",
                format!("version '{version}' is not one this page reads (it reads 1)"),
            ))
        }
    }
    let bytes = unbase64url(body)?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    let depth = r.count("the number of layers", state::MAX_LAYERS as u64)?;
    let mut layers = Vec::new();
    for _ in 0..depth {
        layers.push(r.varint("layers")?);
    }
    let mut acts = Vec::new();
    for _ in 1..depth.max(1) {
        let i = r.byte("activations")? as usize;
        let a = Activation::ALL
            .get(i)
            .ok_or_else(|| Error::field("link", format!("activation number {i} is unknown")))?;
        acts.push(text(a.name()));
    }
    let flags = r.byte("flags")?;
    let learning_rate = r.real("learning_rate")?;
    let dropout = r.real("dropout")?;
    let mut ints = [0; 4];
    for (n, what) in ints.iter_mut().zip(["batch_size", "seed", "step", "seen"]) {
        *n = r.varint(what)?;
    }
    let max_n = state::MAX_NEURONS as u64;
    if layers.iter().any(|&n| n == 0 || n > max_n) {
        return Err(Error::field(
            "link",
            format!("a layer size is outside 1 to {max_n}"),
        ));
    }
    let sizes: Vec<usize> = layers.iter().map(|&n| n as usize).collect();
    let mut weights = vec![];
    for pair in sizes.windows(2) {
        let mut rows = vec![];
        for _ in 0..pair[1] {
            rows.push(r.reals(pair[0], "weights")?);
        }
        weights.push(Value::Array(rows));
    }
    let mut biases = vec![];
    for &n in sizes.iter().skip(1) {
        biases.push(r.reals(n, "biases")?);
    }
    let n_samples = r.count("the number of samples", state::MAX_SAMPLES as u64)?;
    let (n_in, n_out) = (
        sizes.first().copied().unwrap_or(0),
        sizes.last().copied().unwrap_or(0),
    );
    let mut samples = vec![];
    for _ in 0..n_samples {
        let mut sample = Map::default();
        sample.insert("input".into(), r.reals(n_in, "samples")?);
        sample.insert("target".into(), r.reals(n_out, "samples")?);
        samples.push(Value::Object(sample));
    }
    if r.at != bytes.len() {
        return Err(Error::field("link", "has bytes left over after the state"));
    }
    // Through the one validator, so a link obeys every rule a file does.
    let mut m = Map::default();
    let mut set = |k: &str, v: Value| m.insert(k.into(), v);
    set(
        "layers",
        Value::Array(layers.into_iter().map(int).collect()),
    );
    set("activations", Value::Array(acts));
    let loss = if flags & 1 == 1 {
        "cross_entropy"
    } else {
        "squared_error"
    };
    set("loss", text(loss));
    set("train_biases", Value::Bool(flags & 2 != 0));
    set("shuffle", Value::Bool(flags & 4 != 0));
    set("learning_rate", real(learning_rate));
    set("dropout", real(dropout));
    for (k, n) in ["batch_size", "seed", "step", "seen"].into_iter().zip(ints) {
        set(k, int(n));
    }
    set("weights", Value::Array(weights));
    set("biases", Value::Array(biases));
    set("samples", Value::Array(samples));
    state::from_value(&Value::Object(m))
}

fn int(n: u64) -> Value {
    Value::Number(n.to_string())
}

fn text(s: &str) -> Value {
    Value::String(s.into())
}

/// JSON has no NaN or infinity: a string in its place makes the validator
/// name the field ("expected a number, got a string").
fn real(x: f64) -> Value {
    if x.is_finite() {
        Value::from_f64(x)
    } else {
        text("not a finite number")
    }
}
