//! `docker history`, `docker images` and `docker pull` as a real Docker printed them (issue 11),
//! against what the registry holds: `tests/fixtures/docker-daemon/` is one run of
//! `tests/realtools/docker.sh` (Docker CLI 28.2, daemon 20.10, the classic image store; the
//! script's header says what each file is). CI runs the script afresh and checks the same
//! mapping with the CLI (`tests/realtools/docker_check.py`).

use std::path::Path;

use ocilens_core::findings::Code;
use ocilens_core::present::json::to_json;
use ocilens_core::{analyze, Analysis, Input, Lang, NodeKind, TableCommand};

fn read(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/docker-daemon")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn input(name: &str) -> Input {
    Input::new(name, read(name))
}

fn json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&read(name)).unwrap()
}

/// What the registry holds of `app`: its manifest's layer digests and sizes, its config's
/// digest, `history` (created_by, empty_layer) and diff_ids.
struct Truth {
    manifest: String,
    layers: Vec<(String, u64)>,
    config: String,
    history: Vec<(String, bool)>,
    diff_ids: Vec<String>,
}

fn truth(name: &str) -> Truth {
    use sha2::{Digest, Sha256};
    let m = json(&format!("registry/{name}-manifest.json"));
    let c = json(&format!("registry/{name}-config.json"));
    let hex = |b: &[u8]| {
        let d = Sha256::digest(b);
        "sha256:".to_string() + &d.iter().map(|x| format!("{x:02x}")).collect::<String>()
    };
    Truth {
        manifest: hex(&read(&format!("registry/{name}-manifest.json"))),
        layers: m["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["digest"].as_str().unwrap().to_string(),
                    l["size"].as_u64().unwrap(),
                )
            })
            .collect(),
        config: m["config"]["digest"].as_str().unwrap().to_string(),
        history: c["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["created_by"].as_str().unwrap().to_string(),
                    h["empty_layer"].as_bool().unwrap_or(false),
                )
            })
            .collect(),
        diff_ids: c["rootfs"]["diff_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect(),
    }
}

fn with_app(extra: Input) -> Analysis {
    analyze(&[
        extra,
        input("registry/app-manifest.json"),
        input("registry/app-config.json"),
    ])
}

/// Every history row faces its step (newest first), and each step that made a layer has that
/// layer's compressed digest, size and diff_id, in order.
fn assert_history_maps(a: &Analysis, file: &str) {
    let t = truth("app");
    assert_eq!(a.tables.len(), 1, "{file}: {:?}", a.tables);
    let table = &a.tables[0];
    assert_eq!(table.command, TableCommand::History, "{file}");
    assert_eq!(table.rows.len(), t.history.len(), "{file}");
    assert_eq!(
        table
            .image
            .as_ref()
            .map(|(m, p)| (m.clone(), p.as_ref().map(ToString::to_string))),
        Some((t.manifest.clone(), Some("linux/amd64".to_string()))),
        "{file}"
    );
    let mut layer = 0;
    for (row, (created_by, empty)) in table.rows.iter().rev().zip(&t.history) {
        let shown = row.what.trim_end_matches('…');
        assert!(
            created_by.starts_with(shown) || created_by.replace("  ", " ").starts_with(shown),
            "{file}: row {} shows {:?}, step is {created_by:?}",
            row.line,
            row.what
        );
        match &row.layer {
            Some(l) => {
                assert!(!empty, "{file}: row {} is an empty step", row.line);
                assert_eq!(l.index, layer + 1);
                assert_eq!(
                    (l.digest.clone(), l.size),
                    (Some(t.layers[layer].0.clone()), Some(t.layers[layer].1))
                );
                assert_eq!(l.diff_id.as_deref(), Some(t.diff_ids[layer].as_str()));
                assert!(row.note.en.contains(&format!("Made layer {}", layer + 1)));
                assert!(row.note.ja.contains(&format!("レイヤー {}", layer + 1)));
                layer += 1;
            }
            None => {
                assert!(empty, "{file}: row {} made a layer", row.line);
                assert!(row.note.en.contains("`empty_layer`"));
            }
        }
    }
    assert_eq!(layer, t.layers.len(), "{file}");
    // The top row is the image's ID: the config's digest, as the classic store names images.
    let top = &table.rows[0];
    assert_eq!(
        top.names
            .iter()
            .map(|n| (n.kind, n.digest.clone()))
            .collect::<Vec<_>>(),
        vec![(NodeKind::Config, t.config.clone())],
        "{file}"
    );
    assert!(top.note.en.contains("config's digest"), "{}", top.note.en);
    // Every other row was pulled: `<missing>`, explained once in the finding.
    assert!(
        table.rows[1..].iter().all(|r| r.id == "<missing>"),
        "{file}"
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.code == Code::DockerHistory)
        .expect("a docker-history finding");
    let missing = table.rows.len() - 1;
    assert!(
        f.message
            .en
            .contains(&format!("{missing} row(s) show `<missing>`")),
        "{}",
        f.message.en
    );
    assert!(f.message.ja.contains("`<missing>`"));
}

