//! The catalogue of finding codes, like a linter's rule registry: every code ocilens can report,
//! listed once, with its group, the severities it is reported with (the first is the usual one)
//! and what it means, in English and Japanese. A check names a [`Code`] and where; the finding's
//! message says what it saw there. `docs/findings.md` is generated from this table (a test keeps
//! it in step) and `ocilens explain CODE` prints an entry.
//!
//! A code is stable: never renamed, never reused for another meaning.

use crate::findings::Severity;
use crate::text::Text;

/// The part of the pipeline that reports a code (the sections of `docs/findings.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Input,
    Detect,
    Digest,
    Checks,
    Tree,
    Layout,
    Diagnoses,
    Fetch,
    Artifacts,
    PullLogs,
    Archives,
    SupplyChain,
}

impl Group {
    pub fn id(self) -> &'static str {
        match self {
            Group::Input => "input",
            Group::Detect => "detect",
            Group::Digest => "digest",
            Group::Checks => "checks",
            Group::Tree => "tree",
            Group::Layout => "layout",
            Group::Diagnoses => "diagnoses",
            Group::Fetch => "fetch",
            Group::Artifacts => "artifacts",
            Group::PullLogs => "pull-logs",
            Group::Archives => "archives",
            Group::SupplyChain => "supply-chain",
        }
    }
}

macro_rules! catalogue {
    ($( $variant:ident = $id:literal, $group:ident, [$($sev:ident),+], $en:literal, $ja:literal; )*) => {
        /// A finding code. Its kebab-case [`id`](Code::id) is part of the JSON contract.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $( $variant, )*
        }

        impl Code {
            /// Every code, in the catalogue's order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case identifier (`digest-mismatch`).
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            pub fn group(self) -> Group {
                match self { $( Code::$variant => Group::$group, )* }
            }

            /// The severities it is reported with; the first is the usual one.
            pub fn severities(self) -> &'static [Severity] {
                match self { $( Code::$variant => &[ $( Severity::$sev, )+ ], )* }
            }

            /// What the code means, whatever the finding's details.
            pub fn meaning(self) -> Text {
                match self { $( Code::$variant => Text::new($en, $ja), )* }
            }
        }
    };
}

impl Code {
    /// The usual severity.
    pub fn severity(self) -> Severity {
        self.severities()[0]
    }

    /// The code with this identifier.
    pub fn parse(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }
}

