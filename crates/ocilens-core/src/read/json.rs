//! A strict RFC 8259 JSON reader that keeps what general-purpose parsers throw away:
//! the byte span of every value, object keys in document order, and duplicate keys.
//!
//! Why not `serde_json::Value`: digests are over exact bytes, so the model must point back into
//! them; duplicate keys are a security finding (parsers disagree on which one wins); and a
//! syntax error must say line and column of the user's paste.
//!
//! *Invariant*: never panics and never recurses deeper than [`MAX_DEPTH`], whatever the input.

use std::borrow::Cow;
use std::ops::Range;

/// A key or string of a document: one of the names and values manifests repeat on every
/// descriptor (`mediaType`, a layer type, `amd64`) is shared ([`common`]), any other is owned.
pub type Str = Cow<'static, str>;

/// Deeper documents are refused with an error (real manifests nest 4-6 levels).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Json {
    pub value: Value,
    /// Byte range of the value in the buffer it was parsed from.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (kept raw so nothing is lost to floats).
    Number(Str),
    String(Str),
    Array(Vec<Json>),
    /// Members in document order; duplicates are kept.
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Member {
    pub key: Str,
    pub key_span: Range<usize>,
    pub value: Json,
}

/// A syntax error with its byte offset in the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: &'static str,
}

impl Json {
    /// The value for `key` in an object. Like Go's `encoding/json` (what registries run), the
    /// last of duplicate keys wins.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::str)
    }
    pub fn u64(&self) -> Option<u64> {
        match &self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
    pub fn i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
    pub fn get_u64(&self, key: &str) -> Option<u64> {
        self.get(key).and_then(Json::u64)
    }
    pub fn array(&self) -> Option<&[Json]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    pub fn members(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Converts to `serde_json::Value` (duplicates: last wins). Used for output only.
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Json::to_serde).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// Every duplicate key in this value, as (JSON path of the object, key, span of the later key).
    /// One walk; a path is written only for an object that has a duplicate (each node keeps its
    /// parent and its step, so the walk allocates nothing per node but one stack entry).
    pub fn duplicate_keys(&self) -> Vec<(String, String, Range<usize>)> {
        if !self.repeats_a_key(0) {
            return Vec::new();
        }
        enum Step<'a> {
            Root,
            Key(&'a str),
            Item(usize),
        }
        let mut out = Vec::new();
        // Every node visited: (its parent's index here, the step from the parent).
        let mut crumbs: Vec<(usize, Step)> = vec![(0, Step::Root)];
        let mut stack: Vec<(&Json, usize)> = vec![(self, 0)];
        while let Some((json, at)) = stack.pop() {
            match &json.value {
                Value::Object(members) => {
                    // Small objects (nearly all) compare keys directly; a large one is indexed.
                    let mut seen: crate::hash::HashMap<&str, usize> = Default::default();
                    let mut path: Option<String> = None;
                    for (k, m) in members.iter().enumerate() {
                        let earlier = if members.len() <= 16 {
                            members[..k].iter().any(|e| e.key == m.key)
                        } else {
                            seen.insert(&m.key, k).is_some()
                        };
                        if earlier {
                            let path = path.get_or_insert_with(|| path_of(&crumbs, at)).clone();
                            out.push((path, m.key.to_string(), m.key_span.clone()));
                        }
                    }
                    for m in members.iter().rev() {
                        crumbs.push((at, Step::Key(&m.key)));
                        stack.push((&m.value, crumbs.len() - 1));
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        crumbs.push((at, Step::Item(i)));
                        stack.push((item, crumbs.len() - 1));
                    }
                }
                _ => {}
            }
        }
        fn path_of(crumbs: &[(usize, Step)], mut at: usize) -> String {
            let mut steps = Vec::new();
            while at != 0 {
                steps.push(&crumbs[at].1);
                at = crumbs[at].0;
            }
            let mut path = "$".to_string();
            for s in steps.iter().rev() {
                path = match s {
                    Step::Root => path,
                    Step::Key(k) => path_key(&path, k),
                    Step::Item(i) => format!("{path}[{i}]"),
                };
            }
            path
        }
        out
    }
}

