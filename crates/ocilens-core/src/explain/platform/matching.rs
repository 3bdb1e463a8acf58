//! Matching one image platform against a host (matcher.Match, the Windows rules).

use super::*;

/// Which Windows `os.version` rule rejected an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OsVersionRule {
    /// The image's `os.version` is not `major.minor.build[...]`.
    Unreadable,
    /// major.minor differ (e.g. 6.3 vs 10.0).
    MajorMinor,
    /// The host is older than build 20348: only its own build runs.
    SameBuild { host_build: u16 },
    /// The host is 20348 or newer: builds from the LTSC floor up to the host's own run.
    OutsideRange { floor: u16, host_build: u16 },
}

impl OsVersionRule {
    pub fn id(&self) -> &'static str {
        match self {
            OsVersionRule::Unreadable => "unreadable",
            OsVersionRule::MajorMinor => "major-minor",
            OsVersionRule::SameBuild { .. } => "same-build",
            OsVersionRule::OutsideRange { .. } => "outside-range",
        }
    }
}

/// Why an entry is taken or not. [`Reason::id`] is the machine-readable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The host's own platform.
    Exact {
        platform: String,
    },
    /// A platform the host also runs, at `rank` in its preference list (1 = its own).
    Fallback {
        platform: String,
        rank: usize,
    },
    /// A Windows image of another build that this host runs (LTSC floor rule).
    WindowsCompatible {
        image_version: String,
        host_version: String,
    },
    /// The descriptor has no platform: kept, ranked after every platform that matches.
    NoPlatform,
    OsDiffers {
        image: String,
        host: String,
    },
    ArchitectureDiffers {
        image: String,
        host: String,
        /// Every architecture the host runs for that OS, best first.
        accepted: Vec<String>,
    },
    /// Same OS and architecture, but a variant the host does not run.
    VariantNotAccepted {
        image: String,
        /// The platforms of that architecture the host runs, best first.
        accepted: Vec<String>,
    },
    OsVersion {
        image: String,
        host: String,
        rule: OsVersionRule,
    },
    /// The image needs `os.features` the host does not have.
    OsFeaturesMissing {
        missing: Vec<String>,
        host: Vec<String>,
    },
    /// Docker's classic image store on Windows: the entry's build is the host's (it goes first).
    ClassicSameBuild {
        version: String,
    },
    /// Docker's classic image store on Windows: a build not newer than the host's, or none.
    ClassicOlderBuild {
        version: String,
        host_build: u16,
    },
    /// Docker's classic image store on Windows: a newer build than the host's is skipped.
    ClassicNewerBuild {
        version: String,
        host_build: u16,
    },
    /// Docker's classic image store takes only entries that name its architecture.
    ClassicNoPlatform,
}

