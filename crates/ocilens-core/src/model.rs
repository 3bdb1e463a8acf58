//! The analysis model: what every front door (CLI, wasm, page) renders.
//!
//! Bytes flow `Input` -> `Document`s (exact bytes + recomputed digest + claims) -> tree -> findings.
//! Everything here is plain data; building it lives in the other modules.

use std::ops::Range;

use crate::findings::Finding;
use crate::read::json::Json;
use crate::text::Text;
pub use crate::verify::digest::Digest;

/// One thing the user gave: a pasted text, a file, or stdin. A directory (OCI layout) arrives as
/// several inputs whose names are paths relative to the layout root (see `layout`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A display name: a file path, `-` for stdin, `paste`, or the URL a body was fetched from.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Set when the bytes are a registry response body fetched by ocilens itself.
    pub origin: Option<Origin>,
    /// Given as a file (a path, a file chosen or dropped on the page): a document that is the
    /// whole file is its raw bytes, however it is indented. A paste (or stdin) may be a tool's
    /// re-indented output.
    pub file: bool,
    /// A member too large to keep, hashed as it streamed by (or later, in parallel): `bytes`
    /// is empty and this says what they were.
    pub streamed: Option<Streamed>,
    /// Set on the input that stands for an archive itself (its members follow it, named
    /// `<archive>/<path>`): what it held and what was wrong with it.
    pub listing: Option<Box<crate::read::archive::Listing>>,
}

/// A blob read as a stream and not kept: its size and, once hashed, its digest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Streamed {
    pub size: u64,
    /// `sha256:<hex>`; `None` while the front door is still hashing it.
    pub sha256: Option<String>,
    /// `sha256:<hex>` of what it decompresses to (gzip or zstd), when the front door
    /// decompressed it while hashing it (`verify::diff_ids::hash_blob`).
    pub uncompressed: Option<String>,
}

impl Input {
    /// Bytes pasted or piped: what a tool printed, perhaps.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            name: name.into(),
            bytes: bytes.into(),
            origin: None,
            file: false,
            streamed: None,
            listing: None,
        }
    }
    /// The bytes of a file given by its name.
    pub fn file(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            file: true,
            ..Input::new(name, bytes)
        }
    }
}

/// What a fetch knows about a response body besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The reference the walk started from (`docker.io/library/alpine:3.20`).
    pub reference: Option<String>,
    /// The digest the body was requested by (`/manifests/sha256:...`, `/blobs/sha256:...`).
    pub requested_digest: Option<String>,
    /// The `Docker-Content-Digest` response header.
    pub docker_content_digest: Option<String>,
    /// The `Content-Type` response header.
    pub content_type: Option<String>,
}

/// What a tool printed: the outer format a document was found in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// Raw JSON as a registry serves it (`--raw`, `crane manifest`, a blob file).
    RawJson,
    /// `docker buildx imagetools inspect` default text.
    ImagetoolsText,
    /// `docker buildx imagetools inspect --format '{{json ...}}'`.
    ImagetoolsJson,
    /// `docker manifest inspect` without `-v` (re-indented or re-synthesised).
    ManifestInspect,
    /// `docker manifest inspect -v` (`Raw` holds the exact bytes, base64).
    ManifestInspectVerbose,
    /// `skopeo inspect` without `--raw`.
    SkopeoInspect,
    /// `oras manifest fetch --format json`.
    OrasJson,
    /// `docker inspect IMAGE` (or `docker image inspect`).
    DockerInspect,
    /// `curl -i` of a registry: HTTP headers, then the body.
    CurlResponse,
    /// A file of an OCI image layout (`index.json` or `blobs/<alg>/<hex>`).
    OciLayout,
    /// A response body ocilens fetched from a registry (`ocilens fetch`, the page's fetch).
    RegistryFetch,
    /// What `docker pull` printed (either image store, a terminal's or a CI log's copy).
    DockerPull,
    /// What `docker history` printed (a table, `--no-trunc`, `--format json`).
    DockerHistory,
    /// What `docker images` printed (a table, `--digests`, `--no-trunc`, `--tree`, `--format json`).
    DockerImages,
    /// A tar (plain, gzip or zstd) read as one stream: an OCI layout or a `docker save`.
    Archive,
    /// `docker save`'s own files: `manifest.json`, `repositories`, and the legacy `<id>/json`.
    DockerSave,
    /// Not recognised as anything: kept, reported, never dropped.
    Unknown,
}

