//! Tree tests: documents read by the real reader and classifier (`doc`), a few descriptors
//! written by hand where a test needs one no document holds, real captures from
//! `tests/fixtures/`, and the tree rendered as indented text.

use sha2::{Digest as _, Sha256};

use super::*;
use crate::read::json;
use crate::Severity;
use crate::{Claim, ClaimSource, Platform, Verdict};

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/",
            $path
        ))
    };
}
pub(crate) use fixture;

pub(crate) fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

fn platform(j: &json::Json) -> Option<Platform> {
    let os = j.get_str("os");
    let arch = j.get_str("architecture");
    if os.is_none() && arch.is_none() {
        return None;
    }
    Some(Platform {
        os: os.unwrap_or_default().into(),
        architecture: arch.unwrap_or_default().into(),
        variant: j.get_str("variant").map(str::to_string),
        ..Platform::default()
    })
}

fn descriptor(j: &json::Json, path: String, role: DescriptorRole) -> Descriptor {
    Descriptor {
        media_type: j.get_str("mediaType").map(str::to_string),
        digest: j
            .get_str("digest")
            .or_else(|| j.get_str("blobSum"))
            .map(str::to_string),
        size: j.get_u64("size"),
        platform: j.get("platform").and_then(platform),
        annotations: j
            .get("annotations")
            .and_then(|a| a.members())
            .unwrap_or_default()
            .iter()
            .filter_map(|m| Some((m.key.to_string(), m.value.str()?.to_string())))
            .collect(),
        artifact_type: j.get_str("artifactType").map(str::to_string),
        path,
        role,
        ..Descriptor::default()
    }
}

/// A test document: an exact raw JSON document as the real reader and classifier see it (one
/// input, one document).
pub(crate) fn doc(bytes: &[u8]) -> Document {
    let mut a = crate::analyze(&[crate::Input::new("doc.json", bytes)]);
    assert_eq!(a.documents.len(), 1, "a test document is one JSON value");
    a.documents.remove(0)
}

/// A document re-serialised by a tool, standing for `claimed`.
fn not_original(bytes: &[u8], claimed: &str) -> Document {
    let mut d = doc(bytes);
    d.exactness = Exactness::NotOriginal(Text::new("re-serialised", "再シリアライズ"));
    d.digest = None;
    d.claims.push(claim(claimed, Verdict::CannotRecompute));
    d
}

fn claim(digest: &str, verdict: Verdict) -> Claim {
    Claim {
        digest: digest.into(),
        source: ClaimSource::ToolField {
            field: "digest".into(),
        },
        size: None,
        verdict,
        cause: None,
    }
}

/// `sha256:` + a 64-character fake hex made of `c`.
/// A well-formed sha256 digest named by `c`: `c` 64 times for a hex digit (`aaaa...`), else
/// the character's code (distinct for each character).
fn fake(c: char) -> String {
    if c.is_ascii_hexdigit() {
        format!("sha256:{}", c.to_string().repeat(64))
    } else {
        format!("sha256:{:064x}", u32::from(c))
    }
}

/// One line per node: indent, kind, short digest, platform, flags.
fn show(roots: &[TreeNode]) -> String {
    fn go(n: &TreeNode, depth: usize, out: &mut String) {
        let short = n
            .digest
            .as_deref()
            .map(|d| {
                d.trim_start_matches("sha256:")
                    .chars()
                    .take(6)
                    .collect::<String>()
            })
            .unwrap_or_else(|| "-".into());
        out.push_str(&"  ".repeat(depth));
        out.push_str(&format!("{} {short}", n.kind.id()));
        if let Some(r) = &n.reference {
            out.push_str(&format!(" ref={r}"));
        }
        if let Some(p) = &n.platform {
            out.push_str(&format!(" {p}"));
        }
        out.push_str(&format!(" {}", n.verification.id()));
        if n.shared {
            out.push_str(" shared");
        }
        out.push('\n');
        for c in &n.children {
            go(c, depth + 1, out);
        }
    }
    let mut out = String::new();
    for r in roots {
        go(r, 0, &mut out);
    }
    out
}

fn run(docs: &[Document]) -> (String, Vec<Finding>) {
    let mut findings = Vec::new();
    let tree = build(docs, &mut findings);
    (show(&tree), findings)
}

