use super::*;
use crate::test_support::{fixture, layout, shared_real};
use crate::{analyze, Input};
use sha2::{Digest as _, Sha256};

fn sha(b: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(b)))
}

const GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
const ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";

/// A layer of a test image: its compressed digest and media type, and its diff_id.
struct L {
    blob: &'static str,
    diff: &'static str,
    mt: &'static str,
    step: &'static str,
}

fn l(blob: &'static str, diff: &'static str, step: &'static str) -> L {
    L {
        blob,
        diff,
        mt: GZIP,
        step,
    }
}

/// An OCI manifest and its config as two files: `env`, `created` and `layers` vary.
fn image(env: &[&str], created: &str, layers: &[L], annotations: &str) -> Vec<Input> {
    let history: Vec<String> = layers
        .iter()
        .map(|x| format!(r#"{{"created":"{created}","created_by":"{}"}}"#, x.step))
        .collect();
    let diff_ids: Vec<String> = layers
        .iter()
        .map(|x| format!("\"{}\"", sha(x.diff.as_bytes())))
        .collect();
    let env: Vec<String> = env.iter().map(|e| format!("\"{e}\"")).collect();
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","created":"{created}","config":{{"Env":[{}],"Cmd":["/app"]}},"rootfs":{{"type":"layers","diff_ids":[{}]}},"history":[{}]}}"#,
        env.join(","),
        diff_ids.join(","),
        history.join(",")
    );
    let descs: Vec<String> = layers
        .iter()
        .map(|x| {
            format!(
                r#"{{"mediaType":"{}","digest":"{}","size":{}}}"#,
                x.mt,
                sha(x.blob.as_bytes()),
                1000 + x.blob.len()
            )
        })
        .collect();
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{}]{annotations}}}"#,
        sha(config.as_bytes()),
        config.len(),
        descs.join(",")
    );
    vec![
        Input::file("manifest.json", manifest),
        Input::file("config.json", config),
    ]
}

fn base() -> Vec<L> {
    vec![
        l("base-gz", "base", "ADD rootfs.tar /"),
        l("app-gz", "app", "COPY app /app"),
    ]
}

fn kinds(c: &Comparison) -> Vec<&'static str> {
    c.changes.iter().map(|c| c.kind.id()).collect()
}

/// `a` compared with `b`; and checks that the analyses the page is handed (its worker compares
/// those) compare alike.
fn diff(a: &[Input], b: &[Input], opts: &Options) -> Comparison {
    let (a, b) = (analyze(a), analyze(b));
    let c = compare(&a, &b, opts);
    let page = compare(&crate::codec::for_page(a), &crate::codec::for_page(b), opts);
    assert_eq!(page, c, "the page's analyses compare otherwise");
    c
}

#[test]
fn the_same_image_is_identical() {
    let a = image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &base(), "");
    let c = diff(&a, &a, &Options::default());
    assert_eq!(c.verdict, Verdict::Identical);
    assert!(c.changes.is_empty() && !c.differs());
    assert_eq!(c.pairs.len(), 1);
    assert_eq!(
        (c.pairs[0].shared_layers, c.pairs[0].shared_size),
        (2, 2013)
    );
}

#[test]
fn one_env_var_changes_the_config_and_so_both_digests() {
    let a = image(
        &["PATH=/bin", "MODE=dev"],
        "2024-01-01T00:00:00Z",
        &base(),
        "",
    );
    let b = image(
        &["PATH=/bin", "MODE=prod"],
        "2024-01-01T00:00:00Z",
        &base(),
        "",
    );
    let c = diff(&a, &b, &Options::default());
    assert_eq!(kinds(&c), ["env", "config-digest", "manifest-digest"]);
    let env = &c.changes[0];
    assert_eq!(
        (
            env.subject.as_deref(),
            env.left.as_deref(),
            env.right.as_deref()
        ),
        (Some("MODE"), Some("dev"), Some("prod"))
    );
    assert_eq!(env.class, Class::Content);
    assert!(c.changes[2].text.en.contains("differ in the config"));
    assert!(c.changes[2].text.ja.contains("config"));
    assert_eq!(c.verdict, Verdict::Differs);
    assert_eq!(c.pairs[0].shared_layers, 2);
}