impl Reason {
    /// Stable identifier.
    pub fn id(&self) -> &'static str {
        match self {
            Reason::Exact { .. } => "exact",
            Reason::Fallback { .. } => "fallback",
            Reason::WindowsCompatible { .. } => "windows-compatible-build",
            Reason::NoPlatform => "no-platform",
            Reason::OsDiffers { .. } => "os-differs",
            Reason::ArchitectureDiffers { .. } => "architecture-differs",
            Reason::VariantNotAccepted { .. } => "variant-not-accepted",
            Reason::OsVersion { .. } => "os-version",
            Reason::OsFeaturesMissing { .. } => "os-features-not-subset",
            Reason::ClassicSameBuild { .. } => "classic-same-build",
            Reason::ClassicOlderBuild { .. } => "classic-older-build",
            Reason::ClassicNewerBuild { .. } => "classic-newer-build",
            Reason::ClassicNoPlatform => "classic-no-platform",
        }
    }

    /// Whether the runtime keeps the entry (platform-less entries are kept, ranked last).
    pub fn accepted(&self) -> bool {
        matches!(
            self,
            Reason::Exact { .. }
                | Reason::Fallback { .. }
                | Reason::WindowsCompatible { .. }
                | Reason::NoPlatform
                | Reason::ClassicSameBuild { .. }
                | Reason::ClassicOlderBuild { .. }
        )
    }

    /// The explanation, in English and Japanese.
    pub fn text(&self) -> Text {
        match self {
            Reason::Exact { platform } => Text::new(
                format!("accepted: exact match ({platform})"),
                format!("採用: 完全一致（{platform}）"),
            ),
            Reason::Fallback { platform, rank } => Text::new(
                format!("accepted: {platform} is a fallback this host runs (rank {rank})"),
                format!("採用可: {platform} はこのホストが代わりに実行できるプラットフォームです（優先順位 {rank}）"),
            ),
            Reason::WindowsCompatible { image_version, host_version } => Text::new(
                format!("accepted: Windows {image_version} runs on this {host_version} host (hosts from build {WINDOWS_LTSC_FLOOR} on run images from an LTSC floor up to their own build: {WINDOWS_LTSC_FLOOR} for hosts up to 26100, 26100 for newer ones)"),
                format!("採用可: Windows {image_version} のイメージはこの {host_version} ホストで動きます（ビルド {WINDOWS_LTSC_FLOOR} 以降のホストは、LTSC の下限から自分のビルドまでのイメージを実行できます。下限は 26100 までのホストで {WINDOWS_LTSC_FLOOR}、それより新しいホストで 26100 です）"),
            ),
            Reason::NoPlatform => Text::new(
                "kept: no platform in the descriptor — runtimes take it only when nothing else matches",
                "候補に残る: ディスクリプターに platform がありません。ほかに一致するエントリーがないときだけランタイムが選びます",
            ),
            Reason::OsDiffers { image, host } => {
                let (en, ja) = if image == "unknown" {
                    (
                        " (unknown/unknown marks a BuildKit attestation manifest, which no runtime pulls)",
                        "（unknown/unknown は BuildKit のアテステーションマニフェストの印で、どのランタイムもプルしません）",
                    )
                } else {
                    ("", "")
                };
                Text::new(
                    format!("rejected: OS {image} ≠ {host}{en}"),
                    format!("不採用: OS が {image} で、ホストの {host} と違います{ja}"),
                )
            }
            Reason::ArchitectureDiffers { image, host, accepted } => {
                let (en, ja) = if accepted.len() > 1 {
                    let list = accepted.join(", ");
                    (format!(" (this host runs: {list})"), format!("（このホストが実行できるのは {list}）"))
                } else {
                    (String::new(), String::new())
                };
                Text::new(
                    format!("rejected: architecture {image} ≠ {host}{en}"),
                    format!("不採用: アーキテクチャが {image} で、ホストの {host} と違います{ja}"),
                )
            }
            Reason::VariantNotAccepted { image, accepted } => {
                let list = accepted.join(", ");
                Text::new(
                    format!("rejected: variant of {image} is not one this host runs (it accepts {list})"),
                    format!("不採用: {image} のバリアントはこのホストでは実行できません（実行できるのは {list}）"),
                )
            }
            Reason::OsVersion { image, host, rule } => match rule {
                OsVersionRule::Unreadable => Text::new(
                    format!("rejected: os.version {image:?} is not major.minor.build"),
                    format!("不採用: os.version {image:?} が major.minor.build の形ではありません"),
                ),
                OsVersionRule::MajorMinor => Text::new(
                    format!("rejected: os.version {image} differs from the host {host} in major.minor"),
                    format!("不採用: os.version {image} はホスト {host} と major.minor が違います"),
                ),
                OsVersionRule::SameBuild { host_build } => Text::new(
                    format!("rejected: os.version {image} is not build {host_build}: hosts older than Windows Server 2022 (build {WINDOWS_LTSC_FLOOR}) run only images of their own build with process isolation (Microsoft's compatibility matrix), and containerd chooses by that rule; an older build runs only with Hyper-V isolation, a newer one not at all"),
                    format!("不採用: os.version {image} はビルド {host_build} ではありません。Windows Server 2022（ビルド {WINDOWS_LTSC_FLOOR}）より前のホストがプロセス分離で実行できるのは自分と同じビルドのイメージだけで（Microsoft の互換性の表）、containerd はこの規則で選びます。古いビルドは Hyper-V 分離でしか動かず、新しいビルドはまったく動きません"),
                ),
                OsVersionRule::OutsideRange { floor, host_build } => Text::new(
                    format!("rejected: os.version {image} is outside builds {floor}..{host_build}: this host runs images from the LTSC floor {floor} up to its own build with process isolation, and containerd chooses by that rule; an older build runs only with Hyper-V isolation, a newer one not at all"),
                    format!("不採用: os.version {image} はビルド {floor}〜{host_build} の範囲外です。このホストがプロセス分離で実行できるのは LTSC の下限 {floor} から自分のビルドまでのイメージで、containerd はこの規則で選びます。古いビルドは Hyper-V 分離でしか動かず、新しいビルドはまったく動きません"),
                ),
            },
            Reason::ClassicSameBuild { version } => Text::new(
                format!("accepted: os.version {version} is the host's own build, which classic Docker puts first"),
                format!("採用: os.version {version} はホストと同じビルドで、従来の Docker はこれを最初に置きます"),
            ),
            Reason::ClassicOlderBuild { version, host_build } => {
                let v = if version.is_empty() { "no os.version".to_string() } else { format!("os.version {version}") };
                let v_ja = if version.is_empty() { "os.version なし".to_string() } else { format!("os.version {version}") };
                Text::new(
                    format!("accepted: {v}, not newer than the host's build {host_build}, which classic Docker pulls (with process isolation it runs only where containerd's build rule allows it; otherwise it needs Hyper-V isolation, `--isolation=hyperv`)"),
                    format!("採用可: {v_ja} はホストのビルド {host_build} より新しくないため、従来の Docker はプルします（プロセス分離で動くのは containerd のビルドの規則が許す場合だけで、それ以外は Hyper-V 分離 `--isolation=hyperv` が必要です）"),
                )
            }
            Reason::ClassicNewerBuild { version, host_build } => Text::new(
                format!("rejected: os.version {version} is a newer build than the host's {host_build}, which classic Docker skips"),
                format!("不採用: os.version {version} はホストのビルド {host_build} より新しく、従来の Docker は飛ばします"),
            ),
            Reason::ClassicNoPlatform => Text::new(
                "rejected: no platform in the descriptor, and classic Docker takes only entries that name its architecture",
                "不採用: ディスクリプターに platform がなく、従来の Docker は自分のアーキテクチャを示すエントリーしか選びません",
            ),
            Reason::OsFeaturesMissing { missing, host } => {
                let missing = missing.join(", ");
                let host = if host.is_empty() { "none".to_string() } else { host.join(", ") };
                let host_ja = if host == "none" { "なし".to_string() } else { host.clone() };
                Text::new(
                    format!("rejected: the image needs os.features {missing}, which the host lacks (host has: {host})"),
                    format!("不採用: イメージが必要とする os.features {missing} をホストが持っていません（ホストの os.features: {host_ja}）"),
                )
            }
        }
    }
}