fn codes(findings: &[Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

const LAYOUT: &str = "buildkit-oci-layout/blobs/sha256/";

fn buildkit_index() -> Document {
    doc(fixture!("buildkit-oci-layout/blobs/sha256/5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c"))
}

#[test]
fn attestation_manifests_sit_under_the_image_they_describe() {
    let _ = LAYOUT;
    let docs = vec![
        buildkit_index(),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/6b2a0dfca3903c0a2022f224f818eedd9d055ebbef7c8208b35cd7d3b4f54088")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/1d88e5a3e13d830277704130ae7b1aa7d9eb25f952891234d5c01f81651dcefc")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/2531011d66156a7830f9bd6671c81508c87e33ae070cda1bdfc68e3e39172a38")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/31fb11342ef44e567c32519f5d6418f558d043626afb9b2a9a46db6f05dfdd9b")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/f3d7356a6b37f2298ef338066f12410ceb9a1f6c58fb570e84914d97870de5c2")),
        doc(fixture!("buildkit-oci-layout/blobs/sha256/26418efea0e73f6d53caec7094235ed1b16d6f7b31981fd7076760022c8e366d")),
    ];
    let (tree, findings) = run(&docs);
    assert!(findings.is_empty(), "{findings:#?}");
    expect_test::expect![[r#"
        index 5ac2d3 unclaimed
          manifest 0f90b7 linux/amd64 verified
            config 31fb11 linux/amd64 verified
            layer 52e6de not-provided
            attestation-manifest 1d88e5 unknown/unknown verified
              config f3d735 unknown/unknown verified
              attestation 26418e verified
          manifest 6b2a0d linux/arm64 verified
            config 5970ba not-provided
            layer 0e87e6 not-provided
            attestation-manifest 253101 unknown/unknown verified
              config a8977d not-provided
              layer a659cc not-provided
    "#]]
    .assert_eq(&tree);
}

#[test]
fn an_attestation_for_an_image_not_in_the_index_stays_under_the_index() {
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{a}","size":1,"annotations":{{"vnd.docker.reference.type":"attestation-manifest","com.docker.reference.digest":"{b}"}}}},
          {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{c}","size":1,"annotations":{{"vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"{d}"}}}},
          {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{b}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
        a = fake('a'),
        b = fake('b'),
        c = fake('c'),
        d = fake('d'),
    );
    let (tree, _) = run(&[doc(index.as_bytes())]);
    // `com.docker.reference.digest` (older buildx) places the first one; the second describes
    // an image the index does not list.
    let tree = tree.replace(&short_of(&index), "idx");
    expect_test::expect![[r#"
        index idx unclaimed
          attestation-manifest cccccc not-provided
          manifest bbbbbb linux/amd64 not-provided
            attestation-manifest aaaaaa not-provided
    "#]]
    .assert_eq(&tree);
}

#[test]
fn an_index_alone_shows_its_entries_as_not_provided() {
    let (tree, _) = run(&[buildkit_index()]);
    expect_test::expect![[r#"
        index 5ac2d3 unclaimed
          manifest 0f90b7 linux/amd64 not-provided
            attestation-manifest 1d88e5 unknown/unknown not-provided
          manifest 6b2a0d linux/arm64 not-provided
            attestation-manifest 253101 unknown/unknown not-provided
    "#]]
    .assert_eq(&tree);
}

#[test]
fn layout_index_json_roots_the_tree_and_keeps_annotations() {
    let layout = doc(fixture!("buildkit-oci-layout/index.json"));
    let mut findings = Vec::new();
    let tree = build(&[layout, buildkit_index()], &mut findings);
    assert_eq!(tree.len(), 1);
    let inner = &tree[0].children[0];
    assert_eq!(inner.kind, NodeKind::Index);
    assert_eq!(inner.verification, Verification::Verified);
    assert_eq!(inner.document, Some(1));
    assert_eq!(inner.size, Some(1607));
    assert!(inner
        .annotations
        .iter()
        .any(|(k, _)| k == "org.opencontainers.image.created"));
}

#[test]
fn regclient_builder_reference_type_is_not_an_attestation() {
    let index = doc(fixture!(
        "manifests/regclient-index-reference-manifests.json"
    ));
    let (tree, _) = run(&[index]);
    expect_test::expect![[r#"
        index 7ceb9b unclaimed
          manifest 1effc9 linux/amd64 not-provided
          manifest 7e87ff linux/arm64 not-provided
          manifest 430893 unknown/unknown not-provided
          manifest d91043 unknown/unknown not-provided
    "#]]
    .assert_eq(&tree);
}

#[test]
fn index_annotations_are_kept_on_the_node() {
    let index = doc(fixture!(
        "manifests/regclient-index-reference-manifests.json"
    ));
    let tree = build(&[index], &mut Vec::new());
    assert_eq!(
        tree[0].annotations,
        vec![("org.example.version".to_string(), "v1".to_string())]
    );
}

#[test]
fn a_layer_under_two_manifests_is_shared() {
    let layer = |c: char| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":10}}"#,
            fake(c)
        )
    };
    let m1 = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},"layers":[{},{}]}}"#,
        fake('1'),
        layer('a'),
        layer('b')
    );
    let m2 = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},"layers":[{},{}]}}"#,
        fake('2'),
        layer('a'),
        layer('c')
    );
    let (d1, d2) = (doc(m1.as_bytes()), doc(m2.as_bytes()));
    let entry = |d: &Document| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}"#,
            d.digest.clone().unwrap(),
            d.bytes.len()
        )
    };
    // The first manifest is listed twice: that alone does not make its layers shared.
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{},{},{}]}}"#,
        entry(&d1),
        entry(&d1),
        entry(&d2)
    );
    let mut findings = Vec::new();
    let tree = build(&[doc(index.as_bytes()), d1, d2], &mut findings);
    let shared: Vec<(usize, Vec<bool>)> = tree[0]
        .children
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m.children.iter().map(|c| c.shared).collect()))
        .collect();
    assert_eq!(
        shared,
        vec![
            (0, vec![false, true, false]),
            (1, vec![false, true, false]),
            (2, vec![false, true, false]),
        ]
    );
    assert!(findings.is_empty());
}

