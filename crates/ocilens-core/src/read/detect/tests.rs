//! Tests of detection, on the real captures in `tests/fixtures/` (copies of the team's shared
//! captures, identical bytes). Wrappers that have no real capture are built in code from them.

use sha2::{Digest as _, Sha256};

use super::*;
use crate::findings::Code;
use crate::read::json;
use crate::Severity;
use crate::{DescriptorRole, Input, InputSummary};

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/",
            $path
        ))
        .as_slice()
    };
}

struct Out {
    docs: Vec<Document>,
    findings: Vec<Finding>,
    summaries: Vec<InputSummary>,
}

/// Classifies `bytes` (one JSON value, the whole input) as input `name` with `hint`.
fn run_named(name: &str, bytes: &[u8], hint: Hint) -> Out {
    let inputs = vec![Input::new(name, bytes)];
    let mut cx = Ctx {
        summaries: vec![InputSummary {
            name: name.into(),
            size: bytes.len(),
            formats: Vec::new(),
        }],
        ..Ctx::new(&inputs)
    };
    let json = json::parse(bytes).expect("test input is JSON");
    classify(
        &mut cx,
        Found {
            input: 0,
            span: 0..bytes.len(),
            line: 1,
            json,
            hint,
        },
    );
    Out {
        docs: cx.documents,
        findings: cx.findings,
        summaries: cx.summaries,
    }
}

fn run(bytes: &[u8]) -> Out {
    run_named("paste", bytes, Hint::default())
}

fn with_command(cmd: &str) -> Hint {
    Hint {
        command: Some(cmd.into()),
        ..Hint::default()
    }
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

fn one(out: &Out) -> &Document {
    assert_eq!(out.docs.len(), 1, "{:#?}", out.docs);
    &out.docs[0]
}

fn is_not_original(d: &Document) -> bool {
    matches!(d.exactness, Exactness::NotOriginal(_))
        && d.digest.is_none()
        && d.digest_note.is_some()
}

fn tool_claim<'a>(d: &'a Document, field: &str) -> Option<&'a Claim> {
    d.claims.iter().find(|c| {
        c.source
            == ClaimSource::ToolField {
                field: field.into(),
            }
    })
}

fn codes(out: &Out) -> Vec<Code> {
    out.findings.iter().map(|f| f.code).collect()
}

// ---- raw registry documents ----------------------------------------------------------------

#[test]
fn oci_index_with_every_field_gives_full_descriptors() {
    let bytes = fixture!("manifests/oci-index-all-fields-synthetic.json");
    let out = run(bytes);
    let d = one(&out);
    assert_eq!((d.kind, d.format), (Kind::Index, Format::RawJson));
    assert_eq!(d.exactness, Exactness::Exact);
    assert_eq!(d.bytes, bytes);
    assert_eq!(
        d.media_type.as_deref(),
        Some("application/vnd.oci.image.index.v1+json")
    );
    assert_eq!(d.descriptors.len(), 2);
    let m = &d.descriptors[0];
    assert_eq!(
        (m.path.as_str(), m.role),
        ("$.manifests[0]", DescriptorRole::Manifest)
    );
    assert_eq!(m.size, Some(1));
    assert_eq!(m.urls, ["https://some.example/manifest"]);
    assert_eq!(m.annotations, [("manifest".to_string(), "1".to_string())]);
    assert_eq!(m.data.as_deref(), Some("YQ=="));
    assert_eq!(
        m.artifact_type.as_deref(),
        Some("application/our-sub-artifact")
    );
    let p = m.platform.as_ref().unwrap();
    assert_eq!(
        (p.os.as_str(), p.architecture.as_str(), p.variant.as_deref()),
        ("B", "A", Some("E"))
    );
    assert_eq!(
        (p.os_version.as_deref(), p.os_features.as_slice()),
        (Some("C"), &["D".to_string()][..])
    );
    let s = &d.descriptors[1];
    assert_eq!(
        (s.path.as_str(), s.role),
        ("$.subject", DescriptorRole::Subject)
    );
    assert_eq!(
        s.digest.as_deref(),
        Some("sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
    );
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert_eq!(out.summaries[0].formats, [Format::RawJson]);
}

#[test]
fn docker_hub_list_keeps_windows_os_version_and_escaped_slashes() {
    let out = run(fixture!(
        "manifests/dockerhub-python-latest-manifest-list.json"
    ));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Index);
    assert_eq!(
        d.media_type.as_deref(),
        Some("application/vnd.docker.distribution.manifest.list.v2+json")
    );
    assert!(d
        .detail
        .as_deref()
        .unwrap()
        .contains("Docker manifest list"));
    let windows: Vec<_> = d
        .descriptors
        .iter()
        .filter_map(|x| x.platform.as_ref())
        .filter(|p| p.os == "windows")
        .collect();
    assert!(!windows.is_empty());
    assert!(windows.iter().all(|p| p.os_version.is_some()));
}

#[test]
fn three_space_list_without_a_command_is_raw_json() {
    // Docker Hub and distribution write 3-space lists too: only the digest stage can tell.
    let out = run(fixture!("manifests/docker-manifest-list-3space.json"));
    let d = one(&out);
    assert_eq!(
        (d.kind, d.format, &d.exactness),
        (Kind::Index, Format::RawJson, &Exactness::Exact)
    );
}

