//! Tools' JSON wrappers around registry documents: imagetools `--format`, `docker manifest
//! inspect -v`, `skopeo inspect`, `oras manifest fetch --format json`, `docker inspect`.
//!
//! Each is recognised by its field names (Go's encoding/json writes them exactly), unwrapped into
//! one document per part, and the digests the tool printed become claims about the originals.

use base64::Engine as _;

use super::shape::{self, platform_from_key};
use super::{claim, push, Found, NewDoc, Tool};
use crate::findings::{Code, Finding};
use crate::read::json::{self, Json};
use crate::text::Text;
use crate::{Claim, ClaimSource, Ctx, Descriptor, DescriptorRole, Format, Kind, Platform};

/// Unwraps `found` if it is a tool's wrapper; `false` when it is not one (read it as raw JSON).
pub(super) fn unwrap(cx: &mut Ctx, found: &Found) -> bool {
    let j = &found.json;
    if let Some(items) = j.array() {
        if !items.is_empty() && items.iter().all(is_verbose) {
            for item in items {
                // Hint claims name the list, which `-v` does not print: they fit no element.
                manifest_inspect_verbose(cx, found, item, Vec::new());
            }
            return true;
        }
        if !items.is_empty() && items.iter().all(is_docker_inspect) {
            for item in items {
                docker_inspect(cx, found, item);
            }
            return true;
        }
        return false;
    }
    if !j.is_object() {
        return false;
    }
    if is_verbose(j) {
        manifest_inspect_verbose(cx, found, j, found.hint.claims.clone());
    } else if is_docker_inspect(j) {
        // `docker image inspect --format '{{json .}}'` prints one object, not the array.
        docker_inspect(cx, found, j);
    } else if is_skopeo(j) {
        skopeo(cx, found);
    } else if is_oras(j) {
        oras(cx, found);
    } else if is_imagetools_all(j) {
        imagetools_all(cx, found);
    } else if j.has("manifests") && j.has("digest") && j.has("size") {
        // A raw index never carries its own digest: this is `{{json .Manifest}}` of an index.
        let reference = found.hint.reference.clone();
        imagetools_manifest(
            cx,
            found,
            j,
            reference,
            found.hint.claims.clone(),
            "imagetools {{json .Manifest}}",
        );
    } else if let Some(map) = platform_map(j) {
        let reference = found.hint.reference.clone();
        let (what, label) = if map.iter().all(|(_, v)| shape::looks_like_config(v)) {
            (Part::Image, "imagetools {{json .Image}}")
        } else if map.iter().all(|(_, v)| v.has("SLSA")) {
            (Part::Provenance, "imagetools {{json .Provenance}}")
        } else if map.iter().all(|(_, v)| v.has("SPDX")) {
            (Part::Sbom, "imagetools {{json .SBOM}}")
        } else {
            return false;
        };
        per_platform(
            cx,
            found,
            &map,
            what,
            reference.as_deref(),
            label,
            found.hint.claims.clone(),
        );
    } else if j.has("SLSA") && j.members().is_some_and(|m| m.len() == 1) {
        let reference = found.hint.reference.clone();
        attestation_part(
            cx,
            found,
            j,
            Part::Provenance,
            None,
            reference,
            "imagetools {{json .Provenance}}",
        );
    } else if j.has("SPDX")
        && j.members().is_some_and(|m| {
            m.iter()
                .all(|m| m.key == "SPDX" || m.key == "AdditionalSPDXs")
        })
    {
        let reference = found.hint.reference.clone();
        attestation_part(
            cx,
            found,
            j,
            Part::Sbom,
            None,
            reference,
            "imagetools {{json .SBOM}}",
        );
    } else {
        return false;
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Why a part is not the original bytes (also the document's digest note).

pub(super) fn why_manifest_inspect_reindented() -> Text {
    Text::new(
        "`docker manifest inspect` re-indents the manifest with tabs and adds a newline: these are \
         not the registry's bytes, so the digest cannot be recomputed. Use `docker manifest inspect \
         -v` (its `Raw` field holds the exact bytes) or `docker buildx imagetools inspect --raw`.",
        "`docker manifest inspect` はマニフェストをタブでインデントし直し、末尾に改行を加えます。\
         レジストリのバイト列ではないため、ダイジェストを再計算できません。`docker manifest inspect -v`\
         （`Raw` フィールドに元のバイト列が入っています）か `docker buildx imagetools inspect --raw` を使ってください。",
    )
}

/// A file that is one tab-indented manifest: taken as its bytes, with this note.
pub(super) fn looks_reindented() -> Finding {
    Finding::new(Code::LooksReindented, Text::new(
            "This file is one manifest indented with tabs, as `docker manifest inspect` re-indents what it prints. A file is taken as the bytes it holds, so its digest was computed over them. If it was saved from `docker manifest inspect`, those are not the registry's bytes and the digest is not the registry's: save `docker buildx imagetools inspect --raw` (or `crane manifest`) instead.",
            "このファイルはタブでインデントされた 1 つのマニフェストで、`docker manifest inspect` が出力をインデントし直した形と同じです。ファイルは中のバイト列のまま扱うため、ダイジェストはそれに対して計算しました。`docker manifest inspect` の出力を保存したものなら、レジストリのバイト列ではなくダイジェストもレジストリのものとは違います。代わりに `docker buildx imagetools inspect --raw`（または `crane manifest`）の出力を保存してください。",
        ),
    )
}

pub(super) fn why_manifest_inspect_list() -> Text {
    Text::new(
        "`docker manifest inspect` rebuilds a manifest list from the entries it resolved (3-space \
         indent, its own key order, annotations dropped: attestation manifests show up as bare \
         unknown/unknown entries): these are not the registry's bytes, so the digest cannot be \
         recomputed. Use `docker buildx imagetools inspect --raw` for the exact bytes.",
        "`docker manifest inspect` は取得したエントリーからマニフェストリストを組み立て直します\
         （3 スペースのインデント、独自のキー順、アノテーションは削除されるため、アテステーション\
         マニフェストは単なる unknown/unknown のエントリーとして表示されます）。レジストリのバイト列ではないため、\
         ダイジェストを再計算できません。元のバイト列は `docker buildx imagetools inspect --raw` で取得してください。",
    )
}

pub(super) fn why_imagetools_config() -> Text {
    Text::new(
        "buildx decoded and re-encoded this image config for `--format`: these are not the \
         registry's bytes, so its digest cannot be recomputed.",
        "buildx は `--format` 出力のためにこのイメージ設定をデコードして再エンコードしています。\
         レジストリのバイト列ではないため、ダイジェストを再計算できません。",
    )
}

fn why_imagetools_index() -> Text {
    Text::new(
        "buildx re-serialised this index for `--format` (unknown fields dropped, annotation keys \
         sorted): these are not the registry's bytes, so its digest cannot be recomputed. Its \
         `size` still gives the original length; `docker buildx imagetools inspect --raw` prints \
         the exact bytes.",
        "buildx は `--format` 出力のためにこのインデックスを再シリアライズしています（未知のフィールドは\
         削除され、アノテーションのキーはソートされます）。レジストリのバイト列ではないため、ダイジェストを\
         再計算できません。`size` は元の長さを示しています。元のバイト列は \
         `docker buildx imagetools inspect --raw` で取得できます。",
    )
}

fn why_descriptor() -> Text {
    Text::new(
        "Only the descriptor of the manifest was printed (`{{json .Manifest}}` of a single image): \
         the manifest itself is not here, so there is nothing to hash. Its `digest` and `size` name \
         the manifest; paste `docker buildx imagetools inspect --raw` output to check them.",
        "マニフェストのディスクリプターだけが出力されています（単一イメージに対する `{{json .Manifest}}`）。\
         マニフェスト本体は含まれていないため、ハッシュを計算する対象がありません。`digest` と `size` は\
         マニフェストを指しています。検証するには `docker buildx imagetools inspect --raw` の出力を貼り付けてください。",
    )
}

fn why_attestation_part() -> Text {
    Text::new(
        "buildx prints only the predicate, decoded from the attestation layer: these are not the \
         bytes of the original in-toto statement, so no digest can be recomputed.",
        "buildx はアテステーションレイヤーからデコードした predicate だけを出力します。元の in-toto \
         ステートメントのバイト列ではないため、ダイジェストを再計算できません。",
    )
}

fn why_imagetools_empty() -> Text {
    Text::new(
        "buildx printed `\"manifest\": null`: it does not decode schema1 manifests or unknown media \
         types, so nothing but the name is here. `docker buildx imagetools inspect --raw` prints \
         the exact bytes.",
        "buildx は `\"manifest\": null` を出力しています。schema1 マニフェストや未知のメディアタイプは\
         デコードされないため、名前以外の情報はありません。元のバイト列は \
         `docker buildx imagetools inspect --raw` で取得できます。",
    )
}

fn why_buildinfo() -> Text {
    Text::new(
        "buildx (0.8-0.9) prints build information decoded from the image config: a summary, not \
         a registry document.",
        "buildx（0.8〜0.9）がイメージ設定からデコードしたビルド情報です。レジストリのドキュメントではなく要約です。",
    )
}

fn why_skopeo() -> Text {
    Text::new(
        "`skopeo inspect` prints a summary it builds itself, not the manifest. Its `Digest` is the \
         digest of what the reference points to (possibly the whole multi-platform index), while \
         the other fields describe one platform's image. `skopeo inspect --raw` prints the exact \
         bytes.",
        "`skopeo inspect` が出力するのは skopeo 自身が組み立てた要約で、マニフェストではありません。\
         `Digest` は参照先（マルチプラットフォームのインデックス全体の場合もあります）のダイジェストですが、\
         それ以外のフィールドは 1 つのプラットフォームのイメージを表しています。元のバイト列は \
         `skopeo inspect --raw` で取得できます。",
    )
}

fn why_oras() -> Text {
    Text::new(
        "`oras manifest fetch --format json` re-serialises the manifest in `content` with sorted \
         keys: these are not the registry's bytes, so the digest cannot be recomputed. The \
         `digest` printed beside it names the original; `oras manifest fetch` without `--format` \
         prints the exact bytes.",
        "`oras manifest fetch --format json` は `content` 内のマニフェストをキーをソートして再シリアライズします。\
         レジストリのバイト列ではないため、ダイジェストを再計算できません。横に出力される `digest` は元の\
         マニフェストを指しています。元のバイト列は `--format` なしの `oras manifest fetch` で取得できます。",
    )
}

fn why_docker_inspect() -> Text {
    Text::new(
        "`docker inspect` describes an image as the local Docker engine stores it, not a registry \
         document: nothing here can be hashed. Its `Id` and `RepoDigests` name the originals.",
        "`docker inspect` はローカルの Docker エンジンが保持するイメージの情報で、レジストリのドキュメントでは\
         ありません。ここにはハッシュを計算できるものがありません。`Id` と `RepoDigests` が元のドキュメントを指しています。",
    )
}

fn why_manifest_inspect_verbose_fallback() -> Text {
    Text::new(
        "The `Raw` bytes could not be decoded, so this is the manifest as `docker manifest inspect \
         -v` re-encoded it: not the registry's bytes.",
        "`Raw` のバイト列をデコードできなかったため、これは `docker manifest inspect -v` が再エンコードした\
         マニフェストです。レジストリのバイト列ではありません。",
    )
}

// ---------------------------------------------------------------------------------------------
// docker manifest inspect -v

fn is_verbose(j: &Json) -> bool {
    j.has("Ref") && j.has("Descriptor") && j.has("Raw")
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let e = &base64::engine::general_purpose::STANDARD;
    let np = &base64::engine::general_purpose::STANDARD_NO_PAD;
    e.decode(s).or_else(|_| np.decode(s)).ok()
}

fn manifest_inspect_verbose(cx: &mut Ctx, found: &Found, item: &Json, mut claims: Vec<Claim>) {
    let reference = item.get_str("Ref").map(str::to_string);
    let desc = item.get("Descriptor");
    let desc_media_type = desc
        .and_then(|d| d.get_str("mediaType"))
        .map(str::to_string);
    if let Some(d) = desc.and_then(|d| d.get_str("digest")) {
        let size = desc.and_then(|d| d.get_u64("size"));
        claims.push(claim(d, ClaimSource::ManifestInspectDescriptor, size));
    }
    if let Some((_, digest)) = reference.as_deref().and_then(|r| r.rsplit_once('@')) {
        claims.push(claim(digest, ClaimSource::Reference, None));
    }
    let platform = desc
        .and_then(|d| d.get("platform"))
        .and_then(super::parse_platform);
    let decoded = item.get("Raw").and_then(Json::str).and_then(decode_base64);
    let Some(bytes) = decoded else {
        let raw_path = "$.Raw";
        cx.finding(
            Finding::new(Code::RawNotBase64, Text::new(
                    "The `Raw` field of `docker manifest inspect -v` is not valid base64, so the \
                     exact manifest bytes cannot be recovered and the digest cannot be recomputed.",
                    "`docker manifest inspect -v` の `Raw` フィールドが正しい base64 ではないため、\
                     マニフェストの元のバイト列を復元できず、ダイジェストを再計算できません。",
                ),
            )
            .with_fix(Text::new(
                "Copy the whole output again without editing it (the `Raw` value is one long line).",
                "出力全体を編集せずにもう一度コピーしてください（`Raw` の値は 1 行の長い文字列です）。",
            ))
            .at_input(found.input)
            // The fallback document below is pushed next: it gets this index.
            .at_document(cx.documents.len())
            .at_path(raw_path)
            .at_line(cx.line_col(found.input, item.span.start).0, None),
        );
        // Fall back on the manifest docker printed beside `Raw` (decoded and re-encoded).
        let Some(m) = ["SchemaV2Manifest", "OCIManifest", "SchemaV1Manifest"]
            .iter()
            .find_map(|k| item.get(k))
        else {
            let mut nd = NewDoc::new(
                item.span.clone(),
                Format::ManifestInspectVerbose,
                Kind::Summary,
                None,
            )
            .not_original(why_manifest_inspect_verbose_fallback());
            nd.claims = claims;
            nd.reference = reference;
            nd.platform = platform;
            nd.media_type = desc_media_type;
            nd.detail = "docker manifest inspect -v (Raw unreadable)".into();
            push(cx, found.input, nd);
            return;
        };
        let kind = shape::raw_kind(m, desc_media_type.as_deref()).map_or(Kind::OtherJson, |k| k.0);
        let mut nd = NewDoc::new(
            m.span.clone(),
            Format::ManifestInspectVerbose,
            kind,
            Some(m.clone()),
        )
        .not_original(why_manifest_inspect_verbose_fallback());
        nd.claims = claims;
        nd.reference = reference;
        nd.platform = platform;
        nd.media_type = desc_media_type;
        nd.detail = "docker manifest inspect -v (Raw unreadable; re-encoded manifest)".into();
        push(cx, found.input, nd);
        return;
    };
    let parsed = json::parse(&bytes).ok();
    let (kind, what) = match &parsed {
        Some(p) => shape::raw_kind(p, desc_media_type.as_deref())
            .unwrap_or((Kind::OtherJson, "JSON".into())),
        None => (Kind::Opaque, "bytes that are not JSON".into()),
    };
    let mut nd = NewDoc::new(
        item.span.clone(),
        Format::ManifestInspectVerbose,
        kind,
        parsed,
    );
    nd.bytes = Some(bytes);
    nd.decoded = true;
    nd.claims = claims;
    nd.reference = reference;
    nd.platform = platform;
    nd.media_type = desc_media_type;
    nd.detail = format!("docker manifest inspect -v (Raw decoded: {what})");
    push(cx, found.input, nd);
}

// ---------------------------------------------------------------------------------------------
// skopeo inspect

fn is_skopeo(j: &Json) -> bool {
    j.has("Name")
        && j.has("Digest")
        && (j.has("LayersData") || j.has("Layers") || j.has("RepoTags"))
}

fn skopeo(cx: &mut Ctx, found: &Found) {
    let j = &found.json;
    let mut descriptors = Vec::new();
    if let Some(items) = j.get("LayersData").and_then(Json::array) {
        for (i, l) in items.iter().enumerate() {
            descriptors.push(Descriptor {
                media_type: l.get_str("MIMEType").map(str::to_string),
                digest: l.get_str("Digest").map(str::to_string),
                size: l.get_u64("Size"),
                annotations: l
                    .get("Annotations")
                    .and_then(Json::members)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|m| Some((m.key.to_string(), m.value.str()?.to_string())))
                    .collect(),
                path: format!("$.LayersData[{i}]"),
                role: DescriptorRole::Layer,
                ..Descriptor::default()
            });
        }
    } else if let Some(items) = j.get("Layers").and_then(Json::array) {
        for (i, l) in items.iter().enumerate() {
            descriptors.push(Descriptor {
                digest: l.str().map(str::to_string),
                path: format!("$.Layers[{i}]"),
                role: DescriptorRole::Layer,
                ..Descriptor::default()
            });
        }
    }
    let mut claims = found.hint.claims.clone();
    if let Some(d) = j.get_str("Digest") {
        claims.push(claim(
            d,
            ClaimSource::ToolField {
                field: "Digest".into(),
            },
            None,
        ));
    }
    let name = j.get_str("Name").filter(|n| !n.is_empty());
    let reference = match (name, j.get_str("Tag").filter(|t| !t.is_empty())) {
        (Some(n), Some(t)) => Some(format!("{n}:{t}")),
        (Some(n), None) => Some(n.to_string()),
        _ => found.hint.reference.clone(),
    };
    let mut nd = NewDoc::new(
        found.span.clone(),
        Format::SkopeoInspect,
        Kind::Summary,
        Some(j.clone()),
    )
    .not_original(why_skopeo());
    nd.line = Some(found.line);
    nd.platform = capitalised_platform(j);
    nd.descriptors = Some(descriptors);
    nd.claims = claims;
    nd.reference = reference;
    nd.detail =
        "skopeo inspect (Digest is the reference's digest; the rest is one platform)".into();
    push(cx, found.input, nd);
}

/// `Os`/`Architecture`/`Variant`/`OsVersion` as skopeo and docker inspect write them.
fn capitalised_platform(j: &Json) -> Option<Platform> {
    let os = j.get_str("Os");
    let arch = j.get_str("Architecture");
    if os.is_none() && arch.is_none() {
        return None;
    }
    Some(Platform {
        os: os.unwrap_or_default().to_string(),
        architecture: arch.unwrap_or_default().to_string(),
        variant: j
            .get_str("Variant")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        os_version: j
            .get_str("OsVersion")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        ..Platform::default()
    })
}

// ---------------------------------------------------------------------------------------------
// oras manifest fetch --format json

fn is_oras(j: &Json) -> bool {
    j.has("reference")
        && j.get("content").is_some_and(Json::is_object)
        && (j.has("digest") || j.has("mediaType"))
}

fn oras(cx: &mut Ctx, found: &Found) {
    let j = &found.json;
    let Some(content) = j.get("content") else {
        return;
    };
    let outer_type = j
        .get_str("mediaType")
        .map(str::to_string)
        .or_else(|| super::outside_media_type(&found.hint));
    let (kind, what) =
        shape::raw_kind(content, outer_type.as_deref()).unwrap_or((Kind::OtherJson, "JSON".into()));
    let mut claims = found.hint.claims.clone();
    if let Some(d) = j.get_str("digest") {
        claims.push(claim(
            d,
            ClaimSource::ToolField {
                field: "digest".into(),
            },
            j.get_u64("size"),
        ));
    }
    let mut nd = NewDoc::new(
        content.span.clone(),
        Format::OrasJson,
        kind,
        Some(content.clone()),
    )
    .not_original(why_oras());
    nd.media_type = outer_type;
    nd.claims = claims;
    nd.reference = j
        .get_str("reference")
        .map(str::to_string)
        .or_else(|| found.hint.reference.clone());
    nd.detail = format!("oras manifest fetch --format json: {what}");
    push(cx, found.input, nd);
}

// ---------------------------------------------------------------------------------------------
// docker inspect IMAGE

fn is_docker_inspect(j: &Json) -> bool {
    j.has("Id") && (j.has("RepoTags") || j.has("RootFS") || j.has("Architecture"))
}

fn docker_inspect(cx: &mut Ctx, found: &Found, item: &Json) {
    crate::read::docker_table::inspect(cx, found.input, item);
    let first = |key: &str| {
        item.get(key)
            .and_then(Json::array)
            .and_then(|a| a.first())
            .and_then(Json::str)
            .map(str::to_string)
    };
    let mut claims = Vec::new();
    if let Some(id) = item.get_str("Id").filter(|id| id.contains(':')) {
        claims.push(claim(
            id,
            ClaimSource::ToolField { field: "Id".into() },
            None,
        ));
    }
    for rd in item
        .get("RepoDigests")
        .and_then(Json::array)
        .unwrap_or_default()
    {
        if let Some((_, d)) = rd.str().and_then(|s| s.rsplit_once('@')) {
            claims.push(claim(
                d,
                ClaimSource::ToolField {
                    field: "RepoDigests".into(),
                },
                None,
            ));
        }
    }
    let created = item.get_str("Created").unwrap_or("?");
    let unset = created.starts_with("1970-01-01") || created.starts_with("0001-01-01");
    let mut nd = NewDoc::new(
        item.span.clone(),
        Format::DockerInspect,
        Kind::Summary,
        Some(item.clone()),
    )
    .not_original(why_docker_inspect());
    nd.platform = capitalised_platform(item);
    nd.claims = claims;
    nd.reference = first("RepoTags")
        .or_else(|| first("RepoDigests"))
        .or_else(|| found.hint.reference.clone());
    nd.descriptors = Some(Vec::new());
    nd.detail = if unset {
        format!(
            "docker inspect (Created {created}: an unset creation time, shown as \"N years ago\")"
        )
    } else {
        format!("docker inspect (Created {created})")
    };
    push(cx, found.input, nd);
}

// ---------------------------------------------------------------------------------------------
// docker buildx imagetools inspect --format

const IMAGETOOLS_KEYS: [&str; 8] = [
    "name",
    "manifest",
    "image",
    "provenance",
    "sbom",
    "Provenance",
    "SBOM",
    "buildinfo",
];

fn is_imagetools_all(j: &Json) -> bool {
    let Some(members) = j.members() else {
        return false;
    };
    j.get("name").is_some_and(|n| n.str().is_some())
        && members.len() >= 2
        && members.iter().all(|m| IMAGETOOLS_KEYS.contains(&&*m.key))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Image,
    Provenance,
    Sbom,
}

/// `{{json .}}`: `name`, `manifest`, `image` and, by buildx version, provenance/SBOM or buildinfo.
fn imagetools_all(cx: &mut Ctx, found: &Found) {
    let j = &found.json;
    let generation = if j.has("buildinfo") {
        "buildx 0.8-0.9"
    } else if j.has("Provenance") || j.has("SBOM") {
        "buildx 0.10"
    } else {
        "buildx >= 0.11"
    };
    let label = format!("imagetools {{{{json .}}}} ({generation})");
    let before = cx.documents.len();
    let reference = j
        .get_str("name")
        .map(str::to_string)
        .or_else(|| found.hint.reference.clone());
    let mut hint_claims = found.hint.claims.clone();
    if let Some(m) = j.get("manifest").filter(|m| m.is_object()) {
        imagetools_manifest(
            cx,
            found,
            m,
            reference.clone(),
            std::mem::take(&mut hint_claims),
            &label,
        );
    }
    if let Some(img) = j.get("image").filter(|i| i.is_object()) {
        match platform_map(img) {
            Some(map) => per_platform(
                cx,
                found,
                &map,
                Part::Image,
                reference.as_deref(),
                &label,
                std::mem::take(&mut hint_claims),
            ),
            None => {
                let mut nd = NewDoc::new(
                    img.span.clone(),
                    Format::ImagetoolsJson,
                    Kind::Config,
                    Some(img.clone()),
                )
                .not_original(why_imagetools_config());
                nd.reference = reference.clone();
                nd.claims = std::mem::take(&mut hint_claims);
                nd.detail = format!("{label}: image config");
                push(cx, found.input, nd);
            }
        }
    }
    for (key, part) in [
        ("provenance", Part::Provenance),
        ("Provenance", Part::Provenance),
        ("sbom", Part::Sbom),
        ("SBOM", Part::Sbom),
    ] {
        let Some(p) = j.get(key).filter(|p| p.is_object()) else {
            continue;
        };
        match platform_map(p) {
            Some(map) => per_platform(
                cx,
                found,
                &map,
                part,
                reference.as_deref(),
                &label,
                Vec::new(),
            ),
            None => attestation_part(cx, found, p, part, None, reference.clone(), &label),
        }
    }
    if let Some(b) = j.get("buildinfo").filter(|b| b.is_object()) {
        let mut nd = NewDoc::new(
            b.span.clone(),
            Format::ImagetoolsJson,
            Kind::Summary,
            Some(b.clone()),
        )
        .not_original(why_buildinfo());
        nd.reference = reference.clone();
        nd.descriptors = Some(Vec::new());
        nd.detail = format!("{label}: buildinfo");
        push(cx, found.input, nd);
    }
    if cx.documents.len() == before {
        // Schema1 and unknown media types give `"manifest": null` and no image: keep the wrapper.
        let mut nd = NewDoc::new(
            found.span.clone(),
            Format::ImagetoolsJson,
            Kind::Summary,
            Some(j.clone()),
        )
        .not_original(why_imagetools_empty());
        nd.line = Some(found.line);
        nd.reference = reference;
        nd.claims = hint_claims;
        nd.descriptors = Some(Vec::new());
        nd.detail = format!("{label}: manifest null (schema1 or an unknown media type)");
        push(cx, found.input, nd);
    }
}

/// The `manifest` part: a bare descriptor (single image) or a re-serialised index.
fn imagetools_manifest(
    cx: &mut Ctx,
    found: &Found,
    m: &Json,
    reference: Option<String>,
    mut claims: Vec<Claim>,
    label: &str,
) {
    if !m.has("manifests") {
        descriptor_only(cx, found, m, Tool::ImagetoolsFormat, reference, claims);
        return;
    }
    if let Some(d) = m.get_str("digest") {
        claims.push(claim(
            d,
            ClaimSource::ToolField {
                field: "digest".into(),
            },
            m.get_u64("size"),
        ));
    }
    let mut nd = NewDoc::new(
        m.span.clone(),
        Format::ImagetoolsJson,
        Kind::Index,
        Some(m.clone()),
    )
    .not_original(why_imagetools_index());
    nd.claims = claims;
    nd.reference = reference;
    nd.detail = format!("{label}: re-serialised index");
    push(cx, found.input, nd);
}

/// A bare descriptor `{mediaType, digest, size}`: it names a manifest that is not here.
pub(super) fn descriptor_only(
    cx: &mut Ctx,
    found: &Found,
    m: &Json,
    tool: Tool,
    reference: Option<String>,
    mut claims: Vec<Claim>,
) {
    // buildx's ocispec.Descriptor marshals exactly these three fields in this order.
    let keys: Vec<&str> = m
        .members()
        .unwrap_or_default()
        .iter()
        .map(|m| &*m.key)
        .collect();
    let buildx = tool == Tool::ImagetoolsFormat || keys == ["mediaType", "digest", "size"];
    let format = if buildx {
        Format::ImagetoolsJson
    } else {
        Format::RawJson
    };
    // Its fields' types are checked as the document is pushed (`shape::descriptors_checked`).
    let d = shape::descriptor(m, "$".into(), DescriptorRole::Manifest, &mut Vec::new());
    if let Some(digest) = d.as_ref().and_then(|d| d.digest.as_deref()) {
        claims.push(claim(
            digest,
            ClaimSource::ToolField {
                field: "digest".into(),
            },
            d.as_ref().and_then(|d| d.size),
        ));
    }
    let mut nd = NewDoc::new(m.span.clone(), format, Kind::Descriptor, Some(m.clone()))
        .not_original(why_descriptor());
    nd.claims = claims;
    nd.reference = reference.or_else(|| found.hint.reference.clone());
    nd.media_type = super::outside_media_type(&found.hint);
    nd.detail = if buildx {
        "imagetools {{json .Manifest}}: descriptor only".into()
    } else {
        "descriptor only".into()
    };
    push(cx, found.input, nd);
}

/// A map keyed by platform (`linux/amd64`, `linux/arm/v7`) whose values are objects.
fn platform_map(j: &Json) -> Option<Vec<(Platform, &Json)>> {
    let members = j.members()?;
    // Most objects are no such map: told by their first key, before anything is allocated.
    let first = members.first()?;
    if !first.value.is_object() || platform_from_key(&first.key).is_none() {
        return None;
    }
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if !m.value.is_object() {
            return None;
        }
        out.push((platform_from_key(&m.key)?, &m.value));
    }
    Some(out)
}

fn per_platform(
    cx: &mut Ctx,
    found: &Found,
    map: &[(Platform, &Json)],
    part: Part,
    reference: Option<&str>,
    label: &str,
    mut claims: Vec<Claim>,
) {
    for (platform, value) in map {
        match part {
            Part::Image => {
                let mut p = platform.clone();
                // Keys carry no os.version (Windows versions collide): take it from the config.
                if let Some(own) = super::parse_platform(value) {
                    p.os_version = own.os_version;
                    p.os_features = own.os_features;
                }
                let mut nd = NewDoc::new(
                    value.span.clone(),
                    Format::ImagetoolsJson,
                    Kind::Config,
                    Some((*value).clone()),
                )
                .not_original(why_imagetools_config());
                nd.platform = Some(p);
                nd.reference = reference.map(str::to_string);
                nd.claims = std::mem::take(&mut claims);
                nd.detail = format!("{label}: image config for {platform}");
                push(cx, found.input, nd);
            }
            Part::Provenance | Part::Sbom => {
                attestation_part(
                    cx,
                    found,
                    value,
                    part,
                    Some(platform.clone()),
                    reference.map(str::to_string),
                    label,
                );
            }
        }
    }
}

/// A provenance (`{"SLSA": ...}`) or SBOM (`{"SPDX": ...}`) part: the decoded predicate.
fn attestation_part(
    cx: &mut Ctx,
    found: &Found,
    p: &Json,
    part: Part,
    platform: Option<Platform>,
    reference: Option<String>,
    label: &str,
) {
    let what = if part == Part::Sbom {
        "SBOM (SPDX)"
    } else {
        "provenance (SLSA)"
    };
    let mut nd = NewDoc::new(
        p.span.clone(),
        Format::ImagetoolsJson,
        Kind::InTotoStatement,
        Some(p.clone()),
    )
    .not_original(why_attestation_part());
    nd.detail = match &platform {
        Some(pl) => format!("{label}: {what} for {pl}"),
        None => format!("{label}: {what}"),
    };
    nd.platform = platform;
    nd.reference = reference;
    nd.descriptors = Some(Vec::new());
    push(cx, found.input, nd);
}
