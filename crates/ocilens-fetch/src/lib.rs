//! The page's registry fetch, as its own wasm module: the page imports it only when the user
//! asks to fetch (it costs about 65 KB gzip, which the page's 200 KiB budget cannot carry for a
//! feature most visits never use). It returns bytes and what is known of them; the page's own
//! module analyses them, so a fetch and a paste of the same bytes give the same analysis.

use wasm_bindgen::prelude::*;

mod fetcher;

/// Fetches the tree of `options.target` (a reference, or the `https://` URL of a JSON document)
/// and resolves to the fetch result; both are the shapes of `ocilens-wire`. Never rejects:
/// failures are findings. `options.onProgress(done, total, url)` is called before each
/// request. Credentials are used for this fetch only and kept nowhere.
#[wasm_bindgen(js_name = fetchTree)]
pub async fn fetch_tree(options: JsValue) -> JsValue {
    let r = ocilens_wire::FetchRequest::from_js(&options);
    let settings = fetcher::Settings {
        cors_proxy: r.cors_proxy,
        insecure_http: r.insecure_http,
        credentials: r.username.map(|u| (u, r.password.unwrap_or_default())),
        timeout_ms: r.timeout_ms,
    };
    let cancel = fetcher::Cancel::default();
    RUNNING.with(|c| *c.borrow_mut() = Some(cancel.clone()));
    let fetched = match fetcher::target(&r.target) {
        Ok(t) => {
            fetcher::run(t, &settings, &cancel, |done, total, url| {
                if let Some(f) = &r.on_progress {
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
    RUNNING.with(|c| *c.borrow_mut() = None);
    ocilens_wire::write_fetched(&fetched)
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
