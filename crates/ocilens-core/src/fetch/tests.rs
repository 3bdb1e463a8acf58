use crate::hash::HashMap;

use super::protocol::*;
use super::*;
use crate::findings::Code;
use crate::Severity;
use crate::{NodeKind, TreeNode, Verification};

fn r(s: &str) -> Reference {
    parse_reference(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn references_normalise_as_docker_does() {
    let cases = [
        ("ubuntu", "docker.io/library/ubuntu:latest"),
        ("ubuntu:24.04", "docker.io/library/ubuntu:24.04"),
        ("docker.io/ubuntu", "docker.io/library/ubuntu:latest"),
        ("index.docker.io/library/ubuntu", "docker.io/library/ubuntu:latest"),
        ("bitnami/redis:7", "docker.io/bitnami/redis:7"),
        ("ghcr.io/o/r/sub:v1", "ghcr.io/o/r/sub:v1"),
        ("localhost:5000/x", "localhost:5000/x:latest"),
        ("localhost/x", "localhost/x:latest"),
        ("127.0.0.1:5000/a/b:t", "127.0.0.1:5000/a/b:t"),
        ("[::1]:5000/x:y", "[::1]:5000/x:y"),
        ("docker://alpine", "docker.io/library/alpine:latest"),
        ("a-b.c-d/e__f.g-h", "a-b.c-d/e__f.g-h:latest"),
        (
            "alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "docker.io/library/alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        ),
        (
            "alpine:3@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "docker.io/library/alpine:3@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        ),
    ];
    for (given, want) in cases {
        assert_eq!(r(given).to_string(), want, "{given}");
    }
    let hub = r("alpine");
    assert_eq!(hub.api_host(), "registry-1.docker.io");
    assert_eq!(
        hub.api_base(false),
        "https://registry-1.docker.io/v2/library/alpine"
    );
    assert_eq!(hub.target(), "latest");
    let local = r(
        "localhost:5000/x@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    );
    assert!(local.is_loopback());
    assert!(local.target().starts_with("sha256:"));
    assert_eq!(local.api_base(true), "http://localhost:5000/v2/x");
    assert!(!r("ghcr.io/o/r").is_loopback());
}

#[test]
fn bad_references_say_why_in_both_languages() {
    for bad in [
        "",
        "Ubuntu/Thing:tag",
        "ubuntu:-bad",
        "ubuntu@sha256:abc",
        "https://ghcr.io/v2/x/manifests/latest",
        "a//b",
        "ghcr.io/",
        "ex ample.com/x",
        "host:port/x",
        "UPPER",
    ] {
        let e = parse_reference(bad).expect_err(bad);
        assert!(
            !e.text.en.is_empty() && e.text.ja.chars().any(|c| c > '\u{3000}'),
            "{bad}"
        );
    }
}

#[test]
fn www_authenticate_challenges_are_read_like_registries_send_them() {
    let c = parse_www_authenticate(
        r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#,
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].scheme, "bearer");
    assert_eq!(c[0].param("service"), Some("registry.docker.io"));
    assert_eq!(
        token_url(&c[0], "ignored").unwrap(),
        "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull"
    );
    // Two challenges, unquoted values, an escaped quote.
    let c =
        parse_www_authenticate(r#"Basic realm="Registry \"x\"", Bearer realm="https://t/x?a=1""#);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].param("realm"), Some(r#"Registry "x""#));
    assert_eq!(
        token_url(&c[1], "o/r").unwrap(),
        "https://t/x?a=1&scope=repository%3Ao%2Fr%3Apull"
    );
    assert!(parse_www_authenticate("").is_empty());
    // A realm that is not a URL is never followed.
    assert!(token_url(
        &parse_www_authenticate("Bearer realm=\"file:///etc\"")[0],
        "x"
    )
    .is_none());
}

#[test]
fn token_responses_and_link_headers() {
    assert_eq!(
        parse_token_response(br#"{"token":"a"}"#).as_deref(),
        Some("a")
    );
    assert_eq!(
        parse_token_response(br#"{"access_token":"b","expires_in":300}"#).as_deref(),
        Some("b")
    );
    assert_eq!(parse_token_response(br#"{"token":""}"#), None);
    assert_eq!(parse_token_response(b"<html>"), None);
    assert_eq!(
        link_next(
            r#"</v2/x/referrers/sha256:1?n=2&last=b>; rel="next""#,
            "http://h:5000"
        )
        .as_deref(),
        Some("http://h:5000/v2/x/referrers/sha256:1?n=2&last=b")
    );
    assert_eq!(link_next(r#"<https://o/y>; rel="prev""#, "http://h"), None);
    assert_eq!(origin_of("https://h:1/v2/x"), "https://h:1");
}

/// An in-memory registry serving the BuildKit layout's blobs (a real capture: an index of two
/// images, each with an attestation manifest) as `test/img`.
struct FakeRegistry {
    routes: HashMap<String, Response>,
    /// `Authorization` value required on registry paths, if any.
    require: Option<String>,
    seen: Vec<Request>,
}

const ROOT: &str = "sha256:5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c";

fn layout_dir() -> String {
    format!(
        "{}/../../tests/fixtures/buildkit-oci-layout",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn blob(digest: &str) -> Vec<u8> {
    let hex = digest.trim_start_matches("sha256:");
    std::fs::read(format!("{}/blobs/sha256/{hex}", layout_dir())).unwrap()
}

fn ok(body: Vec<u8>, content_type: &str, digest: Option<&str>) -> Response {
    let mut headers = vec![("Content-Type".to_string(), content_type.to_string())];
    if let Some(d) = digest {
        headers.push(("Docker-Content-Digest".into(), d.into()));
    }
    Response {
        status: 200,
        headers,
        body,
    }
}

fn not_found(code: &str) -> Response {
    Response {
        status: 404,
        headers: vec![],
        body: format!(r#"{{"errors":[{{"code":"{code}","message":"not here"}}]}}"#).into_bytes(),
    }
}

impl FakeRegistry {
    fn buildkit() -> FakeRegistry {
        let base = "http://127.0.0.1:5000/v2/test/img";
        let mut routes = HashMap::default();
        let root = blob(ROOT);
        let index_type = "application/vnd.oci.image.index.v1+json";
        routes.insert(
            format!("{base}/manifests/latest"),
            ok(root.clone(), index_type, Some(ROOT)),
        );
        let dir = format!("{}/blobs/sha256", layout_dir());
        for e in std::fs::read_dir(dir).unwrap() {
            let hex = e.unwrap().file_name().into_string().unwrap();
            let d = format!("sha256:{hex}");
            let bytes = blob(&d);
            let v = crate::read::json::parse(&bytes).ok();
            let mt = v
                .as_ref()
                .and_then(|v| v.get_str("mediaType"))
                .unwrap_or("application/octet-stream")
                .to_string();
            let is_manifest = v
                .as_ref()
                .is_some_and(|v| v.has("manifests") || v.has("layers"));
            let path = if is_manifest { "manifests" } else { "blobs" };
            routes.insert(format!("{base}/{path}/{d}"), ok(bytes, &mt, Some(&d)));
        }
        FakeRegistry {
            routes,
            require: None,
            seen: Vec::new(),
        }
    }

    fn answer(&mut self, req: &Request) -> Response {
        self.seen.push(req.clone());
        if let Some(want) = &self.require {
            let auth = req
                .headers
                .iter()
                .find(|(k, _)| k == "Authorization")
                .map(|(_, v)| v.as_str());
            if req.url.starts_with("http://auth.test/token") {
                return if auth == Some("Basic dTpw") {
                    ok(br#"{"token":"T"}"#.to_vec(), "application/json", None)
                } else {
                    Response {
                        status: 401,
                        ..Response::default()
                    }
                };
            }
            if auth != Some(want.as_str()) {
                let challenge = if want.starts_with("Bearer") {
                    r#"Bearer realm="http://auth.test/token",service="reg",scope="repository:test/img:pull""#
                } else {
                    r#"Basic realm="reg""#
                };
                return Response {
                    status: 401,
                    headers: vec![("WWW-Authenticate".into(), challenge.into())],
                    body: br#"{"errors":[{"code":"UNAUTHORIZED","message":"auth"}]}"#.to_vec(),
                };
            }
        }
        self.routes
            .get(&req.url)
            .cloned()
            .unwrap_or_else(|| not_found("MANIFEST_UNKNOWN"))
    }
}

fn run(reg: &mut FakeRegistry, reference: &str, options: Options) -> Fetched {
    let mut p = Planner::new(
        r(reference),
        Options {
            insecure_http: true,
            ..options
        },
    );
    while let Some(req) = p.next_request() {
        let resp = reg.answer(&req);
        p.on_response(&req, resp);
    }
    p.finish()
}

/// Fetches the BuildKit image from a registry that wants `require` as `Authorization`, with
/// `credentials` if any. Returns the fetch and the requests the registry saw.
fn fetch_with_auth(require: &str, credentials: Option<(&str, &str)>) -> (Fetched, Vec<Request>) {
    let mut reg = FakeRegistry::buildkit();
    reg.require = Some(require.into());
    let options = Options {
        credentials: credentials.map(|(u, p)| (u.into(), p.into())),
        ..Options::default()
    };
    let f = run(&mut reg, "127.0.0.1:5000/test/img", options);
    (f, reg.seen)
}

fn assert_no_errors(a: &crate::Analysis) {
    let errors: Vec<_> = a
        .findings
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| x.code)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// `(kind, digest, verification)` of every node, pre-order.
fn flat(nodes: &[TreeNode]) -> Vec<(NodeKind, Option<String>, Verification)> {
    let mut out = Vec::new();
    let mut stack: Vec<&TreeNode> = nodes.iter().rev().collect();
    while let Some(n) = stack.pop() {
        out.push((n.kind, n.digest.clone(), n.verification));
        stack.extend(n.children.iter().rev());
    }
    out
}

#[test]
fn the_whole_tree_is_fetched_and_every_digest_verifies() {
    let mut reg = FakeRegistry::buildkit();
    let f = run(&mut reg, "127.0.0.1:5000/test/img", Options::default());
    // Root index, 2 images, 2 attestation manifests, 4 configs, 2 in-toto layers: every blob of
    // the layout but the image layers (which the layout does not hold either).
    assert_eq!(
        f.inputs.len(),
        11,
        "{:?}",
        f.inputs.iter().map(|i| &i.name).collect::<Vec<_>>()
    );
    // Never an image layer: only configs and in-toto layers are blobs worth reading.
    assert!(reg.seen.iter().all(|q| !q
        .url
        .ends_with("52e6deab7ef1a8b1a5d2d4fa7e4e5e0d8c9f2a5b0e3c1d2e4f5a6b7c8d9e0f1a")));
    let manifest_requests: Vec<&Request> = reg
        .seen
        .iter()
        .filter(|q| q.url.contains("/manifests/"))
        .collect();
    assert!(manifest_requests
        .iter()
        .all(|q| q.headers.iter().any(|(k, v)| k == "Accept"
            && v.contains("application/vnd.oci.image.index.v1+json")
            && v.contains("application/vnd.docker.distribution.manifest.v2+json"))));
    // distribution 2.8 has no referrers API: 404, then the fallback tag, then nothing.
    assert!(reg
        .seen
        .iter()
        .any(|q| q.url.ends_with(&format!("/referrers/{ROOT}"))));
    assert!(reg.seen.iter().any(|q| q
        .url
        .ends_with(&format!("/manifests/{}", ROOT.replace(':', "-")))));

    let a = f.analyze();
    assert_no_errors(&a);
    assert!(a
        .documents
        .iter()
        .all(|d| d.format == crate::Format::RegistryFetch));
    // Every document verifies against the digest it was requested by or the header.
    for d in &a.documents {
        assert!(!d.claims.is_empty(), "{:?}", a.inputs[d.input].name);
        assert!(
            d.claims.iter().all(|c| c.verdict == crate::Verdict::Match),
            "{:?}",
            d.claims
        );
    }
    // The same tree `analyze` gives for the same bytes from the layout, below its index.json.
    let layout: Vec<Input> = std::iter::once(ROOT)
        .chain(
            std::fs::read_dir(format!("{}/blobs/sha256", layout_dir()))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect::<Vec<_>>()
                .iter()
                .map(|h| Box::leak(format!("sha256:{h}").into_boxed_str()) as &str),
        )
        .map(|d| Input::new(format!("{}.json", d.replace(':', "-")), blob(d)))
        .collect();
    let pasted = crate::analyze(&layout);
    // The fetch knows the reference: a reference node sits above the index.
    assert_eq!(a.tree.len(), 1);
    assert_eq!(a.tree[0].kind, NodeKind::Reference);
    assert_eq!(
        a.tree[0].reference.as_deref(),
        Some("127.0.0.1:5000/test/img:latest")
    );
    let fetched_tree = flat(&a.tree[0].children);
    let pasted_root = pasted
        .tree
        .iter()
        .find(|n| n.digest.as_deref() == Some(ROOT))
        .expect("the pasted files give the same root");
    let pasted_tree = flat(std::slice::from_ref(pasted_root));
    // The fetched root is claimed by the tag's Docker-Content-Digest: verified. The pasted
    // root is claimed by its file name: verified too.
    assert_eq!(fetched_tree, pasted_tree);
    assert!(fetched_tree
        .iter()
        .filter(|(k, _, _)| *k != NodeKind::Layer)
        .all(|(_, _, v)| *v == Verification::Verified));
}

#[test]
fn a_bearer_token_is_fetched_once_and_used_for_every_request() {
    let (f, seen) = fetch_with_auth("Bearer T", Some(("u", "p")));
    assert_eq!(f.inputs.len(), 11);
    let token_requests = seen.iter().filter(|q| q.purpose == Purpose::Token).count();
    assert_eq!(token_requests, 1);
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    // The credentials go to the token service only, never to the registry itself.
    assert!(seen
        .iter()
        .filter(|q| q.purpose != Purpose::Token)
        .all(|q| !q.headers.iter().any(|(_, v)| v.starts_with("Basic"))));
}

#[test]
fn basic_auth_and_refused_credentials() {
    let (f, _) = fetch_with_auth("Basic dTpw", Some(("u", "p")));
    assert_eq!(f.inputs.len(), 11);

    let (f, _) = fetch_with_auth("Basic dTpw", None);
    assert!(f.inputs.is_empty());
    let codes: Vec<_> = f.findings.iter().map(|x| x.code).collect();
    assert_eq!(codes, ["fetch-unauthorized"]);
    assert!(f.findings[0].message.ja.contains("認証情報"));

    let (f, _) = fetch_with_auth("Basic dTpw", Some(("u", "wrong")));
    let codes: Vec<_> = f.findings.iter().map(|x| x.code).collect();
    assert_eq!(codes, ["fetch-unauthorized"]);
    assert!(f.findings[0].message.en.contains("refused the credentials"));

    // A token service that refuses: one token request, then a clear finding, no loop.
    let (f, seen) = fetch_with_auth("Bearer T", None);
    assert!(f.inputs.is_empty());
    assert!(seen.len() <= 3, "{}", seen.len());
    let codes: Vec<_> = f.findings.iter().map(|x| x.code).collect();
    assert!(
        codes.contains(&Code::FetchToken) && codes.contains(&Code::FetchUnauthorized),
        "{codes:?}"
    );
}

#[test]
fn an_unknown_tag_is_a_registry_error_with_the_url() {
    let mut reg = FakeRegistry::buildkit();
    let f = run(&mut reg, "127.0.0.1:5000/test/img:nope", Options::default());
    assert!(f.inputs.is_empty());
    assert_eq!(f.findings.len(), 1);
    let m = &f.findings[0];
    assert_eq!(m.code, "registry-error");
    assert!(m.message.en.contains("MANIFEST_UNKNOWN"));
    assert!(m.message.en.contains("/v2/test/img/manifests/nope"));
}

#[test]
fn oversized_manifests_are_refused_with_a_reason() {
    let mut reg = FakeRegistry::buildkit();
    let f = run(
        &mut reg,
        "127.0.0.1:5000/test/img",
        Options {
            max_manifest_bytes: 1000,
            ..Options::default()
        },
    );
    // The root index is 1,607 bytes: refused, nothing else asked for.
    assert!(f.inputs.is_empty());
    assert_eq!(f.findings[0].code, "fetch-too-large");
    assert!(f.findings[0].message.en.contains("1000-byte limit"));
    assert_eq!(reg.seen.len(), 1);
}

#[test]
fn the_request_count_is_capped() {
    let mut reg = FakeRegistry::buildkit();
    let f = run(
        &mut reg,
        "127.0.0.1:5000/test/img",
        Options {
            max_requests: 3,
            ..Options::default()
        },
    );
    assert_eq!(reg.seen.len(), 3);
    assert_eq!(f.requests, 3);
    assert!(f.findings.iter().any(|x| x.code == Code::FetchLimit));
    // What came is still analysed: the index and two manifests.
    assert_eq!(f.analyze().documents.len(), 3);
}

#[test]
fn referrers_from_the_api_are_followed_page_by_page() {
    let mut reg = FakeRegistry::buildkit();
    let base = "http://127.0.0.1:5000/v2/test/img";
    let sig = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.example.sig","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="},"layers":[],"subject":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c","size":1607}}"#;
    let sig_digest = crate::verify::digest::Digest::sha256(sig);
    let page = |entries: &str| {
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{entries}]}}"#
        )
    };
    let entry = format!(
        r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{sig_digest}","size":{},"artifactType":"application/vnd.example.sig"}}"#,
        sig.len()
    );
    let mut first = ok(
        page("").into_bytes(),
        "application/vnd.oci.image.index.v1+json",
        None,
    );
    first.headers.push((
        "Link".into(),
        format!(r#"</v2/test/img/referrers/{ROOT}?n=1&last=x>; rel="next""#),
    ));
    reg.routes.insert(format!("{base}/referrers/{ROOT}"), first);
    reg.routes.insert(
        format!("{base}/referrers/{ROOT}?n=1&last=x"),
        ok(
            page(&entry).into_bytes(),
            "application/vnd.oci.image.index.v1+json",
            None,
        ),
    );
    reg.routes.insert(
        format!("{base}/manifests/{sig_digest}"),
        ok(
            sig.to_vec(),
            "application/vnd.oci.image.manifest.v1+json",
            Some(&sig_digest),
        ),
    );
    let f = run(&mut reg, "127.0.0.1:5000/test/img", Options::default());
    assert!(f
        .inputs
        .iter()
        .any(|i| i.name.ends_with(sig_digest.as_str())));
    // The fallback tag is not needed when the API answers.
    let root_tag = ROOT.replace(':', "-");
    assert!(!reg.seen.iter().any(|q| q.url.ends_with(&root_tag)));
    let a = f.analyze();
    // The signature hangs under the index it signs.
    let root = a
        .tree
        .iter()
        .find(|n| n.digest.as_deref() == Some(ROOT))
        .expect("root");
    assert!(
        flat(std::slice::from_ref(root))
            .iter()
            .any(|(_, d, _)| d.as_deref() == Some(sig_digest.as_str())),
        "{:#?}",
        flat(&a.tree)
    );
}

#[test]
fn a_browser_cors_refusal_is_explained_with_what_to_paste() {
    let mut p = Planner::new(r("alpine"), Options::default());
    let req = p.next_request().unwrap();
    assert_eq!(
        req.url,
        "https://registry-1.docker.io/v2/library/alpine/manifests/latest"
    );
    p.on_failure(&req, Failure::Cors);
    // Nothing more to try once the root cannot be read.
    assert!(p.next_request().is_none());
    let f = p.finish();
    let m = &f.findings[0];
    assert_eq!(m.code, "fetch-cors");
    assert!(m.message.en.contains("Docker Hub"));
    let fix = m.fix.as_ref().unwrap();
    assert!(fix
        .en
        .contains("docker buildx imagetools inspect --raw docker.io/library/alpine:latest"));
    assert!(fix.ja.contains("crane manifest"));
}

#[test]
fn timeouts_and_network_errors_are_findings() {
    let mut p = Planner::new(r("localhost:5000/x"), Options::default());
    let req = p.next_request().unwrap();
    p.on_failure(&req, Failure::Timeout { seconds: 10 });
    let f = p.finish();
    assert_eq!(f.findings[0].code, "fetch-timeout");
    assert!(f.findings[0].message.ja.contains("10 秒"));
}

#[test]
fn a_referrers_request_the_browser_cannot_read_falls_back_to_the_tag() {
    // distribution 2.8 answers the unknown referrers route without CORS headers: in a browser
    // that is a failed request, not a 404. The fallback tag is asked all the same, silently.
    let mut reg = FakeRegistry::buildkit();
    let mut p = Planner::new(
        r("127.0.0.1:5000/test/img"),
        Options {
            insecure_http: true,
            ..Options::default()
        },
    );
    while let Some(req) = p.next_request() {
        if matches!(req.purpose, Purpose::Referrers { .. }) {
            p.on_failure(&req, Failure::Cors);
            continue;
        }
        let resp = reg.answer(&req);
        p.on_response(&req, resp);
    }
    let f = p.finish();
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    let root_tag = ROOT.replace(':', "-");
    assert!(reg.seen.iter().any(|q| q.url.ends_with(&root_tag)));
    assert_eq!(f.inputs.len(), 11);
}

#[test]
fn head_plans_a_bodiless_request_with_the_full_accept_list() {
    let reference = r("ghcr.io/o/r:v1");
    let q = head_manifest(&reference, &Options::default());
    assert_eq!(q.method, Method::Head);
    assert_eq!(q.url, "https://ghcr.io/v2/o/r/manifests/v1");
    let accept = &q.headers.iter().find(|(k, _)| k == "Accept").unwrap().1;
    for t in ACCEPT_MANIFESTS {
        assert!(accept.contains(t), "{t}");
    }
    let d = format!("sha256:{}", "a".repeat(64));
    let ok = Response {
        status: 200,
        headers: vec![("docker-content-digest".into(), d.clone())],
        body: vec![],
    };
    assert_eq!(digest_from_head(&ok).as_deref(), Some(d.as_str()));
    let bad = Response {
        status: 200,
        headers: vec![("Docker-Content-Digest".into(), "sha256:zz".into())],
        body: vec![],
    };
    assert_eq!(digest_from_head(&bad), None);
    assert_eq!(
        digest_from_head(&Response {
            status: 404,
            ..ok.clone()
        }),
        None
    );
}

#[test]
fn referrers_are_filtered_by_artifact_type() {
    let mut reg = FakeRegistry::buildkit();
    let base = "http://127.0.0.1:5000/v2/test/img";
    let manifest = |t: &str| {
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"{t}","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}},"layers":[],"subject":{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{ROOT}","size":1607}}}}"#
        )
    };
    let (sbom, sig) = (
        manifest("application/spdx+json"),
        manifest("application/vnd.example.sig"),
    );
    let entry = |m: &str, t: &str| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"artifactType":"{t}"}}"#,
            crate::verify::digest::Digest::sha256(m.as_bytes()),
            m.len()
        )
    };
    // Stored under the fallback tag (no referrers API): both kinds listed.
    let list = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{},{}]}}"#,
        entry(&sbom, "application/spdx+json"),
        entry(&sig, "application/vnd.example.sig")
    );
    reg.routes.insert(
        format!("{base}/manifests/{}", ROOT.replace(':', "-")),
        ok(
            list.into_bytes(),
            "application/vnd.oci.image.index.v1+json",
            None,
        ),
    );
    for m in [&sbom, &sig] {
        let d = crate::verify::digest::Digest::sha256(m.as_bytes());
        reg.routes.insert(
            format!("{base}/manifests/{d}"),
            ok(
                m.clone().into_bytes(),
                "application/vnd.oci.image.manifest.v1+json",
                Some(&d),
            ),
        );
    }
    let f = run(
        &mut reg,
        "127.0.0.1:5000/test/img",
        Options {
            artifact_type: Some("application/spdx+json".into()),
            ..Options::default()
        },
    );
    assert!(reg.seen.iter().any(|q| q.url.ends_with(&format!(
        "/referrers/{ROOT}?artifactType=application%2Fspdx%2Bjson"
    ))));
    let sbom_d = crate::verify::digest::Digest::sha256(sbom.as_bytes());
    let sig_d = crate::verify::digest::Digest::sha256(sig.as_bytes());
    assert!(f.inputs.iter().any(|i| i.name.ends_with(sbom_d.as_str())));
    assert!(!f.inputs.iter().any(|i| i.name.ends_with(sig_d.as_str())));
}

