//! Compare two images (issue 14): what differs between two analyses (two tags, two builds, or
//! two platforms of one index) and what each difference means.
//!
//! Each side's images are read from its tree (a manifest with its config and layers, or a
//! config given alone), paired by platform, and compared part by part: the index, each
//! manifest's digest and why it differs, its media types and annotations, its layers (shared,
//! added, removed, changed or only recompressed, matched by `diff_id`), the config's fields and
//! history, and what is attached (provenance, SBOM, signatures). Every difference has a
//! [`Class`]; the [`Verdict`] says whether the two are the same image, the same content stored
//! differently, or reproducible once timestamps are set aside.
//!
//! Linear in the size of both trees: every lookup is a hash map or a sorted list.

pub mod kinds;

use crate::hash::HashMap;

/// The one hash map of a comparison: a string (a digest, a platform, a scope) to places in a
/// list (each other map type would be another copy of its code in the page).
type Index = HashMap<String, Vec<usize>>;

pub use kinds::{ChangeKind, Class, Verdict};

use crate::explain::platform;
use crate::explain::supply_chain::{self, Found};
use crate::present::labels::{human_size, short_digest};
use crate::read::json::{Json, Value};
use crate::{Analysis, NodeKind, NodePath, Platform, Text, TreeNode};

/// The annotation and label that hold a build time.
pub const CREATED_KEY: &str = "org.opencontainers.image.created";

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only the image of this platform on the left, and on the right unless `right_platform`
    /// is given.
    pub platform: Option<Platform>,
    /// Only the image of this platform on the right (to compare two platforms of one index).
    pub right_platform: Option<Platform>,
    /// Leave timestamp differences (and the digest differences only they cause) out of the list.
    pub ignore_timestamps: bool,
}

/// The result: the images paired, every difference, and the verdict.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Comparison {
    /// The platforms of the images of each side, as found.
    pub left_platforms: Vec<String>,
    pub right_platforms: Vec<String>,
    pub pairs: Vec<Pair>,
    pub changes: Vec<Change>,
    /// Over every difference found, whether or not timestamps are left out of the list.
    pub verdict: Verdict,
    /// How many differences `ignore_timestamps` left out.
    pub set_aside: usize,
}

impl Comparison {
    /// Whether a difference remains in the list (what `--fail-on-diff` asks).
    pub fn differs(&self) -> bool {
        !self.changes.is_empty() || self.verdict == Verdict::Nothing
    }
}

/// Two images compared with each other.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pair {
    /// The platform (`linux/amd64`), or both (`linux/amd64 ↔ linux/arm64`).
    pub scope: String,
    pub left: ImageSummary,
    pub right: ImageSummary,
    /// How many layers are the same blob on both sides, and their compressed size.
    pub shared_layers: usize,
    pub shared_size: u64,
    pub verdict: Verdict,
}

/// One side of a pair.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ImageSummary {
    /// The manifest's node in that side's tree.
    pub path: Option<NodePath>,
    pub manifest: Option<String>,
    pub config: Option<String>,
    pub platform: Option<String>,
    pub layers: usize,
    /// The layers' compressed size, when every layer's size is known.
    pub size: Option<u64>,
    /// Whether the manifest was given (else only its descriptor in an index is known).
    pub given: bool,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub class: Class,
    /// The pair it is in (`linux/amd64`); `None` for the index or the sides as a whole.
    pub scope: Option<String>,
    /// What in it differs: an env variable's name, a label's key, `layer 3`, a platform.
    pub subject: Option<String>,
    /// The value on each side, as written (`None`: absent on that side).
    pub left: Option<String>,
    pub right: Option<String>,
    /// The node on each side, for the page to link to both trees.
    pub left_path: Option<NodePath>,
    pub right_path: Option<NodePath>,
    pub layer: Option<LayerDetail>,
    /// This difference in words: what it is and what it means here.
    pub text: Text,
}

/// Sizes and the history step of a layer on each side.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct LayerDetail {
    /// 1-based place in the manifest's `layers`.
    pub left_position: Option<usize>,
    pub right_position: Option<usize>,
    pub left_size: Option<u64>,
    pub right_size: Option<u64>,
    /// The `created_by` of the history step that made it.
    pub left_step: Option<String>,
    pub right_step: Option<String>,
    pub left_diff_id: Option<String>,
    pub right_diff_id: Option<String>,
}

struct Layer<'a> {
    digest: Option<&'a str>,
    size: Option<u64>,
    media_type: Option<&'a str>,
    diff_id: Option<&'a str>,
    step: Option<&'a str>,
    path: Option<NodePath>,
}

/// An image of one side: a manifest with what it names, or a config given alone.
struct Image<'a> {
    path: Option<NodePath>,
    node: Option<&'a TreeNode>,
    platform: Option<Platform>,
    config_path: Option<NodePath>,
    config_digest: Option<&'a str>,
    config_media_type: Option<&'a str>,
    config: Option<&'a Json>,
    layers: Vec<Layer<'a>>,
}

impl Image<'_> {
    /// `os/arch[/variant]`, and a Windows image's `os.version`.
    fn platform_text(&self) -> Option<String> {
        self.platform.as_ref().map(|p| match &p.os_version {
            Some(v) if !v.is_empty() => format!("{p} {v}"),
            _ => p.to_string(),
        })
    }
    /// The platform as containerd compares it (`arm64` and `arm64/v8` are one).
    fn key(&self) -> Option<String> {
        self.platform.as_ref().map(|p| {
            let n = platform::normalize(p);
            format!("{n} {}", n.os_version.as_deref().unwrap_or(""))
        })
    }
    /// Whether the manifest itself was given (not only its descriptor in an index).
    fn given(&self) -> bool {
        self.node.is_none_or(|n| n.provided)
    }
    fn summary(&self) -> ImageSummary {
        let size = self
            .layers
            .iter()
            .try_fold(0u64, |t, l| l.size.and_then(|s| t.checked_add(s)));
        ImageSummary {
            path: self.path.clone(),
            manifest: self.node.and_then(|n| n.digest.clone()),
            config: self.config_digest.map(str::to_string),
            platform: self.platform_text(),
            layers: self.layers.len(),
            size: if self.node.is_some() && self.given() {
                size
            } else {
                None
            },
            given: self.given(),
        }
    }
}

