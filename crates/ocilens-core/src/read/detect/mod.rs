//! What a JSON value is: raw OCI/Docker documents, or a tool's wrapper around them.
//!
//! The user never says what they pasted, so the shape decides: a registry document (index,
//! manifest, schema1, config, in-toto statement, DSSE envelope) is kept as its exact bytes; a
//! tool's output (imagetools `--format`, `docker manifest inspect [-v]`, `skopeo inspect`, `oras
//! manifest fetch --format json`, `docker inspect`) is unwrapped into one document per part, marked
//! `NotOriginal` when the tool re-serialised it, with the digests the tool printed as claims.
//! The `$ command` line before the value, when there is one, settles the ambiguous cases.
//!
//! *Invariant*: every [`Found`] yields at least one document; nothing here panics on input.

mod shape;
mod tools;

#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::findings::{Code, Finding};
use crate::read::json::Json;
use crate::text::Text;
use crate::{
    Claim, ClaimSource, Ctx, Descriptor, Document, Exactness, Format, Kind, Platform, Verdict,
};

use shape::Issue;
pub(crate) use shape::{descriptors_of, parse_platform};

/// A JSON value found by `input`, handed to [`classify`].
#[derive(Debug)]
pub(crate) struct Found {
    pub input: usize,
    /// Byte range of the document inside the input (the exact bytes the digest is over).
    pub span: Range<usize>,
    /// 1-based line of `span.start` in the input.
    pub line: usize,
    /// The parsed value; its spans are offsets into the *input's* bytes.
    pub json: Json,
    pub hint: Hint,
}

/// What the surroundings of a value told us.
#[derive(Debug, Default)]
pub(crate) struct Hint {
    /// The `$ command ...` line just before the value, without the prompt.
    pub command: Option<String>,
    /// `Content-Type` of a `curl -i` response.
    pub content_type: Option<String>,
    /// Claims known from outside the value (e.g. `Docker-Content-Digest`, a layout file name).
    pub claims: Vec<Claim>,
    /// Set when the outer format is already known (`CurlResponse`, `OciLayout`).
    pub format: Option<Format>,
    /// A reference known from outside (a command line argument, an OCI layout ref name).
    pub reference: Option<String>,
    /// A media type known from outside (a parent descriptor, `Content-Type`).
    pub media_type: Option<String>,
}

/// Turns one found value into one or more documents in `cx.documents`.
pub(crate) fn classify(cx: &mut Ctx, found: Found) {
    let before = cx.documents.len();
    // Bytes read from a registry response or a layout blob are the registry's own: never a
    // tool's wrapper, whatever they look like.
    let exact_source = matches!(
        found.hint.format,
        Some(Format::CurlResponse | Format::OciLayout | Format::RegistryFetch)
    );
    let tool = Tool::from_hint(&found.hint);
    if exact_source || !tools::unwrap(cx, &found) {
        // The value moves into its document: no copy of a large tree.
        raw(cx, found, tool);
        return;
    }
    if cx.documents.len() == before {
        // A wrapper with nothing inside (e.g. imagetools `"manifest": null` alone): keep the value.
        other_json(cx, &found);
    }
}

/// The tool named by the `$ command` line, as far as it changes how a value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tool {
    /// No command line, or one that prints exact bytes (`--raw`, `crane manifest`, ...).
    Unknown,
    /// `docker buildx imagetools inspect --format ...`.
    ImagetoolsFormat,
    /// `docker manifest inspect` without `-v` (with `-v` the wrapper's shape says it all).
    ManifestInspect,
}

impl Tool {
    fn from_hint(hint: &Hint) -> Tool {
        let Some(cmd) = hint.command.as_deref() else {
            return Tool::Unknown;
        };
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let has = |w: &str| words.contains(&w);
        let has_seq = |a: &str, b: &str| {
            words
                .windows(2)
                .any(|p| matches!(p, [x, y] if *x == a && *y == b))
        };
        if has("imagetools") && has("inspect") {
            let raw = has("--raw");
            let format = words
                .iter()
                .any(|w| *w == "--format" || w.starts_with("--format="));
            return if format && !raw {
                Tool::ImagetoolsFormat
            } else {
                Tool::Unknown
            };
        }
        let docker = words
            .iter()
            .any(|w| *w == "docker" || w.ends_with("/docker"));
        if docker && has_seq("manifest", "inspect") {
            let verbose = has("-v") || has("--verbose");
            return if verbose {
                Tool::Unknown
            } else {
                Tool::ManifestInspect
            };
        }
        Tool::Unknown
    }
}

