//! Fetching an image's whole tree from a registry, without I/O: a planner says which request to
//! make next and takes the responses; the CLI (a native HTTP client) and the page (the browser's
//! fetch) only carry bytes. The result is a list of [`Input`]s, each a response body with its
//! [`Origin`] (the digest it was requested by, `Docker-Content-Digest`, `Content-Type`), that
//! [`crate::analyze`] verifies like anything pasted, plus findings about the fetch itself.
//!
//! The walk: the reference's manifest (by tag or digest) -> for an index, every manifest it lists
//! -> for a manifest, its config blob and its in-toto layers -> the referrers of the root and of
//! each manifest (the referrers API, falling back to the `sha256-<hex>` tag) -> what those list;
//! and cosign's tags beside the image (`sha256-<hex>.sig`, `.att`, `.sbom`) for the root and the
//! manifests it lists: found in the repository's tag list, or, when the registry refuses to list
//! tags, asked for one by one with `HEAD` (which Docker Hub does not count against pull limits).
//! Requests are capped in size (manifests 4 MiB, blobs 8 MiB), depth and count.

pub mod protocol;
pub mod reference;

#[cfg(test)]
mod tests;

use crate::hash::HashSet;
use std::collections::VecDeque;

use crate::findings::{Code, Finding};
use crate::read::json::{self, Json};
use crate::text::Text;
use crate::{Analysis, Input, Origin};

pub use protocol::{Challenge, ACCEPT_MANIFESTS};
pub use reference::{parse as parse_reference, RefError, Reference, ReferenceError};

/// Limits and switches of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Plain `http://` instead of `https://` (a local test registry).
    pub insecure_http: bool,
    /// `(username, password or token)`, sent only to the registry and its token service.
    pub credentials: Option<(String, String)>,
    pub max_manifest_bytes: u64,
    pub max_blob_bytes: u64,
    /// Requests in all, token requests included.
    pub max_requests: usize,
    /// Levels below the reference's own manifest (index -> manifest -> referrer -> ...).
    pub max_depth: usize,
    /// Look for what refers to the image: referrers (signatures, SBOMs pushed with `subject`),
    /// their fallback tag, and cosign's `sha256-<hex>.sig`, `.att` and `.sbom` tags.
    pub referrers: bool,
    /// Only referrers of this `artifactType` (the referrers API's filter; applied here too, for
    /// the fallback tag and registries that ignore the filter).
    pub artifact_type: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            insecure_http: false,
            credentials: None,
            max_manifest_bytes: 4 << 20,
            max_blob_bytes: 8 << 20,
            max_requests: 500,
            max_depth: 4,
            referrers: true,
            artifact_type: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
        }
    }
}

/// Why a request is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A manifest or index, by tag or digest.
    Manifest,
    /// A config or in-toto layer blob.
    Blob,
    /// `GET /v2/<name>/referrers/<digest>` (maybe a later page).
    Referrers { subject: String },
    /// The referrers fallback tag `sha256-<hex>` (registries without the referrers API).
    ReferrersTag { subject: String },
    /// `GET /v2/<name>/tags/list` (maybe a later page): where cosign's tags are looked up.
    TagList,
    /// A cosign tag (`sha256-<hex>.sig`, `.att`, `.sbom`): a `HEAD` to learn whether it exists
    /// when the tag list could not be read, then a `GET` of its manifest.
    CosignTag { tag: String },
    /// A token from the `WWW-Authenticate` realm.
    Token,
}

/// One HTTP request for the driver to make. Headers are complete (Accept, Authorization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: usize,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The driver stops reading the body beyond this many bytes and reports
    /// [`Failure::TooLarge`].
    pub max_bytes: u64,
    pub purpose: Purpose,
    /// The digest the content is requested by.
    pub digest: Option<String>,
    depth: usize,
    retried: bool,
}

impl Request {
    /// A single GET of a document by URL (the page's "fetch a JSON URL"), capped like a manifest.
    pub fn url(url: &str) -> Request {
        Request {
            id: 0,
            method: Method::Get,
            url: url.to_string(),
            headers: vec![("Accept".into(), "application/json, */*;q=0.5".into())],
            max_bytes: Options::default().max_manifest_bytes,
            purpose: Purpose::Manifest,
            digest: None,
            depth: 0,
            retried: false,
        }
    }
}

