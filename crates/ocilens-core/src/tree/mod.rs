//! The tree: reference -> index -> manifests -> config/layers, attestations and referrers.
//!
//! Documents are linked by digest (a content-addressed graph); the graph is then unfolded into a
//! tree from its roots. Which document stands for a digest, in this order of preference:
//! 1. an exact document whose recomputed digest it is;
//! 2. an exact document that something claims has it (a mismatch: the node is shown where its
//!    parent expects it, with a `Mismatch` badge, rather than as a stray root);
//! 3. a re-serialised document (`NotOriginal`: imagetools, skopeo, oras, ...) claiming it.
//!
//! The first in input order wins within a level. A document that stands for none of its digests
//! (the same bytes pasted twice, an imagetools summary next to the raw index) is merged into the
//! one that does: it is not a root of its own, and its reference names that root.
//!
//! A bare descriptor (imagetools `{{json .Manifest}}` of one image) is a pointer, not content: its
//! root is the node of what it points to.
//!
//! *Invariants*: never panics; expansion stops at [`MAX_DEPTH`] levels, at a cycle (on the current
//! path, so a document listed under several parents is still shown under each) and after
//! [`MAX_NODES`] nodes in all, each with a finding. All lookups are by `HashMap`: no scan over all
//! documents per node.

use crate::hash::{HashMap, HashSet};

use crate::findings::{Code, Finding};
use crate::text::Text;
use crate::{
    Descriptor, DescriptorRole, Document, Exactness, Kind, NodeKind, TreeNode, Verification,
};

/// Levels below a root that are expanded. Real images are 3-4 deep (index -> manifest ->
/// config/layers -> attestation); 16 leaves room for nested indexes and referrer chains.
pub const MAX_DEPTH: usize = 16;
/// Nodes in the whole tree. A document listed under many parents is expanded under each, so a
/// hostile paste (indexes listing indexes many times) could otherwise grow exponentially.
pub const MAX_NODES: usize = 200_000;
/// Times one document is expanded (its children shown). A document listed under many parents
/// is expanded under the first [`MAX_EXPANSIONS`] and shown without children under the rest,
/// so the tree stays linear in the input: indexes naming each other over and over (a hostile or
/// corrupted paste) cannot multiply it up to [`MAX_NODES`].
pub const MAX_EXPANSIONS: u32 = 32;

use crate::explain::knowledge::names::{REFERENCE_DIGEST, REF_NAME};
const REFERENCE_DIGEST_OLD: &str = "com.docker.reference.digest";

/// Builds the tree of everything pasted; roots in input order. Appends `reference-cycle` and
/// `depth-limit` findings.
pub fn build(documents: &[Document], findings: &mut Vec<Finding>) -> Vec<TreeNode> {
    let graph = Graph::new(documents);
    let mut b = Builder {
        g: &graph,
        nodes: 0,
        path: Vec::new(),
        visited: vec![false; documents.len()],
        expansions: vec![0; documents.len()],
        verdicts: documents.iter().map(claim_verdicts).collect(),
        findings,
        cycles_reported: HashSet::default(),
        depth_reported: false,
        nodes_reported: false,
        repeats_reported: false,
    };
    let mut roots = Vec::new();
    for &i in &graph.roots {
        if b.exhausted() {
            break;
        }
        if let Some(node) = b.root(i) {
            roots.push(node);
        }
    }
    // Documents no root reaches: members of a cycle (every one of them is pointed to), or
    // documents cut off by the depth limit. Each unvisited one becomes a root, in input order.
    for i in 0..documents.len() {
        if b.exhausted() {
            break;
        }
        // A referrer placed under a subject that was cut off is among them: it is not lost.
        if graph.rep[i] && !b.visited[i] {
            if let Some(node) = b.root(i) {
                roots.push(node);
            }
        }
    }
    place_cosign_tags(&mut roots);
    mark_shared(&mut roots);
    platforms_from_configs(&mut roots, documents);
    roots
}

/// The cosign tag named by an index entry's `ref.name` (`cosign save` writes
/// `_cosign:sha256-<hex>.sig`): the digest it names.
fn cosign_tag(d: &Descriptor) -> Option<String> {
    d.annotations
        .iter()
        .find(|(k, _)| k == REF_NAME)
        .and_then(|(_, v)| crate::explain::cosign::tag(v))
        .map(|(digest, _)| digest)
}

