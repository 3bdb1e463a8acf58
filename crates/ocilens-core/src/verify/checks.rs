//! Content findings: media types, Docker/OCI mixes, duplicate keys, schema1.
//!
//! Runs after `digest::verify`, over every document that has parsed JSON. Codes (stable, part of
//! the JSON output): `missing-media-type`, `unknown-media-type`, `media-type-mismatch`,
//! `docker-list-with-oci`, `oci-index-with-docker`, `duplicate-key`, `schema1-legacy`.
//!
//! *Invariants*: an unknown config or layer media type is opaque content, never an error
//! (image-spec `manifest.md`); only the names the OCI and Docker specs own are checked for
//! typos. Nothing here panics; every lookup across documents goes through a `HashMap`.

use crate::hash::{HashMap, HashSet};

use crate::findings::{Code, Finding, Severity};
use crate::read::json::{path_key, Json};
use crate::read::lines::Lines;
use crate::text::Text;
use crate::{Ctx, Document, Exactness, Format, Kind};

use crate::explain::knowledge::names::{DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST};
use crate::explain::knowledge::{self, Role};

/// Namespaces whose members the specs enumerate: a name there that no spec defines is a typo.
const SPEC_NAMESPACES: &[&str] = &[
    "application/vnd.oci.image.",
    "application/vnd.docker.image.rootfs.",
    "application/vnd.docker.container.image.",
    "application/vnd.docker.distribution.",
];

pub(crate) fn run(cx: &mut Ctx) {
    let mut out = Vec::new();
    let mut seen_dup: HashSet<(usize, usize)> = HashSet::default();
    for (i, doc) in cx.documents.iter().enumerate() {
        let Some(json) = &doc.json else {
            continue;
        };
        let here = Here::new(cx.located(doc.input), doc, i);
        duplicate_keys(&here, json, &mut seen_dup, &mut out);
        match doc.kind {
            Kind::Index | Kind::Manifest => {
                own_media_type(&here, json, &mut out);
                descriptors(&here, json, &mut out);
            }
            Kind::Schema1 => out.push(here.at(schema1_document(), "$", None)),
            Kind::Descriptor => descriptor_rules(&here, Spot::Root, json, &mut out),
            Kind::Config => env(&here, json, &mut out),
            _ => {}
        }
    }
    descriptor_vs_document(cx, &mut out);
    cx.findings.extend(out);
}

/// Where findings about one document point: its input, index, JSON path and line/column.
struct Here<'a> {
    doc: &'a Document,
    i: usize,
    /// The input's bytes and lines when the JSON spans point into them (not for decoded
    /// base64 `Raw`).
    input: Option<(&'a [u8], &'a Lines)>,
}

impl<'a> Here<'a> {
    fn new(input: Option<(&'a [u8], &'a Lines)>, doc: &'a Document, i: usize) -> Self {
        let same =
            |&(b, _): &(&[u8], &Lines)| b.get(doc.span.clone()) == Some(doc.bytes.as_slice());
        Here {
            doc,
            i,
            input: input.filter(same),
        }
    }
    fn at(&self, f: Finding, path: &str, offset: Option<usize>) -> Finding {
        let f = f.at_input(self.doc.input).at_document(self.i).at_path(path);
        match (self.input, offset) {
            (Some((bytes, lines)), Some(o)) => {
                let (l, c) = lines.line_col(bytes, o);
                f.at_line(l, Some(c))
            }
            _ => f.at_line(self.doc.line, None),
        }
    }
    /// An OCI image layout's `index.json` (as detection names it): no `mediaType` there is the
    /// norm. Not the layout's blobs: an image index stored as a blob is an ordinary index.
    fn is_layout_index(&self) -> bool {
        self.doc.is_layout_index()
    }
    /// `docker manifest inspect` rebuilds a list itself: its top-level type is Docker's, whatever
    /// the registry served, so the list's own type says nothing about the original.
    fn synthesised_list(&self) -> bool {
        self.doc.format == Format::ManifestInspect && self.doc.kind == Kind::Index
    }
}

fn base(mt: &str) -> &str {
    mt.split(';').next().unwrap_or(mt).trim()
}

fn same_type(a: &str, b: &str) -> bool {
    base(a).eq_ignore_ascii_case(base(b))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    OciIndex,
    OciManifest,
    DockerList,
    DockerManifest,
    Schema1,
}

/// What a manifest-or-index media type is, from the knowledge table's family and role; `None`
/// for anything else.
fn family(mt: &str) -> Option<Family> {
    let info = knowledge::lookup(mt)?;
    let oci = info.family == knowledge::Family::Oci;
    match info.role {
        Role::Index if oci => Some(Family::OciIndex),
        Role::Index => Some(Family::DockerList),
        Role::ImageManifest | Role::ArtifactManifest if oci => Some(Family::OciManifest),
        Role::ImageManifest => Some(Family::DockerManifest),
        Role::Schema1Manifest => Some(Family::Schema1),
        _ => None,
    }
}

fn is_index(f: Family) -> bool {
    matches!(f, Family::OciIndex | Family::DockerList)
}