#[test]
fn list_with_schema1_children_keeps_features_and_odd_variants() {
    let out = run(fixture!(
        "manifests/docker-manifest-list-schema1-children.json"
    ));
    let d = one(&out);
    let amd = d.descriptors[1].platform.as_ref().unwrap();
    assert_eq!(amd.features, ["sse"]);
    assert!(d
        .descriptors
        .iter()
        .any(|x| x.platform.as_ref().and_then(|p| p.variant.as_deref()) == Some("armv7")));
    assert_eq!(
        d.descriptors[0].media_type.as_deref(),
        Some("application/vnd.docker.distribution.manifest.v1+json")
    );
}

#[test]
fn docker_schema2_gives_config_and_layers() {
    let out = run(fixture!(
        "manifests/dockerhub-python-linux-amd64-schema2.json"
    ));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Manifest);
    assert!(d.detail.as_deref().unwrap().contains("Docker schema2"));
    assert_eq!(d.descriptors[0].role, DescriptorRole::Config);
    assert_eq!(d.descriptors[0].path, "$.config");
    assert!(d.descriptors[1..]
        .iter()
        .all(|x| x.role == DescriptorRole::Layer));
    assert_eq!(d.descriptors[1].path, "$.layers[0]");
}

#[test]
fn oci_manifest_without_media_type_is_judged_by_structure() {
    let bytes = fixture!("manifests/ggcr-oci-manifest-no-mediatype.json");
    let d = one(&run(bytes)).clone();
    assert_eq!((d.kind, d.media_type.as_deref()), (Kind::Manifest, None));
    assert!(d.detail.as_deref().unwrap().contains("no mediaType"));
    let hinted = run_named(
        "paste",
        bytes,
        Hint {
            media_type: Some("application/vnd.oci.image.manifest.v1+json".into()),
            ..Hint::default()
        },
    );
    assert_eq!(
        one(&hinted).media_type.as_deref(),
        Some("application/vnd.oci.image.manifest.v1+json")
    );
}

#[test]
fn manifest_with_subject_and_artifact_manifest() {
    let out = run(fixture!("manifests/regclient-manifest-with-subject.json"));
    assert!(one(&out)
        .descriptors
        .iter()
        .any(|x| x.role == DescriptorRole::Subject));
    let out = run(fixture!(
        "manifests/regclient-artifact-manifest-subject.json"
    ));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Manifest);
    assert_eq!(
        d.descriptors[0].media_type.as_deref(),
        Some("application/vnd.oci.empty.v1+json")
    );
    assert_eq!(d.descriptors.last().unwrap().role, DescriptorRole::Subject);
}

#[test]
fn foreign_layer_manifest_keeps_layer_media_types() {
    let out = run(fixture!(
        "manifests/docker-schema2-foreign-layer-synthetic.json"
    ));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Manifest);
    assert!(d.descriptors.iter().any(|x| x
        .media_type
        .as_deref()
        .unwrap_or("")
        .contains("foreign")));
}

#[test]
fn signed_schema1_has_blobsums_platform_and_reference() {
    let out = run(fixture!("manifests/docker-schema1-signed.json"));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Schema1);
    assert!(d.detail.as_deref().unwrap().contains("signed"));
    assert_eq!(d.reference.as_deref(), Some("mitr/busybox:latest"));
    let p = d.platform.as_ref().unwrap();
    assert_eq!((p.os.as_str(), p.architecture.as_str()), ("linux", "amd64"));
    assert_eq!(d.descriptors.len(), 3);
    assert!(d
        .descriptors
        .iter()
        .all(|x| x.role == DescriptorRole::Schema1Layer));
    assert_eq!(d.descriptors[2].path, "$.fsLayers[2]");
    assert_eq!(
        d.descriptors[0].digest.as_deref(),
        Some("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")
    );
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
}

#[test]
fn unsigned_schema1_is_schema1() {
    let out = run(br#"{"schemaVersion":1,"name":"library/x","tag":"1","architecture":"arm","fsLayers":[{"blobSum":"sha256:aa"}],"history":[]}"#);
    let d = one(&out);
    assert_eq!(d.kind, Kind::Schema1);
    assert!(d.detail.as_deref().unwrap().contains("unsigned"));
    assert_eq!(d.reference.as_deref(), Some("library/x:1"));
}

#[test]
fn layout_index_json_is_named_in_detail() {
    // Without any hint: no mediaType and ref.name annotations.
    let out = run(fixture!("ggcr-layout-test_index/index.json"));
    let d = one(&out);
    assert_eq!((d.kind, d.format), (Kind::Index, Format::RawJson));
    assert!(d
        .detail
        .as_deref()
        .unwrap()
        .contains("OCI layout index.json"));
    assert_eq!(
        d.descriptors[3].annotations[0],
        ("org.opencontainers.image.ref.name".into(), "4".into())
    );
    // From the layout reader: the file name says it.
    let hint = Hint {
        format: Some(Format::OciLayout),
        ..Hint::default()
    };
    let out = run_named(
        "index.json",
        fixture!("buildkit-oci-layout/index.json"),
        hint,
    );
    let d = one(&out);
    assert_eq!(d.format, Format::OciLayout);
    assert!(d
        .detail
        .as_deref()
        .unwrap()
        .contains("OCI layout index.json"));
    assert_eq!(out.summaries[0].formats, [Format::OciLayout]);
}

#[test]
fn referrers_index_is_named_in_detail() {
    let out = run(fixture!("manifests/regclient-referrers-index.json"));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Index);
    assert!(d.detail.as_deref().unwrap().contains("referrers"));
    assert_eq!(
        d.descriptors[0].artifact_type.as_deref(),
        Some("application/example.sbom")
    );
    // An artifact index with a top-level artifactType only is not a referrers response.
    let out = run(fixture!("manifests/regclient-index-with-artifacttype.json"));
    assert!(!one(&out).detail.as_deref().unwrap().contains("referrers"));
}

