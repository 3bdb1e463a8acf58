//! Diagnoses: answers to the questions people arrive with, from their own data.
//!
//! Runs after the tree is built. Each diagnosis is a finding with an explanation and a fix in
//! English and Japanese: a single-platform image ("why does my CI image have no Manifests
//! list?"), attestation manifests (`unknown/unknown`, tiny, "created 56 years ago"), missing or
//! epoch `created`, duplicate or missing platforms, index vs per-platform digests, layer
//! formats that need care (foreign, zstd, encrypted), an index platform that disagrees with its
//! image's config, and attestation subjects that do not name their image.

use std::collections::HashMap;

use crate::attestation;
use crate::findings::{Finding, Severity};
use crate::json::Json;
use crate::text::Text;
use crate::{Document, Kind, NodeKind, TreeNode};

const BUILD_MULTI: &str =
    "docker buildx build --platform linux/amd64,linux/arm64 -t REPO:TAG --push .";

pub(crate) fn run(documents: &[Document], tree: &[TreeNode], findings: &mut Vec<Finding>) {
    let mut out = Vec::new();
    single_platform(documents, tree, &mut out);
    let mut indexes = Vec::new();
    let mut configs = Vec::new();
    for root in tree {
        walk(root, &mut |n, parent| {
            match n.kind {
                NodeKind::Index => indexes.push(n),
                NodeKind::Config => configs.push((n, parent)),
                _ => {}
            }
            layer_formats(n, &mut out);
        });
    }
    for index in &indexes {
        index_entries(index, &mut out);
        attestations(documents, index, &mut out);
    }
    let mut seen_configs = std::collections::HashSet::new();
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
    let mut seen = std::collections::HashSet::new();
    for f in out {
        let key = (f.code, f.location.document, f.location.path.clone());
        if seen.insert(key) {
            findings.push(f);
        }
    }
}

/// Depth-first walk giving each node and its parent.
fn walk<'a>(node: &'a TreeNode, f: &mut impl FnMut(&'a TreeNode, Option<&'a TreeNode>)) {
    let mut stack: Vec<(&TreeNode, Option<&TreeNode>)> = vec![(node, None)];
    while let Some((n, parent)) = stack.pop() {
        f(n, parent);
        for c in n.children.iter().rev() {
            stack.push((c, Some(n)));
        }
    }
}

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

/// A manifest at the root with no index anywhere: a single-platform image.
fn single_platform(documents: &[Document], tree: &[TreeNode], out: &mut Vec<Finding>) {
    let mut has_index = false;
    let mut single = Vec::new();
    for root in tree {
        let top = if root.kind == NodeKind::Reference {
            root.children.first()
        } else {
            Some(root)
        };
        walk(root, &mut |n, _| has_index |= n.kind == NodeKind::Index);
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
                format!("config によると {p} 用なので、実行できるのは {p} のマシンだけです。"),
            ),
            None => (
                "Paste its config too to see which platform it is for (`docker buildx imagetools inspect --format '{{json .Image}}' REF`).".to_string(),
                "どのプラットフォーム用かを見るには config も貼り付けてください（`docker buildx imagetools inspect --format '{{json .Image}}' REF`）。".to_string(),
            ),
        };
        let mut f = Finding::new(
            "single-platform-image",
            Severity::Info,
            Text::new(
                format!("This is a single image manifest, not an index: there is no \"Manifests\" list because the image was built for one platform only, typically by `docker build` or `docker compose build` on a CI runner, which builds for the runner's own platform (usually linux/amd64). {en_p} A runtime does not check the platform of a single manifest when pulling; a mismatch shows up when the program starts (`exec format error`)."),
                format!("これはインデックスではなく単一のイメージマニフェストです。\"Manifests\" の一覧が無いのは、1 つのプラットフォーム向けにだけビルドされたためで、CI ランナー上の `docker build` や `docker compose build` はランナー自身のプラットフォーム（多くは linux/amd64）向けにビルドします。{ja_p} 単一のマニフェストは pull 時にプラットフォームが確認されず、食い違いは起動時に（`exec format error` として）表れます。"),
            ),
        )
        .with_fix(Text::new(
            format!("To publish several platforms under one tag, build an index: `{BUILD_MULTI}` (on CI: docker/setup-qemu-action + docker/setup-buildx-action, then build-push-action with `platforms:`)."),
            format!("1 つのタグで複数プラットフォームを公開するにはインデックスをビルドします: `{BUILD_MULTI}`（CI では docker/setup-qemu-action と docker/setup-buildx-action の後、build-push-action に `platforms:` を指定）。"),
        ));
        if let Some(d) = m.document {
            f = f.at_document(d);
        }
        out.push(f);
    }
}

