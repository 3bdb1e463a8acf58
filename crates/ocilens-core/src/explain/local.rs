//! `docker history` and `docker images` against the tree (issue 11): what each row's id is (the
//! config's digest for the classic image store, the index's or manifest's for the containerd
//! store, an intermediate image of a local build, or `<missing>`), which layer each history step
//! made, and its size unpacked beside the compressed size the registry stores. One finding per
//! table says it all in words; each row carries its own note.

use std::fmt::Write as _;

use crate::explain::identity::{diff_ids, each, ByPrefix, Role};
use crate::findings::{Code, Finding};
use crate::present::labels::{human_size, short_digest};
use crate::read::json::{Json, Value};
use crate::text::Text;
use crate::{
    Analysis, DockerTable, NodeKind, Platform, PullTarget, TableCommand, TableLayer, TableRow,
};

/// What an id can name: the digest, its role, its platform.
type Named = (String, Role, Option<Platform>);

/// Every digest of the analysis, found by its first digits.
fn by_prefix(a: &Analysis) -> ByPrefix<Named> {
    let mut out: Vec<(String, Named)> = Vec::new();
    each(a, &mut |d, role, platform| {
        out.push((d.to_string(), (d.to_string(), role, platform.cloned())));
    });
    ByPrefix::new(out)
}

fn target(n: &Named) -> PullTarget {
    let kind = match &n.1 {
        Role::Index => NodeKind::Index,
        Role::Manifest => NodeKind::Manifest,
        Role::Config => NodeKind::Config,
        Role::Layer(_) | Role::DiffId(_) => NodeKind::Layer,
        Role::Other(k) => *k,
    };
    PullTarget {
        digest: n.0.clone(),
        kind,
        platform: n.2.clone(),
    }
}

/// An image of the tree with what `docker history` lists of it.
struct Image {
    manifest: Option<String>,
    platform: Option<Platform>,
    config: Option<String>,
    /// Its steps, oldest first: `created_by` and `empty_layer`.
    history: Vec<(String, bool)>,
    layers: Vec<(Option<String>, Option<u64>)>,
    diff_ids: Vec<String>,
}

fn history_of(json: &Json) -> Vec<(String, bool)> {
    json.get("history")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .map(|h| {
            let empty = matches!(
                h.get("empty_layer").map(|v| &v.value),
                Some(Value::Bool(true))
            );
            (h.get_str("created_by").unwrap_or("").to_string(), empty)
        })
        .collect()
}

/// Every image whose config was given, with its manifest's layers when that was given too.
fn images(a: &Analysis) -> Vec<Image> {
    let mut out: Vec<Image> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    crate::explain::identity::walk_with_platform(&a.tree, &mut |n, platform| {
        if !matches!(n.kind, NodeKind::Manifest | NodeKind::Schema1) {
            return;
        }
        let config = n.children.iter().find(|c| c.kind == NodeKind::Config);
        let doc = config.and_then(|c| c.document);
        let json = doc
            .and_then(|d| a.documents.get(d))
            .and_then(|d| d.json.as_ref());
        let Some(json) = json else {
            return;
        };
        seen.extend(doc);
        out.push(Image {
            manifest: n.digest.clone(),
            platform: platform.cloned(),
            config: config.and_then(|c| c.digest.clone()),
            history: history_of(json),
            layers: n
                .children
                .iter()
                .filter(|c| c.kind == NodeKind::Layer)
                .map(|l| (l.digest.clone(), l.size))
                .collect(),
            diff_ids: config.map_or_else(Vec::new, |c| {
                diff_ids(a, c).into_iter().map(str::to_string).collect()
            }),
        });
    });
    // A config given alone.
    for (i, d) in a.documents.iter().enumerate() {
        if d.kind != crate::Kind::Config || seen.contains(&i) {
            continue;
        }
        if let Some(json) = &d.json {
            out.push(Image {
                manifest: None,
                platform: d.platform.clone(),
                config: d.digest.as_ref().map(|x| x.to_string()),
                history: history_of(json),
                layers: Vec::new(),
                diff_ids: json
                    .get("rootfs")
                    .and_then(|r| r.get("diff_ids"))
                    .and_then(Json::array)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|v| v.str().map(str::to_string))
                    .collect(),
            });
        }
    }
    out
}

