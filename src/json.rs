//! A small JSON reader and writer, so that the wasm module carries no JSON
//! library. Numbers keep their text as written (the exponent spelled `e+`
//! or `e-`), so a state reads back through Rust's own correctly rounded
//! parser to the very same `f64`s; floats are written in shortest
//! round-trip form. Syntax errors read "<problem> at line L column C",
//! counted the way serde_json counts them, which tests and the page's
//! translations rely on.

use std::fmt::Write as _;

/// Writes a struct as a JSON object of the listed fields, in order; `as`
/// gives a field another key: `json_object!(Factor { text, from as "ref" })`.
macro_rules! json_object {
    ($t:ty { $($field:ident $(as $key:literal)?),* $(,)? }) => {
        impl $crate::json::ToJson for $t {
            fn write_json(&self, w: &mut $crate::json::Writer) {
                w.open('{');
                $( w.field(json_object!(@key $field $($key)?), &self.$field); )*
                w.close('}');
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text: digits as written, the exponent as `e+N` or `e-N`.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// An object's members, sorted by key; a repeated key keeps its last value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// Sets `key`, replacing any value it had.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// The keys in sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    fn find(&self, key: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A number's value, rounded correctly (beyond the largest double, ±infinity).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => crate::float::parse(n),
            _ => None,
        }
    }

    /// A number written as a whole number that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A float as a number value: its shortest round-trip text, or null
    /// when it is not finite (JSON has no NaN or infinity).
    pub fn from_f64(x: f64) -> Value {
        let mut w = Writer::new(false);
        w.f64(x);
        if x.is_finite() {
            Value::Number(w.finish())
        } else {
            Value::Null
        }
    }
}

// The problems serde_json names, worded as it words them.
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const COLON: &str = "expected `:`";
const LIST_COMMA: &str = "expected `,` or `]`";
const OBJECT_COMMA: &str = "expected `,` or `}`";
const IDENT: &str = "expected ident";
const VALUE: &str = "expected value";
const ESCAPE: &str = "invalid escape";
const NUMBER: &str = "invalid number";
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY: &str = "key must be a string";
const SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING: &str = "trailing characters";
const HEX_END: &str = "unexpected end of hex escape";
const DEPTH: &str = "recursion limit exceeded";

/// Reads one JSON value; the message names the problem and where it is.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser::new(text);
    let v = p.value()?;
    p.end()?;
    Ok(v)
}

/// Reads a JSON array's items; anything else is refused with a message
/// saying what was found instead.
pub fn parse_array(text: &str) -> Result<Vec<Value>, String> {
    let mut p = Parser::new(text);
    let found = match p.ws() {
        // An object is refused before it is read.
        Some(b'{') => "map".to_string(),
        _ => match p.value()? {
            Value::Array(items) => {
                p.end()?;
                return Ok(items);
            }
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            // serde_json's integers: a u64, or a negative i64 other than -0
            Value::Number(n)
                if n.strip_prefix('-').map_or(n.parse::<u64>().is_ok(), |m| {
                    m != "0" && m.parse::<u64>().is_ok_and(|v| v <= 1 << 63)
                }) =>
            {
                format!("integer `{n}`")
            }
            Value::Number(_) => "number".to_string(),
            Value::String(s) => format!("string \"{}\"", debug_escape(&s)),
            Value::Object(_) => "map".to_string(),
        },
    };
    Err(p.error_at(p.i, &format!("invalid type: {found}, expected a sequence")))
}

