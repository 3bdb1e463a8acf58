//! Archives (tar files) in the page: the pool of workers that read and hash one
//! (`www/archive-pool.js`, imported the first time, starting workers from `www/archive.js`,
//! which run `crates/ocilens-archive`), when the user opens one.
//! One worker scans the archive from its `File`, in slices, and analyses what it kept; the
//! others hash the large members, each its own byte range, largest first; the scanning worker
//! analyses again as their hashes arrive (at most once a second, and once at the end). The
//! page is told each analysis and how far the work is ([`Event`]); the controller shows them.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::File;

#[wasm_bindgen(inline_js = "let pool;
export function open_archive(base, file, on) {
  if (globalThis.ocilensArchiveWorker === null) return Promise.reject(new Error('unavailable'));
  pool ||= import(new URL('archive-pool.js', base).href).catch((e) => { pool = undefined; throw e; });
  return pool.then((m) => m.open_archive(base, file, on));
}
export function stop_archive() { pool?.then((m) => m.stop_archive(), () => {}); }")]
extern "C" {
    /// Reads and hashes the archive `file` in workers started from `archive.js` beside `base`
    /// (a page carrying them itself names a factory in `globalThis.ocilensArchiveWorker`, or
    /// `null` when it has none: then it rejects with `unavailable`). `on` is called with each
    /// [`Event`]. Resolves when every member is hashed, with `{ms, blobs, bytes, workers,
    /// peak}` (also the `detail` of the `ocilens:archive` performance measure); rejects with
    /// `cancelled` when stopped, `stalled` when no bytes came from the file for 30 s, or with
    /// what failed. Opening another stops this one.
    fn open_archive(base: &str, file: &File, on: &Function) -> Promise;
    /// Stops the archive being read or hashed, if any (its promise rejects with `cancelled`).
    pub fn stop_archive();
}

/// What the archive's workers tell the page.
#[derive(Debug)]
pub enum Event {
    /// An analysis of the archive (ocilens_core::codec bytes): the first with the large
    /// members pending, then again as hashes arrive.
    Analysis(Vec<u8>),
    /// The scan read `done` of `total` bytes of the archive, in `ms`.
    Reading { done: u64, total: u64, ms: u64 },
    /// `blobs` of `of` large members hashed, `done` of `total` bytes, in `ms`.
    Hashing {
        blobs: u64,
        of: u64,
        done: u64,
        total: u64,
        ms: u64,
    },
}

fn num(o: &JsValue, k: &str) -> u64 {
    Reflect::get(o, &JsValue::from_str(k))
        .ok()
        .and_then(|v| v.as_f64())
        .map_or(0, |n| n.max(0.0) as u64)
}

impl Event {
    fn read(o: &JsValue) -> Option<Event> {
        let kind = Reflect::get(o, &JsValue::from_str("kind"))
            .ok()?
            .as_string()?;
        let n = |k| num(o, k);
        Some(match kind.as_str() {
            "analysis" => {
                let b = Reflect::get(o, &JsValue::from_str("bytes")).ok()?;
                Event::Analysis(b.dyn_into::<Uint8Array>().ok()?.to_vec())
            }
            "reading" => Event::Reading {
                done: n("done"),
                total: n("total"),
                ms: n("ms"),
            },
            "hashing" => Event::Hashing {
                blobs: n("blobs"),
                of: n("of"),
                done: n("done"),
                total: n("total"),
                ms: n("ms"),
            },
            _ => return None,
        })
    }
}

/// How an archive's reading ended.
#[derive(Debug)]
pub struct Done {
    pub ms: u64,
    pub blobs: u64,
    pub bytes: u64,
    pub workers: u64,
}

/// Reads and hashes `file` (see [`open_archive`]), calling `on` with each event.
pub async fn open(
    base: &str,
    file: &File,
    mut on: impl FnMut(Event) + 'static,
) -> Result<Done, String> {
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if let Some(e) = Event::read(&e) {
            on(e);
        }
    });
    let answer = crate::js::wait(open_archive(base, file, cb.as_ref().unchecked_ref())).await;
    drop(cb);
    let stats = answer.map_err(|e| crate::js::reason(&e))?;
    Ok(Done {
        ms: num(&stats, "ms"),
        blobs: num(&stats, "blobs"),
        bytes: num(&stats, "bytes"),
        workers: num(&stats, "workers"),
    })
}