/// Whether a `CREATED BY` cell shows `created_by` (cut with `…` when not `--no-trunc`).
fn shows(cell: &str, created_by: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (cell, full) = (norm(cell), norm(created_by));
    match cell.strip_suffix('…') {
        Some(head) => full.starts_with(head.trim_end()),
        None => cell == full,
    }
}

/// How many rows, read bottom up, show the image's steps, oldest first.
fn score(rows: &[TableRow], image: &Image) -> usize {
    rows.iter()
        .rev()
        .zip(&image.history)
        .filter(|(r, (c, _))| shows(&r.what, c))
        .count()
}

/// Maps every table to the tree, and says what it means.
pub(crate) fn map(a: &mut Analysis) {
    if a.tables.is_empty() {
        return;
    }
    let map = by_prefix(a);
    let imgs = images(a);
    let mut tables = std::mem::take(&mut a.tables);
    for t in &mut tables {
        for r in &mut t.rows {
            r.names = map
                .find(&r.id)
                .filter(|n| !matches!(n.1, Role::DiffId(_)))
                .map(target)
                .collect();
            if let Some(d) = &r.digest {
                for n in map.find(d) {
                    let n = target(n);
                    if !r.names.contains(&n) {
                        r.names.push(n);
                    }
                }
            }
        }
        let f = match t.command {
            TableCommand::History => history(t, &imgs),
            TableCommand::Images | TableCommand::ImagesTree => images_table(t),
            TableCommand::Inspect => inspect_table(t, &imgs),
        };
        a.findings.push(f.at_input(t.input).at_line(t.line, None));
    }
    a.tables = tables;
}

