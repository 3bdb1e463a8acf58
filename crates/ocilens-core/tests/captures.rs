//! Data-driven tests over the real captures in `tests/fixtures/`: every raw document's digest
//! equals the `sha256sum` recorded in the provenance table, and each capture's rendered tree
//! matches its snapshot in `tests/snapshots/` (update with `UPDATE_EXPECT=1 cargo test`).

use std::path::{Path, PathBuf};

use ocilens_core::present::{json as output, text as render};
use ocilens_core::{analyze, ClaimSource, Input, Lang, Verdict};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// (relative path, sha256 hex) rows of the provenance table in tests/fixtures/README.md.
fn provenance() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(fixtures().join("README.md")).unwrap();
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells.get(1)?.trim_matches('`');
            let sha = cells.get(3)?.trim_matches('`');
            (sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| (file.to_string(), sha.to_string()))
        })
        .collect()
}

fn read(rel: &str) -> Input {
    let bytes = std::fs::read(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Input::new(rel, bytes)
}

/// The signed schema1 capture's digest is over its JWS payload, not the file.
const SCHEMA1_PAYLOAD_DIGEST: &str =
    "sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000";

#[test]
fn every_raw_capture_digest_equals_its_recorded_sha256() {
    let rows: Vec<_> = provenance()
        .into_iter()
        .filter(|(f, _)| f.starts_with("manifests/"))
        .collect();
    assert!(rows.len() >= 15, "provenance table not read: {rows:?}");
    for (file, sha) in rows {
        let a = analyze(&[read(&file)]);
        assert_eq!(a.documents.len(), 1, "{file}");
        let doc = &a.documents[0];
        let expected = if file.ends_with("docker-schema1-signed.json") {
            SCHEMA1_PAYLOAD_DIGEST.to_string()
        } else {
            format!("sha256:{sha}")
        };
        assert_eq!(doc.digest.as_deref(), Some(expected.as_str()), "{file}");
        let len = std::fs::metadata(fixtures().join(&file)).unwrap().len();
        assert_eq!(doc.bytes.len() as u64, len, "{file}");
    }
}

fn buildkit_layout_inputs() -> Vec<Input> {
    let root = fixtures().join("buildkit-oci-layout");
    let mut inputs = vec![
        read("buildkit-oci-layout/index.json"),
        read("buildkit-oci-layout/oci-layout"),
    ];
    let mut names: Vec<_> = std::fs::read_dir(root.join("blobs/sha256"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        inputs.push(read(&format!("buildkit-oci-layout/blobs/sha256/{name}")));
    }
    inputs
}

#[test]
fn every_buildkit_layout_blob_verifies_against_its_file_name() {
    let a = analyze(&buildkit_layout_inputs());
    let blobs: Vec<_> = a
        .documents
        .iter()
        .filter(|d| {
            d.claims
                .iter()
                .any(|c| c.source == ClaimSource::LayoutFileName)
        })
        .collect();
    assert_eq!(
        blobs.len(),
        11,
        "every blob file is a document with its file-name claim"
    );
    for d in blobs {
        for c in &d.claims {
            assert_eq!(c.verdict, Verdict::Match, "{:?} {:?}", d.digest, c);
        }
    }
}

/// Renders each capture (or capture set) and compares with its snapshot.
fn check_snapshot(name: &str, inputs: Vec<Input>) {
    let a = analyze(&inputs);
    let text = render::to_text(&a, Lang::En);
    expect_test::expect_file![format!("../../../tests/snapshots/{name}.txt")].assert_eq(&text);
    // The JSON output always carries the contract's top-level keys.
    let json = output::to_json(&a, Lang::Ja);
    for key in ["documents", "tree", "findings"] {
        assert!(json.get(key).is_some(), "{name}: no {key}");
    }
}

macro_rules! snapshot {
    ($test:ident, $($file:literal),+) => {
        #[test]
        fn $test() {
            check_snapshot(stringify!($test), vec![$(read($file)),+]);
        }
    };
}

snapshot!(
    imagetools_text_index_with_attestations,
    "imagetools/text-index-with-attestations.txt"
);
snapshot!(
    imagetools_json_manifest_index,
    "imagetools/json-manifest-index.json"
);
snapshot!(
    imagetools_json_manifest_single_descriptor,
    "imagetools/json-manifest-single-descriptor.json"
);
snapshot!(
    imagetools_json_image_single,
    "imagetools/json-image-single.json"
);
snapshot!(
    imagetools_json_image_multi,
    "imagetools/json-image-multi.json"
);
snapshot!(
    attestation_slsa_v1_statement,
    "attestations/intoto-slsa-v1-provenance-buildkit.json"
);
snapshot!(
    manifest_inspect_plain_manifest,
    "docker-cli/manifest-inspect-plain-manifest.golden"
);
snapshot!(
    manifest_inspect_plain_list,
    "docker-cli/manifest-inspect-plain-list.golden"
);
snapshot!(
    manifest_inspect_verbose,
    "docker-cli/manifest-inspect-verbose-manifest.golden"
);
snapshot!(
    docker_inspect_2021,
    "docker-cli/docker-image-inspect-2021.json"
);
snapshot!(image_ls_tree, "docker-cli/image-ls-tree-expanded.golden");
snapshot!(
    dockerhub_python_list_with_amd64_manifest,
    "manifests/dockerhub-python-latest-manifest-list.json",
    "manifests/dockerhub-python-linux-amd64-schema2.json"
);
snapshot!(
    docker_list_3space,
    "manifests/docker-manifest-list-3space.json"
);
snapshot!(
    docker_list_schema1_children,
    "manifests/docker-manifest-list-schema1-children.json"
);
snapshot!(schema1_signed, "manifests/docker-schema1-signed.json");
snapshot!(
    docker_config_httpd,
    "manifests/docker-image-config-httpd.json"
);
snapshot!(
    schema2_foreign_layer,
    "manifests/docker-schema2-foreign-layer-synthetic.json"
);
snapshot!(
    oci_index_all_fields,
    "manifests/oci-index-all-fields-synthetic.json"
);
snapshot!(
    regclient_index_builder_references,
    "manifests/regclient-index-reference-manifests.json"
);
snapshot!(
    regclient_subject_and_referrers,
    "manifests/regclient-manifest-with-subject.json",
    "manifests/regclient-artifact-manifest-subject.json",
    "manifests/regclient-referrers-index.json",
    "manifests/regclient-index-with-artifacttype.json"
);
snapshot!(
    ggcr_schema2_compact,
    "manifests/ggcr-docker-schema2-compact.json"
);
snapshot!(
    ggcr_oci_manifest_no_media_type,
    "manifests/ggcr-oci-manifest-no-mediatype.json"
);
snapshot!(
    ggcr_layout_index,
    "ggcr-layout-test_index/index.json",
    "ggcr-layout-test_index/oci-layout"
);

#[test]
fn buildkit_layout_tree() {
    check_snapshot("buildkit_layout_tree", buildkit_layout_inputs());
}