/// Moves each cosign tag's manifest under the manifest or index its tag names, wherever that is
/// in the tree (`cosign save` lists a platform manifest's `.sig` in the layout's `index.json`,
/// beside the image index that holds the manifest). One whose digest is not in the tree stays
/// where it was.
fn place_cosign_tags(roots: &mut Vec<TreeNode>) {
    // A manifest fetched or pasted by its cosign tag is a root under that reference: taken out
    // as a cosign tag node (the reference kept on it), to be moved like the others.
    let mut loose: Vec<TreeNode> = Vec::new();
    let mut k = 0;
    while k < roots.len() {
        let r = &roots[k];
        let tagged = r.kind == NodeKind::Reference
            && r.children.len() == 1
            && r.children.first().is_some_and(is_manifest_node)
            && r.reference
                .as_deref()
                .and_then(crate::explain::cosign::tag)
                .is_some();
        if !tagged {
            k += 1;
            continue;
        }
        let mut r = roots.remove(k);
        let mut m = r.children.remove(0);
        m.kind = NodeKind::CosignTag;
        m.reference = r.reference.take();
        loose.push(m);
    }
    let mut targets: HashSet<String> = HashSet::default();
    for n in TreeNode::nodes(roots) {
        if is_manifest_node(n) || n.kind == NodeKind::Index {
            if let Some(d) = &n.digest {
                targets.insert(d.clone());
            }
        }
    }
    let mut moved: HashMap<String, Vec<TreeNode>> = HashMap::default();
    let mut stack: Vec<&mut TreeNode> = roots.iter_mut().collect();
    while let Some(n) = stack.pop() {
        let own = n.digest.clone();
        let children = std::mem::take(&mut n.children);
        for c in children {
            let target = (c.kind == NodeKind::CosignTag)
                .then(|| crate::explain::cosign::node_tag(&c))
                .flatten()
                .map(|(t, _)| t)
                .filter(|t| targets.contains(t) && own.as_ref() != Some(t));
            match target {
                Some(t) => moved.entry(t).or_default().push(c),
                None => n.children.push(c),
            }
        }
        stack.extend(n.children.iter_mut());
    }
    for m in loose {
        let target = crate::explain::cosign::node_tag(&m).map(|(t, _)| t);
        match target.filter(|t| targets.contains(t)) {
            Some(t) => moved.entry(t).or_default().push(m),
            // Its image is not in what was given: it stays a root.
            None => roots.push(m),
        }
    }
    if moved.is_empty() {
        return;
    }
    // Under the first node with that digest, in the tree's order.
    let mut stack: Vec<&mut TreeNode> = roots.iter_mut().rev().collect();
    while let Some(n) = stack.pop() {
        if is_manifest_node(n) || n.kind == NodeKind::Index {
            if let Some(tags) = n.digest.as_ref().and_then(|d| moved.remove(d)) {
                n.children.extend(tags);
            }
        }
        stack.extend(n.children.iter_mut().rev());
    }
}

/// A manifest that no index gives a platform to (a single image, an OCI layout entry) shows the
/// platform its config declares: the runtime's truth about what it runs on.
fn platforms_from_configs(nodes: &mut [TreeNode], documents: &[Document]) {
    let mut stack: Vec<&mut TreeNode> = nodes.iter_mut().collect();
    while let Some(n) = stack.pop() {
        if n.platform.is_none() && matches!(n.kind, NodeKind::Manifest | NodeKind::Referrer) {
            n.platform = n
                .children
                .iter()
                .find(|c| c.kind == NodeKind::Config)
                .and_then(|c| c.document)
                .and_then(|d| documents.get(d))
                .and_then(|d| d.platform.clone())
                .filter(|p| p.os != "unknown");
        }
        stack.extend(n.children.iter_mut());
    }
}

/// The documents as a graph: who stands for which digest, the roots, the referrers.
struct Graph<'a> {
    docs: &'a [Document],
    /// Digest (as written) -> the document that stands for it.
    by_digest: HashMap<&'a str, usize>,
    /// Whether the document stands for itself (else it is merged into another).
    rep: Vec<bool>,
    /// Roots in input order (referrers placed under their subject excluded).
    roots: Vec<usize>,
    /// Referrers placed under their subject: subject document -> referrers, in input order.
    referrers: HashMap<usize, Vec<usize>>,
    /// A reference for a root, taken from a document merged into it.
    merged_reference: HashMap<usize, &'a str>,
}