/// `docker history`: which image, which layer each step made, what `<missing>` means.
fn history(t: &mut DockerTable, imgs: &[Image]) -> Finding {
    // The image: the one the top row's id names, else the one whose steps the rows show best.
    let named = |img: &Image| {
        t.rows.iter().any(|r| {
            r.names.iter().any(|n| {
                Some(&n.digest) == img.config.as_ref() || Some(&n.digest) == img.manifest.as_ref()
            })
        })
    };
    let image = imgs.iter().find(|i| named(i)).or_else(|| {
        imgs.iter()
            .map(|i| (score(&t.rows, i), i))
            .filter(|(s, _)| *s > 0)
            .max_by_key(|(s, _)| *s)
            .map(|(_, i)| i)
    });
    t.image = image.and_then(|i| i.manifest.clone().map(|m| (m, i.platform.clone())));
    let n = t.rows.len();
    let mut layer_no = 0;
    let mut missing = 0;
    let mut unmatched = 0;
    for (k, r) in t.rows.iter_mut().rev().enumerate() {
        let top = k + 1 == n;
        let step = image.and_then(|i| i.history.get(k));
        if step.is_some_and(|(c, _)| !shows(&r.what, c)) {
            unmatched += 1;
        }
        // A step made a layer when the config says so; without one, when its size is not 0B.
        let made = match step {
            Some((_, empty)) => !empty,
            None => r.size != "0B",
        };
        if made {
            layer_no += 1;
            r.layer = Some(TableLayer {
                index: layer_no,
                digest: image.and_then(|i| i.layers.get(layer_no - 1)?.0.clone()),
                size: image.and_then(|i| i.layers.get(layer_no - 1)?.1),
                diff_id: image.and_then(|i| i.diff_ids.get(layer_no - 1).cloned()),
            });
        }
        if r.id == "<missing>" {
            missing += 1;
        }
        r.note = history_note(r, top, step.is_some(), image.is_some());
    }
    let what = t.image.as_ref().map_or_else(
        || Text::new("an image", "イメージ"),
        |(m, p)| {
            let p = p.as_ref().map(|p| format!("{p}, ")).unwrap_or_default();
            Text::new(
                format!("the image {p}manifest {}", short_digest(m)),
                format!("イメージ（{p}マニフェスト {}）", short_digest(m)),
            )
        },
    );
    let mut en = format!(
        "`docker history` of {} (line {}): {n} step(s), newest first; {layer_no} of them made a layer, the others changed only the config (`CMD`, `ENV`, `LABEL`: `empty_layer` in the config's `history`, SIZE 0B).",
        what.en, t.line
    );
    let mut ja = format!(
        "{}の `docker history`（{} 行目）: 新しい順に {n} ステップ。そのうち {layer_no} がレイヤーを作り、ほかは config だけを変えたもの（`CMD`、`ENV`、`LABEL` など。config の `history` では `empty_layer`、SIZE は 0B）です。",
        what.ja, t.line
    );
    if missing > 0 {
        let _ = write!(en, " {missing} row(s) show `<missing>` as IMAGE: those steps were built on another machine. Docker has an id for a step only when it was built here (the legacy builder keeps each step as an image of its own); a pulled image brings its config's `history` and no ids for its steps. Nothing is missing from the image.");
        let _ = write!(ja, " {missing} 行の IMAGE が `<missing>` です。これらのステップは別のマシンでビルドされました。Docker がステップに ID を持つのは、このマシンでビルドしたときだけです（従来のビルダーは各ステップを 1 つのイメージとして残します）。プルしたイメージには config の `history` があるだけで、ステップの ID はありません。イメージから何かが欠けているわけではありません。");
    }
    let compressed: Option<u64> = image.and_then(|i| {
        let mut sum = 0u64;
        for (_, s) in &i.layers {
            sum = sum.checked_add((*s)?)?;
        }
        (!i.layers.is_empty()).then_some(sum)
    });
    match compressed {
        Some(c) => {
            let _ = write!(en, " SIZE is each layer unpacked, as Docker stores it on disk; the registry stores the layers compressed ({} in all, the manifest's sizes).", human_size(c));
            let _ = write!(ja, " SIZE は Docker がディスクに展開した各レイヤーの大きさです。レジストリは圧縮したレイヤーを保存しています（マニフェストのサイズで合計 {}）。", human_size(c));
        }
        None => {
            en.push_str(" SIZE is each layer unpacked, as Docker stores it on disk; the registry stores them compressed, so the manifest's sizes are smaller.");
            ja.push_str(" SIZE は Docker がディスクに展開した各レイヤーの大きさです。レジストリは圧縮して保存するので、マニフェストのサイズはこれより小さくなります。");
        }
    }
    match image {
        None => {
            en.push_str(" None of the documents given is this image's config, so the layers are counted from the bottom by their size: paste the config (`docker inspect` shows its digest as `Id`; `docker buildx imagetools inspect --format '{{json .Image}}' REF`) and the manifest to match each step to its layer.");
            ja.push_str(" 与えられたドキュメントにこのイメージの config がないので、レイヤーはサイズから下から数えました。各ステップをレイヤーに対応させるには config（`docker buildx imagetools inspect --format '{{json .Image}}' REF`）とマニフェストを貼り付けてください。");
        }
        Some(i) if i.history.len() != n || unmatched > 0 => {
            let _ = write!(en, " The config's `history` has {} step(s) and {unmatched} row(s) show another command than the step they face: this table may be of another build of the image.", i.history.len());
            let _ = write!(ja, " config の `history` は {} ステップで、{unmatched} 行が対応するステップと違うコマンドを示しています。この表は同じイメージの別のビルドのものかもしれません。", i.history.len());
        }
        Some(_) => {}
    }
    Finding::new(Code::DockerHistory, Text::new(en, ja))
}

