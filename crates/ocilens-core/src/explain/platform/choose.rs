//! Choosing an entry of an index (images/handlers.go FilterPlatforms + LimitManifests).

use super::*;

/// The verdict on one entry of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateVerdict {
    /// Index into the candidates given to [`choose`].
    pub index: usize,
    /// The platform as written in the descriptor.
    pub platform: Option<Platform>,
    /// Kept by the runtime's filter (matches, or has no platform).
    pub accepted: bool,
    pub reason: Reason,
    /// Position in the host's preference list (1 = its own platform); `None` when rejected or
    /// platform-less.
    pub rank: Option<usize>,
    /// Place in the runtime's sorted list of kept entries (1 = the one pulled); `None` when
    /// rejected.
    pub position: Option<usize>,
}

/// Which entry the runtime pulls, and why each entry is taken or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Index into the candidates of the entry pulled; `None`: the pull fails (see [`error_text`]).
    pub chosen: Option<usize>,
    /// One verdict per candidate, in the candidates' order.
    pub candidates: Vec<CandidateVerdict>,
}

/// Picks the entry of an index that `host` pulls, as containerd does: keep entries that match or
/// have no platform, sort them stably by the host's preference (platform-less last; ties keep
/// index order), take the first.
pub fn choose(host: &Platform, candidates: &[Descriptor]) -> Choice {
    let prefs = preferences(host);
    let verdicts: Vec<CandidateVerdict> = candidates
        .iter()
        .enumerate()
        .map(|(index, d)| match &d.platform {
            None => CandidateVerdict {
                index,
                platform: None,
                accepted: true,
                reason: Reason::NoPlatform,
                rank: None,
                position: None,
            },
            Some(p) => {
                let r = match_with(&prefs, p);
                CandidateVerdict {
                    index,
                    platform: Some(p.clone()),
                    accepted: r.accepted,
                    reason: r.reason,
                    rank: r.rank,
                    position: None,
                }
            }
        })
        .collect();
    // A stable sort, like Go's sort.SliceStable: equal entries keep their index order.
    ranked(verdicts, |verdicts, a, b| {
        let (va, vb) = (verdicts.get(a), verdicts.get(b));
        let pa = va.and_then(|v| v.platform.as_ref());
        let pb = vb.and_then(|v| v.platform.as_ref());
        match (pa, pb) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(pa), Some(pb)) => {
                let less = |x: &Platform, y: &Platform| match prefs.ordering {
                    SortRule::ByPreference => ordered_less(&prefs.list, &prefs.runtime_os, x, y),
                    SortRule::ByOsVersion => {
                        prefs.list.first().is_some_and(|m| windows_less(m, x, y))
                    }
                };
                if less(pa, pb) {
                    std::cmp::Ordering::Less
                } else if less(pb, pa) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            }
        }
    })
}

/// The accepted entries, stably sorted by `cmp` (over the verdicts' indexes), numbered from 1;
/// the first is the one pulled.
fn ranked(
    mut verdicts: Vec<CandidateVerdict>,
    cmp: impl Fn(&[CandidateVerdict], usize, usize) -> std::cmp::Ordering,
) -> Choice {
    let mut kept: Vec<usize> = verdicts
        .iter()
        .filter(|v| v.accepted)
        .map(|v| v.index)
        .collect();
    {
        let v = &verdicts;
        crate::sort::sort_by(&mut kept, |&a, &b| cmp(v, a, b));
    }
    for (pos, &i) in kept.iter().enumerate() {
        if let Some(v) = verdicts.get_mut(i) {
            v.position = Some(pos + 1);
        }
    }
    Choice {
        chosen: kept.first().copied(),
        candidates: verdicts,
    }
}

