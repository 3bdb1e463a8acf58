//! Normalisation (database.go).

use super::*;

/// The canonical form containerd compares: OS lowercased (`macos` -> `darwin`), architecture
/// and variant per [`normalize_arch`], `os.features` sorted without duplicates, an empty variant
/// as `None`. An empty OS stays empty here (containerd fills in its own OS; [`matches`] does that
/// with the host's).
pub fn normalize(p: &Platform) -> Platform {
    let mut out = p.clone();
    out.os = if p.os.is_empty() {
        String::new()
    } else {
        normalize_os(&p.os)
    };
    let (arch, variant) = normalize_arch(&p.architecture, p.variant.as_deref().unwrap_or(""));
    out.architecture = arch;
    out.variant = non_empty(variant);
    crate::sort::sort(&mut out.os_features);
    out.os_features.dedup();
    out
}

pub(super) fn normalize_with_os(p: &Platform, runtime_os: &str) -> Platform {
    let mut n = normalize(p);
    if n.os.is_empty() {
        n.os = runtime_os.to_string();
    }
    n
}

pub(super) fn normalize_os(os: &str) -> String {
    let os = os.to_ascii_lowercase();
    if os == "macos" {
        "darwin".to_string()
    } else {
        os
    }
}

/// containerd's `normalizeArch`, row by row. Both values are lowercased first.
///
/// | arch | variant | result |
/// |---|---|---|
/// | `i386` | any | `386`, no variant |
/// | `x86_64`, `x86-64`, `amd64` | `v1` | `amd64`, no variant (others kept) |
/// | `aarch64`, `arm64` | `8`, `v8`, `v8.0` | `arm64`, no variant |
/// | `aarch64`, `arm64` | `9`, `9.0`, `v9.0` | `arm64/v9` (others kept) |
/// | `armhf` | any | `arm/v7` |
/// | `armel` | any | `arm/v6` |
/// | `arm` | empty, `7` | `arm/v7` |
/// | `arm` | `5`, `6`, `8` | `arm/v5`, `arm/v6`, `arm/v8` |
///
/// Nothing else is rewritten: `i686` stays `i686` (containerd does not know it, so an image
/// labelled `linux/i686` is not taken by a `386` host).
pub fn normalize_arch(arch: &str, variant: &str) -> (String, String) {
    let mut arch = arch.to_ascii_lowercase();
    let mut variant = variant.to_ascii_lowercase();
    match arch.as_str() {
        "i386" => {
            arch = "386".into();
            variant.clear();
        }
        "x86_64" | "x86-64" | "amd64" => {
            arch = "amd64".into();
            if variant == "v1" {
                variant.clear();
            }
        }
        "aarch64" | "arm64" => {
            arch = "arm64".into();
            match variant.as_str() {
                "8" | "v8" | "v8.0" => variant.clear(),
                "9" | "9.0" | "v9.0" => variant = "v9".into(),
                _ => {}
            }
        }
        "armhf" => {
            arch = "arm".into();
            variant = "v7".into();
        }
        "armel" => {
            arch = "arm".into();
            variant = "v6".into();
        }
        "arm" => match variant.as_str() {
            "" | "7" => variant = "v7".into(),
            "5" | "6" | "8" => variant = format!("v{variant}"),
            _ => {}
        },
        _ => {}
    }
    (arch, variant)
}

pub(super) fn non_empty(s: String) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

pub(super) fn is_known_os(os: &str) -> bool {
    matches!(
        os,
        "aix"
            | "android"
            | "darwin"
            | "dragonfly"
            | "freebsd"
            | "hurd"
            | "illumos"
            | "ios"
            | "js"
            | "linux"
            | "nacl"
            | "netbsd"
            | "openbsd"
            | "plan9"
            | "solaris"
            | "windows"
            | "zos"
    )
}

pub(super) fn is_known_arch(arch: &str) -> bool {
    matches!(
        arch,
        "386"
            | "amd64"
            | "amd64p32"
            | "arm"
            | "armbe"
            | "arm64"
            | "arm64be"
            | "ppc64"
            | "ppc64le"
            | "loong64"
            | "mips"
            | "mipsle"
            | "mips64"
            | "mips64le"
            | "mips64p32"
            | "mips64p32le"
            | "ppc"
            | "riscv"
            | "riscv64"
            | "s390"
            | "s390x"
            | "sparc"
            | "sparc64"
            | "wasm"
    )
}
