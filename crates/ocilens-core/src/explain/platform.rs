//! Platforms, exactly as containerd (and so Docker) chooses them: parse a specifier, normalise,
//! match an image platform against a host, rank the matches and pick one entry of an index.
//!
//! The rules follow `containerd/platforms` (`platforms.go` `Parse`/`Normalize`/`matcher.Match`,
//! `database.go` `normalizeArch`, `compare.go` `platformVector`/`Only`/`Ordered`,
//! `platform_windows_compat.go`, `defaults_*.go` `Default`) and containerd's
//! `core/images/handlers.go` `FilterPlatforms` + `LimitManifests`, which Docker's pull uses
//! (`daemon/containerd/image_pull.go`, and `distribution/pull_v2_unix.go` `filterManifests`).
//!
//! *What "host" means here*: the platform the runtime itself runs as (Go's `runtime.GOOS/GOARCH`
//! plus the CPU variant containerd detects), so Docker Desktop on a Mac is `linux/arm64/v8`: the
//! daemon runs in a Linux VM. The default matcher depends on the host OS, as in containerd:
//! - most hosts (`linux`, ...): `Only(host)`: the host's platform first, then its fallbacks;
//! - `windows`: one matcher (no fallbacks) with the `os.version` rules; among matches the higher
//!   `os.version` (compared as a string, as containerd does) comes first;
//! - `darwin`: the host, then `linux/<arch>`; `freebsd`: the host, then `linux/<arch>/<variant>`.
//!
//! Other tools differ (go-containerregistry compares exact strings; regclient lets darwin/windows
//! hosts take linux; Docker's classic image store on Windows prefers the host's own build and
//! takes any older Windows build): this module follows containerd.
//!
//! *Invariant*: pure, no panics on any input (no indexing user data, bounded loops).

use crate::model::{Descriptor, Platform};
use crate::text::Text;

mod hosts;
pub use hosts::{host, hosts, Host};

#[cfg(test)]
mod tests;

/// Windows Server 2022 (LTSC 2022, build 20348): the first build whose hosts run images of older
/// builds down to this "LTSC floor" (`compatLTSCReleases` in containerd).
pub const WINDOWS_LTSC_FLOOR: u16 = 20348;

/// The OS containerd assumes for an arch-only specifier when no host is given: the Docker daemon
/// is a Linux one everywhere except in Windows-containers mode (Docker Desktop runs a Linux VM).
const DEFAULT_OS: &str = "linux";

// ------------------------------------------------------------------------------------------------
// Parsing and formatting
// ------------------------------------------------------------------------------------------------

/// Why a platform specifier could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformError {
    /// Nothing but whitespace.
    Empty,
    /// containerd refuses `*` ("wildcards not yet supported").
    Wildcard(String),
    /// The first part is not `os` or `os(version[+feature...])`.
    InvalidOs { part: String, spec: String },
    /// An architecture or variant with characters outside `[A-Za-z0-9_.-]`.
    InvalidComponent { part: String, spec: String },
    /// A `%` escape in the OS options that does not decode.
    BadEscape { value: String, spec: String },
    /// A single word that is neither a known OS nor a known architecture.
    UnknownOsOrArch(String),
    /// Only an OS was given and there is no host to take the architecture from.
    MissingArchitecture(String),
    /// More than `os/arch/variant`.
    TooManyParts(String),
}