/// The verdict on one image platform for one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchResult {
    pub accepted: bool,
    /// Position in the host's preference list, 1 = the host's own platform; `None` if rejected.
    pub rank: Option<usize>,
    pub reason: Reason,
}

/// Result of checking one preference against one (normalised) image platform.
pub(super) enum Check {
    Ok,
    Os,
    Arch,
    Variant,
    OsVersion(OsVersionRule),
    Features(Vec<String>),
}

/// containerd's `matcher.Match` for one preference `m` (normalised). `raw_version` is the
/// image's `os.version` as written.
pub(super) fn check(m: &Platform, img: &Platform, raw_version: Option<&str>) -> Check {
    if m.os != img.os {
        return Check::Os;
    }
    if m.architecture != img.architecture {
        return Check::Arch;
    }
    if m.variant != img.variant {
        return Check::Variant;
    }
    if m.os == "windows" {
        if let Err(rule) = windows_version_ok(m.os_version.as_deref(), raw_version) {
            return Check::OsVersion(rule);
        }
    }
    // Both lists are sorted and deduplicated by `normalize`: a plain subset test. A Windows
    // matcher ignores the image's `win32k` (containerd's `windowsStripFeaturesMatcher`): every
    // Windows host has it.
    let missing: Vec<String> = img
        .os_features
        .iter()
        .filter(|f| !(m.os_features.contains(f) || m.os == "windows" && *f == "win32k"))
        .cloned()
        .collect();
    if missing.is_empty() {
        Check::Ok
    } else {
        Check::Features(missing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WinVersion {
    pub(super) major: u8,
    pub(super) minor: u8,
    pub(super) build: u16,
}

/// containerd's `getWindowsOSVersion`: needs two dots; any part out of range gives `None`
/// (containerd's zero version).
pub(super) fn windows_version(v: &str) -> Option<WinVersion> {
    if v.matches('.').count() < 2 {
        return None;
    }
    let mut it = v.split('.');
    let major = it.next()?.parse::<u8>().ok()?;
    let minor = it.next()?.parse::<u8>().ok()?;
    let build = it.next()?.parse::<u16>().ok()?;
    Some(WinVersion {
        major,
        minor,
        build,
    })
}

/// containerd's `windowsVersionMatcher.Match` + `checkWindowsHostAndContainerCompat`.
pub(super) fn windows_version_ok(
    host: Option<&str>,
    image: Option<&str>,
) -> Result<(), OsVersionRule> {
    let host = host.and_then(windows_version);
    // An unknown host version, or an image without one, matches anything.
    let Some(host) = host.filter(|h| {
        *h != WinVersion {
            major: 0,
            minor: 0,
            build: 0,
        }
    }) else {
        return Ok(());
    };
    let image = match image {
        None | Some("") => return Ok(()),
        Some(v) => v,
    };
    let Some(ctr) = windows_version(image) else {
        // containerd compares with a zero version: it fails the major.minor test.
        return Err(OsVersionRule::Unreadable);
    };
    if host.major != ctr.major || host.minor != ctr.minor {
        return Err(OsVersionRule::MajorMinor);
    }
    if host.build < WINDOWS_LTSC_FLOOR {
        return if host.build == ctr.build {
            Ok(())
        } else {
            Err(OsVersionRule::SameBuild {
                host_build: host.build,
            })
        };
    }
    let floor = windows_floor(host.build);
    if ctr.build >= floor && ctr.build <= host.build {
        Ok(())
    } else {
        Err(OsVersionRule::OutsideRange {
            floor,
            host_build: host.build,
        })
    }
}

/// Does `host` (its runtime's default matcher) take an entry for `image`? With the reason and the
/// rank in the host's preference list.
pub fn matches(host: &Platform, image: &Platform) -> MatchResult {
    match_with(&preferences(host), image)
}

pub(super) fn match_with(prefs: &Preferences, image: &Platform) -> MatchResult {
    let img = normalize_with_os(image, &prefs.runtime_os);
    let raw_version = image.os_version.as_deref();
    for (i, m) in prefs.list.iter().enumerate() {
        if matches!(check(m, &img, raw_version), Check::Ok) {
            let reason = if i > 0 {
                Reason::Fallback {
                    platform: format(&img),
                    rank: i + 1,
                }
            } else {
                exact_reason(m, &img, raw_version)
            };
            return MatchResult {
                accepted: true,
                rank: Some(i + 1),
                reason,
            };
        }
    }
    MatchResult {
        accepted: false,
        rank: None,
        reason: diagnose(prefs, &img, raw_version),
    }
}

pub(super) fn exact_reason(host: &Platform, img: &Platform, raw_version: Option<&str>) -> Reason {
    if img.os == "windows" {
        let h = host.os_version.as_deref().and_then(windows_version);
        let c = raw_version.and_then(windows_version);
        if let (Some(h), Some(c)) = (h, c) {
            if h.build != c.build {
                return Reason::WindowsCompatible {
                    image_version: raw_version.unwrap_or_default().to_string(),
                    host_version: host.os_version.clone().unwrap_or_default(),
                };
            }
        }
    }
    Reason::Exact {
        platform: format(img),
    }
}

/// Names the first test every preference failed, from the broadest (OS) to the finest.
pub(super) fn diagnose(prefs: &Preferences, img: &Platform, raw_version: Option<&str>) -> Reason {
    let first = prefs.list.first().cloned().unwrap_or_default();
    let same_os: Vec<&Platform> = prefs.list.iter().filter(|m| m.os == img.os).collect();
    if same_os.is_empty() {
        return Reason::OsDiffers {
            image: img.os.clone(),
            host: first.os,
        };
    }
    let same_arch: Vec<&Platform> = same_os
        .iter()
        .copied()
        .filter(|m| m.architecture == img.architecture)
        .collect();
    if same_arch.is_empty() {
        let mut accepted: Vec<String> = Vec::new();
        for m in &same_os {
            if !accepted.contains(&m.architecture) {
                accepted.push(m.architecture.clone());
            }
        }
        return Reason::ArchitectureDiffers {
            image: img.architecture.clone(),
            host: same_os
                .first()
                .map(|m| m.architecture.clone())
                .unwrap_or_default(),
            accepted,
        };
    }
    let Some(exact) = same_arch.iter().find(|m| m.variant == img.variant) else {
        return Reason::VariantNotAccepted {
            image: format(img),
            accepted: same_arch.iter().map(|m| format(m)).collect(),
        };
    };
    match check(exact, img, raw_version) {
        Check::OsVersion(rule) => Reason::OsVersion {
            image: raw_version.unwrap_or_default().to_string(),
            host: exact.os_version.clone().unwrap_or_default(),
            rule,
        },
        Check::Features(missing) => Reason::OsFeaturesMissing {
            missing,
            host: exact.os_features.clone(),
        },
        // Unreachable in practice (os/arch/variant are equal); say the variant for safety.
        _ => Reason::VariantNotAccepted {
            image: format(img),
            accepted: same_arch.iter().map(|m| format(m)).collect(),
        },
    }
}

/// containerd's `orderedPlatformComparer.Less` over the matchers `list` (normalised): `a` sorts
/// before `b` when the first matcher that takes either takes only `a`, or takes both and `a` has
/// more `os.features`. When none takes either and they have features, the same without them.
pub(super) fn ordered_less(
    list: &[Platform],
    runtime_os: &str,
    a: &Platform,
    b: &Platform,
) -> bool {
    let takes = |m: &Platform, p: &Platform| {
        let n = normalize_with_os(p, runtime_os);
        matches!(check(m, &n, p.os_version.as_deref()), Check::Ok)
    };
    for m in list {
        let (am, bm) = (takes(m, a), takes(m, b));
        if am && !bm {
            return true;
        }
        if am || bm {
            return am && bm && a.os_features.len() > b.os_features.len();
        }
    }
    if !a.os_features.is_empty() || !b.os_features.is_empty() {
        let bare = |p: &Platform| Platform {
            os_features: Vec::new(),
            ..p.clone()
        };
        return ordered_less(list, runtime_os, &bare(a), &bare(b));
    }
    false
}

/// containerd's `windowsMatchComparer.Less` (the default on a Windows host): of two entries the
/// matcher takes, the higher `os.version` (compared as strings) first; a taken one before one
/// that is not.
pub(super) fn windows_less(m: &Platform, a: &Platform, b: &Platform) -> bool {
    let takes = |p: &Platform| {
        let n = normalize_with_os(p, "windows");
        matches!(check(m, &n, p.os_version.as_deref()), Check::Ok)
    };
    let (am, bm) = (takes(a), takes(b));
    if am && bm {
        return a.os_version.as_deref().unwrap_or("") > b.os_version.as_deref().unwrap_or("");
    }
    am && !bm
}