impl Format {
    /// Stable identifier used in the JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Format::RawJson => "raw-json",
            Format::ImagetoolsText => "imagetools-text",
            Format::ImagetoolsJson => "imagetools-json",
            Format::ManifestInspect => "docker-manifest-inspect",
            Format::ManifestInspectVerbose => "docker-manifest-inspect-verbose",
            Format::SkopeoInspect => "skopeo-inspect",
            Format::OrasJson => "oras-manifest-json",
            Format::DockerInspect => "docker-inspect",
            Format::CurlResponse => "curl-response",
            Format::OciLayout => "oci-layout",
            Format::RegistryFetch => "registry-fetch",
            Format::DockerPull => "docker-pull",
            Format::DockerHistory => "docker-history",
            Format::DockerImages => "docker-images",
            Format::Archive => "archive",
            Format::DockerSave => "docker-save",
            Format::Unknown => "unknown",
        }
    }
}

/// What a document is, judged from its content (and its declared media type).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    /// OCI image index or Docker manifest list (includes referrers responses and layout index.json).
    Index,
    /// OCI image manifest or Docker schema2 manifest.
    Manifest,
    /// Docker schema1 manifest, signed (`+prettyjws`) or not.
    Schema1,
    /// Image config (OCI or Docker), including BuildKit's attestation config.
    Config,
    /// An in-toto statement (provenance, SBOM, ...).
    InTotoStatement,
    /// A DSSE envelope wrapping an in-toto statement.
    DsseEnvelope,
    /// A bare descriptor `{mediaType, digest, size}` (e.g. imagetools `{{json .Manifest}}` of one image).
    Descriptor,
    /// A summary printed by a tool (imagetools text, skopeo inspect, docker inspect): facts and
    /// claims, but not the registry document itself.
    Summary,
    /// JSON we could parse but not classify: opaque content, never an error.
    OtherJson,
    /// Bytes that are not JSON (a layer blob, text we could not read).
    Opaque,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Index => "index",
            Kind::Manifest => "manifest",
            Kind::Schema1 => "schema1-manifest",
            Kind::Config => "config",
            Kind::InTotoStatement => "in-toto-statement",
            Kind::DsseEnvelope => "dsse-envelope",
            Kind::Descriptor => "descriptor",
            Kind::Summary => "summary",
            Kind::OtherJson => "json",
            Kind::Opaque => "opaque",
        }
    }
}

/// Whether a document's bytes are the ones the registry hashed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exactness {
    /// The bytes as received: the digest is recomputed over them.
    Exact,
    /// The tool re-serialised or re-indented the document: no digest can be recomputed.
    /// The text says which tool and why.
    NotOriginal(Text),
}

/// Where a claimed digest came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClaimSource {
    /// imagetools text `Digest:` line.
    ImagetoolsDigestLine,
    /// imagetools text `Name: repo@sha256:...` line.
    ImagetoolsName,
    /// A descriptor in another document (a parent index or manifest) pointing at this one.
    /// `document` is that document's index in `Analysis::documents`, `path` the JSON path.
    Descriptor { document: usize, path: String },
    /// The `Docker-Content-Digest` header of a `curl -i` response.
    DockerContentDigest,
    /// The `Descriptor` of `docker manifest inspect -v`.
    ManifestInspectDescriptor,
    /// The file name of a blob in an OCI image layout (`blobs/sha256/<hex>`).
    LayoutFileName,
    /// A loose file named by its digest (`<hex>`, `<hex>.json`, skopeo's `dir:` transport
    /// `<hex>.manifest.json`, `sha256:<hex>`).
    FileName,
    /// The `digest` field printed next to the document by a tool (oras `digest`, imagetools
    /// `{{json .Manifest}}` `digest`, skopeo `Digest`).
    ToolField { field: String },
    /// A reference `name@sha256:...` the user pasted (a `$ command` line or `Ref`).
    Reference,
    /// The digest ocilens fetched the document by (`/v2/<name>/manifests/<digest>`).
    RequestedDigest,
}