#[test]
fn builds_that_differ_only_in_timestamps_are_reproducible_once_they_are_set_aside() {
    let ann = |t: &str| format!(r#","annotations":{{"org.opencontainers.image.created":"{t}"}}"#);
    let a = image(
        &["PATH=/bin"],
        "2024-01-01T00:00:00Z",
        &base(),
        &ann("2024-01-01"),
    );
    let b = image(
        &["PATH=/bin"],
        "2025-06-30T12:00:00Z",
        &base(),
        &ann("2025-06-30"),
    );
    let c = diff(&a, &b, &Options::default());
    assert_eq!(
        kinds(&c),
        [
            "annotation",
            "created",
            "history-dates",
            "config-digest",
            "manifest-digest"
        ]
    );
    assert_eq!(c.verdict, Verdict::OnlyTimestamps);
    assert!(c.verdict.meaning().en.contains("SOURCE_DATE_EPOCH"));
    assert!(c.verdict.meaning().en.contains("rewrite-timestamp"));
    assert_eq!(c.changes[2].subject.as_deref(), Some("2 of 2"));
    let set_aside = diff(
        &a,
        &b,
        &Options {
            ignore_timestamps: true,
            ..Options::default()
        },
    );
    assert!(set_aside.changes.is_empty() && !set_aside.differs());
    assert_eq!(
        (set_aside.verdict, set_aside.set_aside),
        (Verdict::OnlyTimestamps, 5)
    );
    // A real difference stays, with the digests it changes.
    let d = image(
        &["PATH=/sbin"],
        "2025-06-30T12:00:00Z",
        &base(),
        &ann("2025-06-30"),
    );
    let c = diff(
        &a,
        &d,
        &Options {
            ignore_timestamps: true,
            ..Options::default()
        },
    );
    assert_eq!(kinds(&c), ["env", "config-digest", "manifest-digest"]);
    assert_eq!(c.verdict, Verdict::Differs);
}

#[test]
fn a_layer_compressed_otherwise_is_the_same_content() {
    let a = image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &base(), "");
    let mut layers = base();
    layers[1] = L {
        blob: "app-zst",
        diff: "app",
        mt: ZSTD,
        step: "COPY app /app",
    };
    let b = image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &layers, "");
    let c = diff(&a, &b, &Options::default());
    assert_eq!(kinds(&c), ["layer-recompressed", "manifest-digest"]);
    let r = &c.changes[0];
    assert_eq!(r.subject.as_deref(), Some("layer 2"));
    assert!(r.text.en.contains("tar+zstd") && r.text.en.contains("same diff_id"));
    assert!(c.changes[1].text.en.contains("compression"));
    assert_eq!(c.verdict, Verdict::SameContent);
    assert_eq!(c.pairs[0].shared_layers, 1);
}

#[test]
fn a_layer_of_other_content_is_changed_and_one_more_is_added() {
    let a = image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &base(), "");
    let changed = vec![
        l("base-gz", "base", "ADD rootfs.tar /"),
        l("app2-gz", "app2", "COPY app /app"),
    ];
    let c = diff(
        &a,
        &image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &changed, ""),
        &Options::default(),
    );
    assert_eq!(
        kinds(&c),
        ["layer-changed", "config-digest", "manifest-digest"]
    );
    let d = c.changes[0].layer.as_ref().unwrap();
    assert_eq!((d.left_position, d.right_position), (Some(2), Some(2)));
    assert_eq!(d.left_step.as_deref(), Some("COPY app /app"));
    assert!(c.changes[0]
        .text
        .en
        .contains("Both made by `COPY app /app`"));
    assert!(c.changes[2].text.en.contains("the config and the layers"));
    // One layer more on top, in the middle: the others stay shared.
    let mut more = base();
    more.insert(1, l("deps-gz", "deps", "RUN apt-get install -y curl"));
    let c = diff(
        &a,
        &image(&["PATH=/bin"], "2024-01-01T00:00:00Z", &more, ""),
        &Options::default(),
    );
    let added: Vec<&Change> = c
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::LayerAdded)
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].subject.as_deref(), Some("layer 2"));
    assert!(added[0].text.en.contains("RUN apt-get install -y curl"));
    assert_eq!(c.pairs[0].shared_layers, 2);
    assert!(!kinds(&c).contains(&"layer-changed"));
}

