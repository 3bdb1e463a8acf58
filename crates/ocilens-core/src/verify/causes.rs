//! Why a digest does not match: the bytes hashed again with the usual damage undone (a trailing
//! newline, CRLF, a BOM, a re-indentation in the styles tools use). These variants only explain;
//! the digest reported is always over the bytes as given.

use crate::hash::HashMap;

use super::digest::*;
use crate::read::json::{self, Json, Value};
use crate::{Document, Exactness, MismatchCause};

/// Hashes `bytes` with the algorithm of `claim` (sha256 or sha512).
pub(super) fn hash_like(claim: &str, bytes: &[u8]) -> Option<Digest> {
    match claim.split_once(':')?.0 {
        "sha256" => Some(Digest::sha256(bytes)),
        "sha512" => Some(Digest::sha512(bytes)),
        _ => None,
    }
}

/// Re-indentation styles tools produce.
#[derive(Debug, Clone, Copy)]
pub(super) enum Style {
    Compact,
    Indent(&'static str),
}

impl Style {
    pub(super) fn name(self) -> &'static str {
        match self {
            Style::Compact => "compact (no whitespace)",
            Style::Indent("  ") => "indented with 2 spaces",
            Style::Indent("   ") => "indented with 3 spaces (Docker distribution)",
            Style::Indent("    ") => "indented with 4 spaces",
            Style::Indent(_) => "indented with tabs",
        }
    }
    pub(super) fn name_ja(self) -> &'static str {
        match self {
            Style::Compact => "空白なしの 1 行",
            Style::Indent("  ") => "2 スペースのインデント",
            Style::Indent("   ") => "3 スペースのインデント（Docker distribution の形式）",
            Style::Indent("    ") => "4 スペースのインデント",
            Style::Indent(_) => "タブのインデント",
        }
    }
}

pub(super) const STYLES: [Style; 5] = [
    Style::Compact,
    Style::Indent("   "),
    Style::Indent("  "),
    Style::Indent("    "),
    Style::Indent("\t"),
];

/// Re-emits a JSON value in `style`, copying each string and number token's original bytes so
/// escapes (`\/`, `\u003c`) survive, as Go's `json.Indent` / `json.Compact` do.
pub(super) fn reindent(src: &[u8], v: &Json, style: Style, out: &mut Vec<u8>, depth: usize) {
    let nl = |out: &mut Vec<u8>, d: usize| {
        if let Style::Indent(ind) = style {
            out.push(b'\n');
            for _ in 0..d {
                out.extend_from_slice(ind.as_bytes());
            }
        }
    };
    match &v.value {
        Value::Object(members) if !members.is_empty() => {
            out.push(b'{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                nl(out, depth + 1);
                out.extend_from_slice(src.get(m.key_span.clone()).unwrap_or_default());
                out.push(b':');
                if matches!(style, Style::Indent(_)) {
                    out.push(b' ');
                }
                reindent(src, &m.value, style, out, depth + 1);
            }
            nl(out, depth);
            out.push(b'}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                nl(out, depth + 1);
                reindent(src, item, style, out, depth + 1);
            }
            nl(out, depth);
            out.push(b']');
        }
        Value::Object(_) => out.extend_from_slice(b"{}"),
        Value::Array(_) => out.extend_from_slice(b"[]"),
        _ => out.extend_from_slice(src.get(v.span.clone()).unwrap_or_default()),
    }
}

/// A damaged copy's possible originals, each with the cause and, for re-indentation, the style.
pub(super) fn variants(bytes: &[u8]) -> Vec<(MismatchCause, Option<Style>, Vec<u8>)> {
    let mut out = Vec::new();
    let trimmed_end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    if trimmed_end < bytes.len() {
        out.push((
            MismatchCause::TrailingNewline,
            None,
            bytes[..trimmed_end].to_vec(),
        ));
    }
    if crate::read::lines::has_crlf(bytes) {
        let lf: Vec<u8> = {
            let mut v = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                    continue;
                }
                v.push(bytes[i]);
                i += 1;
            }
            v
        };
        let end = lf.len()
            - lf.iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        out.push((
            MismatchCause::CrlfAndTrailingNewline,
            None,
            lf[..end].to_vec(),
        ));
        out.push((MismatchCause::Crlf, None, lf));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        out.push((MismatchCause::Bom, None, rest.to_vec()));
    }
    if let Ok(v) = json::parse(bytes) {
        for style in STYLES {
            let mut b = Vec::with_capacity(bytes.len());
            reindent(bytes, &v, style, &mut b, 0);
            let mut nl = b.clone();
            nl.push(b'\n');
            out.push((MismatchCause::Reformatted, Some(style), b));
            out.push((MismatchCause::Reformatted, Some(style), nl));
        }
    }
    out
}

/// Hashes of documents' damage variants, computed once, on demand: per document (to explain a
/// claim printed with it) and, for descriptors that match no document, one map over every exact
/// document (so each descriptor is a single lookup, not a scan).
#[derive(Default)]
pub(super) struct VariantCache {
    pub(super) by_doc: HashMap<usize, Vec<(MismatchCause, Option<Style>, Digest)>>,
    pub(super) all: Option<HashMap<Digest, Vec<(usize, MismatchCause)>>>,
}

impl VariantCache {
    pub(super) fn of(
        &mut self,
        docs: &[Document],
        doc: usize,
    ) -> &[(MismatchCause, Option<Style>, Digest)] {
        self.by_doc.entry(doc).or_insert_with(|| {
            docs.get(doc)
                .map(|d| {
                    variants(&d.bytes)
                        .into_iter()
                        .map(|(c, s, b)| (c, s, Digest::sha256(&b)))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// The cause (and style) that turns document `doc` into content with digest `claim`.
    pub(super) fn find(
        &mut self,
        docs: &[Document],
        doc: usize,
        claim: &str,
    ) -> Option<(MismatchCause, Option<Style>)> {
        if !claim.starts_with("sha256:") {
            return None;
        }
        self.of(docs, doc)
            .iter()
            .find(|(_, _, h)| h == claim)
            .map(|(c, s, _)| (*c, *s))
    }

    /// Exact documents that are damaged copies of content with digest `claim`.
    pub(super) fn damaged_copies(
        &mut self,
        docs: &[Document],
        claim: &str,
    ) -> Vec<(usize, MismatchCause)> {
        if self.all.is_none() {
            let mut map: HashMap<Digest, Vec<(usize, MismatchCause)>> = HashMap::default();
            for (i, d) in docs.iter().enumerate() {
                if d.exactness != Exactness::Exact || d.json.is_none() {
                    continue;
                }
                for (cause, _, h) in self.of(docs, i).to_vec() {
                    let e = map.entry(h).or_default();
                    if !e.iter().any(|(j, _)| *j == i) {
                        e.push((i, cause));
                    }
                }
            }
            self.all = Some(map);
        }
        self.all
            .as_ref()
            .and_then(|m| m.get(claim))
            .cloned()
            .unwrap_or_default()
    }
}