/// What came back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Header names in any case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request that got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Connection refused, DNS, TLS...: the driver's message.
    Network(String),
    Timeout {
        seconds: u64,
    },
    /// The browser refused to let the page read the response (no CORS headers). Browsers report
    /// it as an opaque network error; the page calls it CORS when the URL is cross-origin.
    Cors,
    /// The body is longer than `max_bytes` (from `Content-Length` or while reading).
    TooLarge {
        bytes: Option<u64>,
    },
}

/// The outcome of a fetch: what to analyse, and what happened on the way.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    pub reference: Option<String>,
    pub inputs: Vec<Input>,
    pub findings: Vec<Finding>,
    pub requests: usize,
}

impl Fetched {
    /// The analysis of everything fetched, with the fetch's own findings first.
    pub fn analyze(&self) -> Analysis {
        let mut a = crate::analyze(&self.inputs);
        let mut findings = self.findings.clone();
        findings.append(&mut a.findings);
        a.findings = findings;
        a
    }
}

/// `HEAD /v2/<name>/manifests/<tag or digest>` with the full `Accept` list: whether the manifest
/// exists and, from `Docker-Content-Digest`, its digest, without its body (see
/// [`digest_from_head`]).
pub fn head_manifest(reference: &Reference, options: &Options) -> Request {
    let mut r = Request::url(&format!(
        "{}/manifests/{}",
        reference.api_base(options.insecure_http),
        reference.target()
    ));
    r.method = Method::Head;
    r.headers = vec![("Accept".into(), protocol::accept_header())];
    r
}

/// The digest a `HEAD` answer names (`Docker-Content-Digest`), when it is one.
pub fn digest_from_head(resp: &Response) -> Option<String> {
    (200..300).contains(&resp.status).then_some(())?;
    let d = resp.header("Docker-Content-Digest")?.trim();
    crate::verify::digest::Digest::parse(d)
        .is_ok()
        .then(|| d.to_string())
}

/// The fetch walk. Make the requests [`Planner::next_request`] returns, one at a time, and hand
/// each response (or failure) back; then [`Planner::finish`].
#[derive(Debug)]
pub struct Planner {
    reference: Reference,
    options: Options,
    queue: VecDeque<Request>,
    next_id: usize,
    made: usize,
    /// Digests and URLs already queued.
    seen: HashSet<String>,
    /// `Authorization` value for registry requests, once known.
    auth: Option<String>,
    /// Whether a token was already asked for (one try: a second 401 is final).
    token_tried: bool,
    limit_reported: bool,
    /// Digests whose cosign tags are looked for: the root and what it lists, not attestations.
    cosign_subjects: Vec<String>,
    /// Manifests not looked up for cosign tags: BuildKit attestations an index lists, and
    /// referrers.
    no_cosign: HashSet<String>,
    tags: TagList,
    out: Fetched,
}

/// What is known of the repository's tags, for cosign's tag scheme.
#[derive(Debug, Default)]
enum TagList {
    /// Not asked yet, or no page has come back.
    #[default]
    Asking,
    /// The cosign tags listed so far (a repository's other tags are not kept).
    Listed(HashSet<String>),
    /// The registry refused or failed: each cosign tag is asked for with `HEAD`.
    Refused,
}

use crate::explain::cosign::{self, Object};
use crate::explain::knowledge::names::{ATTESTATION_MANIFEST, DSSE, IN_TOTO, REFERENCE_TYPE};
use crate::explain::knowledge::{self};

impl Planner {
    pub fn new(reference: Reference, options: Options) -> Planner {
        let mut p = Planner {
            out: Fetched {
                reference: Some(reference.to_string()),
                ..Fetched::default()
            },
            reference,
            options,
            queue: VecDeque::new(),
            next_id: 0,
            made: 0,
            seen: HashSet::default(),
            auth: None,
            token_tried: false,
            limit_reported: false,
            cosign_subjects: Vec::new(),
            no_cosign: HashSet::default(),
            tags: TagList::Asking,
        };
        // Credentials are sent only when a challenge asks: Basic directly, Bearer to the realm.
        let target = p.reference.target().to_string();
        let digest = p.reference.digest.clone();
        p.push_manifest(&target, digest, 0);
        p
    }