impl ClaimSource {
    pub fn id(&self) -> &'static str {
        match self {
            ClaimSource::ImagetoolsDigestLine => "imagetools-digest-line",
            ClaimSource::ImagetoolsName => "imagetools-name",
            ClaimSource::Descriptor { .. } => "descriptor",
            ClaimSource::DockerContentDigest => "docker-content-digest",
            ClaimSource::ManifestInspectDescriptor => "manifest-inspect-descriptor",
            ClaimSource::LayoutFileName => "layout-file-name",
            ClaimSource::FileName => "file-name",
            ClaimSource::ToolField { .. } => "tool-field",
            ClaimSource::Reference => "reference",
            ClaimSource::RequestedDigest => "requested-digest",
        }
    }
}

/// The outcome of comparing a claim with the recomputed digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// The recomputed digest equals the claim.
    Match,
    /// It does not; `Claim::cause` says why when it can be seen.
    Mismatch,
    /// The bytes are not the originals (or the claim's algorithm is unknown): nothing to compare.
    CannotRecompute,
    /// The bytes are still being hashed (a large archive member): the verdict comes later.
    Pending,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Mismatch => "mismatch",
            Verdict::CannotRecompute => "cannot-recompute",
            Verdict::Pending => "pending",
        }
    }
}

/// Why a digest does not match, when it can be seen from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MismatchCause {
    /// The bytes end with newline(s) the original lacked; without them the digest matches.
    TrailingNewline,
    /// Line ends were turned into CRLF; with LF the digest matches.
    Crlf,
    /// Both CRLF line ends and a trailing newline.
    CrlfAndTrailingNewline,
    /// A UTF-8 byte order mark was added.
    Bom,
    /// Same JSON value, different text: re-indented, keys reordered or escapes changed.
    /// (Detected when the size differs from the claim's size or the formatting is a tool's.)
    Reformatted,
    /// The content itself differs (a different document, or an edit).
    DifferentContent,
}

impl MismatchCause {
    pub fn id(self) -> &'static str {
        match self {
            MismatchCause::TrailingNewline => "trailing-newline",
            MismatchCause::Crlf => "crlf",
            MismatchCause::CrlfAndTrailingNewline => "crlf-and-trailing-newline",
            MismatchCause::Bom => "bom",
            MismatchCause::Reformatted => "reformatted",
            MismatchCause::DifferentContent => "different-content",
        }
    }
}

/// A digest some source claims for a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// As written, e.g. `sha256:abc...`.
    pub digest: String,
    pub source: ClaimSource,
    /// The size the same source claims, if any.
    pub size: Option<u64>,
    pub verdict: Verdict,
    pub cause: Option<MismatchCause>,
}

/// An OCI/Docker platform as written in a descriptor or config.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
    pub os_version: Option<String>,
    pub os_features: Vec<String>,
    pub features: Vec<String>,
}

impl std::fmt::Display for Platform {
    /// `os/arch[/variant]`, the form tools print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            if !v.is_empty() {
                write!(f, "/{v}")?;
            }
        }
        Ok(())
    }
}

/// A descriptor found inside a document (a manifest entry, config, layer, subject).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Descriptor {
    pub media_type: Option<String>,
    pub digest: Option<String>,
    pub size: Option<u64>,
    pub platform: Option<Platform>,
    pub annotations: Vec<(String, String)>,
    pub artifact_type: Option<String>,
    pub urls: Vec<String>,
    /// Base64 `data` field, if present.
    pub data: Option<String>,
    /// JSON path of the descriptor inside its document, e.g. `$.manifests[2]`.
    pub path: String,
    /// Its role in the parent: `manifests`, `config`, `layers`, `subject`, `fsLayers`.
    pub role: DescriptorRole,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum DescriptorRole {
    #[default]
    Manifest,
    Config,
    Layer,
    Subject,
    /// A schema1 `fsLayers` blob.
    Schema1Layer,
}

