//! Fetching in the page: the core's planner decides every request, the browser's `fetch` (through
//! gloo-net, which costs this module 2.6 KB gzip, 4%) carries them. Only to the registry (or URL)
//! the user typed, or through the CORS proxy prefix they set; credentials live in memory for one fetch and go only into `Authorization`
//! headers, never into the URL, the share link, storage or logs.

use std::cell::Cell;
use std::rc::Rc;

use ocilens_core::fetch::{self, Failure, Fetched, Options, Planner, Request, Response};
use ocilens_core::findings::{Code, Finding};
use ocilens_core::{Input, Text};
use wasm_bindgen::JsCast;

/// What the user set for one fetch.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Prepended to every URL (`https://proxy.example/?u=`), for users who run a CORS proxy.
    pub cors_proxy: Option<String>,
    pub insecure_http: bool,
    pub credentials: Option<(String, String)>,
    pub timeout_ms: i32,
}

/// Cancels a running fetch: between requests, and the request in flight.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    cancelled: Rc<Cell<bool>>,
    current: Rc<std::cell::RefCell<Option<web_sys::AbortController>>>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(c) = self.current.borrow().as_ref() {
            c.abort();
        }
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// What the fetch field holds: an image reference, or the `https://` URL of a JSON document.
pub enum Target {
    Reference(fetch::Reference),
    Url(String),
}

/// Reads the fetch field. A bad reference is a finding, in both languages.
pub fn target(s: &str) -> Result<Target, Box<Finding>> {
    let s = s.trim();
    if s.starts_with("https://") || s.starts_with("http://") {
        return Ok(Target::Url(s.to_string()));
    }
    fetch::parse_reference(s).map(Target::Reference).map_err(|e| {
        Box::new(Finding::new(Code::ReferenceInvalid, e.text).with_fix(Text::new(
            "Type a reference such as `alpine:3.20`, `ghcr.io/OWNER/IMAGE:TAG` or `localhost:5000/repo@sha256:...`, or the https:// URL of a JSON document.",
            "`alpine:3.20`、`ghcr.io/OWNER/IMAGE:TAG`、`localhost:5000/repo@sha256:...` のような参照か、JSON ドキュメントの https:// URL を入力してください。",
        )))
    })
}

/// Fetches a whole tree (or one URL) and returns what came, with the fetch's findings.
pub async fn run(
    target: Target,
    settings: &Settings,
    cancel: &Cancel,
    mut progress: impl FnMut(usize, usize, &str),
) -> Fetched {
    match target {
        Target::Url(url) => {
            let req = Request::url(&url);
            let mut out = Fetched::default();
            progress(0, 1, &url);
            match call(&req, settings, cancel).await {
                Ok(resp) if (200..300).contains(&resp.status) => {
                    out.inputs.push(Input::new(url, resp.body));
                }
                Ok(resp) => out.findings.extend(fetch::status_findings(&req, &resp)),
                Err(f) => out.findings.push(fetch::failure_finding(&req, f, None)),
            }
            out.requests = 1;
            out
        }
        Target::Reference(reference) => {
            // Like Docker, a registry on this machine speaks plain HTTP.
            let options = Options {
                insecure_http: settings.insecure_http || reference.is_loopback(),
                credentials: settings.credentials.clone(),
                ..Options::default()
            };
            let mut planner = Planner::new(reference, options);
            while let Some(req) = planner.next_request() {
                if cancel.is_cancelled() {
                    break;
                }
                let (done, queued) = planner.progress();
                progress(done, done + queued, &req.url);
                match call(&req, settings, cancel).await {
                    Ok(resp) => planner.on_response(&req, resp),
                    Err(_) if cancel.is_cancelled() => break,
                    Err(f) => planner.on_failure(&req, f),
                }
            }
            let mut out = planner.finish();
            if cancel.is_cancelled() {
                out.findings.push(Finding::new(Code::FetchCancelled, Text::new(
                        "The fetch was cancelled: what came so far is shown; the rest is not provided.",
                        "取得を中止しました。それまでに届いた分を表示し、残りは「未提供」になります。",
                    ),
                ));
            }
            out
        }
    }
}

/// Whether `url` is on another origin than the page (a failed cross-origin read is CORS).
fn cross_origin(url: &str) -> bool {
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    fetch::protocol::origin_of(url) != page
}

async fn call(req: &Request, settings: &Settings, cancel: &Cancel) -> Result<Response, Failure> {
    let url = match settings.cors_proxy.as_deref().filter(|p| !p.is_empty()) {
        Some(prefix) => format!("{prefix}{}", req.url),
        None => req.url.clone(),
    };
    let controller = web_sys::AbortController::new()
        .map_err(|_| Failure::Network("no AbortController".into()))?;
    *cancel.current.borrow_mut() = Some(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let timeout_ms = if settings.timeout_ms > 0 {
        settings.timeout_ms
    } else {
        20_000
    };
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        });
        web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), timeout_ms)
                .ok()
        })
    };
    let clear = || {
        if let (Some(w), Some(t)) = (web_sys::window(), timer) {
            w.clear_timeout_with_handle(t);
        }
    };
    let fail = |e: gloo_net::Error| -> Failure {
        let (name, message) = match e {
            gloo_net::Error::JsError(j) => (j.name, j.message),
            other => (String::new(), other.to_string()),
        };
        if timed_out.get() {
            Failure::Timeout {
                seconds: (timeout_ms / 1000) as u64,
            }
        } else if cross_origin(&url) && name != "AbortError" {
            // Browsers report a CORS refusal as an opaque network error.
            Failure::Cors
        } else {
            Failure::Network(if message.is_empty() {
                "the request failed".into()
            } else {
                message
            })
        }
    };
    let sent = send(req.method, &url, &req.headers, &controller.signal()).await;
    let resp = match sent {
        Ok(r) => r,
        Err(e) => {
            clear();
            return Err(fail(e));
        }
    };
    let status = resp.status();
    let headers: Vec<(String, String)> = resp.headers().entries().collect();
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.parse::<u64>().ok());
    if (200..300).contains(&status) && declared.is_some_and(|n| n > req.max_bytes) {
        clear();
        controller.abort();
        return Err(Failure::TooLarge { bytes: declared });
    }
    let body = resp.binary().await;
    clear();
    let body = body.map_err(fail)?;
    if body.len() as u64 > req.max_bytes {
        return Err(Failure::TooLarge {
            bytes: Some(body.len() as u64),
        });
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

async fn send(
    method: fetch::Method,
    url: &str,
    headers: &[(String, String)],
    signal: &web_sys::AbortSignal,
) -> Result<gloo_net::http::Response, gloo_net::Error> {
    let mut r = match method {
        fetch::Method::Get => gloo_net::http::Request::get(url),
        fetch::Method::Head => {
            gloo_net::http::RequestBuilder::new(url).method(gloo_net::http::Method::HEAD)
        }
    }
    .abort_signal(Some(signal));
    for (k, v) in headers {
        r = r.header(k, v);
    }
    r.send().await
}
