//! The in-toto predicate type table (`predicateType` of a statement, and the
//! `in-toto.io/predicate-type` annotation BuildKit puts on attestation layers).

use super::PredicateInfo;
use super::PredicateKind::*;

// in-toto predicate specs live under one folder; `concat!` keeps one copy of the root.
macro_rules! in_toto {
    ($f:literal) => {
        concat!(
            "https://github.com/in-toto/attestation/blob/main/spec/predicates/",
            $f
        )
    };
}

// The macro splits the table: the facts into `PREDICATES`, the explanations and spec links
// into `TEXTS` (same order).
macro_rules! table {
    ($( pr($uri:expr, $prefix:expr, $kind:ident, $short:expr, $en:expr, $ja:expr, $spec:expr $(,)?), )*) => {
        pub static PREDICATES: &[PredicateInfo] = &[$(
            PredicateInfo { uri: $uri, prefix: $prefix, kind: $kind, short: $short },
        )*];
        /// `(en, ja, spec link)` of each entry of [`PREDICATES`], in its order.
        pub static TEXTS: &[(&str, &str, &str)] = &[$( ($en, $ja, $spec), )*];
    };
}

table! {
    pr("https://slsa.dev/provenance/v0.1", false, Provenance, "SLSA provenance v0.1",
       "How the artifact was built, in the first SLSA provenance format.",
       "成果物がどうビルドされたか（最初の SLSA provenance 形式）。",
       "https://slsa.dev/provenance/v0.1"),
    pr("https://slsa.dev/provenance/v0.2", false, Provenance, "SLSA provenance v0.2",
       "How the artifact was built: builder, build config and materials. BuildKit's default before v1.",
       "成果物がどうビルドされたか（ビルダー、ビルド設定、材料）。v1 以前の BuildKit の既定です。",
       "https://slsa.dev/spec/v0.2/provenance"),
    pr("https://slsa.dev/provenance/v1", false, Provenance, "SLSA provenance v1",
       "How the artifact was built: build definition (inputs) and run details (builder, metadata).",
       "成果物がどうビルドされたか。ビルド定義（入力）と実行の詳細（ビルダー、メタデータ）を持ちます。",
       "https://slsa.dev/spec/v1.0/provenance"),
    pr("https://slsa.dev/verification_summary/v1", false, Verification, "SLSA VSA v1",
       "A verifier's summary that an artifact passed a policy check.",
       "検証者が、成果物がポリシー検査に合格したことをまとめたもの。",
       "https://slsa.dev/spec/v1.0/verification_summary"),
    pr("https://spdx.dev/Document", true, Sbom, "SPDX SBOM",
       "An SPDX software bill of materials: the packages and files inside.",
       "SPDX 形式のソフトウェア部品表。中に含まれるパッケージやファイルの一覧です。",
       "https://spdx.dev/use/specifications/"),
    pr("https://cyclonedx.org/bom", true, Sbom, "CycloneDX SBOM",
       "A CycloneDX software bill of materials.",
       "CycloneDX 形式のソフトウェア部品表。",
       "https://cyclonedx.org/specification/overview/"),
    pr("https://openvex.dev/ns", true, Vex, "OpenVEX",
       "VEX statements: whether known vulnerabilities actually affect the product.",
       "VEX 文書。既知の脆弱性が製品に実際に影響するかどうかを述べます。",
       "https://github.com/openvex/spec"),
    pr("https://in-toto.io/attestation/vulns", true, Vulnerabilities, "vulnerability scan",
       "Results of a vulnerability scan (scanner, database, findings).",
       "脆弱性スキャンの結果（スキャナー、データベース、検出結果）。",
       in_toto!("vulns_02.md")),
    pr("https://cosign.sigstore.dev/attestation/vuln/v1", false, Vulnerabilities, "cosign vulnerability scan",
       "cosign's vulnerability scan predicate (`cosign attest --type vuln`).",
       "cosign の脆弱性スキャン述語（`cosign attest --type vuln`）。",
       "https://github.com/sigstore/cosign/blob/main/specs/COSIGN_VULN_ATTESTATION_SPEC.md"),
    pr("https://cosign.sigstore.dev/attestation/v1", false, Other, "cosign custom",
       "cosign's generic predicate for custom data (`cosign attest --type custom`).",
       "任意のデータ用の cosign の汎用述語（`cosign attest --type custom`）。",
       "https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md"),
    pr("https://in-toto.io/attestation/link/v0.3", false, Evidence, "in-toto link",
       "Evidence of one supply-chain step: its command, materials and products.",
       "サプライチェーンの 1 ステップの記録（コマンド、材料、生成物）。",
       in_toto!("link.md")),
    pr("https://in-toto.io/Link/v1", false, Evidence, "in-toto link (old)",
       "An in-toto link (older URI), as cosign writes for `--type link`.",
       "in-toto の link（旧 URI）。cosign が `--type link` で書きます。",
       in_toto!("link.md")),
    pr("https://in-toto.io/attestation/test-result/v0.1", false, Evidence, "test result",
       "Results of a test run (passed, warned, failed).",
       "テスト実行の結果（成功、警告、失敗）。",
       in_toto!("test-result.md")),
    pr("https://in-toto.io/attestation/release", true, Other, "release",
       "Marks an artifact as part of a release (name, version).",
       "成果物がリリースの一部であること（名前、バージョン）を示します。",
       in_toto!("release.md")),
}
