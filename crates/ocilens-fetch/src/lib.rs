//! The page's registry fetch, as its own wasm module: the page imports it only when the user
//! asks to fetch (it costs about 25 KB gzip, which the page's 250 KB budget cannot carry for a
//! feature most visits never use). It returns bytes and what is known of them; the page's own
//! module analyses them, so a fetch and a paste of the same bytes give the same analysis.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

mod fetcher;

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn opt(s: &Option<String>) -> JsValue {
    s.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

/// Fetches the tree of `target` (a reference, or the `https://` URL of a JSON document) and
/// resolves to `{inputs: [{name, bytes, reference, requestedDigest, dockerContentDigest,
/// contentType}], findings: [{code, severity, en, ja, fixEn, fixJa}], requests}`. Never rejects:
/// failures are findings. `on_progress(done, total, url)` is called before each request.
/// Credentials are used for this fetch only and kept nowhere.
#[wasm_bindgen(js_name = fetchTree)]
#[allow(clippy::too_many_arguments)]
pub async fn fetch_tree(
    target: String,
    insecure_http: bool,
    cors_proxy: Option<String>,
    username: Option<String>,
    password: Option<String>,
    timeout_ms: i32,
    on_progress: Option<js_sys::Function>,
) -> JsValue {
    let settings = fetcher::Settings {
        cors_proxy,
        insecure_http,
        credentials: username
            .filter(|u| !u.is_empty())
            .map(|u| (u, password.unwrap_or_default())),
        timeout_ms,
    };
    let cancel = fetcher::Cancel::default();
    RUNNING.with(|r| *r.borrow_mut() = Some(cancel.clone()));
    let fetched = match fetcher::target(&target) {
        Ok(t) => {
            fetcher::run(t, &settings, &cancel, |done, total, url| {
                if let Some(f) = &on_progress {
                    let _ = f.call3(
                        &JsValue::NULL,
                        &JsValue::from(done as u32),
                        &JsValue::from(total as u32),
                        &JsValue::from_str(url),
                    );
                }
            })
            .await
        }
        Err(f) => ocilens_core::fetch::Fetched {
            findings: vec![*f],
            ..Default::default()
        },
    };
    RUNNING.with(|r| *r.borrow_mut() = None);
    let out = Object::new();
    let inputs = Array::new();
    for i in &fetched.inputs {
        let o = Object::new();
        set(&o, "name", &JsValue::from_str(&i.name));
        set(&o, "bytes", &Uint8Array::from(i.bytes.as_slice()));
        let origin = i.origin.clone().unwrap_or_default();
        set(&o, "reference", &opt(&origin.reference));
        set(&o, "requestedDigest", &opt(&origin.requested_digest));
        set(
            &o,
            "dockerContentDigest",
            &opt(&origin.docker_content_digest),
        );
        set(&o, "contentType", &opt(&origin.content_type));
        inputs.push(&o);
    }
    let findings = Array::new();
    for f in &fetched.findings {
        let o = Object::new();
        set(&o, "code", &JsValue::from_str(f.code.id()));
        set(&o, "severity", &JsValue::from_str(f.severity.id()));
        set(&o, "en", &JsValue::from_str(&f.message.en));
        set(&o, "ja", &JsValue::from_str(&f.message.ja));
        set(&o, "fixEn", &opt(&f.fix.as_ref().map(|t| t.en.clone())));
        set(&o, "fixJa", &opt(&f.fix.as_ref().map(|t| t.ja.clone())));
        findings.push(&o);
    }
    set(&out, "inputs", &inputs);
    set(&out, "findings", &findings);
    set(&out, "requests", &JsValue::from(fetched.requests as u32));
    out.into()
}

thread_local! {
    /// The fetch `fetchTree` is running, for `cancelFetch`.
    static RUNNING: std::cell::RefCell<Option<fetcher::Cancel>> = const { std::cell::RefCell::new(None) };
}

/// Cancels the running `fetchTree`: it resolves with what came so far and a `fetch-cancelled`
/// finding.
#[wasm_bindgen(js_name = cancelFetch)]
pub fn cancel_fetch() {
    RUNNING.with(|r| {
        if let Some(c) = r.borrow().as_ref() {
            c.cancel();
        }
    });
}