/// " (here: `X`)" when a type was known from elsewhere (descriptor, Content-Type).
fn used(doc: &Document) -> (String, String) {
    match &doc.media_type {
        Some(t) => (format!(" (here: `{t}`)"), format!("（ここでは `{t}`）")),
        None => (String::new(), String::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// The document's own mediaType

fn own_media_type(here: &Here, json: &Json, out: &mut Vec<Finding>) {
    if let Some(v) = json.get("artifactType") {
        if let Some(f) = v
            .str()
            .and_then(|t| media_type_grammar("$.artifactType", t))
        {
            out.push(here.at(f, "$.artifactType", Some(v.span.start)));
        }
    }
    let has_manifests = json.has("manifests");
    let has_image = json.has("config") || json.has("layers");
    let Some(own) = json.get("mediaType") else {
        if has_manifests && has_image {
            out.push(here.at(ambiguous(), "$", json.span.start.into()));
        } else if here.doc.kind == Kind::Index {
            if !here.is_layout_index() {
                out.push(here.at(missing_index_type(here.doc), "$", json.span.start.into()));
            }
        } else {
            out.push(here.at(missing_manifest_type(here.doc), "$", json.span.start.into()));
        }
        return;
    };
    // A non-string `mediaType` is a `schema-type` finding of detect.
    let Some(t) = own.str() else {
        return;
    };
    if here.synthesised_list() {
        return;
    }
    let path = "$.mediaType";
    let at = Some(own.span.start);
    if let Some(f) = media_type_grammar(path, t) {
        out.push(here.at(f, path, at));
        return;
    }
    match family(t) {
        None => out.push(here.at(unknown_own_type(t, here.doc.kind), path, at)),
        Some(f) if is_index(f) && has_image && !has_manifests => {
            out.push(here.at(says_index_has_manifest_fields(t), path, at));
        }
        Some(f) if !is_index(f) && has_manifests => {
            out.push(here.at(says_manifest_has_manifests(t), path, at));
        }
        Some(_) if has_manifests && has_image => out.push(here.at(ambiguous(), path, at)),
        Some(_) => {}
    }
}

fn missing_index_type(doc: &Document) -> Finding {
    let (u_en, u_ja) = used(doc);
    Finding::new(Code::MissingMediaType, Text::new(
            format!("This index has no `mediaType`. The image spec says it SHOULD be set (`{OCI_INDEX}` or, for Docker, `{DOCKER_LIST}`); without it, clients fall back to the parent descriptor or the registry's `Content-Type`{u_en}, and some registries refuse the push."),
            format!("このインデックスには `mediaType` がありません。イメージ仕様では設定すべき（SHOULD）とされています（`{OCI_INDEX}`、Docker 形式なら `{DOCKER_LIST}`）。ない場合、クライアントは親のディスクリプターやレジストリの `Content-Type` の値を使います{u_ja}。レジストリによってはプッシュを拒否します。"),
        ),
    )
    .with_fix(Text::new(
        format!("Add `\"mediaType\": \"{OCI_INDEX}\"` at the top of the index, or build it with a tool that sets it (buildx, crane, regctl, oras)."),
        format!("インデックスの先頭に `\"mediaType\": \"{OCI_INDEX}\"` を追加するか、これを設定するツール（buildx、crane、regctl、oras など）で作り直してください。"),
    ))
}

fn missing_manifest_type(doc: &Document) -> Finding {
    let (u_en, u_ja) = used(doc);
    Finding::with_severity(Code::MissingMediaType, Severity::Info, Text::new(
            format!("This manifest has no `mediaType`. The image spec allows that for manifests but recommends setting it. The content is unambiguous (`config`/`layers`, no `manifests`), so it was read as an image manifest; its type is the one of the descriptor or `Content-Type` that served it{u_en}."),
            format!("このマニフェストには `mediaType` がありません。イメージ仕様ではマニフェストでの省略は許されていますが、設定が推奨されています。内容から判断できる（`config`/`layers` があり `manifests` がない）ため、イメージマニフェストとして読み取りました。型は参照元のディスクリプターまたは `Content-Type` のものになります{u_ja}。"),
        ),
    )
    .with_fix(Text::new(
        format!("If you produce this manifest, add `\"mediaType\": \"{OCI_MANIFEST}\"`: some registries and older clients need it to choose the right parser."),
        format!("このマニフェストを生成している場合は `\"mediaType\": \"{OCI_MANIFEST}\"` を追加してください。レジストリや古いクライアントの中には、正しいパーサーを選ぶためにこれを必要とするものがあります。"),
    ))
}

fn ambiguous() -> Finding {
    Finding::new(Code::MediaTypeMismatch, Text::new(
            "This document has both `manifests` (an index) and `config`/`layers` (a manifest): it can be read either way, so two tools can see different content behind the same digest. This is the ambiguity behind CVE-2021-41190, closed in image-spec 1.0.2 by requiring that a document be only one of the two.",
            "このドキュメントには `manifests`（インデックスのフィールド）と `config`/`layers`（マニフェストのフィールド）の両方があります。どちらとしても読めるため、同じダイジェストでもツールによって異なる内容として解釈されます。これは CVE-2021-41190 の原因となった曖昧さで、image-spec 1.0.2 でどちらか一方だけにするよう定められました。",
        ),
    )
    .with_fix(Text::new(
        "Keep only the fields of one kind and set `mediaType` to match; treat a document like this from an unknown source as suspicious.",
        "どちらか一方のフィールドだけを残し、それに合った `mediaType` を設定してください。出所のわからないこのようなドキュメントは疑ってかかってください。",
    ))
}

fn says_index_has_manifest_fields(t: &str) -> Finding {
    Finding::new(Code::MediaTypeMismatch, Text::new(
            format!("`mediaType` says `{t}` (an index), but the document has `config`/`layers`, the fields of a manifest, and no `manifests`. Registries that check content reject it, and tools disagree on how to read it (CVE-2021-41190)."),
            format!("`mediaType` は `{t}`（インデックス）ですが、ドキュメントには `manifests` がなく、マニフェストのフィールドである `config`/`layers` があります。内容を検証するレジストリはこれを拒否し、ツールによって解釈も分かれます（CVE-2021-41190）。"),
        ),
    )
    .with_fix(Text::new(
        format!("Set `mediaType` to the manifest type (`{OCI_MANIFEST}` or `{DOCKER_MANIFEST}`) and push the manifest again."),
        format!("`mediaType` をマニフェストの型（`{OCI_MANIFEST}` または `{DOCKER_MANIFEST}`）にして、マニフェストをプッシュし直してください。"),
    ))
}

fn says_manifest_has_manifests(t: &str) -> Finding {
    Finding::new(Code::MediaTypeMismatch, Text::new(
            format!("`mediaType` says `{t}` (a manifest), but the document has `manifests`, the field of an index. Registries that check content reject it, and tools disagree on how to read it (CVE-2021-41190)."),
            format!("`mediaType` は `{t}`（マニフェスト）ですが、ドキュメントにはインデックスのフィールドである `manifests` があります。内容を検証するレジストリはこれを拒否し、ツールによって解釈も分かれます（CVE-2021-41190）。"),
        ),
    )
    .with_fix(Text::new(
        format!("Set `mediaType` to the index type (`{OCI_INDEX}` or `{DOCKER_LIST}`) and push the index again."),
        format!("`mediaType` をインデックスの型（`{OCI_INDEX}` または `{DOCKER_LIST}`）にして、インデックスをプッシュし直してください。"),
    ))
}

fn unknown_own_type(t: &str, kind: Kind) -> Finding {
    let (what_en, what_ja, want) = if kind == Kind::Index {
        ("an index", "インデックス", OCI_INDEX)
    } else {
        ("a manifest", "マニフェスト", OCI_MANIFEST)
    };
    Finding::with_severity(Code::UnknownMediaType, Severity::Warning, Text::new(
            format!("The document's own `mediaType` is `{t}`, which is not an OCI or Docker manifest or index type, although its content is {what_en}. Registries refuse to store manifests of types they do not know, and clients cannot choose a parser."),
            format!("ドキュメント自身の `mediaType` は `{t}` ですが、これは OCI や Docker のマニフェスト・インデックスの型ではありません（内容は{what_ja}です）。レジストリは未知の型のマニフェストを保存せず、クライアントも読み方を決められません。"),
        ),
    )
    .with_fix(Text::new(
        format!("Use `{want}` as `mediaType`; an artifact's own type belongs in `artifactType`."),
        format!("`mediaType` には `{want}` を使ってください。アーティファクト独自の型は `artifactType` に書きます。"),
    ))
}

fn schema1_document() -> Finding {
    Finding::new(
        Code::Schema1Legacy,
        schema1_text(
            "This is a Docker schema1 manifest, a legacy format.",
            "これは旧形式の Docker schema1 マニフェストです。",
        ),
    )
    .with_fix(schema1_fix())
}

fn schema1_text(first_en: &str, first_ja: &str) -> Text {
    Text::new(
        format!("{first_en} Docker disabled pushing schema1 in 20.10, then disabled pulling it by default and removed it; containerd deprecated it in 1.7, disabled it in 2.0 and removed it in 2.1. Current Docker and containerd cannot pull it."),
        format!("{first_ja}Docker は 20.10 で schema1 のプッシュを無効化し、その後プルもデフォルトで無効化したうえで削除しました。containerd は 1.7 で非推奨とし、2.0 で無効化、2.1 で削除しました。現在の Docker や containerd ではプルできません。"),
    )
}

fn schema1_fix() -> Text {
    Text::new(
        "Convert and re-push the image with a current tool, e.g. `skopeo copy --format v2s2 docker://SRC docker://DST`, or rebuild it and push with a current Docker or buildx.",
        "現在のツールで変換してプッシュし直してください。例: `skopeo copy --format v2s2 docker://SRC docker://DST`。または現在の Docker や buildx でビルドし直してプッシュしてください。",
    )
}

// ---------------------------------------------------------------------------------------------
// Descriptors inside the document

/// Where a descriptor object sits in its document (`$`, `$.config`, `$.layers[2]`), written out
/// only when a finding names it. Every key here is a plain name, so `$.key` is its JSON path.
#[derive(Debug, Clone, Copy)]
enum Spot {
    Root,
    Key(&'static str),
    Item(&'static str, usize),
}

impl std::fmt::Display for Spot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spot::Root => f.write_str("$"),
            Spot::Key(k) => write!(f, "$.{k}"),
            Spot::Item(k, i) => write!(f, "$.{k}[{i}]"),
        }
    }
}

impl Spot {
    /// The path of a field of the descriptor (`mediaType`, `platform`: plain names).
    fn field(self, key: &str) -> String {
        format!("{self}.{key}")
    }
}

/// The descriptor objects of an index or manifest, with where they sit and whether they sit in
/// `manifests[]`.
fn descriptor_objects(json: &Json) -> Vec<(Spot, &Json, bool)> {
    let mut out = Vec::new();
    for key in ["manifests", "layers", "blobs"] {
        for (i, item) in json
            .get(key)
            .and_then(Json::array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if item.is_object() {
                out.push((Spot::Item(key, i), item, key == "manifests"));
            }
        }
    }
    for key in ["config", "subject"] {
        if let Some(item) = json.get(key).filter(|v| v.is_object()) {
            out.push((Spot::Key(key), item, false));
        }
    }
    out
}

fn descriptors(here: &Here, json: &Json, out: &mut Vec<Finding>) {
    let own = json.get_str("mediaType").and_then(family);
    let mut mixed: Vec<String> = Vec::new();
    let mut schema1: Vec<String> = Vec::new();
    for (spot, d, in_manifests) in descriptor_objects(json) {
        descriptor_rules(here, spot, d, out);
        let Some(mt) = d.get("mediaType") else {
            continue;
        };
        // A non-string is `schema-type`, a broken one `media-type-malformed`.
        let Some(t) = mt.str().filter(|t| media_type_ok(t)) else {
            continue;
        };
        let mt_path = || spot.field("mediaType");
        let at = Some(mt.span.start);
        if in_manifests {
            match family(t) {
                None => out.push(here.at(unknown_entry_type(spot, t), &mt_path(), at)),
                Some(f) => {
                    if f == Family::Schema1 {
                        schema1.push(mt_path());
                    }
                    let mix = match own {
                        Some(Family::DockerList) => {
                            matches!(f, Family::OciIndex | Family::OciManifest)
                        }
                        Some(Family::OciIndex) => {
                            matches!(f, Family::DockerList | Family::DockerManifest)
                        }
                        _ => false,
                    };
                    if mix {
                        mixed.push(mt_path());
                    }
                }
            }
        } else if is_spec_namespace(t) && !is_known_blob(t) && family(t).is_none() {
            out.push(here.at(typo_blob_type(spot, t), &mt_path(), at));
        }
    }
    // A layout's `index.json` lists whatever images were stored, in their own formats.
    let skip_mix = here.synthesised_list() || here.is_layout_index();
    if let (Some(first), false) = (mixed.first(), skip_mix) {
        let f = if own == Some(Family::DockerList) {
            docker_list_with_oci(mixed.len(), first)
        } else {
            oci_index_with_docker(mixed.len(), first)
        };
        out.push(here.at(f, first, None));
    }
    if let Some(first) = schema1.first() {
        let f = Finding::new(Code::Schema1Legacy, schema1_text(
                &format!("This list points to {} Docker schema1 manifest(s) (first at `{first}`), a legacy format.", schema1.len()),
                &format!("このリストは旧形式の Docker schema1 マニフェストを {} 個参照しています（最初は `{first}`）。", schema1.len()),
            ),
        )
        .with_fix(schema1_fix());
        out.push(here.at(f, first, None));
    }
}

fn is_spec_namespace(t: &str) -> bool {
    let t = base(t).to_ascii_lowercase();
    SPEC_NAMESPACES.iter().any(|ns| t.starts_with(ns))
}

fn is_known_blob(t: &str) -> bool {
    knowledge::lookup(t).is_some()
}

/// A descriptor without its `digest` or `size`: nothing can fetch or verify what it points at.
fn incomplete(here: &Here, spot: Spot, d: &Json, out: &mut Vec<Finding>) {
    let mut missing: Vec<&str> = ["digest", "size"]
        .into_iter()
        .filter(|k| !d.has(k))
        .collect();
    // What is missing is in the descriptor, or else in its platform: the finding points there.
    let mut at = (None, d.span.start);
    // A platform, when given, names at least its OS and architecture.
    if let Some(p) = d.get("platform").filter(|p| p.is_object()) {
        if missing.is_empty() {
            at = (Some("platform"), p.span.start);
        }
        missing.extend(
            [
                ("os", "platform.os"),
                ("architecture", "platform.architecture"),
            ]
            .into_iter()
            .filter(|(k, _)| !p.has(k))
            .map(|(_, name)| name),
        );
    }
    if missing.is_empty() {
        return;
    }
    let fields = missing
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let f = Finding::new(
        Code::DescriptorIncomplete,
        Text::new(
            format!("The descriptor at `{spot}` has no {fields}. A descriptor MUST carry the digest and the size of what it points at (and a platform its `os` and `architecture`): without them no registry or runtime can fetch, verify or choose that content, and they refuse the document."),
            format!("`{spot}` のディスクリプターに {fields} がありません。ディスクリプターには参照先のダイジェストとサイズ（プラットフォームがあればその `os` と `architecture`）が必須（MUST）です。これがないとレジストリもランタイムも参照先を取得・検証・選択できず、ドキュメントを受け付けません。"),
        ),
    )
    .with_fix(Text::new(
        "Write the descriptor again from the content it points at: `digest` is `sha256:` and the hex sha256 of its exact bytes, `size` their length in bytes.",
        "参照先の内容からディスクリプターを書き直してください。`digest` は正確なバイト列の sha256（`sha256:` と 16 進）、`size` はそのバイト数です。",
    ));
    let path = at.0.map_or_else(|| spot.to_string(), |k| spot.field(k));
    out.push(here.at(f, &path, Some(at.1)));
}

/// What the image-spec requires of every descriptor, wherever it sits (an index's entries, a
/// manifest's config, layers and subject, a descriptor given alone): `digest`, `size` and
/// `mediaType`, media types in RFC 6838's grammar, `data` in base64, `urls` absolute URIs.
fn descriptor_rules(here: &Here, spot: Spot, d: &Json, out: &mut Vec<Finding>) {
    incomplete(here, spot, d, out);
    if !d.has("mediaType") {
        let path = spot.to_string();
        out.push(here.at(missing_descriptor_type(&path), &path, Some(d.span.start)));
    }
    for key in ["mediaType", "artifactType"] {
        let Some((v, t)) = d.get(key).and_then(|v| Some((v, v.str()?))) else {
            continue;
        };
        if !media_type_ok(t) {
            let at = spot.field(key);
            if let Some(f) = media_type_grammar(&at, t) {
                out.push(here.at(f, &at, Some(v.span.start)));
            }
        }
    }
    if let Some((v, data)) = d.get("data").and_then(|v| Some((v, v.str()?))) {
        let at = spot.field("data");
        if let Some(f) = data_not_base64(&at, data) {
            out.push(here.at(f, &at, Some(v.span.start)));
        }
    }
    for (i, u) in d
        .get("urls")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(url) = u.str().filter(|u| !is_absolute_uri(u)) {
            let at = format!("{spot}.urls[{i}]");
            out.push(here.at(url_malformed(&at, url), &at, Some(u.span.start)));
        }
    }
}

/// RFC 6838 as the image-spec's schema writes it: `type/subtype`, each a letter or digit then
/// up to 126 of `A-Za-z0-9!#$&^_.+-`.
fn media_type_ok(t: &str) -> bool {
    fn name_ok(s: &str) -> bool {
        let b = s.as_bytes();
        (1..=127).contains(&b.len())
            && b[0].is_ascii_alphanumeric()
            && b[1..].iter().all(|c| {
                c.is_ascii_alphanumeric()
                    || matches!(
                        c,
                        b'!' | b'#' | b'$' | b'&' | b'^' | b'_' | b'.' | b'+' | b'-'
                    )
            })
    }
    t.split_once('/')
        .is_some_and(|(ty, sub)| name_ok(ty) && name_ok(sub))
}

/// A media type outside [`media_type_ok`]'s grammar, as a finding at `path`. Parameters
/// (`; version=1`) are outside the schema's pattern but not outside RFC 6838: a warning. `None`
/// when `t` is fine.
fn media_type_grammar(path: &str, t: &str) -> Option<Finding> {
    if media_type_ok(t) {
        return None;
    }
    let (head, params) = t.split_once(';').unwrap_or((t, ""));
    let f = if t.is_empty() {
        Finding::new(Code::MediaTypeMalformed, Text::new(
                format!("`{path}` is an empty string. A media type says what the content is; an empty one names nothing, so no client knows how to read what it points at, and the image-spec's schema refuses it."),
                format!("`{path}` が空の文字列です。メディアタイプは内容が何かを示すもので、空では何も示さず、クライアントは参照先の読み方を決められません。イメージ仕様のスキーマも受け付けません。"),
            ),
        )
    } else if media_type_ok(head.trim_end()) && !params.is_empty() {
        Finding::with_severity(Code::MediaTypeMalformed, Severity::Warning, Text::new(
                format!("`{t}` at `{path}` has parameters (`;{params}`). RFC 6838 allows them in a `Content-Type`, but the image-spec's schema does not in a descriptor, and clients compare media types as whole strings: one looking for `{}` does not match this.", head.trim_end()),
                format!("`{path}` の `{t}` にはパラメーター（`;{params}`）があります。RFC 6838 は `Content-Type` でこれを許しますが、イメージ仕様のスキーマはディスクリプターでは許さず、クライアントはメディアタイプを文字列全体で比べるため、`{}` を探すクライアントとは一致しません。", head.trim_end()),
            ),
        )
    } else {
        Finding::new(Code::MediaTypeMalformed, Text::new(
                format!("`{t}` at `{path}` is not a media type: RFC 6838, as the image-spec's schema checks it, wants `type/subtype`, each part starting with a letter or digit and made of at most 127 letters, digits and `!#$&^_.+-`. No client recognises it, and registries that validate documents refuse it."),
                format!("`{path}` の `{t}` はメディアタイプではありません。イメージ仕様のスキーマが検査する RFC 6838 の文法では `type/subtype` の形で、それぞれ英字か数字で始まり、英数字と `!#$&^_.+-` の 127 文字以内でなければなりません。どのクライアントも認識せず、ドキュメントを検証するレジストリは受け付けません。"),
            ),
        )
    };
    Some(f.with_fix(Text::new(
        format!("Write the media type of the content: e.g. `{OCI_MANIFEST}`, `application/vnd.oci.image.config.v1+json`, `application/vnd.oci.image.layer.v1.tar+gzip`; a type of your own is `application/vnd.<vendor>.<name>+json` (or `+tar`, ...)."),
        format!("内容のメディアタイプを書いてください。例: `{OCI_MANIFEST}`、`application/vnd.oci.image.config.v1+json`、`application/vnd.oci.image.layer.v1.tar+gzip`。独自の型なら `application/vnd.<vendor>.<name>+json`（または `+tar` など）です。"),
    )))
}

/// `data` as Go decodes a `[]byte` field: standard base64 with padding, nothing else.
fn data_not_base64(path: &str, data: &str) -> Option<Finding> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    use base64::Engine;
    if STANDARD.decode(data).is_ok() {
        return None;
    }
    let (why_en, why_ja) = if STANDARD_NO_PAD.decode(data).is_ok() {
        (
            "its `=` padding is missing",
            "末尾の `=` によるパディングがありません",
        )
    } else {
        (
            "it has characters or a length base64 does not",
            "base64 にない文字か長さが含まれています",
        )
    };
    Some(
        Finding::new(Code::DataNotBase64, Text::new(
                format!("`{path}` is not standard base64 ({why_en}). The image-spec says `data` is base64 (RFC 4648 §4); Go reads it into bytes with the padded standard alphabet, so containerd, distribution and the image-spec's own validator refuse the whole document."),
                format!("`{path}` が標準の base64 ではありません（{why_ja}）。イメージ仕様では `data` は base64（RFC 4648 §4）で、Go はパディング付きの標準のアルファベットでバイト列として読むため、containerd、distribution、イメージ仕様自身の検証ツールはドキュメント全体を受け付けません。"),
            ),
        )
        .with_fix(Text::new(
            "Encode the content again with standard base64 and padding (`base64 -w0 FILE`), or drop `data`: it is optional.",
            "内容をパディング付きの標準の base64 でエンコードし直すか（`base64 -w0 FILE`）、`data` を削除してください（省略できます）。",
        )),
    )
}

