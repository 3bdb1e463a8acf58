//! Image or artifact? Classifies manifests and indexes following image-spec guidance
//! (`manifest.md` "Guidelines for Artifact Usage", `image-index.md`, `descriptor.md`) and checks
//! the artifact rules: `artifactType` with the empty config, the empty descriptor's exact form,
//! the empty-layer guidance, a well-formed `subject`, and the withdrawn artifact manifest type.

use crate::findings::{Code, Finding, Severity};
use crate::read::json::Json;
use crate::text::Text;

pub use crate::explain::knowledge::names::OCI_EMPTY as EMPTY_TYPE;
pub const EMPTY_DIGEST: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
pub const EMPTY_DATA: &str = "e30=";
pub use crate::explain::knowledge::names::OCI_ARTIFACT_MANIFEST as ARTIFACT_MANIFEST_TYPE;
const IMAGE_CONFIGS: [&str; 2] = [OCI_CONFIG, DOCKER_CONFIG];
use crate::explain::knowledge::names::DOCKER_ATTESTATION_CONFIG as ATTESTATION_CONFIG;
use crate::explain::knowledge::names::IN_TOTO;
use crate::explain::knowledge::names::{
    ATTESTATION_MANIFEST, DOCKER_CONFIG, DOCKER_MANIFEST, OCI_CONFIG, REFERENCE_TYPE,
};

/// What a manifest or index is for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Class {
    /// A runnable container image (image config + layers).
    Image,
    /// A BuildKit attestation manifest: provenance / SBOM about an image in the same index.
    AttestationManifest,
    /// A signature (cosign, Notation, sigstore bundle).
    Signature { artifact_type: String },
    /// An SBOM stored as an artifact (SPDX, CycloneDX).
    Sbom { artifact_type: String },
    /// Any other artifact (Helm chart, Wasm module, policy, ...), with its artifact type.
    Artifact { artifact_type: String },
    /// An index of images, one per platform (maybe with attestations).
    ImageIndex,
    /// An index whose entries are artifacts (a referrers response, or an artifact index).
    ArtifactIndex { artifact_type: Option<String> },
    /// Nothing can be said (not a manifest or index, or too broken).
    Unknown,
}

impl Class {
    pub fn id(&self) -> &'static str {
        match self {
            Class::Image => "image",
            Class::AttestationManifest => "attestation-manifest",
            Class::Signature { .. } => "signature",
            Class::Sbom { .. } => "sbom",
            Class::Artifact { .. } => "artifact",
            Class::ImageIndex => "image-index",
            Class::ArtifactIndex { .. } => "artifact-index",
            Class::Unknown => "unknown",
        }
    }

    /// The artifact type, for artifacts.
    pub fn artifact_type(&self) -> Option<&str> {
        match self {
            Class::Signature { artifact_type }
            | Class::Sbom { artifact_type }
            | Class::Artifact { artifact_type } => Some(artifact_type),
            Class::ArtifactIndex { artifact_type } => artifact_type.as_deref(),
            _ => None,
        }
    }

    /// What it is, in plain words.
    pub fn text(&self) -> Text {
        match self {
            Class::Image => Text::new(
                "A container image: a config (what to run, for which OS and CPU) and filesystem layers. This is what `docker run` starts.",
                "コンテナーイメージです。設定（何をどの OS・CPU で実行するか）とファイルシステムのレイヤーから成り、`docker run` が起動するのはこれです。",
            ),
            Class::AttestationManifest => Text::new(
                "A BuildKit attestation manifest: it stores provenance (how the image was built) or an SBOM (what is inside) for one image of this index. It is not runnable; its platform is unknown/unknown so no runtime pulls it.",
                "BuildKit のアテステーション（証明）マニフェストです。このインデックス内のイメージ 1 つについて、来歴（どうビルドされたか）や SBOM（何が入っているか）を保存します。実行はできず、プラットフォームが unknown/unknown なのでランタイムがプルすることはありません。",
            ),
            Class::Signature { artifact_type } => Text::new(
                format!("A signature artifact ({artifact_type}): it signs another manifest so clients can check who published it."),
                format!("署名のアーティファクト（{artifact_type}）です。別のマニフェストに署名し、誰が公開したかをクライアントが確認できるようにします。"),
            ),
            Class::Sbom { artifact_type } => Text::new(
                format!("An SBOM artifact ({artifact_type}): the list of packages inside another image, stored next to it in the registry."),
                format!("SBOM のアーティファクト（{artifact_type}）です。別のイメージに含まれるパッケージの一覧を、レジストリ上でそのイメージの隣に保存したものです。"),
            ),
            Class::Artifact { artifact_type } => Text::new(
                format!("An OCI artifact of type {artifact_type}: content stored in a registry with the image format, but not a runnable image."),
                format!("種類 {artifact_type} の OCI アーティファクトです。イメージと同じ形式でレジストリに保存された内容ですが、実行できるイメージではありません。"),
            ),
            Class::ImageIndex => Text::new(
                "An image index (a \"manifest list\"): one image per platform. A runtime picks the entry matching its OS and CPU.",
                "イメージインデックス（マニフェストリスト）です。プラットフォームごとにイメージが 1 つずつあり、ランタイムは自分の OS と CPU に合うものを選びます。",
            ),
            Class::ArtifactIndex { .. } => Text::new(
                "An index of artifacts (for example a referrers list): it groups signatures, SBOMs or other artifacts, not platform images.",
                "アーティファクトのインデックスです（リファラー一覧など）。プラットフォーム別のイメージではなく、署名や SBOM などのアーティファクトをまとめています。",
            ),
            Class::Unknown => Text::new(
                "Not classified: it is not a manifest or an index ocilens can read.",
                "分類できません。ocilens が読めるマニフェストやインデックスではありません。",
            ),
        }
    }
}