#[test]
fn builder_entries_are_plain_index_entries() {
    let out = run(fixture!(
        "manifests/regclient-index-reference-manifests.json"
    ));
    let d = one(&out);
    assert_eq!(d.descriptors.len(), 4);
    assert_eq!(d.descriptors[3].platform.as_ref().unwrap().os, "unknown");
}

#[test]
fn docker_image_config_has_platform() {
    let out = run(fixture!("manifests/docker-image-config-httpd.json"));
    let d = one(&out);
    assert_eq!(
        (d.kind, d.exactness.clone()),
        (Kind::Config, Exactness::Exact)
    );
    assert_eq!(d.detail.as_deref(), Some("Docker image config"));
    let p = d.platform.as_ref().unwrap();
    assert_eq!(p.to_string(), "linux/amd64");
}

#[test]
fn buildkit_configs_and_attestation_config() {
    let out = run(fixture!("buildkit-oci-layout/blobs/sha256/31fb11342ef44e567c32519f5d6418f558d043626afb9b2a9a46db6f05dfdd9b"));
    assert_eq!(one(&out).kind, Kind::Config);
    let out = run(fixture!("buildkit-oci-layout/blobs/sha256/f3d7356a6b37f2298ef338066f12410ceb9a1f6c58fb570e84914d97870de5c2"));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Config);
    assert_eq!(d.platform.as_ref().unwrap().to_string(), "unknown/unknown");
    assert!(d.detail.as_deref().unwrap().contains("attestation config"));
}

#[test]
fn buildkit_index_and_manifests_from_the_layout() {
    let out = run(fixture!("buildkit-oci-layout/blobs/sha256/5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c"));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Index);
    assert_eq!(d.descriptors.len(), 4);
    assert!(d.descriptors[2]
        .annotations
        .iter()
        .any(|(k, v)| k == "vnd.docker.reference.type" && v == "attestation-manifest"));
    let out = run(fixture!("buildkit-oci-layout/blobs/sha256/1d88e5a3e13d830277704130ae7b1aa7d9eb25f952891234d5c01f81651dcefc"));
    let d = one(&out);
    assert_eq!(d.kind, Kind::Manifest);
    assert_eq!(
        d.descriptors[1].annotations[0].0,
        "in-toto.io/predicate-type"
    );
}

#[test]
fn in_toto_statements_v01_with_slsa_v02_and_v1() {
    let out = run(fixture!("buildkit-oci-layout/blobs/sha256/26418efea0e73f6d53caec7094235ed1b16d6f7b31981fd7076760022c8e366d"));
    assert_eq!(one(&out).kind, Kind::InTotoStatement);
    let out = run(fixture!(
        "attestations/intoto-slsa-v1-provenance-buildkit.json"
    ));
    let d = one(&out);
    assert_eq!((d.kind, d.format), (Kind::InTotoStatement, Format::RawJson));
    assert!(d
        .detail
        .as_deref()
        .unwrap()
        .contains("https://slsa.dev/provenance/v1"));
}

#[test]
fn dsse_envelope_is_recognised() {
    let out = run(br#"{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"keyid":"","sig":"MEUC"}]}"#);
    assert_eq!(one(&out).kind, Kind::DsseEnvelope);
}

#[test]
fn hint_claims_reference_and_curl_format_go_on_the_document() {
    let c = claim("sha256:abc", ClaimSource::DockerContentDigest, None);
    let hint = Hint {
        format: Some(Format::CurlResponse),
        claims: vec![c.clone()],
        reference: Some("docker.io/library/python:latest".into()),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("manifests/ggcr-docker-schema2-compact.json"),
        hint,
    );
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::CurlResponse, Kind::Manifest));
    assert_eq!(d.claims, [c]);
    assert_eq!(
        d.reference.as_deref(),
        Some("docker.io/library/python:latest")
    );
}

#[test]
fn curl_body_is_never_read_as_a_tool_wrapper() {
    // A tab-indented body from a registry is the registry's bytes.
    let hint = Hint {
        format: Some(Format::CurlResponse),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("docker-cli/manifest-inspect-plain-manifest.golden"),
        hint,
    );
    assert_eq!(
        (one(&out).format, one(&out).exactness.clone()),
        (Format::CurlResponse, Exactness::Exact)
    );
}

// ---- docker manifest inspect ---------------------------------------------------------------

#[test]
fn manifest_inspect_plain_manifest_is_recognised_by_its_tabs() {
    let out = run(fixture!(
        "docker-cli/manifest-inspect-plain-manifest.golden"
    ));
    let d = one(&out);
    assert_eq!(
        (d.format, d.kind),
        (Format::ManifestInspect, Kind::Manifest)
    );
    assert!(is_not_original(d));
    assert!(d.digest_note.as_ref().unwrap().en.contains("re-indents"));
    assert!(d.digest_note.as_ref().unwrap().ja.contains("タブ"));
    assert_eq!(d.descriptors.len(), 2);
}

