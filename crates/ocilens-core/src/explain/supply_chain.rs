//! "Where is it?": for one image (a manifest, or an index), its provenance, SBOM and signatures,
//! each found in one of the three places they live, or said to be absent with where to look.
//! The places: inside the index (BuildKit's attestation manifests, drawn under the image they
//! describe), beside the image under cosign's tags (`sha256-<hex>.sig`, `.att`, `.sbom`), and
//! the registry's referrers (manifests whose `subject` names the image: cosign 3's Sigstore
//! bundles, Notation, oras). Tools that look in one place report "no attestation" while one is
//! in another; this looks in all three, in what was given.

use crate::explain::artifact::Class;
use crate::explain::cosign::{self, Object};
use crate::explain::knowledge::{self, PredicateKind};
use crate::hash::HashMap;

use crate::{Analysis, Document, Lang, NodeKind, NodePath, Text, TreeNode};

/// What a user looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Provenance,
    Sbom,
    Signature,
}

impl Need {
    pub const ALL: [Need; 3] = [Need::Provenance, Need::Sbom, Need::Signature];

    /// The JSON id: `provenance`, `sbom`, `signature`.
    pub fn id(self) -> &'static str {
        match self {
            Need::Provenance => "provenance",
            Need::Sbom => "sbom",
            Need::Signature => "signature",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Need::Provenance => lang.pick("provenance", "来歴"),
            Need::Sbom => lang.pick("SBOM", "SBOM"),
            Need::Signature => lang.pick("signature", "署名"),
        }
    }

    /// Where to look when it is not in what was given, and with what.
    pub fn advice(self) -> Text {
        match self {
            Need::Provenance => Text::new(
                "not in what you gave. Look in the image index (BuildKit stores it there: `docker buildx imagetools inspect REF --format '{{json .Provenance}}'`), under cosign's `.att` tag (`cosign download attestation REF`), and in the registry's referrers (`oras discover REF`).",
                "渡された中にはありません。イメージインデックスの中（BuildKit はここに保存します: `docker buildx imagetools inspect REF --format '{{json .Provenance}}'`）、cosign の `.att` タグ（`cosign download attestation REF`）、レジストリのリファラー（`oras discover REF`）を確認してください。",
            ),
            Need::Sbom => Text::new(
                "not in what you gave. Look in the image index (`docker buildx imagetools inspect REF --format '{{json .SBOM}}'`, for a build with `--sbom=true`), under cosign's `.sbom` or `.att` tags (`cosign download sbom REF`), and in the referrers (`oras discover --artifact-type application/spdx+json REF`).",
                "渡された中にはありません。イメージインデックスの中（`--sbom=true` でビルドしたもの: `docker buildx imagetools inspect REF --format '{{json .SBOM}}'`）、cosign の `.sbom` や `.att` タグ（`cosign download sbom REF`）、リファラー（`oras discover --artifact-type application/spdx+json REF`）を確認してください。",
            ),
            Need::Signature => Text::new(
                "not in what you gave. Look under cosign's `.sig` tag and in the referrers, both at once with `cosign tree REF`; Notation's with `notation ls REF`. Fetching the image with ocilens follows both.",
                "渡された中にはありません。cosign の `.sig` タグとリファラーを `cosign tree REF` でまとめて確認できます。Notation の署名は `notation ls REF` で確認できます。ocilens でイメージを取得すると、両方をたどります。",
            ),
        }
    }
}

/// Where one was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// A BuildKit attestation manifest in the image's index.
    Index,
    /// A manifest under cosign's tag scheme.
    CosignTag,
    /// A referrer (a manifest whose `subject` names the image).
    Referrer,
}

impl Store {
    /// The JSON id: `index`, `cosign-tag`, `referrer`.
    pub fn id(self) -> &'static str {
        match self {
            Store::Index => "index",
            Store::CosignTag => "cosign-tag",
            Store::Referrer => "referrer",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Store::Index => lang.pick(
                "in the index (BuildKit attestation manifest)",
                "インデックスの中（BuildKit のアテステーションマニフェスト）",
            ),
            Store::CosignTag => lang.pick("beside it, under a cosign tag", "隣の cosign タグ"),
            Store::Referrer => lang.pick(
                "as a referrer (OCI 1.1 `subject`)",
                "リファラー（OCI 1.1 の `subject`）",
            ),
        }
    }
}

/// One found: what, where, the node that holds it, and what it says it is (a predicate type,
/// an artifact type, a tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub need: Need,
    pub store: Store,
    pub path: NodePath,
    pub what: String,
}

/// The answer for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The node asked about (a manifest or an index).
    pub path: NodePath,
    pub found: Vec<Found>,
    /// Signatures on the index above a platform's manifest: about the index only.
    pub index_signed: bool,
}

impl Answer {
    /// What is absent, in `Need::ALL` order.
    pub fn missing(&self) -> Vec<Need> {
        Need::ALL
            .into_iter()
            .filter(|n| !self.found.iter().any(|f| f.need == *n))
            .collect()
    }
}

fn is_image(n: &TreeNode) -> bool {
    matches!(
        n.kind,
        NodeKind::Manifest | NodeKind::Schema1 | NodeKind::Index
    )
}