impl<'a> Graph<'a> {
    fn new(docs: &'a [Document]) -> Self {
        let mut by_digest: HashMap<&str, usize> = HashMap::default();
        let pointer = |d: &Document| d.kind == Kind::Descriptor;
        for (i, d) in docs.iter().enumerate() {
            if d.exactness == Exactness::Exact && !pointer(d) {
                for dg in [&d.digest, &d.digest_sha512].into_iter().flatten() {
                    by_digest.entry(dg.as_str()).or_insert(i);
                }
            }
        }
        for exact in [true, false] {
            for (i, d) in docs.iter().enumerate() {
                if (d.exactness == Exactness::Exact) == exact && !pointer(d) {
                    for c in &d.claims {
                        by_digest.entry(c.digest.as_str()).or_insert(i);
                    }
                }
            }
        }
        let mut rep = vec![true; docs.len()];
        let mut merged_reference: HashMap<usize, &str> = HashMap::default();
        for (i, d) in docs.iter().enumerate() {
            if pointer(d) {
                continue;
            }
            let keys: Vec<&str> = digests_of(d).collect();
            if keys.is_empty() || keys.iter().any(|k| by_digest.get(k) == Some(&i)) {
                continue;
            }
            rep[i] = false;
            if let (Some(r), Some(&target)) =
                (&d.reference, keys.first().and_then(|k| by_digest.get(k)))
            {
                merged_reference.entry(target).or_insert(r.as_str());
            }
        }
        // Pointed to by another document (a subject is a link back, not a parent).
        let mut pointed: HashSet<usize> = HashSet::default();
        for (i, d) in docs.iter().enumerate() {
            if !rep[i] {
                continue;
            }
            for desc in d
                .descriptors
                .iter()
                .filter(|x| x.role != DescriptorRole::Subject)
            {
                if let Some(&t) = desc.digest.as_deref().and_then(|dg| by_digest.get(dg)) {
                    if t != i {
                        pointed.insert(t);
                    }
                }
            }
        }
        let candidate = |i: usize| rep[i] && !pointed.contains(&i);
        let subject_of = |i: usize| -> Option<usize> {
            let s = docs
                .get(i)?
                .descriptors
                .iter()
                .find(|x| x.role == DescriptorRole::Subject)?;
            by_digest.get(s.digest.as_deref()?).copied()
        };
        let mut roots = Vec::new();
        let mut referrers: HashMap<usize, Vec<usize>> = HashMap::default();
        for i in (0..docs.len()).filter(|&i| candidate(i)) {
            match subject_of(i).filter(|&s| s != i) {
                Some(s) if reaches_tree(i, s, &candidate, &subject_of) => {
                    referrers.entry(s).or_default().push(i);
                }
                _ => roots.push(i),
            }
        }
        Graph {
            docs,
            by_digest,
            rep,
            roots,
            referrers,
            merged_reference,
        }
    }

    fn target(&self, d: &Descriptor) -> Option<usize> {
        self.by_digest.get(d.digest.as_deref()?).copied()
    }
}

/// Whether referrer `r`'s subject chain (`s`, its subject, ...) ends at a document that is in the
/// tree anyway. A chain that loops back is not placed (its first member stays a root).
fn reaches_tree(
    r: usize,
    s: usize,
    candidate: &impl Fn(usize) -> bool,
    subject_of: &impl Fn(usize) -> Option<usize>,
) -> bool {
    let mut seen = vec![r];
    let mut cur = s;
    loop {
        if seen.contains(&cur) || seen.len() > MAX_DEPTH {
            return false;
        }
        if !candidate(cur) {
            return true;
        }
        match subject_of(cur) {
            Some(next) if next != cur => {
                seen.push(cur);
                cur = next;
            }
            _ => return true,
        }
    }
}

/// Every digest a document stands for: the recomputed ones, then the claimed ones.
fn digests_of(d: &Document) -> impl Iterator<Item = &str> {
    let exact = d.exactness == Exactness::Exact;
    let own = [&d.digest, &d.digest_sha512]
        .into_iter()
        .flatten()
        .filter(move |_| exact)
        .map(|g| g.as_str());
    own.chain(d.claims.iter().map(|c| c.digest.as_str()))
}