#[test]
fn a_referrer_is_placed_under_its_subject() {
    let image = doc(fixture!("manifests/ggcr-oci-manifest-no-mediatype.json"));
    let subject = image.digest.clone().unwrap();
    let sig = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}},"layers":[],"subject":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{subject}","size":344}}}}"#
    );
    // The referrer comes first in the paste: it is still not a root.
    let (tree, findings) = run(&[doc(sig.as_bytes()), image]);
    assert!(findings.is_empty());
    expect_test::expect![[r#"
        manifest 98ceaf unclaimed
          config 381d95 not-provided
          layer 492b89 not-provided
          referrer 3a3b3f unclaimed
            config 44136f not-provided
    "#]]
    .assert_eq(&tree.replace(&short_of(&sig), "3a3b3f"));
}

fn short_of(s: &str) -> String {
    sha256(s.as_bytes())[7..13].to_string()
}

#[test]
fn a_referrer_without_its_subject_is_a_root_showing_the_missing_subject() {
    let art = doc(fixture!(
        "manifests/regclient-artifact-manifest-subject.json"
    ));
    let mut findings = Vec::new();
    let tree = build(&[art], &mut findings);
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].kind, NodeKind::Referrer);
    assert_eq!(
        tree[0].artifact_type.as_deref(),
        Some("application/example.sbom")
    );
    let first = &tree[0].children[0];
    assert_eq!(first.kind, NodeKind::Index);
    assert!(!first.provided);
    assert_eq!(first.verification, Verification::NotProvided);
    assert_eq!(
        first.digest.as_deref(),
        Some("sha256:dfae8f425735a5e3a72e40d6609e03079995511d48157c74d54801ff4430491e")
    );
}

#[test]
fn a_referrers_index_is_just_an_index() {
    let referrers = doc(fixture!("manifests/regclient-referrers-index.json"));
    let art = doc(fixture!(
        "manifests/regclient-artifact-manifest-subject.json"
    ));
    let tree = build(&[referrers, art], &mut Vec::new());
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].kind, NodeKind::Index);
    let kids: Vec<(NodeKind, bool, Option<&str>)> = tree[0]
        .children
        .iter()
        .map(|c| (c.kind, c.provided, c.artifact_type.as_deref()))
        .collect();
    assert_eq!(
        kids,
        vec![
            (NodeKind::Manifest, true, Some("application/example.sbom")),
            (
                NodeKind::Manifest,
                false,
                Some("application/example.signature")
            ),
        ]
    );
}