/// The images of one side, in tree order, each manifest once.
fn images(a: &Analysis) -> Vec<Image<'_>> {
    fn go<'a>(
        a: &'a Analysis,
        n: &'a TreeNode,
        path: NodePath,
        platform: Option<&Platform>,
        seen: &mut Index,
        out: &mut Vec<Image<'a>>,
    ) {
        match n.kind {
            NodeKind::Manifest | NodeKind::Schema1 => {
                if let Some(d) = &n.digest {
                    if seen.insert(d.clone(), Vec::new()).is_some() {
                        return;
                    }
                }
                out.push(image_of(a, n, path, n.platform.as_ref().or(platform)));
            }
            NodeKind::Index | NodeKind::Reference => {
                for (i, c) in n.children.iter().enumerate() {
                    let mut p = path.clone();
                    p.0.push(i);
                    go(a, c, p, None, seen, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut seen = Index::default();
    for (i, root) in a.tree.iter().enumerate() {
        go(a, root, NodePath(vec![i]), None, &mut seen, &mut out);
    }
    // A config given alone (no manifest of this side names it): an image with no manifest.
    let mut used = vec![false; a.documents.len()];
    let configs = TreeNode::nodes(&a.tree)
        .filter(|n| !matches!(n.kind, NodeKind::Config | NodeKind::Layer))
        .flat_map(|n| &n.children)
        .filter(|c| c.kind == NodeKind::Config)
        .filter_map(|c| c.document);
    for d in configs {
        if let Some(u) = used.get_mut(d) {
            *u = true;
        }
    }
    // Where each document is first drawn, found in one walk (not one walk a config).
    let mut node_of: Vec<Option<NodePath>> = vec![None; a.documents.len()];
    for (p, n) in TreeNode::walk(&a.tree) {
        if let Some(slot) = n.document.and_then(|d| node_of.get_mut(d)) {
            if slot.is_none() {
                *slot = Some(p);
            }
        }
    }
    let mut configs_alone: Vec<Image<'_>> = Vec::new();
    for (i, d) in a.documents.iter().enumerate() {
        if d.kind != crate::Kind::Config || used[i] {
            continue;
        }
        let Some(json) = d.json.as_ref() else {
            continue;
        };
        let path = node_of.get(i).cloned().flatten();
        configs_alone.push(Image {
            path: path.clone(),
            node: None,
            platform: d.platform.clone(),
            config_path: path,
            config_digest: None,
            config_media_type: d.media_type.as_deref(),
            config: Some(json),
            layers: Vec::new(),
        });
    }
    out.extend(configs_alone);
    out
}

fn image_of<'a>(
    a: &'a Analysis,
    n: &'a TreeNode,
    path: NodePath,
    platform: Option<&Platform>,
) -> Image<'a> {
    let config_at = n.children.iter().position(|c| c.kind == NodeKind::Config);
    let config_node = config_at.map(|i| &n.children[i]);
    let config = config_node
        .and_then(|c| c.document)
        .and_then(|d| a.documents.get(d))
        .and_then(|d| d.json.as_ref());
    let config_platform = config_node
        .and_then(|c| c.document)
        .and_then(|d| a.documents.get(d))
        .and_then(|d| d.platform.clone());
    let diff_ids: Vec<&str> = config
        .and_then(|j| j.get("rootfs"))
        .and_then(|r| r.get("diff_ids"))
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::str)
        .collect();
    // The history steps that made a layer, oldest first: one for each layer.
    let steps: Vec<&str> = config
        .and_then(|j| j.get("history"))
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .filter(|h| {
            !matches!(
                h.get("empty_layer").map(|v| &v.value),
                Some(Value::Bool(true))
            )
        })
        .map(|h| h.get_str("created_by").unwrap_or(""))
        .collect();
    let mut layers = Vec::new();
    for (i, c) in n.children.iter().enumerate() {
        if c.kind != NodeKind::Layer {
            continue;
        }
        let k = layers.len();
        let mut p = path.clone();
        p.0.push(i);
        layers.push(Layer {
            digest: c.digest.as_deref(),
            size: c.size,
            media_type: c.media_type.as_deref(),
            diff_id: diff_ids.get(k).copied(),
            step: steps.get(k).copied().filter(|s| !s.is_empty()),
            path: Some(p),
        });
    }
    let config_path = config_at.map(|i| {
        let mut p = path.clone();
        p.0.push(i);
        p
    });
    Image {
        platform: platform.cloned().or(config_platform),
        path: Some(path),
        node: Some(n),
        config_path,
        config_digest: config_node.and_then(|c| c.digest.as_deref()),
        config_media_type: config_node.and_then(|c| c.media_type.as_deref()),
        config,
        layers,
    }
}

/// Whether `p` is the platform asked for: the same OS and architecture, and the same variant
/// when one is asked for (`linux/arm` matches `linux/arm/v7`).
fn is_platform(image: Option<&Platform>, asked: &Platform) -> bool {
    let Some(image) = image else {
        return false;
    };
    let (i, a) = (platform::normalize(image), platform::normalize(asked));
    i.os == a.os
        && i.architecture == a.architecture
        && (asked.variant.as_deref().is_none_or(str::is_empty) || i.variant == a.variant)
}

/// Keeps the images of the platform asked for; when none is, the images whose platform is not
/// known (a manifest given without its index or config).
fn keep_platform(images: &mut Vec<Image<'_>>, asked: &Platform) {
    if images
        .iter()
        .any(|i| is_platform(i.platform.as_ref(), asked))
    {
        images.retain(|i| is_platform(i.platform.as_ref(), asked));
    } else {
        images.retain(|i| i.platform.is_none());
    }
}

/// The two platforms to compare when one side is given and no platform is asked for (the
/// page's Compare mode with B empty): the first two of `platforms` (a side's
/// [`Comparison::left_platforms`]) that differ, leaving out unknown ones and attestations'
/// `unknown/unknown`.
pub fn two_platforms(platforms: &[String]) -> Option<(&str, &str)> {
    let mut known = platforms
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "-" && !p.starts_with("unknown/unknown"));
    let first = known.next()?;
    let second = known.find(|p| *p != first)?;
    Some((first, second))
}

