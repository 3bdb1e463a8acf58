//! "Which digest is which" (issue 11): given a hash (a whole digest, or the 12 or more hex digits
//! `docker images` and `docker pull` print), what it is in the documents given: the index, a
//! platform's manifest, its config (the classic image store's IMAGE ID), a layer as the registry
//! stores it (compressed), or a layer's `diff_id` (uncompressed, in the config's `rootfs`).

use crate::text::Text;
use crate::{Analysis, NodeKind, Platform, TreeNode};

/// What a hash is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Index,
    Manifest,
    Config,
    /// The `n`th layer (1-based) as the manifest lists it: compressed.
    Layer(usize),
    /// The `n`th layer's `diff_id` (1-based): uncompressed, in the config.
    DiffId(usize),
    /// Another node of the tree (an attestation, a referrer, a blob).
    Other(NodeKind),
}

impl Role {
    /// What it is, in words (`layer 2 (compressed)`).
    pub fn label(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        match (self, lang) {
            (Role::Index, _) => lang.pick("index", "インデックス").to_string(),
            (Role::Manifest, _) => lang.pick("manifest", "マニフェスト").to_string(),
            (Role::Config, _) => "config".to_string(),
            (Role::Layer(n), Lang::En) => format!("layer {n} (compressed)"),
            (Role::Layer(n), Lang::Ja) => format!("レイヤー {n}（圧縮後）"),
            (Role::DiffId(n), Lang::En) => format!("diff_id of layer {n} (uncompressed)"),
            (Role::DiffId(n), Lang::Ja) => format!("レイヤー {n} の diff_id（圧縮前）"),
            (Role::Other(k), _) => k.label(lang).to_string(),
        }
    }

    pub fn id(&self) -> &'static str {
        match self {
            Role::Index => "index",
            Role::Manifest => "manifest",
            Role::Config => "config",
            Role::Layer(_) => "layer",
            Role::DiffId(_) => "diff-id",
            Role::Other(k) => k.id(),
        }
    }
}

/// One thing a hash names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The whole digest it names.
    pub digest: String,
    pub role: Role,
    /// The platform of the image it belongs to.
    pub platform: Option<Platform>,
    /// What it is, and where Docker shows it.
    pub text: Text,
}

/// Calls `f` for every node of the tree with the platform of the image it belongs to (a
/// manifest's own, inherited by its config and layers).
pub(crate) fn walk_with_platform(
    tree: &[TreeNode],
    f: &mut impl FnMut(&TreeNode, Option<&Platform>),
) {
    fn go(
        n: &TreeNode,
        platform: Option<&Platform>,
        f: &mut impl FnMut(&TreeNode, Option<&Platform>),
    ) {
        let own = match n.kind {
            NodeKind::Manifest | NodeKind::Schema1 | NodeKind::AttestationManifest => {
                n.platform.as_ref().or(platform)
            }
            // A cosign tag under a platform's manifest is not of that platform.
            NodeKind::Index | NodeKind::Reference | NodeKind::CosignTag => None,
            _ => platform,
        };
        f(n, own);
        for c in &n.children {
            go(c, own, f);
        }
    }
    for root in tree {
        go(root, None, f);
    }
}

/// Things found by the hex digits their digest begins with: sorted once, so a hash of 12 or
/// more digits (or a whole digest) finds every digest it begins in log n, however many share
/// their first digits (a hash map keyed by 12 digits put every digest of a crafted paste in one
/// bucket).
pub(crate) struct ByPrefix<T> {
    items: Vec<(String, T)>,
}

impl<T: PartialEq> ByPrefix<T> {
    /// `items` are `(digest, thing)`; only `sha256:` digests are kept. A thing given twice for
    /// one digest is kept once.
    pub fn new(items: impl IntoIterator<Item = (String, T)>) -> ByPrefix<T> {
        let mut items: Vec<(String, T)> = items
            .into_iter()
            .filter_map(|(d, t)| Some((d.strip_prefix("sha256:")?.to_string(), t)))
            .collect();
        crate::sort::sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        items.dedup();
        ByPrefix { items }
    }

