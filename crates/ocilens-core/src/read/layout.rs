//! OCI image layouts given as several inputs named by their relative paths.
//!
//! A front door (the CLI reading a directory, the page receiving dropped files) hands a layout
//! over as inputs named `<root>/oci-layout`, `<root>/index.json` and `<root>/blobs/<alg>/<hex>`.
//! Every blob is named by its digest: a free ground truth, so each file name becomes a
//! `LayoutFileName` claim that `digest::verify` checks. This module only finds layouts, reads
//! their marker, hands `index.json` and the blobs to `detect::classify` (opaque blobs such as
//! layers are pushed as they are) and says which blobs the layout's descriptors miss.
//!
//! *Invariant*: never panics; a file under a layout root that is not `index.json`, `oci-layout`
//! or under `blobs/` is left to `input::read` like any loose file.

use crate::hash::HashMap;
use std::collections::{BTreeMap, BTreeSet};

use crate::findings::{Code, Finding, Severity};
use crate::read::detect::{self, Found, Hint};
use crate::read::json::{self, Json};
use crate::text::Text;
use crate::{Claim, ClaimSource, Ctx, DescriptorRole, Format, Verdict};

use crate::explain::knowledge::names::layout_name;
const INDEX: &str = "index.json";
const MARKER: &str = "oci-layout";
const BLOBS: &str = "blobs/";

/// Reads the inputs that form OCI image layouts; returns their indexes (read by nobody else).
pub(crate) fn read(cx: &mut Ctx) -> Vec<usize> {
    let names: Vec<String> = (0..cx.inputs.len()).map(|i| name_of(cx, i)).collect();
    let mut consumed = vec![false; names.len()];
    for (root, files) in roots(&names) {
        read_layout(cx, &root, &files, &mut consumed);
    }
    (0..names.len()).filter(|&i| consumed[i]).collect()
}

/// Input names with '/' separators (a Windows front door may hand over `\`).
fn name_of(cx: &Ctx, i: usize) -> String {
    cx.inputs
        .get(i)
        .map_or_else(String::new, |inp| inp.name.replace('\\', "/"))
}

/// What a file is to the layout rooted at `root` (a name prefix, `""` or `dir/`), if anything.
fn part_of(name: &str, root: &str) -> bool {
    name.strip_prefix(root)
        .is_some_and(|rest| rest == INDEX || rest == MARKER || rest.starts_with(BLOBS))
}

/// Layout roots as name prefixes (`""` or `dir/`): an `index.json` next to an `oci-layout`
/// marker and/or a `blobs/` directory. Longest roots first, so a nested layout claims its
/// files; each with the inputs that may be its files, in input order. Every name is looked at
/// once per folder it is in, so many layouts cost no more than one large one.
fn roots(names: &[String]) -> Vec<(String, Vec<usize>)> {
    // Every folder prefix of every name (`""`, `a/`, `a/b/`).
    let mut files: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, n) in names.iter().enumerate() {
        let ends = std::iter::once(0).chain(n.match_indices('/').map(|(i, _)| i + 1));
        for end in ends {
            if part_of(n, &n[..end]) {
                files.entry(&n[..end]).or_default().push(i);
            }
        }
    }
    let mut out: Vec<(String, Vec<usize>)> = files
        .into_iter()
        .filter(|(root, inputs)| {
            let rest = |&i: &usize| &names[i][root.len()..];
            inputs.iter().any(|i| rest(i) == INDEX)
                && inputs
                    .iter()
                    .any(|i| rest(i) == MARKER || rest(i).starts_with(BLOBS))
        })
        .map(|(root, inputs)| (root.to_string(), inputs))
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0))
    });
    out
}

/// A blob file of a layout, with what its name and first bytes say.
struct Blob {
    input: usize,
    /// `alg:hex` from the file name.
    digest: String,
    /// The parsed value, when the blob is JSON that parses.
    json: Option<Json>,
}

/// A descriptor found in `index.json` or a JSON blob, as far as this module needs it.
struct Pointer {
    /// Input holding the descriptor.
    input: usize,
    path: String,
    /// Byte offset of the descriptor in that input (for line and column).
    offset: usize,
    role: DescriptorRole,
    digest: String,
    media_type: Option<String>,
    /// The descriptor's `platform`, for an index entry.
    platform: Option<String>,
    /// `io.containerd.image.name` or `org.opencontainers.image.ref.name`, only from `index.json`.
    ref_name: Option<String>,
}

