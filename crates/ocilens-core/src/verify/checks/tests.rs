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
            // Only the platform lacks a field: the finding points at the platform.
            ("error", Some("$.manifests[1].platform"))
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

/// The findings of `code` for `text`, as (severity, path).
fn found(text: &str, code: Code) -> Vec<(&'static str, String)> {
    crate::analyze_text("d.json", text)
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.severity.id(), f.location.path.clone().unwrap_or_default()))
        .collect()
}

const D: &str = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

#[test]
fn media_types_follow_rfc_6838_as_the_image_spec_schema_writes_it() {
    let descriptor = |t: &str| format!(r#"{{"mediaType":"{t}","size":1,"digest":"{D}"}}"#);
    for bad in [
        "application",
        ".foo/bar",
        "foo/.bar",
        "",
        "a b/c",
        &format!("{}/x", "a".repeat(128)),
        &format!("x/{}", "a".repeat(128)),
    ] {
        assert_eq!(
            found(&descriptor(bad), Code::MediaTypeMalformed),
            [("error", "$.mediaType".to_string())],
            "{bad:?}"
        );
    }
    for good in [
        "application/vnd.oci.image.manifest.v1+json",
        "text/plain",
        "a/b",
        &format!("{}/{}", "a".repeat(127), "b".repeat(127)),
        "x!#$&^_.+-/y!#$&^_.+-",
    ] {
        assert!(
            found(&descriptor(good), Code::MediaTypeMalformed).is_empty(),
            "{good}"
        );
    }
    // Parameters are RFC 6838's, not the schema's: a warning.
    assert_eq!(
        found(
            &descriptor("application/vnd.dev.sigstore.bundle+json;version=0.3"),
            Code::MediaTypeMalformed
        ),
        [("warning", "$.mediaType".to_string())]
    );
    // In a manifest: the config, a layer's artifactType, the document's own type.
    let m = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"nope","config":{{"mediaType":"invalid","size":1,"digest":"{D}"}},"layers":[{{"mediaType":"text/plain","artifactType":"foo/.bar","size":1,"digest":"{D}"}}]}}"#
    );
    let mut got = found(&m, Code::MediaTypeMalformed);
    got.sort();
    assert_eq!(
        got,
        [
            ("error", "$.artifactType".to_string()),
            ("error", "$.config.mediaType".to_string()),
            ("error", "$.layers[0].artifactType".to_string()),
        ]
    );
}

#[test]
fn a_descriptor_alone_gets_the_rules_of_every_descriptor() {
    // No mediaType (digest and size make it a descriptor).
    let t = format!(r#"{{"size":7682,"digest":"{D}"}}"#);
    assert_eq!(
        crate::analyze_text("d.json", &t).documents[0].kind,
        crate::Kind::Descriptor
    );
    assert_eq!(
        found(&t, Code::MissingMediaType),
        [("error", "$".to_string())]
    );
    // Types of fields, and a negative size.
    let t = format!(r#"{{"mediaType":"text/plain","size":"7682","digest":"{D}"}}"#);
    assert_eq!(
        found(&t, Code::SchemaType),
        [("error", "$.size".to_string())]
    );
    let t = format!(r#"{{"mediaType":"text/plain","size":-7682,"digest":"{D}"}}"#);
    let a = crate::analyze_text("d.json", &t);
    let f = a
        .findings
        .iter()
        .find(|f| f.code == Code::SchemaType)
        .unwrap();
    assert!(
        f.message.en.contains("a negative number"),
        "{}",
        f.message.en
    );
    // urls must be absolute URIs.
    let t = format!(
        r#"{{"mediaType":"text/plain","size":1,"digest":"{D}","urls":["https://example.com/a%20b?x=1#f","value","https://exa mple.com","http://x/%zz"]}}"#
    );
    assert_eq!(
        found(&t, Code::UrlMalformed),
        [
            ("error", "$.urls[1]".to_string()),
            ("error", "$.urls[2]".to_string()),
            ("error", "$.urls[3]".to_string())
        ]
    );
}

#[test]
fn data_must_be_padded_standard_base64_as_go_decodes_it() {
    let with = |data: &str| {
        format!(
            r#"{{"mediaType":"text/plain","size":34,"data":"{data}","digest":"sha256:2690af59371e9eca9453dc29882643f46e5ca47ec2862bd517b5e17351325153"}}"#
        )
    };
    let a = crate::analyze_text(
        "d.json",
        &with("aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg"),
    );
    let f: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::DataNotBase64)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", a.findings);
    assert!(f[0].message.en.contains("padding"));
    assert_eq!(f[0].location.path.as_deref(), Some("$.data"));
    // Not base64 at all: this finding, not also `data-mismatch`.
    let t = with("not base64!");
    assert_eq!(found(&t, Code::DataNotBase64).len(), 1);
    assert!(found(&t, Code::DataMismatch).is_empty());
    // Padded: fine.
    assert!(found(
        &with("aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg=="),
        Code::DataNotBase64
    )
    .is_empty());
}

#[test]
fn an_image_without_layers_is_a_warning_on_oci_and_good_to_know_on_docker() {
    let m = |t: &str, config: &str| {
        format!(
            r#"{{"schemaVersion":2,"mediaType":"{t}","config":{{"mediaType":"{config}","size":1,"digest":"{D}"}},"layers":[]}}"#
        )
    };
    assert_eq!(
        found(
            &m(
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.oci.image.config.v1+json"
            ),
            Code::ImageNoLayers
        ),
        [("warning", "$.layers".to_string())]
    );
    assert_eq!(
        found(
            &m(
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.docker.container.image.v1+json"
            ),
            Code::ImageNoLayers
        ),
        [("info", "$.layers".to_string())]
    );
    // An artifact gets the artifact's finding instead.
    let a = m(
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.empty.v1+json",
    )
    .replacen('{', r#"{"artifactType":"application/vnd.example+json","#, 1);
    assert!(found(&a, Code::ImageNoLayers).is_empty());
    assert_eq!(
        found(&a, Code::ArtifactNoLayers),
        [("warning", "$.layers".to_string())]
    );
}

#[test]
fn an_env_entry_without_a_name_and_an_equals_sign_is_a_warning() {
    let t = r#"{"architecture":"amd64","os":"linux","config":{"Env":["A=1","foo","=x","B="]},"rootfs":{"type":"layers","diff_ids":[]}}"#;
    assert_eq!(
        found(t, Code::EnvMalformed),
        [
            ("warning", "$.config.Env[1]".to_string()),
            ("warning", "$.config.Env[2]".to_string())
        ]
    );
}

#[test]
fn a_schema1_manifest_with_unreadable_signatures_says_its_registry_digest_is_unknown() {
    let t = r#"{"schemaVersion":1,"name":"a/b","tag":"latest","architecture":"amd64","fsLayers":[],"history":[],"signatures":1}"#;
    assert_eq!(
        found(t, Code::Schema1SignatureUnreadable),
        [("error", "$.signatures".to_string())]
    );
    let unsigned = r#"{"schemaVersion":1,"name":"a/b","tag":"latest","architecture":"amd64","fsLayers":[],"history":[]}"#;
    assert!(found(unsigned, Code::Schema1SignatureUnreadable).is_empty());
}
