//! Small browser helpers: local storage, timers, promises (fetch of the bundled examples, file
//! reading, the clipboard). No data ever goes anywhere but this page's own origin.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, File, Response, Storage, Window};

#[wasm_bindgen(
    inline_js = "const m = {}; let base; export function set_base(b) { base = b; } export function import_module(n) { const b = base || document.baseURI; const own = globalThis.ocilensModules?.[n]; return m[n] ||= (own ? own() : import(new URL(n + '.js', b).href).then((x) => x.default({ module_or_path: new URL(n + '_bg.wasm', b) }).then(() => x))).catch((e) => { delete m[n]; throw e; }); }"
)]
extern "C" {
    fn import_module(name: &str) -> Promise;
    /// Where the on-demand modules are (an `<oci-lens>` on a docs page: beside its own
    /// module); the page's own folder when never set.
    pub fn set_base(url: &str);
}

/// Imports and starts one of the page's on-demand modules (`ocilens-fetch`,
/// `ocilens-simulator`, `ocilens-explain`), once: its exports. A failed import is tried again
/// next time. A page that carries the modules itself (the single file `ocilens.html`) names
/// them in `globalThis.ocilensModules` (for each, a function resolving to its started exports).
async fn module(name: &str) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(import_module(name)).await
}

/// Calls the export `name` of the on-demand module `module` (imported the first time) with
/// `arg`: what it returns.
pub async fn ask(module: &str, name: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let m = self::module(module).await?;
    js_sys::Reflect::get(&m, &JsValue::from_str(name))?
        .dyn_into::<js_sys::Function>()?
        .call1(&JsValue::NULL, arg)
}

/// A rejection's message (an `Error`'s, or the value itself when it is a string).
pub fn reason(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_default()
}

pub fn window() -> Option<Window> {
    web_sys::window()
}

pub fn document() -> Result<Document, JsValue> {
    window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

fn storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a value; whether it was stored (a full or disabled storage is not worth an error).
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Runs `f` once after `ms` milliseconds.
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

/// Times a step with the User Timing API: `measure` spans from `mark(start)` to now, so the
/// browser's performance panel (and `tests/e2e/bench.mjs`) can tell ocilens' own time apart.
pub fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

pub fn measure(name: &str, start: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// Waits for a promise.
pub async fn wait(p: Promise) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(p).await
}

fn all(promises: Vec<Promise>) -> Promise {
    let arr: Array = promises.into_iter().collect();
    Promise::all(&arr)
}

/// Fetches same-origin files as text, in order.
pub async fn fetch_texts(urls: Vec<String>) -> Result<Vec<String>, String> {
    let w = window().ok_or("no window")?;
    let fetches = urls.iter().map(|u| w.fetch_with_str(u)).collect();
    let responses = wait(all(fetches)).await.map_err(|e| reason(&e))?;
    let responses: Vec<Response> = Array::from(&responses)
        .iter()
        .filter_map(|r| r.dyn_into::<Response>().ok())
        .collect();
    if let Some(bad) = responses.iter().find(|r| !r.ok()) {
        return Err(format!("{} {}", bad.status(), bad.url()));
    }
    let texts = responses.iter().filter_map(|r| r.text().ok()).collect();
    let texts = wait(all(texts)).await.map_err(|e| reason(&e))?;
    Ok(Array::from(&texts)
        .iter()
        .map(|t| t.as_string().unwrap_or_default())
        .collect())
}

/// Reads files as bytes, in order: `(name, bytes)`.
pub async fn read_files(files: Vec<(String, File)>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let reads = files.iter().map(|(_, f)| f.array_buffer()).collect();
    let buffers = wait(all(reads)).await.map_err(|e| reason(&e))?;
    Ok(Array::from(&buffers)
        .iter()
        .zip(files)
        .map(|(b, (n, _))| (n, Uint8Array::new(&b).to_vec()))
        .collect())
}

/// Copies text to the clipboard; whether it worked.
pub async fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    wait(w.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}
