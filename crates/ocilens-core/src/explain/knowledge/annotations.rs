//! The annotation table: OCI pre-defined keys and the keys tools write that users meet.
//! Entries with `prefix: true` cover every key starting with `key`.

use super::AnnotationInfo;

const OCI: &str = "https://github.com/opencontainers/image-spec/blob/main/annotations.md";
const ARTIFACT: &str = "https://github.com/opencontainers/image-spec/blob/v1.1.0-rc2/artifact.md";
const BUILDKIT: &str =
    "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md";
const BASHBREW: &str = "https://github.com/docker-library/bashbrew";
const COSIGN: &str = "https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md";
const NOTATION: &str =
    "https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md";

// `a` for an exact key, `p` for a prefix. The macro splits the table: the keys into
// `ANNOTATIONS`, the explanations and spec links into `TEXTS` (same order).
macro_rules! table {
    ($( $f:ident($key:expr, $en:expr, $ja:expr, $spec:expr $(,)?), )*) => {
        pub static ANNOTATIONS: &[AnnotationInfo] = &[$(
            AnnotationInfo { key: $key, prefix: prefix!($f) },
        )*];
        /// `(en, ja, spec link)` of each entry of [`ANNOTATIONS`], in its order.
        pub static TEXTS: &[(&str, &str, &str)] = &[$( ($en, $ja, $spec), )*];
    };
}
macro_rules! prefix {
    (a) => {
        false
    };
    (p) => {
        true
    };
}