impl PlatformError {
    /// Stable identifier.
    pub fn id(&self) -> &'static str {
        match self {
            PlatformError::Empty => "empty",
            PlatformError::Wildcard(_) => "wildcard",
            PlatformError::InvalidOs { .. } => "invalid-os",
            PlatformError::InvalidComponent { .. } => "invalid-component",
            PlatformError::BadEscape { .. } => "bad-escape",
            PlatformError::UnknownOsOrArch(_) => "unknown-os-or-architecture",
            PlatformError::MissingArchitecture(_) => "missing-architecture",
            PlatformError::TooManyParts(_) => "too-many-parts",
        }
    }

    pub fn text(&self) -> Text {
        match self {
            PlatformError::Empty => Text::new(
                "empty platform: write it as os/arch[/variant], e.g. linux/amd64",
                "プラットフォームが空です。os/arch[/variant] の形で書いてください（例: linux/amd64）",
            ),
            PlatformError::Wildcard(s) => Text::new(
                format!("{s:?}: wildcards are not supported (containerd refuses them too)"),
                format!("{s:?}: ワイルドカードは使えません（containerd も受け付けません）"),
            ),
            PlatformError::InvalidOs { part, spec } => Text::new(
                format!("{part:?} is not a valid OS part of {spec:?}: expected os or os(version), e.g. linux or windows(10.0.20348)"),
                format!("{spec:?} の {part:?} は OS として読めません。os または os(version) の形です（例: linux、windows(10.0.20348)）"),
            ),
            PlatformError::InvalidComponent { part, spec } => Text::new(
                format!("{part:?} in {spec:?} may only contain letters, digits, '_', '.' and '-'"),
                format!("{spec:?} の {part:?} に使えるのは英数字と '_'、'.'、'-' だけです"),
            ),
            PlatformError::BadEscape { value, spec } => Text::new(
                format!("{value:?} in {spec:?} has a % escape that does not decode"),
                format!("{spec:?} の {value:?} に復号できない % エスケープがあります"),
            ),
            PlatformError::UnknownOsOrArch(s) => Text::new(
                format!("{s:?}: unknown operating system or architecture"),
                format!("{s:?}: 既知の OS でもアーキテクチャでもありません"),
            ),
            PlatformError::MissingArchitecture(s) => Text::new(
                format!("{s:?} names only an OS: add the architecture, e.g. {s}/amd64"),
                format!("{s:?} は OS だけです。アーキテクチャも書いてください（例: {s}/amd64）"),
            ),
            PlatformError::TooManyParts(s) => Text::new(
                format!("{s:?}: a platform has at most three parts, os/arch/variant"),
                format!("{s:?}: プラットフォームは os/arch/variant の最大 3 要素です"),
            ),
        }
    }
}

impl std::fmt::Display for PlatformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for PlatformError {}

/// Reads a specifier the way containerd's `platforms.Parse` does: `os[(version[+feature]...)]`,
/// `os/arch`, `os/arch/variant`, or a lone architecture (`arm64` -> `linux/arm64`). Names are
/// lowercased (`macos` -> `darwin`, `aarch64` -> `arm64`, ...) but, like containerd, the result is
/// not fully normalised: `linux/arm64/v8` keeps `v8` (use [`normalize`] to compare). Surrounding
/// whitespace is ignored. A lone OS (`linux`) needs a host for its architecture: see
/// [`parse_for_host`].
pub fn parse(s: &str) -> Result<Platform, PlatformError> {
    parse_impl(s, None)
}

/// Like [`parse`], but fills what the specifier leaves out from `host`, as containerd does from the
/// machine it runs on: a lone OS takes the host's architecture (and its ARM variant unless `v7`),
/// a lone architecture takes the host's OS.
pub fn parse_for_host(s: &str, host: &Platform) -> Result<Platform, PlatformError> {
    parse_impl(s, Some(host))
}

