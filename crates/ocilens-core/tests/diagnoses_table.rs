//! Every diagnosis, table-driven: an input that triggers it and near misses (the smallest change
//! that makes the input correct) that must not, checked in English and Japanese through the JSON
//! output. Real captures from `tests/fixtures/` wherever one exists; edited copies are made in code
//! (the captures themselves are never edited).
//!
//! A new diagnosis without a row here fails `every_diagnosis_code_has_a_row`.

mod common;

use std::collections::BTreeSet;

use common::{buildkit_layout, fixture, fixture_bytes, sha256};

use ocilens_core::explain::platform;
use ocilens_core::explain::simulate::platform_match;
use ocilens_core::present::json as output;
use ocilens_core::{analyze, Analysis, Finding, Input, Lang};

// ---------------------------------------------------------------------------------------------
// Inputs

fn fixture_text(rel: &str) -> String {
    String::from_utf8(fixture_bytes(rel)).unwrap()
}

fn pasted(name: &str, text: String) -> Input {
    Input::new(name, text.into_bytes())
}

/// A blob of the BuildKit OCI layout capture, by its hex digest.
fn blob_path(hex: &str) -> String {
    format!("buildkit-oci-layout/blobs/sha256/{hex}")
}

fn blob_text(hex: &str) -> String {
    fixture_text(&blob_path(hex))
}

fn blob(hex: &str) -> Input {
    fixture(&blob_path(hex))
}

/// Replaces `from` (which must occur) with `to`: an edited copy of a capture.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not in the capture");
    text.replace(from, to)
}

// The BuildKit capture: index 5ac2d3… -> amd64 0f90b7… (config 31fb11…), arm64 6b2a0d… (config
// 5970ba…), attestation manifests 1d88e5… (statement 26418e…) and 253101… (statement a659cc…).
const INDEX: &str = "5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c";
const AMD64: &str = "0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b";
const AMD64_CONFIG: &str = "31fb11342ef44e567c32519f5d6418f558d043626afb9b2a9a46db6f05dfdd9b";
const ARM64: &str = "6b2a0dfca3903c0a2022f224f818eedd9d055ebbef7c8208b35cd7d3b4f54088";
const ARM64_CONFIG: &str = "5970ba3213a11ce3effb14d9c38d9714a180d846cf8e8a53650acd09111c902f";
const ATT_AMD64: &str = "1d88e5a3e13d830277704130ae7b1aa7d9eb25f952891234d5c01f81651dcefc";
const STATEMENT_AMD64: &str = "26418efea0e73f6d53caec7094235ed1b16d6f7b31981fd7076760022c8e366d";
const ATT_CONFIG: &str = "f3d7356a6b37f2298ef338066f12410ceb9a1f6c58fb570e84914d97870de5c2";

/// The BuildKit index, its amd64 attestation manifest and that manifest's in-toto statement, with
/// the statement's `subject` replaced by `subject` (and the digests and sizes above it updated,
/// so the chain still links).
fn attestation_chain(subject: &str) -> Vec<Input> {
    let statement = edit(&blob_text(STATEMENT_AMD64), r#""subject":[]"#, subject);
    let att = edit(
        &blob_text(ATT_AMD64),
        &format!("\"digest\": \"sha256:{STATEMENT_AMD64}\",\n      \"size\": 1265"),
        &format!(
            "\"digest\": \"{}\",\n      \"size\": {}",
            sha256(&statement),
            statement.len()
        ),
    );
    let index = edit(
        &blob_text(INDEX),
        &format!("\"digest\": \"sha256:{ATT_AMD64}\",\n      \"size\": 566"),
        &format!(
            "\"digest\": \"{}\",\n      \"size\": {}",
            sha256(&att),
            att.len()
        ),
    );
    vec![
        pasted("index.json", index),
        pasted("attestation-manifest.json", att),
        pasted("statement.json", statement),
    ]
}

/// The single arm64 manifest of the capture with its layer's media type replaced by `mt`.
fn arm64_manifest_with_layer(mt: &str) -> Vec<Input> {
    vec![pasted(
        "manifest.json",
        edit(
            &blob_text(ARM64),
            "application/vnd.oci.image.layer.v1.tar+gzip",
            mt,
        ),
    )]
}

/// A small OCI index whose entries carry these `platform` objects (`""`: none).
fn index_with_platforms(platforms: &[&str]) -> Vec<Input> {
    let entries: Vec<String> = platforms
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = if p.is_empty() {
                String::new()
            } else {
                format!(r#","platform":{p}"#)
            };
            format!(
                r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":10{p}}}"#,
                char::from(b'a' + i as u8).to_string().repeat(64)
            )
        })
        .collect();
    vec![pasted(
        "index.json",
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries.join(",")
        ),
    )]
}