    /// Everything whose digest begins with `hash` (`sha256:<hex>` or `<hex>`, at least the 12
    /// digits Docker prints).
    pub fn find<'a>(&'a self, hash: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
        let start = if hex.len() < 12 {
            self.items.len()
        } else {
            self.items.partition_point(|(h, _)| h.as_str() < hex)
        };
        self.items[start..]
            .iter()
            .take_while(move |(h, _)| h.starts_with(hex))
            .map(|(_, t)| t)
    }
}

/// The hex digits of a hash as typed: `sha256:<hex>` or `<hex>`, 12 to 64 lowercase hex digits.
pub fn hash_hex(s: &str) -> Option<String> {
    let s = s.trim();
    let hex = s.strip_prefix("sha256:").unwrap_or(s).to_ascii_lowercase();
    (hex.len() >= 12 && hex.len() <= 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(hex)
}

/// Everything `hash` names in `a`.
pub fn identify(a: &Analysis, hash: &str) -> Vec<Identity> {
    let Some(hex) = hash_hex(hash) else {
        return Vec::new();
    };
    let mut out: Vec<Identity> = Vec::new();
    each(a, &mut |digest, role, platform| {
        let hit = digest
            .strip_prefix("sha256:")
            .is_some_and(|h| h.starts_with(&hex));
        if hit && !out.iter().any(|i| i.digest == digest && i.role == role) {
            out.push(Identity {
                digest: digest.to_string(),
                text: text(&role, platform),
                role,
                platform: platform.cloned(),
            });
        }
    });
    out
}

/// Which digest is which for the image the node at `path` belongs to (a manifest, or its config
/// or a layer): the index above it, the manifest, the config, and each layer compressed and its
/// diff_id. Empty for a node that is in no image (an index, a referrer).
pub fn of_image(a: &Analysis, path: &crate::NodePath) -> Vec<Identity> {
    let image = |n: &TreeNode| {
        matches!(
            n.kind,
            NodeKind::Manifest | NodeKind::Schema1 | NodeKind::AttestationManifest
        )
    };
    let Some(node) = TreeNode::at(&a.tree, path) else {
        return Vec::new();
    };
    let (m, mpath) = if image(node) {
        (node, path.clone())
    } else {
        match path.parent() {
            Some(pp) => match TreeNode::at(&a.tree, &pp).filter(|p| image(p)) {
                Some(p) => (p, pp),
                None => return Vec::new(),
            },
            None => return Vec::new(),
        }
    };
    let platform = m.platform.as_ref();
    let mut out = Vec::new();
    let mut push = |digest: &str, role: Role| {
        let p = platform.filter(|_| role != Role::Index);
        out.push(Identity {
            digest: digest.to_string(),
            text: text(&role, p),
            role,
            platform: p.cloned(),
        });
    };
    let index = mpath.parent().and_then(|p| TreeNode::at(&a.tree, &p));
    if let Some(d) = index
        .filter(|i| i.kind == NodeKind::Index)
        .and_then(|i| i.digest.as_deref())
    {
        push(d, Role::Index);
    }
    if let Some(d) = m.digest.as_deref() {
        push(d, Role::Manifest);
    }
    let config = m.children.iter().find(|c| c.kind == NodeKind::Config);
    if let Some(d) = config.and_then(|c| c.digest.as_deref()) {
        push(d, Role::Config);
    }
    let diffs = config.map(|c| diff_ids(a, c)).unwrap_or_default();
    let layers = m.children.iter().filter(|c| c.kind == NodeKind::Layer);
    for (i, l) in layers.enumerate() {
        if let Some(d) = l.digest.as_deref() {
            push(d, Role::Layer(i + 1));
        }
        if let Some(d) = diffs.get(i) {
            push(d, Role::DiffId(i + 1));
        }
    }
    out
}

/// Calls `f` with every digest of `a` that a hash can name, what it is, and the platform of the
/// image it belongs to: each node's digest and each config's diff_ids.
pub(crate) fn each(a: &Analysis, f: &mut impl FnMut(&str, Role, Option<&Platform>)) {
    walk_with_platform(&a.tree, &mut |n, platform| {
        let layers = n.children.iter().filter(|c| c.kind == NodeKind::Layer);
        for (i, l) in layers.enumerate() {
            if let Some(d) = l.digest.as_deref() {
                f(d, Role::Layer(i + 1), platform);
            }
        }
        if let Some(d) = n.digest.as_deref() {
            match n.kind {
                NodeKind::Index => f(d, Role::Index, None),
                NodeKind::Manifest | NodeKind::Schema1 => f(d, Role::Manifest, platform),
                NodeKind::Config => f(d, Role::Config, platform),
                NodeKind::Layer | NodeKind::Reference => {}
                k => f(d, Role::Other(k), platform),
            }
        }
        // The config's diff_ids, for the image this config belongs to.
        if n.kind == NodeKind::Config {
            for (i, d) in diff_ids(a, n).iter().enumerate() {
                f(d, Role::DiffId(i + 1), platform);
            }
        }
    });
}

/// The `rootfs.diff_ids` of a config node's document.
pub(crate) fn diff_ids<'a>(a: &'a Analysis, config: &TreeNode) -> Vec<&'a str> {
    config
        .document
        .and_then(|d| a.documents.get(d))
        .and_then(|d| d.json.as_ref())
        .and_then(|j| j.get("rootfs"))
        .and_then(|r| r.get("diff_ids"))
        .and_then(|v| v.array())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.str())
        .collect()
}