fn history_note(r: &TableRow, top: bool, known: bool, have_config: bool) -> Text {
    let mut en = String::new();
    let mut ja = String::new();
    if r.id == "<missing>" {
        en.push_str("`<missing>`: built elsewhere, so Docker has no id for this step. ");
        ja.push_str("`<missing>`: 別の場所でビルドされたので、Docker はこのステップの ID を持っていません。");
    } else if let Some(n) = r.names.first() {
        let (e, j) = match n.kind {
            NodeKind::Config => (
                "the image's ID: its config's digest (the classic image store)",
                "イメージの ID で、config のダイジェストです（従来のイメージストア）",
            ),
            NodeKind::Index => (
                "the image's ID: its index's digest (the containerd image store)",
                "イメージの ID で、インデックスのダイジェストです（containerd イメージストア）",
            ),
            _ => (
                "the image's ID: its manifest's digest (the containerd image store)",
                "イメージの ID で、マニフェストのダイジェストです（containerd イメージストア）",
            ),
        };
        let _ = write!(en, "{} is {e}. ", r.id);
        let _ = write!(ja, "{} は{j}。", r.id);
    } else if top {
        let _ = write!(en, "{} is the image's ID: with the classic image store its config's digest, with the containerd store its index's or manifest's; it is in none of the documents given. ", r.id);
        let _ = write!(ja, "{} はイメージの ID です。従来のイメージストアでは config の、containerd イメージストアではインデックスかマニフェストのダイジェストで、与えられたドキュメントにはありません。", r.id);
    } else {
        let _ = write!(en, "{} is an image of this step, kept on the machine that built it (the legacy builder keeps one per step, `docker images -a`); no registry has it. ", r.id);
        let _ = write!(ja, "{} はこのステップのイメージで、ビルドしたマシンにだけあります（従来のビルダーはステップごとに 1 つ残します。`docker images -a`）。レジストリにはありません。", r.id);
    }
    match &r.layer {
        Some(l) => {
            let digest = l
                .digest
                .as_deref()
                .map(|d| {
                    let size = l
                        .size
                        .map(|s| format!(", {} compressed", human_size(s)))
                        .unwrap_or_default();
                    let size_ja = l
                        .size
                        .map(|s| format!("、圧縮後 {}", human_size(s)))
                        .unwrap_or_default();
                    (
                        format!(" ({}{size})", short_digest(d)),
                        format!("（{}{size_ja}）", short_digest(d)),
                    )
                })
                .unwrap_or_default();
            if known {
                en.push_str(&format!(
                    "Made layer {}{}; SIZE {} is the layer unpacked.",
                    l.index, digest.0, r.size
                ));
                ja.push_str(&format!(
                    "レイヤー {}{}を作りました。SIZE {} は展開後の大きさです。",
                    l.index, digest.1, r.size
                ));
            } else {
                en.push_str(&format!(
                    "Made a layer (SIZE {} unpacked): layer {} counted from the bottom.",
                    r.size, l.index
                ));
                ja.push_str(&format!(
                    "レイヤーを作りました（展開後 {}）。下から数えてレイヤー {} です。",
                    r.size, l.index
                ));
            }
        }
        None if known || have_config => {
            en.push_str("Changed only the config: no layer (`empty_layer`).");
            ja.push_str("config だけを変えたステップで、レイヤーはありません（`empty_layer`）。");
        }
        None => {
            en.push_str("SIZE 0B: most likely a step that changed only the config; the config's `history` (`empty_layer`) says for sure.");
            ja.push_str("SIZE 0B: config だけを変えたステップでしょう。確かめるには config の `history`（`empty_layer`）を見てください。");
        }
    }
    Text::new(en, ja)
}