/// What a statement is, from its predicate type.
fn need_of_predicate(predicate: &str) -> Option<Need> {
    match knowledge::predicate_type(predicate).map(|p| p.kind) {
        Some(PredicateKind::Provenance) => Some(Need::Provenance),
        Some(PredicateKind::Sbom) => Some(Need::Sbom),
        _ => None,
    }
}

/// The statements a node's blobs hold: (need, predicate type).
fn statements(n: &TreeNode, docs: &[Document]) -> Vec<(Option<Need>, String)> {
    n.children
        .iter()
        .filter_map(|c| c.document.and_then(|d| docs.get(d)))
        .filter_map(|d| d.attestation.as_ref())
        .map(|st| {
            (
                need_of_predicate(&st.predicate_type),
                st.predicate_type.clone(),
            )
        })
        .collect()
}

fn found_under(n: &TreeNode, path: &NodePath, docs: &[Document], out: &mut Vec<Found>) {
    for (k, c) in n.children.iter().enumerate() {
        let mut here = path.clone();
        here.0.push(k);
        let mut add = |need: Need, store: Store, what: String| {
            out.push(Found {
                need,
                store,
                path: here.clone(),
                what,
            })
        };
        match c.kind {
            NodeKind::AttestationManifest => {
                for (need, predicate) in statements(c, docs) {
                    if let Some(need) = need {
                        add(need, Store::Index, predicate);
                    }
                }
            }
            NodeKind::CosignTag => match cosign::node_tag(c) {
                Some((_, Object::Signature)) => {
                    add(Need::Signature, Store::CosignTag, ".sig".into())
                }
                Some((_, Object::Sbom)) => add(Need::Sbom, Store::CosignTag, ".sbom".into()),
                Some((_, Object::Attestation)) => {
                    for (need, predicate) in statements(c, docs) {
                        if let Some(need) = need {
                            add(need, Store::CosignTag, predicate);
                        }
                    }
                }
                None => {}
            },
            NodeKind::Referrer => {
                let doc = c.document.and_then(|d| docs.get(d));
                match doc.and_then(|d| d.class.as_ref()) {
                    Some(Class::Signature { artifact_type }) => {
                        // A Sigstore bundle says what it holds in an annotation: a signature, or
                        // a DSSE envelope with a predicate.
                        let predicate = c
                            .annotations
                            .iter()
                            .find(|(k, _)| k == "dev.sigstore.bundle.predicateType")
                            .map(|(_, v)| v.clone());
                        match predicate.as_deref().and_then(need_of_predicate) {
                            Some(need) => add(need, Store::Referrer, predicate.unwrap_or_default()),
                            None => add(Need::Signature, Store::Referrer, artifact_type.clone()),
                        }
                    }
                    Some(Class::Sbom { artifact_type }) => {
                        add(Need::Sbom, Store::Referrer, artifact_type.clone())
                    }
                    _ => {
                        for (need, predicate) in statements(c, docs) {
                            if let Some(need) = need {
                                add(need, Store::Referrer, predicate);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The answer for the image at `path` (or the nearest manifest or index above it).
pub fn locate(a: &Analysis, path: &NodePath) -> Option<Answer> {
    // The image: the node, or the nearest manifest or index on the way to it.
    let mut image = None;
    for end in 1..=path.0.len() {
        let p = NodePath(path.0[..end].to_vec());
        if TreeNode::at(&a.tree, &p).is_some_and(is_image) {
            image = Some(p);
        }
    }
    let path = image?;
    let node = TreeNode::at(&a.tree, &path)?;
    let mut found = Vec::new();
    found_under(node, &path, &a.documents, &mut found);
    let index_signed = node.kind != NodeKind::Index
        && path
            .parent()
            .and_then(|p| TreeNode::at(&a.tree, &p))
            .is_some_and(|p| {
                p.kind == NodeKind::Index && {
                    let mut on_index = Vec::new();
                    found_under(p, &path, &a.documents, &mut on_index);
                    on_index.iter().any(|f| f.need == Need::Signature)
                }
            });
    Some(Answer {
        path,
        found,
        index_signed,
    })
}

/// The answers worth showing: every image, and an index only when something is attached to it
/// (a layout's own index is no image). What the CLI's section and the JSON's `supplyChain` list.
pub fn shown(a: &Analysis) -> Vec<Answer> {
    locate_all(a)
        .into_iter()
        .filter(|ans| {
            !ans.found.is_empty()
                || TreeNode::at(&a.tree, &ans.path).is_some_and(|n| n.kind != NodeKind::Index)
        })
        .collect()
}

/// The answer for every image of the tree (each manifest that is not an attestation or a
/// signature, and each index), in the tree's order: what [`locate`] says of each, in one pass
/// (whether an index is signed is found once, not once per manifest under it).
pub fn locate_all(a: &Analysis) -> Vec<Answer> {
    let mut signed: HashMap<NodePath, bool> = HashMap::default();
    let mut out = Vec::new();
    for (path, n) in TreeNode::walk(&a.tree) {
        if !is_image(n) {
            continue;
        }
        let mut found = Vec::new();
        found_under(n, &path, &a.documents, &mut found);
        if n.kind == NodeKind::Index {
            signed.insert(
                path.clone(),
                found.iter().any(|f| f.need == Need::Signature),
            );
        }
        let index_signed = n.kind != NodeKind::Index
            && path.parent().is_some_and(|p| signed.get(&p) == Some(&true));
        out.push(Answer {
            path,
            found,
            index_signed,
        });
    }
    out
}
