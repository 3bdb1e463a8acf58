//! A `docker pull` log against the tree (issue 11): each id is the first 12 hex digits of a
//! blob's digest, so it names a layer (or, in the early containerd store's output, an index,
//! manifest or config) of the documents given with it; the image whose layers they are is the
//! platform that was pulled; `Digest:` is what the tag pointed at. One finding per log says it
//! all in words, and one more when the pull was interrupted.

use crate::hash::HashMap;

use crate::explain::identity::{walk_with_platform, ByPrefix};
use crate::findings::{Code, Finding};
use crate::present::labels::short_digest;
use crate::text::{Lang, Text};
use std::fmt::Write as _;

use crate::{Document, NodeKind, Platform, PullLog, PullStatus, PullStore, PullTarget, TreeNode};

/// Every blob of the tree, found by its digest's first digits, with the platform of the image
/// it belongs to.
fn blobs(tree: &[TreeNode]) -> ByPrefix<PullTarget> {
    let mut out: Vec<(String, PullTarget)> = Vec::new();
    walk_with_platform(tree, &mut |n, platform| {
        if let Some(d) = n
            .digest
            .as_deref()
            .filter(|_| n.kind != NodeKind::Reference)
        {
            let t = PullTarget {
                digest: d.to_string(),
                kind: n.kind,
                platform: platform.cloned(),
            };
            out.push((d.to_string(), t));
        }
    });
    ByPrefix::new(out)
}

