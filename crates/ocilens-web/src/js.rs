//! Small browser helpers: local storage, timers, promises (fetch of the bundled examples, file
//! reading, the clipboard). No data ever goes anywhere but this page's own origin.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, File, Response, Storage, Window};

#[wasm_bindgen(
    inline_js = "const m = {}; let base; export function set_base(b) { base = b; } export function base_url() { return base || document.baseURI; } export function import_module(n) { const b = base || document.baseURI; const own = globalThis.ocilensModules?.[n]; return m[n] ||= (own ? own() : import(new URL(n + '.js', b).href).then((x) => x.default({ module_or_path: new URL(n + '_bg.wasm', b) }).then(() => x))).catch((e) => { delete m[n]; throw e; }); }
let w, next = 0, busy; const queue = [];
function spawn() { const own = globalThis.ocilensWorker; w = own ? own() : new Worker(new URL('worker.js', base || document.baseURI), { type: 'module' }); w.onmessage = ({ data }) => { const job = busy; if (!job || job.id !== data.id) return; busy = undefined; if (data.error === undefined) job.resolve(data.bytes); else { restart(); job.reject(new Error(data.error)); } pump(); }; w.onerror = (e) => { e.preventDefault(); const err = new Error(e.message || 'the analysis worker could not start'); const jobs = busy ? [busy, ...queue.splice(0)] : queue.splice(0); busy = undefined; restart(); for (const j of jobs) j.reject(err); }; }
function worker() { if (!w) spawn(); return w; }
function restart() { if (w) w.terminate(); w = undefined; }
function pump() { if (busy || !queue.length) return; busy = queue.shift(); busy.started = performance.now(); try { worker().postMessage(busy.message, busy.transfer); } catch (e) { const j = busy; busy = undefined; j.reject(e); pump(); } }
export function analyse_in_worker(owner, message, transfer) { return new Promise((resolve, reject) => { message.id = ++next; queue.push({ owner, id: message.id, message, transfer, resolve, reject }); pump(); }); }
export function cancel_analysis(owner, all) { const c = new Error('cancelled'); for (let i = queue.length - 1; i >= 0; i--) if (queue[i].owner === owner) queue.splice(i, 1)[0].reject(c); if (busy && busy.owner === owner && (all || performance.now() - busy.started > 250)) { const j = busy; busy = undefined; restart(); j.reject(c); pump(); } }
export function start_worker() { worker().postMessage({ warm: true }); }
export function start_worker_on_first_use(root) { const kinds = ['pointerdown', 'focusin', 'keydown', 'dragenter']; const go = () => { for (const k of kinds) root.removeEventListener(k, go, true); start_worker(); }; for (const k of kinds) root.addEventListener(k, go, { capture: true, passive: true }); }"
)]
extern "C" {
    fn import_module(name: &str) -> Promise;
    /// Where the on-demand modules are (an `<oci-lens>` on a docs page: beside its own
    /// module); the page's own folder when never set.
    pub fn set_base(url: &str);
    /// Where the on-demand modules and workers are (see `set_base`).
    pub fn base_url() -> String;
    /// Queues `message` (with `transfer`'s buffers) for the analysis worker (`worker.js`,
    /// started the first time; a page carrying it itself names a factory in
    /// `globalThis.ocilensWorker`), for view `owner`: resolves to the analysis' bytes. The
    /// worker analyses one message at a time; one that failed is replaced.
    fn analyse_in_worker(owner: u32, message: &JsValue, transfer: &Array) -> Promise;
    /// Stops view `owner`'s queued analyses and its running one (they reject with `cancelled`):
    /// stopping a running one replaces the worker, so when `all` is false (a newer analysis
    /// supersedes it) one running for less than 250 ms is left to finish, and its answer is
    /// dropped.
    pub fn cancel_analysis(owner: u32, all: bool);
    /// Starts the analysis worker and its module now, so the first analysis does not wait for
    /// them.
    pub fn start_worker();
    /// Starts the analysis worker at the first pointer, focus, key or drag in `root`: the page
    /// loads it while the user reaches for the paste area, not before anything is done (the
    /// first load stays the page's own module).
    pub fn start_worker_on_first_use(root: &JsValue);
}

