//! The `ocilens` binary as users and CI run it: exit codes, stdin, several files, layouts.

use std::io::Write;

use sha2::Digest as _;
use std::process::{Command, Output, Stdio};

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn ocilens(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(args)
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn layout_directory_verifies_every_blob_by_its_file_name() {
    let dir = format!("{}/buildkit-oci-layout", fixtures());
    let out = ocilens(&["analyze", "--format", "json", &dir], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    // oci-layout, index.json and 11 blobs, named under the directory with '/'.
    let names: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 13);
    assert!(names.contains(&format!("{dir}/index.json").as_str()));
    assert!(names
        .iter()
        .any(|n| n.starts_with(&format!("{dir}/blobs/sha256/"))));
    let mut layout_claims = 0;
    for d in v["documents"].as_array().unwrap() {
        for c in d["claimedDigests"].as_array().unwrap() {
            if c["source"] == "layout-file-name" {
                layout_claims += 1;
                assert_eq!(c["verdict"], "match", "{c}");
                assert_eq!(d["digest"], c["digest"]);
            }
        }
    }
    assert_eq!(layout_claims, 11);
    let missing: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "layout-missing-blob")
        .collect();
    assert_eq!(missing.len(), 2);
    assert!(missing.iter().all(|f| f["severity"] == "info"));
}

#[test]
fn text_output_draws_the_tree() {
    let dir = format!("{}/buildkit-oci-layout/", fixtures());
    let out = ocilens(&["analyze", "--lang", "en", &dir], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("OCI index"), "{text}");
    assert!(text.contains("├─ "), "{text}");
    assert!(text.contains("└─ "), "{text}");
    assert!(text.contains("sha256:5ac2d3ac3987"), "{text}");
    assert!(text.contains("✓ verified"), "{text}");
    assert!(text.contains("linux/arm64"), "{text}");
}

#[test]
fn japanese_from_the_flag_and_from_lang() {
    let dir = format!("{}/buildkit-oci-layout", fixtures());
    let flag = ocilens(&["analyze", "--lang", "ja", &dir], None);
    assert!(stdout(&flag).contains("検証済み"));
    let env = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(["analyze", &dir])
        .env_remove("LC_ALL")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&env), stdout(&flag));
}

#[test]
fn stdin_is_read_for_a_dash() {
    let bytes = std::fs::read(format!(
        "{}/manifests/dockerhub-python-latest-manifest-list.json",
        fixtures()
    ))
    .unwrap();
    let out = ocilens(&["analyze", "--format", "json", "-"], Some(&bytes));
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["inputs"][0]["name"], "-");
    assert_eq!(v["inputs"][0]["size"], bytes.len());
    assert_eq!(v["documents"][0]["kind"], "index");
}

#[test]
fn several_files_form_one_analysis() {
    let f = fixtures();
    let list = format!("{f}/manifests/dockerhub-python-latest-manifest-list.json");
    let amd64 = format!("{f}/manifests/dockerhub-python-linux-amd64-schema2.json");
    let out = ocilens(&["analyze", "--format", "json", &list, &amd64], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["inputs"].as_array().unwrap().len(), 2);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[1]["input"], amd64.as_str());
    // The list's descriptor claims the manifest's digest, from document 0.
    let claims = docs[1]["claimedDigests"].as_array().unwrap();
    assert!(claims.iter().any(|c| c["source"] == "descriptor"
        && c["sourceDetail"]
            .as_str()
            .unwrap_or("")
            .starts_with("document 0 $.manifests[")));
}

#[test]
fn fail_on_error_exits_one_for_broken_json() {
    let broken = br#"{"schemaVersion": 2, "mediaType": "#;
    let plain = ocilens(&["analyze", "-"], Some(broken));
    assert_eq!(plain.status.code(), Some(0));
    let fail = ocilens(&["analyze", "--fail-on", "error", "-"], Some(broken));
    assert_eq!(fail.status.code(), Some(1));
    assert!(stdout(&fail).contains("json-syntax"));
}

