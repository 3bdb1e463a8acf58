//! Image references, parsed and normalised exactly as Docker and containerd do
//! (distribution/reference v0.6 `ParseNormalizedNamed`, then `TagNameOnly` as `docker pull`
//! does): `ubuntu` is `docker.io/library/ubuntu:latest`, a first component with a `.` or `:`,
//! `localhost` or an uppercase letter is a registry, `index.docker.io` is `docker.io`. What it
//! refuses, this refuses, with the same error (`RefError`) and a text saying why; the peer's
//! own test tables are checked in `tests/peer_references.rs`. Two differences, on purpose: a
//! `docker://` prefix is accepted (skopeo's), and `sha512` digests are (Docker registers it).

use std::fmt;

use crate::text::Text;
use crate::verify::digest::{Digest, DigestError};

/// A parsed, normalised reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`.
    pub registry: String,
    /// `library/ubuntu`, `owner/repo/sub`.
    pub repository: String,
    /// The tag, when one was given or implied (`latest` when there is neither tag nor digest).
    pub tag: Option<String>,
    /// `sha256:<hex>`, when given.
    pub digest: Option<String>,
}

/// Which of distribution/reference's errors a refused reference gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefError {
    /// `invalid reference format` (and a URL, an invalid tag, a bad component).
    InvalidFormat,
    /// `repository name must be lowercase`.
    Uppercase,
    /// `repository name must not be more than 255 characters`.
    TooLong,
    /// `cannot specify 64-byte hexadecimal strings` (it reads as an image ID).
    Identifier,
    /// go-digest's `invalid checksum digest length`.
    DigestLength,
    /// go-digest's `unsupported digest algorithm`.
    DigestUnsupported,
    /// go-digest's `invalid checksum digest format`.
    DigestFormat,
}

impl RefError {
    /// The error distribution/reference (or go-digest) gives, as it prints it.
    pub fn peer_message(self) -> &'static str {
        match self {
            RefError::InvalidFormat => "invalid reference format",
            RefError::Uppercase => "repository name must be lowercase",
            RefError::TooLong => "repository name must not be more than 255 characters",
            RefError::Identifier => "cannot specify 64-byte hexadecimal strings",
            RefError::DigestLength => "invalid checksum digest length",
            RefError::DigestUnsupported => "unsupported digest algorithm",
            RefError::DigestFormat => "invalid checksum digest format",
        }
    }
}

/// Why a reference is not valid: the peer's error, and why in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    pub kind: RefError,
    pub text: Text,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text.en)
    }
}

impl std::error::Error for ReferenceError {}

/// The longest repository path (`library/ubuntu`, without the registry).
const PATH_MAX: usize = 255;

/// A refusal: why, and what Docker prints for it (so a learner can match the two).
fn err(kind: RefError, en: String, ja: String) -> ReferenceError {
    let peer = kind.peer_message();
    ReferenceError {
        kind,
        text: Text::new(
            format!("{en} (Docker: `{peer}`)"),
            format!("{ja}（Docker の表示: `{peer}`）"),
        ),
    }
}

fn invalid(en: String, ja: String) -> ReferenceError {
    err(RefError::InvalidFormat, en, ja)
}

/// Parses `[registry/]repository[:tag][@digest]`, also accepting a `docker://` prefix.
pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
    let s = s.trim();
    let s = s.strip_prefix("docker://").unwrap_or(s);
    if s.is_empty() {
        return Err(invalid(
            "The reference is empty.".into(),
            "参照が空です。".into(),
        ));
    }
    if s.contains("://") {
        return Err(invalid(
            format!(
                "`{}` is a URL, not an image reference (`registry/repository:tag`).",
                clip(s)
            ),
            format!(
                "`{}` は URL で、イメージの参照（`registry/repository:tag`）ではありません。",
                clip(s)
            ),
        ));
    }
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(err(
            RefError::Identifier,
            format!("`{}` is an image ID (64 hex digits), not a repository name: name the image (`repository:tag`), or write `docker.io/{}` for a repository of that name.", clip(s), clip(s)),
            format!("`{}` はイメージ ID（16 進 64 桁）で、リポジトリ名ではありません。イメージを `repository:tag` で指定するか、その名前のリポジトリなら `docker.io/{}` と書いてください。", clip(s), clip(s)),
        ));
    }
    // The digest, after the last `@`.
    let (rest, digest) = match s.rsplit_once('@') {
        Some((r, d)) => {
            digest_error(d)?;
            (r, Some(d.to_string()))
        }
        None => (s, None),
    };
    // The tag, after a `:` in the last path component (a `:` before a `/` is a port).
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (
            &rest[..last_slash + i],
            Some(rest[last_slash + i + 1..].to_string()),
        ),
        None => (rest, None),
    };
    if let Some(t) = &tag {
        if !valid_tag(t) {
            return Err(invalid(
                format!("`{}` is not a valid tag: up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.", clip(t)),
                format!("`{}` は正しいタグではありません。英数字・`_`・`.`・`-` の 128 文字までで、`.` や `-` で始めることはできません。", clip(t)),
            ));
        }
    }
    let (registry, repository) = split_domain(name);
    if repository.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(err(
            RefError::Uppercase,
            format!(
                "`{}`: repository names must be lowercase.",
                clip(&repository)
            ),
            format!(
                "`{}`: リポジトリ名は小文字でなければなりません。",
                clip(&repository)
            ),
        ));
    }
    if !repository.split('/').all(valid_component) {
        return Err(invalid(
            format!("`{}` is not a valid repository name: components of lowercase letters and digits, separated by `.`, `_`, `__` or `-`, joined by `/`.", clip(&repository)),
            format!("`{}` は正しいリポジトリ名ではありません。小文字の英数字を `.`・`_`・`__`・`-` でつないだ要素を `/` で区切ります。", clip(&repository)),
        ));
    }
    if !valid_domain(&registry) {
        return Err(invalid(
            format!(
                "`{}` is not a valid registry host (`host[:port]`).",
                clip(&registry)
            ),
            format!(
                "`{}` は正しいレジストリのホスト（`host[:port]`）ではありません。",
                clip(&registry)
            ),
        ));
    }
    if repository.len() > PATH_MAX {
        return Err(err(
            RefError::TooLong,
            format!(
                "The repository name is {} characters long; at most {PATH_MAX} are allowed.",
                repository.len()
            ),
            format!(
                "リポジトリ名が {} 文字あります。{PATH_MAX} 文字までです。",
                repository.len()
            ),
        ));
    }
    let tag = match (&tag, &digest) {
        (None, None) => Some("latest".to_string()),
        _ => tag,
    };
    Ok(Reference {
        registry,
        repository,
        tag,
        digest,
    })
}

