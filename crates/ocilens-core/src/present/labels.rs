//! The one vocabulary: every label, badge, claim source, verdict, mismatch cause, format name
//! and short media-type name any front door shows is defined here (or, for media types, in the
//! `knowledge` table), once, in English and Japanese. The CLI's text, the JSON, the page's tree,
//! details and diagram all call these, so the same thing has the same words everywhere
//! (`tests/labels.rs` holds them to it). Japanese words follow `docs/glossary.md`.

use crate::explain::knowledge::{self, Family, PredicateKind, Role, Status};
use crate::findings::{Group, Severity};
use crate::{ClaimSource, Format, Lang, MismatchCause, NodeKind, TreeNode, Verdict, Verification};

use crate::explain::attestation;
use crate::explain::knowledge::names::layout_name;

impl NodeKind {
    /// What a tree node is, in a word or two.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            NodeKind::Reference => lang.pick("reference", "参照"),
            NodeKind::Index => lang.pick("index", "インデックス"),
            NodeKind::Manifest => lang.pick("manifest", "マニフェスト"),
            NodeKind::AttestationManifest => {
                lang.pick("attestation manifest", "アテステーションマニフェスト")
            }
            NodeKind::Referrer => lang.pick("referrer", "リファラー"),
            NodeKind::CosignTag => lang.pick("cosign tag", "cosign タグ"),
            NodeKind::Schema1 => lang.pick("schema1 manifest", "schema1 マニフェスト"),
            NodeKind::Config => lang.pick("config", "config"),
            NodeKind::Layer => lang.pick("layer", "レイヤー"),
            NodeKind::Attestation => lang.pick("attestation", "アテステーション"),
            NodeKind::Other => lang.pick("blob", "blob"),
        }
    }
}

impl TreeNode {
    /// Whether this node is a BuildKit attestation manifest (by kind, or by the marker on the
    /// descriptor that points at it).
    pub fn is_attestation(&self) -> bool {
        self.kind == NodeKind::AttestationManifest || attestation::marked(&self.annotations)
    }

    /// The node's label: its kind, as an attestation manifest when marked so.
    pub fn label(&self, lang: Lang) -> &'static str {
        if self.is_attestation() {
            NodeKind::AttestationManifest.label(lang)
        } else {
            self.kind.label(lang)
        }
    }

    /// Its verification badge; a reference (a name, not content) has none.
    pub fn badge(&self, lang: Lang) -> Option<&'static str> {
        (self.kind != NodeKind::Reference).then(|| self.verification.badge(lang))
    }

    /// The short name of its media type (see [`short_media_type`]).
    pub fn short_media_type(&self) -> Option<&str> {
        self.media_type.as_deref().map(short_media_type)
    }

    /// The word shown beside a node referenced by more than one manifest.
    pub fn shared_label(lang: Lang) -> &'static str {
        lang.pick("shared", "複数参照")
    }

    /// Its reference, or the name its OCI layout gives it ([`layout_name`]).
    pub fn ref_name(&self) -> Option<&str> {
        self.reference.as_deref().or_else(|| {
            layout_name(|key| {
                self.annotations
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
            })
        })
    }
}

impl Verification {
    /// The badge beside a node: a sign and a word or two.
    pub fn badge(self, lang: Lang) -> &'static str {
        match self {
            Verification::Verified => lang.pick("✓ verified", "✓ 検証済み"),
            Verification::Mismatch => lang.pick("✗ mismatch", "✗ 不一致"),
            Verification::CannotRecompute => lang.pick("≈ cannot recompute", "≈ 再計算不可"),
            Verification::Unclaimed => lang.pick("· unclaimed", "· 照合先なし"),
            Verification::NotProvided => lang.pick("○ not provided", "○ 未提供"),
            Verification::Hashing => lang.pick("… hashing", "… ハッシュ計算中"),
        }
    }
}

impl Verdict {
    /// The outcome of one claim, as the digest check says it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Match => lang.pick("✓ matches", "✓ 一致"),
            Verdict::Mismatch => lang.pick("✗ does not match", "✗ 不一致"),
            Verdict::CannotRecompute => lang.pick("≈ cannot be recomputed", "≈ 再計算不可"),
            Verdict::Pending => lang.pick("… being hashed", "… ハッシュ計算中"),
        }
    }
}

