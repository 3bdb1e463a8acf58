//! The archive stage of reading: each archive's [`Listing`](super::Listing) said as findings,
//! and `docker save`'s own files read.
//!
//! `docker save` has had three shapes, all read here, whether from a tar or a folder:
//! - **Docker 25 and later** (both image stores): an OCI image layout (read by `layout`) plus
//!   `manifest.json` (`Config`, `RepoTags`, `Layers` as paths under `blobs/`, `LayerSources`)
//!   and, for tagged images, `repositories`. An untagged save has `"manifests": null` in
//!   `index.json`. The classic store writes uncompressed layers (digest = diff_id); the
//!   containerd store writes what the registry served (an index, compressed layers).
//! - **Before Docker 25**, `podman save` and skopeo's `docker-archive:`: `manifest.json` whose
//!   `Config` is `<hex>.json` (the config, named by its digest) and whose `Layers` are
//!   uncompressed tars (`<id>/layer.tar`, `<hex>.tar`), `repositories`, and the v1 files
//!   `<id>/json` and `<id>/VERSION`. There is no image manifest: each `manifest.json` entry is
//!   drawn as the image (a [`Kind::Summary`] with the config and layers as descriptors, each
//!   layer's digest the config's `diff_ids` entry at its position).
//!
//! *Invariant*: never panics; every input it reads it marks consumed, so the paste reader never
//! sees a binary layer.

use crate::hash::HashMap;

use super::{Listing, Problem};
use crate::findings::{Code, Finding, Severity};
use crate::read::json::{self, Json};
use crate::text::Text;
use crate::{
    Claim, ClaimSource, Ctx, Descriptor, DescriptorRole, Document, Exactness, Format, Kind, Verdict,
};

const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
const DOCKER_LAYER_TAR: &str = "application/vnd.docker.image.rootfs.diff.tar";

/// Reads archives' listings and `docker save` files; marks what it read in `consumed`.
pub(crate) fn read(cx: &mut Ctx, consumed: &mut [bool]) {
    let n = cx.inputs.len();
    let names: Vec<String> = cx
        .inputs
        .iter()
        .map(|i| i.name.replace('\\', "/"))
        .collect();
    let mut by_name: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    // A link inside an archive (podman's `<id>/layer.tar -> ../<hex>.tar`) names its target.
    let aliases: Vec<(String, usize)> = (0..n)
        .filter_map(|i| Some((i, cx.inputs[i].listing.as_deref()?)))
        .flat_map(|(i, l)| {
            let by_name = &by_name;
            let root = &names[i];
            l.links.iter().filter_map(move |(from, to)| {
                let target = *by_name.get(&format!("{root}/{to}"))?;
                Some((format!("{root}/{from}"), target))
            })
        })
        .collect();
    for (from, target) in aliases {
        by_name.entry(from).or_insert(target);
    }
    // Archive roots (`app.tar/`), for what their members are.
    let mut archives: Vec<(usize, String)> = Vec::new();
    for i in 0..n {
        if cx.inputs[i].listing.is_some() {
            consumed[i] = true;
            archives.push((i, format!("{}/", names[i])));
        }
    }
    // docker save roots: a `manifest.json` that is an array of objects with `Config`.
    for i in 0..n {
        if consumed[i] {
            continue;
        }
        let root = match names[i].strip_suffix("manifest.json") {
            Some(r) if r.is_empty() || r.ends_with('/') => r.to_string(),
            _ => continue,
        };
        let Ok(j) = json::parse(&cx.inputs[i].bytes) else {
            continue;
        };
        let Some(entries) = j.array() else { continue };
        if entries.is_empty() || !entries.iter().all(|e| e.has("Config") || e.has("Layers")) {
            continue;
        }
        consumed[i] = true;
        cx.saw_format(i, Format::DockerSave);
        read_save(cx, &root, i, entries, &by_name, consumed);
    }
    for (i, root) in &archives {
        say_listing(cx, *i, root, &names);
    }
    // Members no reader took: large blobs, or bytes that are no text (a stray layer).
    for i in 0..n {
        let inp = &cx.inputs[i];
        let member = archives
            .iter()
            .any(|(_, r)| names[i].starts_with(r.as_str()));
        if consumed[i] || !(inp.streamed.is_some() || (member && !text_like(&inp.bytes))) {
            continue;
        }
        consumed[i] = true;
        push_blob(cx, i, None, Vec::new(), "archive member (not JSON)");
    }
}

