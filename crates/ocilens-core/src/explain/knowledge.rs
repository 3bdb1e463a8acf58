//! What media types, annotation keys and in-toto predicate types mean, in English and Japanese.
//!
//! Static tables only (`&'static str`, no allocation until a caller asks for a [`Text`]): this
//! ships in the wasm bundle. The tables live in `knowledge/media_types.rs`, `annotations.rs` and
//! `predicates.rs`; this file holds the types, the lookups and the explanation of types the
//! tables don't know.
//!
//! *Invariant*: an unknown media type is opaque content, never an error (image-spec
//! `manifest.md`, `descriptor.md`). [`explain_unknown`] reads what the name itself tells
//! (RFC 6838 registration tree, RFC 6839 structured suffix) and says so.

mod annotations;
mod media_types;
pub mod names;
mod predicates;
mod term;

use crate::text::Text;

pub use annotations::ANNOTATIONS;
pub use media_types::MEDIA_TYPES;
pub use predicates::PREDICATES;
pub use term::{explain_term, Term};

/// Who defines a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// The OCI image spec (or a type in its `vnd.oci` namespace, such as ocicrypt's).
    Oci,
    /// Docker / Moby / distribution (`vnd.docker`, BuildKit).
    Docker,
    /// Anyone else: Helm, Sigstore, Notary, SPDX, ...
    Vendor,
}

impl Family {
    pub fn id(self) -> &'static str {
        match self {
            Family::Oci => "oci",
            Family::Docker => "docker",
            Family::Vendor => "vendor",
        }
    }
}

/// What a blob of this type is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Index,
    ImageManifest,
    /// A manifest made only for artifacts (the withdrawn OCI artifact manifest).
    ArtifactManifest,
    /// An image config a runtime reads.
    Config,
    /// The config of an artifact (Helm, Wasm, SIF, ...), or its `artifactType`.
    ArtifactConfig,
    /// A filesystem layer a runtime unpacks.
    Layer,
    /// The empty descriptor `{}`.
    Empty,
    /// An in-toto statement or its envelope.
    Attestation,
    Signature,
    Sbom,
    Provenance,
    /// Content of an artifact (a chart, a module, a policy bundle, ...).
    ArtifactLayer,
    Schema1Manifest,
    /// A bare descriptor as a document.
    Descriptor,
    /// The `oci-layout` marker file of an image layout.
    LayoutHeader,
    Other,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Index => "index",
            Role::ImageManifest => "image-manifest",
            Role::ArtifactManifest => "artifact-manifest",
            Role::Config => "config",
            Role::ArtifactConfig => "artifact-config",
            Role::Layer => "layer",
            Role::Empty => "empty",
            Role::Attestation => "attestation",
            Role::Signature => "signature",
            Role::Sbom => "sbom",
            Role::Provenance => "provenance",
            Role::ArtifactLayer => "artifact-layer",
            Role::Schema1Manifest => "schema1-manifest",
            Role::Descriptor => "descriptor",
            Role::LayoutHeader => "layout-header",
            Role::Other => "other",
        }
    }
}

/// Whether a type is still the one to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Current,
    /// The spec still lists it but says not to create it.
    Deprecated,
    /// Old, still met in the wild, replaced by something else.
    Legacy,
    /// Proposed and withdrawn before release: never a standard.
    Withdrawn,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Deprecated => "deprecated",
            Status::Legacy => "legacy",
            Status::Withdrawn => "withdrawn",
        }
    }
    /// A short bilingual label, empty for `Current`.
    fn prefix(self) -> (&'static str, &'static str) {
        match self {
            Status::Current => ("", ""),
            Status::Deprecated => ("(deprecated) ", "（非推奨）"),
            Status::Legacy => ("(legacy) ", "（旧形式）"),
            Status::Withdrawn => ("(withdrawn) ", "（撤回済み）"),
        }
    }
}

/// One known media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaTypeInfo {
    pub media_type: &'static str,
    pub family: Family,
    pub role: Role,
    pub status: Status,
    /// A few words for a tree label, e.g. "OCI index", "layer tar+zstd", "Helm chart".
    pub short: &'static str,
}

type Prose = (&'static str, &'static str, &'static str);

/// The explanation and spec link of the entry `key` finds in a split table: they are a second
/// static in the same order, so code that never asks carries none (the page's module).
fn prose_of<T>(table: &[T], prose: &[Prose], key: impl Fn(&T) -> bool) -> Prose {
    table
        .iter()
        .position(key)
        .and_then(|i| prose.get(i))
        .copied()
        .unwrap_or(("", "", ""))
}

impl MediaTypeInfo {
    fn prose(&self) -> Prose {
        prose_of(MEDIA_TYPES, media_types::TEXTS, |m| {
            m.media_type == self.media_type
        })
    }
    /// The explanation alone, both languages.
    pub fn text(&self) -> Text {
        let (en, ja, _) = self.prose();
        Text::new(en, ja)
    }
    /// Where it is defined.
    pub fn spec(&self) -> &'static str {
        self.prose().2
    }
}

