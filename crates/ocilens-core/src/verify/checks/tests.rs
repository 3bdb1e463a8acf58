//! Checks tests: one input per document (read by the real classifier, `tree::tests::doc`), each check
//! shown firing and staying quiet, on real captures where they exist.

use super::*;
use crate::findings::Code;
use crate::tree::tests::{doc, fixture, sha256};
use crate::Input;

/// Runs the checks over `docs`, each given as its own input.
fn check(mut docs: Vec<Document>) -> Vec<Finding> {
    let inputs: Vec<Input> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Input::new(format!("doc{i}"), d.bytes.clone()))
        .collect();
    for (i, d) in docs.iter_mut().enumerate() {
        d.input = i;
    }
    let mut cx = Ctx {
        documents: docs,
        ..Ctx::new(&inputs)
    };
    run(&mut cx);
    cx.findings
}

fn codes(f: &[Finding]) -> Vec<(Code, Severity, Option<String>)> {
    f.iter()
        .map(|f| (f.code, f.severity, f.location.path.clone()))
        .collect()
}

fn one(bytes: &[u8]) -> Vec<Finding> {
    check(vec![doc(bytes)])
}

fn p(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn real_buildkit_documents_raise_nothing() {
    let docs = vec![
        doc(fixture!("buildkit-oci-layout/blobs/sha256/5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/1d88e5a3e13d830277704130ae7b1aa7d9eb25f952891234d5c01f81651dcefc")),
        doc(fixture!("buildkit-oci-layout/index.json")),
        doc(fixture!("manifests/dockerhub-python-latest-manifest-list.json")),
        doc(fixture!("manifests/dockerhub-python-linux-amd64-schema2.json")),
        doc(fixture!("manifests/regclient-artifact-manifest-subject.json")),
        doc(fixture!("manifests/regclient-manifest-with-subject.json")),
    ];
    assert_eq!(codes(&check(docs)), vec![]);
}

#[test]
fn every_duplicate_key_is_reported_with_its_path_and_line() {
    let src = b"{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:aa\", \"size\": 1, \"size\": 2},\n  \"layers\": [],\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\"\n}";
    let f = one(src);
    let dups: Vec<_> = f.iter().filter(|f| f.code == Code::DuplicateKey).collect();
    assert_eq!(dups.len(), 2);
    assert_eq!(dups[0].location.path.as_deref(), Some("$.mediaType"));
    assert_eq!(dups[0].location.line, Some(6));
    assert_eq!(dups[1].location.path.as_deref(), Some("$.config.size"));
    assert_eq!(dups[0].severity, Severity::Warning);
    assert!(dups[0].message.en.contains("Go"));
    assert!(dups[0].message.ja.contains("パーサー"));
    // The last `mediaType` (index) wins, as in Go: an index type with manifest fields.
    assert!(f.iter().any(|f| f.code == Code::MediaTypeMismatch));
}

#[test]
fn a_manifest_without_media_type_is_info() {
    let f = one(fixture!("manifests/ggcr-oci-manifest-no-mediatype.json"));
    assert_eq!(
        codes(&f),
        vec![(Code::MissingMediaType, Severity::Info, p("$"))]
    );
}

#[test]
fn an_index_without_media_type_is_a_warning_but_not_in_a_layout() {
    let bytes = fixture!("ggcr-layout-test_index/index.json");
    // Read alone, the reader already knows this shape for a layout's index.json; as a pasted
    // index (what detection says of one without a layout's marks) it gets the warning.
    let mut pasted = doc(bytes);
    pasted.format = Format::RawJson;
    pasted.detail = Some("image index (no mediaType)".into());
    let f = check(vec![pasted.clone()]);
    assert!(codes(&f).contains(&(Code::MissingMediaType, Severity::Warning, p("$"))));
    pasted.format = Format::OciLayout;
    pasted.detail = Some("OCI image index; OCI layout index.json".into());
    let f = check(vec![pasted]);
    assert!(
        !f.iter().any(|f| f.code == Code::MissingMediaType),
        "{f:#?}"
    );
}

#[test]
fn a_descriptor_without_media_type_is_an_error() {
    let f = one(br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:aa","size":2},"layers":[]}"#);
    assert_eq!(
        codes(&f),
        vec![(Code::MissingMediaType, Severity::Error, p("$.config"))]
    );
}

#[test]
fn an_unknown_entry_type_in_an_index_is_info() {
    let mut d = doc(fixture!("ggcr-layout-test_index/index.json"));
    d.format = Format::OciLayout;
    d.detail = Some("OCI image index; OCI layout index.json".into());
    let f = check(vec![d]);
    assert_eq!(
        codes(&f),
        vec![(
            Code::UnknownMediaType,
            Severity::Info,
            p("$.manifests[1].mediaType")
        )]
    );
}

#[test]
fn artifact_config_and_layer_types_are_not_flagged_but_spec_typos_are() {
    let f = one(fixture!(
        "manifests/regclient-artifact-manifest-subject.json"
    ));
    assert!(f.is_empty(), "{f:#?}");
    let f = one(br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"sha256:aa","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gz","digest":"sha256:bb","size":3}]}"#);
    assert_eq!(
        codes(&f),
        vec![(
            Code::UnknownMediaType,
            Severity::Info,
            p("$.layers[0].mediaType")
        )]
    );
}