fn parse_impl(spec: &str, host: Option<&Platform>) -> Result<Platform, PlatformError> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(PlatformError::Empty);
    }
    if spec.contains('*') {
        return Err(PlatformError::Wildcard(spec.to_string()));
    }
    // containerd splits into at most 4 parts so the fourth keeps any further slashes.
    let parts: Vec<&str> = spec.splitn(4, '/').collect();
    let first = parts.first().copied().unwrap_or("");
    let (os_name, options) = split_os(first).ok_or_else(|| PlatformError::InvalidOs {
        part: first.to_string(),
        spec: spec.to_string(),
    })?;
    for part in parts.iter().skip(1) {
        if !is_component(part) {
            return Err(PlatformError::InvalidComponent {
                part: part.to_string(),
                spec: spec.to_string(),
            });
        }
    }
    let mut p = Platform {
        os: normalize_os(os_name),
        ..Platform::default()
    };
    if let Some((version, features)) = options {
        let bad = |v: &str| PlatformError::BadEscape {
            value: v.to_string(),
            spec: spec.to_string(),
        };
        let version = decode_os_option(version).ok_or_else(|| bad(version))?;
        if !version.is_empty() {
            p.os_version = Some(version);
        }
        for f in features {
            p.os_features
                .push(decode_os_option(f).ok_or_else(|| bad(f))?);
        }
    }
    match parts.as_slice() {
        [_] => {
            if is_known_os(&p.os) {
                let Some(h) = host else {
                    return Err(PlatformError::MissingArchitecture(spec.to_string()));
                };
                let h = normalize(h);
                p.architecture = h.architecture.clone();
                // containerd: the CPU variant only for arm, and not when it is the default v7.
                if h.architecture == "arm" && h.variant.as_deref() != Some("v7") {
                    p.variant = h.variant;
                }
                return Ok(p);
            }
            // Not an OS: an architecture (the raw part, so `x(1)` stays unknown).
            let (arch, variant) = normalize_arch(first, "");
            if !is_known_arch(&arch) {
                return Err(PlatformError::UnknownOsOrArch(spec.to_string()));
            }
            p.os = match host {
                Some(h) => normalize_os(&h.os),
                None => DEFAULT_OS.to_string(),
            };
            p.architecture = arch;
            p.variant = arm_v7_implicit(&p.architecture, variant);
            p.os_version = None;
            p.os_features.clear();
            Ok(p)
        }
        [_, arch] => {
            let (arch, variant) = normalize_arch(arch, "");
            p.architecture = arch;
            p.variant = arm_v7_implicit(&p.architecture, variant);
            Ok(p)
        }
        [_, arch, variant] => {
            let (arch, variant) = normalize_arch(arch, variant);
            // containerd spells a fully specified arm64 with its variant.
            let variant = if arch == "arm64" && variant.is_empty() {
                "v8".to_string()
            } else {
                variant
            };
            p.architecture = arch;
            p.variant = non_empty(variant);
            Ok(p)
        }
        _ => Err(PlatformError::TooManyParts(spec.to_string())),
    }
}

/// `arm` without a variant means v7: containerd's `Parse` leaves the variant empty for it.
fn arm_v7_implicit(arch: &str, variant: String) -> Option<String> {
    if arch == "arm" && variant == "v7" {
        None
    } else {
        non_empty(variant)
    }
}

/// Splits `os[(version[+feature]...)]`; `None` if it does not have that shape.
#[allow(clippy::type_complexity)]
fn split_os(part: &str) -> Option<(&str, Option<(&str, Vec<&str>)>)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let is_opt = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '%' | '-');
    let (name, rest) = match part.find('(') {
        Some(i) => (part.get(..i)?, Some(part.get(i..)?)),
        None => (part, None),
    };
    if name.is_empty() || !name.chars().all(is_name) {
        return None;
    }
    let Some(rest) = rest else {
        return Some((name, None));
    };
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    let mut pieces = inner.split('+');
    let version = pieces.next().unwrap_or("");
    if !version.chars().all(is_opt) {
        return None;
    }
    let mut features = Vec::new();
    for f in pieces {
        if f.is_empty() || !f.chars().all(is_opt) {
            return None;
        }
        features.push(f);
    }
    Some((name, Some((version, features))))
}