fn read_layout(cx: &mut Ctx, root: &str, files: &[usize], consumed: &mut [bool]) {
    let mut index: Option<usize> = None;
    let mut marker: Option<usize> = None;
    let mut blobs: Vec<Blob> = Vec::new();
    for &i in files {
        if consumed[i] {
            continue;
        }
        let name = name_of(cx, i);
        let Some(rest) = name.strip_prefix(root) else {
            continue;
        };
        if rest == INDEX {
            index = Some(i);
        } else if rest == MARKER {
            marker = Some(i);
            consumed[i] = true;
        } else if let Some(blob) = rest.strip_prefix(BLOBS) {
            consumed[i] = true;
            match blob_digest(blob) {
                Some(digest) => blobs.push(Blob {
                    input: i,
                    digest,
                    json: None,
                }),
                None => cx.finding(stray(&name, i)),
            }
        }
    }
    let Some(index) = index else { return };

    check_marker(cx, root, marker, index);

    // index.json that does not parse is not a layout we can read: leave it to `input::read`,
    // which reports the syntax error with line and column.
    let index_json = match cx.inputs.get(index).map(|inp| json::parse(&inp.bytes)) {
        Some(Ok(j)) => j,
        _ => {
            push_opaque_blobs(cx, &mut blobs);
            return;
        }
    };
    consumed[index] = true;
    cx.saw_format(index, Format::OciLayout);

    for b in &mut blobs {
        let bytes = cx.inputs.get(b.input).map_or(&[][..], |inp| &inp.bytes[..]);
        if looks_like_json(bytes) {
            // A layer may look like JSON and still not be: a parse failure makes it opaque.
            b.json = json::parse(bytes).ok();
        }
    }

    // Every descriptor of the layout: who points at what, with which media type and name.
    let mut pointers = pointers_in(&index_json, index, true);
    for b in &blobs {
        if let Some(j) = &b.json {
            pointers.extend(pointers_in(j, b.input, false));
        }
    }
    let mut media_types: HashMap<&str, &str> = HashMap::default();
    let mut ref_names: HashMap<&str, &str> = HashMap::default();
    for p in &pointers {
        if let Some(mt) = p.media_type.as_deref() {
            media_types.entry(p.digest.as_str()).or_insert(mt);
        }
        if let Some(r) = p.ref_name.as_deref() {
            ref_names.entry(p.digest.as_str()).or_insert(r);
        }
    }

    // Documents in reading order: index.json, then blobs as the descriptors reach them
    // (breadth first), then the blobs nothing points at, in input order.
    let order = blob_order(&blobs, &pointers, index);
    let mut first_doc: BTreeMap<usize, usize> = BTreeMap::new();
    first_doc.insert(index, cx.documents.len());
    let len = cx.inputs.get(index).map_or(0, |inp| inp.bytes.len());
    detect::classify(
        cx,
        Found {
            input: index,
            span: 0..len,
            line: 1,
            json: index_json,
            hint: Hint {
                format: Some(Format::OciLayout),
                ..Hint::default()
            },
        },
    );
    let mut blobs: Vec<Option<Blob>> = blobs.into_iter().map(Some).collect();
    for k in order {
        let Some(b) = blobs.get_mut(k).and_then(Option::take) else {
            continue;
        };
        first_doc.insert(b.input, cx.documents.len());
        let hint = Hint {
            format: Some(Format::OciLayout),
            claims: vec![file_name_claim(&b.digest)],
            reference: ref_names.get(b.digest.as_str()).map(|s| s.to_string()),
            media_type: media_types.get(b.digest.as_str()).map(|s| s.to_string()),
            ..Hint::default()
        };
        let len = cx.inputs.get(b.input).map_or(0, |inp| inp.bytes.len());
        match b.json {
            Some(json) => detect::classify(
                cx,
                Found {
                    input: b.input,
                    span: 0..len,
                    line: 1,
                    json,
                    hint,
                },
            ),
            None => push_opaque(cx, b.input, &b.digest, hint.media_type),
        }
    }

    missing_blobs(cx, root, files, index, &pointers, &first_doc);
}