/// Whether bytes read as text (JSON, a log) rather than a binary blob.
fn text_like(bytes: &[u8]) -> bool {
    !bytes[..bytes.len().min(4096)].contains(&0)
}

/// What the archive is, and each problem of its listing.
fn say_listing(cx: &mut Ctx, i: usize, root: &str, names: &[String]) {
    cx.saw_format(i, Format::Archive);
    let Some(listing) = cx.inputs[i].listing.as_deref().cloned() else {
        return;
    };
    let member = |rest: &str| {
        names
            .iter()
            .position(|n| n.strip_prefix(root) == Some(rest))
    };
    let has = |rest: &str| member(rest).is_some();
    // The containerd image store keeps what the registry served: `index.json` names the image's
    // own index (the classic store and skopeo name manifests).
    let nested = member("index.json")
        .and_then(|k| json::parse(&cx.inputs[k].bytes).ok())
        .is_some_and(|j| {
            j.get("manifests").and_then(Json::array).is_some_and(|m| {
                m.iter()
                    .any(|d| crate::read::layout::is_index_type(d.get_str("mediaType")))
            })
        });
    let (kind_en, kind_ja) = if has("manifest.json") && nested {
        (
            "a `docker save` archive from the containerd image store (Docker 25 and later with the containerd store, `ctr images export`, `nerdctl save`): an OCI image layout whose `index.json` names the image's own index, with the layers as the registry served them (compressed), plus Docker's `manifest.json`",
            "containerd のイメージストアの `docker save` のアーカイブ（containerd ストアの Docker 25 以降、`ctr images export`、`nerdctl save`）。`index.json` がイメージ自身のインデックスを指す OCI イメージレイアウトで、レイヤーはレジストリが配ったまま（圧縮済み）です。Docker の `manifest.json` も付いています",
        )
    } else if has("manifest.json") && has("index.json") {
        (
            "a `docker save` archive from Docker 25 or later: an OCI image layout plus Docker's `manifest.json`",
            "Docker 25 以降の `docker save` のアーカイブ（OCI イメージレイアウトに Docker の `manifest.json` を加えたもの）",
        )
    } else if has("manifest.json") {
        (
            "a `docker save` archive in the format before Docker 25 (also written by `podman save` and skopeo `docker-archive:`): `manifest.json`, the config as `<hex>.json` and uncompressed layer tars, no image manifest",
            "Docker 25 より前の形式の `docker save` のアーカイブ（`podman save` や skopeo の `docker-archive:` も書きます）。`manifest.json`、`<hex>.json` の config、無圧縮のレイヤーの tar からなり、イメージマニフェストはありません",
        )
    } else if has("index.json") {
        (
            "an OCI image layout as a tar (buildx `--output type=oci`, skopeo `oci-archive:`, umoci)",
            "tar にした OCI イメージレイアウト（buildx の `--output type=oci`、skopeo の `oci-archive:`、umoci）",
        )
    } else {
        (
            "a tar that is neither an OCI image layout nor a `docker save` archive (no `index.json`, no `manifest.json`)",
            "OCI イメージレイアウトでも `docker save` のアーカイブでもない tar（`index.json` も `manifest.json` もありません）",
        )
    };
    let comp = listing
        .compression
        .map(|c| format!(", {}-compressed", c.id()))
        .unwrap_or_default();
    let comp_ja = listing
        .compression
        .map(|c| format!("、{} 圧縮", c.id()))
        .unwrap_or_default();
    let streamed = listing.streamed;
    cx.finding(
        Finding::new(
            Code::Archive,
            Text::new(
                format!(
                    "This is {kind_en}{comp}: {} members, {} bytes of content, {} bytes read. {streamed} large member(s) were hashed as they streamed by, not kept; the rest are read as documents. Every blob is checked against its name and every descriptor naming it.",
                    listing.members, listing.member_bytes, listing.read
                ),
                format!(
                    "これは{kind_ja}です{comp_ja}。メンバー {} 個、内容 {} バイト、読んだのは {} バイトです。大きなメンバー {streamed} 個は読みながらハッシュし、保持していません。残りはドキュメントとして読みました。各 blob をその名前と、それを指す各ディスクリプターに照らして検査します。",
                    listing.members, listing.member_bytes, listing.read
                ),
            ),
        )
        .at_input(i),
    );
    problems(cx, i, &listing);
}

