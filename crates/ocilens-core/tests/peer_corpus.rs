//! The peer corpus (issue 9): every file of `../shared/fixtures/peer/` (go-containerregistry,
//! regclient, image-spec and containers/image test data, listed with its sha256 in
//! `manifest.json`) analysed without a panic; every document that is a whole file has the
//! digest `sha256sum` gives that file (a signed schema1 manifest: its JWS payload's, as
//! containers/image computes it); every blob of every OCI layout is verified against its name;
//! and every digest the peers' own tests state (`statedDigest`, PROVENANCE.md) is ocilens' too.
//!
//! Read from `../shared` (CI has it); when it is absent the test says so and passes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use common::sha256;
use ocilens_core::findings::Code;
use ocilens_core::{analyze, Analysis, Exactness, Input, Kind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/peer")
}

struct Entry {
    file: String,
    sha256: String,
    stated: Option<String>,
    peer_says: Option<String>,
}

fn entries(root: &Path) -> Vec<Entry> {
    let text = std::fs::read(root.join("manifest.json")).unwrap();
    let list: serde_json::Value = serde_json::from_slice(&text).unwrap();
    let s = |e: &serde_json::Value, k: &str| e.get(k).and_then(|v| v.as_str()).map(String::from);
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| Entry {
            file: s(e, "file").unwrap(),
            sha256: s(e, "sha256").unwrap(),
            stated: s(e, "statedDigest"),
            peer_says: s(e, "peerSays"),
        })
        .collect()
}

/// The JWS payload of a signed schema1 manifest, as docker/libtrust (and so containers/image)
/// cuts it: the bytes up to the first signature's `formatLength`, then its `formatTail`.
fn jws_payload(bytes: &[u8]) -> Option<Vec<u8>> {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let protected = v.get("signatures")?.get(0)?.get("protected")?.as_str()?;
    let header: serde_json::Value =
        serde_json::from_slice(&b64.decode(protected.trim_end_matches('=')).ok()?).ok()?;
    let len = usize::try_from(header.get("formatLength")?.as_u64()?).ok()?;
    let tail = b64
        .decode(header.get("formatTail")?.as_str()?.trim_end_matches('='))
        .ok()?;
    let mut out = bytes.get(..len)?.to_vec();
    out.extend_from_slice(&tail);
    Some(out)
}

/// Analyses without letting a panic pass unnoticed: the panic names the file.
fn analysed(name: &str, inputs: &[Input]) -> Analysis {
    std::panic::catch_unwind(|| analyze(inputs)).unwrap_or_else(|_| panic!("{name}: panicked"))
}

#[test]
fn every_peer_file_is_read_without_a_panic_and_every_digest_is_sha256sum_of_its_file() {
    let root = root();
    if !root.is_dir() {
        eprintln!(
            "{}: not here (shared/ is absent), so nothing to check",
            root.display()
        );
        return;
    }
    let entries = entries(&root);
    // The corpus itself is intact: each file is the one manifest.json lists.
    for e in &entries {
        let bytes = std::fs::read(root.join(&e.file)).unwrap();
        assert_eq!(
            sha256(&bytes),
            format!("sha256:{}", e.sha256),
            "{}: changed",
            e.file
        );
    }
    // Layouts are analysed as folders (below); every other file alone.
    let layouts: Vec<String> = entries
        .iter()
        .filter(|e| e.file.ends_with("/oci-layout"))
        .map(|e| e.file.trim_end_matches("oci-layout").to_string())
        .collect();
    let (mut whole, mut signed) = (0, 0);
    for e in &entries {
        if layouts.iter().any(|l| e.file.starts_with(l.as_str())) {
            continue;
        }
        let bytes = std::fs::read(root.join(&e.file)).unwrap();
        let a = analysed(&e.file, &[Input::new(e.file.clone(), bytes.clone())]);
        let payload = jws_payload(&bytes);
        for d in &a.documents {
            if d.exactness != Exactness::Exact || d.bytes != bytes {
                continue;
            }
            let want = match (&payload, d.kind) {
                (Some(p), Kind::Schema1) => {
                    signed += 1;
                    sha256(p)
                }
                _ => sha256(&bytes),
            };
            assert_eq!(d.digest.as_deref(), Some(want.as_str()), "{}", e.file);
            whole += 1;
            if let Some(stated) = &e.stated {
                assert_eq!(
                    d.digest.as_deref(),
                    Some(stated.as_str()),
                    "{}: stated",
                    e.file
                );
            }
        }
        if let Some(stated) = &e.stated {
            assert!(
                a.documents
                    .iter()
                    .any(|d| d.digest.as_deref() == Some(stated)),
                "{}: no document has the stated {stated}",
                e.file
            );
        }
        // containers/image refuses to compute a digest: ocilens says why its registry digest
        // is unknown.
        if e.peer_says.is_some() {
            assert!(
                a.findings
                    .iter()
                    .any(|f| f.code == Code::Schema1SignatureUnreadable),
                "{}: {:?}",
                e.file,
                e.peer_says
            );
        }
    }
    // Each layout as one analysis: every blob's content is its name.
    let mut blobs = 0;
    for l in &layouts {
        let files: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.file.starts_with(l.as_str()))
            .collect();
        let inputs: Vec<Input> = files
            .iter()
            .map(|e| Input::new(e.file.clone(), std::fs::read(root.join(&e.file)).unwrap()))
            .collect();
        let a = analysed(l, &inputs);
        let mut by_input: BTreeMap<usize, Vec<&ocilens_core::Document>> = BTreeMap::new();
        for d in &a.documents {
            by_input.entry(d.input).or_default().push(d);
        }
        for (i, e) in files.iter().enumerate() {
            let Some((_, hex)) = e.file.rsplit_once("/blobs/sha256/") else {
                continue;
            };
            let docs = by_input.get(&i).map(Vec::as_slice).unwrap_or_default();
            let whole = docs.iter().find(|d| d.bytes == inputs[i].bytes);
            let whole = whole.unwrap_or_else(|| panic!("{}: not read as one blob", e.file));
            assert_eq!(
                whole.digest.as_deref(),
                Some(format!("sha256:{hex}").as_str()),
                "{}",
                e.file
            );
            blobs += 1;
        }
        let mismatches: Vec<_> = a
            .findings
            .iter()
            .filter(|f| matches!(f.code, Code::DigestMismatch | Code::SizeMismatch))
            .map(|f| &f.message.en)
            .collect();
        assert!(mismatches.is_empty(), "{l}: {mismatches:?}");
    }
    eprintln!(
        "peer corpus: {} files, {whole} whole documents ({signed} signed schema1), {} layouts with {blobs} blobs",
        entries.len(),
        layouts.len()
    );
    assert!(whole >= 100 && signed >= 1 && layouts.len() >= 5 && blobs >= 100);
}
