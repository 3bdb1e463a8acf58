//! Error messages pasted with (or without) the documents (issue 11): what Docker, containerd,
//! Kubernetes and AWS ECS print when a pull or a start fails. Reading only: a line is recognised
//! here; what it means for the documents given is said once the tree is built
//! (`explain::errors`).

/// What a pasted line reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// Docker: `no matching manifest for linux/amd64 in the manifest list entries`.
    NoMatchingManifest { platform: String },
    /// AWS ECS: `CannotPullContainerError: image Manifest does not contain descriptor matching
    /// platform 'linux/amd64'`.
    NoDescriptorForPlatform { platform: String },
    /// containerd, Kubernetes, nerdctl: `no match for platform in manifest`.
    NoMatchForPlatform,
    /// The kernel, at start: `exec format error`.
    ExecFormat,
    /// `manifest unknown`, `MANIFEST_UNKNOWN`.
    ManifestUnknown,
    /// `toomanyrequests`: Docker Hub's pull rate limit.
    TooManyRequests,
    /// `unauthorized`, `authentication required`.
    Unauthorized,
    /// `denied`, `pull access denied`.
    Denied,
    /// `x509: certificate ...`.
    X509,
    /// Kubernetes events: `ErrImagePull`, `ImagePullBackOff`.
    KubePull,
}

/// A recognised error line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PastedError {
    pub input: usize,
    /// 1-based line.
    pub line: usize,
    pub kind: ErrorKind,
    /// The line as written (clipped).
    pub text: String,
}

/// The platform after `marker` in `line`, up to a space or a quote.
fn platform_after(line: &str, marker: &str) -> Option<String> {
    let at = line.find(marker)? + marker.len();
    let rest = line[at..].trim_start_matches(['\'', '"']);
    let p: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
        .collect();
    (!p.is_empty()).then_some(p)
}

/// What error `line` reports, if it is one of those.
pub(crate) fn recognise(line: &str) -> Option<ErrorKind> {
    let l = line.to_ascii_lowercase();
    if l.contains("no matching manifest for ") && l.contains("manifest list entries") {
        return platform_after(line, "no matching manifest for ")
            .map(|platform| ErrorKind::NoMatchingManifest { platform });
    }
    if l.contains("does not contain descriptor matching platform") {
        return platform_after(line, "matching platform ")
            .map(|platform| ErrorKind::NoDescriptorForPlatform { platform });
    }
    if l.contains("no match for platform in manifest") {
        return Some(ErrorKind::NoMatchForPlatform);
    }
    if l.contains("exec format error") {
        return Some(ErrorKind::ExecFormat);
    }
    if l.contains("toomanyrequests") || l.contains("you have reached your pull rate limit") {
        return Some(ErrorKind::TooManyRequests);
    }
    if l.contains("x509: certificate") || l.contains("x509: ") && l.contains("certificate") {
        return Some(ErrorKind::X509);
    }
    if l.contains("pull access denied") || l.contains("denied: requested access") {
        return Some(ErrorKind::Denied);
    }
    if l.contains("manifest unknown") || l.contains("manifest_unknown") {
        return Some(ErrorKind::ManifestUnknown);
    }
    if l.contains("errimagepull") || l.contains("imagepullbackoff") {
        return Some(ErrorKind::KubePull);
    }
    if (l.contains("unauthorized") || l.contains("authentication required"))
        && (l.contains("error") || l.contains("failed") || l.starts_with("unauthorized"))
    {
        return Some(ErrorKind::Unauthorized);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_tool_prints_is_recognised() {
        let rows: &[(&str, ErrorKind)] = &[
            ("Error response from daemon: no matching manifest for linux/arm64/v8 in the manifest list entries", ErrorKind::NoMatchingManifest { platform: "linux/arm64/v8".into() }),
            ("no matching manifest for windows/amd64 10.0.17763 in the manifest list entries", ErrorKind::NoMatchingManifest { platform: "windows/amd64".into() }),
            ("CannotPullContainerError: pull image manifest has been retried 5 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'", ErrorKind::NoDescriptorForPlatform { platform: "linux/amd64".into() }),
            ("failed to resolve reference: no match for platform in manifest: not found", ErrorKind::NoMatchForPlatform),
            ("exec /usr/local/bin/app: exec format error", ErrorKind::ExecFormat),
            ("Error response from daemon: toomanyrequests: You have reached your pull rate limit.", ErrorKind::TooManyRequests),
            ("Error response from daemon: pull access denied for app, repository does not exist or may require 'docker login'", ErrorKind::Denied),
            ("Error response from daemon: manifest for app:9 not found: manifest unknown: manifest unknown", ErrorKind::ManifestUnknown),
            ("Error response from daemon: Get \"https://r.example/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority", ErrorKind::X509),
            ("  Warning  Failed     3s   kubelet  Error: ImagePullBackOff", ErrorKind::KubePull),
            ("Error response from daemon: Head \"https://r.example/v2/app/manifests/1\": unauthorized: authentication required", ErrorKind::Unauthorized),
        ];
        for (line, want) in rows {
            assert_eq!(recognise(line).as_ref(), Some(want), "{line}");
        }
        for not in [
            "latest: Pulling from library/debian",
            "the word unauthorized in a sentence",
            "Name: docker.io/library/alpine",
        ] {
            assert_eq!(recognise(not), None, "{not}");
        }
    }
}