#[test]
fn manifest_inspect_plain_list_needs_the_command() {
    let bytes = fixture!("docker-cli/manifest-inspect-plain-list.golden");
    assert_eq!(one(&run(bytes)).format, Format::RawJson);
    let out = run_named(
        "paste",
        bytes,
        with_command("docker manifest inspect example.com/alpine:3.0"),
    );
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::ManifestInspect, Kind::Index));
    assert!(is_not_original(d));
    assert!(d.digest_note.as_ref().unwrap().en.contains("rebuilds"));
    assert_eq!(d.descriptors.len(), 2);
    assert_eq!(out.summaries[0].formats, [Format::ManifestInspect]);
}

#[test]
fn manifest_inspect_verbose_decodes_raw_into_exact_bytes() {
    let out = run(fixture!(
        "docker-cli/manifest-inspect-verbose-manifest.golden"
    ));
    let d = one(&out);
    assert_eq!(
        (d.format, d.kind, d.exactness.clone()),
        (
            Format::ManifestInspectVerbose,
            Kind::Manifest,
            Exactness::Exact
        )
    );
    let want = "sha256:1072e499f3f655a032e88542330cf75b02e7bdf673278f701d7ba61629ee3ebe";
    // The decoded bytes are the registry's: they hash to the descriptor's digest.
    assert_eq!(sha256(&d.bytes), want);
    assert_eq!(d.bytes.len(), 528);
    assert!(d.bytes.starts_with(b"{\n   \"schemaVersion\": 2"));
    let c = &d.claims[0];
    assert_eq!(
        (c.digest.as_str(), &c.source, c.size),
        (want, &ClaimSource::ManifestInspectDescriptor, Some(528))
    );
    assert_eq!(c.verdict, Verdict::CannotRecompute);
    assert_eq!(d.reference.as_deref(), Some("example.com/alpine:3.0"));
    let p = d.platform.as_ref().unwrap();
    assert_eq!(p.to_string(), "freebsd/arm/v7");
    assert_eq!(
        (p.os_version.as_deref(), p.os_features.as_slice()),
        (Some("1"), &["feature1".to_string()][..])
    );
    assert_eq!(d.descriptors.len(), 2);
    assert_eq!(d.span.start, 0);
}

#[test]
fn manifest_inspect_verbose_list_gives_one_document_per_entry() {
    let one_entry = fixture!("docker-cli/manifest-inspect-verbose-manifest.golden");
    let text = String::from_utf8_lossy(one_entry);
    let list = format!("[\n{},\n{}]\n", text.trim_end(), text.trim_end());
    let out = run(list.as_bytes());
    assert_eq!(out.docs.len(), 2);
    assert!(out
        .docs
        .iter()
        .all(|d| d.exactness == Exactness::Exact && d.kind == Kind::Manifest));
    assert!(out.docs[1].span.start > out.docs[0].span.end);
    assert!(out.docs[1].line > 1);
}

#[test]
fn manifest_inspect_verbose_with_broken_raw_falls_back_and_says_so() {
    let text = String::from_utf8_lossy(fixture!(
        "docker-cli/manifest-inspect-verbose-manifest.golden"
    ));
    let broken = text.replace("\"Raw\": \"ewog", "\"Raw\": \"!!ewog");
    let out = run(broken.as_bytes());
    assert_eq!(codes(&out), ["raw-not-base64"]);
    let d = one(&out);
    assert!(is_not_original(d));
    assert_eq!(d.kind, Kind::Manifest);
    assert_eq!(d.claims[0].source, ClaimSource::ManifestInspectDescriptor);
}

// ---- imagetools --format -------------------------------------------------------------------

#[test]
fn imagetools_manifest_descriptor_form() {
    let out = run(fixture!("imagetools/json-manifest-single-descriptor.json"));
    let d = one(&out);
    assert_eq!(
        (d.format, d.kind),
        (Format::ImagetoolsJson, Kind::Descriptor)
    );
    assert!(is_not_original(d));
    assert_eq!(d.descriptors.len(), 1);
    assert_eq!(
        (d.descriptors[0].role, d.descriptors[0].size),
        (DescriptorRole::Manifest, Some(1599))
    );
    let c = tool_claim(d, "digest").unwrap();
    assert_eq!(
        c.digest,
        "sha256:dccc69dd895968c4f21aa9e43e715f25f0cedfce4b17f1014c88c307928e22fc"
    );
    assert_eq!(c.size, Some(1599));
}

#[test]
fn imagetools_manifest_index_form_is_not_the_registry_bytes() {
    let out = run(fixture!("imagetools/json-manifest-index.json"));
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::ImagetoolsJson, Kind::Index));
    assert!(is_not_original(d));
    assert!(d.digest_note.as_ref().unwrap().en.contains("re-serialised"));
    let c = tool_claim(d, "digest").unwrap();
    assert_eq!(
        c.digest,
        "sha256:79cc6476ab1a3371c9afd8b44e7c55610057c43e18d9b39b68e2b0c2475cc1b6"
    );
    assert_eq!(c.size, Some(4654));
    assert_eq!(d.descriptors.len(), 12);
    assert_eq!(
        d.descriptors[1].platform.as_ref().unwrap().to_string(),
        "linux/arm/v7"
    );
}