#[test]
fn docker_history_maps_each_step_to_its_layer_in_every_form() {
    for file in ["history.txt", "history-no-trunc.txt", "history-json.txt"] {
        let a = with_app(input(file));
        assert_history_maps(&a, file);
        assert!(
            !a.findings.iter().any(|f| f.code == Code::NotRecognised),
            "{file}: {:?}",
            a.findings
        );
    }
}

#[test]
fn a_history_copied_from_a_ci_log_with_timestamps_maps_alike() {
    let text = String::from_utf8(read("history.txt")).unwrap();
    let stamped: String = text
        .lines()
        .map(|l| format!("2026-12-02T06:16:01.1234567Z {l}\n"))
        .collect();
    let a = with_app(Input::new("ci.log", stamped.into_bytes()));
    assert_history_maps(&a, "ci.log");
}

#[test]
fn a_history_alone_counts_its_layers_by_size_and_asks_for_the_config() {
    let a = analyze(&[input("history.txt")]);
    let t = &a.tables[0];
    assert!(t.image.is_none());
    let made: Vec<usize> = t
        .rows
        .iter()
        .filter_map(|r| r.layer.as_ref().map(|l| l.index))
        .collect();
    // The rows whose SIZE is not 0B, counted from the bottom.
    let sized = t.rows.iter().filter(|r| r.size != "0B").count();
    assert_eq!(made.len(), sized);
    assert_eq!(
        made.iter().rev().copied().collect::<Vec<_>>(),
        (1..=sized).collect::<Vec<_>>()
    );
    assert!(t
        .rows
        .iter()
        .all(|r| r.layer.as_ref().is_none_or(|l| l.digest.is_none())));
    let f = a
        .findings
        .iter()
        .find(|f| f.code == Code::DockerHistory)
        .unwrap();
    assert!(
        f.message.en.contains("paste the config"),
        "{}",
        f.message.en
    );
}

#[test]
fn docker_images_says_the_image_id_is_the_config_and_the_digest_the_manifest() {
    let app = truth("app");
    let base = truth("base");
    for file in [
        "images-digests.txt",
        "images-no-trunc.txt",
        "images-json.txt",
        "images.txt",
    ] {
        let a = analyze(&[
            input(file),
            input("registry/app-manifest.json"),
            input("registry/app-config.json"),
            input("registry/base-manifest.json"),
            input("registry/base-config.json"),
        ]);
        assert_eq!(a.tables.len(), 1, "{file}");
        let t = &a.tables[0];
        assert_eq!(t.command, TableCommand::Images);
        assert_eq!(t.rows.len(), 2, "{file}");
        for (row, truth) in t.rows.iter().zip([&app, &base]) {
            assert!(
                row.names
                    .iter()
                    .any(|n| n.kind == NodeKind::Config && n.digest == truth.config),
                "{file}: {row:?}"
            );
            assert!(
                row.note.en.contains("is the config's digest"),
                "{file}: {}",
                row.note.en
            );
            // `--digests` (and JSON, which has the column too) shows the manifest.
            if row.digest.is_some() {
                assert_eq!(
                    row.digest.as_deref(),
                    Some(truth.manifest.as_str()),
                    "{file}"
                );
                assert!(row
                    .names
                    .iter()
                    .any(|n| n.kind == NodeKind::Manifest && n.digest == truth.manifest));
                assert!(row.note.en.contains("is the manifest the tag pointed at"));
            }
        }
        let f = a
            .findings
            .iter()
            .find(|f| f.code == Code::DockerImages)
            .unwrap();
        assert!(
            f.message.en.contains("classic image store"),
            "{file}: {}",
            f.message.en
        );
        assert!(f.message.ja.contains("従来のイメージストア"));
    }
}

