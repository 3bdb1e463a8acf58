//! `docker pull` transcripts (issue 11): the real ones of `../shared/fixtures/real/pull-logs/`
//! (Docker's docs and issues, both image stores), each pasted with Docker Hub's hello-world
//! layout (`../shared/fixtures/real/hello-world-dockerhub-layout/`), and logs of our own with
//! what terminals and CI logs add. Read from `../shared` (CI has it); when it is absent that
//! test says so and passes.

use std::path::{Path, PathBuf};

use ocilens_core::findings::Code;
use ocilens_core::present::json::to_json;
use ocilens_core::{analyze, Analysis, Input, Lang, NodeKind, PullStatus, PullStore};

fn real() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/real")
}

/// The layout's files as inputs, named `layout/<path>`.
fn layout(root: &Path) -> Vec<Input> {
    let dir = root.join("hello-world-dockerhub-layout");
    let mut out = vec![
        Input::file(
            "layout/oci-layout",
            std::fs::read(dir.join("oci-layout")).unwrap(),
        ),
        Input::file(
            "layout/index.json",
            std::fs::read(dir.join("index.json")).unwrap(),
        ),
    ];
    for e in std::fs::read_dir(dir.join("blobs/sha256"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().into_string().unwrap();
        out.push(Input::file(
            format!("layout/blobs/sha256/{name}"),
            std::fs::read(e.path()).unwrap(),
        ));
    }
    out
}

/// What each real log must give: (file, store, status, interrupted, ids, pulled platform).
struct Want {
    file: &'static str,
    store: PullStore,
    status: Option<PullStatus>,
    interrupted: bool,
    ids: &'static [&'static str],
    pulled: Option<&'static str>,
}

const WANT: &[Want] = &[
    Want {
        file: "dockercli-pull-debian-classic.txt",
        store: PullStore::Either,
        status: Some(PullStatus::Downloaded),
        interrupted: false,
        ids: &["e756f3fdd6a3"],
        pulled: None,
    },
    Want {
        file: "dockercli-pull-bookworm-layers-shared.txt",
        store: PullStore::Either,
        status: Some(PullStatus::Downloaded),
        interrupted: false,
        ids: &[],
        pulled: None,
    },
    Want {
        file: "dockercli-pull-ubuntu-2404.txt",
        store: PullStore::Either,
        status: Some(PullStatus::Downloaded),
        interrupted: false,
        ids: &["125a6e411906"],
        pulled: None,
    },
    Want {
        file: "dockercli-pull-by-digest-up-to-date.txt",
        store: PullStore::Either,
        status: Some(PullStatus::UpToDate),
        interrupted: false,
        ids: &[],
        pulled: None,
    },
    Want {
        file: "dockercli-pull-cancel-pulling-fs-layer.txt",
        store: PullStore::Either,
        status: None,
        interrupted: true,
        ids: &["a3ed95caeb02", "236608c7b546"],
        pulled: None,
    },
    Want {
        file: "dockercli-c8d-pull-riscv64-download-complete.txt",
        store: PullStore::Containerd,
        status: Some(PullStatus::Downloaded),
        interrupted: false,
        ids: &["8c4a05189a5f"],
        pulled: None,
    },
    Want {
        file: "issue-moby-44871-classic-hello-world.txt",
        store: PullStore::Either,
        status: Some(PullStatus::Downloaded),
        interrupted: false,
        ids: &["2db29710123e"],
        pulled: Some("linux/amd64"),
    },
    Want {
        file: "issue-moby-44871-c8d-early-hello-world.txt",
        store: PullStore::ContainerdEarly,
        status: None,
        interrupted: false,
        ids: &[
            "aa0cc8055b82",
            "432f982638b3",
            "46331d942d63",
            "7050e35b49f5",
        ],
        pulled: Some("linux/arm64/v8"),
    },
    // The diff shows the same blob before (a whole digest) and after (its 12 digits): one id.
    Want {
        file: "issue-moby-47454-c8d-before-after.diff",
        store: PullStore::ContainerdEarly,
        status: None,
        interrupted: false,
        ids: &["sha256:4abcf20661432fb2d719aaf90656f55c287f8ca915dc1c92ec14ff61e67fbaf8"],
        pulled: None,
    },
];

