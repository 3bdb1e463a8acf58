//! The one fixture loader, shared by the integration tests and (through `#[path]` in lib.rs) the
//! unit tests: the real captures of `tests/fixtures/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ocilens_core::Input;

/// `sha256:<hex>` of the bytes, by sha2 itself (not by the code under test).
pub fn sha256(bytes: impl AsRef<[u8]>) -> String {
    use sha2::Digest as _;
    format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(bytes.as_ref()))
    )
}

/// The folder of the captures.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The bytes of a capture, by its path under `tests/fixtures/`.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    let path = fixtures_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A capture as an input named by its path under `tests/fixtures/`.
pub fn fixture(rel: &str) -> Input {
    Input::new(rel, fixture_bytes(rel))
}

/// Every file under `dir` (relative to `tests/fixtures/`), as paths relative to
/// `tests/fixtures/`, in name order.
fn files_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_string()];
    while let Some(d) = stack.pop() {
        let read =
            std::fs::read_dir(fixtures_dir().join(&d)).unwrap_or_else(|e| panic!("{d}: {e}"));
        for e in read {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            let rel = if d.is_empty() {
                name
            } else {
                format!("{d}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                stack.push(rel);
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// A whole OCI layout folder, every file as an input named by its relative path: `index.json`,
/// the `oci-layout` marker, then the blobs in name order.
pub fn layout(dir: &str) -> Vec<Input> {
    let mut names = files_under(dir);
    let rank = |n: &str| match n.rsplit('/').next() {
        Some("index.json") => 0,
        Some("oci-layout") => 1,
        _ => 2,
    };
    names.sort_by_key(|n| (rank(n), n.clone()));
    names.iter().map(|n| fixture(n)).collect()
}

/// The BuildKit OCI layout capture.
pub fn buildkit_layout() -> Vec<Input> {
    layout("buildkit-oci-layout")
}

/// Every capture, found from the folder (so a new one cannot go untested): each file is one
/// capture, except that a folder holding an `oci-layout` marker is one capture as a whole.
/// Returned as (name, inputs): the name is the path under `tests/fixtures/`.
pub fn captures() -> Vec<(String, Vec<Input>)> {
    let all = files_under("");
    let layouts: Vec<String> = all
        .iter()
        .filter_map(|f| f.strip_suffix("/oci-layout").map(str::to_string))
        .collect();
    let mut out: Vec<(String, Vec<Input>)> =
        layouts.iter().map(|d| (d.clone(), layout(d))).collect();
    for f in &all {
        let in_layout = layouts.iter().any(|d| f.starts_with(&format!("{d}/")));
        if !in_layout && f != "README.md" {
            out.push((f.clone(), vec![fixture(f)]));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `../shared/fixtures/real` (the real captures CI has beside the project), or `None`, said so,
/// when it is absent: a test then passes without them.
pub fn shared_real() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/real");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("../shared/fixtures/real is absent: skipped");
        None
    }
}

/// An OCI layout folder's files as (path in the layout, bytes): `oci-layout`, `index.json`,
/// then the blobs in name order.
pub fn layout_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = ["oci-layout", "index.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect();
    let mut blobs: Vec<_> = std::fs::read_dir(dir.join("blobs/sha256"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    blobs.sort();
    for b in blobs {
        let name = format!("blobs/sha256/{}", b.file_name().unwrap().to_string_lossy());
        out.push((name, std::fs::read(&b).unwrap()));
    }
    out
}