fn text(role: &Role, platform: Option<&Platform>) -> Text {
    let (of_en, of_ja) = match platform {
        Some(p) => (format!(" of {p}"), format!("{p} の")),
        None => (String::new(), String::new()),
    };
    match role {
        Role::Index => Text::new(
            "The index (a multi-platform image). It is what `docker pull` prints as `Digest:`, what `docker inspect` lists in `RepoDigests` and `docker images --digests` shows, and, with the containerd image store, the IMAGE ID `docker images` shows. Pulling by it lets each machine choose its platform.",
            "インデックス（マルチプラットフォームのイメージ）です。`docker pull` が `Digest:` として表示し、`docker inspect` の `RepoDigests` や `docker images --digests` に出るのはこれで、containerd イメージストアでは `docker images` の IMAGE ID もこれです。これでプルすると、各マシンが自分のプラットフォームを選びます。",
        ),
        Role::Manifest => Text::new(
            format!("The manifest{of_en}. For a single-platform image it is the `Digest:` of `docker pull` and the `RepoDigests` entry (and, with the containerd image store, the IMAGE ID); in an index it is one platform's digest, as Docker Hub's tag page lists per platform. Pulling by it fixes that one platform."),
            format!("{of_ja}マニフェストです。単一プラットフォームのイメージなら `docker pull` の `Digest:` や `RepoDigests` の値で（containerd イメージストアでは IMAGE ID も）、インデックスの中では 1 つのプラットフォームのダイジェストです（Docker Hub のタグのページがプラットフォームごとに示すもの）。これでプルすると、そのプラットフォームに固定されます。"),
        ),
        Role::Config => Text::new(
            format!("The config{of_en}. Its digest is the IMAGE ID of Docker's classic image store (`docker images`, `docker inspect --format '{{{{.Id}}}}'`): it names the image's content on a machine, and no registry pulls by it."),
            format!("{of_ja}config です。このダイジェストは Docker の従来のイメージストアの IMAGE ID（`docker images`、`docker inspect --format '{{{{.Id}}}}'`）で、マシン上のイメージの内容を示すものです。レジストリからこれでプルすることはできません。"),
        ),
        Role::Layer(n) => Text::new(
            format!("Layer {n}{of_en}, compressed as the registry stores it (the manifest's `layers`): its first 12 digits are the id `docker pull` prints for it."),
            format!("{of_ja}レイヤー {n} の、レジストリに保存されている圧縮後のダイジェストです（マニフェストの `layers`）。先頭 12 桁が `docker pull` の表示する ID です。"),
        ),
        Role::DiffId(n) => Text::new(
            format!("The diff_id of layer {n}{of_en}: the digest of the layer uncompressed, in the config's `rootfs.diff_ids`. `docker inspect` shows it under `RootFS.Layers`; no registry serves it by this digest."),
            format!("{of_ja}レイヤー {n} の diff_id です。展開した（圧縮前の）レイヤーのダイジェストで、config の `rootfs.diff_ids` にあります。`docker inspect` の `RootFS.Layers` に出ますが、レジストリはこのダイジェストでは返しません。"),
        ),
        Role::Other(k) => Text::new(
            format!("A {} node of the tree{of_en}.", k.id()),
            format!("{of_ja}ツリーの {} のノードです。", k.id()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::fixture;

    #[test]
    fn a_hash_is_read_whole_or_by_its_first_12_digits() {
        assert_eq!(
            hash_hex("sha256:ABCDEF012345").as_deref(),
            Some("abcdef012345")
        );
        assert_eq!(hash_hex("abcdef01234"), None);
        assert_eq!(hash_hex("not a hash at all"), None);
        assert!(identify(&crate::analyze_text("x", "{}"), "sha256:zz").is_empty());
    }

    #[test]
    fn the_python_list_and_its_amd64_manifest_say_which_digest_is_which() {
        let a = crate::analyze(&[
            fixture("manifests/dockerhub-python-latest-manifest-list.json"),
            fixture("manifests/dockerhub-python-linux-amd64-schema2.json"),
        ]);
        let m = identify(
            &a,
            "sha256:ec43d739179d1979274d05ac081e279c97cfe5ca31777b7de3ec77ff82909073",
        );
        assert_eq!(m.len(), 1);
        assert_eq!(
            (
                m[0].role.clone(),
                m[0].platform.as_ref().map(ToString::to_string)
            ),
            (Role::Manifest, Some("linux/amd64".into()))
        );
        assert!(m[0].text.en.contains("Docker Hub's tag page"));
        // Its first layer, by the 12 digits docker pull prints.
        let layer = a.tree.iter().find_map(|r| {
            TreeNode::nodes(std::slice::from_ref(r))
                .find(|n| n.kind == NodeKind::Layer)
                .and_then(|n| n.digest.clone())
        });
        let layer = layer.unwrap();
        let l = identify(&a, &layer[7..19]);
        assert_eq!(l[0].role, Role::Layer(1));
        assert!(l[0].text.ja.contains("レイヤー 1"));
    }

    #[test]
    fn the_selected_image_lists_its_index_manifest_config_and_layers() {
        let a = crate::analyze(&[
            fixture("manifests/dockerhub-python-latest-manifest-list.json"),
            fixture("manifests/dockerhub-python-linux-amd64-schema2.json"),
        ]);
        let (path, m) = TreeNode::walk(&a.tree)
            .find(|(_, n)| {
                n.digest.as_deref()
                    == Some(
                        "sha256:ec43d739179d1979274d05ac081e279c97cfe5ca31777b7de3ec77ff82909073",
                    )
            })
            .unwrap();
        let layers = m
            .children
            .iter()
            .filter(|c| c.kind == NodeKind::Layer)
            .count();
        let roles: Vec<Role> = of_image(&a, &path).into_iter().map(|i| i.role).collect();
        let mut want = vec![Role::Index, Role::Manifest, Role::Config];
        want.extend((1..=layers).map(Role::Layer));
        assert_eq!(roles, want);
        // A layer of it gives the same list; the index itself is in no image.
        let mut child = path.clone();
        child.0.push(1);
        assert_eq!(of_image(&a, &child).len(), want.len());
        assert!(of_image(&a, &crate::NodePath(vec![0])).is_empty());
    }
}