#[test]
fn an_unknown_own_media_type_is_a_warning() {
    let f = one(br#"{"schemaVersion":2,"mediaType":"application/vnd.example.thing+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aa","size":2},"layers":[]}"#);
    assert_eq!(
        codes(&f),
        vec![(Code::UnknownMediaType, Severity::Warning, p("$.mediaType"))]
    );
}

#[test]
fn own_media_type_against_content() {
    let f = one(br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aa","size":2},"layers":[]}"#);
    assert_eq!(
        codes(&f),
        vec![(Code::MediaTypeMismatch, Severity::Error, p("$.mediaType"))]
    );
    let f = one(br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","manifests":[]}"#);
    assert_eq!(
        codes(&f),
        vec![(Code::MediaTypeMismatch, Severity::Error, p("$.mediaType"))]
    );
    let f = one(br#"{"schemaVersion":2,"manifests":[],"layers":[]}"#);
    assert_eq!(
        codes(&f),
        vec![(Code::MediaTypeMismatch, Severity::Error, p("$"))]
    );
    assert!(f[0].message.en.contains("CVE-2021-41190"));
}

#[test]
fn a_descriptor_type_that_disagrees_with_the_document_it_points_to() {
    let docker = fixture!("manifests/ggcr-docker-schema2-compact.json");
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}]}}"#,
        sha256(docker),
        docker.len()
    );
    let f = check(vec![doc(index.as_bytes()), doc(docker)]);
    assert_eq!(
        codes(&f),
        vec![(
            Code::MediaTypeMismatch,
            Severity::Warning,
            p("$.manifests[0].mediaType")
        )]
    );
    assert_eq!(f[0].location.document, Some(0));
    assert!(f[0].message.en.contains("descriptor's media type wins"));
    assert!(f[0].message.ja.contains("優先"));
    // The same index with the right type: quiet.
    let right = index.replace(
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    );
    let f = check(vec![doc(right.as_bytes()), doc(docker)]);
    assert_eq!(
        codes(&f),
        vec![(
            Code::OciIndexWithDocker,
            Severity::Warning,
            p("$.manifests[0].mediaType")
        )]
    );
}

#[test]
fn a_descriptor_saying_index_for_a_manifest_without_media_type() {
    let m = fixture!("manifests/ggcr-oci-manifest-no-mediatype.json");
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":{}}}]}}"#,
        sha256(m),
        m.len()
    );
    let f = check(vec![doc(index.as_bytes()), doc(m)]);
    let got = codes(&f);
    assert!(got.contains(&(
        Code::MediaTypeMismatch,
        Severity::Warning,
        p("$.manifests[0].mediaType")
    )));
    assert!(got.contains(&(Code::MissingMediaType, Severity::Info, p("$"))));
}

#[test]
fn a_docker_list_holding_oci_entries() {
    let list = br#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:aa","size":1},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bb","size":1}]}"#;
    let f = one(list);
    assert_eq!(
        codes(&f),
        vec![(
            Code::DockerListWithOci,
            Severity::Warning,
            p("$.manifests[1].mediaType")
        )]
    );
    assert!(f[0]
        .fix
        .as_ref()
        .unwrap()
        .en
        .contains("oci-mediatypes=true"));
    // A list rebuilt by `docker manifest inspect` says nothing about the registry's list.
    let mut d = doc(list);
    d.format = Format::ManifestInspect;
    assert!(check(vec![d]).is_empty());
    // Nor does a layout's index.json, which lists stored images in their own formats.
    let mut d = doc(list);
    d.format = Format::OciLayout;
    d.detail = Some("OCI image index; OCI layout index.json".into());
    assert!(check(vec![d]).is_empty());
}

