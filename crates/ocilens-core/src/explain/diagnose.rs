//! Diagnoses: answers to the questions people arrive with, from their own data.
//!
//! Runs after the tree is built. Each diagnosis is a finding with an explanation and a fix in
//! English and Japanese: a single-platform image ("why does my CI image have no Manifests
//! list?"), attestation manifests (`unknown/unknown`, tiny, "created 56 years ago"), missing or
//! epoch `created`, duplicate or missing platforms, index vs per-platform digests, layer
//! formats that need care (foreign, zstd, encrypted), an index platform that disagrees with its
//! image's config, and attestation subjects that do not name their image.

use crate::hash::HashMap;

use crate::explain::attestation;
use crate::findings::{Code, Finding, Severity};
use crate::read::json::Json;
use crate::text::Text;
use crate::{DescriptorRole, Document, Kind, NodeKind, TreeNode};

const BUILD_MULTI: &str =
    "docker buildx build --platform linux/amd64,linux/arm64 -t REPO:TAG --push .";

pub(crate) fn run(documents: &[Document], tree: &[TreeNode], findings: &mut Vec<Finding>) {
    let mut out = Vec::new();
    single_platform(documents, tree, &mut out);
    let mut indexes = Vec::new();
    let mut configs = Vec::new();
    for (n, parent) in TreeNode::with_parents(tree) {
        match n.kind {
            NodeKind::Index => indexes.push(n),
            NodeKind::Config => configs.push((n, parent)),
            _ => {}
        }
        layer_formats(n, &mut out);
    }
    // Each index document once, however many nodes show it (findings are per document).
    let mut seen_indexes = crate::hash::HashSet::default();
    for index in &indexes {
        if index.document.is_none_or(|d| seen_indexes.insert(d)) {
            index_entries(documents, index, &mut out);
            attestations(documents, index, &mut out);
        }
    }
    let mut seen_configs = crate::hash::HashSet::default();
    for (config, manifest) in configs {
        if let Some(doc) = config.document {
            if seen_configs.insert(doc) {
                created(documents, doc, &mut out);
            }
            if let Some(m) = manifest {
                platform_agrees(documents, m, doc, &mut out);
            }
        }
    }
    // Config documents pasted on their own (no manifest in the tree above them).
    for (i, d) in documents.iter().enumerate() {
        if d.kind == Kind::Config && !seen_configs.contains(&i) {
            created(documents, i, &mut out);
        }
    }
    // Each diagnosis once per code and location.
    let mut seen = crate::hash::HashSet::default();
    for f in out {
        let key = (f.code, f.location.document, f.location.path.clone());
        if seen.insert(key) {
            findings.push(f);
        }
    }
}

/// Depth-first walk giving each node and its parent.
fn annotation<'a>(n: &'a TreeNode, key: &str) -> Option<&'a str> {
    n.annotations
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn short(digest: &str) -> String {
    let hex = digest.split_once(':').map_or(digest, |(_, h)| h);
    hex.get(..12).unwrap_or(hex).to_string()
}