/// What the analysis worker is asked to analyse.
#[derive(Debug)]
pub enum Job {
    /// A text (the paste area's, a share link's) as a JS string, and its length: posted as it
    /// is, never copied into wasm memory on the way.
    Text(JsValue, usize),
    /// Files, as one analysis (an OCI layout's files named by their paths).
    Files(Vec<(String, Vec<u8>)>),
    /// What a fetch brought, as the fetch module wrote it (`ocilens-wire`).
    Fetched(JsValue),
}

/// Why an analysis gave nothing: the user cancelled it, or it failed.
#[derive(Debug, PartialEq, Eq)]
pub enum Failed {
    Cancelled,
    Error(String),
}

/// Analyses `job` in the analysis worker, off the main thread: the page stays responsive
/// while it runs, and [`cancel_analysis`] stops it. The analysis, and its bytes as the worker
/// gave them (kept in JS memory, to compare).
pub async fn analyse(owner: u32, job: Job) -> Result<(ocilens_core::Analysis, Uint8Array), Failed> {
    let message = js_sys::Object::new();
    let transfer = Array::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), v);
    };
    match job {
        Job::Text(text, _) => {
            set("op", &"text".into());
            set("text", &text);
        }
        Job::Files(files) => {
            let (names, contents) = (Array::new(), Array::new());
            for (name, bytes) in files {
                let b = Uint8Array::from(bytes.as_slice());
                transfer.push(&b.buffer());
                names.push(&name.into());
                contents.push(&b);
            }
            set("op", &"files".into());
            set("names", &names);
            set("contents", &contents);
        }
        Job::Fetched(fetched) => {
            set("op", &"fetched".into());
            set("fetched", &fetched);
        }
    }
    let bytes = post(owner, &message, &transfer).await?;
    let a = ocilens_core::codec::decode(&bytes.to_vec()).map_err(Failed::Error)?;
    Ok((a, bytes))
}

/// Compares analysis `a` (its bytes) with `b`, or with itself when there is no B, in the
/// analysis worker: `platforms` of A and of B (empty: paired by platform); timestamps set
/// aside when `ignore_timestamps`.
pub async fn compare(
    owner: u32,
    a: &Uint8Array,
    b: Option<&Uint8Array>,
    platforms: (&str, &str),
    ignore_timestamps: bool,
) -> Result<ocilens_core::compare::Comparison, Failed> {
    let message = js_sys::Object::new();
    let b = b.map_or(JsValue::UNDEFINED, |b| b.into());
    for (k, v) in [
        ("op", JsValue::from_str("compare")),
        ("a", a.into()),
        ("b", b),
        ("platform", platforms.0.into()),
        ("rightPlatform", platforms.1.into()),
        ("ignoreTimestamps", ignore_timestamps.into()),
    ] {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &v);
    }
    let bytes = post(owner, &message, &Array::new()).await?;
    ocilens_core::codec::decode_comparison(&bytes.to_vec()).map_err(Failed::Error)
}

/// Posts `message` to the analysis worker and waits for its bytes.
async fn post(owner: u32, message: &JsValue, transfer: &Array) -> Result<Uint8Array, Failed> {
    let answer = analyse_in_worker(owner, message, transfer);
    // Handed to the worker (or queued behind another view's analysis): the page is free.
    mark("ocilens:posted");
    match wait(answer).await {
        Ok(b) => {
            // The worker's part ends here; decoding and drawing are the page's, after a turn of
            // the event loop (input that came meanwhile is handled first).
            mark("ocilens:received");
            next_turn().await;
            Ok(Uint8Array::new(&b))
        }
        Err(e) if reason(&e) == "cancelled" => Err(Failed::Cancelled),
        Err(e) => Err(Failed::Error(reason(&e))),
    }
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

/// Stores a JS string as it is (a large paste is not copied through the page's memory).
pub fn save_js(key: &str, value: &JsValue) -> bool {
    let Some(s) = storage() else { return false };
    js_sys::Reflect::get(&s, &JsValue::from_str("setItem"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
        .and_then(|f| f.call2(&s, &JsValue::from_str(key), value))
        .is_ok()
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

/// Resolves in a later turn of the event loop: input that came meanwhile is handled first.
pub async fn next_turn() {
    let turn =
        Promise::new(&mut |resolve, _| later(0, move || drop(resolve.call0(&JsValue::NULL))));
    let _ = wait(turn).await;
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