/// `docker inspect`: what `Id`, `RepoDigests` and `RootFS.Layers` are.
fn inspect_table(t: &mut DockerTable, imgs: &[Image]) -> Finding {
    let mut store_en = "";
    let mut store_ja = "";
    let mut layers = 0;
    for r in &mut t.rows {
        let named = r.names.iter().find(|n| n.kind != NodeKind::Layer);
        let (en, ja) = if r.what == "Id" {
            match named.map(|n| n.kind) {
                Some(NodeKind::Config) => {
                    store_en = " This Docker uses the classic image store: `Id` is the config's digest.";
                    store_ja = " この Docker は従来のイメージストアを使っています（`Id` が config のダイジェスト）。";
                    ("`Id` is the config's digest: the classic image store names an image by its config (the IMAGE ID of `docker images`, cut to 12 digits); no registry pulls by it.".to_string(),
                     "`Id` は config のダイジェストです。従来のイメージストアはイメージを config で呼びます（`docker images` の IMAGE ID は、これを 12 桁に切ったもの）。レジストリからこれでプルすることはできません。".to_string())
                }
                Some(k @ (NodeKind::Index | NodeKind::Manifest | NodeKind::Schema1)) => {
                    store_en = " This Docker uses the containerd image store: `Id` is the digest of what the tag points at.";
                    store_ja = " この Docker は containerd イメージストアを使っています（`Id` がタグの指すもののダイジェスト）。";
                    let (w, wj) = if k == NodeKind::Index { ("index", "インデックス") } else { ("manifest", "マニフェスト") };
                    (format!("`Id` is the digest of the {w} the tag points at: the containerd image store names an image by it."),
                     format!("`Id` はタグが指す{wj}のダイジェストです。containerd イメージストアはイメージをこれで呼びます。"))
                }
                _ => ("`Id`: with the classic image store the config's digest, with the containerd image store the index's or manifest's; in none of the documents given.".to_string(),
                      "`Id`: 従来のイメージストアでは config の、containerd イメージストアではインデックスかマニフェストのダイジェストです。与えられたドキュメントにはありません。".to_string()),
            }
        } else if r.digest.is_some() {
            match named.map(|n| n.kind) {
                Some(NodeKind::Index) => ("The index the tag pointed at in the registry: pulling by it lets each machine choose its platform.".to_string(),
                    "レジストリでタグが指していたインデックスです。これでプルすると各マシンが自分のプラットフォームを選びます。".to_string()),
                Some(_) => ("The manifest the tag pointed at in the registry: pulling by it gets these exact bytes.".to_string(),
                    "レジストリでタグが指していたマニフェストです。これでプルすると、このバイト列そのものが得られます。".to_string()),
                None => ("What the tag pointed at in the registry (an index or a manifest), not among the documents given.".to_string(),
                    "レジストリでタグが指していたもの（インデックスかマニフェスト）で、与えられたドキュメントにはありません。".to_string()),
            }
        } else {
            layers += 1;
            let n = r.layer.as_ref().map_or(0, |l| l.index);
            // The layer this diff_id is, in an image given: its compressed digest and size.
            let found = imgs.iter().find_map(|img| {
                let i = img.diff_ids.iter().position(|d| *d == r.id)?;
                Some((i, img.layers.get(i).cloned()?, img.platform.clone()))
            });
            match found {
                Some((i, (Some(d), size), platform)) => {
                    if let Some(l) = r.layer.as_mut() {
                        l.index = i + 1;
                        l.digest = Some(d.clone());
                        l.size = size;
                    }
                    r.names.push(PullTarget { digest: d.clone(), kind: NodeKind::Layer, platform });
                    if d == r.id {
                        (format!("The diff_id of layer {}: stored uncompressed, so the manifest lists it by the same digest.", i + 1),
                         format!("レイヤー {} の diff_id です。圧縮せずに保存されているので、マニフェストにも同じダイジェストで載っています。", i + 1))
                    } else {
                        let size = size.map(|s| format!(", {}", human_size(s))).unwrap_or_default();
                        (format!("The diff_id of layer {}: its digest uncompressed (the config's `rootfs.diff_ids`). The registry stores it compressed as {}{size}: `docker pull` prints the first 12 digits of that one, `docker push` of this one.", i + 1, short_digest(&d)),
                         format!("レイヤー {} の diff_id で、展開した状態のダイジェストです（config の `rootfs.diff_ids`）。レジストリは圧縮して {}{size} として保存しています。`docker pull` はそちらの先頭 12 桁を、`docker push` はこちらの先頭 12 桁を表示します。", i + 1, short_digest(&d)))
                    }
                }
                _ => (format!("The diff_id of layer {n}: its digest uncompressed (the config's `rootfs.diff_ids`); the compressed digest `docker pull` prints is in the manifest."),
                      format!("レイヤー {n} の diff_id で、展開した状態のダイジェストです（config の `rootfs.diff_ids`）。`docker pull` が表示する圧縮後のダイジェストはマニフェストにあります。")),
            }
        };
        r.note = Text::new(en, ja);
    }
    Finding::new(
        Code::DockerInspectIds,
        Text::new(
            format!("`docker inspect` (line {}): `Id` names the image on this machine, `RepoDigests` what its tag pointed at in the registry, and `RootFS.Layers` its {layers} layer(s) uncompressed (diff_ids), which no registry serves.{store_en}", t.line),
            format!("`docker inspect`（{} 行目）: `Id` はこのマシンでのイメージの名前、`RepoDigests` はレジストリでタグが指していたもの、`RootFS.Layers` は {layers} 個のレイヤーの展開した状態のダイジェスト（diff_id）で、レジストリはこれでは返しません。{store_ja}", t.line),
        ),
    )
}