struct Builder<'g, 'a> {
    g: &'g Graph<'a>,
    nodes: usize,
    /// Documents on the path from the root to the node being expanded (cycle detection).
    path: Vec<usize>,
    visited: Vec<bool>,
    /// Per document: how many times its children were shown (at most [`MAX_EXPANSIONS`]).
    expansions: Vec<u32>,
    /// Per document: whether a claim on it matched, and whether one did not (its claims read
    /// once, not once per node showing it: an index may name one manifest many times).
    verdicts: Vec<(bool, bool)>,
    findings: &'g mut Vec<Finding>,
    cycles_reported: HashSet<usize>,
    depth_reported: bool,
    nodes_reported: bool,
    repeats_reported: bool,
}

impl Builder<'_, '_> {
    fn exhausted(&self) -> bool {
        self.nodes >= MAX_NODES
    }

    /// The root node for document `i`, wrapped in a `Reference` node when a reference is known.
    fn root(&mut self, i: usize) -> Option<TreeNode> {
        let g = self.g;
        let doc = g.docs.get(i)?;
        if let Some(v) = self.visited.get_mut(i) {
            *v = true;
        }
        let node = if doc.kind == Kind::Descriptor {
            // A pointer: the root is what it points to.
            match doc.descriptors.first() {
                Some(d) => self.descriptor_node(d, None, 0),
                None => self.doc_node(i, None, None, 0),
            }
        } else {
            let subject = doc
                .descriptors
                .iter()
                .find(|x| x.role == DescriptorRole::Subject);
            match subject {
                // A referrer whose subject was not placed in the tree (absent, or a loop of
                // subjects). Choice: it stays a root of kind `Referrer`; when its subject was not
                // pasted, the first child is a not-provided node for it, so the link is visible.
                Some(s) => {
                    let mut n = self.doc_node(i, None, Some(NodeKind::Referrer), 0);
                    if g.target(s).is_none() {
                        self.nodes += 1;
                        n.children.insert(0, not_provided(s, None));
                    }
                    n
                }
                None => self.doc_node(i, None, None, 0),
            }
        };
        let reference = doc
            .reference
            .as_deref()
            .or_else(|| g.merged_reference.get(&i).copied());
        Some(match reference {
            Some(r) => {
                self.nodes += 1;
                TreeNode {
                    kind: NodeKind::Reference,
                    media_type: None,
                    digest: node.digest.clone(),
                    size: None,
                    platform: None,
                    annotations: Vec::new(),
                    artifact_type: None,
                    document: None,
                    provided: node.provided,
                    verification: node.verification,
                    shared: false,
                    reference: Some(r.to_string()),
                    children: vec![node],
                }
            }
            None => node,
        })
    }

    /// The node for descriptor `d`: its target document if provided, else a not-provided node.
    fn descriptor_node(
        &mut self,
        d: &Descriptor,
        kind: Option<NodeKind>,
        depth: usize,
    ) -> TreeNode {
        match self.g.target(d) {
            Some(t) => self.doc_node(t, Some(d), kind, depth),
            None => {
                self.nodes += 1;
                not_provided(d, kind)
            }
        }
    }