#[test]
fn every_real_pull_log_pasted_with_the_hello_world_layout_maps_its_ids() {
    let root = real();
    if !root.is_dir() {
        eprintln!(
            "{}: not here (shared/ is absent), so nothing to check",
            root.display()
        );
        return;
    }
    let blobs: Vec<String> =
        std::fs::read_dir(root.join("hello-world-dockerhub-layout/blobs/sha256"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
    for w in WANT {
        let text = std::fs::read(root.join("pull-logs").join(w.file)).unwrap();
        let mut inputs = layout(&root);
        inputs.push(Input::new("paste", text));
        let a = analyze(&inputs);
        assert_eq!(a.pull_logs.len(), 1, "{}: {:?}", w.file, a.pull_logs);
        let log = &a.pull_logs[0];
        let ids: Vec<&str> = log.ids.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, w.ids, "{}", w.file);
        assert_eq!(
            (log.store, log.status, log.interrupted),
            (w.store, w.status, w.interrupted),
            "{}",
            w.file
        );
        // Every id that begins a blob of the layout names it; no other does.
        for id in &log.ids {
            let short = id.id.trim_start_matches("sha256:").get(..12).unwrap();
            let in_layout: Vec<&String> = blobs.iter().filter(|b| b.starts_with(short)).collect();
            let named: Vec<String> = id
                .names
                .iter()
                .map(|t| t.digest.trim_start_matches("sha256:").to_string())
                .collect();
            assert_eq!(named.len(), in_layout.len(), "{}: {}", w.file, id.id);
            assert!(
                in_layout.iter().all(|b| named.contains(b)),
                "{}: {}",
                w.file,
                id.id
            );
        }
        assert_eq!(
            log.pulled
                .as_ref()
                .and_then(|(_, p)| p.as_ref())
                .map(ToString::to_string)
                .as_deref(),
            w.pulled,
            "{}",
            w.file
        );
        // Said in words, in both languages, at the log's line; an interrupted pull says so too.
        let f = a.findings.iter().find(|f| f.code == Code::PullLog).unwrap();
        assert!(f.message.en.contains("docker pull") && f.message.ja.contains("docker pull"));
        assert_eq!(f.location.line, Some(log.line));
        assert_eq!(
            a.findings.iter().any(|f| f.code == Code::PullInterrupted),
            w.interrupted,
            "{}",
            w.file
        );
        // No line of a log is set aside as unread text.
        assert!(
            !a.set_aside
                .iter()
                .any(|s| s.what.en.contains("not a document")),
            "{}: {:?}",
            w.file,
            a.set_aside
        );
    }
}

#[test]
fn the_classic_hello_world_pull_is_the_amd64_image_and_its_digest_another_index() {
    let root = real();
    if !root.is_dir() {
        eprintln!(
            "{}: not here (shared/ is absent), so nothing to check",
            root.display()
        );
        return;
    }
    let mut inputs = layout(&root);
    inputs.push(Input::new(
        "paste",
        std::fs::read(root.join("pull-logs/issue-moby-44871-classic-hello-world.txt")).unwrap(),
    ));
    let a = analyze(&inputs);
    let log = &a.pull_logs[0];
    let t = &log.ids[0].names[0];
    assert_eq!(
        (
            t.kind,
            t.platform.as_ref().map(ToString::to_string).as_deref()
        ),
        (NodeKind::Layer, Some("linux/amd64"))
    );
    assert_eq!(
        log.pulled.as_ref().map(|(m, _)| m.as_str()),
        Some("sha256:f54a58bc1aac5ea1a25d796ae155dc228b3f0e11d046ae276b39c4bf2f13d8c4")
    );
    // `Digest:` aa0cc8055b82 is a later hello-world index than the layout's 00e1ee7c.
    assert!(log.digest_names.is_none());
    let f = a.findings.iter().find(|f| f.code == Code::PullLog).unwrap();
    assert!(
        f.message.en.contains("The pulled image is linux/amd64"),
        "{}",
        f.message.en
    );
    assert!(
        f.message.en.contains("the tag has moved since"),
        "{}",
        f.message.en
    );
    assert!(f.message.ja.contains("レイヤー"), "{}", f.message.ja);
    let j = to_json(&a, Lang::En);
    assert_eq!(j["pullLogs"][0]["ids"][0]["names"][0]["kind"], "layer");
    assert_eq!(j["pullLogs"][0]["pulled"]["platform"], "linux/amd64");
}

/// A manifest of our own, with its layer, and the log of its pull as a terminal shows it.
fn own_image() -> (String, String, String) {
    let layer = format!("sha256:{}", "5".repeat(64));
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{layer}","size":10}}]}}"#,
        "6".repeat(64)
    );
    let digest = {
        use sha2::{Digest as _, Sha256};
        let h: String = Sha256::digest(manifest.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("sha256:{h}")
    };
    (manifest, layer, digest)
}

#[test]
fn a_terminal_copy_with_redraws_escapes_and_timestamps_is_read_and_digest_names_the_manifest() {
    let (manifest, layer, digest) = own_image();
    let id = &layer[7..19];
    let log = format!(
        "2026-12-02T01:00:00.0000001Z $ docker pull registry.example/app:1.0\n\
         2026-12-02T01:00:01.0000001Z 1.0: Pulling from app\n\
         \u{1b}[1A\u{1b}[2K\r{id}: Pulling fs layer\r{id}: Downloading [==>     ]  1.2kB/10kB\n\
         {id}: Verifying Checksum\n\
         {id}: Download complete\n\
         {id}: Extracting [======>  ]\r{id}: Pull complete\n\
         Digest: {digest}\n\
         Status: Downloaded newer image for registry.example/app:1.0\n\
         registry.example/app:1.0\n"
    );
    let a = analyze(&[
        Input::new("log", log.clone()),
        Input::new("manifest", manifest),
    ]);
    let p = &a.pull_logs[0];
    assert_eq!(p.reference.as_deref(), Some("registry.example/app:1.0"));
    assert_eq!(p.store, PullStore::Classic);
    assert_eq!(
        p.ids[0].states,
        [
            "Pulling fs layer",
            "Downloading",
            "Verifying Checksum",
            "Download complete",
            "Extracting",
            "Pull complete"
        ]
    );
    assert_eq!(p.ids[0].names[0].kind, NodeKind::Layer);
    assert_eq!(
        p.digest_names.as_ref().map(|t| t.kind),
        Some(NodeKind::Manifest)
    );
    let f = a.findings.iter().find(|f| f.code == Code::PullLog).unwrap();
    assert!(
        f.message.en.contains("single-platform image"),
        "{}",
        f.message.en
    );
    assert!(
        f.message.en.contains("classic image store"),
        "{}",
        f.message.en
    );
    assert!(
        !a.findings.iter().any(|f| f.code == Code::NotRecognised),
        "{:?}",
        a.findings
    );
    // Pasted alone, the log says what the ids cannot tell without the documents.
    let alone = analyze(&[Input::new("log", log)]);
    let f = alone
        .findings
        .iter()
        .find(|f| f.code == Code::PullLog)
        .unwrap();
    assert!(
        f.message
            .en
            .contains("Paste the image's index and manifests"),
        "{}",
        f.message.en
    );
    assert!(alone.pull_logs[0].pulled.is_none());
}

#[test]
fn already_exists_means_shared_and_a_stop_mid_pull_says_what_is_left() {
    let log = "Using default tag: latest\nlatest: Pulling from library/debian\n\
               1111111111aa: Already exists\n2222222222bb: Downloading [=>  ]\n\
               2222222222bb: Retrying in 5 seconds\n";
    let a: Analysis = analyze(&[Input::new("paste", log)]);
    let p = &a.pull_logs[0];
    assert!(p.interrupted);
    assert_eq!(p.ids[1].states, ["Downloading", "Retrying in 5 seconds"]);
    let f = a.findings.iter().find(|f| f.code == Code::PullLog).unwrap();
    assert!(
        f.message.en.contains("shared with an image pulled before"),
        "{}",
        f.message.en
    );
    let w = a
        .findings
        .iter()
        .find(|f| f.code == Code::PullInterrupted)
        .unwrap();
    assert!(
        w.message
            .en
            .contains("`2222222222bb` (Retrying in 5 seconds)"),
        "{}",
        w.message.en
    );
    assert!(!w.message.en.contains("1111111111aa"), "{}", w.message.en);
}

// ---- Error messages pasted with the documents ----------------------------------------------

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(rel),
    )
    .unwrap()
}