#[test]
fn fail_on_warning_counts_warnings_and_errors_only() {
    // A sound layout (its layer blobs deliberately absent: info findings) has no errors.
    let dir = format!("{}/buildkit-oci-layout", fixtures());
    let ok = ocilens(&["analyze", "--fail-on", "error", &dir], None);
    assert_eq!(ok.status.code(), Some(0));
    // index.json alone misses its manifests: warnings.
    let ggcr = format!("{}/ggcr-layout-test_index", fixtures());
    let warn = ocilens(&["analyze", "--fail-on", "warning", &ggcr], None);
    assert_eq!(warn.status.code(), Some(1));
    let err_only = ocilens(&["analyze", "--fail-on", "error", &ggcr], None);
    assert_eq!(err_only.status.code(), Some(0));
}

#[test]
fn unusable_arguments_exit_two_with_a_message() {
    let missing = ocilens(&["analyze", "/nonexistent/ocilens/file.json"], None);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("cannot read `/nonexistent/ocilens/file.json`"),
        "{err}"
    );

    assert_eq!(ocilens(&["analyze"], None).status.code(), Some(2));
    assert_eq!(
        ocilens(&["analyze", "--bogus", "x"], None).status.code(),
        Some(2)
    );
    assert_eq!(
        ocilens(&["analyze", "--format", "yaml", "-"], None)
            .status
            .code(),
        Some(2)
    );
    let not_layout = ocilens(&["analyze", &format!("{}/manifests", fixtures())], None);
    assert_eq!(not_layout.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_layout.stderr).contains("OCI image layout"));
}

#[test]
fn version_and_help() {
    let v = ocilens(&["--version"], None);
    assert_eq!(v.status.code(), Some(0));
    assert!(stdout(&v).starts_with("ocilens "));
    let h = ocilens(&["analyze", "--help"], None);
    assert_eq!(h.status.code(), Some(0));
    let help = stdout(&h);
    assert!(help.contains("Examples:"));
    assert!(help.contains("--fail-on"));
}

const ATTESTED: &str = "imagetools/text-index-with-attestations.txt";

fn fixture(rel: &str) -> String {
    format!("{}/{rel}", fixtures())
}