#[test]
fn digests_in_references_get_go_digests_errors() {
    let f = "f".repeat(64);
    for (given, want) in [
        (
            format!("repo@sha256:{}", "F".repeat(64)),
            RefError::DigestFormat,
        ),
        (format!("repo@SHA256:{f}"), RefError::DigestFormat),
        (format!("repo@sha256:{}", &f[..40]), RefError::DigestLength),
        (format!("repo@sha384:{f}"), RefError::DigestUnsupported),
        (format!("repo@sha256:{}", &f[..31]), RefError::InvalidFormat),
        (format!("repo@256:{f}"), RefError::InvalidFormat),
    ] {
        assert_eq!(parse_reference(&given).unwrap_err().kind, want, "{given}");
    }
}

/// The BuildKit registry with a cosign signature of its root index under `sha256-<hex>.sig`
/// (a simplesigning payload naming the index, as cosign writes it). Returns the tag.
fn with_cosign_signature(reg: &mut FakeRegistry) -> String {
    let base = "http://127.0.0.1:5000/v2/test/img";
    let payload = format!(
        r#"{{"critical":{{"identity":{{"docker-reference":"127.0.0.1:5000/test/img"}},"image":{{"docker-manifest-digest":"{ROOT}"}},"type":"cosign container image signature"}},"optional":null}}"#
    );
    let payload_digest = String::from(crate::verify::digest::Digest::sha256(payload.as_bytes()));
    let config = format!(
        r#"{{"architecture":"","config":{{}},"created":"0001-01-01T00:00:00Z","history":[{{"created":"0001-01-01T00:00:00Z"}}],"os":"","rootfs":{{"type":"layers","diff_ids":["{payload_digest}"]}}}}"#
    );
    let config_digest = String::from(crate::verify::digest::Digest::sha256(config.as_bytes()));
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","size":{},"digest":"{config_digest}"}},"layers":[{{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":{},"digest":"{payload_digest}","annotations":{{"dev.cosignproject.cosign/signature":"MEUCIQDtest"}}}}]}}"#,
        config.len(),
        payload.len()
    );
    let tag = cosign::tag_of(ROOT, Object::Signature);
    let oci = "application/vnd.oci.image.manifest.v1+json";
    reg.routes.insert(
        format!("{base}/manifests/{tag}"),
        ok(manifest.into_bytes(), oci, None),
    );
    for (d, b) in [(config_digest, config), (payload_digest, payload)] {
        reg.routes.insert(
            format!("{base}/blobs/{d}"),
            ok(b.into_bytes(), "application/octet-stream", None),
        );
    }
    tag
}