/// A document about to be pushed. `json` spans point into the input unless `decoded` says the
/// bytes were decoded (the base64 `Raw` of `docker manifest inspect -v`).
pub(crate) struct NewDoc {
    pub span: Range<usize>,
    /// 1-based line; `None`: the line of `span.start`.
    pub line: Option<usize>,
    pub format: Format,
    pub kind: Kind,
    pub json: Option<Json>,
    /// The document's bytes; `None`: the input's bytes at `span`.
    pub bytes: Option<Vec<u8>>,
    pub decoded: bool,
    pub exactness: Exactness,
    /// A media type known from outside; the document's own `mediaType` wins.
    pub media_type: Option<String>,
    pub claims: Vec<Claim>,
    /// A platform known from outside (a descriptor, a map key); else read from the document.
    pub platform: Option<Platform>,
    pub reference: Option<String>,
    pub detail: String,
    /// Descriptors built by the caller (summaries); `None`: extracted from `json` by `kind`.
    pub descriptors: Option<Vec<Descriptor>>,
}

impl NewDoc {
    pub fn new(span: Range<usize>, format: Format, kind: Kind, json: Option<Json>) -> Self {
        NewDoc {
            span,
            line: None,
            format,
            kind,
            json,
            bytes: None,
            decoded: false,
            exactness: Exactness::Exact,
            media_type: None,
            claims: Vec::new(),
            platform: None,
            reference: None,
            detail: String::new(),
            descriptors: None,
        }
    }
    pub fn not_original(mut self, why: Text) -> Self {
        self.exactness = Exactness::NotOriginal(why);
        self
    }
}

/// Pushes `nd` as a document of input `input` (with its `schema-type` findings); returns its index.
pub(crate) fn push(cx: &mut Ctx, input: usize, nd: NewDoc) -> usize {
    let input_bytes: &[u8] = cx.inputs.get(input).map_or(&[], |i| i.bytes.as_slice());
    let line = nd
        .line
        .unwrap_or_else(|| cx.line_col(input, nd.span.start).0);
    let bytes = nd.bytes.unwrap_or_else(|| {
        input_bytes
            .get(nd.span.clone())
            .unwrap_or_default()
            .to_vec()
    });
    let mut issues: Vec<Issue> = Vec::new();
    let given_descriptors = nd.descriptors;
    let mut descriptors = Vec::new();
    let mut platform = nd.platform;
    let mut media_type = nd.media_type;
    if let Some(j) = &nd.json {
        descriptors = match given_descriptors {
            Some(d) => d,
            None => shape::descriptors_checked(j, nd.kind, &mut issues),
        };
        shape::check_top_level(j, nd.kind, &mut issues);
        let own_platform = match nd.kind {
            Kind::Config => shape::config_platform(j, &mut issues),
            // Schema1 names only an architecture; its images are Linux.
            Kind::Schema1 => j.get_str("architecture").map(|a| Platform {
                os: "linux".into(),
                architecture: a.to_string(),
                ..Platform::default()
            }),
            _ => None,
        };
        platform = platform.or(own_platform);
        if matches!(
            nd.kind,
            Kind::Index | Kind::Manifest | Kind::Schema1 | Kind::Config | Kind::Descriptor
        ) {
            if let Some(own) = j.get_str("mediaType") {
                media_type = Some(own.to_string());
            }
        }
    }
    let digest_note = match &nd.exactness {
        Exactness::NotOriginal(why) => Some(why.clone()),
        Exactness::Exact => None,
    };
    let index = cx.documents.len();
    cx.documents.push(Document {
        input,
        span: nd.span,
        line,
        format: nd.format,
        kind: nd.kind,
        media_type,
        bytes,
        exactness: nd.exactness,
        digest: None,
        digest_note,
        digest_sha512: None,
        claims: nd.claims,
        json: nd.json,
        descriptors,
        platform,
        reference: nd.reference,
        detail: (!nd.detail.is_empty()).then_some(nd.detail),
        class: None,
        attestation: None,
        streamed: None,
    });
    cx.saw_format(input, nd.format);
    for is in issues {
        let mut f = schema_type(&is)
            .at_input(input)
            .at_document(index)
            .at_path(is.path.clone());
        f = if nd.decoded {
            f.at_line(line, None)
        } else {
            let (l, c) = cx.line_col(input, is.offset);
            f.at_line(l, Some(c))
        };
        cx.finding(f);
    }
    index
}

