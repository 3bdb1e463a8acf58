//! "Which image will my machine pull?" over a whole analysis: finds the index that matters,
//! runs containerd's choice ([`platform::choose`]) on its entries in index order, and explains
//! the single-manifest case (no platform check at pull; the config tells the truth).
//! Also the CI gate behind `--require-platform`: which required platforms have no image.

use serde_json::{json, Value};

use crate::explain::platform::{self, Choice};
use crate::findings::{Code, Finding};
use crate::text::{Lang, Text};
use crate::{Analysis, Descriptor, DescriptorRole, Document, NodeKind, Platform, TreeNode};

/// The outcome of simulating a pull for one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformMatch {
    pub host: Platform,
    /// The index whose entries were matched (document index), if there is one.
    pub index_document: Option<usize>,
    /// The digest of the entry pulled; `None` when the pull fails or there is no index.
    pub chosen: Option<String>,
    pub candidates: Vec<Candidate>,
    /// No index: a single manifest, pulled whatever the host.
    pub single: Option<Single>,
    /// What happens, in one or two sentences.
    pub summary: Text,
    /// The errors the runtimes print when nothing matches.
    pub error: Option<Text>,
    /// On a Windows host: what Docker's classic image store pulls, which may differ.
    pub classic: Option<Classic>,
}

/// Docker's classic image store on a Windows host (`pull_v2_windows.go`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classic {
    /// The digest it pulls; `None` when its pull fails.
    pub chosen: Option<String>,
    /// Whether that is another entry than containerd's.
    pub differs: bool,
    /// Which engine gives which answer, in a sentence or two.
    pub summary: Text,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub digest: Option<String>,
    pub platform: Option<Platform>,
    pub accepted: bool,
    pub reason_code: &'static str,
    pub reason: Text,
    /// Place in the runtime's sorted list (1 = pulled).
    pub position: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Single {
    pub digest: Option<String>,
    /// The platform from the config, when the config was provided.
    pub platform: Option<Platform>,
    /// Whether the host can run it (None: the config was not provided).
    pub runs: Option<bool>,
}

/// The index to match: the first whose entries carry platforms (an OCI layout's `index.json`
/// usually points at the real image index), else the first index.
fn pick_index(a: &Analysis) -> Option<(usize, &Document)> {
    let indexes: Vec<(usize, &Document)> = TreeNode::nodes(&a.tree)
        .filter(|n| n.kind == NodeKind::Index)
        .filter_map(|n| {
            n.document
                .and_then(|d| a.documents.get(d).map(|doc| (d, doc)))
        })
        .collect();
    indexes
        .iter()
        .find(|(_, d)| d.descriptors.iter().any(|e| e.platform.is_some()))
        .or(indexes.first())
        .copied()
}

/// What a pull looks at: the manifest entries of the index that matters, or, with no index, the
/// single manifest and the platform its config states. Small, so the page can hand it to its
/// simulator module without the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullTarget {
    Index {
        /// The index's document.
        document: usize,
        /// Its manifest entries, in index order (only their digests and platforms matter).
        entries: Vec<Descriptor>,
    },
    Single {
        digest: Option<String>,
        /// The platform from the config (else the manifest), when it was provided.
        platform: Option<Platform>,
    },
}

/// What a pull of the analysed image looks at. `None` when there is neither an index nor a
/// manifest to pull.
pub fn pull_target(a: &Analysis) -> Option<PullTarget> {
    if let Some((document, index)) = pick_index(a) {
        let entries = index
            .descriptors
            .iter()
            .filter(|d| d.role == DescriptorRole::Manifest)
            .cloned()
            .collect();
        return Some(PullTarget::Index { document, entries });
    }
    // No index: the first manifest at a root.
    let manifest = a.tree.iter().find_map(|root| {
        let top = if root.kind == NodeKind::Reference {
            root.children.first()?
        } else {
            root
        };
        matches!(top.kind, NodeKind::Manifest | NodeKind::Schema1).then_some(top)
    })?;
    let platform = manifest
        .children
        .iter()
        .find(|c| c.kind == NodeKind::Config)
        .and_then(|c| c.document)
        .and_then(|d| a.documents.get(d))
        .and_then(|d| d.platform.clone())
        .or_else(|| {
            manifest
                .document
                .and_then(|d| a.documents.get(d))
                .and_then(|d| d.platform.clone())
        });
    Some(PullTarget::Single {
        digest: manifest.digest.clone(),
        platform,
    })
}

