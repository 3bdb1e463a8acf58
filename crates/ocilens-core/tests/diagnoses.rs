//! The questions users arrive with, answered from their data through the whole pipeline.

mod common;

use common::{buildkit_layout, fixture, sha256};
use ocilens_core::findings::Code;
use ocilens_core::{analyze, Analysis, Input, Lang, Severity};

fn paste(text: &str) -> Analysis {
    analyze(&[Input::new("paste", text)])
}

fn codes(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.code.id()).collect()
}

fn finding<'a>(a: &'a Analysis, code: &str) -> &'a ocilens_core::Finding {
    a.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(a)))
}

#[test]
fn ci_image_without_manifests_list_is_a_single_platform_image() {
    let a = paste(
        "Name:      docker.io/me/app:ci\n\
         MediaType: application/vnd.oci.image.manifest.v1+json\n\
         Digest:    sha256:0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b\n",
    );
    let f = finding(&a, "single-platform-image");
    assert!(f.message.en.contains("docker build"));
    assert!(f
        .fix
        .as_ref()
        .unwrap()
        .en
        .contains("--platform linux/amd64,linux/arm64"));
    assert!(!f.message.ja.is_empty());

    // With the manifest and its config, the platform comes from the config.
    let manifest = fixture("buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b");
    let config = fixture("buildkit-oci-layout/blobs/sha256/31fb11342ef44e567c32519f5d6418f558d043626afb9b2a9a46db6f05dfdd9b");
    let a = analyze(&[manifest, config]);
    assert!(finding(&a, "single-platform-image")
        .message
        .en
        .contains("linux/amd64"));
}

#[test]
fn an_index_is_not_a_single_platform_image() {
    let a = analyze(&buildkit_layout());
    assert!(
        !codes(&a).contains(&"single-platform-image"),
        "{:?}",
        codes(&a)
    );
}

#[test]
fn attestation_manifests_are_explained_with_the_images_they_describe() {
    let a = analyze(&buildkit_layout());
    let f = finding(&a, "attestation-manifests");
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.message.en.contains("2 attestation manifest"),
        "{}",
        f.message.en
    );
    assert!(
        f.message.en.contains("0f90b7af6b2f"),
        "names the amd64 image: {}",
        f.message.en
    );
    assert!(f.message.get(Lang::Ja).contains("unknown/unknown"));
    assert!(f.fix.as_ref().unwrap().en.contains("--provenance=false"));
    // BuildKit left the statements' subject empty: said once per statement.
    let subjects = a
        .findings
        .iter()
        .filter(|f| f.code == Code::AttestationSubjectMismatch)
        .count();
    assert_eq!(subjects, 2, "{:?}", codes(&a));
}

#[test]
fn per_platform_digest_vs_index_digest_is_explained() {
    let a = analyze(&buildkit_layout());
    assert!(finding(&a, "index-digest-vs-platform-digest")
        .message
        .en
        .contains("5ac2d3ac3987"));
}

#[test]
fn created_at_the_epoch_or_missing_is_explained() {
    for created in [
        r#""created":"1970-01-01T00:00:00Z","#,
        r#""created":"0001-01-01T00:00:00Z","#,
        "",
    ] {
        let a = paste(&format!(
            r#"{{{created}"architecture":"amd64","os":"linux","config":{{}},"rootfs":{{"type":"layers","diff_ids":[]}}}}"#
        ));
        let f = finding(&a, "created-not-set");
        assert!(f.message.en.contains("56 years ago"));
        assert!(f.fix.as_ref().unwrap().en.contains("SOURCE_DATE_EPOCH"));
    }
    let a = paste(
        r#"{"created":"2024-05-15T16:15:49Z","architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#,
    );
    assert!(!codes(&a).contains(&"created-not-set"));
    // BuildKit's attestation config has no date by design: not reported as such.
    let a = analyze(&[fixture("buildkit-oci-layout/blobs/sha256/f3d7356a6b37f2298ef338066f12410ceb9a1f6c58fb570e84914d97870de5c2")]);
    assert!(!codes(&a).contains(&"created-not-set"), "{:?}", codes(&a));
}

const AMD64_CONFIG: &str = r#"{"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#;

#[test]
fn an_index_platform_that_disagrees_with_the_config_is_an_error() {
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[]}}"#,
        sha256(AMD64_CONFIG),
        AMD64_CONFIG.len()
    );
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"arm64","os":"linux"}}}}]}}"#,
        sha256(&manifest),
        manifest.len()
    );
    let a = paste(&format!("{index}\n\n{manifest}\n\n{AMD64_CONFIG}\n"));
    let f = finding(&a, "platform-config-mismatch");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.en.contains("linux/arm64") && f.message.en.contains("linux/amd64"));
}

#[test]
fn duplicate_platforms_and_entries_without_platform() {
    let entry = |d: &str, p: &str| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":10{p}}}"#,
            d.repeat(64)
        )
    };
    let amd = r#","platform":{"architecture":"amd64","os":"linux"}"#;
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{},{},{}]}}"#,
        entry("a", amd),
        entry("b", amd),
        entry("c", "")
    );
    let a = paste(&index);
    assert!(finding(&a, "duplicate-platform")
        .message
        .en
        .contains("0, 1"));
    assert_eq!(
        finding(&a, "entry-without-platform")
            .location
            .path
            .as_deref(),
        Some("$.manifests[2]")
    );
}

#[test]
fn layer_formats_that_need_care() {
    let layer = |mt: &str, d: &str| {
        format!(
            r#"{{"mediaType":"{mt}","digest":"sha256:{}","size":10}}"#,
            d.repeat(64)
        )
    };
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":10}},"layers":[{},{},{}]}}"#,
        "f".repeat(64),
        layer("application/vnd.oci.image.layer.v1.tar+zstd", "a"),
        layer("application/vnd.oci.image.layer.v1.tar+gzip+encrypted", "b"),
        layer(
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "c"
        ),
    );
    let a = paste(&manifest);
    for code in ["zstd-layer", "encrypted-layer", "foreign-layer"] {
        assert!(!finding(&a, code).message.ja.is_empty());
    }
    let a = analyze(&[fixture(
        "manifests/docker-schema2-foreign-layer-synthetic.json",
    )]);
    assert!(codes(&a).contains(&"foreign-layer"), "{:?}", codes(&a));
}

#[test]
fn an_index_of_artifacts_does_not_ask_for_platforms() {
    // regclient's index with its own artifactType groups an SBOM and a signature: no platform is
    // expected on its entries, and the image diagnoses stay silent.
    let a = analyze(&[fixture("manifests/regclient-index-with-artifacttype.json")]);
    let c = codes(&a);
    assert!(!c.contains(&"entry-without-platform"), "{c:?}");
    assert!(!c.contains(&"single-platform-image"), "{c:?}");
    // The same entries in a plain index are images without a platform.
    let plain =
        String::from_utf8(fixture("manifests/regclient-index-with-artifacttype.json").bytes)
            .unwrap()
            .replace(r#""artifactType":"application/example.artifacts","#, "");
    assert!(codes(&paste(&plain)).contains(&"entry-without-platform"));
}