/// `s` escaped the way Rust's `{:?}` escapes it, for the common characters
/// (without the Unicode tables `{:?}` brings along for the rare ones).
fn debug_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    /// Nesting left before the input is refused as too deep.
    depth: u8,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            s: text.as_bytes(),
            i: 0,
            depth: 128,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    /// "problem at line L column C" for byte offset `at`.
    #[inline(never)]
    fn error_at(&self, at: usize, problem: &str) -> String {
        let before = &self.s[..at.min(self.s.len())];
        let start = before
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before[..start].iter().filter(|&&c| c == b'\n').count();
        format!("{problem} at line {line} column {}", before.len() - start)
    }

    /// An error at the byte just read.
    fn error<T>(&self, problem: &str) -> Result<T, String> {
        Err(self.error_at(self.i, problem))
    }

    /// An error at the byte about to be read.
    fn peek_error<T>(&self, problem: &str) -> Result<T, String> {
        Err(self.error_at(self.i + 1, problem))
    }

    /// Skips whitespace; the next byte, not consumed.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn end(&mut self) -> Result<(), String> {
        match self.ws() {
            Some(_) => self.peek_error(TRAILING),
            None => Ok(()),
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        let Some(c) = self.ws() else {
            return self.peek_error(EOF_VALUE);
        };
        match c {
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.i += 1;
                self.string().map(Value::String)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return self.peek_error(DEPTH);
                }
                self.i += 1;
                let v = if c == b'[' {
                    self.array().map(Value::Array)
                } else {
                    self.object().map(Value::Object)
                };
                self.depth += 1;
                v
            }
            _ => self.peek_error(VALUE),
        }
    }

    fn ident(&mut self, word: &[u8], v: Value) -> Result<Value, String> {
        self.i += 1;
        for &want in &word[1..] {
            match self.next() {
                None => return self.error(EOF_VALUE),
                Some(c) if c != want => return self.error(IDENT),
                Some(_) => {}
            }
        }
        Ok(v)
    }

    /// Before each item after the first: the comma, and then not the end.
    fn array(&mut self) -> Result<Vec<Value>, String> {
        let mut items = Vec::new();
        loop {
            let Some(c) = self.ws() else {
                return self.peek_error(EOF_LIST);
            };
            if c == b']' {
                self.i += 1;
                return Ok(items);
            }
            if !items.is_empty() {
                if c != b',' {
                    return self.peek_error(LIST_COMMA);
                }
                self.i += 1;
                match self.ws() {
                    Some(b']') => return self.peek_error(TRAILING_COMMA),
                    Some(_) => {}
                    None => return self.peek_error(EOF_VALUE),
                }
            }
            items.push(self.value()?);
        }
    }

    fn object(&mut self) -> Result<Map, String> {
        let mut map = Map::default();
        let mut first = true;
        loop {
            let Some(c) = self.ws() else {
                return self.peek_error(EOF_OBJECT);
            };
            if c == b'}' {
                self.i += 1;
                return Ok(map);
            }
            if first {
                first = false;
                if c != b'"' {
                    return self.peek_error(KEY);
                }
            } else if c == b',' {
                self.i += 1;
                match self.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return self.peek_error(TRAILING_COMMA),
                    Some(_) => return self.peek_error(KEY),
                    None => return self.peek_error(EOF_VALUE),
                }
            } else {
                return self.peek_error(OBJECT_COMMA);
            }
            self.i += 1;
            let key = self.string()?;
            match self.ws() {
                Some(b':') => self.i += 1,
                Some(_) => return self.peek_error(COLON),
                None => return self.peek_error(EOF_OBJECT),
            }
            let v = self.value()?;
            map.insert(key, v);
        }
    }

    /// A number's text, checked against JSON's grammar.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        let mut text = String::new();
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.next() {
            None => return self.error(EOF_VALUE),
            Some(b'0') => {
                if self.peek_or_null().is_ascii_digit() {
                    return self.peek_error(NUMBER);
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return self.error(NUMBER),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !self.peek_or_null().is_ascii_digit() {
                return self.peek_error(if self.peek().is_some() {
                    NUMBER
                } else {
                    EOF_VALUE
                });
            }
            self.digits();
        }
        // Everything up to the exponent is copied as written.
        text.push_str(self.text(start));
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            text.push('e');
            match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    text.push('-');
                }
                Some(b'+') => {
                    self.i += 1;
                    text.push('+');
                }
                _ => text.push('+'),
            }
            match self.next() {
                None => return self.error(EOF_VALUE),
                Some(c) if !c.is_ascii_digit() => return self.error(NUMBER),
                Some(_) => {}
            }
            let from = self.i - 1;
            self.digits();
            text.push_str(self.text(from));
        }
        Ok(Value::Number(text))
    }

    fn digits(&mut self) {
        while self.peek_or_null().is_ascii_digit() {
            self.i += 1;
        }
    }

    /// The input from `start` to here, which is ASCII digits and signs.
    fn text(&self, start: usize) -> &'a str {
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or_default()
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Result<String, String> {
        let mut out: Vec<u8> = Vec::new();
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.extend_from_slice(&self.s[start..self.i]);
            match self.next() {
                None => return self.error(EOF_STRING),
                // Whole UTF-8 sequences were copied and escapes add whole
                // characters, so this never fails.
                Some(b'"') => return Ok(String::from_utf8(out).unwrap_or_default()),
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return self.error(CONTROL),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        let c = match self.next() {
            None => return self.error(EOF_STRING),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\x08',
            Some(b'f') => '\x0c',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => self.unicode()?,
            Some(_) => return self.error(ESCAPE),
        };
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// After `\u`: one code point, two escapes for a surrogate pair.
    fn unicode(&mut self) -> Result<char, String> {
        let n = self.hex()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return self.error(SURROGATE);
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            return Ok(char::from_u32(n).unwrap_or_default());
        }
        for want in [b'\\', b'u'] {
            match self.next() {
                None => return self.error(EOF_STRING),
                Some(c) if c != want => return self.error(HEX_END),
                Some(_) => {}
            }
        }
        let low = self.hex()?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return self.error(SURROGATE);
        }
        let c = 0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00);
        Ok(char::from_u32(c).unwrap_or_default())
    }

    fn hex(&mut self) -> Result<u32, String> {
        let Some(four) = self.s.get(self.i..self.i + 4) else {
            self.i = self.s.len();
            return self.error(EOF_STRING);
        };
        self.i += 4;
        let mut n = 0;
        for &c in four {
            match (c as char).to_digit(16) {
                Some(d) => n = n * 16 + d,
                None => return self.error(ESCAPE),
            }
        }
        Ok(n)
    }
}

