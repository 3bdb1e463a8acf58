//! The example gallery: real captures (`tests/fixtures/`, which Trunk copies to `examples/`
//! beside the page; their provenance is in its README) and what each one teaches.

use ocilens_core::Lang;

/// How a fetched file goes into the paste area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Exactly as fetched.
    Verbatim,
    /// Re-indented with two spaces, as `jq .` or an editor would print it.
    Reindented,
}

pub struct Example {
    pub id: &'static str,
    pub files: &'static [(&'static str, Shape)],
    /// A simulator host preset chosen with the example.
    pub host: Option<&'static str>,
    pub title: (&'static str, &'static str),
    pub caption: (&'static str, &'static str),
}

impl Example {
    pub fn title(&self, lang: Lang) -> &'static str {
        pick(lang, self.title)
    }
    pub fn caption(&self, lang: Lang) -> &'static str {
        pick(lang, self.caption)
    }
}

fn pick(lang: Lang, (en, ja): (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "multi-platform-text",
        files: &[("imagetools/text-index-with-attestations.txt", Shape::Verbatim)],
        host: None,
        title: ("Multi-platform with attestations", "マルチプラットフォームとアテステーション"),
        caption: (
            "`imagetools inspect` text: one index, three platforms, and an unknown/unknown attestation per image.",
            "`imagetools inspect` のテキスト出力: 1 つのインデックス、3 つのプラットフォーム、イメージごとの unknown/unknown のアテステーション。",
        ),
    },
    Example {
        id: "multi-platform-json",
        files: &[("imagetools/json-manifest-index.json", Shape::Verbatim)],
        host: Some("apple-silicon-mac"),
        title: ("The same, as {{json .Manifest}}", "同じものを {{json .Manifest}} で"),
        caption: (
            "buildx re-serialises the index for --format: the tree is right, but the digest cannot be recomputed.",
            "--format では buildx がインデックスを再シリアライズします。ツリーは正しいものの、ダイジェストは再計算できません。",
        ),
    },
    Example {
        id: "single-platform",
        files: &[("manifests/dockerhub-python-linux-amd64-schema2.json", Shape::Verbatim)],
        host: None,
        title: ("Single-platform CI image", "単一プラットフォームの CI イメージ"),
        caption: (
            "Why is there no Manifests list? One manifest, one config, its layers: built for one platform.",
            "なぜ Manifests の一覧が無いのか: マニフェスト 1 つ、config、レイヤーだけの 1 プラットフォーム向けイメージです。",
        ),
    },
    Example {
        id: "windows",
        files: &[("manifests/dockerhub-python-latest-manifest-list.json", Shape::Verbatim)],
        host: Some("windows-server-2022"),
        title: ("Docker Hub python: Linux and Windows", "Docker Hub の python: Linux と Windows"),
        caption: (
            "A manifest list whose Windows entries carry os.version: which one a Windows Server 2022 host pulls.",
            "Windows のエントリーに os.version を持つマニフェストリスト: Windows Server 2022 のホストがどれをプルするか。",
        ),
    },
    Example {
        id: "artifact",
        files: &[("manifests/regclient-artifact-manifest-subject.json", Shape::Verbatim)],
        host: None,
        title: ("OCI 1.1 artifact with subject", "subject 付きの OCI 1.1 アーティファクト"),
        caption: (
            "An SBOM attached to an image: artifactType, the empty config, and subject pointing at what it describes.",
            "イメージに付けた SBOM: artifactType、空の config、説明対象を指す subject。",
        ),
    },
    Example {
        id: "schema1",
        files: &[("manifests/docker-schema1-signed.json", Shape::Verbatim)],
        host: None,
        title: ("Signed schema1 (legacy)", "署名付き schema1（旧形式）"),
        caption: (
            "The oldest Docker format: the digest covers the JWS payload, not the file; current Docker and containerd cannot pull it.",
            "最も古い Docker の形式: ダイジェストはファイルではなく JWS ペイロードにかかります。今の Docker と containerd ではプルできません。",
        ),
    },
    Example {
        id: "reformatted",
        files: &[
            ("manifests/dockerhub-python-latest-manifest-list.json", Shape::Verbatim),
            ("manifests/dockerhub-python-linux-amd64-schema2.json", Shape::Reindented),
        ],
        host: None,
        title: ("Re-formatted JSON: digest mismatch", "整形し直した JSON: ダイジェスト不一致"),
        caption: (
            "The list as served, then its amd64 manifest after `jq .`: same JSON, other bytes, another digest.",
            "配信されたままのリストと、`jq .` を通した amd64 マニフェスト: JSON は同じでもバイトが違えばダイジェストも違います。",
        ),
    },
    Example {
        id: "arm64-on-amd64",
        files: &[
            ("buildkit-oci-layout/blobs/sha256/6b2a0dfca3903c0a2022f224f818eedd9d055ebbef7c8208b35cd7d3b4f54088", Shape::Verbatim),
            ("buildkit-oci-layout/blobs/sha256/5970ba3213a11ce3effb14d9c38d9714a180d846cf8e8a53650acd09111c902f", Shape::Verbatim),
        ],
        host: Some("ubuntu-x86-64"),
        title: ("arm64-only image on an amd64 host", "arm64 専用イメージと amd64 ホスト"),
        caption: (
            "A single arm64 manifest and its config: an x86-64 server pulls it, then fails with exec format error.",
            "arm64 の単一マニフェストとその config: x86-64 のサーバーはプルできても、起動時に exec format error で失敗します。",
        ),
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The paste-area text of an example from its fetched files.
pub fn compose(example: &Example, texts: &[String]) -> String {
    let mut out = String::new();
    for ((_, shape), text) in example.files.iter().zip(texts) {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        match shape {
            Shape::Verbatim => out.push_str(text),
            Shape::Reindented => out.push_str(&reindent(text)),
        }
    }
    out
}

/// JSON re-indented with two spaces, keys in their order (JavaScript's JSON.stringify, as `jq .`).
fn reindent(text: &str) -> String {
    js_sys::JSON::parse(text)
        .ok()
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &wasm_bindgen::JsValue::NULL,
                &wasm_bindgen::JsValue::from_f64(2.0),
            )
            .ok()
        })
        .and_then(|s| s.as_string())
        .map_or_else(|| text.to_string(), |s| s + "\n")
}