const P_AMD64: &str = r#"{"architecture":"amd64","os":"linux"}"#;
const P_ARM64: &str = r#"{"architecture":"arm64","os":"linux"}"#;

// ---------------------------------------------------------------------------------------------
// Outcomes: what the user sees, in each language

/// An analysis, plus the finding of a simulated pull (`ocilens analyze --platform HOST`).
struct Outcome {
    analysis: Analysis,
    pull: Option<Finding>,
}

fn run(inputs: Vec<Input>) -> Outcome {
    Outcome {
        analysis: analyze(&inputs),
        pull: None,
    }
}

fn pull(inputs: Vec<Input>, host: &str) -> Outcome {
    let analysis = analyze(&inputs);
    let host = platform::parse(host).unwrap();
    let pull = platform_match(&analysis, &host).and_then(|m| m.finding());
    Outcome { analysis, pull }
}

/// A finding as rendered in one language.
#[derive(Debug)]
struct Shown {
    code: String,
    message: String,
    fix: Option<String>,
}

impl Outcome {
    /// The findings as the JSON output gives them in `lang`, then the pull's finding.
    fn shown(&self, lang: Lang) -> Vec<Shown> {
        let json = output::to_json(&self.analysis, lang);
        let mut out: Vec<Shown> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| Shown {
                code: f["code"].as_str().unwrap().to_string(),
                message: f["message"].as_str().unwrap().to_string(),
                fix: f["fix"].as_str().map(str::to_string),
            })
            .collect();
        out.extend(self.pull.iter().map(|f| Shown {
            code: f.code.to_string(),
            message: f.message.get(lang).to_string(),
            fix: f.fix.as_ref().map(|t| t.get(lang).to_string()),
        }));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The table

struct Case {
    what: &'static str,
    outcome: fn() -> Outcome,
}

struct Row {
    code: &'static str,
    trigger: Case,
    near_misses: Vec<Case>,
    /// Values that must appear in the message in both languages (digest prefixes, platforms,
    /// paths).
    keys: &'static [&'static str],
}

fn case(what: &'static str, outcome: fn() -> Outcome) -> Case {
    Case { what, outcome }
}

/// What runtimes print, quoted verbatim in both languages (users search for these).
const RUNTIME_ERRORS: &[&str] = &[
    "no matching manifest for linux/riscv64 in the manifest list entries",
    "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/riscv64'",
    "no match for platform in manifest: not found",
];