table! {
    a("org.opencontainers.image.created", "When the image was built (RFC 3339 date-time).", "イメージのビルド日時（RFC 3339）。", OCI),
    a("org.opencontainers.image.authors", "Who is responsible for the image (free text).", "イメージの責任者の連絡先（自由記述）。", OCI),
    a("org.opencontainers.image.url", "Where to find more about the image.", "イメージの詳しい情報がある URL。", OCI),
    a("org.opencontainers.image.documentation", "Where the image's documentation is.", "イメージの資料（ドキュメンテーション）の URL。", OCI),
    a("org.opencontainers.image.source", "Where the source the image was built from is (often a Git URL).", "イメージのビルド元ソースの URL（多くは Git リポジトリ）。", OCI),
    a("org.opencontainers.image.version", "Version of the packaged software.", "同梱されたソフトウェアのバージョン。", OCI),
    a("org.opencontainers.image.revision", "Source revision the image was built from (e.g. a Git commit).", "ビルド元ソースのリビジョン（Git のコミットなど）。", OCI),
    a("org.opencontainers.image.vendor", "Who distributes the image.", "イメージの配布元。", OCI),
    a("org.opencontainers.image.licenses", "Licenses of the contents, as an SPDX expression.", "中身のライセンス（SPDX 式）。", OCI),
    a("org.opencontainers.image.ref.name", "A reference name, e.g. the tag of a manifest in an OCI image layout's index.json.", "参照名。OCI イメージレイアウトの index.json ではタグを表します。", OCI),
    a("org.opencontainers.image.title", "Human-readable title; for a file layer (ORAS), the file name.", "人が読むためのタイトル。ファイルのレイヤー（ORAS）ではファイル名です。", OCI),
    a("org.opencontainers.image.description", "Human-readable description of the contents.", "中身の説明文。", OCI),
    a("org.opencontainers.image.base.digest", "Digest of the base image this image was built on.", "このイメージのベースイメージのダイジェスト。", OCI),
    a("org.opencontainers.image.base.name", "Reference of the base image (e.g. `docker.io/library/alpine:3.20`).", "ベースイメージの参照（例: `docker.io/library/alpine:3.20`）。", OCI),
    p("org.opencontainers.image.", "A key reserved for the OCI image spec that it does not define (yet).", "OCI イメージ仕様の予約キーですが、定義されていません。", OCI),
    a("org.opencontainers.artifact.created", "Creation time, from the withdrawn OCI artifact manifest.", "作成日時。撤回された OCI アーティファクトマニフェストのキーです。", ARTIFACT),
    a("org.opencontainers.artifact.description", "Description, from the withdrawn OCI artifact manifest.", "説明。撤回された OCI アーティファクトマニフェストのキーです。", ARTIFACT),
    p("org.opencontainers.", "A key reserved for OCI specifications.", "OCI 仕様のための予約キー。", OCI),
    a("vnd.docker.reference.type", "BuildKit: `attestation-manifest` marks an attestation manifest in an index.", "BuildKit: `attestation-manifest` はインデックス内のアテステーション用マニフェストを示します。", BUILDKIT),
    a("vnd.docker.reference.digest", "BuildKit: the digest of the image manifest this attestation is about.", "BuildKit: このアテステーションが対象とするイメージマニフェストのダイジェスト。", BUILDKIT),
    a("com.docker.reference.digest", "Older spelling of `vnd.docker.reference.digest`, still read by buildx.", "`vnd.docker.reference.digest` の旧表記で、buildx は今も読みます。", BUILDKIT),
    a("in-toto.io/predicate-type", "The predicate type of the in-toto statement in this layer (provenance, SBOM...).", "このレイヤーの in-toto ステートメントの述語タイプ（provenance、SBOM など）。", BUILDKIT),
    a("predicateType", "cosign: the predicate type of the attestation in this `.att` layer.", "cosign: この `.att` レイヤーのアテステーションの述語タイプ。", COSIGN),
    a("com.docker.official-images.bashbrew.arch", "Docker Official Images: the build architecture (bashbrew name, e.g. `arm64v8`).", "Docker 公式イメージ: ビルドしたアーキテクチャ（bashbrew の名前、例: `arm64v8`）。", BASHBREW),
    p("com.docker.official-images.", "Docker Official Images build metadata.", "Docker 公式イメージのビルド情報。", BASHBREW),
    a("io.containerd.image.name", "containerd / `docker save`: the full image name this entry was saved as.", "containerd / `docker save`: 保存時のイメージの完全な名前。", "https://github.com/containerd/containerd/blob/main/core/images/annotations.go"),
    a("dev.cosignproject.cosign/signature", "cosign: the base64 signature over this layer's payload.", "cosign: このレイヤーのペイロードに対する base64 の署名。", COSIGN),
    a("dev.sigstore.cosign/bundle", "cosign: the Rekor transparency-log entry for the signature.", "cosign: 署名の Rekor 透明性ログのエントリー。", COSIGN),
    a("dev.sigstore.cosign/certificate", "cosign: the PEM signing certificate (keyless signing).", "cosign: 署名に使った PEM 証明書（キーレス署名）。", COSIGN),
    a("dev.sigstore.cosign/chain", "cosign: the certificate chain up to the root.", "cosign: ルートまでの証明書チェーン。", COSIGN),
    p("dev.sigstore.cosign/", "cosign signature metadata.", "cosign の署名のメタデータ。", COSIGN),
    a("io.cncf.notary.x509chain.thumbprint#S256", "Notation: SHA-256 thumbprints of the signing certificate chain.", "Notation: 署名証明書チェーンの SHA-256 サムプリント。", NOTATION),
    p("io.cncf.notary.", "Notary Project signature metadata.", "Notary Project の署名のメタデータ。", NOTATION),
    p("io.deis.oras.content.", "ORAS: how to restore a pushed directory (`digest`, `unpack`).", "ORAS: プッシュしたディレクトリの復元情報（`digest`、`unpack`）。", "https://oras.land/docs/"),
    a("sh.brew.bottle.digest", "Homebrew: sha256 of the bottle tarball, which is the layer of this manifest.", "Homebrew: bottle の tar アーカイブ（このマニフェストのレイヤー）の sha256。", "https://github.com/Homebrew/brew"),
    a("sh.brew.tab", "Homebrew: the bottle's build record as JSON (runtime dependencies, compiler...).", "Homebrew: bottle のビルド記録の JSON（実行時の依存、コンパイラなど）。", "https://github.com/Homebrew/brew"),
    p("sh.brew.", "Homebrew bottle metadata (bottles on ghcr.io are OCI gzip layers).", "Homebrew の bottle のメタデータ（ghcr.io の bottle は OCI の gzip レイヤーです）。", "https://github.com/Homebrew/brew"),
    a("module.wasm.image/variant", "`compat`/`compat-smart`: tells crun or youki to run the image as Wasm.", "`compat`/`compat-smart` で crun や youki に Wasm として実行させます。", "https://github.com/containers/crun/blob/main/docs/wasm-wasi-example.md"),
    a("org.cncf.model.filepath", "ModelPack: where this file goes inside the model directory.", "ModelPack: モデルのディレクトリ内でのこのファイルのパス。", "https://github.com/modelpack/model-spec"),
}
