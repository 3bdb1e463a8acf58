//! Helpers shared by the integration tests: the real captures of `tests/fixtures/`.
#![allow(dead_code)]

use ocilens_core::Input;

/// The bytes of a capture, by its path under `tests/fixtures/`.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A capture as an input named by its path under `tests/fixtures/`.
pub fn fixture(rel: &str) -> Input {
    Input::new(rel, fixture_bytes(rel))
}

/// The whole BuildKit OCI layout, every file as an input named by its relative path: the
/// `index.json`, the `oci-layout` marker, then the blobs in name order.
pub fn buildkit_layout() -> Vec<Input> {
    let mut inputs = vec![
        fixture("buildkit-oci-layout/index.json"),
        fixture("buildkit-oci-layout/oci-layout"),
    ];
    let dir = format!(
        "{}/../../tests/fixtures/buildkit-oci-layout/blobs/sha256",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    inputs.extend(
        names
            .iter()
            .map(|n| fixture(&format!("buildkit-oci-layout/blobs/sha256/{n}"))),
    );
    inputs
}