/// Simulates a pull of the analysed image by `host`. `None` when there is neither an index nor
/// a manifest to pull.
pub fn platform_match(a: &Analysis, host: &Platform) -> Option<PlatformMatch> {
    pull_target(a).map(|t| simulate(&t, host))
}

/// Simulates a pull of `target` by `host`.
pub fn simulate(target: &PullTarget, host: &Platform) -> PlatformMatch {
    let (document, entries) = match target {
        PullTarget::Index { document, entries } => (*document, entries),
        PullTarget::Single { digest, platform } => return single(host, digest, platform),
    };
    let shown = platform::format(host);
    let Choice { chosen, candidates } = platform::choose(host, entries);
    let to_candidates = |verdicts: Vec<platform::CandidateVerdict>| -> Vec<Candidate> {
        verdicts
            .into_iter()
            .map(|v| Candidate {
                digest: entries.get(v.index).and_then(|e| e.digest.clone()),
                platform: v.platform,
                accepted: v.accepted,
                reason_code: v.reason.id(),
                reason: v.reason.text(),
                position: v.position,
            })
            .collect()
    };
    let candidates = to_candidates(candidates);
    let classic = platform::choose_classic_windows(host, entries).map(|c| {
        let differs = c.chosen != chosen;
        Classic {
            chosen: c
                .chosen
                .and_then(|i| entries.get(i))
                .and_then(|e| e.digest.clone()),
            differs,
            summary: classic_summary(c.chosen, chosen, differs),
            candidates: to_candidates(c.candidates),
        }
    });
    let chosen_entry = chosen.and_then(|i| entries.get(i));
    let (summary, error) = match chosen_entry {
        Some(e) => {
            let p = e
                .platform
                .as_ref()
                .map_or_else(|| "-".to_string(), platform::format);
            let d = e.digest.clone().unwrap_or_default();
            (
                Text::new(
                    format!(
                        "A {shown} host pulls entry {} ({p}, {d}).",
                        chosen.unwrap_or(0)
                    ),
                    format!(
                        "{shown} のホストはエントリー {}（{p}、{d}）をプルします。",
                        chosen.unwrap_or(0)
                    ),
                ),
                None,
            )
        }
        None => (
            Text::new(
                format!("No entry of this index matches {shown}: the pull fails."),
                format!(
                    "このインデックスには {shown} に合うエントリーが無いため、プルは失敗します。"
                ),
            ),
            Some(platform::error_text(host)),
        ),
    };
    PlatformMatch {
        host: host.clone(),
        index_document: Some(document),
        chosen: chosen_entry.and_then(|e| e.digest.clone()),
        candidates,
        single: None,
        summary,
        error,
        classic,
    }
}

/// Which engine pulls which entry on a Windows host.
fn classic_summary(classic: Option<usize>, containerd: Option<usize>, differs: bool) -> Text {
    const WHO_EN: &str = "Docker with its classic image store (`pull_v2_windows.go`)";
    const WHO_JA: &str = "従来のイメージストアを使う Docker（`pull_v2_windows.go`）";
    match (classic, differs) {
        (Some(i), false) => Text::new(
            format!("{WHO_EN} pulls the same entry, {i}."),
            format!("{WHO_JA}も同じエントリー {i} をプルします。"),
        ),
        (Some(i), true) => {
            let (c_en, c_ja) = match containerd {
                Some(c) => (format!("entry {c}"), format!("エントリー {c} を選びます")),
                None => ("nothing".to_string(), "何も選びません".to_string()),
            };
            Text::new(
                format!("{WHO_EN} pulls entry {i} instead: it takes any Windows build not newer than the host's and prefers the host's own build, where containerd (and Docker with the containerd image store) takes {c_en}."),
                format!("{WHO_JA}は代わりにエントリー {i} をプルします。ホストより新しくない Windows のビルドならどれでも選び、ホストと同じビルドを優先するためです。containerd（と containerd のイメージストアを使う Docker）は{c_ja}。"),
            )
        }
        (None, _) => Text::new(
            format!("{WHO_EN} finds no entry either: it takes only Windows entries of the host's architecture and of a build not newer than the host's."),
            format!("{WHO_JA}も合うエントリーを見つけられません。ホストのアーキテクチャで、ホストより新しくないビルドの Windows のエントリーしか選ばないためです。"),
        ),
    }
}

