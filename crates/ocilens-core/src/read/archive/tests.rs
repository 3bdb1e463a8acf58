use super::*;
use crate::{analyze, Kind, NodeKind, TreeNode, Verification};
use sha2::{Digest as _, Sha256};

/// A tar of `(name, bytes)` members, with the two end blocks.
pub(crate) fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    tar::archive(members)
}

fn sha(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// An archive's members, as (path, bytes).
type Members = Vec<(String, Vec<u8>)>;

/// A one-image OCI layout, tagged `1.0`: (members, manifest digest, layer bytes).
fn layout() -> (Members, String, Vec<u8>) {
    let layer: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let members = layout_of(
        &layer,
        "application/vnd.oci.image.layer.v1.tar",
        &sha(&layer),
        Some("1.0"),
    );
    let md = sha(&members[2].1);
    (members, md, layer)
}

fn tar_of_owned(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    tar::archive(members)
}

fn small() -> Options {
    Options {
        keep: 1024,
        ..Options::default()
    }
}

fn scan(bytes: &[u8], opts: &Options) -> Scan {
    let mut src: &[u8] = bytes;
    read("app.tar", &mut src, opts, &mut |_| {})
}

fn listing(s: &Scan) -> &Listing {
    s.inputs[0].listing.as_deref().unwrap()
}

fn layer_node(roots: &[TreeNode]) -> &TreeNode {
    TreeNode::walk(roots)
        .map(|(_, n)| n)
        .find(|n| n.kind == NodeKind::Layer)
        .unwrap()
}

#[test]
fn an_oci_layout_tar_reads_like_the_folder_with_its_large_layer_hashed_as_it_streams() {
    let (members, manifest, layer) = layout();
    let s = scan(&tar_of_owned(&members), &small());
    assert_eq!(listing(&s).members, 5);
    assert_eq!(listing(&s).streamed, 1);
    assert!(
        listing(&s).problems.is_empty(),
        "{:?}",
        listing(&s).problems
    );
    let big = s.inputs.iter().find(|i| i.streamed.is_some()).unwrap();
    assert!(big.bytes.is_empty());
    assert_eq!(
        big.streamed.as_ref().unwrap().sha256.as_deref(),
        Some(sha(&layer).as_str())
    );
    let a = analyze(&s.inputs);
    let m = TreeNode::walk(&a.tree)
        .map(|(_, n)| n)
        .find(|n| n.kind == NodeKind::Manifest)
        .unwrap();
    assert_eq!(m.digest.as_deref(), Some(manifest.as_str()));
    let l = layer_node(&a.tree);
    assert_eq!(l.verification, Verification::Verified);
    assert_eq!(l.size, Some(layer.len() as u64));
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::Archive));
    assert!(
        !a.findings
            .iter()
            .any(|f| f.severity >= crate::Severity::Warning),
        "{:#?}",
        a.findings
    );
}

#[test]
fn deferred_members_wait_then_verify_or_mismatch() {
    let (members, _, layer) = layout();
    let mut s = scan(
        &tar_of_owned(&members),
        &Options {
            defer: true,
            ..small()
        },
    );
    assert_eq!(s.deferred.len(), 1);
    let d = s.deferred[0];
    assert_eq!(d.size, layer.len() as u64);
    let bytes = tar_of_owned(&members);
    assert_eq!(&bytes[d.offset as usize..][..d.size as usize], &layer[..]);
    // Before the hash: pending, not a mismatch.
    let a = analyze(&s.inputs);
    assert_eq!(layer_node(&a.tree).verification, Verification::Hashing);
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::DigestMismatch));
    // A hash of other bytes: a mismatch.
    let mut other = s.inputs.clone();
    if let Some(st) = other[d.input].streamed.as_mut() {
        st.sha256 = Some(sha(b"other"));
    }
    let a = analyze(&other);
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::DigestMismatch));
    // The right hash: verified.
    s.hashed(d.input, Sha256::digest(&layer).into(), d.size, None);
    let a = analyze(&s.inputs);
    assert_eq!(layer_node(&a.tree).verification, Verification::Verified);
}