#[test]
fn a_reference_wraps_its_root() {
    let mut index = buildkit_index();
    index.reference = Some("docker.io/library/hello:latest".into());
    let tree = build(&[index], &mut Vec::new());
    assert_eq!(tree[0].kind, NodeKind::Reference);
    assert_eq!(
        tree[0].reference.as_deref(),
        Some("docker.io/library/hello:latest")
    );
    assert_eq!(
        tree[0].digest.as_deref(),
        Some("sha256:5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c")
    );
    assert_eq!(tree[0].children[0].kind, NodeKind::Index);
}

#[test]
fn a_summary_stands_for_its_claimed_digest_unless_the_exact_bytes_are_there() {
    let raw = fixture!("manifests/dockerhub-python-latest-manifest-list.json");
    let list_digest = sha256(raw);
    let mut summary = not_original(raw, &list_digest);
    summary.reference = Some("docker.io/library/python:latest".into());
    // Alone: the summary is the root, with the claimed digest and cannot-recompute.
    let tree = build(std::slice::from_ref(&summary), &mut Vec::new());
    assert_eq!(tree.len(), 1);
    let list = &tree[0].children[0];
    assert_eq!(list.digest.as_deref(), Some(list_digest.as_str()));
    assert_eq!(list.verification, Verification::CannotRecompute);
    // With the exact bytes: one root (the exact list), named by the summary's reference.
    let tree = build(&[summary, doc(raw)], &mut Vec::new());
    assert_eq!(tree.len(), 1, "{}", show(&tree));
    assert_eq!(
        tree[0].reference.as_deref(),
        Some("docker.io/library/python:latest")
    );
    assert_eq!(tree[0].children[0].document, Some(1));
    assert_eq!(tree[0].children[0].verification, Verification::Unclaimed);
}

#[test]
fn a_summary_child_fills_in_a_not_provided_entry() {
    let list = doc(fixture!(
        "manifests/dockerhub-python-latest-manifest-list.json"
    ));
    let amd64 = fixture!("manifests/dockerhub-python-linux-amd64-schema2.json");
    let summary = not_original(amd64, &sha256(amd64));
    let tree = build(&[list, summary], &mut Vec::new());
    assert_eq!(tree.len(), 1);
    let provided: Vec<_> = tree[0]
        .children
        .iter()
        .filter(|c| c.provided)
        .map(|c| (c.platform.as_ref().map(|p| p.to_string()), c.verification))
        .collect();
    assert_eq!(
        provided,
        vec![(
            Some("linux/amd64".to_string()),
            Verification::CannotRecompute
        )]
    );
}

#[test]
fn a_pasted_manifest_that_does_not_hash_to_its_claim_sits_where_its_parent_expects_it() {
    let list = doc(fixture!(
        "manifests/dockerhub-python-latest-manifest-list.json"
    ));
    let amd64 = fixture!("manifests/dockerhub-python-linux-amd64-schema2.json");
    let mut pasted = amd64.to_vec();
    pasted.push(b'\n');
    let mut m = doc(&pasted);
    m.claims.push(claim(&sha256(amd64), Verdict::Mismatch));
    let tree = build(&[list, m], &mut Vec::new());
    assert_eq!(tree.len(), 1, "{}", show(&tree));
    let amd = &tree[0].children[0];
    assert_eq!(amd.document, Some(1));
    assert_eq!(amd.verification, Verification::Mismatch);
}