/// Duplicate platforms, entries without a platform, and the index vs per-platform digest.
fn index_entries(index: &TreeNode, out: &mut Vec<Finding>) {
    let at = |f: Finding| match index.document {
        Some(d) => f.at_document(d),
        None => f,
    };
    let mut by_platform: HashMap<String, Vec<usize>> = HashMap::new();
    let mut images = 0;
    for (i, e) in index.children.iter().enumerate() {
        let is_attestation = e.kind == NodeKind::AttestationManifest
            || annotation(e, "vnd.docker.reference.type").is_some();
        if is_attestation || e.kind == NodeKind::Referrer {
            continue;
        }
        match &e.platform {
            Some(p) => {
                let mut key = p.to_string();
                if let Some(v) = &p.os_version {
                    key.push_str(&format!(" ({v})"));
                }
                by_platform.entry(key).or_default().push(i);
                images += 1;
            }
            // An index with its own artifactType groups artifacts: no platforms expected.
            None if matches!(e.kind, NodeKind::Manifest | NodeKind::Index)
                && e.artifact_type.is_none()
                && index.artifact_type.is_none() =>
            {
                out.push(at(Finding::new(
                    "entry-without-platform",
                    Severity::Warning,
                    Text::new(
                        format!("Entry {i} of this index has no platform. Runtimes (containerd, Docker) take such an entry only when no entry matches their platform, and then run it whatever it was built for."),
                        format!("このインデックスのエントリ {i} にはプラットフォームがありません。containerd や Docker は、自分に合うエントリが 1 つも無いときだけこれを選び、何向けにビルドされたかに関係なく実行します。"),
                    ),
                )
                .with_fix(Text::new(
                    "Give every image entry its platform (buildx and `docker manifest annotate` set it).",
                    "すべてのイメージのエントリにプラットフォームを設定してください（buildx や `docker manifest annotate` で設定できます）。",
                ))
                .at_path(format!("$.manifests[{i}]"))));
            }
            None => {}
        }
    }
    let mut dups: Vec<_> = by_platform
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .collect();
    dups.sort();
    for (p, entries) in dups {
        let list = entries
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(at(Finding::new(
            "duplicate-platform",
            Severity::Warning,
            Text::new(
                format!("Entries {list} are all for {p}. A runtime takes the first one in index order; the others are never pulled by platform."),
                format!("エントリ {list} はどれも {p} 向けです。ランタイムはインデックス順で最初のものを選び、残りがプラットフォーム指定で pull されることはありません。"),
            ),
        )
        .with_fix(Text::new(
            "Keep one entry per platform (rebuild the index, e.g. `docker buildx imagetools create`), unless the duplicates differ by os.version or os.features on purpose.",
            "プラットフォームごとにエントリを 1 つにしてください（`docker buildx imagetools create` などで作り直す）。os.version や os.features で意図的に分けている場合は別です。",
        ))
        .at_path(format!("$.manifests[{}]", entries[1]))));
    }
    if images > 1 {
        if let Some(d) = &index.digest {
            out.push(at(Finding::new(
                "index-digest-vs-platform-digest",
                Severity::Info,
                Text::new(
                    format!("This index has its own digest ({}) and each platform image has another. `docker pull` prints the index digest; Docker Hub's tag page and `docker images --digests` on one machine may show the per-platform digest. Both are right: pin the index digest to stay multi-platform, a per-platform digest to fix one platform.", short(d)),
                    format!("このインデックスには自身の digest（{}）があり、各プラットフォームのイメージにはそれぞれ別の digest があります。`docker pull` が表示するのはインデックスの digest で、Docker Hub のタグのページや、あるマシンでの `docker images --digests` はプラットフォーム別の digest を表示することがあります。どちらも正しく、複数プラットフォームのまま固定するならインデックスの digest、1 つのプラットフォームに固定するならプラットフォーム別の digest を使います。", short(d)),
                ),
            )));
        }
    }
}