fn table() -> Vec<Row> {
    vec![
        Row {
            code: "single-platform-image",
            trigger: case("BuildKit's amd64 manifest and its config, no index", || {
                run(vec![blob(AMD64), blob(AMD64_CONFIG)])
            }),
            near_misses: vec![
                case(
                    "the same manifest and config with the index that lists them",
                    || run(vec![blob(INDEX), blob(AMD64), blob(AMD64_CONFIG)]),
                ),
                case("the whole BuildKit layout", || run(buildkit_layout())),
            ],
            keys: &["linux/amd64"],
        },
        Row {
            code: "entry-without-platform",
            trigger: case("an index whose second image entry has no platform", || {
                run(index_with_platforms(&[P_AMD64, ""]))
            }),
            near_misses: vec![
                case("the same index with that entry's platform set", || {
                    run(index_with_platforms(&[P_AMD64, P_ARM64]))
                }),
                case(
                    "regclient's index with its own artifactType (artifacts need none)",
                    || {
                        run(vec![fixture(
                            "manifests/regclient-index-with-artifacttype.json",
                        )])
                    },
                ),
                case(
                    "BuildKit's index (attestation entries are unknown/unknown)",
                    || run(vec![blob(INDEX)]),
                ),
                case(
                    "BuildKit's layout: index.json's entry is the image index",
                    || run(buildkit_layout()),
                ),
                case(
                    "ggcr's layout index.json (stored images listed by name)",
                    || {
                        run(vec![
                            fixture("ggcr-layout-test_index/index.json"),
                            fixture("ggcr-layout-test_index/oci-layout"),
                        ])
                    },
                ),
            ],
            keys: &["1"],
        },
        Row {
            code: "duplicate-platform",
            trigger: case(
                "docker/cli's `manifest inspect` list: linux/amd64 twice",
                || {
                    run(vec![fixture(
                        "docker-cli/manifest-inspect-plain-list.golden",
                    )])
                },
            ),
            near_misses: vec![
                case("the same list with the second entry linux/arm64", || {
                    let list = fixture_text("docker-cli/manifest-inspect-plain-list.golden");
                    let second = list.rfind("\"amd64\"").unwrap();
                    let mut fixed = list.clone();
                    fixed.replace_range(second..second + 7, "\"arm64\"");
                    run(vec![pasted("list.json", fixed)])
                }),
                case("a hand-written index: the same, in small", || {
                    run(index_with_platforms(&[P_AMD64, P_ARM64]))
                }),
                case("windows/amd64 twice, told apart by os.features", || {
                    run(index_with_platforms(&[
                        r#"{"architecture":"amd64","os":"windows"}"#,
                        r#"{"architecture":"amd64","os":"windows","os.features":["win32k"]}"#,
                    ]))
                }),
                case(
                    "Docker Hub's python list: windows/amd64 twice, different os.version",
                    || {
                        run(vec![fixture(
                            "manifests/dockerhub-python-latest-manifest-list.json",
                        )])
                    },
                ),
                case(
                    "regclient's index: two unknown/unknown reference manifests",
                    || {
                        run(vec![fixture(
                            "manifests/regclient-index-reference-manifests.json",
                        )])
                    },
                ),
            ],
            keys: &["linux/amd64", "0, 1"],
        },
        Row {
            code: "index-digest-vs-platform-digest",
            trigger: case("BuildKit's index (amd64 + arm64)", || {
                run(vec![blob(INDEX)])
            }),
            near_misses: vec![
                case("an index with one platform image", || {
                    run(index_with_platforms(&[P_AMD64]))
                }),
                case("BuildKit's amd64 manifest alone", || run(vec![blob(AMD64)])),
            ],
            keys: &["5ac2d3ac3987"],
        },
        Row {
            code: "attestation-manifests",
            trigger: case("BuildKit's index with two attestation manifests", || {
                run(vec![blob(INDEX)])
            }),
            near_misses: vec![
                case(
                    "regclient's index: unknown/unknown manifests of reference type `builder`",
                    || {
                        run(vec![fixture(
                            "manifests/regclient-index-reference-manifests.json",
                        )])
                    },
                ),
                case("Docker Hub's python list", || {
                    run(vec![fixture(
                        "manifests/dockerhub-python-latest-manifest-list.json",
                    )])
                }),
            ],
            keys: &["0f90b7af6b2f", "6b2a0dfca390", "linux/amd64"],
        },
        Row {
            code: "attestation-subject-mismatch",
            trigger: case(
                "BuildKit's index, attestation manifest and statement with `subject: []`",
                || run(vec![blob(INDEX), blob(ATT_AMD64), blob(STATEMENT_AMD64)]),
            ),
            near_misses: vec![case(
                "the same chain with the statement's subject naming the amd64 image",
                || {
                    run(attestation_chain(&format!(
                        r#""subject":[{{"name":"pkg:docker/hello@latest?platform=linux%2Famd64","digest":{{"sha256":"{AMD64}"}}}}]"#
                    )))
                },
            )],
            keys: &["0f90b7af6b2f", "https://slsa.dev/provenance/v0.2"],
        },
        Row {
            code: "created-not-set",
            trigger: case(
                "BuildKit's amd64 config with `created` at the Unix epoch",
                || {
                    run(vec![pasted(
                        "config.json",
                        edit(
                            &blob_text(AMD64_CONFIG),
                            "2024-05-15T16:15:31.663783928Z",
                            "1970-01-01T00:00:00Z",
                        ),
                    )])
                },
            ),
            near_misses: vec![
                case("the config as captured (created 2024-05-15)", || {
                    run(vec![blob(AMD64_CONFIG)])
                }),
                case(
                    "BuildKit's attestation config (unknown/unknown, no date by design)",
                    || run(vec![blob(ATT_CONFIG)]),
                ),
            ],
            keys: &["1970-01-01T00:00:00Z"],
        },
        Row {
            code: "platform-config-mismatch",
            trigger: case(
                "BuildKit's index saying linux/s390x for the amd64 manifest, with its config",
                || {
                    let index = edit(
                        &blob_text(INDEX),
                        "\"architecture\": \"amd64\"",
                        "\"architecture\": \"s390x\"",
                    );
                    run(vec![
                        pasted("index.json", index),
                        blob(AMD64),
                        blob(AMD64_CONFIG),
                    ])
                },
            ),
            near_misses: vec![case(
                "the index as captured, with the same manifest and config",
                || run(vec![blob(INDEX), blob(AMD64), blob(AMD64_CONFIG)]),
            )],
            keys: &["linux/s390x", "linux/amd64"],
        },
        Row {
            code: "foreign-layer",
            trigger: case(
                "containers/image's schema2 manifest with a foreign layer",
                || {
                    run(vec![fixture(
                        "manifests/docker-schema2-foreign-layer-synthetic.json",
                    )])
                },
            ),
            near_misses: vec![case(
                "the same manifest with an ordinary Docker layer type",
                || {
                    run(vec![pasted(
                        "manifest.json",
                        edit(
                            &fixture_text("manifests/docker-schema2-foreign-layer-synthetic.json"),
                            "application/vnd.docker.image.rootfs.foreign.diff.tar",
                            "application/vnd.docker.image.rootfs.diff.tar",
                        ),
                    )])
                },
            )],
            keys: &["e692418e4cba"],
        },
        Row {
            code: "encrypted-layer",
            trigger: case(
                "BuildKit's arm64 manifest with a tar+gzip+encrypted layer",
                || {
                    run(arm64_manifest_with_layer(
                        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
                    ))
                },
            ),
            near_misses: vec![case("the manifest as captured (tar+gzip)", || {
                run(vec![blob(ARM64)])
            })],
            keys: &["0e87e6933f22"],
        },
        Row {
            code: "zstd-layer",
            trigger: case("BuildKit's arm64 manifest with a tar+zstd layer", || {
                run(arm64_manifest_with_layer(
                    "application/vnd.oci.image.layer.v1.tar+zstd",
                ))
            }),
            near_misses: vec![
                case("the manifest as captured (tar+gzip)", || {
                    run(vec![blob(ARM64)])
                }),
                case("BuildKit's amd64 manifest (uncompressed tar)", || {
                    run(vec![blob(AMD64)])
                }),
            ],
            keys: &["0e87e6933f22"],
        },
        Row {
            code: "platform-not-available",
            trigger: case(
                "BuildKit's index (amd64, arm64) pulled by a linux/riscv64 host",
                || pull(vec![blob(INDEX)], "linux/riscv64"),
            ),
            near_misses: vec![
                case("the same index pulled by a linux/arm64 host", || {
                    pull(vec![blob(INDEX)], "linux/arm64")
                }),
                case(
                    "the same index pulled by linux/arm64/v8 (normalised)",
                    || pull(vec![blob(INDEX)], "linux/arm64/v8"),
                ),
            ],
            keys: &["linux/riscv64"],
        },
        Row {
            code: "platform-cannot-run",
            trigger: case(
                "BuildKit's arm64 manifest and config, no index, pulled by a linux/amd64 host",
                || pull(vec![blob(ARM64), blob(ARM64_CONFIG)], "linux/amd64"),
            ),
            near_misses: vec![
                case("the same pulled by a linux/arm64 host", || {
                    pull(vec![blob(ARM64), blob(ARM64_CONFIG)], "linux/arm64")
                }),
                case("the manifest without its config (platform unknown)", || {
                    pull(vec![blob(ARM64)], "linux/amd64")
                }),
            ],
            keys: &["linux/amd64", "linux/arm64"],
        },
        Row {
            code: "docker-list-with-oci",
            trigger: case(
                "Docker Hub's python list with its first entry typed OCI",
                || {
                    run(vec![pasted(
                        "list.json",
                        fixture_text("manifests/dockerhub-python-latest-manifest-list.json")
                            .replacen(
                                r"application\/vnd.docker.distribution.manifest.v2+json",
                                r"application\/vnd.oci.image.manifest.v1+json",
                                1,
                            ),
                    )])
                },
            ),
            near_misses: vec![case("the list as captured (all Docker)", || {
                run(vec![fixture(
                    "manifests/dockerhub-python-latest-manifest-list.json",
                )])
            })],
            keys: &["$.manifests[0].mediaType"],
        },
        Row {
            code: "oci-index-with-docker",
            trigger: case(
                "BuildKit's index with its amd64 entry typed Docker schema2",
                || {
                    run(vec![pasted(
                        "index.json",
                        blob_text(INDEX).replacen(
                            "application/vnd.oci.image.manifest.v1+json",
                            "application/vnd.docker.distribution.manifest.v2+json",
                            1,
                        ),
                    )])
                },
            ),
            near_misses: vec![
                case("the index as captured (all OCI)", || run(vec![blob(INDEX)])),
                case(
                    "ggcr's layout index.json, which lists whatever was stored",
                    || {
                        run(vec![
                            fixture("ggcr-layout-test_index/index.json"),
                            fixture("ggcr-layout-test_index/oci-layout"),
                        ])
                    },
                ),
            ],
            keys: &["$.manifests[0].mediaType"],
        },
        Row {
            code: "schema1-legacy",
            trigger: case("a signed schema1 manifest (mitr/busybox)", || {
                run(vec![fixture("manifests/docker-schema1-signed.json")])
            }),
            near_misses: vec![case("Docker Hub's schema2 python manifest", || {
                run(vec![fixture(
                    "manifests/dockerhub-python-linux-amd64-schema2.json",
                )])
            })],
            keys: &["schema1"],
        },
    ]
}