#[test]
fn gzip_and_zstd_archives_read_the_same() {
    use std::io::Write;
    let (members, manifest, _) = layout();
    let plain = tar_of_owned(&members);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    let zst =
        ruzstd::encoding::compress_to_vec(&plain[..], ruzstd::encoding::CompressionLevel::Fastest);
    for (bytes, c) in [(gz, Compression::Gzip), (zst, Compression::Zstd)] {
        let s = scan(
            &bytes,
            &Options {
                defer: true,
                ..small()
            },
        );
        assert_eq!(listing(&s).compression, Some(c));
        assert_eq!(listing(&s).read, bytes.len() as u64);
        // A decompressing stream cannot seek: nothing is deferred, the layer is hashed inline.
        assert!(s.deferred.is_empty());
        let a = analyze(&s.inputs);
        assert!(
            TreeNode::walk(&a.tree).any(|(_, n)| n.digest.as_deref() == Some(manifest.as_str()))
        );
        assert_eq!(layer_node(&a.tree).verification, Verification::Verified);
    }
}

#[test]
fn a_truncated_archive_keeps_what_came_before_and_says_where_it_ends() {
    let (members, _, _) = layout();
    let bytes = tar_of_owned(&members);
    // Cut inside the last member (the layer).
    let cut = bytes.len() - 2 * tar::BLOCK - 3000;
    for opts in [
        small(),
        Options {
            defer: true,
            ..small()
        },
        Options::default(),
    ] {
        let s = scan(&bytes[..cut], &opts);
        let l = listing(&s);
        assert!(
            matches!(&l.problems[..], [Problem::Truncated { member: Some(m), .. }] if m.starts_with("blobs/sha256/")),
            "{:?}",
            l.problems
        );
        let a = analyze(&s.inputs);
        assert!(a
            .findings
            .iter()
            .any(|f| f.code == crate::findings::Code::ArchiveDamaged));
        // The manifest and config were read before the cut.
        assert!(a.documents.iter().any(|d| d.kind == Kind::Manifest));
        assert!(a.documents.iter().any(|d| d.kind == Kind::Config));
    }
    // Cut at a member boundary: no end blocks.
    let s = scan(&bytes[..bytes.len() - 2 * tar::BLOCK], &small());
    assert_eq!(listing(&s).problems, vec![Problem::NoEnd]);
}

#[test]
fn hostile_members_are_refused_and_named() {
    let mut bytes = Vec::new();
    for (name, kind) in [
        ("../x", b'0'),
        ("/etc/passwd", b'0'),
        ("a/../../b", b'0'),
        ("lnk", b'2'),
        ("dev", b'3'),
    ] {
        bytes.extend_from_slice(&tar::header_block(name, 3, kind));
        bytes.extend_from_slice(b"abc");
        bytes.resize(bytes.len() + 509, 0);
    }
    // A duplicate path.
    for _ in 0..2 {
        bytes.extend_from_slice(&tar::header_block("index.json", 2, b'0'));
        bytes.extend_from_slice(b"{}");
        bytes.resize(bytes.len() + 510, 0);
    }
    bytes.resize(bytes.len() + 1024, 0);
    let s = scan(&bytes, &small());
    let p = &listing(&s).problems;
    assert_eq!(
        p.iter()
            .filter(|p| matches!(p, Problem::UnsafePath { .. }))
            .count(),
        3,
        "{p:?}"
    );
    assert!(p
        .iter()
        .any(|p| matches!(p, Problem::Link { path, .. } if path == "lnk")));
    assert!(p
        .iter()
        .any(|p| matches!(p, Problem::OtherType { kind: b'3', .. })));
    assert!(p
        .iter()
        .any(|p| matches!(p, Problem::Duplicate { path } if path == "index.json")));
    // Only the first index.json became an input; nothing outside the archive is named.
    assert_eq!(s.inputs.len(), 2);
    assert!(s
        .inputs
        .iter()
        .skip(1)
        .all(|i| i.name.starts_with("app.tar/") && !i.name.contains("..")));
    let a = analyze(&s.inputs);
    assert!(
        a.findings
            .iter()
            .filter(|f| f.code == crate::findings::Code::ArchiveUnsafeMember)
            .count()
            >= 6
    );
}