/// No index: the single manifest is pulled whatever the host; its config says whether it runs.
fn single(host: &Platform, digest: &Option<String>, config: &Option<Platform>) -> PlatformMatch {
    let shown = platform::format(host);
    let runs = config.as_ref().map(|p| platform::matches(host, p).accepted);
    let summary = match (config, runs) {
        (Some(p), Some(true)) => Text::new(
            format!("There is no index: a {shown} host pulls this single manifest. Its config says {p}, which this host runs."),
            format!("インデックスが無いため、{shown} のホストはこの単一のマニフェストをプルします。config は {p} で、このホストで実行できます。"),
        ),
        (Some(p), _) => Text::new(
            format!("There is no index: a {shown} host pulls this single manifest anyway (no platform check at pull), but its config says {p}: starting it fails with `exec format error` (unless an emulator such as QEMU is installed)."),
            format!("インデックスが無いため、{shown} のホストはこの単一のマニフェストをそのままプルします（プル時にプラットフォームは確認されません）。しかし config は {p} なので、起動すると `exec format error` で失敗します（QEMU などのエミュレーターがある場合を除く）。"),
        ),
        (None, _) => Text::new(
            format!("There is no index: a {shown} host pulls this single manifest whatever it was built for. Paste its config to see its platform."),
            format!("インデックスが無いため、{shown} のホストは何向けにビルドされたかに関係なくこの単一のマニフェストをプルします。プラットフォームを確認するには config も貼り付けてください。"),
        ),
    };
    PlatformMatch {
        host: host.clone(),
        index_document: None,
        chosen: digest.clone(),
        candidates: Vec::new(),
        single: Some(Single {
            digest: digest.clone(),
            platform: config.clone(),
            runs,
        }),
        summary,
        error: None,
        classic: None,
    }
}

impl PlatformMatch {
    /// A finding for the failure cases: no entry matches, or the single image cannot run.
    pub fn finding(&self) -> Option<Finding> {
        let shown = platform::format(&self.host);
        if let Some(err) = &self.error {
            let f = Finding::new(Code::PlatformNotAvailable, Text::new(
                    format!("{} A runtime prints: {}", self.summary.en, err.en),
                    format!("{} ランタイムの表示: {}", self.summary.ja, err.ja),
                ),
            )
            .with_fix(Text::new(
                format!("Build and push the missing platform: `docker buildx build --platform {shown},... --push .` (arm64 images build under QEMU emulation or on an arm64 runner). Or run on a host of a platform the index has (e.g. AWS Graviton for linux/arm64), or pull another platform explicitly with `--platform` if an emulator is installed."),
                format!("足りないプラットフォームをビルドしてプッシュしてください: `docker buildx build --platform {shown},... --push .`（arm64 は QEMU エミュレーションか arm64 のランナーでビルドできます）。または、インデックスにあるプラットフォームのホスト（linux/arm64 なら AWS Graviton など）で実行するか、エミュレーターがあれば `--platform` で別のプラットフォームを明示してプルしてください。"),
            ));
            return Some(match self.index_document {
                Some(d) => f.at_document(d),
                None => f,
            });
        }
        match &self.single {
            Some(Single { runs: Some(false), .. }) => Some(
                Finding::new(Code::PlatformCannotRun, self.summary.clone()).with_fix(
                    Text::new(
                        format!("Build for {shown} (`docker buildx build --platform {shown} ...`), or publish a multi-platform index so each host gets its own image."),
                        format!("{shown} 向けにビルドする（`docker buildx build --platform {shown} ...`）か、各ホストが自分用のイメージを得られるようマルチプラットフォームのインデックスを公開してください。"),
                    ),
                ),
            ),
            _ => None,
        }
    }

    /// The `platformMatch` object of the JSON output.
    pub fn to_json(&self, lang: Lang) -> Value {
        json!({
            "host": platform::format(&self.host),
            "chosen": self.chosen,
            "index": self.index_document,
            "summary": self.summary.get(lang),
            "error": self.error.as_ref().map(|e| e.get(lang)),
            "single": self.single.as_ref().map(|s| json!({
                "digest": s.digest,
                "platform": s.platform.as_ref().map(platform::format),
                "runs": s.runs,
            })),
            "candidates": candidates_json(&self.candidates, lang),
            "classicDocker": self.classic.as_ref().map(|c| json!({
                "chosen": c.chosen,
                "differs": c.differs,
                "summary": c.summary.get(lang),
                "candidates": candidates_json(&c.candidates, lang),
            })),
        })
    }