fn problems(cx: &mut Ctx, i: usize, listing: &Listing) {
    for p in &listing.problems {
        let (code, en, ja) = match p {
            Problem::Truncated { member, at, expected, got } => {
                let (what_en, what_ja) = match member {
                    Some(m) => (format!("inside `{m}`"), format!("`{m}` の途中")),
                    None => ("inside a header".to_string(), "ヘッダーの途中".to_string()),
                };
                (
                    Code::ArchiveDamaged,
                    format!("The archive ends {what_en} (tar offset {at}: {got} of {expected} bytes). It was cut short (an interrupted download or copy); what came before is analysed, and the cut blob does not match its digest."),
                    format!("アーカイブが{what_ja}で終わっています（tar のオフセット {at}、{expected} バイト中 {got} バイト）。ダウンロードかコピーが途中で止まったようです。それより前の分は解析しました。切れた blob はダイジェストと一致しません。"),
                )
            }
            Problem::BadHeader { at } => (
                Code::ArchiveDamaged,
                format!("At tar offset {at} a header was expected, but the block's checksum is wrong: the archive is corrupted from there (or two files were joined). Everything before it is analysed."),
                format!("tar のオフセット {at} にはヘッダーがあるはずですが、ブロックのチェックサムが合いません。そこから先が壊れています（または 2 つのファイルがつながっています）。それより前の分は解析しました。"),
            ),
            Problem::Decompress { message } => (
                Code::ArchiveDamaged,
                format!("The compressed archive cannot be decompressed past this point ({message}). What was read before it is analysed."),
                format!("圧縮されたアーカイブをこの先は展開できません（{message}）。それより前に読めた分は解析しました。"),
            ),
            Problem::Io { message } => (
                Code::ArchiveDamaged,
                format!("Reading the archive failed: {message}. What was read before it is analysed."),
                format!("アーカイブの読み込みに失敗しました: {message}。それより前に読めた分は解析しました。"),
            ),
            Problem::NotTar => (
                Code::ArchiveDamaged,
                "This is not a tar archive: its first block is no tar header. `docker save`, buildx `type=oci` and skopeo write tars (perhaps gzip- or zstd-compressed).".to_string(),
                "これは tar アーカイブではありません（最初のブロックが tar のヘッダーではありません）。`docker save`、buildx の `type=oci`、skopeo は tar（gzip か zstd で圧縮されることもあります）を書きます。".to_string(),
            ),
            Problem::NoEnd => (
                Code::ArchiveDamaged,
                "The archive has no end (the two zero blocks a tar ends with): it was probably cut short between two members, so members may be missing.".to_string(),
                "アーカイブに終端（tar の最後にある 2 つのゼロブロック）がありません。メンバーの切れ目で途中から切れた可能性が高く、メンバーが欠けているかもしれません。".to_string(),
            ),
            Problem::UnsafePath { path } => (
                Code::ArchiveUnsafeMember,
                format!("The member `{path}` climbs out of the archive or starts at the root. Extracting it would write outside the folder (a path-traversal attack); no image tool writes such names. It was not read."),
                format!("メンバー `{path}` はアーカイブの外へ出るか、ルートから始まるパスです。展開するとフォルダーの外に書き込みます（パストラバーサル攻撃）。イメージのツールはこのような名前を書きません。読み込んでいません。"),
            ),
            Problem::Link { path, target } => (
                Code::ArchiveUnsafeMember,
                format!("The member `{path}` is a link (to `{target}`). `docker save` and OCI layouts hold only files and folders at this level; a link could point anywhere. It was not followed."),
                format!("メンバー `{path}` はリンク（`{target}` へ）です。`docker save` や OCI レイアウトのこの階層にはファイルとフォルダーしかありません。リンクはどこでも指せるため、たどっていません。"),
            ),
            Problem::OtherType { path, kind } => (
                Code::ArchiveUnsafeMember,
                format!("The member `{path}` is of tar type `{}`, not a file or folder; image archives never hold one. It was skipped.", char::from(*kind).escape_default()),
                format!("メンバー `{path}` の tar の種類は `{}` で、ファイルでもフォルダーでもありません。イメージのアーカイブには入らないものです。読み飛ばしました。", char::from(*kind).escape_default()),
            ),
            Problem::Duplicate { path } => (
                Code::ArchiveUnsafeMember,
                format!("`{path}` is in the archive twice. Extracting keeps the last copy while a reader may use the first, so two tools can see different images. The first copy is read."),
                format!("`{path}` がアーカイブに 2 回入っています。展開すると最後のものが残りますが、最初のものを使う読み手もあり、ツールによって違うイメージに見えます。最初のものを読みました。"),
            ),
            Problem::HugeMeta { at, size } => (
                Code::ArchiveUnsafeMember,
                format!("At tar offset {at} a name header claims {size} bytes; a name is never that long. It was skipped."),
                format!("tar のオフセット {at} の名前ヘッダーが {size} バイトあると主張しています。名前がそんなに長いことはありません。読み飛ばしました。"),
            ),
            Problem::TooManyMembers => (
                Code::ArchiveUnsafeMember,
                format!("The archive has more than {} files; the rest were not listed. An image archive has a few per image.", super::MAX_MEMBERS),
                format!("アーカイブに {} 個を超えるファイルがあります。残りは一覧に入れていません。イメージのアーカイブはイメージ 1 つにつき数個です。", super::MAX_MEMBERS),
            ),
        };
        cx.finding(Finding::new(code, Text::new(en, ja)).at_input(i));
    }
}