/// One document found in the input: a JSON value (or text block) with its exact bytes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Index of the `Input` it came from.
    pub input: usize,
    /// Byte range inside that input (before any decoding such as base64 `Raw`).
    pub span: Range<usize>,
    /// 1-based line where the document starts in its input.
    pub line: usize,
    pub format: Format,
    pub kind: Kind,
    /// The media type: the document's own `mediaType`, else the best other source
    /// (descriptor, Content-Type, imagetools `MediaType:`), else `None`.
    pub media_type: Option<String>,
    /// The exact bytes the digest is computed over (for `-v` output: the decoded `Raw`).
    pub bytes: Vec<u8>,
    pub exactness: Exactness,
    /// `sha256:<hex>` over `bytes` (over the JWS payload for signed schema1), or `None`.
    pub digest: Option<Digest>,
    /// Why `digest` is `None` or is not over the bytes as given (schema1 payload), when it applies.
    pub digest_note: Option<Text>,
    /// sha512 digest, computed only when a claim uses sha512.
    pub digest_sha512: Option<Digest>,
    pub claims: Vec<Claim>,
    /// Parsed JSON (None for text formats and invalid JSON).
    pub json: Option<Json>,
    /// Descriptors this document points to, in document order.
    pub descriptors: Vec<Descriptor>,
    /// Platform from the document itself (a config's os/architecture, schema1 `architecture`).
    pub platform: Option<Platform>,
    /// A reference (tag or digest) known for this document: imagetools `Name:`, oras `reference`,
    /// skopeo `Name`, manifest-inspect `Ref`, a layout's `org.opencontainers.image.ref.name`.
    pub reference: Option<String>,
    /// Short note on what the detector saw, e.g. "imagetools {{json .}} (buildx >= 0.11)".
    pub detail: Option<String>,
    /// Image or artifact (and which), for manifests and indexes; set by the explain stage.
    pub class: Option<crate::explain::artifact::Class>,
    /// The decoded in-toto statement, for attestations; set by the explain stage.
    /// Boxed: most documents have none, and the statement is large.
    pub attestation: Option<Box<crate::explain::attestation::Statement>>,
    /// A blob not kept (an archive's large layer): `bytes` is empty, this has its size and
    /// digest, hashed by the front door.
    pub streamed: Option<Streamed>,
}

impl Document {
    /// An OCI image layout's `index.json`, as detection names it (read from a layout, or pasted
    /// with its `org.opencontainers.image.ref.name` entries). Not the layout's blobs: an image
    /// index stored as a blob is an ordinary index.
    pub fn is_layout_index(&self) -> bool {
        self.detail
            .as_deref()
            .is_some_and(|s| s.contains("OCI layout index.json"))
    }

    /// The size of the content: its bytes, or what was streamed.
    pub fn len(&self) -> u64 {
        self.streamed
            .as_ref()
            .map_or(self.bytes.len() as u64, |s| s.size)
    }
    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the analysis set aside while reading an input (prompts, BOM, CRLF, ...).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SetAside {
    pub input: usize,
    /// 1-based line.
    pub line: usize,
    pub what: Text,
}

/// A node of the tree: tag -> index -> manifest -> config/layers, attestations, referrers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TreeNode {
    pub kind: NodeKind,
    pub media_type: Option<String>,
    pub digest: Option<String>,
    pub size: Option<u64>,
    pub platform: Option<Platform>,
    pub annotations: Vec<(String, String)>,
    pub artifact_type: Option<String>,
    /// The document holding this node's bytes, if it was provided.
    pub document: Option<usize>,
    /// Whether the content was provided (false: only known from a descriptor).
    pub provided: bool,
    /// Summary of the digest verification for this node.
    pub verification: Verification,
    /// A layer (or config) referenced by more than one manifest: `Already exists` at pull.
    pub shared: bool,
    /// The reference name for a root (`docker.io/library/alpine:latest`).
    pub reference: Option<String>,
    pub children: Vec<TreeNode>,
}

impl TreeNode {
    /// Every node of `tree` with its parent (`None` for a root), in pre-order.
    pub fn with_parents(tree: &[TreeNode]) -> Vec<(&TreeNode, Option<&TreeNode>)> {
        let mut out = Vec::new();
        let mut stack: Vec<(&TreeNode, Option<&TreeNode>)> =
            tree.iter().rev().map(|n| (n, None)).collect();
        while let Some((n, parent)) = stack.pop() {
            stack.extend(n.children.iter().rev().map(|c| (c, Some(n))));
            out.push((n, parent));
        }
        out
    }