#[test]
fn links_inside_the_archive_are_followed_and_links_out_are_refused() {
    let layer = b"a layer's bytes";
    let hex = sha(layer).replace("sha256:", "");
    let mut bytes = Vec::new();
    let file = |bytes: &mut Vec<u8>, name: &str, data: &[u8]| {
        bytes.extend_from_slice(&tar::header_block(name, data.len() as u64, b'0'));
        bytes.extend_from_slice(data);
        bytes.resize(bytes.len().next_multiple_of(512), 0);
    };
    file(&mut bytes, &format!("{hex}.tar"), layer);
    // podman and skopeo: `<id>/layer.tar -> ../<hex>.tar`; a hard link names a root path.
    for (name, target, kind) in [
        (
            format!("{}/layer.tar", "1".repeat(64)),
            format!("../{hex}.tar"),
            b'2',
        ),
        ("hard.tar".to_string(), format!("{hex}.tar"), b'1'),
        ("up".to_string(), "../../etc/passwd".to_string(), b'2'),
        ("abs".to_string(), "/etc/passwd".to_string(), b'2'),
        ("hard-up".to_string(), "../x".to_string(), b'1'),
    ] {
        bytes.extend_from_slice(&tar::link_block(&name, &target, 0, kind));
    }
    let manifest = format!(
        r#"[{{"Config":"cfg.json","RepoTags":["x:1"],"Layers":["{}/layer.tar"]}}]"#,
        "1".repeat(64)
    );
    file(&mut bytes, "manifest.json", manifest.as_bytes());
    bytes.resize(bytes.len() + 1024, 0);
    let s = scan(&bytes, &small());
    let l = listing(&s);
    assert_eq!(
        l.links,
        vec![
            (
                format!("{}/layer.tar", "1".repeat(64)),
                format!("{hex}.tar")
            ),
            ("hard.tar".to_string(), format!("{hex}.tar")),
        ]
    );
    let refused: Vec<&str> = l
        .problems
        .iter()
        .filter_map(|p| match p {
            Problem::Link { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(refused, ["up", "abs", "hard-up"]);
    // The layer named through the link is found: its size is the target's, not missing.
    let a = analyze(&s.inputs);
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::ArchiveMissingMember
            && f.message.en.contains("layer.tar")));
    let layer_sizes: Vec<Option<u64>> = a
        .documents
        .iter()
        .flat_map(|d| &d.descriptors)
        .filter(|d| d.role == crate::DescriptorRole::Layer)
        .map(|d| d.size)
        .collect();
    assert_eq!(layer_sizes, [Some(layer.len() as u64)]);
}

#[test]
fn a_member_claiming_a_huge_size_costs_only_what_is_there() {
    // A tar bomb: one header claims 8 EiB; the bytes end after 1 KiB.
    let mut bytes = tar::header_block("blobs/sha256/aa", 0, b'0').to_vec();
    bytes[124] = 0x80;
    bytes[125..136].copy_from_slice(&[0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    // Fix the checksum for the changed size field.
    bytes[148..156].copy_from_slice(b"        ");
    let sum: u64 = bytes.iter().map(|&b| u64::from(b)).sum();
    bytes[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    bytes.extend_from_slice(&[7u8; 1024]);
    for opts in [
        small(),
        Options {
            defer: true,
            ..small()
        },
    ] {
        let s = scan(&bytes, &opts);
        assert!(
            matches!(listing(&s).problems[..], [Problem::Truncated { .. }]),
            "{:?}",
            listing(&s).problems
        );
        let _ = analyze(&s.inputs);
    }
    // A pax header claiming a huge size is skipped, not allocated.
    let mut pax = tar::header_block("PaxHeaders/x", 2 << 20, b'x').to_vec();
    pax.extend_from_slice(&[b'9'; 1024]);
    let s = scan(&pax, &small());
    assert!(listing(&s)
        .problems
        .iter()
        .any(|p| matches!(p, Problem::HugeMeta { .. })));
}

#[test]
fn not_a_tar_and_a_corrupted_header() {
    let s = scan(b"{\"schemaVersion\":2}", &small());
    assert_eq!(
        listing(&s).problems,
        vec![Problem::Truncated {
            member: None,
            at: 0,
            expected: 512,
            got: 19
        }]
    );
    let s = scan(&[b'x'; 2048], &small());
    assert_eq!(listing(&s).problems, vec![Problem::NotTar]);
    let (members, _, _) = layout();
    let mut bytes = tar_of_owned(&members);
    // Corrupt the second header (index.json is 1 block of data after the first header+data).
    bytes[2 * tar::BLOCK + 5] ^= 0x55;
    let s = scan(&bytes, &small());
    assert_eq!(listing(&s).problems, vec![Problem::BadHeader { at: 1024 }]);
    let s = scan(&[0x1f, 0x8b, 8, 0, 0, 0], &small());
    assert!(
        matches!(listing(&s).problems[..], [Problem::Decompress { .. }]),
        "{:?}",
        listing(&s).problems
    );
}

#[test]
fn pax_and_gnu_long_names_name_members() {
    let long = format!("blobs/sha256/{}", "a".repeat(120));
    let rec = format!(" path={long}\n");
    let len = rec.len() + 3;
    let pax = format!("{len}{rec}");
    let mut bytes = tar::header_block("PaxHeaders/x", pax.len() as u64, b'x').to_vec();
    bytes.extend_from_slice(pax.as_bytes());
    bytes.resize(bytes.len() + tar::padding(pax.len() as u64) as usize, 0);
    bytes.extend_from_slice(&tar::header_block("short", 1, b'0'));
    bytes.push(b'1');
    bytes.resize(bytes.len() + 511, 0);
    let gnu = format!("{}\0", "b/".repeat(80));
    bytes.extend_from_slice(&tar::header_block("././@LongLink", gnu.len() as u64, b'L'));
    bytes.extend_from_slice(gnu.as_bytes());
    bytes.resize(bytes.len() + tar::padding(gnu.len() as u64) as usize, 0);
    bytes.extend_from_slice(&tar::header_block("short2", 1, b'0'));
    bytes.push(b'2');
    bytes.resize(bytes.len() + 511 + 1024, 0);
    let s = scan(&bytes, &small());
    assert!(
        listing(&s).problems.is_empty(),
        "{:?}",
        listing(&s).problems
    );
    assert_eq!(s.inputs[1].name, format!("app.tar/{long}"));
    assert_eq!(
        s.inputs[2].name,
        format!("app.tar/{}", "b/".repeat(80).trim_end_matches('/'))
    );
}

#[test]
fn a_legacy_docker_save_draws_each_entry_as_the_image() {
    let layer = tar_of(&[("hello", b"hi\n")]);
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
        sha(&layer)
    );
    let chex = &sha(config.as_bytes())[7..];
    let id = "c".repeat(64);
    let manifest = format!(
        r#"[{{"Config":"{chex}.json","RepoTags":["app:1","app:latest"],"Layers":["{id}/layer.tar"]}}]"#
    );
    let repositories = format!(r#"{{"app":{{"1":"{id}","latest":"{id}"}}}}"#);
    let v1 = r#"{"id":"cccc"}"#;
    let members: Members = vec![
        (format!("{id}/VERSION"), b"1.0".to_vec()),
        (format!("{id}/json"), v1.as_bytes().to_vec()),
        (format!("{id}/layer.tar"), layer.clone()),
        (format!("{chex}.json"), config.clone().into_bytes()),
        ("manifest.json".into(), manifest.into_bytes()),
        ("repositories".into(), repositories.into_bytes()),
    ];
    let bytes = tar_of_owned(&members);
    let a = analyze(&scan(&bytes, &small()).inputs);
    let r = &a.tree[0];
    assert_eq!(r.kind, NodeKind::Reference, "{:#?}", a.tree);
    assert_eq!(r.reference.as_deref(), Some("app:1"));
    let m = &r.children[0];
    assert_eq!(m.kind, NodeKind::Manifest);
    let kinds: Vec<(NodeKind, Verification)> = m
        .children
        .iter()
        .map(|c| (c.kind, c.verification))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (NodeKind::Config, Verification::Verified),
            (NodeKind::Layer, Verification::Verified)
        ]
    );
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::DockerSaveLegacy
            && f.message.en.contains("app:1, app:latest")));
    assert!(
        !a.findings
            .iter()
            .any(|f| f.severity >= crate::Severity::Warning),
        "{:#?}",
        a.findings
    );
    // The layer changed: its diff_id does not match, and the tree says where.
    let mut bad = members.clone();
    bad[2].1[600] ^= 1;
    let a = analyze(&scan(&tar_of_owned(&bad), &small()).inputs);
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::DigestMismatch));
    assert_eq!(layer_node(&a.tree).verification, Verification::Mismatch);
    // A layer missing from the archive.
    let mut gone = members.clone();
    gone.remove(2);
    let a = analyze(&scan(&tar_of_owned(&gone), &small()).inputs);
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == crate::findings::Code::ArchiveMissingMember));
}