/// `alg/hex` -> `alg:hex`, when the path under `blobs/` has that shape (OCI digest grammar:
/// `algorithm` is lowercase alphanumerics joined by `+._-`, `encoded` is `[a-zA-Z0-9=_-]+`).
fn blob_digest(rest: &str) -> Option<String> {
    let (alg, hex) = rest.split_once('/')?;
    let alg_ok = !alg.is_empty()
        && alg.split(['+', '.', '_', '-']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    let hex_ok = !hex.is_empty()
        && hex
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'=' | b'_' | b'-'));
    (alg_ok && hex_ok).then(|| format!("{alg}:{hex}"))
}

/// Whether a `manifests[]` entry points at an index rather than a manifest (for wording only).
pub(crate) fn is_index_type(media_type: Option<&str>) -> bool {
    matches!(
        media_type,
        Some(
            "application/vnd.oci.image.index.v1+json"
                | "application/vnd.docker.distribution.manifest.list.v2+json"
        )
    )
}

/// JSON documents start with `{` or `[` after whitespace; layers (tar, gzip, zstd) do not.
fn looks_like_json(bytes: &[u8]) -> bool {
    matches!(
        bytes
            .iter()
            .take(4096)
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')),
        Some(b'{' | b'[')
    )
}

fn file_name_claim(digest: &str) -> Claim {
    Claim {
        digest: digest.to_string(),
        source: ClaimSource::LayoutFileName,
        size: None,
        // Placeholder: `digest::verify` decides.
        verdict: Verdict::CannotRecompute,
        cause: None,
    }
}

/// A blob that is not JSON (a layer): kept as exact bytes so its digest is still verified.
fn push_opaque(cx: &mut Ctx, input: usize, digest: &str, media_type: Option<String>) {
    crate::read::push_opaque(
        cx,
        input,
        Format::OciLayout,
        media_type,
        vec![file_name_claim(digest)],
        "OCI layout blob (not JSON)",
    );
}

/// With no readable index.json the blobs are still checked against their names.
fn push_opaque_blobs(cx: &mut Ctx, blobs: &mut Vec<Blob>) {
    for b in blobs.drain(..) {
        push_opaque(cx, b.input, &b.digest, None);
    }
}

fn check_marker(cx: &mut Ctx, root: &str, marker: Option<usize>, index: usize) {
    let shown = if root.is_empty() {
        MARKER.to_string()
    } else {
        format!("{root}{MARKER}")
    };
    let Some(m) = marker else {
        cx.finding(
            Finding::new(Code::LayoutNoMarker, Text::new(
                    format!("This OCI image layout has no `{shown}` file. The spec requires it (`{{\"imageLayoutVersion\":\"1.0.0\"}}`); tools such as skopeo, umoci and crane refuse a layout without it. The blobs were still read."),
                    format!("この OCI イメージレイアウトには `{shown}` ファイルがありません。仕様上必須のファイル（`{{\"imageLayoutVersion\":\"1.0.0\"}}`）で、skopeo、umoci、crane などのツールはこれがないレイアウトを拒否します。blob の読み取りは続けました。"),
                ),
            )
            .with_fix(Text::new(
                format!("Add it: `printf '{{\"imageLayoutVersion\":\"1.0.0\"}}' > {shown}` (or copy the whole directory again, including `oci-layout`)."),
                format!("`printf '{{\"imageLayoutVersion\":\"1.0.0\"}}' > {shown}` で追加してください（または `oci-layout` を含めてディレクトリ全体をコピーし直してください）。"),
            ))
            .at_input(index),
        );
        return;
    };
    cx.saw_format(m, Format::OciLayout);
    let bytes = cx.inputs.get(m).map_or(&[][..], |inp| &inp.bytes[..]);
    let version = json::parse(bytes)
        .ok()
        .and_then(|j| j.get_str("imageLayoutVersion").map(str::to_string));
    match version.as_deref() {
        Some("1.0.0") => {}
        Some(other) => cx.finding(
            Finding::new(Code::LayoutNoMarker, Text::new(
                    format!("`{shown}` says imageLayoutVersion \"{other}\"; the OCI image layout spec defines only \"1.0.0\". Tools may refuse this layout."),
                    format!("`{shown}` の imageLayoutVersion が \"{other}\" になっています。OCI イメージレイアウト仕様が定めているのは \"1.0.0\" だけです。ツールがこのレイアウトを拒否することがあります。"),
                ),
            )
            .with_fix(Text::new(
                format!("Write `{{\"imageLayoutVersion\":\"1.0.0\"}}` to `{shown}`."),
                format!("`{shown}` の内容を `{{\"imageLayoutVersion\":\"1.0.0\"}}` にしてください。"),
            ))
            .at_input(m),
        ),
        None => cx.finding(
            Finding::new(Code::LayoutNoMarker, Text::new(
                    format!("`{shown}` is not the layout marker the spec requires: it must be a JSON object with \"imageLayoutVersion\": \"1.0.0\". Tools may refuse this layout."),
                    format!("`{shown}` が仕様どおりのレイアウトマーカーになっていません。\"imageLayoutVersion\": \"1.0.0\" を持つ JSON オブジェクトでなければなりません。ツールがこのレイアウトを拒否することがあります。"),
                ),
            )
            .with_fix(Text::new(
                format!("Write `{{\"imageLayoutVersion\":\"1.0.0\"}}` to `{shown}`."),
                format!("`{shown}` の内容を `{{\"imageLayoutVersion\":\"1.0.0\"}}` にしてください。"),
            ))
            .at_input(m),
        ),
    }
}

