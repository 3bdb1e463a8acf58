//! Data-driven tests over the real captures in `tests/fixtures/`: every raw document's digest
//! equals the `sha256sum` recorded in the provenance table, and every capture (found from the
//! folder) has its text tree, its JSON in English and Japanese and its Mermaid, Markdown and
//! SVG exports as snapshots in `tests/snapshots/captures/` (update with `UPDATE_EXPECT=1 cargo
//! test`): the JSON is the stable contract for CI and embedders, so any change to it shows in
//! review.

mod common;

use common::{buildkit_layout, captures, fixture as read, fixtures_dir as fixtures};

use ocilens_core::present::{json as output, markdown, mermaid, svg, text as render};
use ocilens_core::{analyze, ClaimSource, Input, Lang, Verdict};

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

#[test]
fn every_buildkit_layout_blob_verifies_against_its_file_name() {
    let a = analyze(&buildkit_layout());
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

/// The snapshot folder, relative to this file (as `expect_file!` wants it).
const SNAPSHOTS: &str = "../../../tests/snapshots";

/// Makes the folder a snapshot goes in, so `UPDATE_EXPECT=1` can write a new capture's files.
fn folder_for(file: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/snapshots")
        .join(file);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
}

fn check_text(name: &str, inputs: &[Input]) {
    let a = analyze(inputs);
    folder_for(name);
    expect_test::expect_file![format!("{SNAPSHOTS}/{name}.txt")]
        .assert_eq(&render::to_text(&a, Lang::En));
}

/// Every capture: its text tree (English), its JSON in both languages, and its Mermaid,
/// Markdown and SVG exports. A capture without
/// snapshots fails (run with `UPDATE_EXPECT=1` to write them), and so does a snapshot whose
/// capture is gone.
#[test]
fn every_capture_has_its_text_json_and_export_snapshots() {
    let mut expected = std::collections::BTreeSet::new();
    for (name, inputs) in captures() {
        let a = analyze(&inputs);
        let base = format!("captures/{name}");
        folder_for(&base);
        expect_test::expect_file![format!("{SNAPSHOTS}/{base}.txt")]
            .assert_eq(&render::to_text(&a, Lang::En));
        for lang in [Lang::En, Lang::Ja] {
            let json = serde_json::to_string_pretty(&output::to_json(&a, lang)).unwrap() + "\n";
            let file = format!("{base}.{}.json", lang.id());
            expect_test::expect_file![format!("{SNAPSHOTS}/{file}")].assert_eq(&json);
            expected.insert(file);
        }
        expected.insert(format!("{base}.txt"));
        // The static exports (`--format mermaid`, `markdown`, `svg`).
        expect_test::expect_file![format!("{SNAPSHOTS}/{base}.mmd")]
            .assert_eq(&mermaid::to_mermaid(&a, Lang::En));
        expect_test::expect_file![format!("{SNAPSHOTS}/{base}.md")]
            .assert_eq(&markdown::to_markdown(&a, Lang::En));
        expect_test::expect_file![format!("{SNAPSHOTS}/{base}.svg")]
            .assert_eq(&svg::to_svg(&a, Lang::En));
        expected.insert(format!("{base}.mmd"));
        expected.insert(format!("{base}.md"));
        expected.insert(format!("{base}.svg"));
    }
    assert!(expected.len() >= 3 * 25, "captures not found: {expected:?}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/snapshots");
    let mut stack = vec![dir.join("captures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                assert!(
                    expected.contains(&rel),
                    "{rel}: a snapshot without a capture"
                );
            }
        }
    }
}

/// Captures that form one analysis together: a list with one of its manifests, and regclient's
/// subject with its referrers.
#[test]
fn capture_sets_render_as_one_tree() {
    check_text(
        "sets/dockerhub-python-list-with-amd64-manifest",
        &[
            read("manifests/dockerhub-python-latest-manifest-list.json"),
            read("manifests/dockerhub-python-linux-amd64-schema2.json"),
        ],
    );
    check_text(
        "sets/regclient-subject-and-referrers",
        &[
            read("manifests/regclient-manifest-with-subject.json"),
            read("manifests/regclient-artifact-manifest-subject.json"),
            read("manifests/regclient-referrers-index.json"),
            read("manifests/regclient-index-with-artifacttype.json"),
        ],
    );
}