    /// Every node of `tree` with its path, depth-first in pre-order (as the tree is drawn): the
    /// one walk every front door uses.
    pub fn walk(tree: &[TreeNode]) -> Walk<'_> {
        Walk {
            stack: tree
                .iter()
                .enumerate()
                .rev()
                .map(|(i, n)| (NodePath(vec![i]), n))
                .collect(),
        }
    }

    /// Every node of `tree`, in the order of [`TreeNode::walk`], without its path: for the walks
    /// that only look at the nodes (nothing is allocated per node).
    pub fn nodes(tree: &[TreeNode]) -> Nodes<'_> {
        Nodes {
            stack: tree.iter().rev().collect(),
        }
    }

    /// The node at `path`, if there is one.
    pub fn at<'a>(tree: &'a [TreeNode], path: &NodePath) -> Option<&'a TreeNode> {
        let (first, rest) = path.0.split_first()?;
        let mut n = tree.get(*first)?;
        for i in rest {
            n = n.children.get(*i)?;
        }
        Some(n)
    }
}

/// Where a node sits: child indexes from the roots. Written `0-2-1` (the page's ids, the
/// diagram's boxes and share links use this form).
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct NodePath(pub Vec<usize>);

impl NodePath {
    /// The path of the parent node; `None` for a root.
    pub fn parent(&self) -> Option<NodePath> {
        (self.0.len() > 1).then(|| NodePath(self.0[..self.0.len() - 1].to_vec()))
    }
}

impl std::fmt::Display for NodePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for NodePath {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        s.split('-')
            .map(|p| p.parse().map_err(|_| ()))
            .collect::<Result<Vec<usize>, ()>>()
            .map(NodePath)
    }
}

/// The iterator of [`TreeNode::walk`].
#[derive(Debug)]
pub struct Nodes<'a> {
    stack: Vec<&'a TreeNode>,
}

impl<'a> Iterator for Nodes<'a> {
    type Item = &'a TreeNode;
    fn next(&mut self) -> Option<Self::Item> {
        let n = self.stack.pop()?;
        self.stack.extend(n.children.iter().rev());
        Some(n)
    }
}

#[derive(Debug)]
pub struct Walk<'a> {
    stack: Vec<(NodePath, &'a TreeNode)>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = (NodePath, &'a TreeNode);
    fn next(&mut self) -> Option<Self::Item> {
        let (path, n) = self.stack.pop()?;
        for (i, c) in n.children.iter().enumerate().rev() {
            let mut p = path.0.clone();
            p.push(i);
            self.stack.push((NodePath(p), c));
        }
        Some((path, n))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NodeKind {
    /// The tag or digest reference the tree is rooted at.
    Reference,
    Index,
    Manifest,
    /// A BuildKit attestation manifest (`vnd.docker.reference.type: attestation-manifest`).
    AttestationManifest,
    /// A manifest whose `subject` points at its parent (a referrer: signature, SBOM, artifact).
    Referrer,
    /// A manifest stored under cosign's tag scheme (`sha256-<hex>.sig`, `.att`, `.sbom`) beside
    /// the manifest or index whose digest the tag names: placed under it.
    CosignTag,
    Schema1,
    Config,
    Layer,
    /// An in-toto statement or DSSE envelope (an attestation layer's content).
    Attestation,
    /// Any other JSON or blob.
    Other,
}

impl NodeKind {
    pub fn id(self) -> &'static str {
        match self {
            NodeKind::Reference => "reference",
            NodeKind::Index => "index",
            NodeKind::Manifest => "manifest",
            NodeKind::AttestationManifest => "attestation-manifest",
            NodeKind::Referrer => "referrer",
            NodeKind::CosignTag => "cosign-tag",
            NodeKind::Schema1 => "schema1-manifest",
            NodeKind::Config => "config",
            NodeKind::Layer => "layer",
            NodeKind::Attestation => "attestation",
            NodeKind::Other => "other",
        }
    }
}

/// A node's verification badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verification {
    /// The bytes were provided and hash to the digest that points at them.
    Verified,
    /// The bytes were provided and do not hash to the claimed digest.
    Mismatch,
    /// Provided, but not as the original bytes (re-serialised by a tool).
    CannotRecompute,
    /// Provided as exact bytes, but nothing claims a digest for them (a root).
    Unclaimed,
    /// Only known from a descriptor.
    NotProvided,
    /// Provided as a stream still being hashed (a large archive member).
    Hashing,
}

impl Verification {
    pub fn id(self) -> &'static str {
        match self {
            Verification::Verified => "verified",
            Verification::Mismatch => "mismatch",
            Verification::CannotRecompute => "cannot-recompute",
            Verification::Unclaimed => "unclaimed",
            Verification::NotProvided => "not-provided",
            Verification::Hashing => "hashing",
        }
    }
}

