//! The wire between the page's module and the modules it imports on first use (the registry
//! fetch, the pull simulator, the explanations): two wasm modules cannot share Rust values, so what crosses is a
//! plain JS object. Both sides use this crate's functions to write and read it, so the shape is
//! defined once and cannot drift.
//!
//! - [`FetchRequest`]: `{target, insecureHttp, corsProxy, username, password, timeoutMs,
//!   onProgress}`, the options object `fetchTree` takes.
//! - [`write_fetched`] / [`read_fetched`]: `{inputs: [{name, bytes, reference, requestedDigest,
//!   dockerContentDigest, contentType}], findings: [{code, severity, en, ja, fixEn, fixJa}],
//!   requests}`, what `fetchTree` resolves to.
//! - [`SimRequest`] / [`Simulation`]: what `simulatePull` takes and returns (see [`simulate`]).
//! - [`ExplainRequest`] / [`Explanations`]: what `explain` takes and returns (see [`explain`]).
//! - [`events`]: the `detail` of an `<oci-lens>` element's events, for the docs page around it.

use js_sys::{Array, Object, Reflect};
use ocilens_core::Text;
use wasm_bindgen::JsValue;

pub mod events;
pub mod explain;
mod fetch;
pub mod simulate;

pub use explain::{ExplainRequest, Explanations};
pub use fetch::{read_fetched, write_fetched, FetchRequest};
pub use simulate::{SimRequest, Simulation};

pub(crate) fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

pub(crate) fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn get_str(o: &JsValue, k: &str) -> Option<String> {
    get(o, k).as_string()
}

pub(crate) fn opt(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// A text in both languages, as `{en, ja}`.
pub(crate) fn text(t: &Text) -> JsValue {
    let o = Object::new();
    set(&o, "en", &JsValue::from_str(&t.en));
    set(&o, "ja", &JsValue::from_str(&t.ja));
    o.into()
}

/// Reads `{en, ja}`; `None` when `t` is no such object.
pub(crate) fn read_text(t: &JsValue) -> Option<Text> {
    let en = get_str(t, "en")?;
    Some(Text::new(en, get_str(t, "ja").unwrap_or_default()))
}

/// Reads `{en, ja}` at key `k`.
pub(crate) fn get_text(o: &JsValue, k: &str) -> Option<Text> {
    read_text(&get(o, k))
}

pub(crate) fn opt_text(t: Option<&Text>) -> JsValue {
    t.map_or(JsValue::NULL, text)
}

/// A list of strings, as an array.
pub(crate) fn strings(v: &[String]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

/// The strings of an array; what is not one is left out (nothing, for a non-array).
pub(crate) fn read_strings(v: &JsValue) -> Vec<String> {
    if !Array::is_array(v) {
        return Vec::new();
    }
    Array::from(v)
        .iter()
        .filter_map(|s| s.as_string())
        .collect()
}