#[test]
fn only_archives_not_blobs_named_by_digest_are_opened() {
    let tar = tar_of(&[("index.json", b"{}")]);
    assert!(opens("app.tar", &tar));
    assert!(opens("/tmp/x/save", &tar));
    assert!(opens("app.tar.gz", &[0x1f, 0x8b, 8]));
    assert!(!opens(&"a".repeat(64), &tar));
    assert!(!opens(&format!("dir/{}.tar", "b".repeat(64)), &tar));
    assert!(!opens("lay/blobs/sha256/x", &tar));
    assert!(!opens("manifest.json", b"{\"schemaVersion\":2}"));
    assert!(!opens("empty", b""));
}

/// A one-image OCI layout whose layer is `blob` (`media_type`), whose config says its diff_id
/// is `diff_id`, and whose `index.json` names it `tag`.
fn layout_of(blob: &[u8], media_type: &str, diff_id: &str, tag: Option<&str>) -> Members {
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{diff_id}"]}}}}"#
    );
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"{media_type}","digest":"{}","size":{}}}]}}"#,
        sha(config.as_bytes()),
        config.len(),
        sha(blob),
        blob.len()
    );
    let annotations = tag.map_or(String::new(), |t| {
        format!(r#","annotations":{{"org.opencontainers.image.ref.name":"{t}"}}"#)
    });
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}{annotations}}}]}}"#,
        sha(manifest.as_bytes()),
        manifest.len()
    );
    let path = |b: &[u8]| format!("blobs/sha256/{}", &sha(b)[7..]);
    vec![
        (
            "oci-layout".into(),
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ),
        ("index.json".into(), index.into_bytes()),
        (path(manifest.as_bytes()), manifest.into_bytes()),
        (path(config.as_bytes()), config.into_bytes()),
        (path(blob), blob.to_vec()),
    ]
}