/// Writes JSON text, compact or indented by two spaces as people read it.
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// No item yet in the innermost array or object.
    empty: bool,
}

impl Writer {
    pub fn new(pretty: bool) -> Self {
        Writer {
            out: String::new(),
            pretty,
            depth: 0,
            empty: true,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Opens an array (`[`) or an object (`{`).
    pub fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    /// Closes an array (`]`) or an object (`}`).
    pub fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// Starts the next array item.
    pub fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
    }

    /// Starts an object member: its key.
    pub fn key(&mut self, key: &str) {
        self.item();
        self.str(key);
        self.out.push(':');
        if self.pretty {
            self.out.push(' ');
        }
    }

    /// One member of an object.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    /// Text as it stands, for a number already in JSON form.
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
        self.empty = false;
    }

    pub fn null(&mut self) {
        self.raw("null");
    }

    pub fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    pub fn u64(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
        self.empty = false;
    }

    /// The shortest text that reads back to `x`, laid out the way
    /// serde_json writes floats (`1.0`, `0.00001`, `1.5e-7`, `1e+16`); null
    /// when `x` is not finite.
    #[inline(never)]
    pub fn f64(&mut self, x: f64) {
        if !x.is_finite() {
            return self.null();
        }
        // `{:e}` gives the shortest round-trip digits: "1.2345e-7". All on
        // the stack: a state writes one of these per number, every frame.
        let mut sci = Small::default();
        let _ = write!(sci, "{:e}", x.abs());
        let text = &sci.buf[..sci.len];
        let e_at = text.iter().position(|&c| c == b'e').unwrap_or(text.len());
        let (mut exp, mut negative) = (0i32, false);
        for &c in &text[e_at + 1..] {
            match c {
                b'-' => negative = true,
                _ => exp = exp * 10 + (c - b'0') as i32,
            }
        }
        if negative {
            exp = -exp;
        }
        let mut all = [b'0'; 17];
        let mut n = 0;
        for &c in &text[..e_at] {
            if c != b'.' && n < all.len() {
                all[n] = c;
                n += 1;
            }
        }
        let digits = &all[..n];
        let mut out = Small::default();
        if x.is_sign_negative() {
            out.put(b"-");
        }
        if (0..16).contains(&exp) {
            // Plain notation, at least one digit after the point.
            let int = exp as usize + 1;
            if n <= int {
                out.put(digits);
                out.zeros(int - n);
                out.put(b".0");
            } else {
                out.put(&digits[..int]);
                out.put(b".");
                out.put(&digits[int..]);
            }
        } else if (-5..0).contains(&exp) {
            out.put(b"0.");
            out.zeros((-exp - 1) as usize);
            out.put(digits);
        } else {
            out.put(&digits[..1]);
            if n > 1 {
                out.put(b".");
                out.put(&digits[1..]);
            }
            out.put(if exp < 0 { b"e-" } else { b"e+" });
            let e = exp.unsigned_abs();
            let three = [
                b'0' + (e / 100) as u8,
                b'0' + (e / 10 % 10) as u8,
                b'0' + (e % 10) as u8,
            ];
            let skip = if e >= 100 {
                0
            } else if e >= 10 {
                1
            } else {
                2
            };
            out.put(&three[skip..]);
        }
        self.out
            .push_str(std::str::from_utf8(&out.buf[..out.len]).unwrap_or_default());
        self.empty = false;
    }