/// Why the digest of a reference is refused, as distribution/reference and go-digest refuse it:
/// not `algorithm:hex` with 32 or more hex digits is the reference's format; an algorithm not
/// registered, a wrong length or non-lowercase hex are go-digest's errors.
fn digest_error(d: &str) -> Result<(), ReferenceError> {
    let shape = d.split_once(':').is_some_and(|(alg, hex)| {
        let word = |w: &str| {
            let mut b = w.bytes();
            b.next().is_some_and(|c| c.is_ascii_alphabetic())
                && b.all(|c| c.is_ascii_alphanumeric())
        };
        alg.split(['-', '_', '+', '.']).all(word)
            && hex.len() >= 32
            && hex.bytes().all(|c| c.is_ascii_hexdigit())
    });
    let kind = if !shape {
        RefError::InvalidFormat
    } else {
        match Digest::parse(d) {
            Ok(_) => return Ok(()),
            Err(DigestError::Unsupported) => RefError::DigestUnsupported,
            // A known algorithm: its length, else its hex, is wrong.
            Err(DigestError::Encoding) => {
                let hex = d.split_once(':').map_or("", |(_, h)| h);
                let want = if d.starts_with("sha256:") { 64 } else { 128 };
                if hex.len() == want {
                    RefError::DigestFormat
                } else {
                    RefError::DigestLength
                }
            }
            Err(_) => RefError::DigestFormat,
        }
    };
    Err(err(
        kind,
        format!(
            "`{}` is not a valid digest (`sha256:` and 64 lowercase hex digits).",
            clip(d)
        ),
        format!(
            "`{}` は正しいダイジェストではありません（`sha256:` と 16 進小文字 64 桁）。",
            clip(d)
        ),
    ))
}

/// distribution/reference `splitDockerDomain`.
fn split_domain(name: &str) -> (String, String) {
    let (mut domain, mut rest) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            (first.to_string(), rest.to_string())
        }
        _ => ("docker.io".to_string(), name.to_string()),
    };
    if domain == "index.docker.io" {
        domain = "docker.io".to_string();
    }
    if domain == "docker.io" && !rest.contains('/') {
        rest = format!("library/{rest}");
    }
    (domain, rest)
}

fn valid_tag(t: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-';
    !t.is_empty() && t.len() <= 128 && t.chars().all(ok) && !t.starts_with(['.', '-'])
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        // A separator run: `.`, `_`, `__`, or one or more `-`.
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `host[:port]`: DNS labels, an IPv4 address, or `[IPv6]`; the port any number of digits (as
/// distribution/reference: the connection refuses a port out of range, not the reference).
fn valid_domain(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, after)) => {
                if v6.is_empty() || !v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
                    return false;
                }
                ("v6", after.strip_prefix(':'))
            }
            None => return false,
        }
    } else {
        match d.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    host == "v6"
        || (!host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            }))
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl Reference {
    /// The host the registry API is served from: Docker Hub's is `registry-1.docker.io`.
    pub fn api_host(&self) -> &str {
        if self.registry == "docker.io" {
            "registry-1.docker.io"
        } else {
            &self.registry
        }
    }

    /// Whether plain HTTP is the default, as Docker does for `localhost` and loopback addresses.
    pub fn is_loopback(&self) -> bool {
        let host = self
            .registry
            .rsplit_once(':')
            .filter(|(h, _)| !h.ends_with(']') || self.registry.starts_with('['))
            .map_or(self.registry.as_str(), |(h, _)| h);
        host == "localhost" || host.starts_with("127.") || host == "[::1]"
    }

    /// `https://registry-1.docker.io/v2/library/ubuntu` (or `http://` when `insecure`).
    pub fn api_base(&self, insecure: bool) -> String {
        let scheme = if insecure { "http" } else { "https" };
        format!("{scheme}://{}/v2/{}", self.api_host(), self.repository)
    }

    /// The tag or digest a manifest request names: the digest when there is one.
    pub fn target(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }
}

impl fmt::Display for Reference {
    /// The fully qualified form: `docker.io/library/ubuntu:latest`, `ghcr.io/o/r@sha256:...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}
