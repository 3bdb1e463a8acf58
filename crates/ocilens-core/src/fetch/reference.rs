//! Image references, parsed and normalised exactly as Docker and containerd do
//! (distribution/reference `ParseNormalizedNamed`): `ubuntu` is
//! `docker.io/library/ubuntu:latest`, a first component with a `.` or `:` or `localhost` is a
//! registry, `index.docker.io` is `docker.io`.

use std::fmt;

use crate::text::Text;

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

/// Why a reference is not valid, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError(pub Text);

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for ReferenceError {}

const NAME_TOTAL_MAX: usize = 255;

fn err(en: String, ja: String) -> ReferenceError {
    ReferenceError(Text::new(en, ja))
}

/// Parses `[registry/]repository[:tag][@digest]`, also accepting a `docker://` prefix.
pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
    let s = s.trim();
    let s = s.strip_prefix("docker://").unwrap_or(s);
    if s.is_empty() {
        return Err(err(
            "The reference is empty.".into(),
            "参照が空です。".into(),
        ));
    }
    if s.contains("://") {
        return Err(err(
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
    // The digest, after the last `@`.
    let (rest, digest) = match s.rsplit_once('@') {
        Some((r, d)) => {
            if crate::verify::digest::Digest::parse(d).is_err() {
                return Err(err(
                    format!("`{}` is not a valid digest (`sha256:` and 64 lowercase hex digits).", clip(d)),
                    format!("`{}` は正しいダイジェストではありません（`sha256:` と 16 進小文字 64 桁）。", clip(d)),
                ));
            }
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
            return Err(err(
                format!("`{}` is not a valid tag: up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.", clip(t)),
                format!("`{}` は正しいタグではありません。英数字・`_`・`.`・`-` の 128 文字までで、`.` や `-` で始めることはできません。", clip(t)),
            ));
        }
    }
    let (registry, repository) = split_domain(name);
    if repository.is_empty() {
        return Err(err(
            format!("`{}` has no repository name.", clip(s)),
            format!("`{}` にリポジトリ名がありません。", clip(s)),
        ));
    }
    if repository.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(err(
            format!("`{repository}`: repository names must be lowercase."),
            format!("`{repository}`: リポジトリ名は小文字でなければなりません。"),
        ));
    }
    if !repository.split('/').all(valid_component) {
        return Err(err(
            format!("`{}` is not a valid repository name: components of lowercase letters and digits, separated by `.`, `_`, `__` or `-`, joined by `/`.", clip(&repository)),
            format!("`{}` は正しいリポジトリ名ではありません。小文字の英数字を `.`・`_`・`__`・`-` でつないだ要素を `/` で区切ります。", clip(&repository)),
        ));
    }
    if !valid_domain(&registry) {
        return Err(err(
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
    if registry.len() + 1 + repository.len() > NAME_TOTAL_MAX {
        return Err(err(
            "The repository name is longer than 255 characters.".into(),
            "リポジトリ名が 255 文字を超えています。".into(),
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

/// `host[:port]`: DNS labels, an IPv4 address, or `[IPv6]`.
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
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) {
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