/// One known annotation key, or a key prefix (`prefix: true`, `key` ends with `.` or `/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnotationInfo {
    pub key: &'static str,
    pub prefix: bool,
}

impl AnnotationInfo {
    fn prose(&self) -> Prose {
        prose_of(ANNOTATIONS, annotations::TEXTS, |a| {
            a.key == self.key && a.prefix == self.prefix
        })
    }
    pub fn text(&self) -> Text {
        let (en, ja, _) = self.prose();
        Text::new(en, ja)
    }
    /// Where it is defined.
    pub fn spec(&self) -> &'static str {
        self.prose().2
    }
}

/// What kind of claim an in-toto predicate makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredicateKind {
    Provenance,
    Sbom,
    Vulnerabilities,
    Vex,
    /// A verification summary (SLSA VSA): someone checked something.
    Verification,
    /// Evidence of a step (in-toto link, test results).
    Evidence,
    Other,
}

impl PredicateKind {
    pub fn id(self) -> &'static str {
        match self {
            PredicateKind::Provenance => "provenance",
            PredicateKind::Sbom => "sbom",
            PredicateKind::Vulnerabilities => "vulnerabilities",
            PredicateKind::Vex => "vex",
            PredicateKind::Verification => "verification",
            PredicateKind::Evidence => "evidence",
            PredicateKind::Other => "other",
        }
    }
}

/// One known in-toto `predicateType`. With `prefix: true` the URI also matches its versioned
/// forms (`https://cyclonedx.org/bom/v1.5` for `https://cyclonedx.org/bom`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredicateInfo {
    pub uri: &'static str,
    pub prefix: bool,
    pub kind: PredicateKind,
    pub short: &'static str,
}

impl PredicateInfo {
    fn prose(&self) -> Prose {
        prose_of(PREDICATES, predicates::TEXTS, |p| p.uri == self.uri)
    }
    pub fn text(&self) -> Text {
        let (en, ja, _) = self.prose();
        Text::new(en, ja)
    }
    /// Where it is defined.
    pub fn spec(&self) -> &'static str {
        self.prose().2
    }
}

/// The essence of a media type as written: parameters (`;version=0.1`) dropped, whitespace
/// trimmed. Comparison is ASCII case-insensitive (RFC 6838 §4.2: names are case-insensitive).
fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

/// The table entry for `media_type`, ignoring parameters and case.
pub fn lookup(media_type: &str) -> Option<&'static MediaTypeInfo> {
    let e = essence(media_type);
    MEDIA_TYPES
        .iter()
        .find(|m| m.media_type.eq_ignore_ascii_case(e))
}

/// The registration tree of a subtype (RFC 6838 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tree {
    /// No facet: registered with IANA through a standards body (`application/json`).
    Standards,
    /// `vnd.`: a vendor's type (`application/vnd.oci...`).
    Vendor,
    /// `prs.`: a personal or experimental type.
    Personal,
    /// `x.` or the older `x-`: unregistered, private use.
    Unregistered,
}

impl Tree {
    pub fn id(self) -> &'static str {
        match self {
            Tree::Standards => "standards",
            Tree::Vendor => "vendor",
            Tree::Personal => "personal",
            Tree::Unregistered => "unregistered",
        }
    }
}

/// What the name of a media type the tables don't know tells about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The essence as given (parameters removed, trimmed).
    pub media_type: String,
    /// Whether it has the `type/subtype` shape with both parts non-empty and no spaces.
    pub well_formed: bool,
    /// Lower-cased top-level type (`application`, `text`, ...), when well formed.
    pub top_level: Option<String>,
    pub tree: Option<Tree>,
    /// The facet right after `vnd.` / `prs.` (a producer's namespace, e.g. `cncf`, `acme`).
    pub producer: Option<String>,
    /// Structured suffixes, outermost last: `tar+gzip+encrypted` -> `["gzip", "encrypted"]`.
    pub suffixes: Vec<String>,
    /// A version facet seen in the name (`v1`, `v0.3`), if any.
    pub version: Option<String>,
    /// What the words in the name suggest it is for (a guess, said as one).
    pub hint: Option<Role>,
    pub parameters: Vec<(String, String)>,
    /// The whole explanation, both languages.
    pub text: Text,
}