/// Extra trigger for `schema1-legacy`: a list pointing at schema1 children, and its near miss.
#[test]
fn a_list_of_schema1_manifests_is_legacy_too() {
    let list = "manifests/docker-manifest-list-schema1-children.json";
    let hit = run(vec![fixture(list)]);
    for lang in [Lang::En, Lang::Ja] {
        let shown = hit.shown(lang);
        let f = shown
            .iter()
            .find(|f| f.code == "schema1-legacy")
            .expect("schema1-legacy on a list of schema1 manifests");
        assert!(
            f.message.contains("$.manifests[0].mediaType"),
            "{}",
            f.message
        );
        check_text("schema1-legacy (list)", lang, &f.message, &[]);
    }
    let fixed = edit(
        &fixture_text(list),
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    );
    let miss = run(vec![pasted("list.json", fixed)]);
    assert!(
        !miss
            .shown(Lang::En)
            .iter()
            .any(|f| f.code == "schema1-legacy"),
        "schema1-legacy on a list of schema2 manifests"
    );
}

/// Entry numbers and paths are positions in the document, although the tree moves attestation
/// manifests under their images.
#[test]
fn entries_are_numbered_as_in_the_document() {
    let att = r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","size":10,"annotations":{"vnd.docker.reference.digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","vnd.docker.reference.type":"attestation-manifest"},"platform":{"architecture":"unknown","os":"unknown"}}"#;
    let entry = |d: char, p: &str| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":10{p}}}"#,
            d.to_string().repeat(64)
        )
    };
    let amd = r#","platform":{"architecture":"amd64","os":"linux"}"#;
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{},{att},{},{}]}}"#,
        entry('a', amd),
        entry('b', ""),
        entry('d', amd),
    );
    let a = analyze(&[Input::new("index.json", index)]);
    let find = |code: &str| {
        a.findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code}"))
    };
    let f = find("entry-without-platform");
    assert_eq!(f.location.path.as_deref(), Some("$.manifests[2]"));
    assert!(f.message.en.contains("Entry 2 ") && f.message.ja.contains("エントリー 2 "));
    let f = find("duplicate-platform");
    assert_eq!(f.location.path.as_deref(), Some("$.manifests[3]"));
    assert!(f.message.en.contains("0, 3") && f.message.ja.contains("0, 3"));
}