/// Compares `a` (the left side, "A") with `b` (the right side, "B").
pub fn compare(a: &Analysis, b: &Analysis, opts: &Options) -> Comparison {
    let mut left = images(a);
    let mut right = images(b);
    let left_platforms = platforms(&left);
    let right_platforms = platforms(&right);
    let right_asked = opts.right_platform.as_ref().or(opts.platform.as_ref());
    if let Some(p) = &opts.platform {
        keep_platform(&mut left, p);
    }
    if let Some(p) = right_asked {
        keep_platform(&mut right, p);
    }
    let mut out = Out::default();
    // The indexes, when the whole sides are compared.
    if opts.platform.is_none() && opts.right_platform.is_none() {
        compare_indexes(a, b, &mut out);
    }
    let mut pairs = Vec::new();
    let nothing = left.is_empty() || right.is_empty();
    if left.len() == 1 && right.len() == 1 {
        pairs.push((&left[0], &right[0]));
    } else {
        // The same manifest on both sides is one image, whatever platform each side knows;
        // then by platform, each image of a platform with the first of it on the other side.
        // (Lists reversed, so `pop` takes the first.)
        let (mut by_digest, mut by_key) = (Index::default(), Index::default());
        for (j, r) in right.iter().enumerate().rev() {
            if let Some(d) = r.node.and_then(|n| n.digest.clone()) {
                by_digest.entry(d).or_default().push(j);
            }
            by_key
                .entry(r.key().unwrap_or_default())
                .or_default()
                .push(j);
        }
        let mut paired = vec![false; right.len()];
        let mut left_done = vec![false; left.len()];
        let take = |list: Option<&mut Vec<usize>>, paired: &mut [bool]| {
            let list = list?;
            while let Some(j) = list.pop() {
                if !paired[j] {
                    paired[j] = true;
                    return Some(j);
                }
            }
            None
        };
        for (i, l) in left.iter().enumerate() {
            let list = l
                .node
                .and_then(|n| n.digest.as_ref())
                .and_then(|d| by_digest.get_mut(d));
            if let Some(j) = take(list, &mut paired) {
                left_done[i] = true;
                pairs.push((l, &right[j]));
            }
        }
        for (i, l) in left.iter().enumerate() {
            if left_done[i] {
                continue;
            }
            let list = by_key.get_mut(&l.key().unwrap_or_default());
            match take(list, &mut paired) {
                Some(j) => pairs.push((l, &right[j])),
                None => out.platform_only(l, true),
            }
        }
        for (j, r) in right.iter().enumerate() {
            if !paired[j] {
                out.platform_only(r, false);
            }
        }
    }
    let answers_a = attachments(a);
    let answers_b = attachments(b);
    // What is attached to the indexes themselves (a signature on an index).
    if opts.platform.is_none() && opts.right_platform.is_none() {
        if let (Some((pa, _)), Some((pb, _))) = (first_index(a), first_index(b)) {
            compare_attached(
                attached(&answers_a, Some(&pa)),
                attached(&answers_b, Some(&pb)),
                (Some(pa.clone()), Some(pb.clone())),
                None,
                &mut out,
            );
        }
    }
    let mut summaries = Vec::new();
    for (l, r) in pairs {
        let scope = match (l.platform_text(), r.platform_text()) {
            (Some(x), Some(y)) if l.key() != r.key() => format!("{x} ↔ {y}"),
            (Some(x), _) | (None, Some(x)) => x,
            (None, None) => "-".to_string(),
        };
        let start = out.changes.len();
        let (shared_layers, shared_size) = compare_images(l, r, &scope, &mut out);
        compare_attached(
            attached(&answers_a, l.path.as_ref()),
            attached(&answers_b, r.path.as_ref()),
            (l.path.clone(), r.path.clone()),
            Some(&scope),
            &mut out,
        );
        let verdict = Verdict::of(out.changes[start..].iter().map(|c| c.class));
        summaries.push(Pair {
            scope,
            left: l.summary(),
            right: r.summary(),
            shared_layers,
            shared_size,
            verdict,
        });
    }
    let verdict = if nothing {
        Verdict::Nothing
    } else {
        Verdict::of(out.changes.iter().map(|c| c.class))
    };
    let mut changes = out.changes;
    let before = changes.len();
    if opts.ignore_timestamps {
        changes.retain(|c| c.class != Class::Timestamp);
        // A digest that differs only because of timestamps is set aside with them.
        let mut explained = Index::default();
        for c in changes.iter().filter(|c| c.class != Class::Consequence) {
            explained.insert(c.scope.clone().unwrap_or_default(), Vec::new());
        }
        let any_left = changes.iter().any(|c| c.class != Class::Consequence);
        changes.retain(|c| {
            c.class != Class::Consequence
                || explained.contains_key(c.scope.as_deref().unwrap_or_default())
                || (c.scope.is_none() && any_left)
        });
    }
    Comparison {
        left_platforms,
        right_platforms,
        pairs: summaries,
        set_aside: before - changes.len(),
        changes,
        verdict,
    }
}

fn platforms(images: &[Image<'_>]) -> Vec<String> {
    images
        .iter()
        .map(|i| i.platform_text().unwrap_or_else(|| "-".to_string()))
        .collect()
}

#[derive(Default)]
struct Out {
    changes: Vec<Change>,
}

impl Out {
    // Called from some fifty places: one copy, not one inlined at each (the page's size).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ChangeKind,
        class: Class,
        scope: Option<&str>,
        subject: Option<String>,
        values: (Option<String>, Option<String>),
        paths: (Option<NodePath>, Option<NodePath>),
        text: Text,
    ) {
        self.changes.push(Change {
            kind,
            class,
            scope: scope.map(str::to_string),
            subject,
            left: values.0,
            right: values.1,
            left_path: paths.0,
            right_path: paths.1,
            layer: None,
            text,
        });
    }

    fn platform_only(&mut self, i: &Image<'_>, left: bool) {
        let p = i.platform_text().unwrap_or_else(|| "-".to_string());
        let digest = i.summary().manifest;
        let (side, other) = if left { ("A", "B") } else { ("B", "A") };
        let unknown = Text::new(
            format!("{side} has an image whose platform is not known (a manifest given without its index or config), and it matches none of {other}'s by digest. To compare it with one of {other}'s, name that platform: `--platform linux/amd64`."),
            format!("{side} にはプラットフォームが不明なイメージ（インデックスや config なしで与えられたマニフェスト）があり、{other} のどのイメージともダイジェストが一致しません。{other} のイメージと比べるには、そのプラットフォームを指定してください: `--platform linux/amd64`。"),
        );
        let (kind, values, paths, text) = if left {
            (
                ChangeKind::PlatformRemoved,
                (digest, None),
                (i.path.clone(), None),
                Text::new(
                    format!("A has an image for {p} and B has none for it."),
                    format!("A には {p} のイメージがあり、B にはありません。"),
                ),
            )
        } else {
            (
                ChangeKind::PlatformAdded,
                (None, digest),
                (None, i.path.clone()),
                Text::new(
                    format!("B has an image for {p} and A has none for it."),
                    format!("B には {p} のイメージがあり、A にはありません。"),
                ),
            )
        };
        let text = if i.platform.is_none() { unknown } else { text };
        self.push(kind, Class::Content, None, Some(p), values, paths, text);
    }
}

/// The first image index of a side's tree, with its path: not an OCI layout's own
/// `index.json`, which lists what the layout holds (its digest is no image's).
fn first_index(a: &Analysis) -> Option<(NodePath, &TreeNode)> {
    TreeNode::walk(&a.tree).find(|(_, n)| {
        n.kind == NodeKind::Index
            && !n
                .document
                .and_then(|d| a.documents.get(d))
                .is_some_and(crate::Document::is_layout_index)
    })
}

