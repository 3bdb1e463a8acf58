//! Events: the analyse button, typing in the paste area, the language switch; and the panic hook
//! that turns a crash into a message instead of a dead page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlSelectElement, HtmlTextAreaElement};

use crate::state::State;
use crate::view;

fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Shows a panic in the page's `#error` region (and the console) with what to report.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Ok(doc) = document() {
            if let Some(el) = doc.get_element_by_id("error") {
                el.set_text_content(Some(&format!(
                    "ocilens crashed: {info}. Please report this message with the input that caused it. / ocilens が異常終了しました。このメッセージと原因になった入力を報告してください。"
                )));
                let _ = el.remove_attribute("hidden");
            }
        }
    }));
}

/// Builds the page inside `#ocilens` and wires its events.
pub fn mount() -> Result<(), JsValue> {
    let doc = document()?;
    let Some(root) = doc.get_element_by_id("ocilens") else {
        return Ok(());
    };
    let lang = web_sys::window()
        .and_then(|w| w.navigator().language())
        .filter(|l| l.starts_with("ja"))
        .map_or(ocilens_core::Lang::En, |_| ocilens_core::Lang::Ja);
    let state = Rc::new(RefCell::new(State {
        lang,
        analysis: None,
    }));
    view::skeleton(&doc, &root, lang)?;

    let run = {
        let state = state.clone();
        move || -> Result<(), JsValue> {
            let doc = document()?;
            let text = doc
                .get_element_by_id("input")
                .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
                .map(|t| t.value())
                .unwrap_or_default();
            let mut s = state.borrow_mut();
            s.analyse(&text);
            view::render(&doc, &s)
        }
    };
    let run = Rc::new(run);

    let on_click = {
        let run = run.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Err(e) = run() {
                web_sys::console::error_1(&e);
            }
        })
    };
    if let Some(b) = doc.get_element_by_id("analyse") {
        b.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    }
    on_click.forget();

    let on_lang = {
        let state = state.clone();
        Closure::<dyn FnMut()>::new(move || {
            let Ok(doc) = document() else { return };
            let value = doc
                .get_element_by_id("lang")
                .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default();
            let mut s = state.borrow_mut();
            s.lang = ocilens_core::Lang::parse(&value).unwrap_or_default();
            let _ = view::relabel(&doc, s.lang);
            if let Err(e) = view::render(&doc, &s) {
                web_sys::console::error_1(&e);
            }
        })
    };
    if let Some(sel) = doc.get_element_by_id("lang") {
        sel.add_event_listener_with_callback("change", on_lang.as_ref().unchecked_ref())?;
    }
    on_lang.forget();
    Ok(())
}