/// The whole result. Always produced, whatever the input: a partial model plus findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub inputs: Vec<InputSummary>,
    pub documents: Vec<Document>,
    /// Roots of the tree, in input order.
    pub tree: Vec<TreeNode>,
    pub findings: Vec<Finding>,
    pub set_aside: Vec<SetAside>,
    /// `docker pull` transcripts, each id mapped to what it names in the tree.
    pub pull_logs: Vec<PullLog>,
    /// `docker history` and `docker images` tables, each row mapped to what it names.
    pub tables: Vec<DockerTable>,
}

/// A table the Docker CLI printed about local images (issue 11): `docker history` or `docker
/// images` (as a table, `--no-trunc`, `--digests`, `--tree` or `--format json`), each row matched
/// to what it names in the documents given with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DockerTable {
    pub input: usize,
    /// 1-based line of its first line.
    pub line: usize,
    pub command: TableCommand,
    pub rows: Vec<TableRow>,
    /// `docker history`: the image the rows are the history of, when one of the documents is
    /// (its manifest digest and platform).
    pub image: Option<(String, Option<Platform>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TableCommand {
    /// `docker history` / `docker image history`.
    History,
    /// `docker images` / `docker image ls`.
    Images,
    /// `docker image ls --tree`: an image and its platforms.
    ImagesTree,
    /// `docker inspect`'s digests: `Id`, `RepoDigests`, `RootFS.Layers`.
    Inspect,
}

impl TableCommand {
    pub fn id(self) -> &'static str {
        match self {
            TableCommand::History => "history",
            TableCommand::Images => "images",
            TableCommand::ImagesTree => "images-tree",
            TableCommand::Inspect => "inspect",
        }
    }

    /// The command that prints it.
    pub fn command(self) -> &'static str {
        match self {
            TableCommand::History => "docker history",
            TableCommand::Images | TableCommand::ImagesTree => "docker images",
            TableCommand::Inspect => "docker inspect",
        }
    }
}

/// One row of a [`DockerTable`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableRow {
    /// 1-based line.
    pub line: usize,
    /// The id column as printed (`IMAGE`, `IMAGE ID`, `ID`): 12 hex digits, a whole digest, or
    /// `<missing>` / `<none>`.
    pub id: String,
    /// What the row is: `CREATED BY` of a history row; `REPOSITORY:TAG` of an image; the image
    /// or the platform of a `--tree` row.
    pub what: String,
    /// `docker images --digests`: the `DIGEST` column (`<none>` kept out).
    pub digest: Option<String>,
    /// The `SIZE` (or `DISK USAGE`) column as printed.
    pub size: String,
    /// The blobs of the documents given that the id (and the digest) name.
    pub names: Vec<PullTarget>,
    /// `docker history`: the layer the row's step made, when the documents tell (`None` for a
    /// step that changed only the config, `empty_layer`).
    pub layer: Option<TableLayer>,
    /// What the row means, in words.
    pub note: Text,
}

/// The layer a `docker history` row made, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableLayer {
    /// 1-based position among the manifest's layers.
    pub index: usize,
    /// Its compressed digest and size (the manifest's descriptor), when a manifest is given.
    pub digest: Option<String>,
    pub size: Option<u64>,
    /// Its `diff_id` (uncompressed, the config's `rootfs`).
    pub diff_id: Option<String>,
}

/// A `docker pull` transcript (issue 11): what it printed, and what each id names in the
/// documents given with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullLog {
    pub input: usize,
    /// 1-based line of its first line.
    pub line: usize,
    /// What was pulled: the reference Docker printed last, else the `Status:` line's, the
    /// command's, or the `Pulling from` line's.
    pub reference: Option<String>,
    /// The command's `--platform`.
    pub platform: Option<String>,
    /// The `Digest:` line: what the tag pointed at.
    pub digest: Option<String>,
    pub status: Option<PullStatus>,
    pub store: PullStore,
    /// The pull stopped before `Digest:` and `Status:` (`^C`, a lost connection).
    pub interrupted: bool,
    /// A `docker push` (`The push refers to repository [...]`): its ids are the first 12 hex
    /// digits of each layer's diff_id, not of its compressed digest; `digest` is the manifest
    /// pushed.
    pub push: bool,
    /// Each id, in order of first appearance.
    pub ids: Vec<PullId>,
    /// The image whose blobs the ids are: its manifest digest and platform.
    pub pulled: Option<(String, Option<Platform>)>,
    /// What the `Digest:` line names among the documents given.
    pub digest_names: Option<PullTarget>,
}