fn compare_indexes(a: &Analysis, b: &Analysis, out: &mut Out) {
    let (ia, ib) = (first_index(a), first_index(b));
    match (&ia, &ib) {
        (Some((pa, na)), Some((pb, nb))) => {
            let paths = (Some(pa.clone()), Some(pb.clone()));
            if na.digest.is_some() && nb.digest.is_some() && na.digest == nb.digest {
                return;
            }
            if na.media_type != nb.media_type {
                out.push(
                    ChangeKind::MediaType,
                    Class::Encoding,
                    None,
                    Some("index".into()),
                    (na.media_type.clone(), nb.media_type.clone()),
                    paths.clone(),
                    Text::new(
                        "The index is declared with another media type: Docker's manifest list and OCI's image index are the same thing under two names.",
                        "インデックスが別のメディアタイプで宣言されています。Docker のマニフェストリストと OCI のイメージインデックスは、同じものの 2 つの名前です。",
                    ),
                );
            }
            annotations(&na.annotations, &nb.annotations, None, paths.clone(), out);
            if let (Some(x), Some(y)) = (&na.digest, &nb.digest) {
                out.push(
                    ChangeKind::IndexDigest,
                    Class::Consequence,
                    None,
                    None,
                    (Some(x.clone()), Some(y.clone())),
                    paths,
                    Text::new(
                        "The indexes differ, so their digests (what a tag points at, what `docker pull` prints as `Digest:`) do: see what each platform's image changed.",
                        "インデックスが違うので、ダイジェスト（タグが指すもの、`docker pull` が `Digest:` として表示するもの）も違います。各プラットフォームのイメージの違いを確認してください。",
                    ),
                );
            }
        }
        (Some((p, n)), None) | (None, Some((p, n))) => {
            let on_left = ia.is_some();
            let (side, other) = if on_left { ("A", "B") } else { ("B", "A") };
            let digest = n.digest.clone();
            out.push(
                ChangeKind::Index,
                Class::Content,
                None,
                None,
                if on_left { (digest, None) } else { (None, digest) },
                if on_left { (Some(p.clone()), None) } else { (None, Some(p.clone())) },
                Text::new(
                    format!("{side} is an index (a multi-platform image) and {other} is a single image: a tag moved from one to the other changes what each machine pulls. Compare {other} with the one platform of {side} it matches (`--platform`)."),
                    format!("{side} はインデックス（マルチプラットフォームのイメージ）で、{other} は単一のイメージです。タグを一方から他方に移すと、各マシンがプルするものが変わります。{other} を、{side} のうち一致するプラットフォームと比べてください（`--platform`）。"),
                ),
            );
        }
        (None, None) => {}
    }
}

/// Annotations added, removed or changed (a build time is a timestamp).
fn annotations(
    a: &[(String, String)],
    b: &[(String, String)],
    scope: Option<&str>,
    paths: (Option<NodePath>, Option<NodePath>),
    out: &mut Out,
) {
    let (ma, mb) = (last_wins(a), last_wins(b));
    for (k, x, y) in map_diff(&ma, &mb) {
        let class = if k == CREATED_KEY {
            Class::Timestamp
        } else {
            Class::Content
        };
        let text = map_text(ChangeKind::Annotation, k, x, y);
        out.push(
            ChangeKind::Annotation,
            class,
            scope,
            Some(k.to_string()),
            (x.map(str::to_string), y.map(str::to_string)),
            paths.clone(),
            text,
        );
    }
}

/// Keys and values sorted by key, each key once (the last given wins, as Go's `encoding/json`
/// reads duplicate keys): the one map type of a comparison (each other map type would be
/// another copy of its code in the page).
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn new(kv: impl IntoIterator<Item = (String, String)>) -> Pairs {
        let mut v: Vec<(String, String)> = kv.into_iter().collect();
        crate::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, String)> = Vec::with_capacity(v.len());
        for kv in v {
            // Stable: of equal keys, the last given comes last.
            if out.last().is_some_and(|l| l.0 == kv.0) {
                out.pop();
            }
            out.push(kv);
        }
        Pairs(out)
    }
}

fn last_wins(kv: &[(String, String)]) -> Pairs {
    Pairs::new(kv.iter().cloned())
}

/// The keys whose values differ, in key order, with each side's value (one walk of both).
fn map_diff<'a>(a: &'a Pairs, b: &'a Pairs) -> Vec<(&'a str, Option<&'a str>, Option<&'a str>)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    loop {
        match (a.0.get(i), b.0.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                if x.1 != y.1 {
                    out.push((x.0.as_str(), Some(x.1.as_str()), Some(y.1.as_str())));
                }
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push((x.0.as_str(), Some(x.1.as_str()), None));
                i += 1;
            }
            (Some(x), None) => {
                out.push((x.0.as_str(), Some(x.1.as_str()), None));
                i += 1;
            }
            (_, Some(y)) => {
                out.push((y.0.as_str(), None, Some(y.1.as_str())));
                j += 1;
            }
            (None, None) => return out,
        }
    }
}

/// "`KEY` was added (`value`)", "... removed", "... changed from x to y".
fn map_text(kind: ChangeKind, key: &str, x: Option<&str>, y: Option<&str>) -> Text {
    let (what_en, what_ja) = match kind {
        ChangeKind::Env => ("The variable", "変数"),
        ChangeKind::Label => ("The label", "ラベル"),
        ChangeKind::Annotation => ("The annotation", "アノテーション"),
        ChangeKind::ExposedPort => ("The port", "ポート"),
        ChangeKind::Volume => ("The volume", "ボリューム"),
        _ => ("The field", "フィールド"),
    };
    let created = key == CREATED_KEY;
    let (en, ja) = match (x, y) {
        (None, Some(v)) => (
            format!("{what_en} `{key}` is set only in B (`{v}`)."),
            format!("{what_ja} `{key}` は B にだけあります（`{v}`）。"),
        ),
        (Some(v), None) => (
            format!("{what_en} `{key}` is set only in A (`{v}`)."),
            format!("{what_ja} `{key}` は A にだけあります（`{v}`）。"),
        ),
        (Some(v), Some(w)) => (
            format!("{what_en} `{key}` is `{v}` in A and `{w}` in B."),
            format!("{what_ja} `{key}` は A では `{v}`、B では `{w}` です。"),
        ),
        (None, None) => (String::new(), String::new()),
    };
    if created {
        Text::new(
            format!("{en} It is the build time: a timestamp, not content."),
            format!("{ja}これはビルド日時で、内容ではなくタイムスタンプです。"),
        )
    } else {
        Text::new(en, ja)
    }
}