    /// The base URL of the repository's API.
    pub fn base(&self) -> String {
        self.reference.api_base(self.options.insecure_http)
    }

    /// Requests made so far and requests waiting.
    pub fn progress(&self) -> (usize, usize) {
        (self.made, self.queue.len())
    }

    pub fn next_request(&mut self) -> Option<Request> {
        let mut r = self.queue.pop_front()?;
        if self.made >= self.options.max_requests {
            self.queue.clear();
            self.report_limit();
            return None;
        }
        self.made += 1;
        if r.purpose != Purpose::Token {
            r.headers.retain(|(k, _)| k != "Authorization");
            if let Some(a) = &self.auth {
                r.headers.push(("Authorization".into(), a.clone()));
            }
        }
        Some(r)
    }

    fn new_request(
        &mut self,
        url: String,
        purpose: Purpose,
        digest: Option<String>,
        depth: usize,
    ) -> Request {
        self.next_id += 1;
        let (accept, max) = match purpose {
            Purpose::Manifest | Purpose::ReferrersTag { .. } | Purpose::CosignTag { .. } => (
                Some(protocol::accept_header()),
                self.options.max_manifest_bytes,
            ),
            Purpose::Referrers { .. } => (
                Some("application/vnd.oci.image.index.v1+json".to_string()),
                self.options.max_manifest_bytes,
            ),
            Purpose::Blob => (None, self.options.max_blob_bytes),
            Purpose::Token | Purpose::TagList => (
                Some("application/json".to_string()),
                self.options.max_manifest_bytes,
            ),
        };
        Request {
            id: self.next_id,
            method: Method::Get,
            url,
            headers: accept.map(|a| ("Accept".into(), a)).into_iter().collect(),
            max_bytes: max,
            purpose,
            digest,
            depth,
            retried: false,
        }
    }

    fn push_manifest(&mut self, target: &str, digest: Option<String>, depth: usize) {
        let url = format!("{}/manifests/{target}", self.base());
        if self.seen.insert(url.clone()) {
            let r = self.new_request(url, Purpose::Manifest, digest, depth);
            self.queue.push_back(r);
        }
    }

    fn push_blob(&mut self, digest: &str, depth: usize) {
        let url = format!("{}/blobs/{digest}", self.base());
        if self.seen.insert(url.clone()) {
            let r = self.new_request(url, Purpose::Blob, Some(digest.to_string()), depth);
            self.queue.push_back(r);
        }
    }

    fn push_referrers(&mut self, subject: &str, depth: usize) {
        if !self.options.referrers || depth >= self.options.max_depth {
            return;
        }
        let mut url = format!("{}/referrers/{subject}", self.base());
        if let Some(t) = &self.options.artifact_type {
            url = format!("{url}?artifactType={}", protocol::encode(t));
        }
        if self.seen.insert(url.clone()) {
            let r = self.new_request(
                url,
                Purpose::Referrers {
                    subject: subject.to_string(),
                },
                None,
                depth,
            );
            self.queue.push_back(r);
        }
    }

    /// Looks for the cosign tags of `digest`, a manifest or index of the image.
    fn cosign_subject(&mut self, digest: &str) {
        if !self.options.referrers || self.no_cosign.contains(digest) {
            return;
        }
        if self.cosign_subjects.iter().any(|d| d == digest) {
            return;
        }
        self.cosign_subjects.push(digest.to_string());
        if self.cosign_subjects.len() == 1 {
            // The first subject is the root: the tag list is asked for once, beside it.
            let url = format!("{}/tags/list", self.base());
            if self.seen.insert(url.clone()) {
                let r = self.new_request(url, Purpose::TagList, None, 0);
                self.queue.push_back(r);
            }
        }
        let listed: Vec<String> = match &self.tags {
            TagList::Asking => return,
            TagList::Listed(tags) => Object::ALL
                .iter()
                .map(|o| cosign::tag_of(digest, *o))
                .filter(|t| tags.contains(t))
                .collect(),
            TagList::Refused => {
                for o in Object::ALL {
                    self.push_cosign_tag(cosign::tag_of(digest, o), Method::Head);
                }
                return;
            }
        };
        for t in listed {
            self.push_cosign_tag(t, Method::Get);
        }
    }