#[test]
fn a_bare_descriptor_roots_what_it_points_to() {
    let raw = fixture!("manifests/ggcr-oci-manifest-no-mediatype.json");
    let digest = sha256(raw);
    let d = format!(
        r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{}}}"#,
        raw.len()
    );
    let mut pointer = not_original(d.as_bytes(), &digest);
    pointer.kind = Kind::Descriptor;
    pointer.reference = Some("example.com/app:1".into());
    let j = pointer.json.clone().unwrap();
    pointer.descriptors = vec![descriptor(&j, "$".into(), DescriptorRole::Manifest)];
    let tree = build(std::slice::from_ref(&pointer), &mut Vec::new());
    assert_eq!(tree[0].kind, NodeKind::Reference);
    assert_eq!(tree[0].children[0].kind, NodeKind::Manifest);
    assert!(!tree[0].children[0].provided);
    let tree = build(&[pointer, doc(raw)], &mut Vec::new());
    assert_eq!(tree.len(), 1, "{}", show(&tree));
    assert_eq!(tree[0].children[0].document, Some(1));
    assert_eq!(tree[0].children[0].verification, Verification::Verified);
}

/// An index whose only entry is `target`, with its own (fake) digest: real hashes cannot cycle.
fn fake_index(own: char, target: char) -> Document {
    let body = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":1}}]}}"#,
        fake(target)
    );
    let mut d = doc(body.as_bytes());
    d.digest = Some(crate::Digest::parse(&fake(own)).unwrap());
    d
}

#[test]
fn a_cycle_stops_with_a_finding() {
    let (tree, findings) = run(&[fake_index('a', 'b'), fake_index('b', 'a')]);
    expect_test::expect![[r#"
        index aaaaaa unclaimed
          index bbbbbb verified
            index aaaaaa verified
    "#]]
    .assert_eq(&tree);
    assert_eq!(codes(&findings), vec!["reference-cycle"]);
    let f = &findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.location.document, Some(0));
    assert_eq!(f.location.path.as_deref(), Some("$.manifests[0]"));
    assert!(f.message.ja.contains("循環"));
}

#[test]
fn a_self_listing_index_is_a_cycle() {
    let (_, findings) = run(&[fake_index('a', 'a')]);
    assert_eq!(codes(&findings), vec!["reference-cycle"]);
}

#[test]
fn a_chain_deeper_than_the_limit_stops_with_a_finding() {
    let chars: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let docs: Vec<Document> = chars.windows(2).map(|w| fake_index(w[0], w[1])).collect();
    let mut findings = Vec::new();
    let tree = build(&docs, &mut findings);
    assert_eq!(codes(&findings), vec!["depth-limit"]);
    // The rest of the chain is still shown, as a root of its own.
    assert_eq!(tree.len(), 2);
    let mut depth = 0;
    let mut n = &tree[0];
    while let Some(c) = n.children.first() {
        depth += 1;
        n = c;
    }
    assert_eq!(depth, MAX_DEPTH);
}

#[test]
fn a_referrer_whose_subject_is_cut_off_by_the_depth_limit_is_still_shown() {
    let chars: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let mut docs: Vec<Document> = chars.windows(2).map(|w| fake_index(w[0], w[1])).collect();
    // `q` sits at the depth limit: it is shown but not expanded, so nothing hangs under it.
    let sig = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{e}","size":2}},"layers":[],"subject":{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{q}","size":1}}}}"#,
        e = fake('0'),
        q = fake('q')
    );
    docs.push(doc(sig.as_bytes()));
    let mut findings = Vec::new();
    let tree = build(&docs, &mut findings);
    let last = tree.last().unwrap();
    assert_eq!(last.kind, NodeKind::Referrer);
    assert_eq!(last.document, Some(docs.len() - 1));
    // Its subject was pasted: no not-provided subject child.
    assert_eq!(last.children.len(), 1);
    assert_eq!(last.children[0].kind, NodeKind::Config);
}

#[test]
fn an_index_listing_itself_many_times_is_bounded() {
    // 500 entries each pointing at the index itself: cycles, each reported once.
    let entries: Vec<String> = (0..500)
        .map(|_| {
            format!(
                r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":1}}"#,
                fake('a')
            )
        })
        .collect();
    let body = format!(
        r#"{{"schemaVersion":2,"manifests":[{}]}}"#,
        entries.join(",")
    );
    let mut d = doc(body.as_bytes());
    d.digest = Some(crate::Digest::parse(&fake('a')).unwrap());
    let mut findings = Vec::new();
    let tree = build(&[d], &mut findings);
    assert_eq!(tree[0].children.len(), 500);
    assert_eq!(codes(&findings), vec!["reference-cycle"]);
}