/// A layout's `index.json` pointing at an image index: the attestation manifests are explained
/// once, for the image index that holds them.
#[test]
fn attestation_manifests_are_explained_once_per_index_that_holds_them() {
    let a = analyze(&buildkit_layout());
    let docs: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == "attestation-manifests")
        .map(|f| f.location.document)
        .collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    let index = docs[0].and_then(|d| a.documents.get(d)).unwrap();
    assert_eq!(
        index.digest.as_deref(),
        Some(format!("sha256:{INDEX}").as_str())
    );
}

// ---------------------------------------------------------------------------------------------
// Checks on the text

/// Text with backtick code spans removed (commands and field names are the same in both
/// languages).
fn prose(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else {
            out.push(' ');
        }
    }
    out
}

fn without_quotes(s: &str) -> String {
    RUNTIME_ERRORS
        .iter()
        .fold(s.to_string(), |acc, q| acc.replace(q, " "))
}

fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
    })
}

/// Runs of ASCII text (split at every non-ASCII character and line break), trimmed.
fn ascii_runs(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii() || c == '\n')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect()
}

/// English words (letters only, at least two; digests, versions and platforms do not count).
fn words(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .count()
}

/// English terms Japanese docs write in katakana: マニフェスト, イメージインデックス, ダイジェスト,
/// レイヤー, アノテーション. As bare words in Japanese prose they read as untranslated.
const KATAKANA_TERMS: &[&str] = &[
    "digest",
    "digests",
    "manifest",
    "manifests",
    "index",
    "indexes",
    "layer",
    "layers",
    "annotation",
    "annotations",
];

