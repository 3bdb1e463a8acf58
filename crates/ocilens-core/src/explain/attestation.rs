//! Attestations: in-toto statements (plain or in a DSSE envelope), their subjects, and the key
//! facts of the predicates people meet: SLSA provenance v0.2 and v1, SPDX and CycloneDX SBOMs.
//!
//! Also reads the predicate-only shapes `imagetools inspect --format '{{json .Provenance}}'`
//! (`{"SLSA": predicate}`) and `'{{json .SBOM}}'` (`{"SPDX": document}`) print.

use base64::Engine as _;

use crate::read::json::{self, Json};

/// A decoded in-toto statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Statement {
    /// `_type`, e.g. `https://in-toto.io/Statement/v0.1` (empty for predicate-only input).
    pub statement_type: String,
    pub predicate_type: String,
    pub subjects: Vec<Subject>,
    /// Whether the statement came out of a DSSE envelope (`payloadType`, `payload`, `signatures`).
    pub from_dsse: bool,
    /// Number of signatures on the envelope (0 for a plain statement).
    pub signatures: usize,
    pub provenance: Option<Provenance>,
    pub sbom: Option<SbomSummary>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Subject {
    pub name: String,
    /// `(algorithm, encoded)` pairs, e.g. `("sha256", "abc...")`.
    pub digests: Vec<(String, String)>,
}

impl Subject {
    /// Whether this subject names the content with digest `digest` (`sha256:<hex>`).
    pub fn names(&self, digest: &str) -> bool {
        let Some((alg, hex)) = digest.split_once(':') else {
            return false;
        };
        self.digests.iter().any(|(a, h)| a == alg && h == hex)
    }
}

/// Key facts of a SLSA provenance predicate.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Provenance {
    /// `v0.2` or `v1`.
    pub slsa_version: String,
    pub builder: Option<String>,
    pub build_type: Option<String>,
    /// Where the build definition came from (a git URL with a revision, a local context).
    pub source: Option<String>,
    pub revision: Option<String>,
    /// The Dockerfile (or other entry point) the build started from.
    pub entry_point: Option<String>,
    /// Inputs of the build: base images, frontends, sources, with their digests.
    pub materials: Vec<Material>,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub invocation_id: Option<String>,
    /// The platform the build was for, when recorded (`linux/amd64`).
    pub platform: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Material {
    pub uri: String,
    /// `alg:hex` of the first digest given, if any.
    pub digest: Option<String>,
}

/// Key facts of an SBOM.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SbomSummary {
    /// `SPDX` or `CycloneDX`.
    pub format: String,
    /// `SPDX-2.3`, `1.5`, ...
    pub version: Option<String>,
    pub name: Option<String>,
    /// The tools that wrote it (`Tool: syft-v0.85.0`, `buildkit-syft-scanner`).
    pub tools: Vec<String>,
    pub packages: usize,
    pub created: Option<String>,
}

pub const SLSA_V02: &str = "https://slsa.dev/provenance/v0.2";
pub const SLSA_V1: &str = "https://slsa.dev/provenance/v1";
pub const SPDX: &str = "https://spdx.dev/Document";
pub const CYCLONEDX: &str = "https://cyclonedx.org/bom";

/// Whether descriptor annotations carry BuildKit's attestation-manifest marker
/// (`vnd.docker.reference.type: attestation-manifest`; other values, such as regclient's
/// `builder`, are not attestations).
pub fn marked(annotations: &[(String, String)]) -> bool {
    use crate::explain::knowledge::names::{ATTESTATION_MANIFEST, REFERENCE_TYPE};
    annotations
        .iter()
        .any(|(k, v)| k == REFERENCE_TYPE && v == ATTESTATION_MANIFEST)
}

/// Whether `json` looks like an in-toto statement.
pub fn is_statement(json: &Json) -> bool {
    json.get_str("_type")
        .is_some_and(|t| t.starts_with("https://in-toto.io/Statement/"))
        || (json.has("predicateType") && json.has("subject"))
}

/// Whether `json` looks like a DSSE envelope.
pub fn is_dsse(json: &Json) -> bool {
    json.has("payloadType") && json.has("payload") && json.has("signatures")
}

