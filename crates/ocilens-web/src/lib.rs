//! The ocilens page and the wasm API for embedders: a thin layer over `ocilens-core`.
//!
//! `analyze` is the embedders' door (JSON in the shape of docs/json-output.md); `start` mounts
//! the page. The page is split like todomvc: `state` (what is shown), `view` (DOM building, text
//! only: user data never becomes HTML), `controller` (events). Beside them: `diagram` (the tree
//! as SVG, and its export), `examples` (the gallery of real captures served from `examples/`),
//! `share` (the view in the URL fragment), `js` (storage, timers, promises, clipboard).

use wasm_bindgen::prelude::*;

mod controller;
mod diagram;
mod examples;
#[cfg(feature = "fetch")]
mod fetcher;
mod js;
mod share;
mod state;
mod view;

/// Analyses a pasted text and returns the analysis as a JSON string (docs/json-output.md).
/// `lang` is `en` or `ja` (anything else: English). Never throws for bad input: bad input is
/// reported as findings.
#[wasm_bindgen]
pub fn analyze(text: &str, lang: &str) -> String {
    let lang = ocilens_core::Lang::parse(lang).unwrap_or_default();
    let analysis = ocilens_core::analyze_text("paste", text);
    ocilens_core::output::to_json(&analysis, lang).to_string()
}

/// Analyses several files as one analysis (a manifest with its parent index, an OCI layout's
/// files named by their relative paths). Returns the same JSON as [`analyze`].
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(names: Vec<String>, contents: Vec<js_sys::Uint8Array>, lang: &str) -> String {
    let lang = ocilens_core::Lang::parse(lang).unwrap_or_default();
    let inputs: Vec<ocilens_core::Input> = names
        .into_iter()
        .zip(contents)
        .map(|(name, bytes)| ocilens_core::Input::new(name, bytes.to_vec()))
        .collect();
    let analysis = ocilens_core::analyze(&inputs);
    ocilens_core::output::to_json(&analysis, lang).to_string()
}

/// Mounts the page when the module loads (not when it is imported by an embedder's bundle that
/// has no `#ocilens` element).
#[wasm_bindgen(start)]
pub fn start() {
    controller::install_panic_hook();
    if let Err(e) = controller::mount() {
        web_sys::console::error_1(&e);
    }
}

/// Fetches an image's whole tree from a registry (or one JSON document by `https://` URL) and
/// resolves to the analysis JSON (docs/json-output.md), with the fetch's own findings
/// (`fetch-cors`, `fetch-unauthorized`, ...). Credentials, when given, are used for this fetch
/// only and kept nowhere. Never rejects: failures are findings.
#[cfg(feature = "fetch")]
#[wasm_bindgen(js_name = fetchReference)]
pub async fn fetch_reference(
    target: String,
    lang: String,
    insecure_http: bool,
    cors_proxy: Option<String>,
    username: Option<String>,
    password: Option<String>,
) -> String {
    let lang = ocilens_core::Lang::parse(&lang).unwrap_or_default();
    let settings = fetcher::Settings {
        cors_proxy,
        insecure_http,
        credentials: username
            .filter(|u| !u.is_empty())
            .map(|u| (u, password.unwrap_or_default())),
        timeout_ms: 20_000,
    };
    let cancel = fetcher::Cancel::default();
    RUNNING.with(|r| *r.borrow_mut() = Some(cancel.clone()));
    let fetched = match fetcher::target(&target) {
        Ok(t) => fetcher::run(t, &settings, &cancel, |_, _, _| {}).await,
        Err(f) => ocilens_core::fetch::Fetched {
            findings: vec![*f],
            ..Default::default()
        },
    };
    fetcher::to_json(&fetched, lang)
}

#[cfg(feature = "fetch")]
thread_local! {
    /// The fetch `fetchReference` is running, for `cancelFetch`.
    static RUNNING: std::cell::RefCell<Option<fetcher::Cancel>> = const { std::cell::RefCell::new(None) };
}

/// Cancels the running `fetchReference`: it resolves with what came so far and a
/// `fetch-cancelled` finding.
#[cfg(feature = "fetch")]
#[wasm_bindgen(js_name = cancelFetch)]
pub fn cancel_fetch() {
    RUNNING.with(|r| {
        if let Some(c) = r.borrow().as_ref() {
            c.cancel();
        }
    });
}