fn schema_type(is: &Issue) -> Finding {
    let (exp_en, exp_ja) = is.expected;
    let (got_en, got_ja) = &is.got;
    Finding::new(Code::SchemaType, Text::new(
            format!("`{}` is {got_en}, but the spec requires {exp_en}. The rest of the document was still read.", is.path),
            format!("`{}` が{got_ja}になっていますが、仕様では{exp_ja}でなければなりません。ドキュメントの残りの部分は読み取りを続けました。", is.path),
        ),
    )
    .with_fix(Text::new(
        format!("Fix the tool or script that wrote this document so that `{}` is {exp_en}: registries and runtimes refuse it as it is (they read it into typed fields).", is.path),
        format!("`{}` が{exp_ja}になるよう、このドキュメントを書き出したツールやスクリプトを修正してください。レジストリやランタイムは型付きのフィールドとして読むため、このままでは受け付けません。", is.path),
    ))
}

/// A claim made by a detector: its verdict is decided later by `digest::verify`.
pub(crate) fn claim(digest: &str, source: ClaimSource, size: Option<u64>) -> Claim {
    Claim {
        digest: digest.to_string(),
        source,
        size,
        verdict: Verdict::CannotRecompute,
        cause: None,
    }
}

/// A raw registry document (or anything we cannot name), kept as its exact bytes. Always adds a
/// document.
fn raw(cx: &mut Ctx, found: Found, tool: Tool) {
    let before = cx.documents.len();
    let hint = &found.hint;
    let outside_type = outside_media_type(hint);
    let Some((kind, mut detail)) = shape::raw_kind(&found.json, outside_type.as_deref()) else {
        other_json(cx, &found);
        return;
    };
    let format = match hint.format {
        Some(f @ (Format::CurlResponse | Format::OciLayout | Format::RegistryFetch)) => f,
        _ => Format::RawJson,
    };
    // A pasted descriptor names a manifest that is not here; a layout blob that happens to be a
    // descriptor is still exact content.
    if kind == Kind::Descriptor && format == Format::RawJson {
        tools::descriptor_only(cx, &found, &found.json, tool, None, hint.claims.clone());
        if cx.documents.len() == before {
            other_json(cx, &found);
        }
        return;
    }
    let mut nd = NewDoc::new(found.span.clone(), format, kind, None);
    nd.line = Some(found.line);
    nd.media_type = outside_type;
    nd.claims = hint.claims.clone();
    nd.reference = hint
        .reference
        .clone()
        .or_else(|| schema1_reference(&found.json, kind));
    if kind == Kind::Index {
        if let Some(what) = index_flavour(cx, &found) {
            detail = format!("{detail}; {what}");
        }
    }
    // A file that is this one document is raw bytes, whatever its indentation (issue 9).
    let whole_file = cx.inputs.get(found.input).is_some_and(|i| {
        i.file && i.bytes.trim_ascii() == i.bytes.get(found.json.span.clone()).unwrap_or_default()
    });
    let mut reindented_note = false;
    if format == Format::RawJson {
        let manifestish = matches!(kind, Kind::Index | Kind::Manifest);
        let tabs = tab_indented(cx, &found);
        reindented_note = manifestish && tabs && whole_file && tool != Tool::ManifestInspect;
        if manifestish && (tool == Tool::ManifestInspect || (tabs && !whole_file)) {
            nd.format = Format::ManifestInspect;
            // With a command line we know a list was rebuilt; a TAB-indented value was re-indented.
            let why = if kind == Kind::Index && !tab_indented(cx, &found) {
                tools::why_manifest_inspect_list()
            } else {
                tools::why_manifest_inspect_reindented()
            };
            nd = nd.not_original(why);
            detail = format!("docker manifest inspect: {detail}");
        } else if kind == Kind::Config && tool == Tool::ImagetoolsFormat {
            nd.format = Format::ImagetoolsJson;
            nd = nd.not_original(tools::why_imagetools_config());
            detail = format!("imagetools {{{{json .Image}}}}: {detail}");
        }
    }
    nd.detail = detail;
    let (input, line) = (found.input, found.line);
    nd.json = Some(found.json);
    let doc = push(cx, input, nd);
    if reindented_note {
        cx.finding(
            tools::looks_reindented()
                .at_input(input)
                .at_document(doc)
                .at_line(line, None),
        );
    }
}

/// The media type known from outside: a parent descriptor's, else a specific `Content-Type`
/// (a plain `application/json` says nothing).
pub(crate) fn outside_media_type(hint: &Hint) -> Option<String> {
    hint.media_type.clone().or_else(|| {
        let ct = shape::base_media_type(hint.content_type.as_deref()?);
        (!ct.is_empty() && ct != "application/json" && ct != "text/plain").then(|| ct.to_string())
    })
}