/// An absolute URI as RFC 3986 writes it: a scheme, `:`, then only the characters a URI may
/// hold (unreserved, reserved, `%` and two hex digits).
fn is_absolute_uri(u: &str) -> bool {
    let Some((scheme, rest)) = u.split_once(':') else {
        return false;
    };
    let sb = scheme.as_bytes();
    let scheme_ok = sb.first().is_some_and(u8::is_ascii_alphabetic)
        && sb
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c));
    let rb = rest.as_bytes();
    let mut i = 0;
    while i < rb.len() {
        let c = rb[i];
        if c == b'%' {
            let hex = |j: usize| rb.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    scheme_ok
}

fn url_malformed(path: &str, url: &str) -> Finding {
    Finding::new(Code::UrlMalformed, Text::new(
            format!("`{url}` at `{path}` is not an absolute URI (RFC 3986: a scheme such as `https:`, then no spaces or characters outside the URI alphabet). `urls` lists where the content can be downloaded; the image-spec requires each entry to be a URI, and its schema refuses the document."),
            format!("`{path}` の `{url}` は絶対 URI ではありません（RFC 3986: `https:` などのスキームで始まり、空白や URI に使えない文字を含まない）。`urls` は内容をダウンロードできる場所の一覧で、イメージ仕様は各エントリーが URI であることを求め、そのスキーマはドキュメントを受け付けません。"),
        ),
    )
    .with_fix(Text::new(
        "Write the full URL (`https://host/path`), with spaces and other characters percent-encoded, or drop `urls` (it is only for content outside the registry).",
        "完全な URL（`https://host/path`）を書き、空白などはパーセントエンコードしてください。または `urls` を削除してください（レジストリの外にある内容のためだけのものです）。",
    ))
}

/// A config's `Env`: each entry `NAME=value`, as the image-spec's validator checks
/// (`^[^=]+=.*$`).
fn env(here: &Here, json: &Json, out: &mut Vec<Finding>) {
    let Some(items) = json
        .get("config")
        .and_then(|c| c.get("Env"))
        .and_then(Json::array)
    else {
        return;
    };
    for (i, e) in items.iter().enumerate() {
        let Some(s) = e.str() else {
            continue;
        };
        if s.find('=').is_some_and(|at| at > 0) {
            continue;
        }
        let path = format!("$.config.Env[{i}]");
        let f = Finding::new(Code::EnvMalformed, Text::new(
                format!("`{s}` at `{path}` is not `NAME=value`. The image-spec's validator refuses it; a runtime passes it on as written, and the program sees no variable of that name (C's `getenv` and Go's `os.Getenv` skip entries without `=`)."),
                format!("`{path}` の `{s}` は `NAME=value` の形ではありません。イメージ仕様の検証ツールは受け付けません。ランタイムはそのまま渡しますが、プログラムからはその名前の変数は見えません（C の `getenv` も Go の `os.Getenv` も `=` のないエントリーを飛ばします）。"),
            ),
        )
        .with_fix(Text::new(
            "Write it as `NAME=value` in the Dockerfile (`ENV NAME=value`) or the tool that made the config.",
            "Dockerfile（`ENV NAME=value`）や config を作ったツールで `NAME=value` の形に書いてください。",
        ));
        out.push(here.at(f, &path, Some(e.span.start)));
    }
}

fn missing_descriptor_type(path: &str) -> Finding {
    Finding::with_severity(Code::MissingMediaType, Severity::Error, Text::new(
            format!("The descriptor at `{path}` has no `mediaType`. A descriptor MUST carry the media type of the content it points to: clients use it to decide how to read that content, and registries may reject the document."),
            format!("`{path}` のディスクリプターに `mediaType` がありません。ディスクリプターには参照先のコンテンツのメディアタイプを必ず（MUST）記載しなければなりません。クライアントはこれを見て内容の読み方を決めるため、レジストリがドキュメントを拒否することもあります。"),
        ),
    )
    .with_fix(Text::new(
        format!("Add the media type of the referenced content, e.g. `{OCI_MANIFEST}` for an image manifest, `application/vnd.oci.image.config.v1+json` for a config, `application/vnd.oci.image.layer.v1.tar+gzip` for a gzip layer."),
        format!("参照先のコンテンツのメディアタイプを追加してください。例: イメージマニフェストなら `{OCI_MANIFEST}`、config なら `application/vnd.oci.image.config.v1+json`、gzip 圧縮のレイヤーなら `application/vnd.oci.image.layer.v1.tar+gzip`。"),
    ))
}

fn unknown_entry_type(path: Spot, t: &str) -> Finding {
    Finding::new(Code::UnknownMediaType, Text::new(
            format!("The entry at `{path}` has media type `{t}`, which is not an OCI or Docker manifest or index type. That is allowed (artifacts and other content can be listed), but clients that pull images for a platform skip it."),
            format!("`{path}` のエントリーのメディアタイプ `{t}` は、OCI や Docker のマニフェスト・インデックスの型ではありません。これは許されています（アーティファクトなども並べられます）が、プラットフォーム向けにイメージをプルするクライアントはこのエントリーを無視します。"),
        ),
    )
}

fn typo_blob_type(path: Spot, t: &str) -> Finding {
    Finding::new(Code::UnknownMediaType, Text::new(
            format!("`{t}` at `{path}` is named like an OCI or Docker type, but no spec defines it (a typo?). It is treated as opaque content: a runtime will not use it as an image config or unpack it as a layer."),
            format!("`{path}` の `{t}` は OCI や Docker の型のような名前ですが、どの仕様にも定義されていません（綴りの誤りかもしれません）。不透明なコンテンツとして扱われ、ランタイムはこれをイメージの config として使ったり、レイヤーとして展開したりしません。"),
        ),
    )
    .with_fix(Text::new(
        "Check the spelling against the image spec (`media-types.md`) or the Docker manifest v2 schema 2 spec.",
        "イメージ仕様（`media-types.md`）または Docker の manifest v2 schema 2 仕様と照らして綴りを確認してください。",
    ))
}

fn mix_fix() -> Text {
    Text::new(
        "Build and push with one format: with buildx, `--output type=image,push=true,oci-mediatypes=true` writes OCI everywhere (`oci-mediatypes=false` writes Docker everywhere); when copying, convert the whole image, e.g. `skopeo copy --all --format oci`.",
        "1 つの形式に揃えてビルド・プッシュしてください。buildx なら `--output type=image,push=true,oci-mediatypes=true` ですべて OCI 形式になります（`oci-mediatypes=false` ならすべて Docker 形式）。コピーする場合はイメージ全体を変換してください（例: `skopeo copy --all --format oci`）。",
    )
}

fn docker_list_with_oci(n: usize, first: &str) -> Finding {
    Finding::new(Code::DockerListWithOci, Text::new(
            format!("This Docker manifest list holds {n} OCI entr{} (first at `{first}`). A Docker list is meant to hold Docker manifests; older clients and registries that expect one format reject the mix or fail to pull.", if n == 1 { "y" } else { "ies" }),
            format!("この Docker マニフェストリストには OCI 形式のエントリーが {n} 個含まれています（最初は `{first}`）。Docker のリストは Docker 形式のマニフェストを並べるためのものです。1 つの形式を前提とする古いクライアントやレジストリは、混在を拒否したりプルに失敗したりします。"),
        ),
    )
    .with_fix(mix_fix())
}

fn oci_index_with_docker(n: usize, first: &str) -> Finding {
    Finding::new(Code::OciIndexWithDocker, Text::new(
            format!("This OCI index holds {n} Docker manifest or list entr{} (first at `{first}`). The image spec expects OCI manifests in an OCI index; older clients and registries that expect one format reject the mix or fail to pull.", if n == 1 { "y" } else { "ies" }),
            format!("この OCI インデックスには Docker 形式のマニフェストまたはリストのエントリーが {n} 個含まれています（最初は `{first}`）。イメージ仕様は OCI インデックスに OCI マニフェストを並べることを想定しています。1 つの形式を前提とする古いクライアントやレジストリは、混在を拒否したりプルに失敗したりします。"),
        ),
    )
    .with_fix(mix_fix())
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys

fn duplicate_keys(
    here: &Here,
    json: &Json,
    seen: &mut HashSet<(usize, usize)>,
    out: &mut Vec<Finding>,
) {
    for (path, key, span) in json.duplicate_keys() {
        // Documents cut from one value (a tool's wrapper) share spans: report each key once.
        if here.input.is_some() && !seen.insert((here.doc.input, span.start)) {
            continue;
        }
        let at = path_key(&path, &key);
        let f = Finding::new(Code::DuplicateKey, Text::new(
                format!("The key `{key}` appears more than once in the object at `{path}`. JSON parsers disagree on which one wins: Go's encoding/json (registries, Docker, containerd) keeps the last, others keep the first, so a registry and a runtime can see different content behind the same digest."),
                format!("`{path}` のオブジェクトでキー `{key}` が複数回出現しています。どちらが有効になるかは JSON パーサーによって異なり、Go の encoding/json（レジストリ、Docker、containerd）は最後の値を、他のパーサーは最初の値を採用します。そのため、同じダイジェストでもレジストリとランタイムで異なる内容として解釈される可能性があります。"),
            ),
        )
        .with_fix(Text::new(
            "Remove the duplicate so that each key appears once, then push the document again (its digest changes). If you did not write it, treat it as suspicious: duplicates are a known way to hide content from one parser.",
            "各キーが 1 回だけ出現するよう重複を削除し、ドキュメントをプッシュし直してください（ダイジェストは変わります）。自分で書いたものでなければ疑ってかかってください。キーの重複は、特定のパーサーから内容を隠す手口として知られています。",
        ));
        out.push(here.at(f, &at, Some(span.start)));
    }
}

// ---------------------------------------------------------------------------------------------
// A descriptor against the document it points to

fn descriptor_vs_document(cx: &Ctx, out: &mut Vec<Finding>) {
    let docs = &cx.documents;
    // Digest -> documents that are that digest (exact: recomputed; re-serialised: claimed).
    let mut by_digest: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, d) in docs.iter().enumerate() {
        if !matches!(d.kind, Kind::Index | Kind::Manifest | Kind::Schema1) {
            continue;
        }
        let keys: Vec<&str> = match d.exactness {
            Exactness::Exact => d.digest.as_deref().into_iter().collect(),
            Exactness::NotOriginal(_) => d.claims.iter().map(|c| c.digest.as_str()).collect(),
        };
        for k in keys {
            let v = by_digest.entry(k).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    for (p, parent) in docs.iter().enumerate() {
        if parent.json.is_none() || !matches!(parent.kind, Kind::Index | Kind::Manifest) {
            continue;
        }
        let here = Here::new(cx.located(parent.input), parent, p);
        for d in &parent.descriptors {
            let (Some(dg), Some(said)) = (d.digest.as_deref(), d.media_type.as_deref()) else {
                continue;
            };
            for &t in by_digest.get(dg).map(Vec::as_slice).unwrap_or_default() {
                if t == p {
                    continue;
                }
                let Some(target) = docs.get(t) else {
                    continue;
                };
                // A list rebuilt by `docker manifest inspect` carries Docker's types, not the
                // registry's.
                if target.format == Format::ManifestInspect && target.kind == Kind::Index {
                    continue;
                }
                let own = target.json.as_ref().and_then(|j| j.get_str("mediaType"));
                let f = match own {
                    Some(own) if !same_type(own, said) => type_differs(&d.path, said, t, own),
                    Some(_) => continue,
                    None => {
                        let said_index = family(said).map(is_index);
                        let content_index = match target.kind {
                            Kind::Index => Some(true),
                            Kind::Manifest => Some(false),
                            _ => None,
                        };
                        match (said_index, content_index) {
                            (Some(a), Some(b)) if a != b => kind_differs(&d.path, said, t, b),
                            _ => continue,
                        }
                    }
                };
                out.push(here.at(f, &path_key(&d.path, "mediaType"), None));
            }
        }
    }
}

fn type_differs(path: &str, said: &str, t: usize, own: &str) -> Finding {
    Finding::with_severity(Code::MediaTypeMismatch, Severity::Warning, Text::new(
            format!("The descriptor at `{path}` says `{said}`, but the document it points to (document #{t}, same digest) says `{own}`. Per the image spec, when the digest matches, the descriptor's media type wins: clients read it as `{said}`."),
            format!("`{path}` のディスクリプターは `{said}` ですが、参照先のドキュメント（ドキュメント #{t}、同じダイジェスト）は `{own}` です。イメージ仕様では、ダイジェストが一致する場合はディスクリプターのメディアタイプが優先されるため、クライアントは `{said}` として読み取ります。"),
        ),
    )
    .with_fix(Text::new(
        "Make the two agree: rebuild the parent so that its descriptor carries the document's own `mediaType` (changing the document instead changes its digest).",
        "両者を一致させてください。親を作り直し、ディスクリプターにドキュメント自身の `mediaType` を記載します（ドキュメント側を変えるとそのダイジェストが変わります）。",
    ))
}

fn kind_differs(path: &str, said: &str, t: usize, content_index: bool) -> Finding {
    let (is_en, is_ja) = if content_index {
        ("an index", "インデックス")
    } else {
        ("a manifest", "マニフェスト")
    };
    Finding::with_severity(Code::MediaTypeMismatch, Severity::Warning, Text::new(
            format!("The descriptor at `{path}` says `{said}`, but the document it points to (document #{t}, same digest, no `mediaType` of its own) is {is_en}. Per the image spec the descriptor's type wins, so clients will try to read it as the wrong kind and fail."),
            format!("`{path}` のディスクリプターは `{said}` ですが、参照先のドキュメント（ドキュメント #{t}、同じダイジェスト、自身の `mediaType` なし）の内容は{is_ja}です。イメージ仕様ではディスクリプターの型が優先されるため、クライアントは誤った種類として読もうとして失敗します。"),
        ),
    )
    .with_fix(Text::new(
        "Fix the descriptor's `mediaType` to the document's real kind and push the parent again.",
        "ディスクリプターの `mediaType` をドキュメントの実際の種類に合わせて修正し、親をプッシュし直してください。",
    ))
}

#[cfg(test)]
mod tests;