/// Compares two paired images; returns how many layers (and bytes) they share.
fn compare_images(l: &Image<'_>, r: &Image<'_>, scope: &str, out: &mut Out) -> (usize, u64) {
    let s = Some(scope);
    let paths = (l.path.clone(), r.path.clone());
    if l.key().is_some() && r.key().is_some() && l.key() != r.key() {
        out.push(
            ChangeKind::Platform,
            Class::Content,
            s,
            None,
            (l.platform_text(), r.platform_text()),
            paths.clone(),
            ChangeKind::Platform.meaning(),
        );
    }
    let (ml, mr) = (l.node, r.node);
    let same_manifest = matches!((ml.and_then(|n| n.digest.as_deref()), mr.and_then(|n| n.digest.as_deref())), (Some(x), Some(y)) if x == y);
    if same_manifest {
        let shared = l.layers.len();
        let size = l
            .layers
            .iter()
            .filter_map(|x| x.size)
            .fold(0u64, u64::saturating_add);
        return (shared, size);
    }
    if !l.given() || !r.given() {
        if let (Some(x), Some(y)) = (
            ml.and_then(|n| n.digest.clone()),
            mr.and_then(|n| n.digest.clone()),
        ) {
            out.push(
                ChangeKind::ManifestDigest,
                Class::Content,
                s,
                None,
                (Some(x), Some(y)),
                paths,
                Text::new(
                    "The manifests differ; only their descriptors were given. Give the manifests (and their configs) to see what differs.",
                    "マニフェストが違います。与えられたのはディスクリプターだけです。何が違うかを見るには、マニフェスト（と config）を与えてください。",
                ),
            );
        }
        return (0, 0);
    }
    let start = out.changes.len();
    let mut encoding = false;
    if let (Some(x), Some(y)) = (ml, mr) {
        if x.media_type != y.media_type {
            encoding = true;
            out.push(
                ChangeKind::MediaType,
                Class::Encoding,
                s,
                Some("manifest".into()),
                (x.media_type.clone(), y.media_type.clone()),
                paths.clone(),
                Text::new(
                    "The manifest is declared with another media type: Docker's schema 2 and OCI's image manifest hold the same parts under other names (a copy with `--format oci` or `v2s2`, or BuildKit's `oci-mediatypes`).",
                    "マニフェストが別のメディアタイプで宣言されています。Docker の schema 2 と OCI のイメージマニフェストは、同じ部分を別の名前で持ちます（`--format oci` や `v2s2` でのコピー、BuildKit の `oci-mediatypes`）。",
                ),
            );
        }
        if l.config_media_type != r.config_media_type
            && l.config_media_type.is_some()
            && r.config_media_type.is_some()
        {
            encoding = true;
            out.push(
                ChangeKind::MediaType,
                Class::Encoding,
                s,
                Some("config".into()),
                (l.config_media_type.map(str::to_string), r.config_media_type.map(str::to_string)),
                (l.config_path.clone(), r.config_path.clone()),
                Text::new(
                    "The config is declared with another media type (Docker's or OCI's name for the same JSON).",
                    "config が別のメディアタイプで宣言されています（同じ JSON の Docker と OCI での名前）。",
                ),
            );
        }
        annotations(&x.annotations, &y.annotations, s, paths.clone(), out);
    }
    let (shared, shared_size, layer_reasons) = compare_layers(l, r, scope, out);
    // The config.
    let config_differs = match (l.config_digest, r.config_digest) {
        (Some(x), Some(y)) => x != y,
        _ => l.config.is_some() && r.config.is_some(),
    };
    let mut config_reason = false;
    if config_differs {
        let fields_start = out.changes.len();
        if let (Some(x), Some(y)) = (l.config, r.config) {
            compare_configs(
                x,
                y,
                scope,
                (l.config_path.clone(), r.config_path.clone()),
                out,
            );
        }
        let found = out.changes.len() > fields_start;
        let both = l.config.is_some() && r.config.is_some();
        if let (Some(x), Some(y)) = (l.config_digest, r.config_digest) {
            config_reason = true;
            let (class, en, ja) = if !both {
                (Class::Content, "The configs differ; give both configs (the blobs these digests name) to see which fields.".to_string(), "config が違います。どのフィールドが違うかを見るには、両方の config（これらのダイジェストのブロブ）を与えてください。".to_string())
            } else if found || layer_reasons.content {
                (Class::Consequence, "The configs differ in what is listed for this platform, so their digests (the IMAGE ID of Docker's classic store) do.".to_string(), "config がこのプラットフォームに挙げた点で違うので、ダイジェスト（Docker の従来のストアの IMAGE ID）も違います。".to_string())
            } else {
                encoding = true;
                (Class::Encoding, "The configs hold the same fields and values and differ only in their bytes (key order, spacing): a tool re-wrote the JSON.".to_string(), "config のフィールドと値は同じで、バイト列（キーの順序、空白）だけが違います。ツールが JSON を書き直しています。".to_string())
            };
            out.push(
                ChangeKind::ConfigDigest,
                class,
                s,
                None,
                (Some(x.to_string()), Some(y.to_string())),
                (l.config_path.clone(), r.config_path.clone()),
                Text::new(en, ja),
            );
        }
    }
    // Why the manifest's digest differs.
    if let (Some(x), Some(y)) = (
        ml.and_then(|n| n.digest.as_deref()),
        mr.and_then(|n| n.digest.as_deref()),
    ) {
        let annotated = out.changes[start..]
            .iter()
            .any(|c| c.kind == ChangeKind::Annotation);
        let mut why: Vec<(&str, &str)> = Vec::new();
        if config_reason {
            why.push(("the config", "config"));
        }
        if layer_reasons.content {
            why.push(("the layers", "レイヤー"));
        }
        if layer_reasons.compression {
            why.push(("the layers' compression", "レイヤーの圧縮"));
        }
        if encoding || layer_reasons.media_types {
            why.push(("media types", "メディアタイプ"));
        }
        if annotated {
            why.push(("annotations", "アノテーション"));
        }
        let (class, en, ja) = if why.is_empty() {
            (
                Class::Encoding,
                "The manifests name the same config and layers with the same media types and annotations, and differ only in their bytes (key order, spacing, fields ocilens does not compare).".to_string(),
                "マニフェストは同じ config とレイヤーを同じメディアタイプとアノテーションで指しており、バイト列（キーの順序、空白、ocilens が比べないフィールド）だけが違います。".to_string(),
            )
        } else {
            let en: Vec<&str> = why.iter().map(|w| w.0).collect();
            let ja: Vec<&str> = why.iter().map(|w| w.1).collect();
            let en = match en.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => en.join(""),
            };
            (
                Class::Consequence,
                format!("The manifests differ in {en}, so their digests do."),
                format!(
                    "マニフェストは{}が違うので、ダイジェストも違います。",
                    ja.join("、")
                ),
            )
        };
        out.push(
            ChangeKind::ManifestDigest,
            class,
            s,
            None,
            (Some(x.to_string()), Some(y.to_string())),
            paths,
            Text::new(en, ja),
        );
    }
    (shared, shared_size)
}

#[derive(Default)]
struct LayerReasons {
    content: bool,
    compression: bool,
    media_types: bool,
}

fn same_layer(a: &Layer<'_>, b: &Layer<'_>) -> bool {
    (a.digest.is_some() && a.digest == b.digest) || (a.diff_id.is_some() && a.diff_id == b.diff_id)
}