#[test]
fn imagetools_image_single_is_a_config_exact_unless_the_command_says_imagetools() {
    let bytes = fixture!("imagetools/json-image-single.json");
    let d = one(&run(bytes)).clone();
    assert_eq!(
        (d.kind, d.format, d.exactness),
        (Kind::Config, Format::RawJson, Exactness::Exact)
    );
    let out = run_named(
        "paste",
        bytes,
        with_command(
            "docker buildx imagetools inspect moby/buildkit:latest --format '{{json .Image}}'",
        ),
    );
    let d = one(&out);
    assert_eq!((d.kind, d.format), (Kind::Config, Format::ImagetoolsJson));
    assert!(is_not_original(d));
    assert_eq!(d.platform.as_ref().unwrap().to_string(), "linux/amd64");
}

#[test]
fn imagetools_image_map_gives_one_config_per_platform() {
    let out = run(fixture!("imagetools/json-image-multi.json"));
    assert!(out.docs.len() >= 3, "{}", out.docs.len());
    assert!(out.docs.iter().all(|d| d.kind == Kind::Config
        && d.format == Format::ImagetoolsJson
        && is_not_original(d)));
    let platforms: Vec<String> = out
        .docs
        .iter()
        .map(|d| d.platform.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(platforms[0], "linux/amd64");
    assert!(platforms.contains(&"linux/arm/v7".to_string()));
    // Each document's bytes are its own value inside the map.
    assert!(out.docs[1].bytes.starts_with(b"{"));
    assert!(out.docs[1].line > out.docs[0].line);
    assert!(out.findings.is_empty());
}

/// `{{json .}}` as buildx >= 0.11 prints it, built from the real `.Manifest` and `.Image` parts.
fn imagetools_all(extra: &str) -> String {
    let m = String::from_utf8_lossy(fixture!("imagetools/json-manifest-index.json"))
        .trim_end()
        .replace('\n', "\n  ");
    let i = String::from_utf8_lossy(fixture!("imagetools/json-image-multi.json"))
        .trim_end()
        .replace('\n', "\n  ");
    format!("{{\n  \"name\": \"moby/buildkit:latest\",\n  \"manifest\": {m},\n  \"image\": {i}{extra}\n}}")
}

#[test]
fn imagetools_json_dot_current_buildx_splits_into_parts() {
    let prov = r#",
  "provenance": {"linux/amd64": {"SLSA": {"buildType": "https://mobyproject.org/buildkit@v1"}}},
  "sbom": {"SPDX": {"spdxVersion": "SPDX-2.3"}}"#;
    let out = run(imagetools_all(prov).as_bytes());
    let kinds: Vec<Kind> = out.docs.iter().map(|d| d.kind).collect();
    assert_eq!(kinds[0], Kind::Index);
    assert!(kinds[1..kinds.len() - 2].iter().all(|k| *k == Kind::Config));
    assert_eq!(
        &kinds[kinds.len() - 2..],
        [Kind::InTotoStatement, Kind::InTotoStatement]
    );
    assert!(out
        .docs
        .iter()
        .all(|d| d.format == Format::ImagetoolsJson && is_not_original(d)));
    assert!(out
        .docs
        .iter()
        .all(|d| d.reference.as_deref() == Some("moby/buildkit:latest")));
    assert!(out.docs[0]
        .detail
        .as_deref()
        .unwrap()
        .contains("buildx >= 0.11"));
    let prov = &out.docs[out.docs.len() - 2];
    assert_eq!(prov.platform.as_ref().unwrap().to_string(), "linux/amd64");
    assert!(crate::explain::attestation::decode(prov.json.as_ref().unwrap()).is_some());
    assert_eq!(out.summaries[0].formats, [Format::ImagetoolsJson]);
}

#[test]
fn imagetools_json_dot_older_generations() {
    let out = run(imagetools_all(
        ",\n  \"Provenance\": {\"SLSA\": {}},\n  \"SBOM\": {\"SPDX\": {}}",
    )
    .as_bytes());
    assert!(out.docs[0]
        .detail
        .as_deref()
        .unwrap()
        .contains("buildx 0.10"));
    assert_eq!(out.docs.last().unwrap().kind, Kind::InTotoStatement);
    let out =
        run(imagetools_all(",\n  \"buildinfo\": {\"frontend\": \"dockerfile.v0\"}").as_bytes());
    assert!(out.docs[0]
        .detail
        .as_deref()
        .unwrap()
        .contains("buildx 0.8-0.9"));
    assert_eq!(out.docs.last().unwrap().kind, Kind::Summary);
}

#[test]
fn imagetools_json_dot_single_image_and_null_manifest() {
    let d = String::from_utf8_lossy(fixture!("imagetools/json-manifest-single-descriptor.json"))
        .trim_end()
        .to_string();
    let i = String::from_utf8_lossy(fixture!("imagetools/json-image-single.json"))
        .trim_end()
        .to_string();
    let out = run(
        format!("{{\"name\": \"moby/buildkit\", \"manifest\": {d}, \"image\": {i}}}").as_bytes(),
    );
    let kinds: Vec<Kind> = out.docs.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [Kind::Descriptor, Kind::Config]);
    assert!(tool_claim(&out.docs[0], "digest").is_some());
    // Schema1 gives `"manifest": null`: the wrapper is still kept, never dropped.
    let out = run(br#"{"name": "old/image:1", "manifest": null, "image": null}"#);
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::ImagetoolsJson, Kind::Summary));
    assert_eq!(d.reference.as_deref(), Some("old/image:1"));
    assert!(out.findings.is_empty());
}

