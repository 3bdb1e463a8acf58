//! The bottom of the page: element helpers. Every piece of user data goes in with
//! `set_text_content` or an attribute value, never as HTML.

use wasm_bindgen::UnwrapThrowExt;
use web_sys::{Document as Dom, Element};

// The DOM helpers cannot fail with the tags and names used here; ignoring their `Result`s
// keeps the page's wasm small (no error plumbing at each of hundreds of calls).
pub(crate) fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

pub(crate) fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub(crate) fn el(doc: &Dom, tag: &str, class: &str, text: Option<&str>) -> Element {
    let e = doc.create_element(tag).unwrap_throw();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(text) = text {
        e.set_text_content(Some(text));
    }
    e
}

pub(crate) fn with_id(e: Element, id: &str) -> Element {
    e.set_id(id);
    e
}

pub(crate) fn button(doc: &Dom, id: &str, class: &str) -> Element {
    let b = with_id(el(doc, "button", class, None), id);
    attr(&b, "type", "button");
    b
}

pub(crate) fn clear(doc: &Dom, id: &str) -> Option<Element> {
    let e = doc.get_element_by_id(id)?;
    e.set_text_content(None);
    Some(e)
}

/// Sets the text of the element with this id (a status line), if the page has it.
pub(crate) fn status(id: &str, text: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(e) = doc.and_then(|d| d.get_element_by_id(id)) {
        e.set_text_content(Some(text));
    }
}