    /// Lines for the CLI's text output.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut s = String::new();
        let title = match lang {
            Lang::En => "Platform",
            Lang::Ja => "プラットフォーム",
        };
        s.push_str(&format!(
            "{title} {}: {}\n",
            platform::format(&self.host),
            self.summary.get(lang)
        ));
        for c in &self.candidates {
            let mark = if c.position == Some(1) {
                "→"
            } else if c.accepted {
                "+"
            } else {
                "✗"
            };
            let d = c
                .digest
                .as_deref()
                .map(|d| d.get(..19).unwrap_or(d))
                .unwrap_or("-");
            let p = c
                .platform
                .as_ref()
                .map_or_else(|| "(none)".to_string(), platform::format);
            s.push_str(&format!("  {mark} {p:<16} {d}  {}\n", c.reason.get(lang)));
        }
        if let Some(e) = &self.error {
            s.push_str(&format!("  {}\n", e.get(lang).replace('\n', "\n  ")));
        }
        if let Some(c) = &self.classic {
            s.push_str(&format!("  {}\n", c.summary.get(lang)));
            if c.differs {
                for x in c.candidates.iter().filter(|x| x.position == Some(1)) {
                    let d = x
                        .digest
                        .as_deref()
                        .map(|d| d.get(..19).unwrap_or(d))
                        .unwrap_or("-");
                    s.push_str(&format!("    → {d}  {}\n", x.reason.get(lang)));
                }
            }
        }
        s
    }
}

fn candidates_json(candidates: &[Candidate], lang: Lang) -> Vec<Value> {
    candidates
        .iter()
        .map(|c| {
            json!({
                "digest": c.digest,
                "platform": c.platform.as_ref().map(platform::format),
                "accepted": c.accepted,
                "reason": c.reason.get(lang),
                "reasonCode": c.reason_code,
                "position": c.position,
            })
        })
        .collect()
}