fn error_findings(a: &Analysis) -> Vec<&ocilens_core::Finding> {
    a.findings
        .iter()
        .filter(|f| f.code == Code::ErrorMessage)
        .collect()
}

#[test]
fn the_ecs_error_beside_a_single_manifest_says_the_tag_was_an_index_then() {
    // A single arm64 image (manifest and config), and the error ECS printed for it on amd64.
    let config = r#"{"architecture":"arm64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#;
    let digest = {
        use sha2::{Digest as _, Sha256};
        let h: String = Sha256::digest(config.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("sha256:{h}")
    };
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{digest}","size":{}}},"layers":[]}}"#,
        config.len()
    );
    let paste = format!(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'\n{manifest}\n{config}\n"
    );
    let a = analyze(&[Input::new("paste", paste)]);
    let f = error_findings(&a);
    assert_eq!(f.len(), 1, "{:?}", a.findings);
    let m = &f[0].message;
    assert!(
        m.en.contains("a single manifest is pulled whatever the platform"),
        "{}",
        m.en
    );
    assert!(m.en.contains("attestation manifest"), "{}", m.en);
    assert!(
        m.en.contains("config says linux/arm64") && m.en.contains("exec format error"),
        "{}",
        m.en
    );
    assert!(m.ja.contains("単一のマニフェスト"), "{}", m.ja);
    assert_eq!(f[0].location.line, Some(1));
    assert!(!a.findings.iter().any(|f| f.code == Code::NotRecognised));
}