/// The language-independent checks on one message or fix.
fn check_text(what: &str, lang: Lang, text: &str, keys: &[&str]) {
    assert!(!text.trim().is_empty(), "{what} [{}]: empty", lang.id());
    let p = prose(text);
    assert!(
        !p.contains('{') && !p.contains('}'),
        "{what} [{}]: format leftover in {text}",
        lang.id()
    );
    for k in keys {
        assert!(
            text.contains(k),
            "{what} [{}]: `{k}` missing from {text}",
            lang.id()
        );
    }
    if lang == Lang::Ja {
        let p = without_quotes(&p);
        assert!(has_japanese(&p), "{what}: no Japanese in {text}");
        for run in ascii_runs(&p) {
            assert!(
                words(run) < 5,
                "{what}: English left in the Japanese: `{run}` in {text}"
            );
        }
        for w in p.split(|c: char| !(c.is_ascii_alphanumeric() || "._/+:-$".contains(c))) {
            assert!(
                !KATAKANA_TERMS.contains(&w.to_ascii_lowercase().as_str()),
                "{what}: `{w}` where Japanese docs write katakana, in {text}"
            );
        }
    }
}

/// The Japanese must not repeat a sentence of the English verbatim.
fn check_not_copied(what: &str, en: &str, ja: &str) {
    assert_ne!(en, ja, "{what}: Japanese equals English");
    let en = without_quotes(&prose(en));
    let ja = without_quotes(&prose(ja));
    for sentence in en.split(['.', ';', ':', '\n', '(', ')']) {
        let s = sentence.trim();
        if words(s) >= 4 {
            assert!(!ja.contains(s), "{what}: English sentence `{s}` in {ja}");
        }
    }
}