/// Layout `index.json` or referrers response: said in `detail`, both are plain indexes otherwise.
fn index_flavour(cx: &Ctx, found: &Found) -> Option<&'static str> {
    let j = &found.json;
    let descriptors = descriptors_of(j, Kind::Index);
    let name = cx.inputs.get(found.input).map_or("", |i| i.name.as_str());
    let in_layout = found.hint.format == Some(Format::OciLayout)
        && (name == "index.json"
            || name.ends_with("/index.json")
            || name.ends_with("\\index.json"));
    let ref_names = !j.has("mediaType")
        && descriptors
            .iter()
            .any(|d| d.annotations.iter().any(|(k, _)| k == shape::REF_NAME));
    if in_layout || ref_names {
        return Some("OCI layout index.json");
    }
    if !descriptors.is_empty() && descriptors.iter().all(|d| d.artifact_type.is_some()) {
        return Some("referrers index (descriptors carry artifactType)");
    }
    None
}

/// Whether the value is indented with TABs, as `docker manifest inspect` re-indents manifests.
fn tab_indented(cx: &Ctx, found: &Found) -> bool {
    let bytes = cx
        .inputs
        .get(found.input)
        .map_or(&[][..], |i| i.bytes.as_slice());
    let s = found.json.span.start;
    let head = bytes.get(s..(s + 3).min(bytes.len())).unwrap_or_default();
    head == b"{\n\t" || bytes.get(s..(s + 4).min(bytes.len())).unwrap_or_default() == b"{\r\n\t"
}

/// `name:tag` of a schema1 manifest.
fn schema1_reference(json: &Json, kind: Kind) -> Option<String> {
    if kind != Kind::Schema1 {
        return None;
    }
    let name = json.get_str("name").filter(|n| !n.is_empty())?;
    match json.get_str("tag").filter(|t| !t.is_empty()) {
        Some(tag) => Some(format!("{name}:{tag}")),
        None => Some(name.to_string()),
    }
}

/// JSON that is none of the known kinds: kept as is, with an `unknown-json` note.
fn other_json(cx: &mut Ctx, found: &Found) {
    let format = match found.hint.format {
        Some(f @ (Format::CurlResponse | Format::OciLayout | Format::RegistryFetch)) => f,
        _ => Format::RawJson,
    };
    let mut nd = NewDoc::new(
        found.span.clone(),
        format,
        Kind::OtherJson,
        Some(found.json.clone()),
    );
    nd.line = Some(found.line);
    nd.media_type = outside_media_type(&found.hint);
    nd.claims = found.hint.claims.clone();
    nd.reference = found.hint.reference.clone();
    // A cosign signature's payload (what `.sig` tags hold): read by the supply-chain stage.
    if let Some((digest, _)) = crate::explain::cosign::signed(&found.json) {
        nd.detail = format!("cosign simple signing payload: signs {digest}");
        push(cx, found.input, nd);
        return;
    }
    // A Sigstore bundle or a Notation JWS envelope (a referrer's layer): read by the
    // supply-chain stage.
    if crate::explain::sigstore::decode(&found.json).is_some()
        || crate::explain::notation::decode(&found.json).is_some()
    {
        nd.detail = "signature envelope".to_string();
        push(cx, found.input, nd);
        return;
    }
    nd.detail = format!("unrecognised JSON {}", found.json.type_name());
    let doc = push(cx, found.input, nd);
    cx.finding(
        Finding::new(Code::UnknownJson, Text::new(
                "This JSON is not a manifest, index, image config or in-toto attestation, nor the \
                 output of a tool ocilens knows (imagetools --format, docker manifest inspect, \
                 skopeo inspect, oras manifest fetch, docker inspect). It is kept as plain JSON.",
                "この JSON は、マニフェスト、インデックス、イメージ設定、in-toto アテステーションの\
                 いずれでもなく、ocilens が認識できるツールの出力（imagetools --format、docker \
                 manifest inspect、skopeo inspect、oras manifest fetch、docker inspect）でもありません。\
                 通常の JSON として保持します。",
            ),
        )
        .with_fix(Text::new(
            "To check digests, paste the exact bytes of a manifest or index, e.g. from \
             `docker buildx imagetools inspect --raw REF` or `crane manifest REF`.",
            "ダイジェストを検証するには、`docker buildx imagetools inspect --raw REF` や \
             `crane manifest REF` などで取得したマニフェストやインデックスのバイト列をそのまま貼り付けてください。",
        ))
        .at_input(found.input)
        .at_document(doc)
        .at_line(found.line, None),
    );
}