/// Decodes a statement, a DSSE envelope around one, or the imagetools predicate-only shapes.
/// `None` when `json` is none of these.
pub fn decode(json: &Json) -> Option<Statement> {
    if is_dsse(json) {
        let payload = json.get_str("payload")?;
        let bytes = decode_base64(payload)?;
        let inner = json::parse(&bytes).ok()?;
        let mut st = decode(&inner)?;
        st.from_dsse = true;
        st.signatures = json
            .get("signatures")
            .and_then(Json::array)
            .map_or(0, <[Json]>::len);
        return Some(st);
    }
    if is_statement(json) {
        let predicate_type = json
            .get_str("predicateType")
            .unwrap_or_default()
            .to_string();
        let subjects = json
            .get("subject")
            .and_then(Json::array)
            .unwrap_or_default()
            .iter()
            .map(|s| Subject {
                name: s.get_str("name").unwrap_or_default().to_string(),
                digests: s
                    .get("digest")
                    .and_then(Json::members)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|m| Some((m.key.to_string(), m.value.str()?.to_string())))
                    .collect(),
            })
            .collect();
        let predicate = json.get("predicate");
        let mut st = Statement {
            statement_type: json.get_str("_type").unwrap_or_default().to_string(),
            predicate_type: predicate_type.clone(),
            subjects,
            ..Statement::default()
        };
        if let Some(p) = predicate {
            fill_predicate(&mut st, &predicate_type, p);
        }
        return Some(st);
    }
    // imagetools {{json .Provenance}}: {"SLSA": predicate}; {{json .SBOM}}: {"SPDX": doc}.
    if let Some(p) = json.get("SLSA") {
        let mut st = Statement::default();
        let kind = if p.has("buildDefinition") {
            SLSA_V1
        } else {
            SLSA_V02
        };
        st.predicate_type = kind.to_string();
        fill_predicate(&mut st, kind, p);
        return Some(st);
    }
    if let Some(p) = json.get("SPDX") {
        let mut st = Statement {
            predicate_type: SPDX.to_string(),
            ..Statement::default()
        };
        fill_predicate(&mut st, SPDX, p);
        return Some(st);
    }
    None
}

fn fill_predicate(st: &mut Statement, predicate_type: &str, p: &Json) {
    if predicate_type.starts_with("https://slsa.dev/provenance/v0") {
        st.provenance = Some(provenance_v02(p));
    } else if predicate_type.starts_with("https://slsa.dev/provenance/v1") {
        st.provenance = Some(provenance_v1(p));
    } else if predicate_type.starts_with("https://spdx.dev/Document") || p.has("spdxVersion") {
        st.sbom = Some(spdx(p));
    } else if predicate_type.starts_with("https://cyclonedx.org/bom")
        || p.get_str("bomFormat") == Some("CycloneDX")
    {
        st.sbom = Some(cyclonedx(p));
    }
}