#[test]
fn docker_image_ls_tree_names_the_index_and_each_platform() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/docker-cli/image-ls-tree-expanded.golden");
    let a = analyze(&[Input::new("tree.txt", std::fs::read(p).unwrap())]);
    let t = &a.tables[0];
    assert_eq!(t.command, TableCommand::ImagesTree);
    let rows: Vec<(&str, &str)> = t
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.what.as_str()))
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].1, "multiplatform:latest");
    assert!(rows[1].1.ends_with("linux/amd64") && rows[2].1.ends_with("linux/arm64"));
    assert!(t.rows[1]
        .note
        .en
        .contains("this platform's manifest digest"));
    let f = a
        .findings
        .iter()
        .find(|f| f.code == Code::DockerImages)
        .unwrap();
    assert!(f.message.en.contains("`--tree`"));
}

#[test]
fn the_daemons_pull_logs_name_the_shared_and_the_new_layers() {
    let app = truth("app");
    let base = truth("base");
    let a = analyze(&[
        input("pull-base.txt"),
        input("pull-app.txt"),
        input("registry/app-manifest.json"),
        input("registry/base-manifest.json"),
    ]);
    assert_eq!(a.pull_logs.len(), 2);
    for (log, truth) in a.pull_logs.iter().zip([&base, &app]) {
        assert_eq!(log.digest.as_deref(), Some(truth.manifest.as_str()));
        assert_eq!(
            log.pulled.as_ref().map(|p| p.0.as_str()),
            Some(truth.manifest.as_str())
        );
        for id in &log.ids {
            let layer = truth
                .layers
                .iter()
                .find(|(d, _)| d[7..19] == id.id)
                .map(|(d, _)| d);
            assert_eq!(id.names.first().map(|n| &n.digest), layer, "{}", id.id);
        }
    }
    // app shares base's two layers: `Already exists`, and only its own layer was downloaded.
    let shared: Vec<&str> = a.pull_logs[1]
        .ids
        .iter()
        .filter(|i| i.last() == "Already exists")
        .map(|i| i.id.as_str())
        .collect();
    let base_ids: Vec<&str> = base.layers.iter().map(|(d, _)| &d[7..19]).collect();
    assert_eq!(shared, base_ids);
}

#[test]
fn everything_docker_printed_pasted_at_once_forms_one_analysis() {
    let mut paste = Vec::new();
    for f in [
        "pull-app.txt",
        "history.txt",
        "images-digests.txt",
        "registry/app-manifest.http",
        "registry/app-config.json",
    ] {
        paste.extend(read(f));
        paste.push(b'\n');
    }
    let a = analyze(&[Input::new("terminal", paste)]);
    assert_eq!(a.pull_logs.len(), 1);
    assert_eq!(a.tables.len(), 2, "{:?}", a.tables);
    assert_history_maps(
        &Analysis {
            tables: vec![a.tables[0].clone()],
            ..a.clone()
        },
        "terminal",
    );
    let v = to_json(&a, Lang::Ja);
    let tables = v["dockerTables"].as_array().unwrap();
    assert_eq!(tables[0]["command"], "history");
    assert_eq!(tables[1]["command"], "images");
    assert!(tables[1]["rows"][0]["note"]
        .as_str()
        .unwrap()
        .contains("config のダイジェスト"));
    assert_eq!(
        tables[0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["layer"].is_null())
            .count(),
        truth("app").layers.len()
    );
}