impl MismatchCause {
    /// Why the digest differs, in plain words.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            MismatchCause::TrailingNewline => lang.pick(
                "a newline was added at the end; without it the digest matches",
                "末尾に改行が追加されています。取り除けばダイジェストは一致します",
            ),
            MismatchCause::Crlf => lang.pick(
                "line ends were turned into CRLF; with LF the digest matches",
                "改行が CRLF に変わっています。LF に戻せばダイジェストは一致します",
            ),
            MismatchCause::CrlfAndTrailingNewline => lang.pick(
                "CRLF line ends and a trailing newline were added",
                "CRLF の改行と末尾の改行が追加されています",
            ),
            MismatchCause::Bom => lang.pick(
                "a byte order mark (BOM) was added",
                "バイトオーダーマーク（BOM）が追加されています",
            ),
            MismatchCause::Reformatted => lang.pick(
                "the same JSON with other formatting (re-indented, keys reordered or escapes changed): these are not the registry's bytes",
                "同じ JSON でも書式が違います（インデント、キー順、エスケープ）。レジストリのバイト列ではありません",
            ),
            MismatchCause::DifferentContent => lang.pick(
                "the content itself differs: another document, or an edit",
                "内容そのものが違います（別のドキュメントか、編集されたもの）",
            ),
        }
    }
}

impl ClaimSource {
    /// Who claims the digest, in words.
    pub fn describe(&self, lang: Lang) -> &'static str {
        match self {
            ClaimSource::ImagetoolsDigestLine => {
                lang.pick("the Digest: line of imagetools", "imagetools の Digest: 行")
            }
            ClaimSource::ImagetoolsName => {
                lang.pick("the Name: line of imagetools", "imagetools の Name: 行")
            }
            ClaimSource::Descriptor { .. } => lang.pick(
                "the descriptor pointing at it",
                "これを指すディスクリプター",
            ),
            ClaimSource::DockerContentDigest => lang.pick(
                "the registry's Docker-Content-Digest header",
                "レジストリの Docker-Content-Digest ヘッダー",
            ),
            ClaimSource::ManifestInspectDescriptor => lang.pick(
                "the Descriptor of docker manifest inspect -v",
                "docker manifest inspect -v の Descriptor",
            ),
            ClaimSource::LayoutFileName => lang.pick(
                "its blob file name in the OCI layout",
                "OCI レイアウト内の blob のファイル名",
            ),
            ClaimSource::FileName => lang.pick("its file name", "ファイル名"),
            ClaimSource::ToolField { .. } => lang.pick(
                "the digest field the tool printed",
                "ツールが表示したダイジェスト欄",
            ),
            ClaimSource::Reference => lang.pick("the reference you pasted", "貼り付けた参照"),
            ClaimSource::RequestedDigest => {
                lang.pick("the digest it was fetched by", "取得に使ったダイジェスト")
            }
        }
    }

    /// The exact place the claim was read from, when there is more to say than
    /// [`describe`](Self::describe): `document 0 $.manifests[1]`, `Digest:`, the file name
    /// (`input`, the name of the input the claimed document came from).
    pub fn detail(&self, input: Option<&str>) -> Option<String> {
        match self {
            ClaimSource::Descriptor { document, path } => {
                Some(format!("document {document} {path}"))
            }
            ClaimSource::ToolField { field } => Some(field.clone()),
            ClaimSource::DockerContentDigest => Some("Docker-Content-Digest".into()),
            ClaimSource::ImagetoolsDigestLine => Some("Digest:".into()),
            ClaimSource::ImagetoolsName => Some("Name:".into()),
            ClaimSource::ManifestInspectDescriptor => Some("Descriptor".into()),
            // The file name is the claim: name the file.
            ClaimSource::LayoutFileName | ClaimSource::FileName | ClaimSource::RequestedDigest => {
                input.map(str::to_string)
            }
            ClaimSource::Reference => None,
        }
    }
}