fn stray(name: &str, input: usize) -> Finding {
    Finding::new(Code::LayoutStrayFile, Text::new(
            format!("`{name}` is under `blobs/` but is not named `<algorithm>/<digest>`: it is no blob of the layout and was not read."),
            format!("`{name}` は `blobs/` の下にありますが、`<アルゴリズム>/<ダイジェスト>` という名前ではないため、レイアウトの blob ではありません。読み取りませんでした。"),
        ),
    )
    .with_fix(Text::new(
        "Remove it from the layout, or move it out of `blobs/` if it belongs elsewhere.",
        "レイアウトから削除するか、別の場所のファイルであれば `blobs/` の外へ移動してください。",
    ))
    .at_input(input)
}

/// The descriptors in `json` (index `manifests[]`, manifest `config`, `layers[]`, `subject`).
fn pointers_in(json: &Json, input: usize, is_index_json: bool) -> Vec<Pointer> {
    let mut out = Vec::new();
    let mut one = |d: &Json, path: String, role: DescriptorRole| {
        let Some(digest) = d.get_str("digest") else {
            return;
        };
        out.push(Pointer {
            input,
            path,
            offset: d.span.start,
            role,
            digest: digest.to_string(),
            media_type: d.get_str("mediaType").map(str::to_string),
            platform: d
                .get("platform")
                .and_then(crate::read::detect::parse_platform)
                .map(|p| p.to_string()),
            ref_name: if is_index_json {
                layout_name(|k| d.get("annotations").and_then(|a| a.get_str(k))).map(str::to_string)
            } else {
                None
            },
        });
    };
    for (key, role) in [
        ("manifests", DescriptorRole::Manifest),
        ("layers", DescriptorRole::Layer),
    ] {
        if let Some(items) = json.get(key).and_then(Json::array) {
            for (i, d) in items.iter().enumerate() {
                one(d, format!("$.{key}[{i}]"), role);
            }
        }
    }
    for (key, role) in [
        ("config", DescriptorRole::Config),
        ("subject", DescriptorRole::Subject),
    ] {
        if let Some(d) = json.get(key).filter(|d| d.is_object()) {
            one(d, format!("$.{key}"), role);
        }
    }
    out
}

/// Blob indexes (into `blobs`) breadth first from index.json, then the unreached ones.
fn blob_order(blobs: &[Blob], pointers: &[Pointer], index: usize) -> Vec<usize> {
    let by_digest: HashMap<&str, usize> = blobs
        .iter()
        .enumerate()
        .map(|(k, b)| (b.digest.as_str(), k))
        .collect();
    let mut order = Vec::new();
    let mut seen = vec![false; blobs.len()];
    let mut queue = std::collections::VecDeque::from([index]);
    // Each blob enters the queue once, so this ends even on reference cycles.
    while let Some(input) = queue.pop_front() {
        for p in pointers.iter().filter(|p| p.input == input) {
            if let Some(&k) = by_digest.get(p.digest.as_str()) {
                if let Some(false) = seen.get(k).copied() {
                    seen[k] = true;
                    order.push(k);
                    queue.push_back(blobs[k].input);
                }
            }
        }
    }
    order.extend((0..blobs.len()).filter(|&k| !seen[k]));
    order
}