#[test]
fn docker_inspect_says_which_digest_is_which_and_finds_each_diff_ids_compressed_layer() {
    let t = truth("app");
    let a = with_app(input("inspect-app.json"));
    let table = a
        .tables
        .iter()
        .find(|x| x.command == TableCommand::Inspect)
        .expect("docker inspect's digests as a table");
    let id = &table.rows[0];
    assert_eq!(
        (id.what.as_str(), id.id.as_str()),
        ("Id", t.config.as_str())
    );
    assert!(id.note.en.contains("config's digest"), "{}", id.note.en);
    let repo = &table.rows[1];
    assert_eq!(repo.digest.as_deref(), Some(t.manifest.as_str()));
    assert!(repo.names.iter().any(|n| n.kind == NodeKind::Manifest));
    let layers: Vec<_> = table.rows[2..].iter().collect();
    assert_eq!(layers.len(), t.diff_ids.len());
    for (i, r) in layers.iter().enumerate() {
        assert_eq!(r.id, t.diff_ids[i]);
        let l = r.layer.as_ref().unwrap();
        assert_eq!(
            (l.index, l.digest.clone(), l.size),
            (i + 1, Some(t.layers[i].0.clone()), Some(t.layers[i].1))
        );
        assert!(r.note.en.contains("`docker push` of this one"));
        assert!(r.note.ja.contains("`docker push`"));
    }
    // The push log's ids are the diff_ids' first 12 digits, the pull log's the layers'.
    let push = String::from_utf8(read("push-app.txt")).unwrap();
    for d in &t.diff_ids {
        assert!(push.contains(&format!("{}: ", &d[7..19])), "{d}");
    }
    let f = a
        .findings
        .iter()
        .find(|f| f.code == Code::DockerInspectIds)
        .unwrap();
    assert!(f.message.en.contains("classic image store"));
}

#[test]
fn a_push_log_names_each_layer_by_its_diff_id_and_the_manifest_pushed() {
    let app = truth("app");
    let base = truth("base");
    let a = analyze(&[
        input("push-base.txt"),
        input("push-app.txt"),
        input("registry/app-manifest.json"),
        input("registry/app-config.json"),
        input("registry/base-manifest.json"),
        input("registry/base-config.json"),
    ]);
    assert_eq!(a.pull_logs.len(), 2);
    for (log, t) in a.pull_logs.iter().zip([&base, &app]) {
        assert!(log.push);
        assert_eq!(log.digest.as_deref(), Some(t.manifest.as_str()));
        assert_eq!(
            log.pulled.as_ref().map(|p| p.0.as_str()),
            Some(t.manifest.as_str())
        );
        assert!(!log.interrupted);
        assert_eq!(log.ids.len(), t.layers.len());
        for id in &log.ids {
            // The id is a diff_id's first 12 digits; it names the compressed layer at its place.
            let i = t.diff_ids.iter().position(|d| d[7..19] == id.id).unwrap();
            assert_eq!(
                id.names.first().map(|n| n.digest.as_str()),
                Some(t.layers[i].0.as_str())
            );
        }
    }
    // app's push mounted base's two layers from base's repository.
    let mounted = a.pull_logs[1]
        .ids
        .iter()
        .filter(|i| i.last() == "Mounted from ocilens/base")
        .count();
    assert_eq!(mounted, 2);
    let f: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::PushLog)
        .collect();
    assert_eq!(f.len(), 2);
    assert!(
        f[1].message.en.contains("2 linked from another repository"),
        "{}",
        f[1].message.en
    );
    assert!(f[1].message.ja.contains("`Mounted from`"));
}
