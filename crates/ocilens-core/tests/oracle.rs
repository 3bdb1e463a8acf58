//! `oci-spec` as a test oracle. ocilens reads documents with its own parser (exact bytes, spans
//! and duplicate keys need it: ARCHITECTURE.md); for every index, manifest and config it reads
//! as exact bytes, the descriptors, digests, sizes and platforms it found must equal what
//! oci-spec's typed `ImageIndex`, `ImageManifest` and `ImageConfiguration` read from the same
//! bytes, and a document oci-spec refuses must get an error finding from ocilens.
//!
//! Over every capture of `tests/fixtures/` and, when `../shared` is there, the peers' test data
//! (`../shared/fixtures/peer/`: go-containerregistry, regclient, containers/image, image-spec).

mod common;

use std::path::{Path, PathBuf};

use oci_spec::image::{Descriptor as OciDescriptor, ImageConfiguration, ImageIndex, ImageManifest};
use ocilens_core::{
    analyze, Analysis, Descriptor, DescriptorRole, Exactness, Input, Kind, Platform, Severity,
};

/// What was compared, for the test's closing assertions.
#[derive(Default, Debug)]
struct Tally {
    documents: usize,
    descriptors: usize,
    refused: usize,
    /// Documents oci-spec refuses without an error finding from ocilens.
    unreported: Vec<String>,
}

fn same_descriptor(what: &str, ours: &Descriptor, theirs: &OciDescriptor) {
    assert_eq!(
        ours.media_type.as_deref(),
        Some(theirs.media_type().to_string().as_str()),
        "{what}: media type"
    );
    assert_eq!(
        ours.digest.as_deref(),
        Some(theirs.digest().to_string().as_str()),
        "{what}: digest"
    );
    assert_eq!(ours.size, Some(theirs.size()), "{what}: size");
    assert_eq!(
        ours.artifact_type.as_deref(),
        theirs
            .artifact_type()
            .as_ref()
            .map(|t| t.to_string())
            .as_deref(),
        "{what}: artifactType"
    );
    assert_eq!(
        ours.data.as_deref(),
        theirs.data().as_deref(),
        "{what}: data"
    );
    assert_eq!(
        ours.annotations.len(),
        theirs.annotations().as_ref().map_or(0, |a| a.len()),
        "{what}: annotations"
    );
    for (k, v) in &ours.annotations {
        let theirs = theirs.annotations().as_ref().and_then(|a| a.get(k));
        assert_eq!(Some(v), theirs, "{what}: annotation {k}");
    }
    match (&ours.platform, theirs.platform()) {
        (None, None) => {}
        (Some(p), Some(t)) => {
            assert_eq!(p.os, t.os().to_string(), "{what}: os");
            assert_eq!(p.architecture, t.architecture().to_string(), "{what}: arch");
            assert_eq!(
                p.variant.as_deref(),
                t.variant().as_deref(),
                "{what}: variant"
            );
            // Not compared: `os.version` and `os.features`. oci-spec 0.10 reads them as
            // `osVersion` and `osFeatures` (youki-dev/oci-spec-rs#163, open), so it misses the
            // real keys; ocilens reads `os.version` and `os.features` as the image-spec names them.
        }
        (o, t) => panic!("{what}: platform {o:?} vs {t:?}"),
    }
}

fn role(d: &ocilens_core::Document, r: DescriptorRole) -> Vec<&Descriptor> {
    d.descriptors.iter().filter(|x| x.role == r).collect()
}

fn same_list(what: &str, ours: &[&Descriptor], theirs: &[OciDescriptor], t: &mut Tally) {
    assert_eq!(ours.len(), theirs.len(), "{what}: count");
    for (i, (o, x)) in ours.iter().zip(theirs).enumerate() {
        same_descriptor(&format!("{what}[{i}]"), o, x);
        t.descriptors += 1;
    }
}

fn same_platform(what: &str, ours: Option<&Platform>, theirs: &ImageConfiguration) {
    let p = ours.unwrap_or_else(|| panic!("{what}: ocilens read no platform"));
    assert_eq!(p.os, theirs.os().to_string(), "{what}: os");
    assert_eq!(
        p.architecture,
        theirs.architecture().to_string(),
        "{what}: arch"
    );
    assert_eq!(
        p.variant.as_deref(),
        theirs.variant().as_deref(),
        "{what}: variant"
    );
}