    /// The node for document `i`, reached through `via` (None for a root), expanded.
    fn doc_node(
        &mut self,
        i: usize,
        via: Option<&Descriptor>,
        kind: Option<NodeKind>,
        depth: usize,
    ) -> TreeNode {
        let g = self.g;
        self.nodes += 1;
        let Some(doc) = g.docs.get(i) else {
            // Unreachable (indexes come from the graph), but never index blindly.
            return not_provided(via.unwrap_or(&Descriptor::default()), kind);
        };
        if let Some(v) = self.visited.get_mut(i) {
            *v = true;
        }
        let exact = doc.exactness == Exactness::Exact;
        let mut annotations: Vec<(String, String)> =
            via.map(|d| d.annotations.clone()).unwrap_or_default();
        // Each pair once: compared directly when there are few (nearly always), else found in a
        // set (the key's length first, so no two pairs meet).
        let own = own_annotations(doc);
        if annotations.len() + own.len() <= 16 {
            for kv in own {
                if !annotations.contains(&kv) {
                    annotations.push(kv);
                }
            }
        } else {
            let pair = |(k, v): &(String, String)| format!("{}:{k}{v}", k.len());
            let mut seen: HashSet<String> = annotations.iter().map(pair).collect();
            annotations.extend(own.into_iter().filter(|kv| seen.insert(pair(kv))));
        }
        let digest = if exact {
            doc.digest.clone().map(String::from)
        } else {
            via.and_then(|d| d.digest.clone())
                .or_else(|| doc.claims.first().map(|c| c.digest.clone()))
        };
        let size = if exact {
            Some(doc.len())
        } else {
            doc.claims
                .iter()
                .find_map(|c| c.size)
                .or_else(|| via.and_then(|d| d.size))
        };
        let mut node = TreeNode {
            kind: kind.unwrap_or_else(|| doc_kind(doc, via)),
            media_type: doc
                .media_type
                .clone()
                .or_else(|| via.and_then(|d| d.media_type.clone())),
            digest,
            size,
            platform: via
                .and_then(|d| d.platform.clone())
                .or_else(|| doc.platform.clone()),
            annotations,
            artifact_type: via.and_then(|d| d.artifact_type.clone()).or_else(|| {
                doc.json
                    .as_ref()
                    .and_then(|j| j.get_str("artifactType"))
                    .map(str::to_string)
            }),
            document: Some(i),
            provided: true,
            verification: verification(doc, via, self.verdicts[i]),
            shared: false,
            reference: None,
            children: Vec::new(),
        };
        if self.path.contains(&i) {
            self.cycle(i, via);
            return node;
        }
        if depth >= MAX_DEPTH {
            if !doc.descriptors.is_empty() {
                self.depth_limit(i, via);
            }
            return node;
        }
        let has_children = !doc.descriptors.is_empty() || g.referrers.contains_key(&i);
        if let Some(n) = self.expansions.get_mut(i).filter(|_| has_children) {
            if *n >= MAX_EXPANSIONS {
                self.repeat_limit(i, via);
                return node;
            }
            *n += 1;
        }
        self.path.push(i);
        node.children = self.children(i, depth + 1);
        if let Some(refs) = g.referrers.get(&i) {
            for &r in refs {
                if self.exhausted() {
                    self.node_limit(i);
                    break;
                }
                let n = self.doc_node(r, None, Some(NodeKind::Referrer), depth + 1);
                node.children.push(n);
            }
        }
        self.path.pop();
        node
    }

    /// Children of document `i`: manifest entries (attestation manifests moved under the image
    /// they describe), config, layers. The subject is a link, not a child.
    fn children(&mut self, i: usize, depth: usize) -> Vec<TreeNode> {
        let g = self.g;
        let Some(doc) = g.docs.get(i) else {
            return Vec::new();
        };
        let mut descs: Vec<&Descriptor> = doc
            .descriptors
            .iter()
            .filter(|d| d.role != DescriptorRole::Subject)
            .collect();
        crate::sort::sort_by_key(&mut descs, |d| match d.role {
            DescriptorRole::Manifest => 0,
            DescriptorRole::Config => 1,
            _ => 2,
        });
        // Image entries by digest (first occurrence), for attestation placement.
        let mut images: HashMap<&str, usize> = HashMap::default();
        for (k, d) in descs.iter().enumerate() {
            if d.role == DescriptorRole::Manifest && !is_attestation(d) {
                if let Some(dg) = d.digest.as_deref() {
                    images.entry(dg).or_insert(k);
                }
            }
        }
        let mut slots: Vec<Option<TreeNode>> = Vec::with_capacity(descs.len());
        let mut moves: Vec<(usize, usize)> = Vec::new();
        for (k, d) in descs.iter().enumerate() {
            if self.exhausted() {
                self.node_limit(i);
                break;
            }
            let attestation = d.role == DescriptorRole::Manifest && is_attestation(d);
            let cosign = d.role == DescriptorRole::Manifest && cosign_tag(d).is_some();
            let kind = if attestation {
                Some(NodeKind::AttestationManifest)
            } else {
                cosign.then_some(NodeKind::CosignTag)
            };
            slots.push(Some(self.descriptor_node(d, kind, depth)));
            if attestation {
                if let Some(&img) = described_image(d).and_then(|dg| images.get(dg)) {
                    moves.push((k, img));
                }
            }
        }
        for (from, to) in moves {
            if to >= slots.len() {
                continue;
            }
            if let Some(n) = slots.get_mut(from).and_then(Option::take) {
                match slots.get_mut(to) {
                    Some(Some(image)) => image.children.push(n),
                    _ => {
                        if let Some(s) = slots.get_mut(from) {
                            *s = Some(n);
                        }
                    }
                }
            }
        }
        let mut children = Vec::with_capacity(slots.len());
        children.extend(slots.into_iter().flatten());
        children
    }