#[test]
fn a_wide_dag_expands_each_document_a_bounded_number_of_times() {
    // 20 levels of indexes, each listing the next 50 times: 50^16 paths if every listing were
    // expanded. Each document's children are shown under its first MAX_EXPANSIONS parents only.
    let docs: Vec<Document> = (0..20u8)
        .map(|lvl| {
            let next = fake(char::from(b'a' + lvl + 1));
            let entry = format!(
                r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{next}","size":1}}"#
            );
            let body = format!(
                r#"{{"schemaVersion":2,"manifests":[{}]}}"#,
                vec![entry; 50].join(",")
            );
            let mut d = doc(body.as_bytes());
            d.digest = Some(crate::Digest::parse(&fake(char::from(b'a' + lvl))).unwrap());
            d
        })
        .collect();
    let mut findings = Vec::new();
    let tree = build(&docs, &mut findings);
    let mut expanded = vec![0u32; docs.len()];
    let mut shown = vec![0u32; docs.len()];
    for (_, n) in TreeNode::walk(&tree) {
        let Some(d) = n.document else {
            continue;
        };
        shown[d] += 1;
        expanded[d] += u32::from(!n.children.is_empty());
    }
    assert_eq!((shown[0], expanded[0]), (1, 1));
    assert_eq!((shown[1], expanded[1]), (50, MAX_EXPANSIONS));
    assert_eq!(shown[2], 50 * MAX_EXPANSIONS);
    assert!(expanded.iter().all(|&e| e <= MAX_EXPANSIONS));
    let total: u32 = shown.iter().sum();
    assert!(total < 20 * 50 * MAX_EXPANSIONS, "{total}");
    let repeat = findings
        .iter()
        .filter(|f| f.message.en.contains("more than 32 parents"))
        .count();
    assert_eq!(repeat, 1);
    assert!(codes(&findings).contains(&Code::DepthLimit));
}

#[test]
fn five_hundred_manifests_build_fast() {
    let mut docs = Vec::new();
    let mut entries = Vec::new();
    for i in 0..500 {
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":[]}},"n":{i}}}"#
        );
        let c = doc(config.as_bytes());
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":1}}]}}"#,
            c.digest.clone().unwrap(),
            c.bytes.len(),
            fake('e')
        );
        let m = doc(m.as_bytes());
        entries.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"os":"linux","architecture":"amd64"}}}}"#,
            m.digest.clone().unwrap(),
            m.bytes.len()
        ));
        docs.push(m);
        docs.push(c);
    }
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
        entries.join(",")
    );
    docs.push(doc(index.as_bytes()));
    let start = std::time::Instant::now();
    let mut findings = Vec::new();
    let tree = build(&docs, &mut findings);
    let took = start.elapsed();
    assert!(findings.is_empty());
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].children.len(), 500);
    assert!(tree[0]
        .children
        .iter()
        .all(|m| m.children[0].provided && m.children[1].shared));
    // Milliseconds in release; generous for debug builds on a busy machine.
    assert!(took.as_millis() < 500, "{took:?}");
}

#[test]
fn nothing_pasted_gives_no_tree() {
    let mut findings = Vec::new();
    assert!(build(&[], &mut findings).is_empty());
    assert!(findings.is_empty());
}

#[test]
fn a_manifest_given_by_its_cosign_tag_moves_under_the_image_the_tag_names() {
    let image = doc(fixture!("buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b"));
    let hex = "0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b";
    let e = sha256(b"{}");
    let sig_json = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{e}","size":2}},"layers":[]}}"#
    );
    let mut sig = doc(sig_json.as_bytes());
    sig.reference = Some(format!("localhost:5000/app:sha256-{hex}.sig"));
    let tree = build(&[image.clone(), sig.clone()], &mut Vec::new());
    assert_eq!(tree.len(), 1, "the signature is no root of its own");
    let tag = tree[0]
        .children
        .iter()
        .find(|c| c.kind == NodeKind::CosignTag)
        .expect("under the image");
    assert_eq!(tag.reference, sig.reference);
    // Without its image, it stays a root, as a cosign tag.
    let tree = build(&[sig], &mut Vec::new());
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].kind, NodeKind::CosignTag);
}
