//! Pieces of the distribution protocol: the `Accept` list, `WWW-Authenticate` challenges,
//! token responses, `Link` pagination.

use crate::read::json;

/// Every manifest and index type ocilens reads, in the order offered. Registries pick one the
/// manifest is stored as; without the index types a multi-platform tag would be converted or
/// refused.
pub const ACCEPT_MANIFESTS: &[&str] = &[
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.artifact.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.distribution.manifest.v1+json",
];

/// The `Accept` header value for manifest requests.
pub fn accept_header() -> String {
    ACCEPT_MANIFESTS.join(", ")
}

/// One `WWW-Authenticate` challenge: `Bearer realm="...",service="...",scope="..."`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// `bearer` or `basic` (lowercased).
    pub scheme: String,
    /// Parameters with lowercased names, in order.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1): one or more challenges, each a scheme
/// and `name=value` or `name="quoted value"` parameters separated by commas.
pub fn parse_www_authenticate(header: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let b = header.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t' || b[*i] == b',') {
            *i += 1;
        }
    };
    let token = |i: &mut usize| -> String {
        let s = *i;
        while *i < b.len() && !matches!(b[*i], b' ' | b'\t' | b',' | b'=') {
            *i += 1;
        }
        header[s..*i].to_string()
    };
    loop {
        skip_ws(&mut i);
        if i >= b.len() {
            break;
        }
        let word = token(&mut i);
        if i < b.len() && b[i] == b'=' {
            // A parameter of the current challenge.
            i += 1;
            let value = if i < b.len() && b[i] == b'"' {
                i += 1;
                let mut v = String::new();
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        i += 1;
                    }
                    // Step over whole UTF-8 characters.
                    let ch = header[i..].chars().next().unwrap_or('\u{fffd}');
                    v.push(ch);
                    i += ch.len_utf8();
                }
                i += 1;
                v
            } else {
                token(&mut i)
            };
            if let Some(c) = out.last_mut() {
                c.params.push((word.to_ascii_lowercase(), value));
            }
        } else if !word.is_empty() {
            out.push(Challenge {
                scheme: word.to_ascii_lowercase(),
                params: Vec::new(),
            });
        } else {
            i += 1;
        }
    }
    out
}

/// The token URL for a Bearer challenge: `realm?service=...&scope=...` (the challenge's scope,
/// else pull access to `repository`).
pub fn token_url(c: &Challenge, repository: &str) -> Option<String> {
    let realm = c.param("realm")?;
    if !(realm.starts_with("https://") || realm.starts_with("http://")) {
        return None;
    }
    let mut q: Vec<String> = Vec::new();
    if let Some(s) = c.param("service") {
        q.push(format!("service={}", encode(s)));
    }
    let default_scope = format!("repository:{repository}:pull");
    q.push(format!(
        "scope={}",
        encode(c.param("scope").unwrap_or(&default_scope))
    ));
    let sep = if realm.contains('?') { '&' } else { '?' };
    Some(format!("{realm}{sep}{}", q.join("&")))
}

/// The token of a token-service response: `token`, else `access_token` (distribution's
/// token spec allows either).
pub fn parse_token_response(body: &[u8]) -> Option<String> {
    let v = json::parse(body).ok()?;
    v.get_str("token")
        .filter(|t| !t.is_empty())
        .or_else(|| v.get_str("access_token").filter(|t| !t.is_empty()))
        .map(str::to_string)
}

/// The `next` target of a `Link: <url>; rel="next"` header, resolved against `base`
/// (`https://host`): registries give a path.
pub fn link_next(header: &str, base_origin: &str) -> Option<String> {
    for part in header.split(',') {
        let part = part.trim();
        let (target, params) = part.strip_prefix('<')?.split_once('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p == "rel=\"next\"" || p == "rel=next"
        });
        if is_next {
            return Some(
                if target.starts_with("http://") || target.starts_with("https://") {
                    target.to_string()
                } else {
                    format!(
                        "{}/{}",
                        base_origin.trim_end_matches('/'),
                        target.trim_start_matches('/')
                    )
                },
            );
        }
    }
    None
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    match url[after..].find('/') {
        Some(j) => &url[..after + j],
        None => url,
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Base64 (standard alphabet, padded) of `user:password` for `Authorization: Basic`.
pub fn basic_credentials(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}