    fn push_cosign_tag(&mut self, tag: String, method: Method) {
        let url = format!("{}/manifests/{tag}", self.base());
        if self.seen.insert(format!("{} {url}", method.as_str())) {
            let mut r = self.new_request(url, Purpose::CosignTag { tag }, None, 1);
            r.method = method;
            self.queue.push_back(r);
        }
    }

    /// A page of the tag list: its cosign tags of the subjects known so far are fetched; later
    /// subjects are matched when they come.
    fn on_tag_list(&mut self, body: &[u8]) {
        let page: Vec<String> = json::parse(body)
            .ok()
            .and_then(|v| {
                v.get("tags").and_then(Json::array).map(|tags| {
                    tags.iter()
                        .filter_map(Json::str)
                        .filter(|t| cosign::tag(t).is_some())
                        .map(str::to_string)
                        .collect()
                })
            })
            .unwrap_or_default();
        let mut wanted = Vec::new();
        for t in &page {
            if let Some((d, _)) = cosign::tag(t) {
                if self.cosign_subjects.contains(&d) {
                    wanted.push(t.clone());
                }
            }
        }
        match &mut self.tags {
            TagList::Listed(all) => all.extend(page),
            _ => self.tags = TagList::Listed(page.into_iter().collect()),
        }
        for t in wanted {
            self.push_cosign_tag(t, Method::Get);
        }
    }

    /// The tag list could not be read (denied, absent, blocked): each subject's cosign tags are
    /// asked for with `HEAD`. Not a finding: listing tags is a permission of its own.
    fn tag_list_refused(&mut self) {
        if matches!(self.tags, TagList::Listed(_)) {
            // A later page failed: what was listed stands.
            return;
        }
        self.tags = TagList::Refused;
        for d in self.cosign_subjects.clone() {
            for o in Object::ALL {
                self.push_cosign_tag(cosign::tag_of(&d, o), Method::Head);
            }
        }
    }

    fn report_limit(&mut self) {
        if self.limit_reported {
            return;
        }
        self.limit_reported = true;
        let n = self.options.max_requests;
        self.out.findings.push(
            Finding::new(Code::FetchLimit, Text::new(
                    format!("The fetch stopped after {n} requests: the rest of the tree is shown as not provided."),
                    format!("{n} 件のリクエストで取得を打ち切りました。ツリーの残りは「未提供」として表示します。"),
                ),
            ),
        );
    }

    /// Hands back the response to `req`.
    pub fn on_response(&mut self, req: &Request, resp: Response) {
        if req.purpose == Purpose::Token {
            self.on_token(req, &resp);
            return;
        }
        // Both are asked only once the root manifest was read, with its credentials: a 401 or
        // 403 here is a refusal of this request, not a missing login.
        if req.purpose == Purpose::TagList && !(200..300).contains(&resp.status) {
            self.tag_list_refused();
            return;
        }
        if let (Purpose::CosignTag { tag }, Method::Head) = (&req.purpose, req.method) {
            match resp.status {
                200..=299 => self.push_cosign_tag(tag.clone(), Method::Get),
                // No such tag, or not ours to see: nothing of cosign's here. Not a finding.
                401 | 403 | 404 => {}
                _ => self.out.findings.extend(status_findings(req, &resp)),
            }
            return;
        }
        match resp.status {
            200..=299 => self.on_ok(req, resp),
            401 if !req.retried => self.on_unauthorized(req, &resp),
            // Credentials or a token were tried and refused.
            401 => self.unauthorized(req),
            // No referrers API (distribution 2.8, many registries): the fallback tag.
            404 if matches!(req.purpose, Purpose::Referrers { .. }) => self.referrers_fallback(req),
            // No fallback tag: nothing refers to this manifest. Not a finding.
            404 if matches!(req.purpose, Purpose::ReferrersTag { .. }) => {}
            _ => self.out.findings.extend(status_findings(req, &resp)),
        }
    }