/// Attestation manifests: what they are, and whether their statements name their image.
fn attestations(documents: &[Document], index: &TreeNode, out: &mut Vec<Finding>) {
    let mut described = Vec::new();
    let mut count = 0;
    walk(index, &mut |n, parent| {
        if n.kind != NodeKind::AttestationManifest {
            return;
        }
        count += 1;
        let target = annotation(n, "vnd.docker.reference.digest")
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
                        format!("この in-toto ステートメント（{}）の `subject` は空で、説明対象のイメージ（{}）を自分では示していません。両者を結ぶのはアテステーションマニフェストの注釈だけなので、ステートメントを別の場所にコピーするとつながりが失われます。", st.predicate_type, short(t)),
                    )
                } else {
                    (
                        format!("This in-toto statement's subjects do not include the image its attestation manifest points to ({}). Verifiers matching subjects to the image will reject it.", short(t)),
                        format!("この in-toto ステートメントの subject に、アテステーションマニフェストが指すイメージ（{}）が含まれていません。subject とイメージを照合する検証ツールはこれを拒否します。", short(t)),
                    )
                };
                out.push(
                    Finding::new("attestation-subject-mismatch", Severity::Info, Text::new(en, ja))
                        .with_fix(Text::new(
                            "Rebuild with a current BuildKit (it records the image digest as the subject), or verify with a tool that follows the attestation manifest's `vnd.docker.reference.digest`.",
                            "新しい BuildKit で再ビルドする（イメージの digest を subject に記録します）か、アテステーションマニフェストの `vnd.docker.reference.digest` をたどる検証ツールを使ってください。",
                        ))
                        .at_document(layer.document.unwrap_or_default()),
                );
            }
        }
    });
    if count == 0 {
        return;
    }
    let list = if described.is_empty() {
        "-".to_string()
    } else {
        described.join(", ")
    };
    let mut f = Finding::new(
        "attestation-manifests",
        Severity::Info,
        Text::new(
            format!("This index holds {count} attestation manifest(s), one per image ({list}). BuildKit adds them (provenance by default since buildx 0.10; an SBOM with `--sbom=true`). Their platform is unknown/unknown so no runtime ever pulls them, but registry UIs (GHCR, Harbor, Gitea) list them as tiny `unknown/unknown` images, and since their config has no `created` date some show them as created \"56 years ago\" (1970-01-01)."),
            format!("このインデックスには、イメージごとに 1 つずつ計 {count} 個のアテステーションマニフェストがあります（{list}）。BuildKit が追加するもので、来歴（provenance）は buildx 0.10 以降の既定、SBOM は `--sbom=true` で付きます。プラットフォームが unknown/unknown なのでランタイムが pull することはありませんが、GHCR・Harbor・Gitea などのレジストリ画面ではごく小さな `unknown/unknown` のイメージとして表示され、config に `created` が無いため「56 年前」（1970-01-01）に作成されたと表示されることもあります。"),
        ),
    )
    .with_fix(Text::new(
        "They are harmless and useful for supply-chain checks. To build without them: `docker buildx build --provenance=false --sbom=false ...` (docker/build-push-action: `provenance: false`, `sbom: false`).",
        "無害で、サプライチェーンの検証に役立ちます。付けずにビルドするには `docker buildx build --provenance=false --sbom=false ...`（docker/build-push-action では `provenance: false` と `sbom: false`）。",
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
            "`created` フィールドがありません",
            "$",
        ),
        Some(Some(c)) if c.starts_with("0001-01-01") => (
            "has `created` set to 0001-01-01 (Go's zero time)",
            "`created` が 0001-01-01（Go のゼロ値の時刻）です",
            "$.created",
        ),
        Some(Some(c)) if c.starts_with("1970-01-01T00:00:00") => (
            "has `created` set to 1970-01-01T00:00:00Z, the Unix epoch",
            "`created` が Unix エポックの 1970-01-01T00:00:00Z です",
            "$.created",
        ),
        _ => return,
    };
    out.push(
        Finding::new(
            "created-not-set",
            Severity::Info,
            Text::new(
                format!("This config {what_en}: the image carries no real build time. Reproducible builds do this on purpose (`SOURCE_DATE_EPOCH=0`, ko, Nix, Bazel rules_oci), so the same source gives the same digest. Tools that show relative ages then print \"56 years ago\" (counting from 1970) or \"N/A\"."),
                format!("この config は{what_ja}。イメージに実際のビルド時刻が記録されていません。再現可能ビルド（`SOURCE_DATE_EPOCH=0`、ko、Nix、Bazel rules_oci など）は同じソースから同じ digest を得るために意図的にこうします。そのため経過時間を表示するツールは「56 年前」（1970 年から数えた値）や「N/A」と表示します。"),
            ),
        )
        .with_fix(Text::new(
            "Nothing is wrong. For a meaningful date, set `SOURCE_DATE_EPOCH` to the commit time (`git log -1 --format=%ct`), or record the date in the `org.opencontainers.image.created` annotation or label.",
            "問題はありません。意味のある日付にするには `SOURCE_DATE_EPOCH` にコミット時刻（`git log -1 --format=%ct`）を設定するか、注釈やラベルの `org.opencontainers.image.created` に日付を記録してください。",
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
        Finding::new(
            "platform-config-mismatch",
            Severity::Error,
            Text::new(
                format!("The index lists this image as {claimed}, but its config says {actual}. Machines of {claimed} will pull it and fail to run it (`exec format error`)."),
                format!("インデックスではこのイメージを {claimed} としていますが、config では {actual} です。{claimed} のマシンはこれを pull し、実行に失敗します（`exec format error`）。"),
            ),
        )
        .with_fix(Text::new(
            "Rebuild the index from correctly built images (`docker buildx build --platform ...`), or fix the entry's platform (`docker buildx imagetools create` / `docker manifest annotate`).",
            "正しくビルドしたイメージからインデックスを作り直す（`docker buildx build --platform ...`）か、エントリのプラットフォームを修正してください（`docker buildx imagetools create` や `docker manifest annotate`）。",
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
            "foreign-layer",
            Severity::Info,
            format!("Layer {d} is a foreign (non-distributable) layer ({mt}): registries usually do not store it; clients download it from its `urls` (Windows base layers from Microsoft). Copying the image elsewhere may leave it behind. OCI's non-distributable types are deprecated."),
            format!("レイヤー {d} は外部（再配布不可）レイヤー（{mt}）です。通常レジストリには保存されず、クライアントは `urls` から（Windows のベースレイヤーなら Microsoft から）取得します。イメージを別の場所にコピーしても付いていかないことがあります。OCI の再配布不可タイプは非推奨です。"),
            "To copy foreign layers too: `skopeo copy --preserve-digests ...` has no effect on them; use `crane copy` / registries with `allow-nondistributable-artifacts`, or rebuild on a current Windows base image (they no longer use foreign layers).",
            "外部レイヤーもコピーするには、`allow-nondistributable-artifacts` を設定したレジストリと `crane copy` などを使うか、外部レイヤーを使わなくなった現行の Windows ベースイメージで再ビルドしてください。",
        ),
        _ if mt.contains("+encrypted") => (
            "encrypted-layer",
            Severity::Warning,
            format!("Layer {d} is encrypted ({mt}, ocicrypt). Only runtimes configured with the decryption key can unpack it; others fail at pull."),
            format!("レイヤー {d} は暗号化されています（{mt}、ocicrypt）。復号鍵を設定したランタイムだけが展開でき、それ以外は pull に失敗します。"),
            "Configure the key on the runtime (containerd imgcrypt, `ctr images decrypt`), or publish an unencrypted image for general use.",
            "ランタイムに鍵を設定する（containerd の imgcrypt、`ctr images decrypt`）か、一般向けには暗号化していないイメージを公開してください。",
        ),
        _ if mt.contains("zstd") => (
            "zstd-layer",
            Severity::Info,
            format!("Layer {d} is compressed with zstd ({mt}). It is smaller and faster to unpack, but needs a recent runtime (Docker 23+, containerd 1.5+, Podman 4+); older ones fail to pull it."),
            format!("レイヤー {d} は zstd で圧縮されています（{mt}）。小さく展開も速いですが、新しいランタイム（Docker 23 以降、containerd 1.5 以降、Podman 4 以降）が必要で、古いものは pull に失敗します。"),
            "If old runtimes must pull it, push gzip layers too (`docker buildx build --output type=image,compression=gzip,...`).",
            "古いランタイムからも pull する必要があるなら、gzip のレイヤーも push してください（`docker buildx build --output type=image,compression=gzip,...`）。",
        ),
        _ => return,
    };
    let mut f = Finding::new(code, severity, Text::new(en, ja)).with_fix(Text::new(fix_en, fix_ja));
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