/// `docker images` (and `--tree`): what IMAGE ID and DIGEST are.
fn images_table(t: &mut DockerTable) -> Finding {
    let mut classic = 0;
    let mut containerd = 0;
    let mut unknown = 0;
    let tree = t.command == TableCommand::ImagesTree;
    for r in &mut t.rows {
        let id_names = r.names.iter().find(|n| {
            n.digest
                .trim_start_matches("sha256:")
                .starts_with(r.id.trim_start_matches("sha256:"))
        });
        let mut en = String::new();
        let mut ja = String::new();
        let child = r.what.starts_with(['├', '└']);
        match id_names.map(|n| (n.kind, n)) {
            _ if matches!(r.id.as_str(), "<none>" | "<missing>") => {}
            Some((NodeKind::Config, n)) => {
                classic += 1;
                let _ = write!(en, "IMAGE ID {} is the config's digest ({}): the classic image store names an image by its config, which no registry pulls by. ", r.id, short_digest(&n.digest));
                let _ = write!(ja, "IMAGE ID {} は config のダイジェスト（{}）です。従来のイメージストアはイメージを config で呼びます。レジストリからこれでプルすることはできません。", r.id, short_digest(&n.digest));
            }
            Some((kind @ (NodeKind::Index | NodeKind::Manifest | NodeKind::Schema1), n)) => {
                let p = n
                    .platform
                    .as_ref()
                    .map(|p| format!(" of {p}"))
                    .unwrap_or_default();
                let p_ja = n
                    .platform
                    .as_ref()
                    .map(|p| format!("{p} の"))
                    .unwrap_or_default();
                let (what, what_ja) = if kind == NodeKind::Index {
                    ("index", "インデックス")
                } else {
                    ("manifest", "マニフェスト")
                };
                if child {
                    en.push_str(&format!(
                        "{} is the manifest{p} ({}): this platform's image in the index above. ",
                        r.id,
                        short_digest(&n.digest)
                    ));
                    let _ = write!(ja, "{} は{p_ja}マニフェスト（{}）で、上のインデックスの中のこのプラットフォームのイメージです。", r.id, short_digest(&n.digest));
                } else {
                    containerd += 1;
                    let _ = write!(en, "IMAGE ID {} is the digest of the {what}{p} the tag points at ({}): the containerd image store names an image by it. ", r.id, short_digest(&n.digest));
                    let _ = write!(ja, "IMAGE ID {} はタグが指す{p_ja}{what_ja}のダイジェスト（{}）です。containerd イメージストアはイメージをこれで呼びます。", r.id, short_digest(&n.digest));
                }
            }
            _ if tree => {
                unknown += 1;
                if child {
                    en.push_str(&format!(
                        "{} is this platform's manifest digest (in none of the documents given). ",
                        r.id
                    ));
                    let _ = write!(ja, "{} はこのプラットフォームのマニフェストのダイジェストです（与えられたドキュメントにはありません）。", r.id);
                } else {
                    let _ = write!(en, "{} is the digest of what the tag points at, an index or a manifest (the containerd image store; in none of the documents given). ", r.id);
                    let _ = write!(ja, "{} はタグが指すもの（インデックスかマニフェスト）のダイジェストです（containerd イメージストア。与えられたドキュメントにはありません）。", r.id);
                }
            }
            _ => {
                unknown += 1;
                let _ = write!(en, "{} is in none of the documents given: with the classic image store an IMAGE ID is the config's digest, with the containerd store the index's or manifest's. ", r.id);
                let _ = write!(ja, "{} は与えられたドキュメントにありません。IMAGE ID は、従来のイメージストアでは config の、containerd イメージストアではインデックスかマニフェストのダイジェストです。", r.id);
            }
        }
        if let Some(d) = &r.digest {
            let named = r.names.iter().find(|n| &n.digest == d);
            match named.map(|n| n.kind) {
                Some(NodeKind::Index) => {
                    let _ = write!(en, "DIGEST {} is the index the tag pointed at in the registry (`RepoDigests`): pulling by it lets each machine choose its platform.", short_digest(d));
                    let _ = write!(ja, "DIGEST {} はレジストリでタグが指していたインデックス（`RepoDigests`）です。これでプルすると各マシンが自分のプラットフォームを選びます。", short_digest(d));
                }
                Some(_) => {
                    let _ = write!(en, "DIGEST {} is the manifest the tag pointed at in the registry (`RepoDigests`): pulling by it gets these exact bytes.", short_digest(d));
                    let _ = write!(ja, "DIGEST {} はレジストリでタグが指していたマニフェスト（`RepoDigests`）です。これでプルすると、このバイト列そのものが得られます。", short_digest(d));
                }
                None => {
                    let _ = write!(en, "DIGEST {} is what the tag pointed at in the registry (`RepoDigests`: an index or a manifest), not among the documents given.", short_digest(d));
                    let _ = write!(ja, "DIGEST {} はレジストリでタグが指していたもの（`RepoDigests`: インデックスかマニフェスト）で、与えられたドキュメントにはありません。", short_digest(d));
                }
            }
        }
        if r.what.starts_with("<none>") {
            en.push_str(" `<none>`: no tag points at this image any more (the tag moved to a newer build); `docker image prune` removes such dangling images.");
            ja.push_str(" `<none>`: もうどのタグもこのイメージを指していません（タグが新しいビルドに移りました）。`docker image prune` でこうした宙に浮いたイメージを消せます。");
        }
        r.note = Text::new(en.trim().to_string(), ja);
    }
    let n = t.rows.len();
    let mut en = format!("`docker images` (line {}): {n} row(s). IMAGE ID names the image on this machine, not in a registry: ", t.line);
    let mut ja = format!("`docker images`（{} 行目）: {n} 行。IMAGE ID はこのマシンでのイメージの名前で、レジストリのものではありません。", t.line);
    if tree {
        en.push_str("`--tree` lists each image with its platforms, as the containerd image store keeps them: an image's ID is the digest of what its tag points at (the index), each platform's the digest of its manifest; EXTRA `U` marks what a container uses.");
        ja.push_str("`--tree` は containerd イメージストアが持つとおりに各イメージとそのプラットフォームを並べます。イメージの ID はタグが指すもの（インデックス）の、各プラットフォームの ID はそのマニフェストのダイジェストです。EXTRA の `U` はコンテナーが使っているものです。");
    } else if classic > 0 && containerd == 0 {
        en.push_str("here it is the config's digest, so this Docker uses the classic image store. The registry's digest of the same image is the manifest's (or index's), `DIGEST` with `--digests`: the two never match.");
        ja.push_str("ここでは config のダイジェストなので、この Docker は従来のイメージストアを使っています。同じイメージのレジストリでのダイジェストはマニフェスト（またはインデックス）のもので、`--digests` の `DIGEST` です。この 2 つが一致することはありません。");
    } else if containerd > 0 && classic == 0 {
        en.push_str("here it is the digest of what the tag points at (the index or the manifest), so this Docker uses the containerd image store; it equals `DIGEST`.");
        ja.push_str("ここではタグが指すもの（インデックスかマニフェスト）のダイジェストなので、この Docker は containerd イメージストアを使っています。`DIGEST` と同じです。");
    } else {
        en.push_str("the classic image store shows the config's digest, the containerd image store the index's or manifest's (what `DIGEST` shows with `--digests`).");
        ja.push_str("従来のイメージストアでは config の、containerd イメージストアではインデックスかマニフェストのダイジェスト（`--digests` の `DIGEST`）です。");
    }
    if unknown > 0 {
        let _ = write!(en, " {unknown} id(s) are in none of the documents given: paste `docker buildx imagetools inspect --raw REPO:TAG` and the config (`--format '{{{{json .Image}}}}'`) to see which digest each is.");
        let _ = write!(ja, " {unknown} 個の ID は与えられたドキュメントにありません。どのダイジェストか確かめるには `docker buildx imagetools inspect --raw REPO:TAG` と config（`--format '{{{{json .Image}}}}'`）を貼り付けてください。");
    }
    Finding::new(Code::DockerImages, Text::new(en, ja))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_created_by_cell_shows_its_step() {
        assert!(shows(
            "/bin/sh -c #(nop)  CMD [\"/bin/busybox\" \"ls\" …",
            "/bin/sh -c #(nop)  CMD [\"/bin/busybox\" \"ls\" \"-l\" \"/app\"]"
        ));
        assert!(shows(
            "/bin/sh -c #(nop) WORKDIR /app",
            "/bin/sh -c #(nop) WORKDIR /app"
        ));
        assert!(!shows(
            "/bin/sh -c #(nop) WORKDIR /app",
            "/bin/sh -c #(nop) WORKDIR /srv"
        ));
    }
}
