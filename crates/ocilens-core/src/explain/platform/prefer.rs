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
        _ => return only(&h),
    };
    Preferences {
        runtime_os,
        list,
        ordering,
    }
}

/// containerd's `Only(p)`: `p`, then the platforms it also runs (`platformVector`), as `--platform`
/// asks for them (and as the default of a Linux host).
pub(super) fn only(p: &Platform) -> Preferences {
    let h = normalize(p);
    Preferences {
        runtime_os: h.os.clone(),
        list: platform_vector(&h).iter().map(normalize).collect(),
        ordering: SortRule::ByPreference,
    }
}

/// The platforms a host accepts, best first, as containerd's default matcher for that host
/// orders them (`Only` for Linux hosts). Each is normalised.
pub fn accepted_platforms(host: &Platform) -> Vec<Platform> {
    preferences(host).list
}

/// containerd's `platformVector`, kept faithful to its quirks. `p` is normalised.
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
            let variant = if variant.is_empty() {
                "v8".to_string()
            } else {
                variant
            };
            // compare.go's `arm64variantToVersion`: each major version and the highest minor it
            // runs, best first (v9.x also runs v8.(x+5), up to v8.9). A variant not in the table
            // matches nothing, not even itself: containerd's vector is empty then.
            let steps: &[(u8, u8)] = match variant.as_str() {
                "v8" | "v8.0" => &[(8, 0)],
                "v8.1" => &[(8, 1)],
                "v8.2" => &[(8, 2)],
                "v8.3" => &[(8, 3)],
                "v8.4" => &[(8, 4)],
                "v8.5" => &[(8, 5)],
                "v8.6" => &[(8, 6)],
                "v8.7" => &[(8, 7)],
                "v8.8" => &[(8, 8)],
                "v8.9" => &[(8, 9)],
                "v9" | "v9.0" => &[(9, 0), (8, 5)],
                "v9.1" => &[(9, 1), (8, 6)],
                "v9.2" => &[(9, 2), (8, 7)],
                "v9.3" => &[(9, 3), (8, 8)],
                "v9.4" => &[(9, 4), (8, 9)],
                "v9.5" => &[(9, 5), (8, 9)],
                "v9.6" => &[(9, 6), (8, 9)],
                "v9.7" => &[(9, 7), (8, 9)],
                _ => return Vec::new(),
            };
            out.clear();
            for &(major, top) in steps {
                for minor in (0..=top).rev() {
                    let v = if minor == 0 {
                        format!("v{major}")
                    } else {
                        format!("v{major}.{minor}")
                    };
                    out.push(like("arm64", Some(v)));
                }
            }
            // Then 32-bit ARM, from v8 down.
            out.extend(platform_vector(&like("arm", Some("v8".into()))));
        }
        _ => {}
    }
    out
}
