//! The ocilens page and the wasm API for embedders: a thin layer over `ocilens-core`.
//!
//! `start` mounts the page (the embedders' JSON door is `ocilens-api`, a module of its own, so
//! the page carries no JSON serialiser). The page is split like todomvc: `state` (what is shown), `view` (DOM building, text
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

/// Mounts the page when the module loads (not when it is imported by an embedder's bundle that
/// has no `#ocilens` element).
#[wasm_bindgen(start)]
pub fn start() {
    controller::install_panic_hook();
    if let Err(e) = controller::mount() {
        web_sys::console::error_1(&e);
    }
}