/// The required platforms that have no image of their own in the analysed index (exact match
/// after normalisation; a fallback such as arm/v7 for arm64 does not count). With no index, the
/// single image's config platform is the only one present.
pub fn missing_platforms(a: &Analysis, required: &[Platform]) -> Vec<Platform> {
    let present: Vec<Platform> = match pick_index(a) {
        Some((_, index)) => index
            .descriptors
            .iter()
            .filter(|d| d.role == DescriptorRole::Manifest)
            .filter_map(|d| d.platform.clone())
            .collect(),
        None => platform_match(a, &Platform::default())
            .and_then(|m| m.single)
            .and_then(|s| s.platform)
            .into_iter()
            .collect(),
    };
    required
        .iter()
        .filter(|want| {
            !present.iter().any(|have| {
                let r = platform::matches(want, have);
                r.accepted && r.reason.id() == "exact"
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::fixture;
    use crate::{analyze, Input};

    fn host(s: &str) -> Platform {
        platform::parse(s).unwrap()
    }

    #[test]
    fn on_windows_the_simulator_says_what_classic_docker_pulls_too() {
        let entry = |d: char, p: &str| {
            format!(
                r#"{{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:{}","size":10,"platform":{p}}}"#,
                d.to_string().repeat(64)
            )
        };
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{},{},{}]}}"#,
            entry(
                'a',
                r#"{"architecture":"amd64","os":"windows","os.version":"10.0.17763.6054"}"#
            ),
            entry(
                'b',
                r#"{"architecture":"amd64","os":"windows","os.version":"10.0.20348.2582"}"#
            ),
            entry('c', r#"{"architecture":"amd64","os":"linux"}"#),
        );
        let a = analyze(&[Input::new("paste", index)]);
        let pull =
            |preset: &str| platform_match(&a, &platform::host(preset).unwrap().platform).unwrap();
        let digest = |c: char| Some(format!("sha256:{}", c.to_string().repeat(64)));
        // Windows Server 2025: containerd's floor is 20348, so 1809 is refused; classic Docker
        // takes any build not newer than the host's, in index order: 1809.
        let m = pull("windows-server-2025");
        assert_eq!(m.chosen, digest('b'));
        let c = m.classic.as_ref().unwrap();
        assert_eq!((c.chosen.clone(), c.differs), (digest('a'), true));
        assert!(
            c.summary.en.contains("pulls entry 0 instead"),
            "{}",
            c.summary.en
        );
        assert!(c.summary.en.contains("takes entry 1"), "{}", c.summary.en);
        let codes: Vec<&str> = c.candidates.iter().map(|x| x.reason_code).collect();
        assert_eq!(
            codes,
            ["classic-older-build", "classic-older-build", "os-differs"]
        );
        assert!(m.to_text(Lang::En).contains("classic image store"));
        assert_eq!(m.to_json(Lang::Ja)["classicDocker"]["differs"], true);
        // Windows Server 2019 and 2022: both engines pull the host's own build.
        for (preset, d) in [("windows-server-2019", 'a'), ("windows-server-2022", 'b')] {
            let m = pull(preset);
            let c = m.classic.as_ref().unwrap();
            assert_eq!(
                (m.chosen.clone(), c.chosen.clone(), c.differs),
                (digest(d), digest(d), false),
                "{preset}"
            );
            assert_eq!(
                c.candidates[if d == 'a' { 0 } else { 1 }].reason_code,
                "classic-same-build"
            );
        }
        // A newer build than the host's is skipped by classic Docker too.
        let m = pull("windows-server-2019");
        assert_eq!(
            m.classic.unwrap().candidates[1].reason_code,
            "classic-newer-build"
        );
        // Not a Windows host: no second answer.
        let m = platform_match(&a, &host("linux/amd64")).unwrap();
        assert!(m.classic.is_none());
        assert!(m.to_json(Lang::En)["classicDocker"].is_null());
    }

    #[test]
    fn amd64_host_pulls_the_amd64_entry_of_the_python_list() {
        let a = analyze(&[fixture(
            "manifests/dockerhub-python-latest-manifest-list.json",
        )]);
        let m = platform_match(&a, &host("linux/amd64")).unwrap();
        assert_eq!(
            m.chosen.as_deref(),
            Some("sha256:ec43d739179d1979274d05ac081e279c97cfe5ca31777b7de3ec77ff82909073")
        );
        assert!(m.error.is_none() && m.finding().is_none());
        assert!(m
            .candidates
            .iter()
            .any(|c| !c.accepted && c.reason_code == "os-differs"));
        let j = m.to_json(Lang::En);
        assert_eq!(j["host"], "linux/amd64");
        assert_eq!(
            j["candidates"].as_array().unwrap().len(),
            m.candidates.len()
        );
    }

    #[test]
    fn an_amd64_host_meeting_an_arm64_only_index_gets_the_runtime_errors() {
        let index = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":10,"platform":{"architecture":"arm64","os":"linux"}}]}"#;
        let a = analyze(&[Input::new("paste", index)]);
        let m = platform_match(&a, &host("linux/amd64")).unwrap();
        assert_eq!(m.chosen, None);
        let f = m.finding().unwrap();
        assert_eq!(f.code, "platform-not-available");
        assert!(f.message.en.contains(
            "image Manifest does not contain descriptor matching platform 'linux/amd64'"
        ));
        assert!(f
            .message
            .en
            .contains("no matching manifest for linux/amd64 in the manifest list entries"));
        assert_eq!(
            missing_platforms(&a, &[host("linux/amd64"), host("linux/arm64")]),
            vec![host("linux/amd64")]
        );
        // An arm64 host (Graviton) pulls it.
        assert!(platform_match(&a, &host("linux/arm64"))
            .unwrap()
            .chosen
            .is_some());
    }

    #[test]
    fn a_single_manifest_is_pulled_anyway_and_its_config_decides() {
        let manifest = fixture("buildkit-oci-layout/blobs/sha256/6b2a0dfca3903c0a2022f224f818eedd9d055ebbef7c8208b35cd7d3b4f54088");
        let config = fixture("buildkit-oci-layout/blobs/sha256/5970ba3213a11ce3effb14d9c38d9714a180d846cf8e8a53650acd09111c902f");
        let a = analyze(&[manifest, config]);
        let m = platform_match(&a, &host("linux/amd64")).unwrap();
        let single = m.single.clone().unwrap();
        assert_eq!(
            single.platform.map(|p| platform::format(&p)).as_deref(),
            Some("linux/arm64")
        );
        assert_eq!(single.runs, Some(false));
        assert!(m.summary.en.contains("exec format error"));
        assert_eq!(m.finding().unwrap().code, "platform-cannot-run");
        assert!(platform_match(&a, &host("linux/arm64"))
            .unwrap()
            .finding()
            .is_none());
        assert_eq!(
            missing_platforms(&a, &[host("linux/arm64")]),
            Vec::<Platform>::new()
        );
    }
}
