//! The ocilens page: a thin layer over `ocilens-core` (the embedders' JSON door is
//! `ocilens-api`, a module of its own, so the page carries no JSON serialiser).
//!
//! Split like wasm-bindgen's todomvc, in layers with no cycle: `dom` (element helpers) at the
//! bottom; `state` (what is shown), `js` (storage, timers, promises, clipboard), `examples`
//! (the gallery of real captures served from `examples/`), `share` (the view in the URL
//! fragment), `archive` (the workers that read and hash a tar file), `msg` (what can happen, as messages); `view/` (one file a panel, text only: user
//! data never becomes HTML; each panel lists its events as messages); and `controller` on top,
//! the one place that acts on a message. `embed` is an `<oci-lens>` element's view: the same
//! controller and panels, in the element's shadow root.

use wasm_bindgen::prelude::*;

mod archive;
mod controller;
mod dom;
#[cfg(feature = "embed")]
mod embed;
mod examples;
mod js;
mod msg;
mod share;
mod state;
mod view;

/// Mounts the page when the module loads (not when it is imported by an embedder's bundle that
/// has no `#ocilens` element).
#[wasm_bindgen(start)]
pub fn start() {
    controller::install_panic_hook();
    if let Err(e) = controller::mount() {
        web_sys::console::error_1(&e);
    }
}