impl Format {
    /// What a tool printed, as a user would name it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Format::RawJson => lang.pick(
                "raw JSON (registry bytes)",
                "生の JSON（レジストリのバイト列）",
            ),
            Format::ImagetoolsText => lang.pick(
                "docker buildx imagetools inspect (text)",
                "docker buildx imagetools inspect（テキスト）",
            ),
            Format::ImagetoolsJson => "imagetools inspect --format '{{json …}}'",
            Format::ManifestInspect => "docker manifest inspect",
            Format::ManifestInspectVerbose => "docker manifest inspect -v",
            Format::SkopeoInspect => "skopeo inspect",
            Format::OrasJson => "oras manifest fetch",
            Format::DockerInspect => "docker inspect",
            Format::CurlResponse => lang.pick("curl -i response", "curl -i のレスポンス"),
            Format::OciLayout => lang.pick("OCI image layout", "OCI イメージレイアウト"),
            Format::RegistryFetch => lang.pick("fetched from a registry", "レジストリから取得"),
            Format::DockerPull => lang.pick("`docker pull` output", "`docker pull` の出力"),
            Format::DockerHistory => {
                lang.pick("`docker history` output", "`docker history` の出力")
            }
            Format::DockerImages => lang.pick("`docker images` output", "`docker images` の出力"),
            Format::Archive => lang.pick("archive (tar)", "アーカイブ（tar）"),
            Format::DockerSave => lang.pick(
                "`docker save` archive files",
                "`docker save` アーカイブのファイル",
            ),
            Format::Unknown => lang.pick("not recognised", "認識できない形式"),
        }
    }
}

impl Severity {
    /// The heading of a group of findings of this severity.
    pub fn group_label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("Errors", "エラー"),
            Severity::Warning => lang.pick("Warnings", "警告"),
            Severity::Info => lang.pick("Good to know", "参考情報"),
        }
    }
}

impl Family {
    /// Who defines a media type.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Family::Oci => "OCI",
            Family::Docker => "Docker",
            Family::Vendor => lang.pick("vendor", "ベンダー"),
        }
    }
}

impl Role {
    /// What a blob of a media type is for.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Index => lang.pick("index", "インデックス"),
            Role::ImageManifest => lang.pick("image manifest", "イメージマニフェスト"),
            Role::ArtifactManifest => {
                lang.pick("artifact manifest", "アーティファクトマニフェスト")
            }
            Role::Config => lang.pick("image config", "イメージの config"),
            Role::ArtifactConfig => lang.pick("artifact config", "アーティファクトの config"),
            Role::Layer => lang.pick("layer", "レイヤー"),
            Role::Empty => lang.pick("empty descriptor", "空のディスクリプター"),
            Role::Attestation => lang.pick("attestation", "アテステーション"),
            Role::Signature => lang.pick("signature", "署名"),
            Role::Sbom => "SBOM",
            Role::Provenance => lang.pick("provenance", "来歴"),
            Role::ArtifactLayer => lang.pick("artifact content", "アーティファクトの内容"),
            Role::Schema1Manifest => lang.pick("schema1 manifest", "schema1 マニフェスト"),
            Role::Descriptor => lang.pick("descriptor", "ディスクリプター"),
            Role::LayoutHeader => lang.pick("OCI layout marker", "OCI レイアウトの目印"),
            Role::Other => lang.pick("other", "その他"),
        }
    }
}

impl Status {
    /// Whether a media type is still the one to use.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Current => lang.pick("current", "現行"),
            Status::Deprecated => lang.pick("deprecated", "非推奨"),
            Status::Legacy => lang.pick("legacy", "旧形式"),
            Status::Withdrawn => lang.pick("withdrawn", "撤回済み"),
        }
    }
}

impl PredicateKind {
    /// What kind of claim an in-toto predicate makes.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PredicateKind::Provenance => lang.pick("provenance", "来歴"),
            PredicateKind::Sbom => "SBOM",
            PredicateKind::Vulnerabilities => lang.pick("vulnerabilities", "脆弱性"),
            PredicateKind::Vex => "VEX",
            PredicateKind::Verification => lang.pick("verification summary", "検証の要約"),
            PredicateKind::Evidence => lang.pick("evidence", "証跡"),
            PredicateKind::Other => lang.pick("other", "その他"),
        }
    }
}

