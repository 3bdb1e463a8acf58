//! Archives (issue 12) from the real captures of `../shared/fixtures/real/`: Docker 25's own
//! `docker save` tar, and Docker Hub's hello-world layout put in a tar here (plain and gzip), which
//! must read exactly as the folder does. Read from `../shared` (CI has it); when it is absent each
//! test says so and passes. Archives made by skopeo and Docker's daemon are checked by
//! `tests/realtools/`.

use std::io::Write;
use std::path::{Path, PathBuf};

mod common;

use ocilens_core::findings::Code;
use ocilens_core::read::archive::{self, tar, Options};
use ocilens_core::{analyze, Analysis, Input, NodeKind, TreeNode, Verification};

fn real() -> Option<PathBuf> {
    common::shared_real()
}

fn open(name: &str, bytes: &[u8], opts: &Options) -> Vec<Input> {
    let mut src: &[u8] = bytes;
    archive::read(name, &mut src, opts, &mut |_| {}).inputs
}

fn nodes(a: &Analysis) -> Vec<&TreeNode> {
    TreeNode::walk(&a.tree).map(|(_, n)| n).collect()
}

#[test]
fn docker_25s_untagged_save_draws_its_manifest_config_and_layer_verified() {
    let Some(real) = real() else { return };
    let bytes =
        std::fs::read(real.join("docker-save/ggcr-hello-world-docker-v25-classic.tar")).unwrap();
    let a = analyze(&open("save.tar", &bytes, &Options::default()));
    let n = nodes(&a);
    let m = n
        .iter()
        .find(|n| n.kind == NodeKind::Manifest)
        .expect("the OCI manifest blob is drawn");
    assert_eq!(
        m.digest.as_deref(),
        Some("sha256:411caf340c828657e915a83ed561a79d2b8150dabad4dc079d881cbfe6f86afe")
    );
    let kids: Vec<(NodeKind, Verification)> = m
        .children
        .iter()
        .map(|c| (c.kind, c.verification))
        .collect();
    assert_eq!(
        kids,
        [
            (NodeKind::Config, Verification::Verified),
            (NodeKind::Layer, Verification::Verified)
        ]
    );
    // The v1 layer metadata is not a config, whatever its `os` says.
    let v1 = a
        .documents
        .iter()
        .find(|d| {
            d.digest
                .as_deref()
                .is_some_and(|g| g.starts_with("sha256:ac09ed77"))
        })
        .unwrap();
    assert_eq!(v1.kind, ocilens_core::Kind::OtherJson);
    let legacy = a
        .findings
        .iter()
        .find(|f| f.code == Code::DockerSaveLegacy)
        .unwrap();
    assert!(
        legacy.message.en.contains("\"manifests\": null"),
        "{}",
        legacy.message.en
    );
    assert!(legacy.message.en.contains("saved by its ID"));
    let kind = a.findings.iter().find(|f| f.code == Code::Archive).unwrap();
    assert!(
        kind.message.en.contains("Docker 25 or later"),
        "{}",
        kind.message.en
    );
}

/// The hello-world layout's files as (path, bytes), sorted.
fn hello_world(real: &Path) -> Vec<(String, Vec<u8>)> {
    common::layout_files(&real.join("hello-world-dockerhub-layout"))
}

/// What the tree says, without input names: kind, digest, size, verification, platform.
fn shape(a: &Analysis) -> Vec<String> {
    nodes(a)
        .iter()
        .map(|n| {
            format!(
                "{:?} {:?} {:?} {:?} {:?}",
                n.kind, n.digest, n.size, n.verification, n.platform
            )
        })
        .collect()
}

#[test]
fn a_layout_in_a_tar_reads_as_the_folder_does_plain_gzip_and_with_layers_streamed() {
    let Some(real) = real() else { return };
    let files = hello_world(&real);
    let folder: Vec<Input> = files
        .iter()
        .map(|(n, b)| Input::file(format!("hello/{n}"), b.clone()))
        .collect();
    let want = shape(&analyze(&folder));
    assert!(want.len() > 20, "{want:#?}");
    let plain = tar::archive(&files);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    // Members over 2,100 bytes streamed: every layer (hashed as they pass, or deferred
    // and hashed here); the documents (the largest is the 2,069-byte manifest list) are kept.
    let streamed = Options {
        keep: 2100,
        ..Options::default()
    };
    for (bytes, opts) in [
        (&plain, Options::default()),
        (&gz, Options::default()),
        (&plain, streamed.clone()),
        (&gz, streamed.clone()),
    ] {
        let inputs = open("hello.tar", bytes, &opts);
        assert_eq!(shape(&analyze(&inputs)), want);
    }
    let mut src: &[u8] = &plain;
    let mut scan = archive::read(
        "hello.tar",
        &mut src,
        &Options {
            defer: true,
            ..streamed
        },
        &mut |_| {},
    );
    assert_eq!(scan.deferred.len(), 9);
    for d in scan.deferred.clone() {
        use sha2::Digest as _;
        let part = &plain[d.offset as usize..(d.offset + d.size) as usize];
        scan.hashed(d.input, sha2::Sha256::digest(part).into(), d.size, None);
    }
    assert_eq!(shape(&analyze(&scan.inputs)), want);
}