    /// A string in quotes, escaped as JSON requires.
    #[inline(never)]
    pub fn str(&mut self, s: &str) {
        let o = &mut self.out;
        if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
            // Nothing to escape, as in every key and name.
            o.push('"');
            o.push_str(s);
            o.push('"');
            self.empty = false;
            return;
        }
        o.push('"');
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                '\x08' => o.push_str("\\b"),
                '\x0c' => o.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(o, "\\u{:04x}", c as u32);
                }
                c => o.push(c),
            }
        }
        o.push('"');
        self.empty = false;
    }
}

/// A short text on the stack, for formatting one number.
#[derive(Default)]
struct Small {
    buf: [u8; 32],
    len: usize,
}

impl Small {
    /// Appends bytes, dropping what does not fit (nothing here ever overflows).
    fn put(&mut self, bytes: &[u8]) {
        let end = (self.len + bytes.len()).min(self.buf.len());
        self.buf[self.len..end].copy_from_slice(&bytes[..end - self.len]);
        self.len = end;
    }

    fn zeros(&mut self, n: usize) {
        for _ in 0..n {
            self.put(b"0");
        }
    }
}

impl std::fmt::Write for Small {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Something that writes itself as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);

    /// Compact JSON text.
    fn json(&self) -> String {
        let mut w = Writer::new(false);
        self.write_json(&mut w);
        w.finish()
    }

    /// JSON indented by two spaces, for files people read.
    fn json_pretty(&self) -> String {
        let mut w = Writer::new(true);
        self.write_json(&mut w);
        w.finish()
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        w.f64(*self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, w: &mut Writer) {
        w.u64(*self);
    }
}