    fn location(&self, i: usize, via: Option<&Descriptor>, f: Finding) -> Finding {
        let mut f = f.at_document(i);
        if let Some(d) = self.g.docs.get(i) {
            f = f.at_input(d.input);
        }
        if let Some(d) = via {
            f = f.at_path(d.path.clone());
        }
        f
    }

    fn cycle(&mut self, i: usize, via: Option<&Descriptor>) {
        if !self.cycles_reported.insert(i) {
            return;
        }
        let digest = self
            .g
            .docs
            .get(i)
            .and_then(|d| {
                d.digest
                    .clone()
                    .map(String::from)
                    .or_else(|| d.claims.first().map(|c| c.digest.clone()))
            })
            .unwrap_or_else(|| format!("document #{i}"));
        let f = Finding::new(Code::ReferenceCycle, Text::new(
                format!("`{digest}` is reached again from below itself: these documents point at each other in a cycle, so the tree stops expanding here. Content-addressed data cannot really form a cycle (a document cannot contain the digest of a document that contains its own digest): the documents were edited, or a digest that does not match linked them."),
                format!("`{digest}` が自分自身の下から再び参照されています。ドキュメント同士が循環して参照し合っているため、ツリーの展開をここで止めました。コンテンツアドレスのデータでは本来循環は起こりません（自分のダイジェストを含むドキュメントのダイジェストを、さらにそのドキュメント自身が含むことはできません）。ドキュメントが編集されたか、一致しないダイジェストによって結び付けられた可能性があります。"),
            ),
        )
        .with_fix(Text::new(
            "Fetch the documents again with `--raw` (or `crane manifest`) and paste them unedited; check the digest findings for the documents in the cycle.",
            "`--raw`（または `crane manifest`）でドキュメントを取得し直し、編集せずに貼り付けてください。循環に含まれるドキュメントのダイジェストに関する指摘も確認してください。",
        ));
        let f = self.location(i, via, f);
        self.findings.push(f);
    }

    fn depth_limit(&mut self, i: usize, via: Option<&Descriptor>) {
        if std::mem::replace(&mut self.depth_reported, true) {
            return;
        }
        let f = Finding::new(Code::DepthLimit, Text::new(
                format!("The tree is more than {MAX_DEPTH} levels deep here; ocilens stops expanding it. Real images are 3-4 levels deep (index, manifest, config and layers)."),
                format!("ツリーがここで {MAX_DEPTH} 階層を超えたため、これ以上は展開しません。実際のイメージの深さは 3〜4 階層（インデックス、マニフェスト、config とレイヤー）です。"),
            ),
        )
        .with_fix(Text::new(
            "Check whether indexes list other indexes by mistake; paste the part of the tree you want to see.",
            "インデックスが誤って別のインデックスを入れ子で参照していないか確認してください。確認したい部分のツリーだけを貼り付けてください。",
        ));
        let f = self.location(i, via, f);
        self.findings.push(f);
    }

    fn repeat_limit(&mut self, i: usize, via: Option<&Descriptor>) {
        if std::mem::replace(&mut self.repeats_reported, true) {
            return;
        }
        let f = Finding::new(Code::DepthLimit, Text::new(
                format!("This document is listed under more than {MAX_EXPANSIONS} parents; ocilens shows its children under the first {MAX_EXPANSIONS} and the document alone under the others (here and wherever else it appears again). Real images list a manifest once or twice: indexes naming each other over and over are corrupted or crafted."),
                format!("このドキュメントは {MAX_EXPANSIONS} を超える親から参照されています。子は最初の {MAX_EXPANSIONS} 箇所にだけ表示し、それ以降（ここを含む）ではドキュメント自体だけを表示します。実際のイメージでは同じマニフェストが参照されるのは 1〜2 回です。インデックス同士が何度も参照し合っている場合は、破損しているか意図的に作られたものです。"),
            ),
        )
        .with_fix(Text::new(
            "Check why the indexes list the same documents so many times; select one of its first appearances to see its children.",
            "なぜインデックスが同じドキュメントを何度も参照しているのか確認してください。子を見るには、最初の方に表示されている同じドキュメントを選択してください。",
        ));
        let f = self.location(i, via, f);
        self.findings.push(f);
    }