/// A code equals its identifier (`code == "digest-mismatch"`), for tests and front doors.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.id()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[rustfmt::skip]
catalogue! {
    // --- input: splitting what was pasted ---
    JsonSyntax = "json-syntax", Input, [Error],
        "A JSON value is broken (truncated, a trailing comma, a bad escape); the location gives line and column.",
        "JSON の値が壊れています（途中で切れている、末尾のカンマ、不正なエスケープなど）。位置に行と列を示します。";
    InvalidUtf8 = "invalid-utf8", Input, [Warning],
        "The input is not valid UTF-8 where text or JSON was expected; the readable part is analysed.",
        "テキストや JSON のはずの入力が正しい UTF-8 ではありません。読める部分を解析します。";
    EmptyInput = "empty-input", Input, [Info],
        "The input is empty or only whitespace.",
        "入力が空か、空白だけです。";
    NotRecognised = "not-recognised", Input, [Warning],
        "Nothing in the input was recognised as a document or a tool's output; it is kept and shown.",
        "入力のどこにも、ドキュメントやツールの出力として認識できるものがありません。入力は捨てずに表示します。";
    ImagetoolsTextLine = "imagetools-text-line", Input, [Warning],
        "A line of `docker buildx imagetools inspect` text could not be read.",
        "`docker buildx imagetools inspect` のテキストに読めない行があります。";
    RegistryError = "registry-error", Input, [Error],
        "A registry answered with a distribution error (`MANIFEST_UNKNOWN`, `NAME_UNKNOWN`, `DENIED`, `TOOMANYREQUESTS`...), not a document.",
        "レジストリがドキュメントではなく distribution のエラー（`MANIFEST_UNKNOWN`、`NAME_UNKNOWN`、`DENIED`、`TOOMANYREQUESTS` など）を返しました。";
    HttpStatus = "http-status", Input, [Warning, Error],
        "A registry's answer has a non-2xx status and no distribution error body (an error for 5xx).",
        "レジストリの応答が 2xx 以外で、distribution のエラー本文がありません（5xx はエラー）。";
    // --- detect: what each JSON value is ---
    UnknownJson = "unknown-json", Detect, [Info],
        "JSON that is none of the known documents or tool outputs; it is kept as plain JSON.",
        "既知のドキュメントやツールの出力のどれでもない JSON です。ただの JSON として残します。";
    SchemaType = "schema-type", Detect, [Error],
        "A field has the wrong JSON type (such as `size` as a string): registries and runtimes read documents into typed fields and refuse it (distribution, containerd, oci-spec). ocilens still reads the rest.",
        "フィールドの JSON の型が違います（`size` が文字列など）。レジストリやランタイムはドキュメントを型付きのフィールドとして読むため、これを受け付けません（distribution、containerd、oci-spec）。ocilens は残りを読み続けます。";
    RawNotBase64 = "raw-not-base64", Detect, [Warning],
        "The `Raw` of `docker manifest inspect -v` is not valid base64: the exact bytes cannot be recovered.",
        "`docker manifest inspect -v` の `Raw` が正しい base64 ではなく、元のバイト列を復元できません。";
    // --- digest: recomputed over the exact bytes ---
    DigestMismatch = "digest-mismatch", Digest, [Error],
        "The digest recomputed over the bytes differs from a claimed one; the claim's `cause` says why when it can be seen.",
        "バイト列から再計算したダイジェストが、示されたダイジェストと違います。理由が分かるときは、その照合の `cause` が示します。";
    DiffIdMismatch = "diff-id-mismatch", Digest, [Error],
        "A layer's uncompressed content has another digest than its config's `rootfs.diff_ids` entry at its place: the layer is not the one the config was built with.",
        "レイヤーを展開した内容のダイジェストが、config の `rootfs.diff_ids` の同じ位置の値と違います。このレイヤーは config が作られたときのものではありません。";
    SizeMismatch = "size-mismatch", Digest, [Error],
        "The byte length differs from a claimed `size`.",
        "バイト数が、示された `size` と違います。";
    MalformedDigest = "malformed-digest", Digest, [Error],
        "A digest does not follow `algorithm:encoded` (sha256: 64 lowercase hex characters); registries reject it.",
        "ダイジェストが `algorithm:encoded` の形式ではありません（sha256 は小文字 16 進 64 文字）。レジストリは受け付けません。";
    UnsupportedDigestAlgorithm = "unsupported-digest-algorithm", Digest, [Warning],
        "A digest uses an algorithm ocilens does not compute (sha256 and sha512 only): it cannot be checked.",
        "ocilens が計算しないアルゴリズムのダイジェストです（対応は sha256 と sha512 のみ）。検証できません。";
    DataMismatch = "data-mismatch", Digest, [Error],
        "A descriptor's base64 `data` does not hash to its digest (or does not have its size).",
        "ディスクリプターの base64 の `data` が、そのダイジェスト（またはサイズ）と一致しません。";
    DigestNotRecomputable = "digest-not-recomputable", Digest, [Info],
        "A tool re-serialised the document: its digest cannot be recomputed from these bytes.",
        "ツールがドキュメントを書き直しているため、このバイト列からダイジェストを再計算できません。";
    LooksReindented = "looks-reindented", Digest, [Info],
        "A file that is one manifest indented with tabs, as `docker manifest inspect` prints: a file is taken as its bytes and its digest computed, but if it was saved from that command, it is not the registry's.",
        "タブでインデントされた 1 つのマニフェストだけのファイルです（`docker manifest inspect` の出力と同じ形）。ファイルはそのバイト列として扱いダイジェストを計算しますが、このコマンドの出力を保存したものなら、レジストリのバイト列ではありません。";
    TrailingWhitespace = "trailing-whitespace", Digest, [Info],
        "The document's bytes end with whitespace the registry's original probably lacks.",
        "ドキュメントのバイト列の末尾に、レジストリの元のバイト列にはおそらくない空白があります。";
    // --- checks: what registries and runtimes enforce ---
    MissingMediaType = "missing-media-type", Checks, [Warning, Error, Info],
        "A `mediaType` is missing: an error on a descriptor, a warning on an index, good to know on a manifest.",
        "`mediaType` がありません。ディスクリプターではエラー、インデックスでは警告、マニフェストでは参考情報です。";
    UnknownMediaType = "unknown-media-type", Checks, [Info, Warning],
        "A media type no spec defines, or one that is not a manifest or index type where one is expected.",
        "どの仕様にもないメディアタイプか、マニフェストやインデックスの型であるべき場所にそれ以外の型があります。";
    MediaTypeMismatch = "media-type-mismatch", Checks, [Error, Warning],
        "A media type contradicts the content, or a descriptor's type differs from the document it points at.",
        "メディアタイプが内容と食い違うか、ディスクリプターの型が指す先のドキュメントと違います。";
    DescriptorIncomplete = "descriptor-incomplete", Checks, [Error],
        "A descriptor lacks its `digest` or `size` (or its platform its `os` or `architecture`): nothing can fetch, verify or choose what it points at, and registries and runtimes refuse the document.",
        "ディスクリプターに `digest` か `size`（プラットフォームなら `os` か `architecture`）がありません。参照先を取得・検証・選択できず、レジストリやランタイムはドキュメントを受け付けません。";
    MediaTypeMalformed = "media-type-malformed", Checks, [Error, Warning],
        "A `mediaType` or `artifactType` that is empty or breaks RFC 6838's `type/subtype` grammar, as the image-spec's schema checks it (a warning when only its `; parameters` break it).",
        "`mediaType` か `artifactType` が空か、イメージ仕様のスキーマが検査する RFC 6838 の `type/subtype` の文法に反しています（`; パラメーター` だけが原因なら警告）。";
    DataNotBase64 = "data-not-base64", Checks, [Error],
        "A descriptor's `data` is not standard padded base64: Go's JSON decoder (containerd, distribution, the image-spec's validator) refuses the document.",
        "ディスクリプターの `data` が標準の（パディング付き）base64 ではありません。Go の JSON デコーダー（containerd、distribution、イメージ仕様の検証ツール）はドキュメントを受け付けません。";
    UrlMalformed = "url-malformed", Checks, [Error],
        "An entry of a descriptor's `urls` is not an absolute URI (RFC 3986): nothing can download from it.",
        "ディスクリプターの `urls` のエントリーが絶対 URI（RFC 3986）ではなく、そこからは何もダウンロードできません。";
    ImageNoLayers = "image-no-layers", Checks, [Warning, Info],
        "An image manifest with an empty `layers`: allowed, but the image's filesystem is empty, and the image-spec says `layers` SHOULD have at least one entry (good to know on a Docker manifest).",
        "`layers` が空のイメージマニフェストです。許されてはいますが、イメージのファイルシステムは空で、イメージ仕様は `layers` に 1 つ以上のエントリーを置くべき（SHOULD）としています（Docker のマニフェストでは参考情報）。";
    EnvMalformed = "env-malformed", Checks, [Warning],
        "A config's `Env` entry is not `NAME=value`: the image-spec's validator refuses it, and the container gets no such variable.",
        "config の `Env` のエントリーが `NAME=value` の形ではありません。イメージ仕様の検証ツールは受け付けず、コンテナーにはその変数が設定されません。";
    Schema1SignatureUnreadable = "schema1-signature-unreadable", Checks, [Error],
        "A schema1 manifest has `signatures` that are not a readable JWS: its registry digest (over the JWS payload) cannot be computed.",
        "schema1 マニフェストの `signatures` が読める JWS ではなく、レジストリでのダイジェスト（JWS ペイロードに対するもの）を計算できません。";
    DockerListWithOci = "docker-list-with-oci", Checks, [Warning],
        "A Docker manifest list holds OCI entries.",
        "Docker のマニフェストリストに OCI のエントリーがあります。";
    OciIndexWithDocker = "oci-index-with-docker", Checks, [Warning],
        "An OCI index holds Docker manifests or lists.",
        "OCI のインデックスに Docker のマニフェストやリストがあります。";
    DuplicateKey = "duplicate-key", Checks, [Warning],
        "A JSON object repeats a key: parsers disagree on which one wins.",
        "JSON のオブジェクトで同じキーが繰り返されています。どちらが有効かはパーサーによって違います。";
    Schema1Legacy = "schema1-legacy", Checks, [Warning],
        "A Docker schema1 manifest: deprecated, refused by current Docker and registries.",
        "Docker の schema1 マニフェストです。非推奨で、現在の Docker やレジストリは受け付けません。";
    // --- tree ---
    ReferenceCycle = "reference-cycle", Tree, [Warning],
        "Documents point at each other in a cycle; the tree stops there.",
        "ドキュメントが互いを指して循環しています。ツリーはそこで止めます。";
    DepthLimit = "depth-limit", Tree, [Warning],
        "The tree is too deep or too large; ocilens stops expanding it.",
        "ツリーが深すぎるか大きすぎるため、ocilens はそれ以上展開しません。";
    // --- layout: OCI image layouts ---
    LayoutMissingBlob = "layout-missing-blob", Layout, [Warning, Info],
        "A descriptor in the layout points at a blob that is not in `blobs/`: a warning for manifests and configs, good to know for layers (often left out on purpose) and subjects.",
        "レイアウト内のディスクリプターが、`blobs/` にない blob を指しています。マニフェストや config なら警告、レイヤー（意図して省くことが多い）や subject なら参考情報です。";
    LayoutNoMarker = "layout-no-marker", Layout, [Warning],
        "The layout's `oci-layout` file is missing, unreadable or not version `1.0.0`.",
        "レイアウトの `oci-layout` ファイルがないか、読めないか、バージョンが `1.0.0` ではありません。";
    LayoutStrayFile = "layout-stray-file", Layout, [Info],
        "A file under `blobs/` is not named `<algorithm>/<encoded>`; it is not read.",
        "`blobs/` の下に `<algorithm>/<encoded>` という名前ではないファイルがあります。読み込みません。";
    // --- diagnoses: the questions users bring ---
    SinglePlatformImage = "single-platform-image", Diagnoses, [Info],
        "A single image manifest, not an index (why imagetools shows no `Manifests:`).",
        "インデックスではなく、単一のイメージマニフェストです（imagetools に `Manifests:` が出ない理由）。";
    EntryWithoutPlatform = "entry-without-platform", Diagnoses, [Warning],
        "An index entry has no platform.",
        "インデックスのエントリーにプラットフォームがありません。";
    DuplicatePlatform = "duplicate-platform", Diagnoses, [Warning],
        "Several index entries for the same platform; only the first is pulled.",
        "同じプラットフォームのエントリーが複数あります。プルされるのは最初の 1 つだけです。";
    IndexDigestVsPlatformDigest = "index-digest-vs-platform-digest", Diagnoses, [Info],
        "The index digest and the per-platform digests are different things (`docker pull` against Docker Hub's tag page).",
        "インデックスのダイジェストとプラットフォームごとのダイジェストは別物です（`docker pull` と Docker Hub のタグページの違い）。";
    AttestationManifests = "attestation-manifests", Diagnoses, [Info],
        "BuildKit attestation manifests (`unknown/unknown`) in the index.",
        "インデックスに BuildKit のアテステーションマニフェスト（`unknown/unknown`）があります。";
    AttestationSubjectMismatch = "attestation-subject-mismatch", Diagnoses, [Info],
        "An in-toto statement's `subject` does not name the image it is attached to (or is empty).",
        "in-toto ステートメントの `subject` が、付いているイメージを示していません（または空です）。";
    CreatedNotSet = "created-not-set", Diagnoses, [Info],
        "The config's `created` is unset or the Unix epoch (the image \"created 56 years ago\").",
        "config の `created` が未設定か Unix エポックです（「56 年前に作成」と表示されるイメージ）。";
    PlatformConfigMismatch = "platform-config-mismatch", Diagnoses, [Error],
        "The index's platform for an image differs from its config's (`exec format error` at run).",
        "インデックスが示すイメージのプラットフォームが、その config のものと違います（実行時の `exec format error`）。";
    ForeignLayer = "foreign-layer", Diagnoses, [Info],
        "A foreign (non-distributable) layer, fetched from its `urls`.",
        "外部（non-distributable）レイヤーです。`urls` から取得します。";
    EncryptedLayer = "encrypted-layer", Diagnoses, [Warning],
        "An ocicrypt-encrypted layer: only runtimes with the key can unpack it.",
        "ocicrypt で暗号化されたレイヤーです。鍵を持つランタイムだけが展開できます。";
    ZstdLayer = "zstd-layer", Diagnoses, [Info],
        "A zstd-compressed layer: it needs a recent runtime.",
        "zstd 圧縮のレイヤーです。比較的新しいランタイムが必要です。";
    PlatformNotAvailable = "platform-not-available", Diagnoses, [Error],
        "No entry of the index serves the platform asked for (`--platform`, the page's simulator).",
        "指定したプラットフォーム（`--platform`、ページのシミュレーター）に合うエントリーがインデックスにありません。";
    PlatformCannotRun = "platform-cannot-run", Diagnoses, [Error],
        "A single image whose config names a platform the host cannot run.",
        "単一イメージの config が、ホストでは実行できないプラットフォームを示しています。";
    // --- fetch: `ocilens fetch`, the page's fetch ---
    FetchUnauthorized = "fetch-unauthorized", Fetch, [Error],
        "The registry needs credentials, or refused the ones given.",
        "レジストリが認証情報を求めているか、与えた認証情報を拒否しました。";
    FetchToken = "fetch-token", Fetch, [Error],
        "The token service named by `WWW-Authenticate` gave no token.",
        "`WWW-Authenticate` が示すトークンサービスからトークンを得られませんでした。";
    FetchFailed = "fetch-failed", Fetch, [Error],
        "No answer: connection refused, DNS, TLS.",
        "応答がありません（接続拒否、DNS、TLS）。";
    FetchTimeout = "fetch-timeout", Fetch, [Error],
        "No answer in time (30 s by default).",
        "時間内に応答がありません（既定は 30 秒）。";
    FetchCors = "fetch-cors", Fetch, [Error],
        "The browser did not let the page read the registry (no CORS headers, as on Docker Hub); it says what to run and paste instead.",
        "ブラウザーがページにレジストリを読ませませんでした（Docker Hub のように CORS ヘッダーがない）。代わりに実行して貼り付けるコマンドを示します。";
    FetchTooLarge = "fetch-too-large", Fetch, [Warning],
        "A body over the cap (manifests 4 MiB, other blobs 8 MiB) was refused; it shows as not provided.",
        "上限（マニフェスト 4 MiB、その他の blob 8 MiB）を超える本文は受け取らず、未提供として表示します。";
    FetchLimit = "fetch-limit", Fetch, [Warning],
        "The request cap (500) was reached; the rest shows as not provided.",
        "リクエスト数の上限（500）に達しました。残りは未提供として表示します。";
    FetchCancelled = "fetch-cancelled", Fetch, [Warning],
        "The page's fetch was cancelled; what came so far is analysed.",
        "ページでの取得を中止しました。それまでに届いた分を解析します。";
    ReferenceInvalid = "reference-invalid", Fetch, [Error],
        "The page's fetch field holds neither a valid reference nor a URL (the CLI exits 2 instead).",
        "ページの取得欄の内容が、正しい参照でも URL でもありません（CLI では終了コード 2）。";
    // --- artifacts: OCI 1.1 ---
    ArtifactManifestWithdrawn = "artifact-manifest-withdrawn", Artifacts, [Warning],
        "Uses the withdrawn OCI 1.1 draft artifact manifest type.",
        "撤回された OCI 1.1 草案のアーティファクトマニフェストの型を使っています。";
    ArtifactTypeMissing = "artifact-type-missing", Artifacts, [Error],
        "An empty config but no `artifactType`.",
        "config が空なのに `artifactType` がありません。";
    EmptyDescriptorInvalid = "empty-descriptor-invalid", Artifacts, [Error],
        "An \"empty\" descriptor that is not the standard one (digest `sha256:44136f...`, size 2).",
        "標準のもの（ダイジェスト `sha256:44136f...`、サイズ 2）ではない「空」のディスクリプターです。";
    ArtifactNoLayers = "artifact-no-layers", Artifacts, [Warning],
        "An artifact with no layers: the image-spec's schema wants at least one, and its guidance is one empty layer.",
        "レイヤーのないアーティファクトです。イメージ仕様のスキーマは 1 つ以上を求め、指針では空のレイヤーを 1 つ置きます。";
    SubjectMalformed = "subject-malformed", Artifacts, [Error],
        "`subject` is not a complete descriptor.",
        "`subject` が完全なディスクリプターではありません。";
    // --- pull logs: what `docker pull` printed ---
    PullLog = "pull-log", PullLogs, [Info],
        "A `docker pull` transcript: which blob each id is, which platform was pulled, what `Digest:`, `Already exists` and `Download complete` mean.",
        "`docker pull` の出力です。各 ID がどの blob か、どのプラットフォームがプルされたか、`Digest:`、`Already exists`、`Download complete` の意味を示します。";
    ErrorMessage = "error-message", PullLogs, [Warning],
        "A pasted error of Docker, containerd, Kubernetes or AWS ECS (`no matching manifest`, `exec format error`, `manifest unknown`, `toomanyrequests`, `x509`...), explained against the documents pasted with it.",
        "貼り付けた Docker、containerd、Kubernetes、AWS ECS のエラー（`no matching manifest`、`exec format error`、`manifest unknown`、`toomanyrequests`、`x509` など）を、一緒に貼り付けたドキュメントに照らして説明します。";
    PushLog = "push-log", PullLogs, [Info],
        "A `docker push` transcript: which layer each id is (the first 12 digits of its diff_id, not of the compressed digest `docker pull` prints), what `Pushed`, `Mounted from` and `Layer already exists` mean, and the manifest's digest.",
        "`docker push` の出力です。各 ID がどのレイヤーか（`docker pull` が表示する圧縮後のダイジェストではなく diff_id の先頭 12 桁）、`Pushed`、`Mounted from`、`Layer already exists` の意味、マニフェストのダイジェストを示します。";
    DockerHistory = "docker-history", PullLogs, [Info],
        "A `docker history` table: which layer each step made, what `<missing>` means, SIZE unpacked beside the registry's compressed sizes.",
        "`docker history` の表です。各ステップがどのレイヤーを作ったか、`<missing>` の意味、展開後の SIZE とレジストリの圧縮後のサイズを示します。";
    DockerImages = "docker-images", PullLogs, [Info],
        "A `docker images` table: what each IMAGE ID and DIGEST is (the config's digest, or the index's or manifest's) and which image store printed it.",
        "`docker images` の表です。各 IMAGE ID と DIGEST が何か（config のダイジェスト、またはインデックスかマニフェストのもの）と、どちらのイメージストアの出力かを示します。";
    DockerInspectIds = "docker-inspect-ids", PullLogs, [Info],
        "`docker inspect`'s digests: `Id` (the config's digest, or with the containerd image store the index's or manifest's), `RepoDigests` (what the tag pointed at in the registry) and `RootFS.Layers` (the layers' diff_ids, uncompressed).",
        "`docker inspect` のダイジェストです。`Id`（config のダイジェスト。containerd イメージストアではインデックスかマニフェストのもの）、`RepoDigests`（レジストリでタグが指していたもの）、`RootFS.Layers`（各レイヤーの diff_id、圧縮前）を示します。";
    PullInterrupted = "pull-interrupted", PullLogs, [Warning],
        "A `docker pull` that stopped before it finished (no `Digest:` or `Status:`): what it left.",
        "完了前に止まった `docker pull` です（`Digest:` も `Status:` もない）。何が残ったかを示します。";
    // --- archives: `docker save` and OCI layout tars ---
    Archive = "archive", Archives, [Info],
        "An archive (a `docker save` tar of any Docker version, an OCI layout tar), plain, gzip or zstd: what kind it is, which tool wrote it, what it holds and that each member was read and hashed.",
        "アーカイブ（どのバージョンの Docker の `docker save` の tar でも、OCI レイアウトの tar でも。無圧縮、gzip、zstd）です。種類、書いたツール、中身、各メンバーを読んでハッシュしたことを示します。";
    ArchiveDamaged = "archive-damaged", Archives, [Error],
        "The archive is truncated, corrupted or stops being a tar at some point; everything read before that point is analysed.",
        "アーカイブが途中で切れているか、壊れているか、途中から tar ではなくなっています。そこまでに読めた分は解析します。";
    ArchiveUnsafeMember = "archive-unsafe-member", Archives, [Warning],
        "A member no image archive holds: a path that climbs out (`../x`) or starts at the root, a link, a device, a second member with the same path, an oversized name header. It was not read.",
        "イメージのアーカイブには入らないはずのメンバーです（外へ出るパス `../x` やルートから始まるパス、リンク、デバイス、同じパスの 2 つ目のメンバー、大きすぎる名前ヘッダー）。読み込んでいません。";
    ArchiveMissingMember = "archive-missing-member", Archives, [Error],
        "`manifest.json` names a config or layer file that is not in the archive: `docker load` fails on it.",
        "`manifest.json` が、アーカイブにない config かレイヤーのファイルを指しています。`docker load` はこのアーカイブで失敗します。";
    DockerSaveLegacy = "docker-save-legacy", Archives, [Info],
        "The legacy files of `docker save` (`<id>/json`, `<id>/VERSION`, `<id>/layer.tar`, `repositories`): what each is, and that only `docker load` reads them.",
        "`docker save` の古い形式のファイル（`<id>/json`、`<id>/VERSION`、`<id>/layer.tar`、`repositories`）です。それぞれが何か、そしてこれを読むのは `docker load` だけであることを示します。";
    // --- the supply chain: signatures, attestations and SBOMs beside an image ---
    CosignTag = "cosign-tag", SupplyChain, [Info],
        "A signature, attestation or SBOM stored under cosign's tag scheme (`sha256-<hex>.sig`, `.att`, `.sbom`): what it is, which manifest or index it names, what its payload says, and the command that verifies it (ocilens does not).",
        "cosign のタグ方式（`sha256-<hex>.sig`、`.att`、`.sbom`）で保存された署名、アテステーション、SBOM です。何か、どのマニフェストかインデックスを指すか、ペイロードに何が書かれているか、検証するコマンド（ocilens は検証しません）を示します。";
    SigstoreBundle = "sigstore-bundle", SupplyChain, [Info],
        "A Sigstore bundle (cosign 3's signatures and attestations as OCI referrers): who signed it and which identity provider vouched (from its Fulcio certificate), its Rekor log entry, the image it is about, and the command that verifies it (ocilens does not).",
        "Sigstore バンドル（cosign 3 が OCI のリファラーとして保存する署名やアテステーション）です。誰が署名し、どの ID プロバイダーが保証したか（Fulcio 証明書から）、Rekor のログの記録、対象のイメージ、検証するコマンド（ocilens は検証しません）を示します。";
    NotationSignature = "notation-signature", SupplyChain, [Info],
        "A Notation (Notary Project) signature among an image's referrers: its envelope (JWS or COSE), what it signs, its signing scheme and time, the signer's certificate (subject, validity), and the command that verifies it (ocilens does not).",
        "イメージのリファラーにある Notation（Notary Project）の署名です。エンベロープ（JWS または COSE）、署名対象、署名方式と日時、署名者の証明書（サブジェクト、有効期間）、検証するコマンド（ocilens は検証しません）を示します。";
    NotationTargetMismatch = "notation-target-mismatch", SupplyChain, [Error],
        "A Notation signature signs another digest than the image it is attached to: `notation verify` of that image rejects it.",
        "Notation の署名が、付いているイメージとは別のダイジェストに署名しています。そのイメージに対する `notation verify` は失敗します。";
    CosignPayloadMismatch = "cosign-payload-mismatch", SupplyChain, [Error],
        "A cosign signature's payload signs a different digest than the one its tag names: `cosign verify` rejects it for this image.",
        "cosign の署名のペイロードが、タグが示すものとは別のダイジェストに署名しています。`cosign verify` はこのイメージに対して検証に失敗します。";
}
