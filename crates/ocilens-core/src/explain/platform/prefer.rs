//! The host's preference list (compare.go, defaults_*.go).

use super::*;

/// How a host orders the entries it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SortRule {
    /// containerd `Ordered`: by the first preference that matches.
    ByPreference,
    /// containerd on Windows: all matches are equal; the higher `os.version` string first.
    ByOsVersion,
}

#[derive(Debug, Clone)]
pub(super) struct Preferences {
    /// The OS containerd runs as (fills an image platform without `os`).
    pub(super) runtime_os: String,
    /// Normalised, in the host's order of preference; the first is the host itself.
    pub(super) list: Vec<Platform>,
    pub(super) ordering: SortRule,
}

pub(super) fn preferences(host: &Platform) -> Preferences {
    let h = normalize(host);
    let runtime_os = h.os.clone();
    let (list, ordering) = match h.os.as_str() {
        // defaults_windows.go: one matcher for the host, no fallbacks.
        "windows" => (vec![h], SortRule::ByOsVersion),
        // defaults_darwin.go: the host, then Linux binaries of the same architecture.
        "darwin" => {
            let linux = Platform {
                os: "linux".into(),
                architecture: h.architecture.clone(),
                ..Platform::default()
            };
            (vec![h, normalize(&linux)], SortRule::ByPreference)
        }
        // defaults_freebsd.go: the host, then Linux with the same architecture and variant.
        "freebsd" => {
            let linux = Platform {
                os: "linux".into(),
                architecture: h.architecture.clone(),
                variant: h.variant.clone(),
                ..Platform::default()
            };
            (vec![h, normalize(&linux)], SortRule::ByPreference)
        }
        // defaults_unix.go: Only(host).
        _ => {
            let list = platform_vector(&h).iter().map(normalize).collect();
            (list, SortRule::ByPreference)
        }
    };
    Preferences {
        runtime_os,
        list,
        ordering,
    }
}

/// The platforms a host accepts, best first, as containerd's default matcher for that host
/// orders them (`Only` for Linux hosts). Each is normalised.
pub fn accepted_platforms(host: &Platform) -> Vec<Platform> {
    preferences(host).list
}

/// containerd's `platformVector`, kept faithful to its quirks (e.g. `arm64/v9` also lists
/// `arm/v9`). `p` is normalised.
pub(super) fn platform_vector(p: &Platform) -> Vec<Platform> {
    let like = |arch: &str, variant: Option<String>| Platform {
        os: p.os.clone(),
        architecture: arch.to_string(),
        variant,
        os_version: p.os_version.clone(),
        os_features: p.os_features.clone(),
        features: Vec::new(),
    };
    let variant = p.variant.clone().unwrap_or_default();
    let level = |v: &str| v.strip_prefix('v').unwrap_or(v).parse::<i64>().ok();
    let mut out = vec![p.clone()];
    match p.architecture.as_str() {
        "amd64" => {
            if let Some(n) = level(&variant).filter(|n| *n > 1) {
                // Bounded: a variant like v999999 would otherwise list a million entries.
                for v in (1..n.min(64)).rev() {
                    out.push(like("amd64", Some(format!("v{v}"))));
                }
            }
            out.push(like("386", None));
        }
        "arm" => {
            if let Some(n) = level(&variant).filter(|n| *n > 5) {
                for v in (5..n.min(64)).rev() {
                    out.push(like("arm", Some(format!("v{v}"))));
                }
            }
        }
        "arm64" => {
            let mut variant = if variant.is_empty() {
                "v8".to_string()
            } else {
                variant
            };
            let (major_s, minor_s, has_minor) = match variant.split_once('.') {
                Some((a, b)) => (a.to_string(), b.to_string(), true),
                None => (variant.clone(), String::new(), false),
            };
            if let Some(mut major) = level(&major_s).filter(|m| *m >= 8) {
                let mut minor = 0i64;
                // containerd reads the minor only from a 4-character variant (`v8.2`).
                if variant.len() == 4 && has_minor {
                    if let Ok(m) = minor_s.parse::<i64>() {
                        minor = m;
                    }
                }
                let name = |major: i64, m: i64| {
                    if m == 0 {
                        format!("v{major}")
                    } else {
                        format!("v{major}.{m}")
                    }
                };
                if major == 9 {
                    for m in (0..minor.clamp(0, 64)).rev() {
                        out.push(like("arm64", Some(name(9, m))));
                    }
                    // v9.0 diverged from v8.5: v9.x runs v8.(x+5) and below.
                    minor += 5;
                    major = 8;
                    out.push(like("arm64", Some(format!("v8.{minor}"))));
                }
                for m in (0..minor.clamp(0, 64)).rev() {
                    out.push(like("arm64", Some(name(major, m))));
                }
            }
            if variant.starts_with("v8.") || variant.starts_with("v9.") {
                variant = "v8".to_string();
            }
            out.extend(platform_vector(&like("arm", Some(variant))));
        }
        _ => {}
    }
    out
}