    fn node_limit(&mut self, i: usize) {
        if std::mem::replace(&mut self.nodes_reported, true) {
            return;
        }
        let f = Finding::new(Code::DepthLimit, Text::new(
                format!("The tree has more than {MAX_NODES} nodes (documents listed under many parents are shown under each); ocilens stops adding nodes here."),
                format!("ツリーのノード数が {MAX_NODES} を超えました（複数の親から参照されるドキュメントはそれぞれの親の下に表示されます）。ここから先のノードは追加しません。"),
            ),
        )
        .with_fix(Text::new(
            "Paste fewer documents at once, or only the index and the manifests you need.",
            "一度に貼り付けるドキュメントを減らすか、必要なインデックスとマニフェストだけを貼り付けてください。",
        ));
        let f = self.location(i, None, f);
        self.findings.push(f);
    }
}

/// A node known only from a descriptor.
fn not_provided(d: &Descriptor, kind: Option<NodeKind>) -> TreeNode {
    TreeNode {
        kind: kind.unwrap_or_else(|| descriptor_kind(d)),
        media_type: d.media_type.clone(),
        digest: d.digest.clone(),
        size: d.size,
        platform: d.platform.clone(),
        annotations: d.annotations.clone(),
        artifact_type: d.artifact_type.clone(),
        document: None,
        provided: false,
        verification: Verification::NotProvided,
        shared: false,
        reference: None,
        children: Vec::new(),
    }
}

fn is_attestation(d: &Descriptor) -> bool {
    crate::explain::attestation::marked(&d.annotations)
}