#[test]
fn every_diagnosis_fires_on_its_trigger_and_only_there_in_both_languages() {
    let mut failures = Vec::new();
    for row in table() {
        let hit = (row.trigger.outcome)();
        let en = hit.shown(Lang::En);
        let ja = hit.shown(Lang::Ja);
        assert_eq!(en.len(), ja.len());
        let fired: Vec<(&Shown, &Shown)> = en
            .iter()
            .zip(&ja)
            .filter(|(e, _)| e.code == row.code)
            .collect();
        if fired.is_empty() {
            failures.push(format!(
                "{}: silent on its trigger ({}); saw {:?}",
                row.code,
                row.trigger.what,
                en.iter().map(|f| &f.code).collect::<Vec<_>>()
            ));
            continue;
        }
        for (e, j) in fired {
            assert_eq!(e.code, j.code);
            let what = format!("{} on {}", row.code, row.trigger.what);
            check_text(&what, Lang::En, &e.message, row.keys);
            check_text(&what, Lang::Ja, &j.message, row.keys);
            check_not_copied(&what, &e.message, &j.message);
            let (Some(fe), Some(fj)) = (&e.fix, &j.fix) else {
                panic!("{what}: no fix ({:?} / {:?})", e.fix, j.fix);
            };
            check_text(&what, Lang::En, fe, &[]);
            check_text(&what, Lang::Ja, fj, &[]);
            check_not_copied(&what, fe, fj);
        }
        for miss in &row.near_misses {
            let out = (miss.outcome)();
            for lang in [Lang::En, Lang::Ja] {
                if out.shown(lang).iter().any(|f| f.code == row.code) {
                    failures.push(format!(
                        "{} [{}]: fires on the near miss: {}",
                        row.code,
                        lang.id(),
                        miss.what
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Every diagnosis has a row

#[test]
fn every_diagnosis_code_has_a_row() {
    use ocilens_core::findings::{Code, Group};
    let rows = table();
    let table: BTreeSet<String> = rows.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(table.len(), rows.len(), "a code has two rows");

    // The catalogue's diagnoses, and the issue's "Docker and OCI types mixed in one index" and
    // "schema1 legacy", which live in checks.
    let mut listed: BTreeSet<String> = Code::ALL
        .iter()
        .filter(|c| c.group() == Group::Diagnoses)
        .map(|c| c.id().to_string())
        .collect();
    listed.extend(
        [
            Code::DockerListWithOci,
            Code::OciIndexWithDocker,
            Code::Schema1Legacy,
        ]
        .map(|c| c.id().to_string()),
    );
    let missing: Vec<_> = listed.difference(&table).collect();
    let stale: Vec<_> = table.difference(&listed).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "diagnoses without a row: {missing:?}; rows for codes not in the catalogue: {stale:?}"
    );
}
