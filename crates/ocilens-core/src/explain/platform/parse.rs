//! Parsing and formatting specifiers (platforms.go `Parse`, `Format`, `FormatAll`).

use super::*;

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

pub(super) fn parse_impl(spec: &str, host: Option<&Platform>) -> Result<Platform, PlatformError> {
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
pub(super) fn arm_v7_implicit(arch: &str, variant: String) -> Option<String> {
    if arch == "arm" && variant == "v7" {
        None
    } else {
        non_empty(variant)
    }
}

/// Splits `os[(version[+feature]...)]`; `None` if it does not have that shape.
#[allow(clippy::type_complexity)]
pub(super) fn split_os(part: &str) -> Option<(&str, Option<(&str, Vec<&str>)>)> {
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

pub(super) fn is_component(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// containerd's `decodeOSOption`: `%XX` escapes, only when a `%` is present.
pub(super) fn decode_os_option(v: &str) -> Option<String> {
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

pub(super) fn encode_os_option(v: &str) -> String {
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
    // Empty features are not written (containerd skips them).
    for f in features.iter().filter(|f| !f.is_empty()) {
        opts.push('+');
        opts.push_str(&encode_os_option(f));
    }
    if opts.is_empty() {
        return format(p);
    }
    let os = format!("{}({opts})", p.os);
    format(&Platform { os, ..p.clone() })
}