/// One `manifest.json` entry, as far as it matters.
struct Entry {
    config: Option<String>,
    tags: Vec<String>,
    layers: Vec<String>,
}

fn entries_of(entries: &[Json]) -> Vec<Entry> {
    entries
        .iter()
        .map(|e| Entry {
            config: e.get_str("Config").map(str::to_string),
            tags: e
                .get("RepoTags")
                .and_then(Json::array)
                .unwrap_or(&[])
                .iter()
                .filter_map(|t| t.str().map(str::to_string))
                .collect(),
            layers: e
                .get("Layers")
                .and_then(Json::array)
                .unwrap_or(&[])
                .iter()
                .filter_map(|t| t.str().map(str::to_string))
                .collect(),
        })
        .collect()
}

fn read_save(
    cx: &mut Ctx,
    root: &str,
    manifest: usize,
    json_entries: &[Json],
    by_name: &HashMap<String, usize>,
    consumed: &mut [bool],
) {
    let entries = entries_of(json_entries);
    let find = |rel: &str| {
        let rel = rel.trim_start_matches("./");
        by_name.get(format!("{root}{rel}").as_str()).copied()
    };
    // Docker 25 and later put everything under `blobs/`: the layout reader drew it.
    let oci = find("index.json").is_some();
    // What only `docker load` reads, said in each language.
    let mut legacy_files: Vec<(String, String)> = Vec::new();
    if let Some(r) = find("repositories") {
        if !consumed[r] {
            consumed[r] = true;
            cx.saw_format(r, Format::DockerSave);
            legacy_files.push(("`repositories`".into(), "`repositories`".into()));
        }
    }
    // The v1 files: `<id>/json`, `<id>/VERSION` (read by nobody but `docker load`), and the
    // links podman and skopeo write as `<id>/layer.tar` (to the layer `<hex>.tar`).
    let prefix_len = root.len();
    let mut ids: std::collections::BTreeSet<&str> = Default::default();
    let mut v1: Vec<usize> = Vec::new();
    let mut links = 0;
    for (name, &i) in by_name {
        let Some((id, file)) = name
            .strip_prefix(root)
            .filter(|_| name.len() > prefix_len)
            .and_then(|rest| rest.split_once('/'))
        else {
            continue;
        };
        if !is_hex64(id) {
            continue;
        }
        match file {
            "json" | "VERSION" if !consumed[i] => {
                ids.insert(id);
                v1.push(i);
            }
            "layer.tar" if names_of(cx, i) != *name => links += 1,
            _ => {}
        }
    }
    for &i in &v1 {
        consumed[i] = true;
        cx.saw_format(i, Format::DockerSave);
    }
    if !ids.is_empty() {
        legacy_files.push((
            format!("`<id>/json` and `<id>/VERSION` of {} layer(s)", ids.len()),
            format!("レイヤー {} 個の `<id>/json` と `<id>/VERSION`", ids.len()),
        ));
    }
    if links > 0 {
        legacy_files.push((
            format!("{links} `<id>/layer.tar` link(s) to the layers (`<hex>.tar`), followed inside the archive"),
            format!("レイヤー（`<hex>.tar`）への `<id>/layer.tar` のリンク {links} 個（アーカイブの中でたどりました）"),
        ));
    }

    // Docker 25 keeps each layer's v1 metadata (`<id>/json` before) as a blob: it has an `id`
    // and no `rootfs`, and is no image config, whatever its `os` and `architecture` say.
    let mut v1_blobs = 0;
    for d in cx.documents.iter_mut() {
        let under = cx
            .inputs
            .get(d.input)
            .is_some_and(|i| i.name.replace('\\', "/").starts_with(root));
        let is_v1 = d.kind == Kind::Config
            && d.json
                .as_ref()
                .is_some_and(|j| !j.has("rootfs") && j.get_str("id").is_some_and(is_hex64));
        if under && is_v1 {
            d.kind = Kind::OtherJson;
            d.platform = None;
            d.detail = Some("docker save: a layer's legacy v1 metadata (`<id>/json`)".into());
            v1_blobs += 1;
        }
    }
    if v1_blobs > 0 {
        legacy_files.push((
            format!("{v1_blobs} v1 layer metadata blob(s) (`<id>/json` kept under `blobs/`)"),
            format!("v1 のレイヤー情報の blob {v1_blobs} 個（`blobs/` の下に残した `<id>/json`）"),
        ));
    }
    let null_manifests = find("index.json")
        .and_then(|i| json::parse(&cx.inputs[i].bytes).ok())
        .is_some_and(|j| {
            matches!(
                j.get("manifests").map(|m| &m.value),
                Some(json::Value::Null)
            )
        });

    let mut missing: Vec<String> = Vec::new();
    let mut pushed_layers: crate::hash::HashSet<usize> = Default::default();
    for (k, e) in entries.iter().enumerate() {
        let config_input = e.config.as_deref().and_then(find);
        if let Some(c) = &e.config {
            if config_input.is_none() {
                missing.push(c.clone());
            }
        }
        for l in &e.layers {
            if find(l).is_none() {
                missing.push(l.clone());
            }
        }
        if oci {
            continue;
        }
        // Before Docker 25: the entry is the image. Its config is named `<hex>.json`.
        let config_digest = e.config.as_deref().and_then(|c| {
            let hex = c.rsplit('/').next()?.strip_suffix(".json")?;
            is_hex64(hex).then(|| format!("sha256:{hex}"))
        });
        let diff_ids: Vec<String> = config_input
            .and_then(|c| json::parse(&cx.inputs[c].bytes).ok())
            .and_then(|j| {
                Some(
                    j.get("rootfs")?
                        .get("diff_ids")?
                        .array()?
                        .iter()
                        .filter_map(|d| d.str().map(str::to_string))
                        .collect(),
                )
            })
            .unwrap_or_default();
        let mut descriptors = vec![Descriptor {
            media_type: Some(DOCKER_CONFIG.into()),
            digest: config_digest,
            size: config_input.map(|c| cx.inputs[c].bytes.len() as u64),
            path: format!("$[{k}].Config"),
            role: DescriptorRole::Config,
            ..Descriptor::default()
        }];
        let mut layer_docs = Vec::new();
        for (n, l) in e.layers.iter().enumerate() {
            let input = find(l);
            let digest = diff_ids.get(n).cloned();
            descriptors.push(Descriptor {
                media_type: Some(DOCKER_LAYER_TAR.into()),
                digest: digest.clone(),
                size: input.map(|i| input_len(cx, i)),
                path: format!("$[{k}].Layers[{n}]"),
                role: DescriptorRole::Layer,
                ..Descriptor::default()
            });
            if let Some(i) = input {
                if pushed_layers.insert(i) && !consumed[i] {
                    consumed[i] = true;
                    layer_docs.push((i, digest, n));
                }
            }
        }
        let span = json_entries[k].span.clone();
        let bytes = cx.inputs[manifest]
            .bytes
            .get(span.clone())
            .unwrap_or(&[])
            .to_vec();
        let (line, _) = cx.line_col(manifest, span.start);
        let others = e
            .tags
            .iter()
            .skip(1)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        cx.documents.push(Document {
            input: manifest,
            span,
            line,
            format: Format::DockerSave,
            kind: Kind::Summary,
            media_type: None,
            bytes,
            exactness: Exactness::NotOriginal(Text::new(
                "`docker save`'s manifest.json entry: Docker's list of an image's config and layer files, not a registry manifest (it has no digest). The registry's manifest is not in an archive of this format.",
                "`docker save` の manifest.json のエントリーです。イメージの config とレイヤーのファイルを並べた Docker 独自のもので、レジストリのマニフェストではありません（ダイジェストもありません）。この形式のアーカイブにはレジストリのマニフェストは入っていません。",
            )),
            digest: None,
            digest_note: None,
            digest_sha512: None,
            claims: Vec::new(),
            json: Some(json_entries[k].clone()),
            descriptors,
            platform: None,
            reference: e.tags.first().cloned(),
            detail: Some(if others.is_empty() {
                "docker save manifest.json entry".to_string()
            } else {
                format!("docker save manifest.json entry (also tagged {others})")
            }),
            class: None,
            attestation: None,
            streamed: None,
        });
        for (i, digest, n) in layer_docs {
            let claims = digest
                .map(|d| Claim {
                    digest: d,
                    source: ClaimSource::ToolField {
                        field: format!("config rootfs.diff_ids[{n}]"),
                    },
                    size: None,
                    verdict: Verdict::CannotRecompute,
                    cause: None,
                })
                .into_iter()
                .collect();
            push_blob(
                cx,
                i,
                Some(DOCKER_LAYER_TAR.into()),
                claims,
                "docker save layer (uncompressed tar)",
            );
        }
    }
    if !missing.is_empty() {
        crate::sort::sort(&mut missing);
        missing.dedup();
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.finding(
            Finding::new(
                Code::ArchiveMissingMember,
                Text::new(
                    format!("`manifest.json` names files that are not in the archive: {list}. `docker load` fails with \"file not found\"; the archive was cut or edited."),
                    format!("`manifest.json` が、アーカイブにないファイルを指しています: {list}。`docker load` は \"file not found\" で失敗します。アーカイブが途中で切れたか、編集されています。"),
                ),
            )
            .with_fix(Text::new(
                "Save the image again (`docker save -o app.tar IMAGE`) and copy the whole file.",
                "イメージを保存し直し（`docker save -o app.tar IMAGE`）、ファイル全体をコピーしてください。",
            ))
            .at_input(manifest),
        );
    }
    let tags: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.tags.iter().map(String::as_str))
        .collect();
    let (tags_en, tags_ja) = if tags.is_empty() {
        (
            "It names no tag (`RepoTags` is null): the image was saved by its ID, so `docker load` gives it none.".to_string(),
            "タグはありません（`RepoTags` が null）。イメージを ID で保存したため、`docker load` してもタグは付きません。".to_string(),
        )
    } else {
        (
            format!("Its tags (`RepoTags`): {}.", tags.join(", ")),
            format!("タグ（`RepoTags`）: {}。", tags.join(", ")),
        )
    };
    let (shape_en, shape_ja) = if oci {
        (
            "Docker 25 and later write an OCI image layout (drawn from `index.json`) and keep `manifest.json` for older `docker load`s: its `Config` and `Layers` are paths under `blobs/`.",
            "Docker 25 以降は OCI イメージレイアウト（`index.json` から描画）を書き、古い `docker load` のために `manifest.json` も残します。その `Config` と `Layers` は `blobs/` の下のパスです。",
        )
    } else {
        (
            "Before Docker 25 there is no image manifest: each `manifest.json` entry is drawn as the image, its config named by its digest (`<hex>.json`) and each layer an uncompressed tar whose digest must be the config's `diff_ids` entry at its position. A registry's manifest digest cannot be known from this archive: `docker push` compresses the layers anew.",
            "Docker 25 より前の形式にはイメージマニフェストがありません。`manifest.json` の各エントリーをイメージとして描画します。config はダイジェストの名前（`<hex>.json`）で、各レイヤーは無圧縮の tar で、そのダイジェストは config の `diff_ids` の同じ位置の値と一致しなければなりません。レジストリでのマニフェストのダイジェストはこのアーカイブからは分かりません（`docker push` がレイヤーを圧縮し直すため）。",
        )
    };
    cx.finding(
        Finding::with_severity(
            Code::DockerSaveLegacy,
            Severity::Info,
            Text::new(
                format!(
                    "`docker save`'s `manifest.json`: {} image(s). {tags_en} {shape_en}{}{}",
                    entries.len(),
                    if null_manifests { " `index.json` says `\"manifests\": null`: Docker 25 and later write that for an image saved by its ID. The image spec requires an array, so tools that follow it strictly refuse the archive, while `docker load` reads `manifest.json` and does not mind; the manifest blob is still drawn, as a root." } else { "" },
                    if legacy_files.is_empty() {
                        String::new()
                    } else {
                        format!(" Legacy files read only by `docker load`: {} (`repositories` maps names to tags, `<id>/json` is the v1 layer metadata Docker 1.10 replaced by content digests).", legacy_files.iter().map(|(en, _)| en.as_str()).collect::<Vec<_>>().join(", "))
                    }
                ),
                format!(
                    "`docker save` の `manifest.json` です（イメージ {} 個）。{tags_ja}{shape_ja}{}{}",
                    entries.len(),
                    if null_manifests { "`index.json` が `\"manifests\": null` になっています。Docker 25 以降は、ID で保存したイメージにこう書きます。イメージ仕様では配列が必須なので、仕様に厳密なツールはこのアーカイブを拒否しますが、`docker load` は `manifest.json` を読むので問題にしません。マニフェストの blob はルートとして描画しています。" } else { "" },
                    if legacy_files.is_empty() {
                        String::new()
                    } else {
                        format!("`docker load` だけが読む古いファイル: {}（`repositories` は名前とタグの対応、`<id>/json` は Docker 1.10 でコンテンツのダイジェストに置き換わった v1 のレイヤー情報です）。", legacy_files.iter().map(|(_, ja)| ja.as_str()).collect::<Vec<_>>().join("、"))
                    }
                ),
            ),
        )
        .at_input(manifest),
    );
}

/// Whether this is 64 hex digits: a v1 layer id, or a sha256 named in a file name.
fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// An input's name with `/` separators (the key `by_name` has for it, unless it is a link's).
fn names_of(cx: &Ctx, i: usize) -> String {
    cx.inputs[i].name.replace('\\', "/")
}

/// The size of an input's content (streamed or kept).
fn input_len(cx: &Ctx, i: usize) -> u64 {
    cx.inputs[i]
        .streamed
        .as_ref()
        .map_or(cx.inputs[i].bytes.len() as u64, |s| s.size)
}

/// A blob (a layer, kept or streamed) as an opaque document.
fn push_blob(cx: &mut Ctx, i: usize, media_type: Option<String>, claims: Vec<Claim>, detail: &str) {
    crate::read::push_opaque(cx, i, Format::Archive, media_type, claims, detail);
}