/// Explains a media type from its structure alone. Never fails: anything, even an empty or
/// malformed string, gets an explanation that ends by saying the content is treated as opaque.
pub fn explain_unknown(media_type: &str) -> Unknown {
    let e = essence(media_type);
    let parameters = media_type
        .split(';')
        .skip(1)
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect::<Vec<_>>();
    let mut en: Vec<String> = Vec::new();
    let mut ja: Vec<String> = Vec::new();

    let parts = e.split_once('/');
    let well_formed = match parts {
        Some((t, s)) => {
            !t.is_empty()
                && !s.is_empty()
                && !s.contains('/')
                && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    let mut u = Unknown {
        media_type: e.to_string(),
        well_formed,
        top_level: None,
        tree: None,
        producer: None,
        suffixes: Vec::new(),
        version: None,
        hint: None,
        parameters,
        text: Text::new("", ""),
    };
    let (top, sub) = match parts {
        Some((t, s)) if well_formed => (t.to_ascii_lowercase(), s.to_ascii_lowercase()),
        _ => {
            let e = shown(e);
            en.push(format!(
                "`{e}` is not shaped like a media type (`type/subtype`, e.g. \
                 `application/vnd.oci.image.manifest.v1+json`)."
            ));
            ja.push(format!(
                "`{e}` はメディアタイプの形（`type/subtype`、例: \
                 `application/vnd.oci.image.manifest.v1+json`）になっていません。"
            ));
            push_opaque(&mut en, &mut ja);
            u.text = Text::new(en.join(" "), ja.join(""));
            return u;
        }
    };

    let (ten, tja) = top_level_text(&top);
    u.top_level = Some(top.clone());
    en.push(ten.to_string());
    ja.push(tja.to_string());

    // Split the structured suffixes off: everything after the first `+` (RFC 6839; ocicrypt
    // stacks them: `tar+gzip+encrypted`).
    let (name, suffix_part) = match sub.split_once('+') {
        Some((n, s)) => (n, Some(s)),
        None => (sub.as_str(), None),
    };
    u.suffixes = suffix_part
        .map(|s| {
            s.split('+')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();

    let facets: Vec<&str> = name.split('.').collect();
    let after_tree = facets.get(1..).unwrap_or(&[]);
    let (tree, rest) = match facets.first().copied() {
        Some("vnd") => (Tree::Vendor, after_tree),
        Some("prs") => (Tree::Personal, after_tree),
        Some("x") => (Tree::Unregistered, after_tree),
        _ if name.starts_with("x-") => (Tree::Unregistered, &facets[..]),
        _ => (Tree::Standards, &facets[..]),
    };
    u.tree = Some(tree);
    if matches!(tree, Tree::Vendor | Tree::Personal) {
        u.producer = rest
            .first()
            .filter(|p| !p.is_empty())
            .map(|p| p.to_string());
    }
    match (tree, &u.producer) {
        (Tree::Vendor, Some(p)) => {
            let p = shown(p);
            en.push(format!("`vnd.` puts it in the vendor tree: a type defined by a producer (here `{p}`), not by a standards body."));
            ja.push(format!("`vnd.` はベンダーツリーを示し、標準化団体ではなく作り手（ここでは `{p}`）が定義したタイプです。"));
        }
        (Tree::Vendor, None) => {
            en.push("`vnd.` puts it in the vendor tree: a type defined by a producer.".to_string());
            ja.push("`vnd.` はベンダーツリーを示し、作り手が定義したタイプです。".to_string());
        }
        (Tree::Personal, _) => {
            en.push("`prs.` puts it in the personal tree: a type for a personal or experimental product.".to_string());
            ja.push("`prs.` は個人ツリーで、個人や実験的な製品のためのタイプです。".to_string());
        }
        (Tree::Unregistered, _) => {
            en.push("`x.`/`x-` marks an unregistered, private-use type.".to_string());
            ja.push("`x.`/`x-` は未登録の私用タイプを示します。".to_string());
        }
        (Tree::Standards, _) => {
            en.push(
                "No `vnd.`/`prs.` facet: a name of the standards tree (registered with IANA)."
                    .to_string(),
            );
            ja.push("`vnd.`/`prs.` が無いので標準ツリー（IANA 登録）の名前です。".to_string());
        }
    }

    // A new name in a namespace a spec owns is most often a typo of one of its types.
    if tree == Tree::Vendor {
        if let Some(owner) = u
            .producer
            .as_deref()
            .filter(|p| matches!(*p, "oci" | "docker"))
        {
            en.push(format!(
                "The `vnd.{owner}.` namespace belongs to the {} specs, but this is not one of their \
                 types: check the spelling.",
                if owner == "oci" { "OCI" } else { "Docker" }
            ));
            ja.push(format!(
                "`vnd.{owner}.` は {} 仕様の名前空間ですが、この名前は仕様のタイプにありません。綴りを確認してください。",
                if owner == "oci" { "OCI" } else { "Docker" }
            ));
        }
    }

    // A version facet such as `v1`, `v0.3`, `v1beta1` (may be glued to a suffix-less end).
    u.version = facets
        .iter()
        .find(|f| {
            let mut c = f.chars();
            c.next() == Some('v') && c.next().is_some_and(|d| d.is_ascii_digit())
        })
        .map(|v| v.to_string());
    if let Some(v) = u.version.as_deref().map(shown) {
        en.push(format!("`{v}` is the version of this format."));
        ja.push(format!("`{v}` はこの形式のバージョンです。"));
    }

    // Compression and archive hints also appear as dotted facets (Docker: `diff.tar.gzip`).
    // Real types stack at most two or three; more than four is junk not worth a sentence each.
    for s in u.suffixes.iter().take(4) {
        let (sen, sja) = suffix_text(s);
        en.push(sen);
        ja.push(sja);
    }
    let dotted_tar = facets.contains(&"tar") && !u.suffixes.iter().any(|s| s == "tar");
    if dotted_tar {
        en.push("`.tar` in the name says the content is a tar archive.".to_string());
        ja.push("名前の `.tar` は中身が tar アーカイブであることを示します。".to_string());
        if let Some(c) = facets
            .iter()
            .find(|f| matches!(**f, "gzip" | "gz" | "zstd" | "zst"))
        {
            en.push(format!("`.{c}` after it names its compression."));
            ja.push(format!("続く `.{c}` は圧縮形式です。"));
        }
    }

    u.hint = guess_role(rest);
    if let Some(h) = u.hint {
        let (hen, hja) = hint_text(h);
        en.push(format!(
            "The words in the name suggest {hen}; that is a guess, not a rule."
        ));
        ja.push(format!(
            "名前の単語からは「{hja}」と推測できますが、推測にすぎません。"
        ));
    }
    if !u.parameters.is_empty() {
        let ps = shown(
            &u.parameters
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        en.push(format!(
            "Parameters ({ps}) refine the type; ocilens compares types without them."
        ));
        ja.push(format!(
            "パラメータ（{ps}）はタイプを補足するもので、ocilens は比較の際に無視します。"
        ));
    }
    push_opaque(&mut en, &mut ja);
    u.text = Text::new(en.join(" "), ja.join(""));
    u
}

/// User text as it may appear inside a message: control characters replaced, at most 80
/// characters, so a pasted megabyte cannot become a megabyte-long explanation.
fn shown(s: &str) -> String {
    const MAX: usize = 80;
    let mut out: String = s
        .chars()
        .take(MAX)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

fn push_opaque(en: &mut Vec<String>, ja: &mut Vec<String>) {
    en.push(
        "ocilens does not know this type: it treats the content as opaque, which is what the \
         OCI spec asks for. This is not an error."
            .to_string(),
    );
    ja.push(
        "ocilens はこのタイプを知らないため、中身を不透明なデータとして扱います（OCI 仕様どおりの\
         扱いで、エラーではありません）。"
            .to_string(),
    );
}

fn top_level_text(top: &str) -> (&'static str, &'static str) {
    match top {
        "application" => (
            "`application/`: data meant for a program, not for people to read directly.",
            "`application/` はプログラムが読むためのデータです。",
        ),
        "text" => (
            "`text/`: human-readable text.",
            "`text/` は人が読めるテキストです。",
        ),
        "image" | "audio" | "video" | "font" | "model" => (
            "The top-level type names a kind of media file.",
            "トップレベルタイプはメディアファイルの種類を示します。",
        ),
        "multipart" | "message" => (
            "The top-level type names a container of several parts.",
            "トップレベルタイプは複数の部分をまとめた形式を示します。",
        ),
        _ => (
            "The top-level type is not one IANA registers.",
            "このトップレベルタイプは IANA の登録にありません。",
        ),
    }
}

fn suffix_text(s: &str) -> (String, String) {
    let (en, ja) = match s {
        "json" => ("a JSON document", "JSON 文書"),
        "xml" => ("an XML document", "XML 文書"),
        "yaml" => ("a YAML document", "YAML 文書"),
        "cbor" => (
            "CBOR (binary JSON-like data)",
            "CBOR（バイナリ形式のデータ）",
        ),
        "gzip" => ("compressed with gzip", "gzip 圧縮"),
        "zstd" => ("compressed with zstd", "zstd 圧縮"),
        "tar" => ("a tar archive", "tar アーカイブ"),
        "zip" => ("a zip archive", "zip アーカイブ"),
        "encrypted" => (
            "encrypted (ocicrypt style: decrypt before use)",
            "暗号化済み（ocicrypt 方式、使う前に復号が必要）",
        ),
        "jwt" => ("a JSON Web Token", "JSON Web Token"),
        "wasm" => ("a WebAssembly module", "WebAssembly モジュール"),
        _ => {
            return (
                format!("`+{}` is a suffix ocilens does not know.", shown(s)),
                format!("`+{}` は ocilens が知らないサフィックスです。", shown(s)),
            )
        }
    };
    (
        format!("`+{s}`: {en}."),
        format!("`+{s}` は「{ja}」を示すサフィックスです。"),
    )
}

/// Guesses a role from the facets of a vendor name. Order matters: `signature` before
/// `config` (`...signature.config`), `sbom` before `layer`.
fn guess_role(facets: &[&str]) -> Option<Role> {
    let has = |w: &[&str]| facets.iter().any(|f| w.contains(f));
    if has(&["signature", "sig", "signatures", "cosign", "notary"]) {
        Some(Role::Signature)
    } else if has(&["sbom", "spdx", "cyclonedx", "syft"]) {
        Some(Role::Sbom)
    } else if has(&["provenance", "slsa"]) {
        Some(Role::Provenance)
    } else if has(&["attestation", "in-toto", "intoto", "dsse"]) {
        Some(Role::Attestation)
    } else if has(&["index", "list"]) {
        Some(Role::Index)
    } else if has(&["manifest"]) {
        Some(Role::ImageManifest)
    } else if has(&["config"]) {
        Some(Role::ArtifactConfig)
    } else if has(&["layer", "content", "blob", "diff"]) {
        Some(Role::ArtifactLayer)
    } else {
        None
    }
}

fn hint_text(r: Role) -> (&'static str, &'static str) {
    match r {
        Role::Signature => ("a signature", "署名"),
        Role::Sbom => (
            "an SBOM (software bill of materials)",
            "SBOM（ソフトウェア部品表）",
        ),
        Role::Provenance => ("build provenance", "ビルドの来歴（provenance）"),
        Role::Attestation => ("an attestation", "アテステーション"),
        Role::Index => (
            "an index (a list of manifests)",
            "インデックス（マニフェストの一覧）",
        ),
        Role::ImageManifest | Role::ArtifactManifest => ("a manifest", "マニフェスト"),
        Role::Config | Role::ArtifactConfig => ("a config blob", "設定（config）の blob"),
        _ => ("content (a layer or file)", "中身（レイヤーやファイル）"),
    }
}

/// Explains a media type for a reader: the table entry if known, else what its structure says.
pub fn describe(media_type: &str) -> Text {
    match lookup(media_type) {
        Some(m) => {
            let (sen, sja) = m.status.prefix();
            let t = m.text();
            Text::new(
                format!("{}{}: {} Spec: {}", sen, m.short, t.en, m.spec()),
                format!("{}{}: {}仕様: {}", sja, m.short, t.ja, m.spec()),
            )
        }
        None => explain_unknown(media_type).text,
    }
}

/// The entry for an annotation key: an exact key first, else the longest matching prefix.
pub fn annotation(key: &str) -> Option<&'static AnnotationInfo> {
    let key = key.trim();
    ANNOTATIONS
        .iter()
        .find(|a| !a.prefix && a.key == key)
        .or_else(|| {
            ANNOTATIONS
                .iter()
                .filter(|a| a.prefix && key.len() > a.key.len() && key.starts_with(a.key))
                .max_by_key(|a| a.key.len())
        })
}

/// The entry for an in-toto `predicateType` URI. Exact match first (a trailing `/` ignored),
/// then versioned forms of prefix entries (the rest must start with `/`).
pub fn predicate_type(uri: &str) -> Option<&'static PredicateInfo> {
    let u = uri.trim();
    let u = u.strip_suffix('/').unwrap_or(u);
    PREDICATES.iter().find(|p| p.uri == u).or_else(|| {
        PREDICATES.iter().filter(|p| p.prefix).find(|p| {
            u.strip_prefix(p.uri)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::HashSet;

    /// `type/subtype` with a known top-level type and a subtype of RFC 6838 characters.
    fn parses_as_media_type(mt: &str) -> bool {
        let Some((t, s)) = mt.split_once('/') else {
            return false;
        };
        let ok = |c: char| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c);
        ["application", "text"].contains(&t) && !s.is_empty() && s.chars().all(ok)
    }

    fn ja_is_japanese(ja: &str) -> bool {
        ja.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
    }

    #[test]
    fn every_media_type_entry_is_complete_and_well_formed() {
        assert!(MEDIA_TYPES.len() >= 60, "{} entries", MEDIA_TYPES.len());
        for m in MEDIA_TYPES {
            assert!(parses_as_media_type(m.media_type), "{}", m.media_type);
            assert_eq!(
                m.media_type,
                m.media_type.to_ascii_lowercase(),
                "lower case in table"
            );
            let t = m.text();
            assert!(!m.short.is_empty() && !t.en.is_empty(), "{}", m.media_type);
            assert!(ja_is_japanese(&t.ja), "ja text of {}", m.media_type);
            assert!(m.spec().starts_with("https://"), "{}", m.media_type);
            assert!(
                t.en.len() < 220 && m.short.len() < 40,
                "keep {} short",
                m.media_type
            );
        }
    }

    #[test]
    fn tables_have_no_duplicates() {
        let mut seen = HashSet::default();
        for m in MEDIA_TYPES {
            assert!(seen.insert(m.media_type), "duplicate {}", m.media_type);
        }
        let mut seen = HashSet::default();
        for a in ANNOTATIONS {
            assert!(seen.insert(a.key), "duplicate {}", a.key);
        }
        let mut seen = HashSet::default();
        for p in PREDICATES {
            assert!(seen.insert(p.uri), "duplicate {}", p.uri);
        }
    }

    #[test]
    fn every_oci_and_docker_type_is_known() {
        for t in [
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
            "application/vnd.oci.empty.v1+json",
            "application/vnd.oci.descriptor.v1+json",
            "application/vnd.oci.layout.header.v1+json",
            "application/vnd.oci.artifact.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.container.image.v1+json",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.docker.plugin.v1+json",
            "application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws",
        ] {
            assert!(lookup(t).is_some(), "{t}");
        }
        let f = |t| lookup(t).map(|m| (m.family, m.role, m.status));
        assert_eq!(
            f("application/vnd.oci.image.index.v1+json"),
            Some((Family::Oci, Role::Index, Status::Current))
        );
        assert_eq!(
            f("application/vnd.oci.artifact.manifest.v1+json"),
            Some((Family::Oci, Role::ArtifactManifest, Status::Withdrawn))
        );
        assert_eq!(
            f("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"),
            Some((Family::Oci, Role::Layer, Status::Deprecated))
        );
        assert_eq!(
            f("application/vnd.docker.distribution.manifest.v1+prettyjws"),
            Some((Family::Docker, Role::Schema1Manifest, Status::Legacy))
        );
        assert_eq!(
            f("application/vnd.oci.empty.v1+json"),
            Some((Family::Oci, Role::Empty, Status::Current))
        );
    }

    #[test]
    fn lookup_ignores_parameters_case_and_spaces() {
        let m =
            lookup("Application/VND.OCI.Image.Manifest.v1+JSON; charset=utf-8").map(|m| m.short);
        assert_eq!(m, Some("OCI manifest"));
        let b = lookup("application/vnd.dev.sigstore.bundle+json;version=0.2").map(|m| m.role);
        assert_eq!(b, Some(Role::Signature));
        assert_eq!(
            lookup("  application/wasm  ").map(|m| m.short),
            Some("Wasm binary")
        );
        assert!(lookup("").is_none());
        assert!(lookup(";").is_none());
        assert!(lookup("application/vnd.acme.thing").is_none());
    }

    #[test]
    fn known_artifact_families_are_classified() {
        let role = |t| lookup(t).map(|m| m.role);
        assert_eq!(
            role("application/vnd.cncf.helm.config.v1+json"),
            Some(Role::ArtifactConfig)
        );
        assert_eq!(
            role("application/vnd.cncf.helm.chart.content.v1.tar+gzip"),
            Some(Role::ArtifactLayer)
        );
        assert_eq!(
            role("application/vnd.dev.cosign.simplesigning.v1+json"),
            Some(Role::Signature)
        );
        assert_eq!(
            role("application/vnd.cncf.notary.signature"),
            Some(Role::Signature)
        );
        assert_eq!(role("application/spdx+json"), Some(Role::Sbom));
        assert_eq!(role("text/spdx"), Some(Role::Sbom));
        assert_eq!(role("application/vnd.cyclonedx+xml"), Some(Role::Sbom));
        assert_eq!(
            role("application/vnd.in-toto+json"),
            Some(Role::Attestation)
        );
        assert_eq!(
            role("application/vnd.dsse.envelope.v1+json"),
            Some(Role::Attestation)
        );
        assert_eq!(
            role("application/vnd.sylabs.sif.layer.v1.sif"),
            Some(Role::ArtifactLayer)
        );
        assert_eq!(
            role("application/vnd.cncf.flux.config.v1+json"),
            Some(Role::ArtifactConfig)
        );
        assert_eq!(
            lookup("application/vnd.wasm.content.layer.v1+wasm").map(|m| m.status),
            Some(Status::Legacy)
        );
    }

    #[test]
    fn vendor_type_is_explained_from_its_structure() {
        let u = explain_unknown("application/vnd.acme.widget.config.v2+json; variant=x");
        assert!(u.well_formed);
        assert_eq!(u.top_level.as_deref(), Some("application"));
        assert_eq!(u.tree, Some(Tree::Vendor));
        assert_eq!(u.producer.as_deref(), Some("acme"));
        assert_eq!(u.suffixes, vec!["json".to_string()]);
        assert_eq!(u.version.as_deref(), Some("v2"));
        assert_eq!(u.hint, Some(Role::ArtifactConfig));
        assert_eq!(u.parameters, vec![("variant".to_string(), "x".to_string())]);
        assert!(
            u.text.en.contains("vendor tree") && u.text.en.contains("`acme`"),
            "{}",
            u.text.en
        );
        assert!(u.text.en.contains("not an error"), "{}", u.text.en);
        assert!(
            u.text.ja.contains("ベンダーツリー") && u.text.ja.contains("エラーではありません"),
            "{}",
            u.text.ja
        );
    }

    #[test]
    fn stacked_suffixes_and_dotted_tar_are_read() {
        let u = explain_unknown("application/vnd.example.layer.v1.tar+zstd+encrypted");
        assert_eq!(
            u.suffixes,
            vec!["zstd".to_string(), "encrypted".to_string()]
        );
        assert!(u.text.en.contains("zstd") && u.text.en.contains("encrypted"));
        assert!(u.text.en.contains("tar archive"), "{}", u.text.en);
        let d = explain_unknown("application/vnd.example.rootfs.diff.tar.gzip");
        assert!(d.suffixes.is_empty());
        assert!(d.text.en.contains("`.gzip`"), "{}", d.text.en);
    }

    #[test]
    fn unknown_name_in_a_spec_namespace_suggests_a_typo() {
        let u = explain_unknown("application/vnd.oci.image.layer.v1.tar+gz");
        assert_eq!(u.producer.as_deref(), Some("oci"));
        assert!(u.text.en.contains("check the spelling"), "{}", u.text.en);
        assert!(u.text.ja.contains("綴りを確認"), "{}", u.text.ja);
        assert!(!explain_unknown("application/vnd.acme.x")
            .text
            .en
            .contains("spelling"));
    }

    #[test]
    fn trees_other_than_vendor_are_named() {
        assert_eq!(
            explain_unknown("application/prs.alice.notes").tree,
            Some(Tree::Personal)
        );
        assert_eq!(
            explain_unknown("application/x-netboot-file").tree,
            Some(Tree::Unregistered)
        );
        assert_eq!(
            explain_unknown("application/x.thing").tree,
            Some(Tree::Unregistered)
        );
        let s = explain_unknown("text/markdown");
        assert_eq!(
            (s.tree, s.top_level.as_deref()),
            (Some(Tree::Standards), Some("text"))
        );
        assert!(s.text.en.contains("human-readable"));
    }

    #[test]
    fn malformed_types_get_an_explanation_not_an_error() {
        for bad in [
            "",
            "garbage",
            "application/",
            "/json",
            "a/b/c",
            "application/vnd x",
            "\u{0}/\u{1}",
        ] {
            let u = explain_unknown(bad);
            assert!(!u.well_formed, "{bad:?}");
            assert!(u.text.en.contains("opaque"), "{bad:?}");
            assert!(ja_is_japanese(&u.text.ja));
        }
    }

    #[test]
    fn pasted_junk_is_not_echoed_at_length() {
        let long = format!(
            "application/vnd.{}+json;p={}",
            "a".repeat(100_000),
            "b".repeat(100_000)
        );
        let u = explain_unknown(&long);
        assert!(u.well_formed);
        assert!(
            u.text.en.len() < 2_000 && u.text.ja.len() < 2_000,
            "{}",
            u.text.en.len()
        );
        let plus = explain_unknown(&format!("application/x{}", "+zz".repeat(50_000)));
        assert!(plus.text.en.len() < 2_000, "{}", plus.text.en.len());
        let bad = explain_unknown(&"\u{7}x".repeat(50_000));
        assert!(bad.text.en.len() < 1_000 && !bad.text.en.contains('\u{7}'));
    }

    #[test]
    fn describe_uses_the_table_then_the_structure() {
        let d = describe("application/vnd.oci.image.layer.nondistributable.v1.tar");
        assert!(
            d.en.starts_with("(deprecated) non-distributable layer tar: "),
            "{}",
            d.en
        );
        assert!(
            d.ja.starts_with("（非推奨）") && d.ja.contains("仕様: https://"),
            "{}",
            d.ja
        );
        let k = describe("application/vnd.docker.distribution.manifest.list.v2+json");
        assert!(k.en.starts_with("Docker manifest list: "));
        let u = describe("application/vnd.acme.thing");
        assert_eq!(u, explain_unknown("application/vnd.acme.thing").text);
    }

    #[test]
    fn annotations_match_exactly_then_by_longest_prefix() {
        let key = |k| annotation(k).map(|a| a.key);
        assert_eq!(
            key("org.opencontainers.image.created"),
            Some("org.opencontainers.image.created")
        );
        assert_eq!(
            key("org.opencontainers.image.future"),
            Some("org.opencontainers.image.")
        );
        assert_eq!(
            key("org.opencontainers.runtime.x"),
            Some("org.opencontainers.")
        );
        assert_eq!(
            key("dev.sigstore.cosign/timestamp"),
            Some("dev.sigstore.cosign/")
        );
        assert_eq!(
            key("dev.sigstore.cosign/bundle"),
            Some("dev.sigstore.cosign/bundle")
        );
        assert_eq!(
            key("com.docker.official-images.bashbrew.version"),
            Some("com.docker.official-images.")
        );
        assert_eq!(key("io.cncf.notary.signingAgent"), Some("io.cncf.notary."));
        assert_eq!(key("sh.brew.bottle.size"), Some("sh.brew."));
        assert_eq!(key("sh.brew.tab"), Some("sh.brew.tab"));
        assert_eq!(
            key("in-toto.io/predicate-type"),
            Some("in-toto.io/predicate-type")
        );
        // A prefix alone is not a key, and unknown keys are simply unknown.
        assert_eq!(key("sh.brew."), None);
        assert_eq!(key("com.example.mine"), None);
        for a in ANNOTATIONS {
            assert!(
                !a.key.is_empty() && !a.text().en.is_empty() && ja_is_japanese(&a.text().ja),
                "{}",
                a.key
            );
            assert!(a.spec().starts_with("https://"), "{}", a.key);
            assert_eq!(
                a.prefix,
                a.key.ends_with('.') || a.key.ends_with('/'),
                "{}",
                a.key
            );
        }
    }

    #[test]
    fn predicate_types_match_versions_of_prefix_entries() {
        let short = |u| predicate_type(u).map(|p| p.short);
        assert_eq!(
            short("https://slsa.dev/provenance/v0.2"),
            Some("SLSA provenance v0.2")
        );
        assert_eq!(
            short("https://slsa.dev/provenance/v1"),
            Some("SLSA provenance v1")
        );
        assert_eq!(short("https://spdx.dev/Document"), Some("SPDX SBOM"));
        assert_eq!(short("https://spdx.dev/Document/v2.3"), Some("SPDX SBOM"));
        assert_eq!(
            short("https://cyclonedx.org/bom/v1.6"),
            Some("CycloneDX SBOM")
        );
        assert_eq!(
            short("https://in-toto.io/attestation/vulns/v0.2"),
            Some("vulnerability scan")
        );
        assert_eq!(short("https://openvex.dev/ns/v0.2.0"), Some("OpenVEX"));
        assert_eq!(
            predicate_type("https://spdx.dev/Document/").map(|p| p.kind),
            Some(PredicateKind::Sbom)
        );
        // Not a version of a prefix entry, and not a prefix entry at all.
        assert_eq!(short("https://spdx.dev/Documents"), None);
        assert_eq!(short("https://slsa.dev/provenance/v1.1"), None);
        assert_eq!(short(""), None);
        for p in PREDICATES {
            assert!(
                p.uri.starts_with("https://") && !p.short.is_empty(),
                "{}",
                p.uri
            );
            assert!(
                !p.text().en.is_empty()
                    && ja_is_japanese(&p.text().ja)
                    && p.spec().starts_with("https://"),
                "{}",
                p.uri
            );
        }
    }

    #[test]
    fn static_text_stays_small_for_the_wasm_bundle() {
        let mt: usize = MEDIA_TYPES
            .iter()
            .map(|m| m.media_type.len() + m.short.len() + m.text().en.len() + m.text().ja.len())
            .sum();
        let an: usize = ANNOTATIONS
            .iter()
            .map(|a| a.key.len() + a.text().en.len() + a.text().ja.len())
            .sum();
        let pr: usize = PREDICATES
            .iter()
            .map(|p| p.uri.len() + p.short.len() + p.text().en.len() + p.text().ja.len())
            .sum();
        // Shared strings (spec links, the `+encrypted` sentence) are counted once per use here,
        // so this over-counts; the budget in the brief is 40 KB.
        assert!(
            mt + an + pr < 40_000,
            "media types {mt} + annotations {an} + predicates {pr} bytes"
        );
    }
}