fn is_signature_type(t: &str) -> bool {
    t.starts_with("application/vnd.dev.cosign.simplesigning")
        || t.starts_with("application/vnd.dev.cosign.artifact.sig")
        || t.starts_with("application/vnd.dev.sigstore.bundle")
        || t.starts_with("application/vnd.cncf.notary.signature")
}

fn is_sbom_type(t: &str) -> bool {
    t.starts_with("application/spdx")
        || t.starts_with("application/vnd.cyclonedx")
        || t.starts_with("application/vnd.dev.cosign.artifact.sbom")
        || t.starts_with("text/spdx")
}

/// Classifies a manifest. `annotations` are those of the descriptor that points at it (an index
/// entry), where BuildKit marks attestation manifests.
pub fn classify_manifest(json: &Json, annotations: &[(String, String)]) -> Class {
    let reference_type = annotations
        .iter()
        .find(|(k, _)| k == REFERENCE_TYPE)
        .map(|(_, v)| v.as_str());
    let config_type = json
        .get("config")
        .and_then(|c| c.get_str("mediaType"))
        .unwrap_or("");
    let artifact_type = json.get_str("artifactType");
    let layer_types: Vec<&str> = json
        .get("layers")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| l.get_str("mediaType"))
        .collect();
    let all_in_toto = !layer_types.is_empty() && layer_types.iter().all(|t| *t == IN_TOTO);
    if reference_type == Some(ATTESTATION_MANIFEST)
        || config_type == ATTESTATION_CONFIG
        || (all_in_toto && artifact_type.is_none() && IMAGE_CONFIGS.contains(&config_type))
    {
        return Class::AttestationManifest;
    }
    if json.get_str("mediaType") == Some(ARTIFACT_MANIFEST_TYPE) {
        let t = artifact_type.unwrap_or("").to_string();
        return typed_artifact(t, &layer_types);
    }
    if let Some(t) = artifact_type {
        return typed_artifact(t.to_string(), &layer_types);
    }
    if IMAGE_CONFIGS.contains(&config_type) {
        return Class::Image;
    }
    if config_type.is_empty() {
        // Docker schema2/OCI without a config type is broken; schema1 has no config at all.
        return if json.has("fsLayers") {
            Class::Image
        } else {
            Class::Unknown
        };
    }
    // Without artifactType, the artifact type IS the config media type (image-spec manifest.md).
    typed_artifact(config_type.to_string(), &layer_types)
}

/// An artifact by its type; one of a type of its own whose every layer is an SBOM (`oras push
/// --config x.json:application/vnd.acme.config sbom.json:application/spdx+json`) is an SBOM.
fn typed_artifact(artifact_type: String, layer_types: &[&str]) -> Class {
    let sbom_layers = !layer_types.is_empty() && layer_types.iter().all(|t| is_sbom_type(t));
    if is_signature_type(&artifact_type) {
        Class::Signature { artifact_type }
    } else if is_sbom_type(&artifact_type) || sbom_layers {
        Class::Sbom { artifact_type }
    } else {
        Class::Artifact { artifact_type }
    }
}