fn diff_id_findings(a: &crate::Analysis) -> Vec<&crate::findings::Finding> {
    a.findings
        .iter()
        .filter(|f| f.code == crate::findings::Code::DiffIdMismatch)
        .collect()
}

#[test]
fn each_layer_uncompressed_is_checked_against_its_diff_id_kept_streamed_or_deferred() {
    use std::io::Write as _;
    // Content that does not compress, so its gzip is larger than what `small` keeps.
    let mut x = 1u32;
    let tar: Vec<u8> = (0..20_000)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(&tar).unwrap();
    let gz = e.finish().unwrap();
    let zst =
        ruzstd::encoding::compress_to_vec(&tar[..], ruzstd::encoding::CompressionLevel::Fastest);
    const GZ: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
    const ZST: &str = "application/vnd.oci.image.layer.v1.tar+zstd";
    const TAR: &str = "application/vnd.oci.image.layer.v1.tar";
    let other = sha(b"another layer's content");
    for (blob, mt) in [(&gz, GZ), (&zst, ZST), (&tar, TAR)] {
        for (diff_id, wrong) in [(sha(&tar), false), (other.clone(), true)] {
            let members = layout_of(blob, mt, &diff_id, None);
            let inputs: Vec<crate::Input> = members
                .iter()
                .map(|(n, b)| crate::Input::file(format!("l/{n}"), b.clone()))
                .collect();
            let bytes = tar_of_owned(&members);
            // A folder (kept whole), a tar read as a stream (hashed and decompressed as it
            // passes), a tar whose large members a front door hashed later (as the CLI does).
            let mut deferred = scan(
                &bytes,
                &Options {
                    defer: true,
                    ..small()
                },
            );
            for d in deferred.deferred.clone() {
                let h = crate::verify::diff_ids::hash_blob(
                    &bytes[d.offset as usize..(d.offset + d.size) as usize],
                );
                deferred.hashed(d.input, h.sha256, h.read, h.uncompressed);
            }
            assert!(!deferred.deferred.is_empty());
            for (how, a) in [
                ("folder", analyze(&inputs)),
                ("stream", analyze(&scan(&bytes, &small()).inputs)),
                ("deferred", analyze(&deferred.inputs)),
            ] {
                let found = diff_id_findings(&a);
                // Compressed layers are decompressed only with `inflate` (the CLI's build).
                let checked = mt == TAR || cfg!(feature = "inflate");
                assert_eq!(
                    found.len(),
                    usize::from(wrong && checked),
                    "{mt} {how}: {:#?}",
                    a.findings
                );
                if wrong && checked {
                    assert!(
                        found[0].message.en.contains(&sha(&tar)),
                        "{}",
                        found[0].message.en
                    );
                    assert_eq!(
                        found[0].location.path.as_deref(),
                        Some("$.rootfs.diff_ids[0]")
                    );
                }
                assert!(
                    !a.findings
                        .iter()
                        .any(|f| f.code == crate::findings::Code::DigestMismatch),
                    "{mt} {how}"
                );
            }
        }
    }
}