#[test]
fn platform_says_which_entry_a_host_pulls() {
    let out = ocilens(
        &[
            "analyze",
            "--format",
            "json",
            "--platform",
            "linux/arm64",
            &fixture(ATTESTED),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let m = &v["platformMatch"];
    assert_eq!(m["host"], "linux/arm64");
    let chosen = m["chosen"].as_str().expect("an entry is chosen");
    assert!(chosen.starts_with("sha256:f1b520af44d5"), "{chosen}");
    let candidates = m["candidates"].as_array().unwrap();
    // Three images and three attestation manifests, in index order; only arm64 runs exactly,
    // and arm/v7 is a fallback an arm64 host accepts.
    assert_eq!(candidates.len(), 6);
    let accepted: Vec<&str> = candidates
        .iter()
        .filter(|c| c["accepted"] == true)
        .map(|c| c["platform"].as_str().unwrap())
        .collect();
    assert_eq!(accepted, ["linux/arm64", "linux/arm/v7"]);
    assert_eq!(candidates[1]["position"], 1);
    assert!(candidates[3]["reasonCode"].as_str().is_some());
}

#[test]
fn a_host_preset_is_accepted_and_a_missing_platform_fails_with_the_runtime_error() {
    let out = ocilens(
        &[
            "analyze",
            "--platform",
            "raspberry-pi-32",
            &fixture(ATTESTED),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Platform linux/arm/v7"), "{text}");
    assert!(text.contains("→ linux/arm/v7"), "{text}");

    let out = ocilens(
        &[
            "analyze",
            "--format",
            "json",
            "--fail-on",
            "error",
            "--platform",
            "linux/s390x",
            &fixture(ATTESTED),
        ],
        None,
    );
    // The failed pull is an error finding, so --fail-on error trips.
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert!(v["platformMatch"]["chosen"].is_null());
    let err = v["platformMatch"]["error"].as_str().unwrap();
    assert!(
        err.contains("no matching manifest for linux/s390x in the manifest list entries"),
        "{err}"
    );
    assert!(err.contains("CannotPullContainerError"), "{err}");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "platform-not-available"));
}

#[test]
fn a_single_manifest_has_no_list_and_its_config_decides() {
    // One manifest without its config: any host pulls it, since there is no list to choose from;
    // which platform it is for stays unknown.
    let out = ocilens(
        &[
            "analyze",
            "--format",
            "json",
            "--platform",
            "aws-graviton",
            &fixture("manifests/dockerhub-python-linux-amd64-schema2.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let m = &v["platformMatch"];
    assert_eq!(m["host"], "linux/arm64/v8");
    assert_eq!(m["chosen"], m["single"]["digest"]);
    assert!(m["chosen"].as_str().unwrap().starts_with("sha256:ec43d739"));
    assert!(m["candidates"].as_array().unwrap().is_empty());
    assert!(m["single"]["platform"].is_null());
    assert!(m["single"]["runs"].is_null());
    assert!(m["summary"].as_str().unwrap().contains("There is no index"));
}

#[test]
fn require_platform_names_what_is_missing_and_exits_3() {
    let ok = ocilens(
        &[
            "analyze",
            "--require-platform",
            "linux/amd64,linux/arm64",
            "--require-platform",
            "linux/arm/v7",
            &fixture(ATTESTED),
        ],
        None,
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("all present"));

    let out = ocilens(
        &[
            "analyze",
            "--format",
            "json",
            "--require-platform",
            "linux/amd64,linux/ppc64le,windows/amd64",
            &fixture(ATTESTED),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(3));
    let v = json_of(&out);
    assert_eq!(
        v["requiredPlatforms"]["missing"],
        serde_json::json!(["linux/ppc64le", "windows/amd64"])
    );
}

#[test]
fn a_bad_platform_is_a_usage_error_before_any_file_is_read() {
    for args in [
        ["analyze", "--platform", "linux/amd64/v1/x", "/nonexistent"],
        ["analyze", "--require-platform", "a/b/c/d", "/nonexistent"],
    ] {
        let out = ocilens(&args, None);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("a/b/c/d") || err.contains("linux/amd64/v1/x"),
            "{err}"
        );
        assert!(!err.contains("/nonexistent"), "{err}");
    }
}

#[test]
fn explain_knows_types_annotations_and_predicates_in_both_languages() {
    let out = ocilens(
        &[
            "explain",
            "--format",
            "json",
            "application/vnd.oci.artifact.manifest.v1+json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["kind"], "mediaType");
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(v["family"], "oci");

    let out = ocilens(
        &["explain", "--lang", "ja", "vnd.docker.reference.type"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("アテステーション"),
        "{}",
        stdout(&out)
    );

    let out = ocilens(
        &["explain", "--format", "json", "https://spdx.dev/Document"],
        None,
    );
    assert_eq!(json_of(&out)["predicateKind"], "sbom");
}

#[test]
fn explain_a_finding_code_from_the_catalogue_with_aligned_japanese_rows() {
    let out = ocilens(&["explain", "--format", "json", "digest-mismatch"], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["kind"], "findingCode");
    assert_eq!(v["group"], "digest");
    assert_eq!(v["severities"][0], "error");

    let out = ocilens(&["explain", "--lang", "ja", "missing-media-type"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 3, "{text}");
    // Every value starts in the same terminal column (a CJK character takes two).
    let col = |l: &str| {
        let label: String = l.chars().take_while(|c| *c != ' ').collect();
        let pad = l[label.len()..].chars().take_while(|c| *c == ' ').count();
        label
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
            + pad
    };
    assert!(rows.iter().all(|r| col(r) == col(rows[0])), "{text}");
    assert!(text.contains("警告 / エラー / 参考情報"), "{text}");
}

#[test]
fn explain_an_unknown_type_from_its_structure_and_exit_1() {
    let out = ocilens(
        &["explain", "application/vnd.acme.widget.config.v2+json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("acme"), "{text}");
    assert!(text.contains("opaque"), "{text}");
}

#[test]
fn errors_speak_japanese_under_lang_ja_or_a_japanese_locale() {
    let out = ocilens(&["analyze", "--lang", "ja", "/nonexistent/x.json"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ocilens: エラー: `/nonexistent/x.json` を読めません"),
        "{err}"
    );

    // No stdin: the arguments are refused before any input is read.
    let out = ocilens(&["analyze", "--platform", "linux/", "-"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ocilens: error: --platform `linux/` is neither"),
        "{err}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(["analyze", "--platform", "linux/", "-"])
        .env_remove("LC_ALL")
        .env("LANG", "ja_JP.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ocilens: エラー: --platform `linux/` はプラットフォーム"),
        "{err}"
    );
}

#[test]
fn a_file_is_its_bytes_however_it_is_indented_and_stdin_may_be_a_tools_output() {
    // `docker manifest inspect` output, saved: tab-indented, one manifest.
    let path = format!(
        "{}/docker-cli/manifest-inspect-plain-manifest.golden",
        fixtures()
    );
    let bytes = std::fs::read(&path).unwrap();
    let sha: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let sha = format!("sha256:{sha}");
    let v = json_of(&ocilens(&["analyze", "--format", "json", &path], None));
    let d = &v["documents"][0];
    assert_eq!(
        (d["exact"].as_bool(), d["digest"].as_str()),
        (Some(true), Some(sha.as_str()))
    );
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"looks-reindented"), "{codes:?}");
    // The same bytes piped are judged as a paste: re-indented, no digest.
    let v = json_of(&ocilens(
        &["analyze", "--format", "json", "-"],
        Some(&bytes),
    ));
    let d = &v["documents"][0];
    assert_eq!(
        (d["exact"].as_bool(), d["digest"].as_str()),
        (Some(false), None)
    );
}

#[test]
fn explain_says_which_digest_is_which_in_the_documents_given() {
    let layout = format!("{}/buildkit-oci-layout", fixtures());
    let names = |hash: &str| {
        let out = ocilens(&["explain", "--format", "json", hash, &layout], None);
        assert_eq!(out.status.code(), Some(0), "{hash}");
        let v = json_of(&out);
        assert_eq!(v["kind"], "digest");
        v["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["role"].as_str().unwrap().to_string(),
                    n["layer"].as_u64(),
                    n["platform"].as_str().map(String::from),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(names("sha256:5ac2d3ac3987"), [("index".into(), None, None)]);
    assert_eq!(
        names("31fb11342ef4"),
        [("config".into(), None, Some("linux/amd64".into()))]
    );
    // arm64's layer is gzip: its diff_id (in the config) is another digest.
    assert_eq!(
        names("002e9b01f44c"),
        [("diff-id".into(), Some(1), Some("linux/arm64".into()))]
    );
    // amd64's layer is stored uncompressed: one digest, both the layer and its diff_id.
    assert_eq!(
        names("52e6deab7ef1"),
        [
            ("layer".into(), Some(1), Some("linux/amd64".into())),
            ("diff-id".into(), Some(1), Some("linux/amd64".into()))
        ]
    );
    // Text, in Japanese.
    let out = ocilens(&["explain", "--lang", "ja", "31fb11342ef4", &layout], None);
    assert!(stdout(&out).contains("IMAGE ID"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("従来のイメージストア"),
        "{}",
        stdout(&out)
    );
    // Not there: 1. No documents: 2, saying what to give.
    assert_eq!(
        ocilens(&["explain", "deadbeefdead", &layout], None)
            .status
            .code(),
        Some(1)
    );
    let out = ocilens(&["explain", "sha256:deadbeefdead"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give the documents"));
}

#[test]
fn supply_chain_says_where_to_look_when_asked_and_what_was_found_anyway() {
    // Nothing of the supply chain in a bare manifest: the section only with --supply-chain.
    let manifest = fixture("manifests/dockerhub-python-linux-amd64-schema2.json");
    let plain = stdout(&ocilens(&["analyze", &manifest], None));
    assert!(!plain.contains("Supply chain"), "{plain}");
    let asked = stdout(&ocilens(&["analyze", "--supply-chain", &manifest], None));
    assert!(asked.contains("Supply chain (where is it?):"), "{asked}");
    assert!(
        asked.contains("not in what you gave: provenance, SBOM, signature"),
        "{asked}"
    );
    assert!(asked.contains("cosign tree REF"), "{asked}");
    // BuildKit's provenance in a layout: shown without asking, once.
    let layout = format!("{}/buildkit-oci-layout", fixtures());
    for args in [
        vec!["analyze", &layout],
        vec!["analyze", "--supply-chain", &layout],
    ] {
        let text = stdout(&ocilens(&args, None));
        assert_eq!(
            text.matches("Supply chain (where is it?):").count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("provenance: in the index (BuildKit attestation manifest)"),
            "{text}"
        );
    }
}

#[test]
fn diff_compares_an_index_with_its_child_and_exits_1_only_when_asked() {
    let list = fixture("manifests/dockerhub-python-latest-manifest-list.json");
    let child = fixture("manifests/dockerhub-python-linux-amd64-schema2.json");
    let out = ocilens(&["diff", &list, &child, "--left", &child], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("Verdict: the images differ"), "{text}");
    assert!(
        text.contains("- platform only in A linux/arm64/v8"),
        "{text}"
    );
    assert!(text.contains("linux/amd64: identical"), "{text}");
    // JSON, Japanese, and the gate.
    let out = ocilens(
        &[
            "diff",
            "--format",
            "json",
            "--lang",
            "ja",
            "--fail-on-diff",
            &list,
            &child,
            "--left",
            &child,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(
        (v["kind"].as_str(), v["verdict"]["id"].as_str()),
        (Some("comparison"), Some("differs"))
    );
    assert_eq!(v["changes"][0]["kind"], "index");
    assert!(v["changes"][0]["explanation"]
        .as_str()
        .unwrap()
        .contains("インデックス"));
    // Only the amd64 image: identical, so the gate passes.
    let out = ocilens(
        &[
            "diff",
            "--fail-on-diff",
            "--platform",
            "linux/amd64",
            &list,
            &child,
            "--left",
            &child,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Verdict: identical"));
}

#[test]
fn diff_of_one_side_compares_two_of_its_platforms_and_refuses_bad_arguments() {
    let dir = format!("{}/buildkit-oci-layout", fixtures());
    let out = ocilens(&["diff", &dir], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--platform linux/amd64,linux/arm64"));
    let out = ocilens(&["diff", "-", "-"], None);
    assert_eq!(out.status.code(), Some(2));
    let list = fixture("manifests/dockerhub-python-latest-manifest-list.json");
    let out = ocilens(
        &[
            "diff",
            "--format",
            "json",
            &list,
            "--platform",
            "linux/amd64,linux/arm64/v8",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["pairs"][0]["scope"], "linux/amd64 ↔ linux/arm64/v8");
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["platform", "manifest-digest"]);
}

/// The fields docs/json-output.md documents under a heading, in order.
fn documented(section: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(format!(
        "{}/../../docs/json-output.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut here = false;
    let mut out = Vec::new();
    for line in doc.lines() {
        if let Some(h) = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("## "))
        {
            here = h.replace('`', "") == section;
            continue;
        }
        if let Some(field) = line.strip_prefix("| `").and_then(|r| r.split_once("` |")) {
            if here {
                out.push(field.0.to_string());
            }
        }
    }
    out
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn diff_json_has_exactly_the_documented_fields_in_order() {
    let dir = format!("{}/buildkit-oci-layout", fixtures());
    let child = fixture("manifests/dockerhub-python-linux-amd64-schema2.json");
    let out = ocilens(
        &[
            "diff",
            "--format",
            "json",
            "--platform",
            "linux/amd64",
            &dir,
            &child,
        ],
        None,
    );
    let v = json_of(&out);
    assert_eq!(keys(&v), documented("Comparison (top level)"));
    let pair = &v["pairs"][0];
    assert_eq!(keys(pair), documented("Comparison pairs[]"));
    assert_eq!(keys(&pair["left"]), documented("Comparison image"));
    let changes = v["changes"].as_array().unwrap();
    assert!(changes.len() > 3);
    for c in changes {
        assert_eq!(keys(c), documented("Comparison changes[]"));
    }
    let layer = changes
        .iter()
        .find_map(|c| c["layer"].as_object())
        .expect("a layer change");
    assert_eq!(
        layer.keys().cloned().collect::<Vec<_>>(),
        documented("Comparison layer")
    );
}