impl ToJson for usize {
    fn write_json(&self, w: &mut Writer) {
        w.u64(*self as u64);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.open('[');
        for v in self {
            w.item();
            v.write_json(w);
        }
        w.close(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl ToJson for Value {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Value::Null => w.null(),
            Value::Bool(b) => w.bool(*b),
            Value::Number(n) => w.raw(n),
            Value::String(s) => w.str(s),
            Value::Array(items) => items.write_json(w),
            Value::Object(map) => {
                w.open('{');
                for (k, v) in &map.0 {
                    w.field(k, v);
                }
                w.close('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_shortest_in_plain_or_exponent_form() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e-5, "0.00001"),
            (1.5e-5, "0.000015"),
            (1.25e-6, "1.25e-6"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
            (12345678.9, "12345678.9"),
            (0.30000000000000004, "0.30000000000000004"),
            (5e-324, "5e-324"),
            (-1.7976931348623157e308, "-1.7976931348623157e+308"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ];
        for (x, text) in cases {
            assert_eq!(x.json(), text, "{x:?}");
        }
    }

    #[test]
    fn numbers_keep_their_text() {
        let v = parse(r#"[1.50, -0, 1E5, 2e-3, 0.1e+2, 12]"#).unwrap();
        assert_eq!(v.json(), "[1.50,-0,1e+5,2e-3,0.1e+2,12]");
        assert_eq!(parse("1e999").unwrap().as_f64(), Some(f64::INFINITY));
        assert_eq!(parse("12").unwrap().as_u64(), Some(12));
        assert_eq!(parse("1.0").unwrap().as_u64(), None);
    }

    #[test]
    fn strings_are_escaped_and_unescaped() {
        let s = "a\u{1}\"\\\n\t/é\u{7f}😀\u{8}\u{c}\r";
        assert_eq!(s.json(), serde_json::to_string(s).unwrap());
        assert_eq!(s.json(), "\"a\\u0001\\\"\\\\\\n\\t/é\u{7f}😀\\b\\f\\r\"");
        assert_eq!(parse(&s.json()).unwrap(), Value::String(s.into()));
        assert_eq!(
            parse(r#""\ud83d\ude00 \u00e9\/""#).unwrap(),
            Value::String("😀 é/".into())
        );
    }

    #[test]
    fn objects_are_sorted_and_the_last_repeat_wins() {
        let v = parse(r#"{"b":1,"a":[],"b":2,"c":{}}"#).unwrap();
        assert_eq!(v.json(), r#"{"a":[],"b":2,"c":{}}"#);
        assert_eq!(
            v.json_pretty(),
            "{\n  \"a\": [],\n  \"b\": 2,\n  \"c\": {}\n}"
        );
        assert_eq!(
            parse("[[1,2]]").unwrap().json_pretty(),
            "[\n  [\n    1,\n    2\n  ]\n]"
        );
    }

    #[test]
    fn errors_name_the_problem_and_where() {
        let cases = [
            ("not json", "expected ident at line 1 column 2"),
            ("{\"a\": [2, 2],", "EOF while parsing a value at line 1 column 13"),
            ("[1,]", "trailing comma at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("{1:2}", "key must be a string at line 1 column 2"),
            ("[01]", "invalid number at line 1 column 3"),
            ("[1.]", "invalid number at line 1 column 4"),
            ("\"\\x\"", "invalid escape at line 1 column 3"),
            ("\"\\ud800\"", "unexpected end of hex escape at line 1 column 8"),
            ("\"a\nb\"", "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0"),
            ("[1]\n x", "trailing characters at line 2 column 2"),
            ("", "EOF while parsing a value at line 1 column 0"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}` at line 1 column 8"),
            ("{\"a\":NaN}", "expected value at line 1 column 6"),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err(), message, "for {text:?}");
        }
        assert_eq!(
            parse(&"[".repeat(200)).unwrap_err(),
            "recursion limit exceeded at line 1 column 128"
        );
        assert_eq!(
            parse_array(" {\"a\":1}").unwrap_err(),
            "invalid type: map, expected a sequence at line 1 column 1"
        );
        assert_eq!(
            parse_array("3").unwrap_err(),
            "invalid type: integer `3`, expected a sequence at line 1 column 1"
        );
    }
}