fn s(json: Option<&Json>) -> Option<String> {
    json.and_then(Json::str)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn first_digest(json: Option<&Json>) -> Option<String> {
    let m = json?.members()?.first()?;
    Some(format!("{}:{}", m.key, m.value.str()?))
}

fn materials(list: Option<&Json>) -> Vec<Material> {
    list.and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .map(|m| Material {
            uri: m.get_str("uri").unwrap_or_default().to_string(),
            digest: first_digest(m.get("digest")),
        })
        .collect()
}

/// SLSA v0.2: `builder.id`, `buildType`, `invocation.configSource`, `materials`, `metadata`.
fn provenance_v02(p: &Json) -> Provenance {
    let config = p.get("invocation").and_then(|i| i.get("configSource"));
    let metadata = p.get("metadata");
    let vcs = metadata
        .and_then(|m| m.get("https://mobyproject.org/buildkit@v1#metadata"))
        .and_then(|m| m.get("vcs"));
    Provenance {
        slsa_version: "v0.2".into(),
        builder: s(p.get("builder").and_then(|b| b.get("id"))),
        build_type: s(p.get("buildType")),
        source: s(config.and_then(|c| c.get("uri")))
            .or_else(|| s(vcs.and_then(|v| v.get("source")))),
        revision: first_digest(config.and_then(|c| c.get("digest")))
            .or_else(|| s(vcs.and_then(|v| v.get("revision")))),
        entry_point: s(config.and_then(|c| c.get("entryPoint"))),
        materials: materials(p.get("materials")),
        started: s(metadata.and_then(|m| m.get("buildStartedOn"))),
        finished: s(metadata.and_then(|m| m.get("buildFinishedOn"))),
        invocation_id: s(metadata.and_then(|m| m.get("buildInvocationID"))),
        platform: s(p
            .get("invocation")
            .and_then(|i| i.get("environment"))
            .and_then(|e| e.get("platform"))),
    }
}

/// SLSA v1: `buildDefinition{buildType, externalParameters, resolvedDependencies}`,
/// `runDetails{builder.id, metadata}`.
fn provenance_v1(p: &Json) -> Provenance {
    let def = p.get("buildDefinition");
    let run = p.get("runDetails");
    let config = def
        .and_then(|d| d.get("externalParameters"))
        .and_then(|e| e.get("configSource"));
    let metadata = run.and_then(|r| r.get("metadata"));
    Provenance {
        slsa_version: "v1".into(),
        builder: s(run.and_then(|r| r.get("builder")).and_then(|b| b.get("id"))),
        build_type: s(def.and_then(|d| d.get("buildType"))),
        source: s(config.and_then(|c| c.get("uri"))),
        revision: first_digest(config.and_then(|c| c.get("digest"))),
        entry_point: s(config.and_then(|c| c.get("path"))),
        materials: materials(def.and_then(|d| d.get("resolvedDependencies"))),
        started: s(metadata.and_then(|m| m.get("startedOn"))),
        finished: s(metadata.and_then(|m| m.get("finishedOn"))),
        invocation_id: s(metadata.and_then(|m| m.get("invocationID"))),
        platform: s(def
            .and_then(|d| d.get("internalParameters"))
            .and_then(|i| i.get("builderPlatform"))),
    }
}

fn spdx(p: &Json) -> SbomSummary {
    let info = p.get("creationInfo");
    SbomSummary {
        format: "SPDX".into(),
        version: s(p.get("spdxVersion")),
        name: s(p.get("name")),
        tools: info
            .and_then(|c| c.get("creators"))
            .and_then(Json::array)
            .unwrap_or_default()
            .iter()
            .filter_map(Json::str)
            .filter(|c| c.starts_with("Tool:"))
            .map(|c| c.trim_start_matches("Tool:").trim().to_string())
            .collect(),
        packages: p
            .get("packages")
            .and_then(Json::array)
            .map_or(0, <[Json]>::len),
        created: s(info.and_then(|c| c.get("created"))),
    }
}

fn cyclonedx(p: &Json) -> SbomSummary {
    let metadata = p.get("metadata");
    // CycloneDX 1.4 lists tools as an array; 1.5+ as {"components": [...], "services": [...]}.
    let tools = metadata.and_then(|m| m.get("tools"));
    let tool_list = tools
        .and_then(Json::array)
        .or_else(|| {
            tools
                .and_then(|t| t.get("components"))
                .and_then(Json::array)
        })
        .unwrap_or_default();
    SbomSummary {
        format: "CycloneDX".into(),
        version: s(p.get("specVersion")),
        name: s(metadata
            .and_then(|m| m.get("component"))
            .and_then(|c| c.get("name"))),
        tools: tool_list
            .iter()
            .filter_map(|t| {
                let name = t.get_str("name")?;
                Some(match t.get_str("version") {
                    Some(v) => format!("{name} {v}"),
                    None => name.to_string(),
                })
            })
            .collect(),
        packages: p
            .get("components")
            .and_then(Json::array)
            .map_or(0, <[Json]>::len),
        created: s(metadata.and_then(|m| m.get("timestamp"))),
    }
}

/// DSSE payloads are standard base64; some writers use the URL-safe alphabet or drop padding.
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let s = s.trim();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(rel: &str) -> Json {
        let path = format!("{}/../../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        json::parse(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn buildkit_slsa_v02_provenance_key_facts() {
        let st = decode(&fixture(
            "buildkit-oci-layout/blobs/sha256/26418efea0e73f6d53caec7094235ed1b16d6f7b31981fd7076760022c8e366d",
        ))
        .unwrap();
        assert_eq!(st.predicate_type, SLSA_V02);
        assert!(
            st.subjects.is_empty(),
            "BuildKit wrote an empty subject here"
        );
        let p = st.provenance.unwrap();
        assert_eq!(p.slsa_version, "v0.2");
        assert_eq!(
            p.build_type.as_deref(),
            Some("https://mobyproject.org/buildkit@v1")
        );
        assert_eq!(p.builder, None, "builder.id is the empty string");
        assert_eq!(p.entry_point.as_deref(), Some("hello.Dockerfile"));
        assert_eq!(
            p.source.as_deref(),
            Some("https://github.com/crazy-max/docker-actions-toolkit.git")
        );
        assert_eq!(
            p.revision.as_deref(),
            Some("66c00b9bbdd345a37d086780d645b4aff8fe3a0d")
        );
        assert_eq!(p.materials.len(), 2);
        assert_eq!(
            p.materials[1].uri,
            "pkg:docker/busybox@latest?platform=linux%2Famd64"
        );
        assert_eq!(
            p.materials[1].digest.as_deref(),
            Some("sha256:5eef5ed34e1e1ff0a4ae850395cbf665c4de6b4b83a32a0bc7bcb998e24e7bbb")
        );
        assert_eq!(p.started.as_deref(), Some("2024-05-15T16:15:49.712135355Z"));
        assert_eq!(
            p.finished.as_deref(),
            Some("2024-05-15T16:15:51.154322345Z")
        );
        assert_eq!(p.platform.as_deref(), Some("linux/amd64"));
    }

    #[test]
    fn buildkit_slsa_v1_provenance_key_facts() {
        let st = decode(&fixture(
            "attestations/intoto-slsa-v1-provenance-buildkit.json",
        ))
        .unwrap();
        assert_eq!(st.predicate_type, SLSA_V1);
        assert_eq!(st.subjects.len(), 1);
        assert_eq!(st.subjects[0].name, "hello.txt");
        let p = st.provenance.unwrap();
        assert_eq!(p.slsa_version, "v1");
        assert_eq!(
            p.builder.as_deref(),
            Some(
                "https://github.com/docker/github-builder-test/actions/runs/18937328894/attempts/1"
            )
        );
        assert_eq!(p.entry_point.as_deref(), Some("hello.Dockerfile"));
        assert_eq!(
            p.revision.as_deref(),
            Some("sha1:bdb96fcfe8cc9e3a54800bc2537a4d4a14f0c5fe")
        );
        assert!(p
            .source
            .unwrap()
            .starts_with("https://github.com/docker/github-builder-test.git#"));
        assert_eq!(
            p.materials[0].digest.as_deref(),
            Some("sha256:e930c2697be77cb7271d316ecfa78768b5eac73de3b16018ed38eb0ea0b5a7cb")
        );
        assert_eq!(p.started.as_deref(), Some("2025-10-30T10:19:52.868710505Z"));
        assert_eq!(
            p.invocation_id.as_deref(),
            Some("7qg2yuux3iklv02ktbmbtwgeb")
        );
    }

    #[test]
    fn dsse_envelope_is_opened_and_subjects_checked() {
        let statement = br#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://spdx.dev/Document","subject":[{"name":"pkg:docker/x@1","digest":{"sha256":"aa"}}],"predicate":{"spdxVersion":"SPDX-2.3","name":"x","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Organization: Anchore, Inc","Tool: syft-v0.85.0"]},"packages":[{},{},{}]}}"#;
        let payload = base64::engine::general_purpose::STANDARD.encode(statement);
        let env = format!(
            r#"{{"payloadType":"application/vnd.in-toto+json","payload":"{payload}","signatures":[{{"sig":"x"}}]}}"#
        );
        let st = decode(&json::parse(env.as_bytes()).unwrap()).unwrap();
        assert!(st.from_dsse);
        assert_eq!(st.signatures, 1);
        assert!(st.subjects[0].names("sha256:aa"));
        assert!(!st.subjects[0].names("sha256:bb"));
        let sbom = st.sbom.unwrap();
        assert_eq!((sbom.format.as_str(), sbom.packages), ("SPDX", 3));
        assert_eq!(sbom.tools, vec!["syft-v0.85.0".to_string()]);
        assert_eq!(sbom.version.as_deref(), Some("SPDX-2.3"));
    }

    #[test]
    fn cyclonedx_tools_in_both_shapes() {
        for tools in [
            r#"[{"name":"trivy","version":"0.50"}]"#,
            r#"{"components":[{"name":"trivy","version":"0.50"}]}"#,
        ] {
            let doc = format!(
                r#"{{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cyclonedx.org/bom","subject":[],"predicate":{{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{{"tools":{tools}}},"components":[{{}},{{}}]}}}}"#
            );
            let sbom = decode(&json::parse(doc.as_bytes()).unwrap())
                .unwrap()
                .sbom
                .unwrap();
            assert_eq!((sbom.format.as_str(), sbom.packages), ("CycloneDX", 2));
            assert_eq!(sbom.tools, vec!["trivy 0.50".to_string()]);
        }
    }

    #[test]
    fn imagetools_predicate_only_shapes() {
        let prov = decode(&json::parse(br#"{"SLSA":{"buildType":"https://mobyproject.org/buildkit@v1","builder":{"id":"b"}}}"#).unwrap()).unwrap();
        assert_eq!(prov.predicate_type, SLSA_V02);
        assert_eq!(prov.provenance.unwrap().builder.as_deref(), Some("b"));
        let sbom = decode(
            &json::parse(
                br#"{"SPDX":{"spdxVersion":"SPDX-2.3","packages":[{}]},"AdditionalSPDXs":[]}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(sbom.sbom.unwrap().packages, 1);
        assert!(decode(&json::parse(br#"{"schemaVersion":2}"#).unwrap()).is_none());
    }
}