    /// The referrers fallback tag `sha256-<hex>` of a referrers request's subject.
    fn referrers_fallback(&mut self, req: &Request) {
        if let Purpose::Referrers { subject } = &req.purpose {
            let tag = subject.replacen(':', "-", 1);
            let url = format!("{}/manifests/{tag}", self.base());
            if self.seen.insert(url.clone()) {
                let purpose = Purpose::ReferrersTag {
                    subject: subject.clone(),
                };
                let r = self.new_request(url, purpose, None, req.depth);
                self.queue.push_back(r);
            }
        }
    }

    fn on_unauthorized(&mut self, req: &Request, resp: &Response) {
        let challenges = resp
            .header("WWW-Authenticate")
            .map(protocol::parse_www_authenticate)
            .unwrap_or_default();
        let bearer = challenges.iter().find(|c| c.scheme == "bearer");
        let basic = challenges.iter().any(|c| c.scheme == "basic");
        let mut retry = req.clone();
        retry.retried = true;
        if let (Some(c), false) = (bearer, self.token_tried) {
            if let Some(url) = protocol::token_url(c, &self.reference.repository) {
                self.token_tried = true;
                let mut t = self.new_request(url, Purpose::Token, None, 0);
                if let Some((u, p)) = &self.options.credentials {
                    t.headers.push((
                        "Authorization".into(),
                        format!("Basic {}", protocol::basic_credentials(u, p)),
                    ));
                }
                self.queue.push_front(retry);
                self.queue.push_front(t);
                return;
            }
        }
        if basic && self.auth.is_none() {
            if let Some((u, p)) = &self.options.credentials {
                self.auth = Some(format!("Basic {}", protocol::basic_credentials(u, p)));
                self.queue.push_front(retry);
                return;
            }
        }
        self.unauthorized(req);
    }

    fn unauthorized(&mut self, req: &Request) {
        let with = self.options.credentials.is_some();
        let (en, ja) = if with {
            (
                "The registry refused the credentials given",
                "レジストリは指定された認証情報を拒否しました",
            )
        } else {
            (
                "The registry needs credentials for this repository",
                "このリポジトリにはレジストリの認証情報が必要です",
            )
        };
        self.out.findings.push(
            Finding::new(Code::FetchUnauthorized, Text::new(format!("{en} ({}).", req.url), format!("{ja}（{}）。", req.url)),
            )
            .with_fix(Text::new(
                "Check the repository name, then give a username and a password or token (`ocilens fetch --user NAME`, or OCILENS_USERNAME / OCILENS_PASSWORD). Or pull on a logged-in machine and paste `docker buildx imagetools inspect --raw REF`.",
                "リポジトリ名を確認し、ユーザー名とパスワードまたはトークンを指定してください（`ocilens fetch --user NAME`、または OCILENS_USERNAME / OCILENS_PASSWORD）。ログイン済みのマシンで `docker buildx imagetools inspect --raw REF` を実行して貼り付ける方法もあります。",
            )),
        );
    }

    fn on_token(&mut self, req: &Request, resp: &Response) {
        let token = (200..300)
            .contains(&resp.status)
            .then(|| protocol::parse_token_response(&resp.body))
            .flatten();
        match token {
            Some(t) => self.auth = Some(format!("Bearer {t}")),
            None => {
                // The retried request would only fail again.
                if let Some(pos) = self.queue.iter().position(|r| r.retried) {
                    if let Some(r) = self.queue.remove(pos) {
                        self.unauthorized(&r);
                    }
                }
                self.out.findings.push(Finding::new(
                    Code::FetchToken,
                    Text::new(
                        format!(
                            "The token service answered HTTP {} without a token ({}).",
                            resp.status, req.url
                        ),
                        format!(
                            "トークンサービスは HTTP {} を返し、トークンがありませんでした（{}）。",
                            resp.status, req.url
                        ),
                    ),
                ));
            }
        }
    }