#[test]
fn imagetools_provenance_and_sbom_bare_forms() {
    let out = run(
        br#"{"SLSA": {"builder": {"id": ""}, "buildType": "https://mobyproject.org/buildkit@v1"}}"#,
    );
    let d = one(&out);
    assert_eq!(
        (d.kind, d.format),
        (Kind::InTotoStatement, Format::ImagetoolsJson)
    );
    assert!(d.detail.as_deref().unwrap().contains("provenance"));
    let out = run(br#"{"SPDX": {"spdxVersion": "SPDX-2.3"}, "AdditionalSPDXs": []}"#);
    assert!(one(&out).detail.as_deref().unwrap().contains("SBOM"));
    let out = run(br#"{"linux/amd64": {"SLSA": {}}, "linux/arm64": {"SLSA": {}}}"#);
    assert_eq!(out.docs.len(), 2);
    assert_eq!(
        out.docs[1].platform.as_ref().unwrap().to_string(),
        "linux/arm64"
    );
}

// ---- other tools ---------------------------------------------------------------------------

#[test]
fn docker_inspect_array_gives_summaries() {
    let out = run(fixture!("docker-cli/docker-image-inspect-2021.json"));
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::DockerInspect, Kind::Summary));
    assert!(is_not_original(d));
    assert_eq!(
        d.reference.as_deref(),
        Some("gsantomaggio/go-stream-client:latest")
    );
    assert_eq!(d.platform.as_ref().unwrap().to_string(), "linux/amd64");
    assert!(d
        .detail
        .as_deref()
        .unwrap()
        .contains("2021-04-04T21:17:01.5102921Z"));
    let id = tool_claim(d, "Id").unwrap();
    assert_eq!(
        id.digest,
        "sha256:1ee5934abde98bde8d1a11878afd05b637ebed272f2bb2bfe14a717757ef8fff"
    );
}

#[test]
fn docker_inspect_with_an_epoch_created_is_noted() {
    let out = run(br#"[{"Id":"sha256:aa","RepoTags":[],"RepoDigests":["x@sha256:bb"],"Created":"1970-01-01T00:00:00Z","Architecture":"arm64","Os":"linux","Variant":"v8"}]"#);
    let d = one(&out);
    assert!(d.detail.as_deref().unwrap().contains("unset creation time"));
    assert_eq!(d.reference.as_deref(), Some("x@sha256:bb"));
    assert_eq!(tool_claim(d, "RepoDigests").unwrap().digest, "sha256:bb");
    assert_eq!(d.platform.as_ref().unwrap().to_string(), "linux/arm64/v8");
}

#[test]
fn skopeo_inspect_is_a_summary_with_the_digest_as_a_claim() {
    let skopeo = br#"{
    "Name": "docker.io/library/alpine",
    "Digest": "sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b",
    "RepoTags": ["3.19", "latest"],
    "Created": "2024-01-27T00:30:48.743965523Z",
    "DockerVersion": "",
    "Labels": null,
    "Architecture": "arm",
    "Variant": "v7",
    "Os": "linux",
    "Layers": ["sha256:4abcf20661432fb2d719aaf90656f55c287f8ca915dc1c92ec14ff61e67fbaf8"],
    "LayersData": [
        {
            "MIMEType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "Digest": "sha256:4abcf20661432fb2d719aaf90656f55c287f8ca915dc1c92ec14ff61e67fbaf8",
            "Size": 3408729,
            "Annotations": null
        }
    ],
    "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
}"#;
    let out = run(skopeo);
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::SkopeoInspect, Kind::Summary));
    assert!(is_not_original(d));
    assert_eq!(d.reference.as_deref(), Some("docker.io/library/alpine"));
    assert_eq!(d.platform.as_ref().unwrap().to_string(), "linux/arm/v7");
    assert_eq!(
        tool_claim(d, "Digest").unwrap().digest,
        "sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b"
    );
    assert_eq!(d.descriptors.len(), 1);
    assert_eq!(
        (d.descriptors[0].role, d.descriptors[0].size),
        (DescriptorRole::Layer, Some(3408729))
    );
    assert_eq!(d.descriptors[0].path, "$.LayersData[0]");
}

#[test]
fn oras_json_unwraps_content() {
    let content =
        String::from_utf8_lossy(fixture!("manifests/regclient-manifest-with-subject.json"))
            .to_string();
    let oras = format!(
        "{{\"reference\":\"localhost:5000/x@sha256:d910434391624641a9398ec921067e2dbd9a76aac69f120257906f811f0eecb8\",\
         \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
         \"digest\":\"sha256:d910434391624641a9398ec921067e2dbd9a76aac69f120257906f811f0eecb8\",\"size\":557,\"content\":{content}}}"
    );
    let out = run(oras.as_bytes());
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::OrasJson, Kind::Manifest));
    assert!(is_not_original(d));
    assert_eq!(d.bytes, content.as_bytes());
    let c = tool_claim(d, "digest").unwrap();
    assert_eq!(c.size, Some(557));
    assert!(d
        .reference
        .as_deref()
        .unwrap()
        .starts_with("localhost:5000/x@"));
    assert!(d
        .descriptors
        .iter()
        .any(|x| x.role == DescriptorRole::Subject));
}

// ---- types, unknown values, robustness -----------------------------------------------------