impl Json {
    /// Whether an object anywhere in this value repeats a key: the common answer, no, found
    /// without allocating (small objects compare their keys directly). Deeper than the parser
    /// allows (a value built otherwise) counts as yes, so the full walk decides.
    fn repeats_a_key(&self, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        match &self.value {
            Value::Object(members) => {
                let repeats = if members.len() <= 16 {
                    members
                        .iter()
                        .enumerate()
                        .any(|(k, m)| members[..k].iter().any(|e| e.key == m.key))
                } else {
                    let mut seen = crate::hash::HashSet::with_capacity_and_hasher(
                        members.len(),
                        Default::default(),
                    );
                    !members.iter().all(|m| seen.insert(&m.key))
                };
                repeats || members.iter().any(|m| m.value.repeats_a_key(depth + 1))
            }
            Value::Array(items) => items.iter().any(|i| i.repeats_a_key(depth + 1)),
            _ => false,
        }
    }
}

/// `$.a.b` or `$["odd key"]` for keys that are not plain identifiers.
pub fn path_key(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", quote(key))
    }
}

/// `s` as a JSON string literal, escaped as serde_json escapes it (`"`, `\\`, control
/// characters; everything else as it is). For the few places that write JSON without a
/// serialiser (paths, the page's share links).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses exactly one JSON value spanning all of `bytes` (surrounding whitespace allowed).
pub fn parse(bytes: &[u8]) -> Result<Json, SyntaxError> {
    let mut p = Parser { b: bytes, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != bytes.len() {
        return Err(p.err("unexpected data after the JSON value"));
    }
    Ok(v)
}

/// Parses one JSON value starting at `start` (after optional whitespace) and returns it; its
/// span tells where it ends. Data after the value is left alone.
pub fn parse_prefix(bytes: &[u8], start: usize) -> Result<Json, SyntaxError> {
    let mut p = Parser {
        b: bytes,
        i: start.min(bytes.len()),
    };
    p.ws();
    p.value(0)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&bytes[line_start..offset])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// A number as written: `2` (`schemaVersion`) shared, any other owned.
fn owned(digits: &[u8]) -> Str {
    match digits {
        b"2" => Cow::Borrowed("2"),
        // Only ASCII digits, signs, '.' and 'e' reach here.
        _ => Cow::Owned(String::from_utf8_lossy(digits).into_owned()),
    }
}

/// The keys and values that manifests, indexes and configs repeat, as shared strings: a 1 MB
/// paste holds some 40,000 of them, each otherwise its own allocation.
fn common(s: &str) -> Option<&'static str> {
    use crate::explain::knowledge::names::*;
    macro_rules! one_of {
        ($($c:tt),* $(,)?) => {
            match s {
                $($c => Some($c),)*
                _ => None,
            }
        };
    }
    one_of!(
        "mediaType",
        "digest",
        "size",
        "schemaVersion",
        "config",
        "layers",
        "manifests",
        "platform",
        "architecture",
        "os",
        "os.version",
        "os.features",
        "variant",
        "annotations",
        "artifactType",
        "subject",
        "urls",
        "created",
        "history",
        "created_by",
        "empty_layer",
        "comment",
        "author",
        "rootfs",
        "type",
        "diff_ids",
        "Env",
        "Cmd",
        "Entrypoint",
        "WorkingDir",
        "Labels",
        "User",
        "ExposedPorts",
        "Volumes",
        "ArgsEscaped",
        "OnBuild",
        "amd64",
        "arm64",
        "arm",
        "386",
        "ppc64le",
        "s390x",
        "riscv64",
        "linux",
        "windows",
        "unknown",
        "v5",
        "v6",
        "v7",
        "v8",
        OCI_INDEX,
        OCI_MANIFEST,
        OCI_CONFIG,
        OCI_EMPTY,
        DOCKER_LIST,
        DOCKER_MANIFEST,
        DOCKER_CONFIG,
        IN_TOTO,
        REFERENCE_TYPE,
        REFERENCE_DIGEST,
        ATTESTATION_MANIFEST,
        REF_NAME,
        CONTAINERD_IMAGE_NAME,
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.oci.image.layer.v1.tar",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
    )
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, message: &'static str) -> SyntaxError {
        SyntaxError {
            offset: self.i,
            message,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }
    fn lit(&mut self, word: &'static [u8], v: Value) -> Result<Json, SyntaxError> {
        let start = self.i;
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(Json {
                value: v,
                span: start..self.i,
            })
        } else {
            Err(self.err("invalid literal (expected true, false or null)"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.peek() {
            None => Err(self.err("unexpected end of input: the JSON is truncated")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let start = self.i;
                let s = self.string()?;
                Ok(Json {
                    value: Value::String(s),
                    span: start..self.i,
                })
            }
            Some(b't') => self.lit(b"true", Value::Bool(true)),
            Some(b'f') => self.lit(b"false", Value::Bool(false)),
            Some(b'n') => self.lit(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character: expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Json {
                value: Value::Object(members),
                span: start..self.i,
            });
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.err("unexpected end of input inside an object")),
                Some(b'}') => return Err(self.err("trailing comma before '}'")),
                Some(_) => return Err(self.err("expected a string key in double quotes")),
            }
            let key_start = self.i;
            let key = self.string()?;
            let key_span = key_start..self.i;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':' after the key"));
            }
            self.i += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Json {
                        value: Value::Object(members),
                        span: start..self.i,
                    });
                }
                None => return Err(self.err("unexpected end of input inside an object")),
                Some(_) => return Err(self.err("expected ',' or '}' in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Json {
                value: Value::Array(items),
                span: start..self.i,
            });
        }
        loop {
            self.ws();
            if self.peek() == Some(b']') {
                return Err(self.err("trailing comma before ']'"));
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Json {
                        value: Value::Array(items),
                        span: start..self.i,
                    });
                }
                None => return Err(self.err("unexpected end of input inside an array")),
                Some(_) => return Err(self.err("expected ',' or ']' in an array")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.i += 1;
                }
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: digits expected after '.'"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: digits expected in the exponent"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
        }
        // The slice holds only ASCII digits, signs, '.' and 'e'.
        let raw = owned(&self.b[start..self.i]);
        Ok(Json {
            value: Value::Number(raw),
            span: start..self.i,
        })
    }

    /// Reads a string at `self.i` (which is a `"`), decoding escapes.
    fn string(&mut self) -> Result<Str, SyntaxError> {
        self.i += 1;
        // Most strings have no escape: taken as one slice, checked as UTF-8 once.
        let run = self.b[self.i..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            .unwrap_or(self.b.len() - self.i);
        let whole = &self.b[self.i..self.i + run];
        if self.b.get(self.i + run) == Some(&b'"') {
            self.i += run + 1;
            return match std::str::from_utf8(whole) {
                Ok(s) => Ok(common(s).map_or_else(|| Cow::Owned(s.to_owned()), Cow::Borrowed)),
                Err(_) => Err(self.err("invalid UTF-8 inside a string")),
            };
        }
        let mut out: Vec<u8> = whole.to_vec();
        self.i += run;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unexpected end of input inside a string"));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| SyntaxError {
                            offset: self.i,
                            message: "invalid UTF-8 inside a string",
                        });
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.err("unexpected end of input inside a string"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: `\uD83D\uDE00`. A lone half becomes U+FFFD,
                                // as Go's decoder does.
                                if self.b[self.i..].starts_with(b"\\u") {
                                    let save = self.i;
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        char::from_u32(
                                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                        )
                                    } else {
                                        self.i = save;
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(
                                ch.unwrap_or('\u{FFFD}').encode_utf8(&mut buf).as_bytes(),
                            );
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape in a string"));
                        }
                    }
                }
                0..=0x1F => {
                    return Err(self.err("control character inside a string (not allowed in JSON)"))
                }
                _ => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let Some(digits) = self.b.get(self.i..self.i + 4) else {
            return Err(self.err("unexpected end of input in a \\u escape"));
        };
        let mut v = 0u32;
        for &d in digits {
            let x = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.err("invalid \\u escape"))?;
            v = v * 16 + x;
        }
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é日本\u{2028}\u{10ffff}");
        for s in ["", "plain", "a\"b\\c", "\n\r\t\u{8}\u{c}\u{0}\u{1f}", &all] {
            assert_eq!(quote(s), serde_json::Value::String(s.into()).to_string());
            assert_eq!(parse(quote(s).as_bytes()).unwrap().str(), Some(s));
        }
    }

    #[test]
    fn spans_point_into_the_buffer() {
        let src = br#" {"a": [1, "x"], "b": {"c": null}} "#;
        let v = parse(src).unwrap();
        assert_eq!(
            &src[v.span.clone()],
            br#"{"a": [1, "x"], "b": {"c": null}}"#
        );
        let a = v.get("a").unwrap();
        assert_eq!(&src[a.span.clone()], br#"[1, "x"]"#);
        assert_eq!(v.get("b").unwrap().get("c").unwrap().value, Value::Null);
    }

    #[test]
    fn duplicate_keys_are_kept_and_last_wins() {
        let v = parse(br#"{"mediaType":"a","x":{"k":1,"k":2},"mediaType":"b"}"#).unwrap();
        assert_eq!(v.get_str("mediaType"), Some("b"));
        let d = v.duplicate_keys();
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].0.as_str(), d[0].1.as_str()), ("$", "mediaType"));
        assert_eq!((d[1].0.as_str(), d[1].1.as_str()), ("$.x", "k"));
    }

    #[test]
    fn duplicates_are_found_in_small_large_and_nested_objects() {
        let wide: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let clean = format!("{{{}, \"n\":[{{\"a\":1,\"b\":2}}]}}", wide.join(","));
        assert!(parse(clean.as_bytes()).unwrap().duplicate_keys().is_empty());
        let wide_dup = format!("{{{},\"k7\":0}}", wide.join(","));
        let d = parse(wide_dup.as_bytes()).unwrap().duplicate_keys();
        assert_eq!((d.len(), d[0].1.as_str()), (1, "k7"));
        let nested = br#"{"a":[{"x":1},{"y":{"z":1,"z":2}}]}"#;
        let d = parse(nested).unwrap().duplicate_keys();
        assert_eq!((d[0].0.as_str(), d[0].1.as_str()), ("$.a[1].y", "z"));
    }

    #[test]
    fn repeated_names_are_shared_and_others_owned() {
        let v = parse(br#"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","mine":"x\u0041","n":2}"#).unwrap();
        let m = v.members().unwrap();
        assert!(matches!(m[0].key, Cow::Borrowed("mediaType")));
        assert!(matches!(m[0].value.value, Value::String(Cow::Borrowed(_))));
        assert!(matches!(m[1].key, Cow::Owned(_)));
        assert_eq!(m[1].value.str(), Some("xA"));
        assert_eq!(v.get_u64("n"), Some(2));
    }

    #[test]
    fn escapes_decode_like_go() {
        let v = parse(br#""\u003c\/x\u0026 \ud83d\ude00 \ud800""#).unwrap();
        assert_eq!(v.str(), Some("</x& \u{1F600} \u{FFFD}"));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let src = b"{\n  \"a\": 1,\n  \"b\" 2\n}";
        let e = parse(src).unwrap_err();
        assert_eq!(e.message, "expected ':' after the key");
        assert_eq!(line_col(src, e.offset), (3, 7));
    }

    #[test]
    fn truncated_and_trailing_commas_are_errors() {
        assert!(parse(br#"{"a": [1, 2"#)
            .unwrap_err()
            .message
            .contains("end of input"));
        assert_eq!(
            parse(br#"[1,]"#).unwrap_err().message,
            "trailing comma before ']'"
        );
        assert_eq!(
            parse(br#"{"a":1,}"#).unwrap_err().message,
            "trailing comma before '}'"
        );
        assert!(parse(b"01").is_err());
        assert!(parse(b"1.").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().message,
            "nested too deeply"
        );
        let deep_obj = r#"{"a":"#.repeat(100_000);
        assert_eq!(
            parse(deep_obj.as_bytes()).unwrap_err().message,
            "nested too deeply"
        );
    }

    #[test]
    fn invalid_utf8_in_a_string_is_an_error() {
        assert_eq!(
            parse(b"\"\xff\"").unwrap_err().message,
            "invalid UTF-8 inside a string"
        );
    }

    #[test]
    fn prefix_parse_stops_at_the_value_end() {
        let src = b"{\"a\":1}\n$ next";
        let v = parse_prefix(src, 0).unwrap();
        assert_eq!(v.span, 0..7);
    }

    #[test]
    fn odd_keys_get_bracket_paths() {
        assert_eq!(path_key("$", "mediaType"), "$.mediaType");
        assert_eq!(path_key("$", "os.version"), r#"$["os.version"]"#);
    }
}