/// Whether ocilens reported an error about document `i` (or about its input as a whole).
fn has_error(a: &Analysis, i: usize) -> bool {
    let input = a.documents[i].input;
    a.findings.iter().any(|f| {
        f.severity == Severity::Error
            && (f.location.document == Some(i)
                || (f.location.document.is_none() && f.location.input == Some(input)))
    })
}

fn check(name: &str, inputs: &[Input], t: &mut Tally) {
    let a = analyze(inputs);
    for (i, d) in a.documents.iter().enumerate() {
        if d.exactness != Exactness::Exact || d.json.is_none() {
            continue;
        }
        let what = format!("{name} document {i}");
        let refused = match d.kind {
            Kind::Index => match ImageIndex::from_reader(&d.bytes[..]) {
                Ok(x) => {
                    same_list(&what, &role(d, DescriptorRole::Manifest), x.manifests(), t);
                    None
                }
                Err(e) => Some(e.to_string()),
            },
            Kind::Manifest => match ImageManifest::from_reader(&d.bytes[..]) {
                Ok(x) => {
                    same_list(
                        &format!("{what} config"),
                        &role(d, DescriptorRole::Config),
                        std::slice::from_ref(x.config()),
                        t,
                    );
                    same_list(
                        &format!("{what} layers"),
                        &role(d, DescriptorRole::Layer),
                        x.layers(),
                        t,
                    );
                    let subject: Vec<OciDescriptor> = x.subject().iter().cloned().collect();
                    same_list(
                        &format!("{what} subject"),
                        &role(d, DescriptorRole::Subject),
                        &subject,
                        t,
                    );
                    None
                }
                Err(e) => Some(e.to_string()),
            },
            Kind::Descriptor => match serde_json::from_slice::<OciDescriptor>(&d.bytes) {
                Ok(x) => {
                    let ours = d.descriptors.iter().find(|x| x.path == "$");
                    if let Some(o) = ours {
                        same_descriptor(&what, o, &x);
                        t.descriptors += 1;
                    }
                    None
                }
                Err(e) => Some(e.to_string()),
            },
            Kind::Config => match ImageConfiguration::from_reader(&d.bytes[..]) {
                Ok(x) => {
                    same_platform(&what, d.platform.as_ref(), &x);
                    None
                }
                Err(e) => Some(e.to_string()),
            },
            _ => continue,
        };
        t.documents += 1;
        if let Some(why) = refused {
            t.refused += 1;
            if !has_error(&a, i) {
                t.unreported.push(format!("{what}: {why}"));
            }
        }
    }
}

/// The peers' test data: each OCI layout folder as one analysis, every other JSON file alone.
fn peer_sets(root: &Path) -> Vec<(String, Vec<Input>)> {
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut all = Vec::new();
    files(root, &mut all);
    all.sort();
    let layouts: Vec<PathBuf> = all
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "oci-layout"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let rel = |p: &Path| p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
    let mut out = Vec::new();
    for l in &layouts {
        let inputs = all
            .iter()
            .filter(|p| p.starts_with(l))
            .map(|p| Input::new(rel(p), std::fs::read(p).unwrap()))
            .collect();
        out.push((rel(l), inputs));
    }
    for p in &all {
        let json = p.extension().is_some_and(|e| e == "json");
        if json && !layouts.iter().any(|l| p.starts_with(l)) && !p.ends_with("manifest.json") {
            out.push((rel(p), vec![Input::new(rel(p), std::fs::read(p).unwrap())]));
        }
    }
    out
}

#[test]
fn oci_spec_reads_what_ocilens_reads_on_every_capture() {
    let mut t = Tally::default();
    for (name, inputs) in common::captures() {
        check(&name, &inputs, &mut t);
    }
    assert!(t.documents >= 20 && t.descriptors >= 60, "{t:?}");
    assert!(t.unreported.is_empty(), "{:#?}", t.unreported);
}

#[test]
fn oci_spec_reads_what_ocilens_reads_on_the_peers_test_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/peer");
    if !root.is_dir() {
        eprintln!(
            "{}: not here (shared/ is absent), so nothing to compare",
            root.display()
        );
        return;
    }
    let mut t = Tally::default();
    for (name, inputs) in peer_sets(&root) {
        check(&name, &inputs, &mut t);
    }
    eprintln!("peer data: {t:?}");
    assert!(t.documents >= 30, "{t:?}");
    assert!(t.unreported.is_empty(), "{:#?}", t.unreported);
}
