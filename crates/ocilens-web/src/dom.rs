//! The bottom of the page: element helpers. Every piece of user data goes in with
//! `set_text_content` or an attribute value, never as HTML.

use wasm_bindgen::{JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, NodeList};

/// Where a view lives: the whole page (`#ocilens` in the document) or, with the `embed`
/// feature, one `<oci-lens>` element's shadow root. Elements are made by the document and found
/// in the scope, so the same ids serve every element on a docs page without meeting. The
/// page's own build has no shadow root to look in (and none of its bytes).
#[derive(Clone)]
pub struct Scope {
    doc: Document,
    #[cfg(feature = "embed")]
    shadow: Option<web_sys::ShadowRoot>,
}

impl Scope {
    pub fn page(doc: Document) -> Scope {
        Scope {
            doc,
            #[cfg(feature = "embed")]
            shadow: None,
        }
    }

    #[cfg(feature = "embed")]
    pub fn shadow(root: web_sys::ShadowRoot) -> Scope {
        let doc = root
            .owner_document()
            .or_else(|| web_sys::window()?.document())
            .unwrap_throw();
        Scope {
            doc,
            shadow: Some(root),
        }
    }

    pub fn create_element(&self, tag: &str) -> Result<Element, JsValue> {
        self.doc.create_element(tag)
    }

    pub fn create_element_ns(&self, ns: Option<&str>, tag: &str) -> Result<Element, JsValue> {
        self.doc.create_element_ns(ns, tag)
    }

    pub fn get_element_by_id(&self, id: &str) -> Option<Element> {
        #[cfg(feature = "embed")]
        if let Some(s) = &self.shadow {
            return s.get_element_by_id(id);
        }
        self.doc.get_element_by_id(id)
    }

    pub fn query_selector(&self, selector: &str) -> Result<Option<Element>, JsValue> {
        #[cfg(feature = "embed")]
        if let Some(s) = &self.shadow {
            return s.query_selector(selector);
        }
        self.doc.query_selector(selector)
    }

    pub fn query_selector_all(&self, selector: &str) -> Result<NodeList, JsValue> {
        #[cfg(feature = "embed")]
        if let Some(s) = &self.shadow {
            return s.query_selector_all(selector);
        }
        self.doc.query_selector_all(selector)
    }

    /// The element whose `lang` attribute says the view's language: the page's `<html>`, or
    /// the top element of an `<oci-lens>` (the docs page around it keeps its own).
    pub fn lang_root(&self) -> Option<Element> {
        #[cfg(feature = "embed")]
        if let Some(s) = &self.shadow {
            return s.get_element_by_id("lens");
        }
        self.doc.document_element()
    }

    /// Tells the docs page around an `<oci-lens>` what happened: a `CustomEvent` that bubbles
    /// out of the shadow root with the plain `detail` object `detail` makes. The page itself has
    /// no one to tell (and never makes the object).
    #[cfg_attr(not(feature = "embed"), allow(unused_variables))]
    pub fn emit(&self, name: &str, detail: impl FnOnce() -> JsValue) {
        #[cfg(feature = "embed")]
        if let Some(s) = &self.shadow {
            use wasm_bindgen::JsCast;
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail());
            if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = s.host().dispatch_event(e.unchecked_ref());
            }
        }
    }
}

// The DOM helpers cannot fail with the tags and names used here; ignoring their `Result`s
// keeps the page's wasm small (no error plumbing at each of hundreds of calls).
pub(crate) fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

pub(crate) fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub(crate) fn el(doc: &Scope, tag: &str, class: &str, text: Option<&str>) -> Element {
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

pub(crate) fn button(doc: &Scope, id: &str, class: &str) -> Element {
    let b = with_id(el(doc, "button", class, None), id);
    attr(&b, "type", "button");
    b
}

/// A text field of this `type` and its label (`<id>-label`, its words set by the language), added
/// to `parent`: no autocomplete, no spellcheck (references and digests are not words).
pub(crate) fn field(doc: &Scope, parent: &Element, id: &str, kind: &str) -> Element {
    let label = with_id(el(doc, "label", "", None), &format!("{id}-label"));
    attr(&label, "for", id);
    let input = with_id(el(doc, "input", "", None), id);
    attr(&input, "type", kind);
    attr(&input, "autocomplete", "off");
    attr(&input, "spellcheck", "false");
    add(parent, &label);
    add(parent, &input);
    input
}

pub(crate) fn clear(doc: &Scope, id: &str) -> Option<Element> {
    let e = doc.get_element_by_id(id)?;
    e.set_text_content(None);
    Some(e)
}

/// Sets the text of the element with this id (a status line), if the view has it.
/// The value of the input with this id (empty when there is none).
pub(crate) fn value(doc: &Scope, id: &str) -> String {
    use wasm_bindgen::JsCast;
    doc.get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

pub(crate) fn status(doc: &Scope, id: &str, text: &str) {
    if let Some(e) = doc.get_element_by_id(id) {
        e.set_text_content(Some(text));
    }
}