    fn on_ok(&mut self, req: &Request, resp: Response) {
        if resp.body.len() as u64 > req.max_bytes {
            self.on_failure(
                req,
                Failure::TooLarge {
                    bytes: Some(resp.body.len() as u64),
                },
            );
            return;
        }
        if let Some(next) = resp
            .header("Link")
            .and_then(|l| protocol::link_next(l, protocol::origin_of(&req.url)))
        {
            if self.seen.insert(next.clone()) {
                let mut r = self.new_request(next, req.purpose.clone(), None, req.depth);
                r.digest = None;
                self.queue.push_back(r);
            }
        }
        if req.purpose == Purpose::TagList {
            self.on_tag_list(&resp.body);
            return;
        }
        let computed = crate::verify::digest::Digest::sha256(&resp.body);
        // A manifest fetched by its cosign tag is known by that tag (the tree moves it under
        // the manifest the tag names).
        let reference = match &req.purpose {
            Purpose::CosignTag { tag } => Some(
                Reference {
                    tag: Some(tag.clone()),
                    digest: None,
                    ..self.reference.clone()
                }
                .to_string(),
            ),
            Purpose::Manifest if req.depth == 0 => self.out.reference.clone(),
            _ => None,
        };
        let origin = Origin {
            reference,
            requested_digest: req.digest.clone(),
            docker_content_digest: resp.header("Docker-Content-Digest").map(str::to_string),
            content_type: resp
                .header("Content-Type")
                .map(|c| c.split(';').next().unwrap_or(c).trim().to_string())
                .filter(|c| !c.is_empty() && c != "application/octet-stream"),
        };
        let parsed = json::parse(&resp.body).ok();
        // A referrers list is the registry's answer of the moment, not content: its entries are
        // fetched and hang under their subject. So is the fallback tag's index, which clients
        // rewrite as they push: drawn, it would be a second root listing the same referrers.
        if let (Purpose::Referrers { .. } | Purpose::ReferrersTag { .. }, Some(v)) =
            (&req.purpose, &parsed)
        {
            self.walk(v, &computed, req);
            return;
        }
        self.out.inputs.push(Input {
            name: req.url.clone(),
            bytes: resp.body,
            origin: Some(origin),
            file: false,
            streamed: None,
            listing: None,
        });
        let Some(v) = parsed else { return };
        if req.purpose == Purpose::Blob {
            return;
        }
        // What this document is known by: the digest it was requested by, else its own.
        let own = req.digest.clone().unwrap_or(computed.into());
        self.walk(&v, &own, req);
    }

    fn walk(&mut self, v: &Json, own: &str, req: &Request) {
        let depth = req.depth + 1;
        let deeper = depth <= self.options.max_depth;
        let is_referrers_list = matches!(
            req.purpose,
            Purpose::Referrers { .. } | Purpose::ReferrersTag { .. }
        );
        // What cosign may have signed: the root and the manifests it lists.
        let signable = req.purpose == Purpose::Manifest && req.depth <= 1;
        if let Some(entries) = v.get("manifests").and_then(Json::array) {
            for e in entries {
                let Some(d) = e
                    .get_str("digest")
                    .filter(|d| crate::verify::digest::Digest::parse(d).is_ok())
                else {
                    continue;
                };
                let mt = e.get_str("mediaType").unwrap_or("");
                let fetchable = mt.is_empty() || ACCEPT_MANIFESTS.contains(&mt);
                let size_ok = e
                    .get_u64("size")
                    .is_none_or(|s| s <= self.options.max_manifest_bytes);
                let wanted = !is_referrers_list
                    || self
                        .options
                        .artifact_type
                        .as_deref()
                        .is_none_or(|t| e.get_str("artifactType") == Some(t));
                let attestation = e.get("annotations").and_then(|a| a.get_str(REFERENCE_TYPE))
                    == Some(ATTESTATION_MANIFEST);
                if attestation || is_referrers_list {
                    self.no_cosign.insert(d.to_string());
                }
                if fetchable && size_ok && deeper && wanted {
                    self.push_manifest(d, Some(d.to_string()), depth);
                }
            }
            if !is_referrers_list && req.depth == 0 {
                self.push_referrers(own, req.depth);
            }
            if signable {
                self.cosign_subject(own);
            }
            return;
        }
        if v.has("config") || v.has("layers") || v.has("blobs") {
            if let Some(c) = v.get("config") {
                self.maybe_blob(c, depth, true);
            }
            for l in v.get("layers").and_then(Json::array).unwrap_or_default() {
                self.maybe_blob(l, depth, false);
            }
            if signable {
                self.cosign_subject(own);
            }
            // A cosign tag's manifest is not asked for referrers of its own.
            if !is_referrers_list && !matches!(req.purpose, Purpose::CosignTag { .. }) {
                self.push_referrers(own, req.depth);
            }
        }
    }