/// Matches the layers: the common bottom, the common top, and the rest place by place.
fn compare_layers(
    l: &Image<'_>,
    r: &Image<'_>,
    scope: &str,
    out: &mut Out,
) -> (usize, u64, LayerReasons) {
    let (a, b) = (&l.layers, &r.layers);
    let start = out.changes.len();
    let mut reasons = LayerReasons::default();
    let min = a.len().min(b.len());
    let mut prefix = 0;
    while prefix < min && same_layer(&a[prefix], &b[prefix]) {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < min - prefix && same_layer(&a[a.len() - 1 - suffix], &b[b.len() - 1 - suffix]) {
        suffix += 1;
    }
    let (mid_a, mid_b) = (prefix..a.len() - suffix, prefix..b.len() - suffix);
    let mut matched: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    matched.extend((0..suffix).map(|k| (a.len() - 1 - k, b.len() - 1 - k)));
    let both = mid_a.len().min(mid_b.len());
    let (mut shared, mut shared_size) = (0, 0u64);
    let emit = |kind: ChangeKind,
                class: Class,
                i: Option<usize>,
                j: Option<usize>,
                text: Text,
                out: &mut Out| {
        let (x, y) = (i.map(|i| &a[i]), j.map(|j| &b[j]));
        let subject = match (i, j) {
            (Some(i), Some(j)) if i == j => format!("layer {}", i + 1),
            (Some(i), Some(j)) => format!("layer {} ↔ {}", i + 1, j + 1),
            (Some(i), None) | (None, Some(i)) => format!("layer {}", i + 1),
            (None, None) => String::new(),
        };
        out.push(
            kind,
            class,
            Some(scope),
            Some(subject),
            (
                x.and_then(|x| x.digest.map(str::to_string)),
                y.and_then(|y| y.digest.map(str::to_string)),
            ),
            (
                x.and_then(|x| x.path.clone()),
                y.and_then(|y| y.path.clone()),
            ),
            text,
        );
        if let Some(c) = out.changes.last_mut() {
            c.layer = Some(LayerDetail {
                left_position: i.map(|i| i + 1),
                right_position: j.map(|j| j + 1),
                left_size: x.and_then(|x| x.size),
                right_size: y.and_then(|y| y.size),
                left_step: x.and_then(|x| x.step.map(str::to_string)),
                right_step: y.and_then(|y| y.step.map(str::to_string)),
                left_diff_id: x.and_then(|x| x.diff_id.map(str::to_string)),
                right_diff_id: y.and_then(|y| y.diff_id.map(str::to_string)),
            });
        }
    };
    for k in 0..both {
        let (i, j) = (mid_a.start + k, mid_b.start + k);
        let (x, y) = (&a[i], &b[j]);
        let known = x.diff_id.is_some() && y.diff_id.is_some();
        let text = Text::new(
            format!(
                "The layer at place {} has other content{}: {} in A, {} in B.{}",
                i + 1,
                if known { " (another diff_id)" } else { "" },
                size_text(x.size),
                size_text(y.size),
                step_text(x.step, y.step, crate::Lang::En),
            ),
            format!(
                "{} 番目のレイヤーの内容が違います{}。A では {}、B では {} です。{}",
                i + 1,
                if known {
                    "（diff_id が違います）"
                } else {
                    ""
                },
                size_text(x.size),
                size_text(y.size),
                step_text(x.step, y.step, crate::Lang::Ja),
            ),
        );
        let text = if known {
            text
        } else {
            Text::new(
                format!(
                    "{} Give both configs to tell a changed layer from a recompressed one.",
                    text.en
                ),
                format!(
                    "{}変更か再圧縮かを見分けるには、両方の config を与えてください。",
                    text.ja
                ),
            )
        };
        reasons.content = true;
        emit(
            ChangeKind::LayerChanged,
            Class::Content,
            Some(i),
            Some(j),
            text,
            out,
        );
    }
    // What is left on one side only: removed from A, added in B.
    let rest_a = a
        .iter()
        .enumerate()
        .take(mid_a.end)
        .skip(mid_a.start + both);
    let rest_b = b
        .iter()
        .enumerate()
        .take(mid_b.end)
        .skip(mid_b.start + both);
    let only = rest_a.map(|x| (x, true)).chain(rest_b.map(|y| (y, false)));
    for ((k, x), in_a) in only {
        reasons.content = true;
        let (this, other, kind) = if in_a {
            ("A", "B", ChangeKind::LayerRemoved)
        } else {
            ("B", "A", ChangeKind::LayerAdded)
        };
        let text = Text::new(
            format!(
                "Layer {} of {this} ({}) is not in {other}.{}",
                k + 1,
                size_text(x.size),
                step_of(x.step, crate::Lang::En)
            ),
            format!(
                "{this} のレイヤー {}（{}）は {other} にありません。{}",
                k + 1,
                size_text(x.size),
                step_of(x.step, crate::Lang::Ja)
            ),
        );
        let (i, j) = if in_a {
            (Some(k), None)
        } else {
            (None, Some(k))
        };
        emit(kind, Class::Content, i, j, text, out);
    }
    for (i, j) in matched {
        let (x, y) = (&a[i], &b[j]);
        if x.digest.is_some() && x.digest == y.digest {
            shared += 1;
            shared_size = shared_size.saturating_add(x.size.unwrap_or(0));
            if x.media_type != y.media_type {
                reasons.media_types = true;
                let text = Text::new(
                    format!("Layer {} is the same blob declared with another media type (`{}` in A, `{}` in B): Docker's and OCI's names for it.", i + 1, x.media_type.unwrap_or("-"), y.media_type.unwrap_or("-")),
                    format!("レイヤー {} は同じブロブで、メディアタイプだけが違います（A は `{}`、B は `{}`）。Docker と OCI での名前の違いです。", i + 1, x.media_type.unwrap_or("-"), y.media_type.unwrap_or("-")),
                );
                emit(
                    ChangeKind::MediaType,
                    Class::Encoding,
                    Some(i),
                    Some(j),
                    text,
                    out,
                );
            }
        } else {
            reasons.compression = true;
            let text = Text::new(
                format!(
                    "Layer {} holds the same files (the same diff_id) compressed differently: {} as `{}` in A, {} as `{}` in B. Not a change of content.",
                    i + 1,
                    size_text(x.size),
                    x.media_type.unwrap_or("-"),
                    size_text(y.size),
                    y.media_type.unwrap_or("-"),
                ),
                format!(
                    "レイヤー {} は同じファイル（同じ diff_id）を別の方法で圧縮したものです。A は `{}` で {}、B は `{}` で {}。内容の変更ではありません。",
                    i + 1,
                    x.media_type.unwrap_or("-"),
                    size_text(x.size),
                    y.media_type.unwrap_or("-"),
                    size_text(y.size),
                ),
            );
            emit(
                ChangeKind::LayerRecompressed,
                Class::Encoding,
                Some(i),
                Some(j),
                text,
                out,
            );
        }
    }
    // In the layers' order (the places compared one by one were listed first).
    let place = |c: &Change| {
        c.layer
            .as_ref()
            .and_then(|d| d.left_position.or(d.right_position))
    };
    crate::sort::sort_by(&mut out.changes[start..], |x, y| place(x).cmp(&place(y)));
    (shared, shared_size, reasons)
}

fn size_text(s: Option<u64>) -> String {
    s.map_or_else(|| "?".to_string(), human_size)
}

fn step_of(step: Option<&str>, lang: crate::Lang) -> String {
    match step {
        Some(s) => match lang {
            crate::Lang::En => format!(" Made by `{s}`."),
            crate::Lang::Ja => format!("`{s}` で作られました。"),
        },
        None => String::new(),
    }
}

fn step_text(x: Option<&str>, y: Option<&str>, lang: crate::Lang) -> String {
    match (x, y) {
        (Some(x), Some(y)) if x == y => match lang {
            crate::Lang::En => format!(" Both made by `{x}`: the step ran again and gave other files."),
            crate::Lang::Ja => format!("どちらも `{x}` で作られています。同じステップが再び実行され、別のファイルになりました。"),
        },
        (Some(x), Some(y)) => match lang {
            crate::Lang::En => format!(" Made by `{x}` in A and `{y}` in B."),
            crate::Lang::Ja => format!("A は `{x}`、B は `{y}` で作られました。"),
        },
        (x, y) => step_of(x.or(y), lang),
    }
}

/// A JSON value as one line (`["/bin/sh","-c"]`), or `None` when absent or `null`.
fn compact(j: Option<&Json>) -> Option<String> {
    let j = j?;
    if matches!(j.value, Value::Null) {
        return None;
    }
    Some(match &j.value {
        Value::String(s) => s.to_string(),
        _ => {
            let mut out = String::new();
            one_line(j, &mut out);
            out
        }
    })
}

/// `j` as compact JSON (the page's worker carries no serialiser: `serde_json`'s writer and
/// its number formatting would add to every page).
fn one_line(j: &Json, out: &mut String) {
    use crate::read::json::quote;
    match &j.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                one_line(v, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quote(&m.key));
                out.push(':');
                one_line(&m.value, out);
            }
            out.push('}');
        }
    }
}