#[test]
fn an_all_docker_list_and_an_all_oci_index_are_fine() {
    assert!(one(fixture!("manifests/docker-manifest-list-3space.json")).is_empty());
    assert!(one(fixture!(
        "manifests/regclient-index-reference-manifests.json"
    ))
    .is_empty());
}

#[test]
fn a_schema1_manifest_is_legacy() {
    let f = one(fixture!("manifests/docker-schema1-signed.json"));
    assert_eq!(
        codes(&f),
        vec![(Code::Schema1Legacy, Severity::Warning, p("$"))]
    );
    assert!(f[0].message.en.contains("containerd"));
    assert!(f[0].message.ja.contains("2.1"));
    assert!(f[0]
        .fix
        .as_ref()
        .unwrap()
        .en
        .contains("skopeo copy --format v2s2"));
}

#[test]
fn a_list_of_schema1_manifests_is_reported_once() {
    let f = one(fixture!(
        "manifests/docker-manifest-list-schema1-children.json"
    ));
    assert_eq!(
        codes(&f),
        vec![(
            Code::Schema1Legacy,
            Severity::Warning,
            p("$.manifests[0].mediaType")
        )]
    );
    assert!(f[0].message.en.contains("points to 5 Docker schema1"));
    assert!(f[0].location.line.is_some());
}

#[test]
fn documents_without_json_are_skipped() {
    let mut d = doc(fixture!("manifests/docker-schema1-signed.json"));
    d.json = None;
    assert!(check(vec![d]).is_empty());
}

#[test]
fn an_index_stored_as_a_layout_blob_is_checked_like_any_index() {
    // A Docker manifest in an OCI index, the index being a blob of a layout (not its index.json).
    let index = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":10,"platform":{"os":"linux","architecture":"amd64"}}]}"#;
    let digest = crate::verify::digest::Digest::sha256(index);
    let top = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{digest}","size":{}}}]}}"#,
        index.len()
    );
    let a = crate::analyze(&[
        crate::Input::new("l/oci-layout", &br#"{"imageLayoutVersion":"1.0.0"}"#[..]),
        crate::Input::new("l/index.json", top.into_bytes()),
        crate::Input::new(
            format!("l/blobs/sha256/{}", digest.trim_start_matches("sha256:")),
            &index[..],
        ),
    ]);
    let mixes: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::OciIndexWithDocker)
        .collect();
    assert_eq!(mixes.len(), 1, "{:?}", a.findings);
    assert_eq!(mixes[0].location.document, Some(1));
}

#[test]
fn a_descriptor_without_digest_size_or_platform_architecture_is_an_error() {
    let a = crate::analyze_text(
        "index.json",
        r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":7682},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270","platform":{"os":"linux"}}]}"#,
    );
    let got: Vec<(&str, Option<&str>)> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::DescriptorIncomplete)
        .map(|f| (f.severity.id(), f.location.path.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("error", Some("$.manifests[0]")),
            ("error", Some("$.manifests[1]"))
        ]
    );
    let second = a
        .findings
        .iter()
        .filter(|f| f.code == Code::DescriptorIncomplete)
        .nth(1)
        .unwrap();
    assert!(
        second.message.en.contains("`platform.architecture`"),
        "{}",
        second.message.en
    );
    // A bare descriptor missing its size is a descriptor (incomplete), not a manifest.
    let d = crate::analyze_text(
        "d.json",
        r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#,
    );
    assert_eq!(d.documents[0].kind, crate::Kind::Descriptor);
    assert!(d
        .findings
        .iter()
        .any(|f| f.code == Code::DescriptorIncomplete && f.location.path.as_deref() == Some("$")));
}

#[test]
fn a_config_whose_run_settings_have_wrong_types_is_an_error_and_go_nulls_are_fine() {
    let a = crate::analyze_text(
        "config.json",
        r#"{"architecture":"amd64","os":"linux","config":{"User":1234,"Env":["A=1",7],"Cmd":null,"Labels":{"a":1}},"rootfs":{"type":"layers","diff_ids":[]}}"#,
    );
    let mut paths: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::SchemaType)
        .map(|f| f.location.path.as_deref().unwrap_or(""))
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        ["$.config.Env[1]", "$.config.Labels.a", "$.config.User"]
    );
}