/// The image an attestation manifest describes (buildx also reads the older `com.docker` key).
fn described_image(d: &Descriptor) -> Option<&str> {
    let get = |key: &str| {
        d.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    get(REFERENCE_DIGEST).or_else(|| get(REFERENCE_DIGEST_OLD))
}

fn base(mt: &str) -> &str {
    mt.split(';').next().unwrap_or(mt).trim()
}

/// The node kind a media type names, for manifests; `None` for types that are not manifests.
fn manifest_kind(mt: &str) -> Option<NodeKind> {
    match base(mt) {
        "application/vnd.oci.image.index.v1+json"
        | "application/vnd.docker.distribution.manifest.list.v2+json" => Some(NodeKind::Index),
        "application/vnd.oci.image.manifest.v1+json"
        | "application/vnd.docker.distribution.manifest.v2+json"
        | "application/vnd.oci.artifact.manifest.v1+json" => Some(NodeKind::Manifest),
        "application/vnd.docker.distribution.manifest.v1+json"
        | "application/vnd.docker.distribution.manifest.v1+prettyjws" => Some(NodeKind::Schema1),
        _ => None,
    }
}

/// The kind of what a descriptor points to, from its role and media type.
fn descriptor_kind(d: &Descriptor) -> NodeKind {
    match d.role {
        DescriptorRole::Config => NodeKind::Config,
        DescriptorRole::Layer | DescriptorRole::Schema1Layer => NodeKind::Layer,
        DescriptorRole::Manifest | DescriptorRole::Subject => match d.media_type.as_deref() {
            // No media type in a manifests[] entry: a manifest is the likely content.
            None => NodeKind::Manifest,
            Some(mt) => manifest_kind(mt).unwrap_or(NodeKind::Other),
        },
    }
}

/// The kind of a provided document; content kinds the document cannot name (plain JSON, bytes,
/// summaries) take the kind of the descriptor that points at them.
fn doc_kind(doc: &Document, via: Option<&Descriptor>) -> NodeKind {
    match doc.kind {
        Kind::Index => NodeKind::Index,
        Kind::Manifest => NodeKind::Manifest,
        Kind::Schema1 => NodeKind::Schema1,
        Kind::Config => NodeKind::Config,
        Kind::InTotoStatement | Kind::DsseEnvelope => NodeKind::Attestation,
        // A `docker save` manifest.json entry (before Docker 25) stands for the image.
        Kind::Summary if doc.format == crate::Format::DockerSave => NodeKind::Manifest,
        Kind::Descriptor | Kind::Summary | Kind::OtherJson | Kind::Opaque => via
            .map(descriptor_kind)
            .or_else(|| doc.media_type.as_deref().and_then(manifest_kind))
            .unwrap_or(NodeKind::Other),
    }
}

/// The document's own top-level `annotations` (string values), for indexes and manifests.
fn own_annotations(doc: &Document) -> Vec<(String, String)> {
    if !matches!(doc.kind, Kind::Index | Kind::Manifest) {
        return Vec::new();
    }
    let Some(members) = doc
        .json
        .as_ref()
        .and_then(|j| j.get("annotations"))
        .and_then(|a| a.members())
    else {
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|m| Some((m.key.to_string(), m.value.str()?.to_string())))
        .collect()
}

/// The badge: reaching a document through a descriptor is a claim too (equal digest: a match).
/// Whether a claim on the document matched, and whether one did not.
fn claim_verdicts(doc: &Document) -> (bool, bool) {
    let matched = doc
        .claims
        .iter()
        .any(|c| c.verdict == crate::Verdict::Match);
    let mismatched = doc
        .claims
        .iter()
        .any(|c| c.verdict == crate::Verdict::Mismatch);
    (matched, mismatched)
}

fn verification(
    doc: &Document,
    via: Option<&Descriptor>,
    (mut matched, mut mismatched): (bool, bool),
) -> Verification {
    if doc.exactness != Exactness::Exact {
        return Verification::CannotRecompute;
    }
    if doc.streamed.as_ref().is_some_and(|s| s.sha256.is_none()) {
        return Verification::Hashing;
    }
    if let Some(dg) = via.and_then(|d| d.digest.as_deref()) {
        let computed = if dg.starts_with("sha512:") {
            doc.digest_sha512.as_deref()
        } else if dg.starts_with("sha256:") {
            doc.digest.as_deref()
        } else {
            None
        };
        if let Some(c) = computed {
            if c == dg {
                matched = true;
            } else {
                mismatched = true;
            }
        }
    }
    if mismatched {
        Verification::Mismatch
    } else if matched {
        Verification::Verified
    } else {
        Verification::Unclaimed
    }
}

/// Sets `shared` on every config or layer whose digest sits under two or more different
/// manifests.
fn mark_shared(roots: &mut [TreeNode]) {
    /// A manifest node: by its digest, else by its document.
    #[derive(Clone, Copy, PartialEq)]
    enum Parent<'a> {
        Digest(&'a str),
        Document(usize),
    }
    // Blob digest -> the first manifest it sits under, and whether another one was seen.
    let mut parents: HashMap<&str, (Parent, bool)> = HashMap::default();
    for n in TreeNode::nodes(roots).filter(|n| is_manifest_node(n)) {
        let Some(parent) =
            (n.digest.as_deref().map(Parent::Digest)).or(n.document.map(Parent::Document))
        else {
            continue;
        };
        let blobs = n.children.iter().filter(|c| is_blob_node(c));
        for dg in blobs.filter_map(|c| c.digest.as_deref()) {
            let (first, again) = parents.entry(dg).or_insert((parent, false));
            *again |= *first != parent;
        }
    }
    let shared: HashSet<String> = parents
        .into_iter()
        .filter(|(_, (_, again))| *again)
        .map(|(d, _)| d.to_string())
        .collect();
    if shared.is_empty() {
        return;
    }
    let mut stack: Vec<&mut TreeNode> = roots.iter_mut().collect();
    while let Some(n) = stack.pop() {
        let manifest = is_manifest_node(n);
        for c in n.children.iter_mut() {
            if manifest && is_blob_node(c) && c.digest.as_ref().is_some_and(|d| shared.contains(d))
            {
                c.shared = true;
            }
        }
        stack.extend(n.children.iter_mut());
    }
}

fn is_manifest_node(n: &TreeNode) -> bool {
    matches!(
        n.kind,
        NodeKind::Manifest
            | NodeKind::AttestationManifest
            | NodeKind::Referrer
            | NodeKind::CosignTag
            | NodeKind::Schema1
    )
}

fn is_blob_node(n: &TreeNode) -> bool {
    matches!(
        n.kind,
        NodeKind::Config | NodeKind::Layer | NodeKind::Attestation | NodeKind::Other
    )
}

#[cfg(test)]
pub(crate) mod tests;