fn object_map(j: Option<&Json>) -> Pairs {
    Pairs::new(
        j.and_then(Json::members)
            .unwrap_or_default()
            .iter()
            .map(|m| {
                (
                    m.key.to_string(),
                    compact(Some(&m.value)).unwrap_or_default(),
                )
            }),
    )
}

/// The config's fields, its `created` and its history.
fn compare_configs(
    x: &Json,
    y: &Json,
    scope: &str,
    paths: (Option<NodePath>, Option<NodePath>),
    out: &mut Out,
) {
    let s = Some(scope);
    let (cx, cy) = (x.get("config"), y.get("config"));
    fn field<'j>(c: Option<&'j Json>, k: &str) -> Option<&'j Json> {
        c.and_then(|c| c.get(k))
    }
    // Env: by variable name.
    fn env(c: Option<&Json>) -> Pairs {
        Pairs::new(
            field(c, "Env")
                .and_then(Json::array)
                .unwrap_or_default()
                .iter()
                .filter_map(Json::str)
                .map(|e| {
                    let (k, v) = e.split_once('=').unwrap_or((e, ""));
                    (k.to_string(), v.to_string())
                }),
        )
    }
    let (ex, ey) = (env(cx), env(cy));
    for (k, a, b) in map_diff(&ex, &ey) {
        out.push(
            ChangeKind::Env,
            Class::Content,
            s,
            Some(k.to_string()),
            (a.map(str::to_string), b.map(str::to_string)),
            paths.clone(),
            map_text(ChangeKind::Env, k, a, b),
        );
    }
    // Whole values.
    for (kind, key) in [
        (ChangeKind::Entrypoint, "Entrypoint"),
        (ChangeKind::Cmd, "Cmd"),
        (ChangeKind::User, "User"),
        (ChangeKind::WorkingDir, "WorkingDir"),
        (ChangeKind::StopSignal, "StopSignal"),
    ] {
        let (a, b) = (compact(field(cx, key)), compact(field(cy, key)));
        // An empty string is Docker's way of writing "not set".
        let (a, b) = (a.filter(|v| !v.is_empty()), b.filter(|v| !v.is_empty()));
        if a != b {
            let text = value_text(key, a.as_deref(), b.as_deref());
            out.push(
                kind,
                Class::Content,
                s,
                Some(key.to_string()),
                (a, b),
                paths.clone(),
                text,
            );
        }
    }
    // Sets and maps.
    for (kind, key) in [
        (ChangeKind::ExposedPort, "ExposedPorts"),
        (ChangeKind::Volume, "Volumes"),
        (ChangeKind::Label, "Labels"),
    ] {
        let (ma, mb) = (object_map(field(cx, key)), object_map(field(cy, key)));
        for (k, a, b) in map_diff(&ma, &mb) {
            let class = if kind == ChangeKind::Label && k == CREATED_KEY {
                Class::Timestamp
            } else {
                Class::Content
            };
            let text = if kind == ChangeKind::Label {
                map_text(kind, k, a, b)
            } else {
                map_text(kind, k, a.map(|_| "declared"), b.map(|_| "declared"))
            };
            out.push(
                kind,
                class,
                s,
                Some(k.to_string()),
                (a.map(str::to_string), b.map(str::to_string)),
                paths.clone(),
                text,
            );
        }
    }
    // The rest of `config`.
    let known = [
        "Env",
        "Entrypoint",
        "Cmd",
        "User",
        "WorkingDir",
        "StopSignal",
        "ExposedPorts",
        "Volumes",
        "Labels",
    ];
    let (rx, ry) = (object_map(cx), object_map(cy));
    // The rest of `config` (as `config.KEY`) and the top level, besides what is compared
    // elsewhere.
    let others = |j: &Json, rest: Pairs| -> Pairs {
        let top = j.members().unwrap_or_default().iter().filter(|m| {
            !matches!(
                &*m.key,
                "config" | "rootfs" | "history" | "created" | "container_config" | "container"
            )
        });
        let top = top.filter_map(|m| compact(Some(&m.value)).map(|v| (m.key.to_string(), v)));
        let rest = rest.0.into_iter().filter(|(k, v)| {
            !known.contains(&k.as_str()) && v.as_str() != "{}" && v.as_str() != "[]"
        });
        let rest = rest.map(|(k, v)| (format!("config.{k}"), v));
        Pairs::new(top.chain(rest).filter(|(_, v)| !v.is_empty()))
    };
    let (bx, by) = (others(x, rx), others(y, ry));
    for (k, a, b) in map_diff(&bx, &by) {
        out.push(
            ChangeKind::ConfigField,
            Class::Content,
            s,
            Some(k.to_string()),
            (a.map(str::to_string), b.map(str::to_string)),
            paths.clone(),
            value_text(k, a, b),
        );
    }
    // `created`.
    let (ca, cb) = (x.get_str("created"), y.get_str("created"));
    if ca != cb {
        out.push(
            ChangeKind::Created,
            Class::Timestamp,
            s,
            None,
            (ca.map(str::to_string), cb.map(str::to_string)),
            paths.clone(),
            Text::new(
                format!(
                    "The image was created at {} in A and {} in B: a timestamp, not content.",
                    ca.unwrap_or("-"),
                    cb.unwrap_or("-")
                ),
                format!(
                    "作成日時は A が {}、B が {} です。内容ではなくタイムスタンプです。",
                    ca.unwrap_or("-"),
                    cb.unwrap_or("-")
                ),
            ),
        );
    }
    // The history: its steps, then their dates.
    fn hist(j: &Json) -> &[Json] {
        j.get("history").and_then(Json::array).unwrap_or_default()
    }
    let (ha, hb) = (hist(x), hist(y));
    fn step(h: &Json) -> (&str, &str, bool) {
        (
            h.get_str("created_by").unwrap_or(""),
            h.get_str("comment").unwrap_or(""),
            matches!(
                h.get("empty_layer").map(|v| &v.value),
                Some(Value::Bool(true))
            ),
        )
    }
    let mut dates = 0;
    let mut first_date: Option<(String, String)> = None;
    for k in 0..ha.len().max(hb.len()) {
        let (a, b) = (ha.get(k), hb.get(k));
        if a.map(step) != b.map(step) {
            let (va, vb) = (
                a.map(|h| step(h).0.to_string()),
                b.map(|h| step(h).0.to_string()),
            );
            out.push(
                ChangeKind::History,
                Class::Content,
                s,
                Some(format!("step {}", k + 1)),
                (va.clone(), vb.clone()),
                paths.clone(),
                Text::new(
                    format!(
                        "History step {} is `{}` in A and `{}` in B.",
                        k + 1,
                        va.as_deref().unwrap_or("(none)"),
                        vb.as_deref().unwrap_or("(none)")
                    ),
                    format!(
                        "履歴のステップ {} は A では `{}`、B では `{}` です。",
                        k + 1,
                        va.as_deref().unwrap_or("（なし）"),
                        vb.as_deref().unwrap_or("（なし）")
                    ),
                ),
            );
        }
        let (da, db) = (
            a.and_then(|h| h.get_str("created")),
            b.and_then(|h| h.get_str("created")),
        );
        if a.is_some() && b.is_some() && da != db {
            dates += 1;
            first_date
                .get_or_insert((da.unwrap_or("-").to_string(), db.unwrap_or("-").to_string()));
        }
    }
    if let Some((da, db)) = first_date {
        let n = ha.len().min(hb.len());
        out.push(
            ChangeKind::HistoryDates,
            Class::Timestamp,
            s,
            Some(format!("{dates} of {n}")),
            (Some(da.clone()), Some(db.clone())),
            paths,
            Text::new(
                format!("{dates} of the {n} history steps have other dates (the first: {da} in A, {db} in B): timestamps, not content."),
                format!("履歴の {n} ステップのうち {dates} ステップの日時が違います（最初のもの: A は {da}、B は {db}）。内容ではなくタイムスタンプです。"),
            ),
        );
    }
}