/// Which entry Docker's classic image store pulls on a Windows host (moby
/// `distribution/pull_v2_windows.go` `filterManifests`), where it differs from containerd: it
/// keeps the entries whose architecture is the host's (as written, not normalised) and whose OS
/// is `windows`, skipping only Windows builds newer than the host's (any older build is kept);
/// a stable sort moves those whose `os.version` starts with the host's `major.minor.build.` to
/// the front; the first is pulled. `None` for a host that is not Windows.
pub fn choose_classic_windows(host: &Platform, candidates: &[Descriptor]) -> Option<Choice> {
    if normalize(host).os != "windows" {
        return None;
    }
    let host_version = host.os_version.as_deref().unwrap_or("");
    let parts: Vec<&str> = host_version.split('.').collect();
    let prefix = parts.get(..3).map(|p| p.join("."));
    let host_build: u16 = parts.get(2).and_then(|b| b.parse().ok()).unwrap_or(0);
    let verdicts: Vec<CandidateVerdict> = candidates
        .iter()
        .enumerate()
        .map(|(index, d)| {
            let reason = match &d.platform {
                None => Reason::ClassicNoPlatform,
                Some(p) if p.architecture != host.architecture => Reason::ArchitectureDiffers {
                    image: p.architecture.clone(),
                    host: host.architecture.clone(),
                    accepted: vec![host.architecture.clone()],
                },
                Some(p) if p.os != "windows" => Reason::OsDiffers {
                    image: p.os.clone(),
                    host: "windows".into(),
                },
                Some(p) => {
                    let version = p.os_version.clone().unwrap_or_default();
                    // checkImageCompatibility: only a readable third part is compared.
                    let build = version
                        .split('.')
                        .nth(2)
                        .and_then(|b| b.parse::<i64>().ok());
                    let same = prefix
                        .as_deref()
                        .is_some_and(|h| version.starts_with(&format!("{h}.")));
                    match build {
                        Some(b) if host_build > 0 && b > i64::from(host_build) => {
                            Reason::ClassicNewerBuild {
                                version,
                                host_build,
                            }
                        }
                        _ if same => Reason::ClassicSameBuild { version },
                        _ => Reason::ClassicOlderBuild {
                            version,
                            host_build,
                        },
                    }
                }
            };
            CandidateVerdict {
                index,
                platform: d.platform.clone(),
                accepted: reason.accepted(),
                reason,
                rank: None,
                position: None,
            }
        })
        .collect();
    // manifestsByVersion.Less: the host's own build first, index order otherwise (stable).
    let first = |v: &[CandidateVerdict], i: usize| {
        v.get(i)
            .is_some_and(|v| matches!(v.reason, Reason::ClassicSameBuild { .. }))
    };
    Some(ranked(verdicts, |v, a, b| first(v, b).cmp(&first(v, a))))
}

/// The errors users see when no entry matches `host`, formatted for it: Docker's, AWS ECS's and
/// containerd's (Kubernetes, nerdctl).
pub fn error_text(host: &Platform) -> Text {
    let n = normalize(host);
    // Docker prints the platform it asked for as given (`linux/arm64/v8` from its CPU probe).
    let docker_platform = format(&Platform {
        os: n.os.clone(),
        architecture: host.architecture.to_ascii_lowercase(),
        variant: host.variant.as_ref().map(|v| v.to_ascii_lowercase()),
        ..Platform::default()
    });
    let docker = if n.os == "windows" {
        // Docker on Windows appends the host's version (`formatPlatform` in pull_v2_windows.go).
        let version = n
            .os_version
            .as_deref()
            .and_then(windows_version)
            .map(|v| format!(" {}.{}.{}", v.major, v.minor, v.build))
            .unwrap_or_default();
        format!("no matching manifest for {docker_platform}{version} in the manifest list entries")
    } else {
        format!("no matching manifest for {docker_platform} in the manifest list entries")
    };
    let ecs = format!(
        "CannotPullContainerError: image Manifest does not contain descriptor matching platform '{}'",
        format(&n)
    );
    let containerd = "no match for platform in manifest: not found";
    Text::new(
        format!(
            "Docker: {docker}\n(with the containerd image store Docker adds \": {containerd}\")\nAWS ECS: {ecs}\ncontainerd / Kubernetes / nerdctl: {containerd}"
        ),
        format!(
            "Docker: {docker}\n（containerd イメージストアでは末尾に \": {containerd}\" が付きます）\nAWS ECS: {ecs}\ncontainerd / Kubernetes / nerdctl: {containerd}"
        ),
    )
}