/// Maps every log's ids and `Digest:` to the tree, and says what the log means.
pub(crate) fn map(
    logs: &mut [PullLog],
    tree: &[TreeNode],
    documents: &[Document],
    findings: &mut Vec<Finding>,
) {
    if logs.is_empty() {
        return;
    }
    let by_short = blobs(tree);
    // A push's ids are diff_ids: each, found, names the layer the registry stores compressed.
    let by_diff_id = if logs.iter().any(|l| l.push) {
        layers_by_diff_id(tree, documents)
    } else {
        ByPrefix::new(Vec::new())
    };
    // Every image manifest with its platform and number of layers, and the manifests each
    // digest is (or is a child of).
    let mut manifests: Vec<(String, Option<Platform>, usize)> = Vec::new();
    let mut by_child: HashMap<String, Vec<usize>> = HashMap::default();
    walk_with_platform(tree, &mut |n, platform| {
        let Some(d) = n.digest.as_deref() else {
            return;
        };
        if !matches!(n.kind, NodeKind::Manifest | NodeKind::Schema1) {
            return;
        }
        let layers = n
            .children
            .iter()
            .filter(|c| c.kind == NodeKind::Layer)
            .count();
        let i = manifests.len();
        manifests.push((d.to_string(), platform.cloned(), layers));
        let own = std::iter::once(d).chain(n.children.iter().filter_map(|c| c.digest.as_deref()));
        for c in own {
            let v = by_child.entry(c.to_string()).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    });
    for log in logs.iter_mut() {
        let ids = if log.push { &by_diff_id } else { &by_short };
        for id in &mut log.ids {
            id.names = ids.find(&id.id).cloned().collect();
        }
        log.digest_names = log
            .digest
            .as_deref()
            .and_then(|d| by_short.find(d).find(|t| t.digest == d).cloned());
        log.pulled = pulled(log, &manifests, &by_child);
        if log.ids.iter().any(|i| {
            i.names.iter().any(|t| {
                matches!(
                    t.kind,
                    NodeKind::Index | NodeKind::Manifest | NodeKind::Config
                )
            })
        }) {
            log.store = PullStore::ContainerdEarly;
        }
        findings.push(if log.push {
            explain_push(log, !tree.is_empty())
        } else {
            explain(log, !tree.is_empty())
        });
        if log.interrupted {
            findings.push(interrupted(log));
        }
    }
}

/// Every layer of the tree whose config was given, by its diff_id (the config's `rootfs`, in the
/// manifest's order), as the compressed blob the manifest lists.
fn layers_by_diff_id(tree: &[TreeNode], documents: &[Document]) -> ByPrefix<PullTarget> {
    let mut out: Vec<(String, PullTarget)> = Vec::new();
    walk_with_platform(tree, &mut |n, platform| {
        if !matches!(n.kind, NodeKind::Manifest | NodeKind::Schema1) {
            return;
        }
        let config = n.children.iter().find(|c| c.kind == NodeKind::Config);
        let ids = config
            .and_then(|c| c.document)
            .and_then(|d| documents.get(d))
            .and_then(|d| d.json.as_ref())
            .and_then(|j| j.get("rootfs"))
            .and_then(|r| r.get("diff_ids"))
            .and_then(|v| v.array())
            .unwrap_or_default();
        let layers = n.children.iter().filter(|c| c.kind == NodeKind::Layer);
        for (id, l) in ids.iter().zip(layers) {
            if let (Some(id), Some(d)) = (id.str(), l.digest.as_deref()) {
                let t = PullTarget {
                    digest: d.to_string(),
                    kind: NodeKind::Layer,
                    platform: platform.cloned(),
                };
                out.push((id.to_string(), t));
            }
        }
    });
    ByPrefix::new(out)
}

/// What a `docker push` log means: which layer each id is (by its diff_id), what `Pushed`,
/// `Mounted from` and `Layer already exists` say, and that the digest line is the manifest.
fn explain_push(log: &PullLog, have_documents: bool) -> Finding {
    let what = log.reference.as_deref().unwrap_or("an image");
    let count = |f: &dyn Fn(&str) -> bool| log.ids.iter().filter(|i| f(i.last())).count();
    let pushed = count(&|s| s == "Pushed");
    let mounted = count(&|s| s.starts_with("Mounted from"));
    let existed = count(&|s| s == "Layer already exists");
    let mut en = format!("A `docker push` of {what}: {} layer line(s); {pushed} uploaded (`Pushed`), {mounted} linked from another repository of the registry that already had them, with no upload (`Mounted from`), {existed} already in this repository (`Layer already exists`). Each id is the first 12 hex digits of the layer's diff_id (its digest uncompressed, the config's `rootfs.diff_ids`), not of the compressed digest `docker pull` prints: the same layer has one id when pushed and another when pulled.", log.ids.len());
    let mut ja = format!("{what} の `docker push` です。レイヤーの行は {} 個で、{pushed} 個はアップロード（`Pushed`）、{mounted} 個はレジストリの別のリポジトリに既にあったのでアップロードせずにリンク（`Mounted from`）、{existed} 個はこのリポジトリに既にありました（`Layer already exists`）。各 ID はレイヤーの diff_id（展開した状態のダイジェスト、config の `rootfs.diff_ids`）の先頭 16 進 12 桁で、`docker pull` が表示する圧縮後のダイジェストのものではありません。同じレイヤーでもプッシュとプルでは ID が違います。", log.ids.len());
    let named: Vec<(String, String)> = log
        .ids
        .iter()
        .filter_map(|i| {
            let t = i.names.first()?;
            Some((short_id(&i.id).to_string(), short_digest(&t.digest)))
        })
        .collect();
    if !named.is_empty() {
        let list = |sep: &str, f: &dyn Fn(&(String, String)) -> String| {
            named.iter().map(f).collect::<Vec<_>>().join(sep)
        };
        let _ = write!(
            en,
            " Here: {}.",
            list("; ", &|(i, d)| format!("`{i}` is the layer stored as {d}"))
        );
        let _ = write!(
            ja,
            "ここでは {}。",
            list("、", &|(i, d)| format!(
                "`{i}` は {d} として保存されているレイヤー"
            ))
        );
    } else if !have_documents || log.ids.iter().all(|i| i.names.is_empty()) {
        en.push_str(
            " Paste the image's manifest and config with it to see which layer each id is.",
        );
        ja.push_str("各 ID がどのレイヤーかを見るには、イメージのマニフェストと config を一緒に貼り付けてください。");
    }
    if let Some(d) = &log.digest {
        let _ = write!(en, " The last line's digest {} is the manifest pushed, as the registry now names it; its `size` is the manifest's in bytes.", short_digest(d));
        let _ = write!(ja, "最後の行のダイジェスト {} はプッシュしたマニフェストで、レジストリは今これで呼びます。`size` はマニフェストのバイト数です。", short_digest(d));
    }
    Finding::new(Code::PushLog, Text::new(en, ja))
        .at_input(log.input)
        .at_line(log.line, None)
}

/// The image pulled: the manifest the `Digest:` line names, else the one most ids belong to
/// (an early containerd log names the manifest itself), of those the one with the fewest other
/// layers (a base image's layers are in every image built on it).
fn pulled(
    log: &PullLog,
    manifests: &[(String, Option<Platform>, usize)],
    by_child: &HashMap<String, Vec<usize>>,
) -> Option<(String, Option<Platform>)> {
    if let Some(t) = &log.digest_names {
        if matches!(t.kind, NodeKind::Manifest | NodeKind::Schema1) {
            return Some((t.digest.clone(), t.platform.clone()));
        }
    }
    let mut votes: Vec<usize> = vec![0; manifests.len()];
    for id in &log.ids {
        let mut mine: Vec<usize> = id
            .names
            .iter()
            .filter(|t| !matches!(t.kind, NodeKind::Index | NodeKind::Reference))
            .flat_map(|t| by_child.get(&t.digest).into_iter().flatten().copied())
            .collect();
        crate::sort::sort(&mut mine);
        mine.dedup();
        for m in mine {
            votes[m] += 1;
        }
    }
    let best = (0..manifests.len())
        .filter(|m| votes[*m] > 0)
        .max_by(|a, b| {
            votes[*a]
                .cmp(&votes[*b])
                .then(manifests[*b].2.cmp(&manifests[*a].2))
                .then(b.cmp(a))
        })?;
    let (m, p, _) = &manifests[best];
    Some((m.clone(), p.clone()))
}

fn explain(log: &PullLog, have_documents: bool) -> Finding {
    let mut en: Vec<String> = Vec::new();
    let mut ja: Vec<String> = Vec::new();
    let what = log.reference.as_deref().unwrap_or("an image");
    let (store_en, store_ja) = match log.store {
        PullStore::Classic => (
            " as Docker's classic image store prints it (`Verifying Checksum`, `Extracting`)",
            "（Docker の従来のイメージストアの出力: `Verifying Checksum`、`Extracting`）",
        ),
        PullStore::Containerd => (
            " as Docker's containerd image store prints it: its layers were downloaded and not unpacked (`Download complete`, no `Pull complete`), which it does for a platform that is not the host's (`--platform`)",
            "（Docker の containerd イメージストアの出力: レイヤーはダウンロードされましたが展開されていません（`Download complete` のみで `Pull complete` がない）。ホストのものではないプラットフォーム（`--platform`）ではこうなります）",
        ),
        PullStore::ContainerdEarly if log.ids.iter().any(|i| i.id.starts_with("sha256:")) => (
            " as Docker's containerd image store printed it before moby#47454 (2024): whole `sha256:` digests as ids",
            "（moby#47454（2024 年）より前の Docker の containerd イメージストアの出力: ID としてダイジェスト全体 `sha256:…` を表示）",
        ),
        PullStore::ContainerdEarly => (
            " as Docker's early containerd image store printed it (moby#44871, Docker Desktop 4.16): it listed the index, manifests and config with the layers",
            "（初期の Docker の containerd イメージストアの出力（moby#44871、Docker Desktop 4.16）: レイヤーと一緒にインデックス、マニフェスト、config も並びます）",
        ),
        PullStore::Either => ("", ""),
    };
    en.push(format!("A `docker pull` of {what}{store_en}."));
    ja.push(format!("{what} の `docker pull` です{store_ja}。"));
    if let Some(p) = &log.platform {
        en.push(format!("It asked for {p} (`--platform`)."));
        ja.push(format!("{p} を指定しています（`--platform`）。"));
    }
    // The blobs, by their last status.
    let count = |s: &str| log.ids.iter().filter(|i| i.last() == s).count();
    let (pulled, shared, downloaded) = (
        count("Pull complete"),
        count("Already exists"),
        count("Download complete"),
    );
    if log.ids.is_empty() {
        match log.status {
            Some(PullStatus::Downloaded) => {
                en.push("No blob line: every layer was already on this machine (the same image under another name), so only the tag was added.".into());
                ja.push("blob の行がありません。レイヤーはすべてこのマシンに既にあった（同じイメージが別の名前で）ため、タグだけが追加されました。".into());
            }
            Some(PullStatus::UpToDate) => {
                en.push("`Image is up to date`: the image on this machine already was this digest, so nothing was downloaded.".into());
                ja.push("`Image is up to date`: このマシンのイメージが既にこのダイジェストだったため、何もダウンロードしていません。".into());
            }
            None => {}
        }
    } else {
        let mut parts_en = Vec::new();
        let mut parts_ja = Vec::new();
        if pulled > 0 {
            parts_en.push(format!(
                "{pulled} downloaded and unpacked (`Pull complete`)"
            ));
            parts_ja.push(format!(
                "{pulled} 個はダウンロードして展開（`Pull complete`）"
            ));
        }
        if shared > 0 {
            parts_en.push(format!("{shared} already on this machine, shared with an image pulled before, so not downloaded again (`Already exists`)"));
            parts_ja.push(format!("{shared} 個は以前にプルしたイメージと共有していてこのマシンに既にあるため、ダウンロードしていない（`Already exists`）"));
        }
        if downloaded > 0 {
            parts_en.push(format!(
                "{downloaded} downloaded and not unpacked (`Download complete`)"
            ));
            parts_ja.push(format!(
                "{downloaded} 個はダウンロードのみで展開していない（`Download complete`）"
            ));
        }
        let n = log.ids.len();
        en.push(format!(
            "{n} blob line(s){}.",
            if parts_en.is_empty() {
                String::new()
            } else {
                format!(": {}", parts_en.join("; "))
            }
        ));
        ja.push(format!(
            "blob の行は {n} 個{}。",
            if parts_ja.is_empty() {
                String::new()
            } else {
                format!("です。{}", parts_ja.join("、"))
            }
        ));
        // Which blob each id is.
        let named = |lang: Lang| -> Vec<String> {
            log.ids
                .iter()
                .filter_map(|i| {
                    let t = i.names.first()?;
                    let (id, kind, d) =
                        (short_id(&i.id), t.kind.label(lang), short_digest(&t.digest));
                    Some(match lang {
                        Lang::En => format!("`{id}` is the {kind} {d}"),
                        Lang::Ja => format!("`{id}` は{kind} {d}"),
                    })
                })
                .collect()
        };
        let unknown: Vec<String> = log
            .ids
            .iter()
            .filter(|i| i.names.is_empty())
            .map(|i| format!("`{}`", short_id(&i.id)))
            .collect();
        en.push("Each id is the first 12 hex digits of a blob's digest (a layer's is its compressed digest, as the manifest lists it).".into());
        ja.push("各 ID は blob のダイジェストの先頭 16 進 12 桁です（レイヤーなら、マニフェストに載っている圧縮後のダイジェスト）。".into());
        if !have_documents {
            en.push("Paste the image's index and manifests with it (`docker buildx imagetools inspect --raw REF`, then each manifest) to see which layer each id is and which platform was pulled.".into());
            ja.push("各 ID がどのレイヤーで、どのプラットフォームがプルされたかを見るには、イメージのインデックスとマニフェスト（`docker buildx imagetools inspect --raw REF` と各マニフェスト）を一緒に貼り付けてください。".into());
        } else {
            if !named(Lang::En).is_empty() {
                en.push(format!("Here: {}.", named(Lang::En).join("; ")));
                ja.push(format!("ここでは {}。", named(Lang::Ja).join("、")));
            }
            if !unknown.is_empty() {
                en.push(format!("{} name(s) no blob of the documents given: they are of another image, or of another version of this tag.", unknown.join(", ")));
                ja.push(format!("{} は与えられたドキュメントのどの blob でもありません。別のイメージか、このタグの別の版のものです。", unknown.join("、")));
            }
        }
    }
    match &log.pulled {
        Some((m, Some(p))) => {
            let p = crate::explain::platform::format(p);
            en.push(format!(
                "The pulled image is {p} (manifest {}).",
                short_digest(m)
            ));
            ja.push(format!(
                "プルされたのは {p} のイメージです（マニフェスト {}）。",
                short_digest(m)
            ));
        }
        Some((m, None)) => {
            en.push(format!("The pulled image is manifest {} (its platform is in the index or the config, not given here).", short_digest(m)));
            ja.push(format!("プルされたのはマニフェスト {} のイメージです（プラットフォームはインデックスか config にあり、ここにはありません）。", short_digest(m)));
        }
        None => {}
    }
    if let Some(d) = &log.digest {
        let d_short = short_digest(d);
        match (&log.digest_names, have_documents) {
            (Some(t), _) if t.kind == NodeKind::Index => {
                en.push(format!("`Digest:` {d_short} is the index given here: the tag names a multi-platform image, and Docker chose one platform of it."));
                ja.push(format!("`Digest:` {d_short} はここにあるインデックスです。タグはマルチプラットフォームのイメージを指し、Docker はその中から 1 つのプラットフォームを選びました。"));
            }
            (Some(t), _) => {
                en.push(format!("`Digest:` {d_short} is the {} given here: the tag names a single-platform image.", t.kind.label(Lang::En)));
                ja.push(format!("`Digest:` {d_short} はここにある{}です。タグは単一プラットフォームのイメージを指しています。", t.kind.label(Lang::Ja)));
            }
            (None, true) => {
                en.push(format!("`Digest:` {d_short} is what the tag pointed at when it was pulled, and none of the documents given: the tag has moved since, or these are another image's."));
                ja.push(format!("`Digest:` {d_short} はプルした時点でタグが指していたもので、与えられたどのドキュメントでもありません。その後タグが移動したか、別のイメージのドキュメントです。"));
            }
            (None, false) => {
                en.push(format!("`Digest:` {d_short} is what the tag pointed at: the index of a multi-platform image, or the manifest of a single-platform one (`docker buildx imagetools inspect REF` says which)."));
                ja.push(format!("`Digest:` {d_short} はタグが指していたものです。マルチプラットフォームならインデックス、単一プラットフォームならマニフェストです（`docker buildx imagetools inspect REF` で分かります）。"));
            }
        }
    }
    Finding::new(Code::PullLog, Text::new(en.join(" "), ja.join("")))
        .at_input(log.input)
        .at_line(log.line, None)
}

fn interrupted(log: &PullLog) -> Finding {
    let open: Vec<String> = log
        .ids
        .iter()
        .filter(|i| {
            !matches!(
                i.last(),
                "Pull complete" | "Already exists" | "Download complete" | "Exists"
            )
        })
        .map(|i| format!("`{}` ({})", short_id(&i.id), i.last()))
        .collect();
    Finding::new(Code::PullInterrupted, Text::new(
            format!("This pull stopped before it finished: no `Digest:` or `Status:` line, and {} still in progress. No image or tag was made. Blobs that completed stay on the machine and the next pull reuses them (`Already exists`); the others are downloaded again.", if open.is_empty() { "nothing".to_string() } else { open.join(", ") }),
            format!("このプルは完了前に止まっています。`Digest:` も `Status:` の行もなく、{} が途中のままです。イメージもタグも作られていません。完了した blob はマシンに残り、次のプルで再利用されます（`Already exists`）。それ以外はもう一度ダウンロードされます。", if open.is_empty() { "何も".to_string() } else { open.join("、") }),
        ),
    )
    .with_fix(Text::new(
        "Run the same `docker pull` again; if it stops at the same blob, check the network or proxy (`Retrying in N seconds` lines say the download failed), or the disk space.",
        "同じ `docker pull` をもう一度実行してください。同じ blob で止まる場合は、ネットワークやプロキシ（`Retrying in N seconds` の行はダウンロードの失敗を示します）、ディスクの空きを確認してください。",
    ))
    .at_input(log.input)
    .at_line(log.line, None)
}

fn short_id(id: &str) -> &str {
    let hex = id.trim_start_matches("sha256:");
    hex.get(..12).unwrap_or(hex)
}