#[test]
fn wrong_types_are_schema_type_errors_with_paths() {
    let src = br#"{
  "schemaVersion": 3,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:aa", "size": "528",
     "platform": {"os": "linux", "architecture": "amd64", "os.features": "x"}, "annotations": {"a": 1}},
    "not a descriptor"
  ]
}"#;
    let out = run(src);
    let d = one(&out);
    assert_eq!(d.kind, Kind::Index);
    assert_eq!(d.descriptors.len(), 1);
    assert_eq!(d.descriptors[0].size, None);
    assert_eq!(d.descriptors[0].digest.as_deref(), Some("sha256:aa"));
    let mut paths: Vec<&str> = out
        .findings
        .iter()
        .map(|f| f.location.path.as_deref().unwrap())
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "$.manifests[0].annotations.a",
            "$.manifests[0].platform[\"os.features\"]",
            "$.manifests[0].size",
            "$.manifests[1]",
            "$.schemaVersion"
        ]
    );
    assert!(out
        .findings
        .iter()
        .all(|f| f.code == Code::SchemaType && f.severity == Severity::Error));
    let size = out
        .findings
        .iter()
        .find(|f| f.location.path.as_deref() == Some("$.manifests[0].size"))
        .unwrap();
    assert_eq!(size.location.line, Some(5));
    assert_eq!(size.location.document, Some(0));
    assert!(size.message.en.contains("is a string"));
    assert!(size.message.ja.contains("文字列"));
    let sv = out
        .findings
        .iter()
        .find(|f| f.location.path.as_deref() == Some("$.schemaVersion"))
        .unwrap();
    assert!(sv.message.en.contains("the number 3"));
}