/// Classifies an index from its entries.
pub fn classify_index(json: &Json) -> Class {
    let entries = json
        .get("manifests")
        .and_then(Json::array)
        .unwrap_or_default();
    let has_platform_image = entries.iter().any(|e| {
        e.get("platform")
            .is_some_and(|p| p.get_str("os") != Some("unknown"))
            && e.get("artifactType").is_none()
    });
    let index_type = json.get_str("artifactType").map(str::to_string);
    if has_platform_image && index_type.is_none() {
        return Class::ImageIndex;
    }
    let all_artifacts = !entries.is_empty() && entries.iter().all(|e| e.has("artifactType"));
    if index_type.is_some() || all_artifacts {
        return Class::ArtifactIndex {
            artifact_type: index_type,
        };
    }
    Class::ImageIndex
}

/// The artifact rules, for a manifest in document `doc`.
pub fn check_manifest(doc: usize, json: &Json) -> Vec<Finding> {
    let mut out = Vec::new();
    let config = json.get("config");
    let config_type = config.and_then(|c| c.get_str("mediaType"));
    if json.get_str("mediaType") == Some(ARTIFACT_MANIFEST_TYPE) {
        out.push(
            Finding::new(Code::ArtifactManifestWithdrawn, Text::new(
                    "This uses application/vnd.oci.artifact.manifest.v1+json, the artifact manifest proposed for OCI 1.1 and withdrawn before the release. Registries and clients may refuse it.",
                    "application/vnd.oci.artifact.manifest.v1+json は OCI 1.1 で提案され、リリース前に取り下げられたアーティファクトマニフェストです。レジストリやクライアントが受け付けない場合があります。",
                ),
            )
            .with_fix(Text::new(
                "Push the artifact as an image manifest with `artifactType` and the empty config (oras >= 1.0 does this by default).",
                "`artifactType` と空の config を持つイメージマニフェストとしてプッシュし直してください（oras 1.0 以降の既定の動作です）。",
            ))
            .at_document(doc)
            .at_path("$.mediaType"),
        );
    }
    if config_type == Some(EMPTY_TYPE) && !json.has("artifactType") {
        out.push(
            Finding::new(Code::ArtifactTypeMissing, Text::new(
                    "The config is the empty descriptor but the manifest has no `artifactType`. The image spec requires `artifactType` in this case: without it nobody can tell what the artifact is.",
                    "config が空のディスクリプターなのに、マニフェストに `artifactType` がありません。この場合イメージ仕様は `artifactType` を必須としており、無いと何のアーティファクトか判別できません。",
                ),
            )
            .with_fix(Text::new(
                "Set `artifactType` to the type of the content (e.g. `oras push --artifact-type application/vnd.example+type ...`).",
                "内容の種類を `artifactType` に設定してください（例: `oras push --artifact-type application/vnd.example+type ...`）。",
            ))
            .at_document(doc)
            .at_path("$"),
        );
    }
    // The path is written only for a finding.
    let check_empty = |out: &mut Vec<Finding>, d: &Json, path: &dyn Fn() -> String| {
        if d.get_str("mediaType") != Some(EMPTY_TYPE) {
            return;
        }
        let digest_ok = d.get_str("digest") == Some(EMPTY_DIGEST);
        let size_ok = d.get_u64("size") == Some(2);
        let data_ok = d.get("data").is_none_or(|v| v.str() == Some(EMPTY_DATA));
        if !(digest_ok && size_ok && data_ok) {
            out.push(
                Finding::new(Code::EmptyDescriptorInvalid, Text::new(
                        format!("This empty descriptor is not the standard one: it must have digest {EMPTY_DIGEST}, size 2 (the content `{{}}`) and, if `data` is present, `data: \"e30=\"`."),
                        format!("この空のディスクリプターは標準の形ではありません。ダイジェストは {EMPTY_DIGEST}、size は 2（内容 `{{}}`）、`data` がある場合は `data: \"e30=\"` でなければなりません。"),
                    ),
                )
                .with_fix(Text::new(
                    "Use the exact empty descriptor from the image spec (`descriptor.md`).",
                    "イメージ仕様（`descriptor.md`）にある空のディスクリプターをそのまま使ってください。",
                ))
                .at_document(doc)
                .at_path(path()),
            );
        }
    };
    if let Some(c) = config {
        check_empty(&mut out, c, &|| "$.config".to_string());
    }
    let layers = json.get("layers").and_then(Json::array);
    for (i, l) in layers.unwrap_or_default().iter().enumerate() {
        check_empty(&mut out, l, &|| format!("$.layers[{i}]"));
    }
    let is_artifact = json.has("artifactType") || config_type == Some(EMPTY_TYPE);
    if layers.is_some_and(<[Json]>::is_empty) {
        let f = if is_artifact {
            Finding::new(Code::ArtifactNoLayers, Text::new(
                    "This artifact has no layers. The image-spec's schema wants at least one (`layers` SHOULD have an entry, for portability), and its guidance for an artifact without content is one layer: the empty descriptor. Some registries reject an empty `layers` list.",
                    "このアーティファクトにはレイヤーがありません。イメージ仕様のスキーマは 1 つ以上を求め（移植性のため `layers` にはエントリーを置くべき（SHOULD））、内容の無いアーティファクトには空のディスクリプターを 1 つレイヤーとして入れるのが指針です。空の `layers` を拒否するレジストリもあります。",
                ),
            )
            .with_fix(Text::new(
                "Add the empty descriptor as the single layer.",
                "空のディスクリプターを唯一のレイヤーとして追加してください。",
            ))
        } else {
            // Docker's schema2 has no such rule; the image-spec's schema refuses it for OCI.
            let docker = json.get_str("mediaType") == Some(DOCKER_MANIFEST);
            let severity = if docker {
                Severity::Info
            } else {
                Severity::Warning
            };
            Finding::with_severity(Code::ImageNoLayers, severity, Text::new(
                    "This image has no layers: its filesystem is empty, so a container made from it has no files at all (no shell, no program to run). That is allowed, but the image-spec says `layers` SHOULD have at least one entry for portability, and its schema refuses an empty list, as some registries and tools do.",
                    "このイメージにはレイヤーがありません。ファイルシステムが空なので、ここから作ったコンテナーにはファイルが一つもありません（シェルも実行するプログラムもありません）。許されてはいますが、イメージ仕様は移植性のため `layers` に 1 つ以上のエントリーを置くべき（SHOULD）とし、そのスキーマは空のリストを受け付けません。同じように拒否するレジストリやツールもあります。",
                ),
            )
            .with_fix(Text::new(
                "If the image should run something, check the build: a `FROM scratch` stage with no `COPY` makes no layer. If it only carries data or metadata, push it as an artifact (`artifactType`, with the empty descriptor as its one layer).",
                "何かを実行するイメージなら、ビルドを確認してください。`COPY` のない `FROM scratch` のステージはレイヤーを作りません。データやメタデータだけを運ぶものなら、アーティファクト（`artifactType` を付け、空のディスクリプターを唯一のレイヤーにする）としてプッシュしてください。",
            ))
        };
        out.push(f.at_document(doc).at_path("$.layers"));
    }
    if let Some(subject) = json.get("subject") {
        check_subject(&mut out, doc, subject);
    }
    out
}