#[test]
fn docker_s_platform_error_beside_an_index_says_what_the_index_has() {
    let list = fixture("manifests/dockerhub-python-latest-manifest-list.json");
    let say = |platform: &str| {
        let paste = format!("Error response from daemon: no matching manifest for {platform} in the manifest list entries\n{list}");
        let a = analyze(&[Input::new("paste", paste)]);
        error_findings(&a)[0].message.en.clone()
    };
    let none = say("linux/riscv64");
    assert!(
        none.contains(
            "The index given here has no entry for linux/riscv64 either: it has linux/amd64"
        ),
        "{none}"
    );
    let has = say("linux/arm64/v8");
    assert!(has.contains("does have one"), "{has}");
}

#[test]
fn every_other_error_is_explained_with_what_to_do() {
    for line in [
        "exec /app: exec format error",
        "Error response from daemon: manifest for app:9 not found: manifest unknown: manifest unknown",
        "Error response from daemon: toomanyrequests: You have reached your pull rate limit.",
        "Error response from daemon: pull access denied for app, repository does not exist or may require 'docker login'",
        "Error response from daemon: Head \"https://r.example/v2/app/manifests/1\": unauthorized: authentication required",
        "x509: certificate signed by unknown authority",
        "Warning  Failed  3s  kubelet  Error: ErrImagePull",
        "failed to resolve reference \"r.example/app:1\": no match for platform in manifest: not found",
    ] {
        let a = analyze(&[Input::new("paste", line)]);
        let f = error_findings(&a);
        assert_eq!(f.len(), 1, "{line}: {:?}", a.findings);
        assert!(f[0].fix.is_some(), "{line}");
        assert!(!f[0].message.ja.is_empty());
    }
}