#[test]
fn manifests_not_an_array_is_reported_and_reading_goes_on() {
    let out = run(br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":{}}"#);
    assert_eq!(one(&out).kind, Kind::Index);
    assert_eq!(codes(&out), ["schema-type"]);
    assert_eq!(
        out.findings[0].location.path.as_deref(),
        Some("$.manifests")
    );
}

#[test]
fn unknown_json_is_kept_with_an_info_finding() {
    for src in [
        &br#"{"hello": "world"}"#[..],
        b"[1, 2, 3]",
        b"\"just a string\"",
        b"[]",
    ] {
        let out = run(src);
        let d = one(&out);
        assert_eq!(
            (d.kind, d.format, d.exactness.clone()),
            (Kind::OtherJson, Format::RawJson, Exactness::Exact)
        );
        assert_eq!(codes(&out), ["unknown-json"]);
        assert_eq!(out.findings[0].severity, Severity::Info);
        assert!(!out.findings[0].message.ja.is_empty());
    }
}

#[test]
fn public_helpers_read_platforms_and_descriptors() {
    let j =
        json::parse(br#"{"os":"windows","architecture":"amd64","os.version":"10.0.20348.2113"}"#)
            .unwrap();
    let p = parse_platform(&j).unwrap();
    assert_eq!(
        (p.to_string(), p.os_version.as_deref()),
        ("windows/amd64".to_string(), Some("10.0.20348.2113"))
    );
    assert_eq!(parse_platform(&json::parse(b"{}").unwrap()), None);
    let j = json::parse(fixture!("manifests/ggcr-docker-schema2-compact.json")).unwrap();
    let ds = descriptors_of(&j, Kind::Manifest);
    assert_eq!(ds[0].role, DescriptorRole::Config);
    assert!(descriptors_of(&j, Kind::Config).is_empty());
}

#[test]
fn no_panic_on_any_sub_value_of_any_fixture() {
    // Every JSON value nested in every capture, classified as if pasted alone.
    let all: [&[u8]; 10] = [
        fixture!("manifests/oci-index-all-fields-synthetic.json"),
        fixture!("manifests/docker-schema1-signed.json"),
        fixture!("manifests/docker-image-config-httpd.json"),
        fixture!("imagetools/json-image-multi.json"),
        fixture!("imagetools/json-manifest-index.json"),
        fixture!("docker-cli/manifest-inspect-verbose-manifest.golden"),
        fixture!("docker-cli/docker-image-inspect-2021.json"),
        fixture!("attestations/intoto-slsa-v1-provenance-buildkit.json"),
        fixture!("ggcr-layout-test_index/index.json"),
        fixture!("manifests/regclient-artifact-manifest-subject.json"),
    ];
    let mut count = 0;
    for bytes in all {
        let root = json::parse(bytes).unwrap();
        let mut stack = vec![&root];
        while let Some(v) = stack.pop() {
            let out = run(&bytes[v.span.clone()]);
            assert!(!out.docs.is_empty());
            count += 1;
            match &v.value {
                json::Value::Array(items) => stack.extend(items.iter()),
                json::Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
                _ => {}
            }
        }
    }
    assert!(count > 500, "{count}");
}

#[test]
fn a_descriptor_blob_in_a_layout_stays_exact() {
    let hint = Hint {
        format: Some(Format::OciLayout),
        ..Hint::default()
    };
    let out = run_named(
        "blobs/sha256/x",
        fixture!("imagetools/json-manifest-single-descriptor.json"),
        hint,
    );
    let d = one(&out);
    assert_eq!(
        (d.kind, d.format, d.exactness.clone()),
        (Kind::Descriptor, Format::OciLayout, Exactness::Exact)
    );
    assert!(d.claims.is_empty());
}

#[test]
fn content_type_stands_in_for_a_missing_media_type() {
    let hint = Hint {
        content_type: Some("application/vnd.oci.image.manifest.v1+json; charset=utf-8".into()),
        format: Some(Format::CurlResponse),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("manifests/ggcr-oci-manifest-no-mediatype.json"),
        hint,
    );
    assert_eq!(
        one(&out).media_type.as_deref(),
        Some("application/vnd.oci.image.manifest.v1+json")
    );
    let hint = Hint {
        content_type: Some("application/json".into()),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("manifests/ggcr-oci-manifest-no-mediatype.json"),
        hint,
    );
    assert_eq!(one(&out).media_type, None);
}

#[test]
fn the_command_line_is_read_with_sudo_and_format_equals() {
    let list = fixture!("docker-cli/manifest-inspect-plain-list.golden");
    let out = run_named(
        "paste",
        list,
        with_command("sudo docker manifest inspect alpine"),
    );
    assert_eq!(one(&out).format, Format::ManifestInspect);
    // With -v the shape decides; a plain list after `-v` is read as it is.
    let out = run_named(
        "paste",
        list,
        with_command("docker manifest inspect -v alpine"),
    );
    assert_eq!(one(&out).format, Format::RawJson);
    let config = fixture!("imagetools/json-image-single.json");
    let out = run_named(
        "paste",
        config,
        with_command("docker buildx imagetools inspect x --format='{{json .Image}}'"),
    );
    assert_eq!(one(&out).format, Format::ImagetoolsJson);
    let out = run_named(
        "paste",
        config,
        with_command("docker buildx imagetools inspect x --raw"),
    );
    assert_eq!(one(&out).format, Format::RawJson);
}

#[test]
fn the_line_of_a_whole_input_document_is_found_line() {
    let bytes = b"\n\n{\"hello\": 1}\n";
    let inputs = vec![Input::new("paste", bytes.as_slice())];
    let mut cx = Ctx::new(&inputs);
    let json = json::parse(bytes).unwrap();
    classify(
        &mut cx,
        Found {
            input: 0,
            span: 0..bytes.len(),
            line: 3,
            json,
            hint: Hint::default(),
        },
    );
    assert_eq!(cx.documents[0].line, 3);
    assert_eq!(cx.documents[0].bytes, bytes);
    assert_eq!(cx.findings[0].location.line, Some(3));
}

#[test]
fn docker_inspect_single_object_from_format_json() {
    let text = String::from_utf8_lossy(fixture!("docker-cli/docker-image-inspect-2021.json"));
    let inner = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let out = run(inner.as_bytes());
    let d = one(&out);
    assert_eq!((d.format, d.kind), (Format::DockerInspect, Kind::Summary));
}

#[test]
fn structure_wins_over_a_wrong_outside_media_type() {
    let hint = Hint {
        media_type: Some("application/vnd.oci.image.index.v1+json".into()),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("manifests/docker-image-config-httpd.json"),
        hint,
    );
    assert_eq!(one(&out).kind, Kind::Config);
    let hint = Hint {
        media_type: Some("application/vnd.docker.distribution.manifest.v2+json".into()),
        ..Hint::default()
    };
    let out = run_named(
        "paste",
        fixture!("manifests/ggcr-oci-manifest-no-mediatype.json"),
        hint,
    );
    assert!(one(&out)
        .detail
        .as_deref()
        .unwrap()
        .starts_with("Docker schema2 manifest (no mediaType)"));
}

#[test]
fn a_file_that_is_one_tab_indented_manifest_keeps_its_digest_with_a_note() {
    let bytes = fixture!("docker-cli/manifest-inspect-plain-manifest.golden");
    let a = crate::analyze(&[Input::file("saved.json", bytes)]);
    let d = &a.documents[0];
    assert_eq!(
        (d.format, d.kind, &d.exactness),
        (Format::RawJson, Kind::Manifest, &Exactness::Exact)
    );
    assert_eq!(d.digest.as_deref(), Some(sha256(bytes).as_str()));
    let note: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == crate::findings::Code::LooksReindented)
        .collect();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].severity, crate::Severity::Info);
    assert_eq!(note[0].location.document, Some(0));
    // Pasted, the same bytes are still taken for `docker manifest inspect` output.
    let p = crate::analyze(&[Input::new("paste", bytes)]);
    assert!(is_not_original(&p.documents[0]));
    assert!(!p
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::LooksReindented));
    // A file holding more than the document (a command line, two documents) is a paste's.
    let mut two = bytes.to_vec();
    two.extend_from_slice(bytes);
    let t = crate::analyze(&[Input::file("two.json", two)]);
    assert!(t.documents.iter().all(is_not_original));
}

#[test]
fn only_os_arch_and_variant_keys_are_platforms() {
    let p = shape::platform_from_key("linux/arm/v7").unwrap();
    assert_eq!(
        (p.os.as_str(), p.architecture.as_str(), p.variant.as_deref()),
        ("linux", "arm", Some("v7"))
    );
    assert_eq!(
        shape::platform_from_key("windows/amd64").unwrap().variant,
        None
    );
    for not in [
        "",
        "linux",
        "linux/",
        "/amd64",
        "linux//v7",
        "a/b/c/d",
        "Linux/amd64",
        "linux/amd 64",
        "schemaVersion",
        "linux/arm/v7/",
    ] {
        assert!(shape::platform_from_key(not).is_none(), "{not}");
    }
}
