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
mod fetch_panel;
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
    ocilens_core::present::json::to_json(&analysis, lang).to_string()
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
    ocilens_core::present::json::to_json(&analysis, lang).to_string()
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