fn value_text(key: &str, a: Option<&str>, b: Option<&str>) -> Text {
    let (a_en, a_ja) = (
        a.map_or("not set".to_string(), |v| format!("`{v}`")),
        a.map_or("未設定".to_string(), |v| format!("`{v}`")),
    );
    let (b_en, b_ja) = (
        b.map_or("not set".to_string(), |v| format!("`{v}`")),
        b.map_or("未設定".to_string(), |v| format!("`{v}`")),
    );
    Text::new(
        format!("`{key}` is {a_en} in A and {b_en} in B."),
        format!("`{key}` は A では {a_ja}、B では {b_ja} です。"),
    )
}

/// Every image's attachments (provenance, SBOM, signatures), in the tree's order (which is
/// the order of their paths).
fn attachments(a: &Analysis) -> Vec<supply_chain::Answer> {
    supply_chain::locate_all(a)
}

/// What is attached to the image at `path`.
fn attached<'a>(answers: &'a [supply_chain::Answer], path: Option<&NodePath>) -> &'a [Found] {
    path.and_then(|p| answers.binary_search_by(|ans| ans.path.cmp(p)).ok())
        .map_or(&[], |i| answers[i].found.as_slice())
}

/// Provenance, SBOMs and signatures attached to one image and not the other: each is
/// `need`, `store` and what it says it is; the same on both sides cancel out.
fn compare_attached(
    a: &[Found],
    b: &[Found],
    paths: (Option<NodePath>, Option<NodePath>),
    scope: Option<&str>,
    out: &mut Out,
) {
    let keys = |v: &[Found]| {
        let mut k: Vec<(String, usize)> = v
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("{}\0{}\0{}", f.need.id(), f.store.id(), f.what), i))
            .collect();
        crate::sort::sort_by(&mut k, |x, y| x.0.cmp(&y.0));
        k
    };
    let (ka, kb) = (keys(a), keys(b));
    let (mut i, mut j) = (0, 0);
    loop {
        let (f, on_left) = match (ka.get(i), kb.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                continue;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                (&a[x.1], true)
            }
            (Some(x), None) => {
                i += 1;
                (&a[x.1], true)
            }
            (_, Some(y)) => {
                j += 1;
                (&b[y.1], false)
            }
            (None, None) => return,
        };
        let (kind, side) = if on_left {
            (ChangeKind::AttachmentRemoved, "A")
        } else {
            (ChangeKind::AttachmentAdded, "B")
        };
        let (need, store, what) = (f.need, f.store, &f.what);
        let (en, ja) = (need.label(crate::Lang::En), need.label(crate::Lang::Ja));
        let (sen, sja) = (store.label(crate::Lang::En), store.label(crate::Lang::Ja));
        let value = (!what.is_empty()).then(|| what.clone());
        let (what_en, what_ja) = if what.is_empty() {
            (String::new(), String::new())
        } else {
            (format!(" (`{what}`)"), format!("、`{what}`"))
        };
        out.push(
            kind,
            Class::Content,
            scope,
            Some(need.id().to_string()),
            if on_left {
                (value, None)
            } else {
                (None, value)
            },
            paths.clone(),
            Text::new(
                format!("Only {side} has a {en} {sen}{what_en}."),
                format!("{side} にだけ{ja}があります（{sja}{what_ja}）。"),
            ),
        );
    }
}

/// A digest shortened for a line of text (`sha256:0123456789ab`).
pub fn short(d: &str) -> String {
    short_digest(d)
}

#[cfg(test)]
mod tests;