/// The entry number of a descriptor path `$.manifests[N]`.
fn entry_number(path: &str) -> Option<usize> {
    path.strip_prefix("$.manifests[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// An image manifest type (OCI, Docker schema2 or schema1), as opposed to an index or an
/// artifact's own type.
fn is_image_manifest_type(mt: &str) -> bool {
    let base = mt.split(';').next().unwrap_or(mt).trim();
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(base))
}

fn is_layout_index(d: &Document) -> bool {
    d.is_layout_index()
}

/// A manifest at the root with no index anywhere: a single-platform image.
fn single_platform(documents: &[Document], tree: &[TreeNode], out: &mut Vec<Finding>) {
    let has_index = TreeNode::nodes(tree).any(|n| n.kind == NodeKind::Index);
    let mut single = Vec::new();
    for root in tree {
        let top = if root.kind == NodeKind::Reference {
            root.children.first()
        } else {
            Some(root)
        };
        if let Some(t) = top {
            if matches!(t.kind, NodeKind::Manifest | NodeKind::Schema1) {
                single.push(t);
            }
        }
    }
    if has_index {
        return;
    }
    for m in single {
        let config_platform = m
            .children
            .iter()
            .find(|c| c.kind == NodeKind::Config)
            .and_then(|c| c.document)
            .and_then(|d| documents.get(d))
            .and_then(|d| d.platform.as_ref())
            .map(ToString::to_string)
            .or_else(|| m.platform.as_ref().map(ToString::to_string));
        let (en_p, ja_p) = match &config_platform {
            Some(p) => (
                format!("Its config says it is for {p}: only {p} machines can run it."),
                format!("config によると {p} 向けのイメージなので、実行できるのは {p} のマシンだけです。"),
            ),
            None => (
                "Paste its config too to see which platform it is for (`docker buildx imagetools inspect --format '{{json .Image}}' REF`).".to_string(),
                "どのプラットフォーム向けかを確かめるには、config も貼り付けてください（`docker buildx imagetools inspect --format '{{json .Image}}' REF` で取得できます）。".to_string(),
            ),
        };
        let mut f = Finding::new(Code::SinglePlatformImage, Text::new(
                format!("This is a single image manifest, not an index: there is no \"Manifests\" list because the image was built for one platform only, typically by `docker build` or `docker compose build` on a CI runner, which builds for the runner's own platform (usually linux/amd64). {en_p} A runtime does not check the platform of a single manifest when pulling; a mismatch shows up when the program starts (`exec format error`)."),
                format!("これはイメージインデックスではなく、単一のイメージマニフェストです。`Manifests` の一覧が無いのは、1 つのプラットフォーム向けにしかビルドされていないためです。CI ランナー上で `docker build` や `docker compose build` を実行すると、ランナー自身のプラットフォーム（多くは linux/amd64）向けのイメージだけがビルドされます。{ja_p}単一のマニフェストはプル時にプラットフォームが確認されないため、食い違いはコンテナーの起動時に `exec format error` として現れます。"),
            ),
        )
        .with_fix(Text::new(
            format!("To publish several platforms under one tag, build an index: `{BUILD_MULTI}` (on CI: docker/setup-qemu-action + docker/setup-buildx-action, then build-push-action with `platforms:`)."),
            format!("1 つのタグで複数のプラットフォームに対応するには、イメージインデックスとしてビルドします: `{BUILD_MULTI}`（CI では docker/setup-qemu-action と docker/setup-buildx-action を実行してから、docker/build-push-action に `platforms:` を指定します）。"),
        ));
        if let Some(d) = m.document {
            f = f.at_document(d);
        }
        out.push(f);
    }
}

/// Duplicate platforms, entries without a platform, and the index vs per-platform digest.
///
/// Reads the index document's own `manifests[]` in document order (the tree moves attestation
/// manifests under their images, so its child positions are not entry numbers).
fn index_entries(documents: &[Document], index: &TreeNode, out: &mut Vec<Finding>) {
    let Some(doc) = index.document.and_then(|d| documents.get(d)) else {
        return;
    };
    // An OCI layout's `index.json` lists whatever was stored, by reference name: nested indexes,
    // several images of one platform, artifacts. Platform rules are for the indexes it points to.
    if is_layout_index(doc) {
        return;
    }
    let at = |f: Finding| match index.document {
        Some(d) => f.at_document(d),
        None => f,
    };
    let mut by_platform: HashMap<String, Vec<(usize, &str)>> = HashMap::default();
    let mut images = 0;
    let entries = doc
        .descriptors
        .iter()
        .filter(|d| d.role == DescriptorRole::Manifest);
    for (ordinal, e) in entries.enumerate() {
        let i = entry_number(&e.path).unwrap_or(ordinal);
        let is_attestation = e
            .annotations
            .iter()
            .any(|(k, _)| k == crate::explain::knowledge::names::REFERENCE_TYPE);
        if is_attestation {
            continue;
        }
        match &e.platform {
            Some(p) => {
                // Entries that differ by os.version or os.features are told apart by runtimes.
                let mut key = p.to_string();
                if let Some(v) = &p.os_version {
                    key.push_str(&format!(" ({v})"));
                }
                if !p.os_features.is_empty() {
                    let mut f = p.os_features.clone();
                    crate::sort::sort(&mut f);
                    key.push_str(&format!(" [{}]", f.join(",")));
                }
                by_platform
                    .entry(key)
                    .or_default()
                    .push((i, e.path.as_str()));
                images += 1;
            }
            // Only image manifests need a platform: a nested index is not platform-specific, and
            // an index with its own artifactType (or an artifact entry) groups artifacts.
            None if e.media_type.as_deref().is_some_and(is_image_manifest_type)
                && e.artifact_type.is_none()
                && index.artifact_type.is_none() =>
            {
                out.push(at(Finding::new(Code::EntryWithoutPlatform, Text::new(
                        format!("Entry {i} of this index has no platform. Runtimes (containerd, Docker) take such an entry only when no entry matches their platform, and then run it whatever it was built for."),
                        format!("このイメージインデックスのエントリー {i} には `platform` が指定されていません。containerd や Docker は、自身のプラットフォームに一致するエントリーが 1 つも無い場合に限ってこのエントリーを選び、実際にどのプラットフォーム向けにビルドされたかにかかわらず実行します。"),
                    ),
                )
                .with_fix(Text::new(
                    "Give every image entry its platform (buildx and `docker manifest annotate` set it).",
                    "イメージのエントリーにはすべて `platform` を設定してください（buildx は自動で設定し、`docker manifest annotate` でも設定できます）。",
                ))
                .at_path(e.path.clone())));
            }
            None => {}
        }
    }
    let mut dups: Vec<_> = by_platform
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .collect();
    crate::sort::sort(&mut dups);
    for (p, entries) in dups {
        let list = entries
            .iter()
            .map(|(i, _)| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        out.push(at(Finding::new(Code::DuplicatePlatform, Text::new(
                format!("Entries {list} are all for {p}. A runtime takes the first one in index order; the others are never pulled by platform."),
                format!("エントリー {list} はいずれも {p} 向けです。ランタイムはインデックス内で先に現れるエントリーを選ぶため、残りのエントリーがプラットフォーム指定でプルされることはありません。"),
            ),
        )
        .with_fix(Text::new(
            "Keep one entry per platform (rebuild the index, e.g. `docker buildx imagetools create`), unless the duplicates differ by os.version or os.features on purpose.",
            "エントリーはプラットフォームごとに 1 つにしてください（`docker buildx imagetools create` などでイメージインデックスを作り直します）。ただし、os.version や os.features の違いで意図的に分けている場合はこの限りではありません。",
        ))
        .at_path(entries[1].1)));
    }
    if images > 1 {
        if let Some(d) = &index.digest {
            out.push(at(Finding::new(Code::IndexDigestVsPlatformDigest, Text::new(
                    format!("This index has its own digest ({}) and each platform image has another. `docker pull` prints the index digest; Docker Hub's tag page and `docker images --digests` on one machine may show the per-platform digest. Both are right: pin the index digest to stay multi-platform, a per-platform digest to fix one platform.", short(d)),
                    format!("このイメージインデックスには自身のダイジェスト（{}）があり、各プラットフォームのイメージにはそれぞれ別のダイジェストがあります。`docker pull` が表示するのはイメージインデックスのダイジェストですが、Docker Hub のタグのページや、個々のマシンでの `docker images --digests` ではプラットフォームごとのダイジェストが表示されることがあります。どちらも正しい値です。複数のプラットフォームに対応したまま固定するならイメージインデックスのダイジェストを、1 つのプラットフォームに固定するならそのプラットフォームのダイジェストを使います。", short(d)),
                ),
            )
            .with_fix(Text::new(
                "Nothing is wrong. To pin the image for every platform, use the index digest (`REPO@sha256:...` as `docker pull` prints it); `docker buildx imagetools inspect REPO:TAG` lists both kinds.",
                "問題はありません。すべてのプラットフォームを対象にイメージを固定するには、イメージインデックスのダイジェスト（`docker pull` が表示する `REPO@sha256:...`）を使います。両方のダイジェストは `docker buildx imagetools inspect REPO:TAG` で確認できます。",
            ))));
        }
    }
}

/// The nodes of an index that are its own, depth first with their parents: not a nested index,
/// nor what is under one (each nested index is diagnosed on its own). Each node is visited once,
/// so every index of a tree costs only its own part.
fn own_nodes(index: &TreeNode) -> Vec<(&TreeNode, Option<&TreeNode>)> {
    let mut out = vec![(index, None)];
    let mut stack: Vec<(&TreeNode, &TreeNode)> =
        index.children.iter().rev().map(|c| (c, index)).collect();
    while let Some((n, parent)) = stack.pop() {
        if n.kind == NodeKind::Index {
            continue;
        }
        out.push((n, Some(parent)));
        stack.extend(n.children.iter().rev().map(|c| (c, n)));
    }
    out
}

/// Attestation manifests: what they are, and whether their statements name their image.
fn attestations(documents: &[Document], index: &TreeNode, out: &mut Vec<Finding>) {
    let mut described = Vec::new();
    let mut count = 0;
    // The index's own nodes: a nested index (and what is under it) is diagnosed on its own.
    for (n, parent) in own_nodes(index) {
        if n.kind != NodeKind::AttestationManifest {
            continue;
        }
        count += 1;
        let target = annotation(n, crate::explain::knowledge::names::REFERENCE_DIGEST)
            .or_else(|| annotation(n, "com.docker.reference.digest"))
            .map(str::to_string);
        let platform = parent
            .and_then(|p| p.platform.as_ref())
            .map(ToString::to_string);
        if let Some(t) = &target {
            described.push(match &platform {
                Some(p) => format!("{} → {p}", short(t)),
                None => short(t),
            });
            // Its layers' statements should name the image they describe.
            for layer in &n.children {
                let Some(doc) = layer.document.and_then(|d| documents.get(d)) else {
                    continue;
                };
                let Some(st) = doc.json.as_ref().and_then(attestation::decode) else {
                    continue;
                };
                if st.subjects.iter().any(|s| s.names(t)) {
                    continue;
                }
                let (en, ja) = if st.subjects.is_empty() {
                    (
                        format!("This in-toto statement ({}) has an empty `subject`: it does not itself name the image it describes ({}). Only the attestation manifest's annotation links them, so the link is lost if the statement is copied elsewhere.", st.predicate_type, short(t)),
                        format!("この in-toto ステートメント（{}）は `subject` が空のため、対象のイメージ（{}）がステートメント自体には記録されていません。両者を結び付けているのはアテステーションマニフェストのアノテーションだけなので、ステートメントを別の場所にコピーすると対応関係が失われます。", st.predicate_type, short(t)),
                    )
                } else {
                    (
                        format!("This in-toto statement's subjects do not include the image its attestation manifest points to ({}). Verifiers matching subjects to the image will reject it.", short(t)),
                        format!("この in-toto ステートメントの `subject` には、アテステーションマニフェストが参照するイメージ（{}）が含まれていません。`subject` とイメージを照合する検証ツールでは、検証に失敗します。", short(t)),
                    )
                };
                out.push(
                    Finding::new(Code::AttestationSubjectMismatch, Text::new(en, ja))
                        .with_fix(Text::new(
                            "Rebuild with a current BuildKit (it records the image digest as the subject), or verify with a tool that follows the attestation manifest's `vnd.docker.reference.digest`.",
                            "新しい BuildKit で再ビルドする（イメージのダイジェストが `subject` に記録されます）か、アテステーションマニフェストの `vnd.docker.reference.digest` をたどって照合する検証ツールを使ってください。",
                        ))
                        .at_document(layer.document.unwrap_or_default()),
                );
            }
        }
    }
    if count == 0 {
        return;
    }
    let list = if described.is_empty() {
        "-".to_string()
    } else {
        described.join(", ")
    };
    let mut f = Finding::new(Code::AttestationManifests, Text::new(
            format!("This index holds {count} attestation manifest(s), one per image ({list}). BuildKit adds them (provenance by default since buildx 0.10; an SBOM with `--sbom=true`). Their platform is unknown/unknown so no runtime ever pulls them, but registry UIs (GHCR, Harbor, Gitea) list them as tiny `unknown/unknown` images, and since their config has no `created` date some show them as created \"56 years ago\" (1970-01-01)."),
            format!("このイメージインデックスには、イメージごとに 1 つずつ、計 {count} 個のアテステーションマニフェストが含まれています（{list}）。これらは BuildKit が追加するもので、来歴（provenance）は buildx 0.10 以降デフォルトで付き、SBOM は `--sbom=true` を指定すると付きます。プラットフォームが unknown/unknown なのでランタイムがプルすることはありませんが、GHCR・Harbor・Gitea などのレジストリの画面ではサイズのごく小さい `unknown/unknown` のイメージとして一覧に表示されます。また config に `created` が無いため、作成日時が「56 years ago」（1970-01-01）と表示されることもあります。"),
        ),
    )
    .with_fix(Text::new(
        "They are harmless and useful for supply-chain checks. To build without them: `docker buildx build --provenance=false --sbom=false ...` (docker/build-push-action: `provenance: false`, `sbom: false`).",
        "害はなく、サプライチェーンの検証に役立ちます。付けずにビルドするには `docker buildx build --provenance=false --sbom=false ...` を使います（docker/build-push-action では `provenance: false` と `sbom: false` を指定します）。",
    ));
    if let Some(d) = index.document {
        f = f.at_document(d);
    }
    out.push(f);
}

/// `created` missing, zero, or at the Unix epoch.
fn created(documents: &[Document], doc: usize, out: &mut Vec<Finding>) {
    let Some(d) = documents.get(doc) else { return };
    let Some(json) = &d.json else { return };
    // Attestation configs (os/arch unknown) have no date by design: covered by
    // `attestation-manifests`.
    if json.get_str("os") == Some("unknown") {
        return;
    }
    let created = json.get("created").map(|c| c.str());
    let (what_en, what_ja, path) = match created {
        None => (
            "has no `created` field",
            "には `created` フィールドがありません",
            "$",
        ),
        Some(Some(c)) if c.starts_with("0001-01-01") => (
            "has `created` set to 0001-01-01 (Go's zero time)",
            "の `created` は 0001-01-01（Go の time.Time のゼロ値）です",
            "$.created",
        ),
        Some(Some(c)) if c.starts_with("1970-01-01T00:00:00") => (
            "has `created` set to 1970-01-01T00:00:00Z, the Unix epoch",
            "の `created` は Unix エポックの 1970-01-01T00:00:00Z です",
            "$.created",
        ),
        _ => return,
    };
    out.push(
        Finding::new(Code::CreatedNotSet, Text::new(
                format!("This config {what_en}: the image carries no real build time. Reproducible builds do this on purpose (`SOURCE_DATE_EPOCH=0`, ko, Nix, Bazel rules_oci), so the same source gives the same digest. Tools that show relative ages then print \"56 years ago\" (counting from 1970) or \"N/A\"."),
                format!("この config {what_ja}。つまり、イメージには実際のビルド日時が記録されていません。再現可能なビルド（`SOURCE_DATE_EPOCH=0`、ko、Nix、Bazel の rules_oci など）では、同じソースから同じダイジェストが得られるよう意図的にこうしています。そのため、経過時間を表示するツールでは「56 years ago」（1970 年から数えた年数）や「N/A」と表示されます。"),
            ),
        )
        .with_fix(Text::new(
            "Nothing is wrong. For a meaningful date, set `SOURCE_DATE_EPOCH` to the commit time (`git log -1 --format=%ct`), or record the date in the `org.opencontainers.image.created` annotation or label.",
            "問題はありません。意味のある日時を残したい場合は、`SOURCE_DATE_EPOCH` にコミット時刻（`git log -1 --format=%ct`）を設定するか、アノテーションまたはラベルの `org.opencontainers.image.created` に日時を記録してください。",
        ))
        .at_document(doc)
        .at_path(path),
    );
}

/// The platform an index claims for an entry vs what the image's config says.
fn platform_agrees(
    documents: &[Document],
    manifest: &TreeNode,
    config: usize,
    out: &mut Vec<Finding>,
) {
    let (Some(claimed), Some(actual)) = (
        &manifest.platform,
        documents.get(config).and_then(|d| d.platform.as_ref()),
    ) else {
        return;
    };
    if claimed.os == "unknown" || actual.os == "unknown" {
        return;
    }
    let arch_differs = claimed.architecture != actual.architecture || claimed.os != actual.os;
    let variant_differs =
        matches!((&claimed.variant, &actual.variant), (Some(a), Some(b)) if a != b);
    if !(arch_differs || variant_differs) {
        return;
    }
    out.push(
        Finding::new(Code::PlatformConfigMismatch, Text::new(
                format!("The index lists this image as {claimed}, but its config says {actual}. Machines of {claimed} will pull it and fail to run it (`exec format error`)."),
                format!("イメージインデックスではこのイメージが {claimed} 向けとされていますが、config には {actual} と記録されています。{claimed} のマシンはこのイメージをプルしますが、実行時に `exec format error` で失敗します。"),
            ),
        )
        .with_fix(Text::new(
            "Rebuild the index from correctly built images (`docker buildx build --platform ...`), or fix the entry's platform (`docker buildx imagetools create` / `docker manifest annotate`).",
            "正しくビルドしたイメージからイメージインデックスを作り直す（`docker buildx build --platform ...`）か、エントリーの `platform` を修正してください（`docker buildx imagetools create` や `docker manifest annotate` を使います）。",
        ))
        .at_document(config),
    );
}

/// Layers that need care: Windows foreign layers, zstd, encrypted.
fn layer_formats(n: &TreeNode, out: &mut Vec<Finding>) {
    if n.kind != NodeKind::Layer {
        return;
    }
    let Some(mt) = n.media_type.as_deref() else {
        return;
    };
    let d = n.digest.as_deref().map(short).unwrap_or_default();
    let (code, severity, en, ja, fix_en, fix_ja) = match mt {
        _ if mt.contains("foreign") || mt.contains("nondistributable") => (
            Code::ForeignLayer,
            Severity::Info,
            format!("Layer {d} is a foreign (non-distributable) layer ({mt}): registries usually do not store it; clients download it from its `urls` (Windows base layers from Microsoft). Copying the image elsewhere may leave it behind. OCI's non-distributable types are deprecated."),
            format!("レイヤー {d} は外部レイヤー（再配布不可レイヤー、{mt}）です。通常はレジストリに保存されず、クライアントは `urls` に書かれた場所（Windows のベースレイヤーなら Microsoft）から取得します。そのため、イメージを別のレジストリにコピーしても、このレイヤーはコピーされないことがあります。なお、OCI の再配布不可レイヤーのメディアタイプは非推奨になっています。"),
            "To copy foreign layers too, allow it explicitly: `crane copy --allow-nondistributable-artifacts SRC DST`, or Docker's `allow-nondistributable-artifacts` daemon setting for the target registry. Or rebuild on a current Windows base image (they no longer use foreign layers).",
            "外部レイヤーもコピーするには、明示的に許可する必要があります。`crane copy --allow-nondistributable-artifacts SRC DST` を使うか、Docker デーモンの `allow-nondistributable-artifacts` にコピー先のレジストリを設定してください。または、外部レイヤーを使わなくなった現行の Windows ベースイメージで再ビルドしてください。",
        ),
        _ if mt.contains("+encrypted") => (
            Code::EncryptedLayer,
            Severity::Warning,
            format!("Layer {d} is encrypted ({mt}, ocicrypt). Only runtimes configured with the decryption key can unpack it; others fail at pull."),
            format!("レイヤー {d} は ocicrypt で暗号化されています（{mt}）。展開できるのは復号鍵を設定したランタイムだけで、それ以外のランタイムではプルに失敗します。"),
            "Configure the key on the runtime (containerd imgcrypt, `ctr images decrypt`), or publish an unencrypted image for general use.",
            "ランタイムに復号鍵を設定する（containerd の imgcrypt や `ctr images decrypt`）か、一般向けには暗号化していないイメージを公開してください。",
        ),
        _ if mt.contains("zstd") => (
            Code::ZstdLayer,
            Severity::Info,
            format!("Layer {d} is compressed with zstd ({mt}). It is smaller and faster to unpack, but needs a recent runtime (Docker 23+, containerd 1.5+, Podman 4+); older ones fail to pull it."),
            format!("レイヤー {d} は zstd で圧縮されています（{mt}）。サイズが小さく展開も速い反面、比較的新しいランタイム（Docker 23 以降、containerd 1.5 以降、Podman 4 以降）が必要で、それより古いランタイムではプルに失敗します。"),
            "If old runtimes must pull it, push it with gzip layers (`docker buildx build --output type=image,compression=gzip,...`).",
            "古いランタイムでもプルできるようにするには、gzip で圧縮したレイヤーでプッシュしてください（`docker buildx build --output type=image,compression=gzip,...`）。",
        ),
        _ => return,
    };
    let mut f = Finding::with_severity(code, severity, Text::new(en, ja))
        .with_fix(Text::new(fix_en, fix_ja));
    if let Some(p) = n.digest.as_deref() {
        f = f.at_path(format!("layer {}", short(p)));
    }
    out.push(f);
}

/// Whether a JSON config's `created` would read as "no timestamp" (for front ends).
pub fn created_is_unset(config: &Json) -> bool {
    match config.get("created").map(Json::str) {
        None => true,
        Some(Some(c)) => c.starts_with("0001-01-01") || c.starts_with("1970-01-01T00:00:00"),
        Some(None) => true,
    }
}