impl Group {
    /// The part of the pipeline a finding code belongs to.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Input => lang.pick("input", "入力"),
            Group::Detect => lang.pick("detection", "判別"),
            Group::Digest => lang.pick("digests", "ダイジェスト"),
            Group::Checks => lang.pick("content checks", "内容の検査"),
            Group::Tree => lang.pick("tree", "ツリー"),
            Group::Layout => lang.pick("OCI layouts", "OCI レイアウト"),
            Group::Diagnoses => lang.pick("diagnoses", "診断"),
            Group::Fetch => lang.pick("fetch", "取得"),
            Group::Artifacts => lang.pick("artifacts", "アーティファクト"),
            Group::PullLogs => lang.pick("pull logs and errors", "プルのログとエラー"),
            Group::Archives => lang.pick("archives", "アーカイブ"),
            Group::SupplyChain => lang.pick("supply chain", "サプライチェーン"),
        }
    }
}

impl Severity {
    /// One finding's severity, in a word.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("error", "エラー"),
            Severity::Warning => lang.pick("warning", "警告"),
            Severity::Info => lang.pick("good to know", "参考情報"),
        }
    }
}

/// `text` padded with spaces to `width` terminal columns (a CJK character takes two), for the
/// CLI's aligned columns.
pub fn pad(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The short name of a media type (`OCI index`, `Docker manifest list`, `layer tar+gzip`), from
/// the knowledge table; a type it does not know is shown as written.
pub fn short_media_type(mt: &str) -> &str {
    knowledge::lookup(mt).map_or(mt, |m| m.short)
}

/// `472 B`, `1.6 kB`, `1.2 MB` (SI units, as registries and `docker images` print them).
/// Integer arithmetic, rounded half up to one decimal: no float formatting in the wasm bundle.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    // Tenths of the unit, as u128 so nothing overflows.
    let mut div: u128 = 1000;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && (n as u128 * 10 + div / 2) / div >= 9_995 {
        div *= 1000;
        unit += 1;
    }
    let tenths = (n as u128 * 10 + div / 2) / div;
    let tenths = tenths as u64; // at most u64::MAX / 100
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// `sha256:` and the first 12 hex digits: enough to tell blobs apart, short enough to read.
pub fn short_digest(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, hex)) => format!("{alg}:{}", hex.chars().take(12).collect::<String>()),
        None => d.chars().take(19).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_human_and_digests_short() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1607), "1.6 kB");
        assert_eq!(human_size(1_234_567), "1.2 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(u64::MAX), "18446744.1 TB");
        assert_eq!(
            short_digest("sha256:0123456789abcdef"),
            "sha256:0123456789ab"
        );
    }

    #[test]
    fn short_media_types_come_from_the_knowledge_table() {
        assert_eq!(short_media_type("text/plain"), "text/plain");
        assert_eq!(
            short_media_type("application/vnd.oci.image.layer.v1.tar+zstd"),
            "layer tar+zstd"
        );
        assert_eq!(
            short_media_type("application/vnd.docker.distribution.manifest.list.v2+json"),
            "Docker manifest list"
        );
        // Parameters do not hide a known type.
        assert_eq!(
            short_media_type("application/vnd.oci.image.index.v1+json; charset=utf-8"),
            "OCI index"
        );
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        use NodeKind::*;
        for k in [
            Reference,
            Index,
            Manifest,
            AttestationManifest,
            Referrer,
            CosignTag,
            Schema1,
            Config,
            Layer,
            Attestation,
            Other,
        ] {
            assert!(!k.label(Lang::En).is_empty() && !k.label(Lang::Ja).is_empty());
        }
        for v in [
            Verification::Verified,
            Verification::Mismatch,
            Verification::CannotRecompute,
            Verification::Unclaimed,
            Verification::NotProvided,
            Verification::Hashing,
        ] {
            assert_ne!(v.badge(Lang::En), v.badge(Lang::Ja));
        }
    }
}