fn missing_blobs(
    cx: &mut Ctx,
    root: &str,
    files: &[usize],
    index: usize,
    pointers: &[Pointer],
    first_doc: &BTreeMap<usize, usize>,
) {
    // The layout's own files (`roots` found them): what is not among them is missing.
    let mut present: Vec<String> = files
        .iter()
        .map(|&i| name_of(cx, i))
        .filter_map(|n| n.strip_prefix(root).map(str::to_string))
        .collect();
    crate::sort::sort(&mut present);
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    let has = |p: &Pointer| {
        let file = format!("{BLOBS}{}", p.digest.replacen(':', "/", 1));
        present.binary_search(&file).is_ok()
    };
    // A nested index (not `index.json`) holding some of its platforms and not others is an
    // export of chosen platforms: `docker save --platform`, `ctr images export --platform`.
    let kept: BTreeMap<usize, Vec<&str>> = pointers
        .iter()
        .filter(|p| p.role == DescriptorRole::Manifest && p.input != index && has(p))
        .fold(BTreeMap::new(), |mut m, p| {
            m.entry(p.input)
                .or_default()
                .push(p.platform.as_deref().unwrap_or("?"));
            m
        });
    for p in pointers {
        let Some((alg, hex)) = p.digest.split_once(':') else {
            // Malformed digests are the digest stage's finding.
            continue;
        };
        if blob_digest(&format!("{alg}/{hex}")).is_none() {
            continue;
        }
        let file = format!("{BLOBS}{alg}/{hex}");
        if has(p) || !reported.insert(p.digest.as_str()) {
            continue;
        }
        // Layers are often left out on purpose, and a subject may live in another layout; a
        // missing manifest or config breaks the image.
        let deliberate = matches!(p.role, DescriptorRole::Layer | DescriptorRole::Schema1Layer);
        let (severity, what_en, what_ja) = match p.role {
            DescriptorRole::Layer | DescriptorRole::Schema1Layer => {
                (Severity::Info, "layer", "レイヤー")
            }
            DescriptorRole::Config => (Severity::Warning, "config", "設定"),
            DescriptorRole::Subject => (Severity::Info, "subject", "subject"),
            DescriptorRole::Manifest if is_index_type(p.media_type.as_deref()) => {
                (Severity::Warning, "index", "インデックス")
            }
            DescriptorRole::Manifest => (Severity::Warning, "manifest", "マニフェスト"),
        };
        let shown = format!("{root}{file}");
        let chosen = match (p.role, kept.get(&p.input)) {
            (DescriptorRole::Manifest, Some(kept)) if !is_index_type(p.media_type.as_deref()) => {
                Some(kept.join(", "))
            }
            _ => None,
        };
        let (severity, message, fix) = if let Some(kept) = chosen {
            let platform = p.platform.as_deref().unwrap_or("?");
            (
                Severity::Info,
                Text::new(
                    format!("The index keeps its {platform} manifest ({}, at {}), but the layout does not hold it: it holds only {kept}. `docker save --platform`, `ctr images export --platform` and `nerdctl save --platform` write the image's whole index and the content of the chosen platforms only. `docker load` and `ctr images import` load what is here; the layout cannot be pushed or copied as the whole index.", p.digest, p.path),
                    format!("インデックスには {platform} のマニフェスト（{}、{}）がありますが、レイアウトにはありません。あるのは {kept} だけです。`docker save --platform`、`ctr images export --platform`、`nerdctl save --platform` はイメージのインデックス全体と、選んだプラットフォームの中身だけを書きます。`docker load` と `ctr images import` はここにある分を読み込みます。インデックス全体としてプッシュやコピーはできません。", p.digest, p.path),
                ),
                Text::new(
                    "Nothing is wrong if one platform was saved on purpose. For every platform, save again without `--platform` (Docker) or with `--all-platforms` (`ctr`, `nerdctl`).",
                    "意図して 1 つのプラットフォームだけを保存したのなら問題ありません。すべてのプラットフォームが必要なら、`--platform` なし（Docker）か `--all-platforms` 付き（`ctr`、`nerdctl`）で保存し直してください。",
                ),
            )
        } else {
            let (extra_en, extra_ja) = if deliberate {
                (
                    " Layer blobs are often left out on purpose (test fixtures, metadata-only copies); the image cannot be pulled or run from this layout as it is.",
                    "レイヤーの blob は意図的に省かれることがよくあります（テスト用フィクスチャ、メタデータだけのコピーなど）。ただし、このままではこのレイアウトからイメージをプル・実行できません。",
                )
            } else {
                (
                    " Without it, this part of the image cannot be read or verified, and tools copying the layout will fail.",
                    "これがないと、イメージのこの部分を読み取ることも検証することもできず、レイアウトをコピーするツールも失敗します。",
                )
            };
            (
                severity,
                Text::new(
                    format!("The {what_en} {} referenced at {} is not in the layout (no `{shown}`).{extra_en}", p.digest, p.path),
                    format!("{} で参照されている{what_ja} {} がレイアウト内にありません（`{shown}` がありません）。{extra_ja}", p.path, p.digest),
                ),
                Text::new(
                    "Copy the layout again with all blobs (e.g. `skopeo copy --all docker://REF oci:DIR`, or `oras copy --to-oci-layout`), or add the missing file.",
                    "すべての blob を含めてレイアウトをコピーし直すか（例: `skopeo copy --all docker://REF oci:DIR`、`oras copy --to-oci-layout`）、不足しているファイルを追加してください。",
                ),
            )
        };
        let mut f = Finding::with_severity(Code::LayoutMissingBlob, severity, message)
            .with_fix(fix)
            .at_input(p.input)
            .at_path(p.path.clone());
        if let Some(&doc) = first_doc.get(&p.input) {
            f = f.at_document(doc);
        }
        if p.input < cx.inputs.len() {
            let (l, c) = cx.line_col(p.input, p.offset);
            f = f.at_line(l, Some(c));
        }
        cx.finding(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::findings::Code;
    use crate::{analyze, ClaimSource, Format, Input, Kind, Severity};

    fn fixture_dir(name: &str) -> Vec<Input> {
        let root = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(&root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push(Input::new(
                        format!("{name}/{rel}"),
                        std::fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn codes(a: &crate::Analysis) -> Vec<(Code, Severity)> {
        a.findings
            .iter()
            .filter(|f| f.code.id().starts_with("layout-"))
            .map(|f| (f.code, f.severity))
            .collect()
    }

    #[test]
    fn buildkit_layout_blobs_carry_file_name_claims() {
        let inputs = fixture_dir("buildkit-oci-layout");
        let a = analyze(&inputs);
        // index.json + 11 blobs; the marker is consumed without a document.
        assert_eq!(a.documents.len(), 12);
        assert!(a.documents.iter().all(|d| d.format == Format::OciLayout));
        let index = &a.documents[0];
        assert!(a.inputs[index.input].name.ends_with("/index.json"));
        assert_eq!(index.kind, Kind::Index);
        assert!(index.claims.is_empty());
        // Breadth first: the image index comes right after index.json.
        assert_eq!(
            a.documents[1].claims[0].digest,
            "sha256:5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c"
        );
        for d in &a.documents[1..] {
            let name = &a.inputs[d.input].name;
            let hex = name.rsplit('/').next().unwrap();
            // Its file name is one claim; the descriptors pointing at it add others, and every
            // claim names the same digest.
            let from_name: Vec<_> = d
                .claims
                .iter()
                .filter(|c| c.source == ClaimSource::LayoutFileName)
                .collect();
            assert_eq!(from_name.len(), 1, "{name}");
            assert!(
                d.claims.iter().all(|c| c.digest == format!("sha256:{hex}")),
                "{name}: {:?}",
                d.claims
            );
            assert_eq!(d.span, 0..inputs[d.input].bytes.len());
        }
        // Media types come from the descriptors pointing at the blobs.
        let config = a
            .documents
            .iter()
            .find(|d| {
                a.inputs[d.input]
                    .name
                    .ends_with("31fb11342ef44e567c32519f5d6418f558d043626afb9b2a9a46db6f05dfdd9b")
            })
            .unwrap();
        assert_eq!(
            config.media_type.as_deref(),
            Some("application/vnd.oci.image.config.v1+json")
        );
        // The two layer blobs were left out on purpose: info, not warnings.
        assert_eq!(
            codes(&a),
            vec![
                (Code::LayoutMissingBlob, Severity::Info),
                (Code::LayoutMissingBlob, Severity::Info)
            ]
        );
    }

    #[test]
    fn index_only_layout_reports_missing_manifests_with_ref_names_kept() {
        let a = analyze(&fixture_dir("ggcr-layout-test_index"));
        assert_eq!(a.documents.len(), 1);
        assert_eq!(a.documents[0].kind, Kind::Index);
        let missing: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.code == Code::LayoutMissingBlob)
            .collect();
        assert_eq!(missing.len(), 4);
        assert!(missing.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(missing[0].location.path.as_deref(), Some("$.manifests[0]"));
        assert_eq!(missing[0].location.line, Some(4));
        assert_eq!(missing[0].location.document, Some(0));
    }

    #[test]
    fn ref_name_and_media_type_reach_the_blob() {
        let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;
        let hex = "0000000000000000000000000000000000000000000000000000000000000001";
        let index = format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{hex}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"v1"}}}}]}}"#,
            manifest.len()
        );
        let a = analyze(&[
            Input::new("l/oci-layout", &br#"{"imageLayoutVersion":"1.0.0"}"#[..]),
            Input::new("l/index.json", index.as_bytes()),
            Input::new(format!("l/blobs/sha256/{hex}"), &manifest[..]),
            Input::new(
                "l/blobs/sha256/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                &b"{}"[..],
            ),
        ]);
        let m = &a.documents[1];
        assert_eq!(m.kind, Kind::Manifest);
        assert_eq!(m.reference.as_deref(), Some("v1"));
        assert_eq!(
            a.documents[2].media_type.as_deref(),
            Some("application/vnd.oci.empty.v1+json")
        );
        assert!(codes(&a).is_empty());
    }

    #[test]
    fn layers_are_opaque_and_never_parsed() {
        let gz = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0];
        let a = analyze(&[
            Input::new("index.json", &br#"{"schemaVersion":2,"manifests":[]}"#[..]),
            Input::new("blobs/sha256/ab", &gz[..]),
            Input::new("blobs/sha256/cd", &b"{ not json"[..]),
        ]);
        assert_eq!(a.documents.len(), 3);
        for d in &a.documents[1..] {
            assert_eq!(d.kind, Kind::Opaque);
            assert!(d.json.is_none());
            assert_eq!(d.claims[0].source, ClaimSource::LayoutFileName);
        }
        // No marker: a warning, the blobs are read anyway.
        assert_eq!(codes(&a), vec![(Code::LayoutNoMarker, Severity::Warning)]);
    }

    #[test]
    fn stray_files_and_bad_markers_are_reported() {
        let a = analyze(&[
            Input::new("x/oci-layout", &br#"{"imageLayoutVersion":"2.0"}"#[..]),
            Input::new(
                "x/index.json",
                &br#"{"schemaVersion":2,"manifests":[]}"#[..],
            ),
            Input::new("x/blobs/.DS_Store", &b"junk"[..]),
            Input::new("x/blobs/sha256/AB/cd", &b"junk"[..]),
        ]);
        assert_eq!(
            codes(&a),
            vec![
                (Code::LayoutStrayFile, Severity::Info),
                (Code::LayoutStrayFile, Severity::Info),
                (Code::LayoutNoMarker, Severity::Warning),
            ]
        );
        assert_eq!(a.documents.len(), 1);
    }

    #[test]
    fn loose_files_and_two_layouts_live_side_by_side() {
        let idx = br#"{"schemaVersion":2,"manifests":[]}"#;
        let marker = br#"{"imageLayoutVersion":"1.0.0"}"#;
        let inputs = [
            Input::new("a/oci-layout", &marker[..]),
            Input::new("a/index.json", &idx[..]),
            Input::new("b/oci-layout", &marker[..]),
            Input::new("b/index.json", &idx[..]),
            Input::new("loose/index.json", &idx[..]),
        ];
        let mut cx = crate::pipeline::Ctx::new(&inputs);
        // `loose/index.json` has neither marker nor blobs: not a layout, left to `input`.
        assert_eq!(super::read(&mut cx), vec![0, 1, 2, 3]);
        assert_eq!(cx.documents.len(), 2);
    }

    #[test]
    fn blob_names_follow_the_digest_grammar() {
        assert_eq!(
            super::blob_digest("sha256/abc").as_deref(),
            Some("sha256:abc")
        );
        assert_eq!(
            super::blob_digest("sha256+b64u/a-b_c=").as_deref(),
            Some("sha256+b64u:a-b_c=")
        );
        assert_eq!(super::blob_digest("SHA256/abc"), None);
        assert_eq!(super::blob_digest("sha256/a/b"), None);
        assert_eq!(super::blob_digest("sha256/"), None);
        assert_eq!(super::blob_digest("index.json"), None);
    }
}
