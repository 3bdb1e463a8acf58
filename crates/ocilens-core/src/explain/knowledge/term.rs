//! `ocilens explain TERM`: one entry point over the tables. A term is looked up as a media type,
//! then an in-toto predicate type, an annotation key and a finding code; a `type/subtype` the
//! tables don't know is explained from its structure. Shared by the CLI and the page.

use serde_json::{json, Map, Value};

use super::{
    annotation, explain_unknown, lookup, predicate_type, AnnotationInfo, MediaTypeInfo,
    PredicateInfo, Unknown,
};
use crate::findings::Code;
use crate::present::labels::pad;
use crate::text::{Lang, Text};

/// What a term turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    MediaType(&'static MediaTypeInfo),
    Annotation(&'static AnnotationInfo),
    PredicateType(&'static PredicateInfo),
    /// A finding code of the catalogue (`digest-mismatch`).
    FindingCode(Code),
    /// Shaped like a media type but not in the table: explained from its name.
    UnknownMediaType(Box<Unknown>),
    /// Nothing known, and not a media type.
    Unknown(String),
}

/// Looks `term` up. Media types win over annotation keys (no key contains `/` before a `+`),
/// annotation keys over predicate URIs.
pub fn explain_term(term: &str) -> Term {
    let t = term.trim();
    if let Some(m) = lookup(t) {
        return Term::MediaType(m);
    }
    if let Some(p) = predicate_type(t) {
        return Term::PredicateType(p);
    }
    if let Some(a) = annotation(t) {
        return Term::Annotation(a);
    }
    if let Some(c) = Code::parse(t) {
        return Term::FindingCode(c);
    }
    let looks_like_media_type = !t.contains("://")
        && t.split(';').next().is_some_and(|e| {
            let mut parts = e.trim().splitn(2, '/');
            matches!((parts.next(), parts.next()), (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() && !b.contains('/'))
        });
    if looks_like_media_type {
        Term::UnknownMediaType(Box::new(explain_unknown(t)))
    } else {
        Term::Unknown(t.to_string())
    }
}

impl Term {
    /// `mediaType`, `annotation`, `predicateType`, `unknownMediaType` or `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            Term::MediaType(_) => "mediaType",
            Term::Annotation(_) => "annotation",
            Term::PredicateType(_) => "predicateType",
            Term::FindingCode(_) => "findingCode",
            Term::UnknownMediaType(_) => "unknownMediaType",
            Term::Unknown(_) => "unknown",
        }
    }

    /// The explanation, both languages.
    pub fn text(&self) -> Text {
        match self {
            Term::MediaType(m) => m.text(),
            Term::Annotation(a) => a.text(),
            Term::PredicateType(p) => p.text(),
            Term::FindingCode(c) => c.meaning(),
            Term::UnknownMediaType(u) => u.text.clone(),
            Term::Unknown(t) => Text::new(
                format!("`{}` is not a media type, annotation key, in-toto predicate type or finding code ocilens knows. Media types look like `application/vnd.oci.image.manifest.v1+json`; annotation keys like `org.opencontainers.image.source`.", shorten(t)),
                format!("`{}` は ocilens が知っているメディアタイプ、アノテーションキー、in-toto の述語の型（`predicateType`）、指摘コードのどれでもありません。メディアタイプは `application/vnd.oci.image.manifest.v1+json`、アノテーションキーは `org.opencontainers.image.source` のような形です。", shorten(t)),
            ),
        }
    }

    /// The JSON of `ocilens explain --format json`.
    pub fn to_json(&self, lang: Lang) -> Value {
        let mut o = Map::new();
        o.insert("kind".into(), json!(self.kind()));
        o.insert("explanation".into(), json!(self.text().get(lang)));
        match self {
            Term::MediaType(m) => {
                o.insert("term".into(), json!(m.media_type));
                o.insert("short".into(), json!(m.short));
                o.insert("family".into(), json!(m.family.id()));
                o.insert("role".into(), json!(m.role.id()));
                o.insert("status".into(), json!(m.status.id()));
                o.insert("spec".into(), json!(m.spec()));
            }
            Term::Annotation(a) => {
                o.insert("term".into(), json!(a.key));
                o.insert("prefix".into(), json!(a.prefix));
                o.insert("spec".into(), json!(a.spec()));
            }
            Term::PredicateType(p) => {
                o.insert("term".into(), json!(p.uri));
                o.insert("short".into(), json!(p.short));
                o.insert("predicateKind".into(), json!(p.kind.id()));
                o.insert("spec".into(), json!(p.spec()));
            }
            Term::FindingCode(c) => {
                o.insert("term".into(), json!(c.id()));
                o.insert("group".into(), json!(c.group().id()));
                let sev: Vec<&str> = c.severities().iter().map(|s| s.id()).collect();
                o.insert("severities".into(), json!(sev));
            }
            Term::UnknownMediaType(u) => {
                o.insert("term".into(), json!(u.media_type));
                o.insert("wellFormed".into(), json!(u.well_formed));
                o.insert("tree".into(), json!(u.tree.map(|t| t.id())));
                o.insert("producer".into(), json!(u.producer));
                o.insert("suffixes".into(), json!(u.suffixes));
                o.insert("role".into(), json!(u.hint.map(|r| r.id())));
            }
            Term::Unknown(t) => {
                o.insert("term".into(), json!(t));
            }
        }
        Value::Object(o)
    }

    /// Lines for the CLI: labelled rows aligned by display width (a CJK character takes two
    /// columns), every label and value in the chosen language, then the explanation.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut rows: Vec<(&str, String)> = Vec::new();
        match self {
            Term::MediaType(m) => {
                rows.push((
                    lang.pick("media type", "メディアタイプ"),
                    m.media_type.into(),
                ));
                rows.push((lang.pick("name", "名前"), m.short.into()));
                rows.push((lang.pick("family", "系統"), m.family.label(lang).into()));
                rows.push((lang.pick("role", "役割"), m.role.label(lang).into()));
                rows.push((lang.pick("status", "状態"), m.status.label(lang).into()));
            }
            Term::Annotation(a) => {
                let what = if a.prefix {
                    lang.pick(
                        "annotation keys starting with",
                        "次で始まるアノテーションキー",
                    )
                } else {
                    lang.pick("annotation", "アノテーション")
                };
                rows.push((what, a.key.into()));
            }
            Term::PredicateType(p) => {
                rows.push((lang.pick("predicate type", "述語の型"), p.uri.into()));
                rows.push((lang.pick("name", "名前"), p.short.into()));
                rows.push((lang.pick("kind", "種類"), p.kind.label(lang).into()));
            }
            Term::FindingCode(c) => {
                let sev: Vec<&str> = c.severities().iter().map(|s| s.label(lang)).collect();
                rows.push((lang.pick("finding code", "指摘コード"), c.id().into()));
                rows.push((lang.pick("group", "分類"), c.group().label(lang).into()));
                rows.push((lang.pick("severity", "重大度"), sev.join(" / ")));
            }
            Term::UnknownMediaType(u) => {
                rows.push((
                    lang.pick("media type", "メディアタイプ"),
                    shorten(&u.media_type),
                ));
                rows.push((lang.pick("known", "既知"), lang.pick("no", "いいえ").into()));
            }
            Term::Unknown(_) => {}
        }
        let width = rows
            .iter()
            .map(|(k, _)| unicode_width::UnicodeWidthStr::width(*k))
            .max()
            .unwrap_or(0);
        let mut s = String::new();
        for (k, v) in &rows {
            s.push_str(&format!("{}  {v}\n", pad(k, width)));
        }
        if !rows.is_empty() {
            s.push('\n');
        }
        s.push_str(self.text().get(lang));
        s.push('\n');
        let spec = match self {
            Term::MediaType(m) => Some(m.spec()),
            Term::Annotation(a) => Some(a.spec()),
            Term::PredicateType(p) => Some(p.spec()),
            _ => None,
        };
        if let Some(spec) = spec.filter(|s| !s.is_empty()) {
            s.push_str(&format!("\n{} {spec}\n", lang.pick("Spec:", "仕様:")));
        }
        s
    }
}