    /// Configs (JSON) and in-toto layers only: never image layers.
    fn maybe_blob(&mut self, d: &Json, depth: usize, config: bool) {
        let Some(digest) = d
            .get_str("digest")
            .filter(|x| crate::verify::digest::Digest::parse(x).is_ok())
        else {
            return;
        };
        let mt = d.get_str("mediaType").unwrap_or("");
        let json_type = mt.ends_with("json") || mt.contains("+json");
        // Layers only when small documents ocilens decodes: in-toto statements, DSSE envelopes,
        // signatures (simplesigning payloads, Sigstore bundles, JWS and COSE envelopes).
        let wanted = if config {
            mt.is_empty() || json_type
        } else {
            mt == IN_TOTO
                || mt == DSSE
                || mt == "application/cose"
                || (json_type
                    && knowledge::lookup(mt).is_some_and(|m| m.role == knowledge::Role::Signature))
        };
        // `data` carries the content already (the empty descriptor usually does).
        let size = d.get_u64("size");
        let small = size.is_none_or(|s| s <= self.options.max_blob_bytes);
        if wanted && small && !d.has("data") && depth <= self.options.max_depth + 1 {
            self.push_blob(digest, depth);
        } else if wanted && !small {
            let s = size.unwrap_or(0);
            let cap = self.options.max_blob_bytes;
            self.out.findings.push(Finding::new(Code::FetchTooLarge, Text::new(
                    format!("Not fetched: {digest} is {s} bytes, over the {cap}-byte limit for blobs; it is shown as not provided."),
                    format!("{digest} は {s} バイトで、blob の上限 {cap} バイトを超えるため取得しませんでした。「未提供」として表示します。"),
                ),
            ));
        }
    }

    /// Hands back a request that got no response.
    pub fn on_failure(&mut self, req: &Request, failure: Failure) {
        // The referrers API is optional: a registry without it may answer its unknown route
        // without CORS headers (distribution 2.8 does), which a browser reports as a failure.
        if matches!(req.purpose, Purpose::Referrers { .. }) {
            self.referrers_fallback(req);
            return;
        }
        if req.purpose == Purpose::TagList {
            self.tag_list_refused();
            return;
        }
        let f = failure_finding(req, failure, Some(&self.reference));
        let at_root = req.depth == 0 && req.purpose == Purpose::Manifest;
        self.out.findings.push(f);
        if at_root {
            // Nothing else can be learnt without the root.
            self.queue.clear();
        }
    }

    pub fn finish(mut self) -> Fetched {
        self.out.requests = self.made;
        self.out
    }
}