fn is_component(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// containerd's `decodeOSOption`: `%XX` escapes, only when a `%` is present.
fn decode_os_option(v: &str) -> Option<String> {
    if !v.contains('%') {
        return Some(v.to_string());
    }
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = *b.get(i)?;
        if c == b'%' {
            let hex = v.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn encode_os_option(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '%' => s.push_str("%25"),
            '+' => s.push_str("%2B"),
            '(' => s.push_str("%28"),
            ')' => s.push_str("%29"),
            '/' => s.push_str("%2F"),
            c => s.push(c),
        }
    }
    s
}

/// `os/arch[/variant]` as containerd's `platforms.Format` prints it (`unknown` without an OS).
pub fn format(p: &Platform) -> String {
    if p.os.is_empty() {
        return "unknown".to_string();
    }
    let mut parts = vec![p.os.as_str()];
    if !p.architecture.is_empty() {
        parts.push(&p.architecture);
    }
    if let Some(v) = p.variant.as_deref().filter(|v| !v.is_empty()) {
        parts.push(v);
    }
    parts.join("/")
}

/// Like [`format`], with `os.version` and `os.features` as containerd's `FormatAll` prints them:
/// `windows(10.0.20348+win32k)/amd64`.
pub fn format_all(p: &Platform) -> String {
    if p.os.is_empty() {
        return "unknown".to_string();
    }
    let mut opts = encode_os_option(p.os_version.as_deref().unwrap_or(""));
    let mut features = p.os_features.clone();
    crate::sort::sort(&mut features);
    for f in &features {
        opts.push('+');
        opts.push_str(&encode_os_option(f));
    }
    if opts.is_empty() {
        return format(p);
    }
    let os = format!("{}({opts})", p.os);
    format(&Platform { os, ..p.clone() })
}

// ------------------------------------------------------------------------------------------------
// Normalisation (database.go)
// ------------------------------------------------------------------------------------------------

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

fn normalize_with_os(p: &Platform, runtime_os: &str) -> Platform {
    let mut n = normalize(p);
    if n.os.is_empty() {
        n.os = runtime_os.to_string();
    }
    n
}

fn normalize_os(os: &str) -> String {
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

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

fn is_known_os(os: &str) -> bool {
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

fn is_known_arch(arch: &str) -> bool {
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

// ------------------------------------------------------------------------------------------------
// The host's preference list (compare.go, defaults_*.go)
// ------------------------------------------------------------------------------------------------

/// How a host orders the entries it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortRule {
    /// containerd `Ordered`: by the first preference that matches.
    ByPreference,
    /// containerd on Windows: all matches are equal; the higher `os.version` string first.
    ByOsVersion,
}

#[derive(Debug, Clone)]
struct Preferences {
    /// The OS containerd runs as (fills an image platform without `os`).
    runtime_os: String,
    /// Normalised, in the host's order of preference; the first is the host itself.
    list: Vec<Platform>,
    ordering: SortRule,
}

fn preferences(host: &Platform) -> Preferences {
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
fn platform_vector(p: &Platform) -> Vec<Platform> {
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

// ------------------------------------------------------------------------------------------------
// Matching
// ------------------------------------------------------------------------------------------------

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
                format!("accepted: Windows {image_version} runs on this {host_version} host (hosts from build {WINDOWS_LTSC_FLOOR} on run images from the LTSC floor {WINDOWS_LTSC_FLOOR} up to their own build)"),
                format!("採用可: Windows {image_version} のイメージはこの {host_version} ホストで動きます（ビルド {WINDOWS_LTSC_FLOOR} 以降のホストは、LTSC の下限 {WINDOWS_LTSC_FLOOR} から自分のビルドまでのイメージを実行できます）"),
            ),
            Reason::NoPlatform => Text::new(
                "kept: no platform in the descriptor — runtimes take it only when nothing else matches",
                "候補に残る: ディスクリプタに platform がありません。ほかに一致するエントリがないときだけランタイムが選びます",
            ),
            Reason::OsDiffers { image, host } => {
                let (en, ja) = if image == "unknown" {
                    (
                        " (unknown/unknown marks a BuildKit attestation manifest, which no runtime pulls)",
                        "（unknown/unknown は BuildKit のアテステーションマニフェストの印で、どのランタイムも pull しません）",
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
                    format!("rejected: os.version {image} is not build {host_build}: hosts older than Windows Server 2022 (build {WINDOWS_LTSC_FLOOR}) run only images of their own build"),
                    format!("不採用: os.version {image} はビルド {host_build} ではありません。Windows Server 2022（ビルド {WINDOWS_LTSC_FLOOR}）より前のホストは、自分と同じビルドのイメージしか実行できません"),
                ),
                OsVersionRule::OutsideRange { floor, host_build } => Text::new(
                    format!("rejected: os.version {image} is outside builds {floor}..{host_build}: this host runs images from the LTSC floor {floor} up to its own build"),
                    format!("不採用: os.version {image} はビルド {floor}〜{host_build} の範囲外です。このホストが実行できるのは LTSC の下限 {floor} から自分のビルドまでのイメージです"),
                ),
            },
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
enum Check {
    Ok,
    Os,
    Arch,
    Variant,
    OsVersion(OsVersionRule),
    Features(Vec<String>),
}

/// containerd's `matcher.Match` for one preference `m` (normalised). `raw_version` is the
/// image's `os.version` as written.
fn check(m: &Platform, img: &Platform, raw_version: Option<&str>) -> Check {
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
    // Both lists are sorted and deduplicated by `normalize`: a plain subset test.
    let missing: Vec<String> = img
        .os_features
        .iter()
        .filter(|f| !m.os_features.contains(f))
        .cloned()
        .collect();
    if missing.is_empty() {
        Check::Ok
    } else {
        Check::Features(missing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WinVersion {
    major: u8,
    minor: u8,
    build: u16,
}

/// containerd's `getWindowsOSVersion`: needs two dots; any part out of range gives `None`
/// (containerd's zero version).
fn windows_version(v: &str) -> Option<WinVersion> {
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
fn windows_version_ok(host: Option<&str>, image: Option<&str>) -> Result<(), OsVersionRule> {
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
    let floor = WINDOWS_LTSC_FLOOR;
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

fn match_with(prefs: &Preferences, image: &Platform) -> MatchResult {
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

fn exact_reason(host: &Platform, img: &Platform, raw_version: Option<&str>) -> Reason {
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
fn diagnose(prefs: &Preferences, img: &Platform, raw_version: Option<&str>) -> Reason {
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

// ------------------------------------------------------------------------------------------------
// Choosing an entry of an index (images/handlers.go FilterPlatforms + LimitManifests)
// ------------------------------------------------------------------------------------------------

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
    let mut verdicts: Vec<CandidateVerdict> = candidates
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
    let mut kept: Vec<usize> = verdicts
        .iter()
        .filter(|v| v.accepted)
        .map(|v| v.index)
        .collect();
    // A stable sort, like Go's sort.SliceStable: equal entries keep their index order.
    crate::sort::sort_by(&mut kept, |&a, &b| {
        let (va, vb) = (verdicts.get(a), verdicts.get(b));
        let pa = va.and_then(|v| v.platform.as_ref());
        let pb = vb.and_then(|v| v.platform.as_ref());
        match (pa, pb) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(pa), Some(pb)) => match prefs.ordering {
                SortRule::ByPreference => {
                    let ra = va.and_then(|v| v.rank).unwrap_or(usize::MAX);
                    let rb = vb.and_then(|v| v.rank).unwrap_or(usize::MAX);
                    ra.cmp(&rb)
                }
                // containerd's windowsMatchComparer.Less: `p1.OSVersion > p2.OSVersion`.
                SortRule::ByOsVersion => {
                    let a = pa.os_version.as_deref().unwrap_or("");
                    let b = pb.os_version.as_deref().unwrap_or("");
                    b.cmp(a)
                }
            },
        }
    });
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