#[test]
fn an_index_against_its_amd64_child_is_that_image_and_two_platforms_fewer() {
    let list = [
        fixture("manifests/dockerhub-python-latest-manifest-list.json"),
        fixture("manifests/dockerhub-python-linux-amd64-schema2.json"),
    ];
    let child = [fixture(
        "manifests/dockerhub-python-linux-amd64-schema2.json",
    )];
    let c = diff(&list, &child, &Options::default());
    assert_eq!(c.changes[0].kind, ChangeKind::Index);
    let removed = c
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::PlatformRemoved)
        .count();
    assert_eq!(removed, c.left_platforms.len() - 1);
    // The amd64 manifest is the same on both sides.
    let amd64 = c.pairs.iter().find(|p| p.scope == "linux/amd64").unwrap();
    assert_eq!(amd64.verdict, Verdict::Identical);
    assert_eq!(amd64.left.manifest, amd64.right.manifest);
    // Asked for that platform only: identical.
    let c = diff(
        &list,
        &child,
        &Options {
            platform: Some(platform::parse("linux/amd64").unwrap()),
            ..Options::default()
        },
    );
    assert_eq!(c.verdict, Verdict::Identical, "{:?}", kinds(&c));
}

#[test]
fn an_image_with_provenance_against_the_same_image_without_it() {
    let with = layout("buildkit-oci-layout");
    let a = analyze(&with);
    // The image manifest and its config alone, from the same layout.
    let (_, m) = TreeNode::walk(&a.tree)
        .find(|(_, n)| n.kind == NodeKind::Manifest)
        .unwrap();
    let docs: Vec<Input> = with
        .iter()
        .filter(|i| {
            let d = sha(&i.bytes);
            Some(&d) == m.digest.as_ref()
                || m.children
                    .iter()
                    .any(|c| c.kind == NodeKind::Config && c.digest.as_ref() == Some(&d))
        })
        .cloned()
        .collect();
    assert_eq!(docs.len(), 2);
    let c = compare(&a, &analyze(&docs), &Options::default());
    let removed: Vec<&Change> = c
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::AttachmentRemoved)
        .collect();
    assert_eq!(removed.len(), 1, "{:?}", kinds(&c));
    assert_eq!(removed[0].subject.as_deref(), Some("provenance"));
    assert!(removed[0].text.en.starts_with("Only A has a provenance"));
}

#[test]
fn docker_hubs_hello_world_platforms_against_each_other() {
    let Some(real) = shared_real() else {
        return;
    };
    let files = crate::test_support::layout_files(&real.join("hello-world-dockerhub-layout"));
    let inputs: Vec<Input> = files.into_iter().map(|(n, b)| Input::file(n, b)).collect();
    let a = analyze(&inputs);
    let opts = Options {
        platform: Some(platform::parse("linux/amd64").unwrap()),
        right_platform: Some(platform::parse("linux/arm64").unwrap()),
        ..Options::default()
    };
    let c = compare(&a, &a, &opts);
    // Given alone (the page's Compare mode with B empty), the layout's first two platforms.
    let all = compare(&a, &a, &Options::default());
    assert_eq!(
        two_platforms(&all.left_platforms),
        Some(("linux/amd64", "linux/arm/v5")),
        "{:?}",
        all.left_platforms
    );
    assert_eq!(c.pairs.len(), 1);
    assert!(
        c.pairs[0].scope.starts_with("linux/amd64 ↔ linux/arm64"),
        "{}",
        c.pairs[0].scope
    );
    let k = kinds(&c);
    assert_eq!(k[0], "platform");
    assert!(k.contains(&"manifest-digest"), "{k:?}");
    assert_eq!(c.verdict, Verdict::Differs);
}

#[test]
fn two_platforms_are_the_first_two_known_and_different() {
    let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let two = |v: &[&str]| two_platforms(&p(v)).map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(
        two(&[
            "-",
            "linux/amd64",
            "unknown/unknown",
            "linux/amd64",
            "linux/arm64"
        ]),
        Some(("linux/amd64".into(), "linux/arm64".into()))
    );
    assert_eq!(two(&["linux/amd64", "unknown/unknown", "-"]), None);
    assert_eq!(two(&[]), None);
}
