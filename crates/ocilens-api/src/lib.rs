//! The embedders' door to ocilens in wasm: bytes in, the stable JSON contract out
//! (docs/json-output.md), the same object `ocilens analyze --format json` prints.
//!
//! A module of its own (`ocilens-api.js` + `ocilens-api_bg.wasm` beside the page): the page
//! renders the core's typed model and never loads this, so its bundle carries no JSON
//! serialiser.

use ocilens_core::present::json::to_json_string;
use ocilens_core::{Input, Lang};
use wasm_bindgen::prelude::*;

/// Analyses a pasted text and returns the analysis as a JSON string (docs/json-output.md).
/// `lang` is `en` or `ja` (anything else: English). Never throws for bad input: bad input is
/// reported as findings.
#[wasm_bindgen]
pub fn analyze(text: &str, lang: &str) -> String {
    let lang = Lang::parse(lang).unwrap_or_default();
    to_json_string(&ocilens_core::analyze_text("paste", text), lang, false)
}

/// Analyses several files as one analysis (a manifest with its parent index, an OCI layout's
/// files named by their relative paths). Returns the same JSON as [`analyze`].
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(names: Vec<String>, contents: Vec<js_sys::Uint8Array>, lang: &str) -> String {
    let lang = Lang::parse(lang).unwrap_or_default();
    let inputs: Vec<Input> = names
        .into_iter()
        .zip(contents)
        .map(|(name, bytes)| Input::file(name, bytes.to_vec()))
        .collect();
    to_json_string(&ocilens_core::analyze(&inputs), lang, false)
}