/// `subject` must be a descriptor: media type, digest and size.
pub fn check_subject(out: &mut Vec<Finding>, doc: usize, subject: &Json) {
    let missing: Vec<&str> = ["mediaType", "digest", "size"]
        .into_iter()
        .filter(|k| match *k {
            "size" => subject.get_u64("size").is_none(),
            k => subject.get_str(k).is_none(),
        })
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        out.push(
            Finding::new(Code::SubjectMalformed, Text::new(
                    format!("`subject` is not a complete descriptor: {list} missing or of the wrong type. Registries index referrers by it, so this artifact may not be found."),
                    format!("`subject` が完全なディスクリプターではありません（{list} が無いか型が違います）。レジストリはこれでリファラーを索引するため、このアーティファクトが見つからない可能性があります。"),
                ),
            )
            .with_fix(Text::new(
                "Give `subject` the mediaType, digest and size of the manifest it is about.",
                "対象のマニフェストの mediaType・ダイジェスト・size を `subject` に設定してください。",
            ))
            .at_document(doc)
            .at_path("$.subject"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::json;

    fn fixture(rel: &str) -> Json {
        let path = format!("{}/../../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        json::parse(&std::fs::read(path).unwrap()).unwrap()
    }

    fn j(s: &str) -> Json {
        json::parse(s.as_bytes()).unwrap()
    }

    fn codes(f: &[Finding]) -> Vec<Code> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn real_artifact_with_empty_config_and_subject() {
        let m = fixture("manifests/regclient-artifact-manifest-subject.json");
        // `application/example.sbom` is not a registered SBOM type: a plain artifact.
        assert_eq!(
            classify_manifest(&m, &[]),
            Class::Artifact {
                artifact_type: "application/example.sbom".into()
            }
        );
        assert!(
            check_manifest(0, &m).is_empty(),
            "{:?}",
            check_manifest(0, &m)
        );
    }

    #[test]
    fn real_images_and_attestations() {
        let image = fixture(
            "buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b",
        );
        assert_eq!(classify_manifest(&image, &[]), Class::Image);
        let att = fixture(
            "buildkit-oci-layout/blobs/sha256/1d88e5a3e13d830277704130ae7b1aa7d9eb25f952891234d5c01f81651dcefc",
        );
        assert_eq!(
            classify_manifest(&att, &[]),
            Class::AttestationManifest,
            "all layers in-toto"
        );
        let ann = [(
            "vnd.docker.reference.type".to_string(),
            "attestation-manifest".to_string(),
        )];
        assert_eq!(classify_manifest(&image, &ann), Class::AttestationManifest);
        assert_eq!(
            classify_manifest(&fixture("manifests/ggcr-docker-schema2-compact.json"), &[]),
            Class::Image
        );
    }

    #[test]
    fn indexes() {
        let idx = fixture(
            "buildkit-oci-layout/blobs/sha256/5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c",
        );
        assert_eq!(classify_index(&idx), Class::ImageIndex);
        assert_eq!(
            classify_index(&fixture("manifests/regclient-referrers-index.json")),
            Class::ArtifactIndex {
                artifact_type: None
            }
        );
        assert!(matches!(
            classify_index(&fixture("manifests/regclient-index-with-artifacttype.json")),
            Class::ArtifactIndex {
                artifact_type: Some(_)
            }
        ));
    }

    #[test]
    fn artifact_type_comes_from_config_without_artifact_type() {
        let helm = j(
            r#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"sha256:aa","size":1},"layers":[]}"#,
        );
        assert_eq!(
            classify_manifest(&helm, &[]),
            Class::Artifact {
                artifact_type: "application/vnd.cncf.helm.config.v1+json".into()
            }
        );
        let sig = j(
            r#"{"schemaVersion":2,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#,
        );
        assert!(matches!(
            classify_manifest(&sig, &[]),
            Class::Signature { .. }
        ));
        assert_eq!(codes(&check_manifest(0, &sig)), vec!["artifact-no-layers"]);
    }

    #[test]
    fn an_artifact_of_its_own_type_whose_layers_are_all_sboms_is_an_sbom() {
        let t = "application/vnd.ocilens.test.sbom.config.v1+json";
        let m = |layers: &str| {
            j(&format!(
                r#"{{"schemaVersion":2,"config":{{"mediaType":"{t}","digest":"sha256:aa","size":1}},"layers":[{layers}]}}"#
            ))
        };
        let spdx = r#"{"mediaType":"application/spdx+json","digest":"sha256:bb","size":1}"#;
        let other = r#"{"mediaType":"application/octet-stream","digest":"sha256:cc","size":1}"#;
        assert_eq!(
            classify_manifest(&m(spdx), &[]),
            Class::Sbom {
                artifact_type: t.into()
            }
        );
        assert!(matches!(
            classify_manifest(&m(&format!("{spdx},{other}")), &[]),
            Class::Artifact { .. }
        ));
        assert!(matches!(
            classify_manifest(&m(""), &[]),
            Class::Artifact { .. }
        ));
    }

    #[test]
    fn artifact_rules() {
        let bad = j(
            r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":3,"data":"e30K"},"layers":[{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}],"subject":{"digest":"sha256:aa"}}"#,
        );
        assert_eq!(
            codes(&check_manifest(3, &bad)),
            vec![
                "artifact-type-missing",
                "empty-descriptor-invalid",
                "subject-malformed"
            ]
        );
        let withdrawn = j(
            r#"{"mediaType":"application/vnd.oci.artifact.manifest.v1+json","artifactType":"application/x","blobs":[]}"#,
        );
        assert_eq!(
            codes(&check_manifest(0, &withdrawn)),
            vec!["artifact-manifest-withdrawn"]
        );
        assert!(matches!(
            classify_manifest(&withdrawn, &[]),
            Class::Artifact { .. }
        ));
    }
}