/// One id of a pull log: a blob's digest cut to 12 hex digits (the containerd store once printed
/// them whole).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullId {
    pub id: String,
    /// 1-based line of its first line.
    pub line: usize,
    /// Its statuses in order (`Pulling fs layer`, `Downloading`, ..., `Pull complete`),
    /// repeated ones once.
    pub states: Vec<String>,
    /// The blobs of the documents given whose digest begins with it.
    pub names: Vec<PullTarget>,
}

impl PullId {
    /// The last status printed for it.
    pub fn last(&self) -> &str {
        self.states.last().map_or("", String::as_str)
    }
}

/// A blob of the tree that an id names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullTarget {
    pub digest: String,
    /// What the blob is (`NodeKind`): `index`, `manifest`, `config`, `layer`, ...
    pub kind: NodeKind,
    /// The platform of the image it belongs to.
    pub platform: Option<Platform>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PullStatus {
    /// `Status: Downloaded newer image for ...`
    Downloaded,
    /// `Status: Image is up to date for ...`
    UpToDate,
}

/// Which image store printed the log, as far as its lines tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PullStore {
    /// The classic store (graph drivers): `Verifying Checksum`, `Extracting`.
    Classic,
    /// The containerd image store: a layer downloaded and not unpacked (`Download complete`
    /// without `Pull complete`: a platform that is not the host's).
    Containerd,
    /// The containerd image store of Docker Desktop 4.16 and near: index, manifest and config
    /// ids printed too, or whole `sha256:` ids, and no `Digest:`.
    ContainerdEarly,
    /// Both print these lines alike.
    Either,
}

impl PullStore {
    pub fn id(self) -> &'static str {
        match self {
            PullStore::Classic => "classic",
            PullStore::Containerd => "containerd",
            PullStore::ContainerdEarly => "containerd-early",
            PullStore::Either => "either",
        }
    }
}

/// What was recognised in each input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputSummary {
    pub name: String,
    pub size: usize,
    /// Formats recognised in this input, in order of appearance (deduplicated).
    pub formats: Vec<Format>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: NodeKind, children: Vec<TreeNode>) -> TreeNode {
        TreeNode {
            kind,
            media_type: None,
            digest: None,
            size: None,
            platform: None,
            annotations: Vec::new(),
            artifact_type: None,
            document: None,
            provided: true,
            verification: Verification::NotProvided,
            shared: false,
            reference: None,
            children,
        }
    }

    #[test]
    fn the_walk_is_pre_order_with_paths_and_parents() {
        let tree = vec![
            node(
                NodeKind::Index,
                vec![node(
                    NodeKind::Manifest,
                    vec![node(NodeKind::Config, vec![])],
                )],
            ),
            node(NodeKind::Manifest, vec![]),
        ];
        let seen: Vec<(String, NodeKind, Option<NodeKind>)> = TreeNode::walk(&tree)
            .zip(TreeNode::with_parents(&tree))
            .map(|((p, n), (m, parent))| {
                assert!(std::ptr::eq(n, m));
                (p.to_string(), n.kind, parent.map(|q| q.kind))
            })
            .collect();
        let nodes: Vec<NodeKind> = TreeNode::nodes(&tree).map(|n| n.kind).collect();
        assert_eq!(nodes, seen.iter().map(|s| s.1).collect::<Vec<_>>());
        assert_eq!(
            seen,
            vec![
                ("0".into(), NodeKind::Index, None),
                ("0-0".into(), NodeKind::Manifest, Some(NodeKind::Index)),
                ("0-0-0".into(), NodeKind::Config, Some(NodeKind::Manifest)),
                ("1".into(), NodeKind::Manifest, None),
            ]
        );
        let p: NodePath = "0-0-0".parse().unwrap();
        assert_eq!(p.parent().map(|q| q.to_string()).as_deref(), Some("0-0"));
        assert_eq!(NodePath(vec![1]).parent(), None);
        assert_eq!(
            TreeNode::at(&tree, &p).map(|n| n.kind),
            Some(NodeKind::Config)
        );
        assert!(TreeNode::at(&tree, &"0-1".parse().unwrap()).is_none());
    }
}