/// The finding for a request that got no response (`reference`: what a registry walk is
/// for, to say what to run instead when the browser blocks it).
pub fn failure_finding(req: &Request, failure: Failure, reference: Option<&Reference>) -> Finding {
    match failure {
        Failure::Network(msg) => Finding::new(Code::FetchFailed, Text::new(
                format!("{} {} failed: {msg}.", req.method.as_str(), req.url),
                format!("{} {} に失敗しました: {msg}。", req.method.as_str(), req.url),
            ),
        )
        .with_fix(Text::new(
            "Check the registry's address and that it is reachable; for a local registry on plain HTTP, use `--insecure-http`.",
            "レジストリのアドレスと到達できるかを確認してください。HTTP のローカルレジストリなら `--insecure-http` を使ってください。",
        )),
        Failure::Timeout { seconds } => Finding::new(Code::FetchTimeout, Text::new(
                format!("{} {} got no answer within {seconds} s.", req.method.as_str(), req.url),
                format!("{} {} は {seconds} 秒以内に応答がありませんでした。", req.method.as_str(), req.url),
            ),
        )
        .with_fix(Text::new(
            "The registry is slow or unreachable: try again later, or run the command on a machine that can reach it and paste the output.",
            "レジストリが遅いか到達できません。時間をおいて再試行するか、到達できるマシンでコマンドを実行して出力を貼り付けてください。",
        )),
        Failure::Cors => cors_finding(reference, &req.url),
        Failure::TooLarge { bytes } => {
            let cap = req.max_bytes;
            let size = bytes.map_or_else(String::new, |b| format!(" ({b} bytes)"));
            Finding::new(Code::FetchTooLarge, Text::new(
                    format!("Refused: {}{size} is larger than the {cap}-byte limit (manifests are at most 4 MiB by the distribution spec's guidance); it is shown as not provided.", req.url),
                    format!("{}{size} は上限 {cap} バイトを超えるため読み込みませんでした（distribution の仕様ではマニフェストは 4 MiB まで）。「未提供」として表示します。", req.url),
                ),
            )
        }
    }
}

/// Findings for a non-2xx answer: the distribution errors in its body (or the bare status),
/// naming the request.
pub fn status_findings(req: &Request, resp: &Response) -> Vec<Finding> {
    let body = json::parse(&resp.body).ok();
    let mut fs = crate::read::curl::registry_error_findings(resp.status, body.as_ref());
    for f in &mut fs {
        f.message = Text::new(
            format!("{} ({} {})", f.message.en, req.method.as_str(), req.url),
            format!("{}（{} {}）", f.message.ja, req.method.as_str(), req.url),
        );
    }
    fs
}

/// The page could not read a registry's answer: the browser's CORS rule, explained.
pub fn cors_finding(reference: Option<&Reference>, url: &str) -> Finding {
    let Some(reference) = reference else {
        // A document by URL, not a registry walk.
        return Finding::new(Code::FetchCors, Text::new(
                format!("The browser did not let this page read {url}: the server sends no CORS headers (`Access-Control-Allow-Origin`)."),
                format!("ブラウザーはこのページに {url} の読み取りを許しませんでした。サーバーが CORS ヘッダー（`Access-Control-Allow-Origin`）を返していません。"),
            ),
        )
        .with_fix(Text::new(
            "Download the document another way (curl, your browser) and paste it or drop the file here.",
            "別の方法（curl やブラウザー）でドキュメントを取得し、ここに貼り付けるかファイルをドロップしてください。",
        ));
    };
    let r = reference.to_string();
    let hub = reference.registry == "docker.io";
    let who_en = if hub {
        "Docker Hub's registry sends no CORS headers, so no web page can read it (docker/roadmap#667)."
    } else {
        "This registry does not send CORS headers (`Access-Control-Allow-Origin`) for this page, so the browser hides its answer."
    };
    let who_ja = if hub {
        "Docker Hub のレジストリは CORS ヘッダーを返さないため、どの Web ページからも読めません（docker/roadmap#667）。"
    } else {
        "このレジストリはこのページ向けの CORS ヘッダー（`Access-Control-Allow-Origin`）を返さないため、ブラウザーが応答を隠します。"
    };
    Finding::new(Code::FetchCors, Text::new(
            format!("The browser did not let this page read {url}. {who_en} Nothing is wrong with the image."),
            format!("ブラウザーはこのページに {url} の読み取りを許しませんでした。{who_ja}イメージに問題があるわけではありません。"),
        ),
    )
    .with_fix(Text::new(
        format!("Run one of these where Docker or the tool is installed and paste the output here: `docker buildx imagetools inspect --raw {r}`, `crane manifest {r}`, `regctl manifest get {r} --format raw-body`. Or, if you run a CORS proxy, set its prefix in the fetch settings."),
        format!("Docker やツールが入った環境で次のいずれかを実行し、出力をここに貼り付けてください: `docker buildx imagetools inspect --raw {r}`、`crane manifest {r}`、`regctl manifest get {r} --format raw-body`。CORS プロキシを運用している場合は、取得設定でそのプレフィックスを指定してください。"),
    ))
}