/// At most 120 characters of a pasted term, so junk is not echoed at length.
fn shorten(t: &str) -> String {
    match t.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every media type `oci-facts.md` names (the project's shared facts, as of this writing).
    const OCI_FACTS_TYPES: &[&str] = &[
        "application/spdx+json",
        "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
        "application/vnd.cncf.helm.config.v1+json",
        "application/vnd.cncf.notary.signature",
        "application/vnd.cyclonedx+json",
        "application/vnd.dev.cosign.simplesigning.v1+json",
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        "application/vnd.docker.attestation.config.v1+json",
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        "application/vnd.in-toto+json",
        "application/vnd.oci.artifact.manifest.v1+json",
        "application/vnd.oci.empty.v1+json",
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.image.layer.v1.tar",
        "application/vnd.wasm.config.v0+json",
        "application/vnd.wasm.content.layer.v1+wasm",
        "application/wasm",
    ];

    #[test]
    fn every_type_in_oci_facts_is_known_in_both_languages() {
        for t in OCI_FACTS_TYPES {
            let term = explain_term(t);
            assert_eq!(term.kind(), "mediaType", "{t}");
            let text = term.text();
            assert!(!text.en.is_empty() && !text.ja.is_empty(), "{t}");
            assert_ne!(text.en, text.ja, "{t}");
        }
    }

    #[test]
    fn annotations_and_predicates_are_found() {
        let a = explain_term("vnd.docker.reference.digest");
        assert_eq!(a.kind(), "annotation");
        assert!(a.to_text(Lang::En).contains("attestation"));
        let p = explain_term("https://slsa.dev/provenance/v1");
        assert_eq!(p.kind(), "predicateType");
        assert_eq!(p.to_json(Lang::En)["predicateKind"], "provenance");
        let prefixed = explain_term("org.opencontainers.image.source");
        assert_eq!(prefixed.kind(), "annotation");
    }

    #[test]
    fn unknown_types_are_explained_from_their_structure_and_junk_is_not_echoed() {
        let u = explain_term("application/vnd.example.thing.v1+json");
        assert_eq!(u.kind(), "unknownMediaType");
        let v = u.to_json(Lang::En);
        assert_eq!(v["tree"], "vendor");
        assert_eq!(v["suffixes"], json!(["json"]));
        let junk = "x".repeat(10_000);
        let j = explain_term(&junk);
        assert_eq!(j.kind(), "unknown");
        assert!(j.to_text(Lang::En).len() < 1_000);
        assert!(j.text().ja.contains("メディアタイプ"));
    }

    #[test]
    fn text_output_follows_the_language() {
        let t = explain_term("application/vnd.oci.image.index.v1+json");
        let en = t.to_text(Lang::En);
        let ja = t.to_text(Lang::Ja);
        assert!(en.contains("status") && en.contains("current"), "{en}");
        assert!(ja.contains("状態") && ja.contains("マニフェスト"), "{ja}");
        assert!(en.contains("https://"), "{en}");
    }
}