fn tag_list(tags: &[&str], next: Option<&str>) -> Response {
    let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    let mut r = ok(
        format!(r#"{{"name":"test/img","tags":[{}]}}"#, list.join(",")).into_bytes(),
        "application/json",
        None,
    );
    if let Some(n) = next {
        r.headers
            .push(("Link".into(), format!(r#"<{n}>; rel="next""#)));
    }
    r
}

/// The cosign tag node under the root index, with what it holds.
fn cosign_node(a: &crate::Analysis) -> Option<&TreeNode> {
    let root = TreeNode::walk(&a.tree)
        .map(|(_, n)| n)
        .find(|n| n.kind == NodeKind::Index && n.digest.as_deref() == Some(ROOT))?;
    root.children.iter().find(|c| c.kind == NodeKind::CosignTag)
}

#[test]
fn cosign_tags_in_the_tag_list_are_fetched_and_hang_under_what_they_sign() {
    let mut reg = FakeRegistry::buildkit();
    let tag = with_cosign_signature(&mut reg);
    // Another image's signature in the same repository: listed, never fetched.
    let other = cosign::tag_of(&format!("sha256:{}", "e".repeat(64)), Object::Signature);
    reg.routes.insert(
        "http://127.0.0.1:5000/v2/test/img/tags/list".into(),
        tag_list(&["latest", &other, &tag, "v1.att"], None),
    );
    let f = run(&mut reg, "127.0.0.1:5000/test/img", Options::default());
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    let cosign_requests: Vec<_> = reg
        .seen
        .iter()
        .filter(|q| matches!(q.purpose, Purpose::CosignTag { .. }))
        .map(|q| (q.method, q.url.rsplit('/').next().unwrap_or("").to_string()))
        .collect();
    // Asked for by GET at once: no HEAD when the list says it exists, nothing for the others.
    assert_eq!(cosign_requests, [(Method::Get, tag.clone())]);
    // Its simplesigning payload was fetched (a signature layer ocilens decodes).
    assert_eq!(f.inputs.len(), 11 + 3);
    let a = f.analyze();
    let node = cosign_node(&a).expect("the signature under the index it signs");
    assert!(node.reference.as_deref().unwrap_or("").ends_with(&tag));
    let codes: Vec<_> = a.findings.iter().map(|x| x.code).collect();
    assert!(codes.contains(&Code::CosignTag), "{codes:?}");
    assert!(!codes.contains(&Code::CosignPayloadMismatch), "{codes:?}");
    assert_no_errors(&a);
}

#[test]
fn a_tag_list_on_two_pages_is_read_to_the_end() {
    let mut reg = FakeRegistry::buildkit();
    let tag = with_cosign_signature(&mut reg);
    let list = "http://127.0.0.1:5000/v2/test/img/tags/list";
    let next = "/v2/test/img/tags/list?n=1&last=latest";
    reg.routes
        .insert(list.into(), tag_list(&["latest"], Some(next)));
    reg.routes.insert(
        format!("http://127.0.0.1:5000{next}"),
        tag_list(&[&tag], None),
    );
    let f = run(&mut reg, "127.0.0.1:5000/test/img", Options::default());
    assert!(cosign_node(&f.analyze()).is_some());
    assert!(!reg.seen.iter().any(|q| q.method == Method::Head));
}

#[test]
fn without_a_tag_list_each_cosign_tag_is_asked_for_with_head() {
    for refusal in [403u16, 404, 401] {
        let mut reg = FakeRegistry::buildkit();
        let tag = with_cosign_signature(&mut reg);
        reg.routes.insert(
            "http://127.0.0.1:5000/v2/test/img/tags/list".into(),
            Response {
                status: refusal,
                headers: vec![],
                body: br#"{"errors":[{"code":"DENIED","message":"no listing"}]}"#.to_vec(),
            },
        );
        let f = run(&mut reg, "127.0.0.1:5000/test/img", Options::default());
        // Neither the refused list nor the absent tags are findings.
        assert!(f.findings.is_empty(), "{refusal}: {:?}", f.findings);
        let heads: Vec<&Request> = reg
            .seen
            .iter()
            .filter(|q| q.method == Method::Head)
            .collect();
        // The index and its two images, three tags each; the attestation manifests are not
        // signed on their own and are not asked about.
        assert_eq!(heads.len(), 9, "{refusal}");
        assert!(heads
            .iter()
            .all(|q| q.headers.iter().any(|(k, _)| k == "Accept")));
        // The one that exists is then fetched.
        assert!(reg
            .seen
            .iter()
            .any(|q| q.method == Method::Get && q.url.ends_with(&tag)));
        assert!(cosign_node(&f.analyze()).is_some(), "{refusal}");
    }
}

#[test]
fn no_referrers_means_no_cosign_tags_either() {
    let mut reg = FakeRegistry::buildkit();
    with_cosign_signature(&mut reg);
    let f = run(
        &mut reg,
        "127.0.0.1:5000/test/img",
        Options {
            referrers: false,
            ..Options::default()
        },
    );
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    assert!(!reg.seen.iter().any(|q| q.url.contains("/tags/list")
        || q.url.contains(".sig")
        || matches!(q.purpose, Purpose::Referrers { .. })));
}
