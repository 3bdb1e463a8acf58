//! `<oci-lens>`: one element's view, in its shadow root. `www/oci-lens.js` defines the element:
//! it loads this module once for every element of a docs page, reads each element's data and
//! attributes, and calls a [`Lens`] with them. Each lens is a view of its own (a `Shell`
//! scoped to its shadow root); the page and every lens run the same controller and panels.

use js_sys::Uint8Array;
use ocilens_core::explain::platform;
use ocilens_core::{Lang, TreeNode};
use wasm_bindgen::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement, ShadowRoot};

use crate::controller::{self, App, Shell};
use crate::dom::Scope;
use crate::js::{self, Job};
use crate::state::{Source, State};
use crate::view;

/// The panels a `view` attribute names, and the element that holds each.
const PANELS: [(&str, &str); 5] = [
    ("tree", "tree-pane"),
    ("details", "details-pane"),
    ("diagram", "diagram-pane"),
    ("simulator", "simulator"),
    ("findings", "findings-pane"),
];

/// What an element shows when it has no `view`: the tree, details and findings, and the
/// simulator when it names a `host`.
const DEFAULT_VIEW: &str = "tree details findings";

/// One `<oci-lens>` element's view.
#[wasm_bindgen]
pub struct Lens {
    app: App,
    /// The `view` attribute (`None`: the default).
    view: Option<String>,
    /// The `select` attribute: a digest to open once it is in the tree.
    select: Option<String>,
}

#[wasm_bindgen]
impl Lens {
    /// Builds an empty view in `root` (the element's shadow root), labelled in `lang`. `base`
    /// is the folder of this module, where the modules it imports on first use are.
    #[wasm_bindgen(constructor)]
    pub fn new(root: ShadowRoot, lang: &str, base: &str) -> Result<Lens, JsValue> {
        js::set_base(base);
        let lang = Lang::parse(lang).unwrap_or_default();
        let scope = Scope::shadow(root.clone());
        view::skeleton::embedded(&scope, &root, lang)?;
        let app = Shell::new(
            scope,
            State {
                lang,
                ..State::default()
            },
        );
        controller::wire(&app)?;
        let lens = Lens {
            app,
            view: None,
            select: None,
        };
        lens.show_panels();
        Ok(lens)
    }

    /// Analyses these documents (the element's inline data, or the files its `src` names, by
    /// name) as one analysis, and shows them.
    pub fn load(&self, names: Vec<String>, contents: Vec<Uint8Array>) {
        let files: Vec<(String, Vec<u8>)> = names
            .into_iter()
            .zip(contents)
            .map(|(name, bytes)| (name, bytes.to_vec()))
            .collect();
        let source = Source::Files(files.iter().map(|(n, _)| n.clone()).collect());
        let (app, select) = (self.app.clone(), self.select.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if controller::analyse(&app, Job::Files(files), source, false).await {
                open_selected(&app, select.as_deref());
            }
        });
    }

    /// Says why there is nothing to show (a `src` that could not be read), in the error line.
    pub fn fail(&self, message: &str) {
        controller::show_error(&self.app.scope, message);
    }

    /// An attribute changed (`None`: removed): `lang`, `view`, `host`, `select` or `depth`.
    pub fn set(&mut self, name: &str, value: Option<String>) {
        let app = &self.app;
        let doc = &app.scope;
        match name {
            "lang" => {
                let lang = value.as_deref().and_then(Lang::parse).unwrap_or_default();
                let mut s = app.borrow_mut();
                s.set_lang(lang);
                let _ = view::relabel(doc, lang, &s.host);
                let _ = view::render(doc, &s);
            }
            "view" => {
                self.view = value;
                self.show_panels();
            }
            "host" => {
                let value = value.unwrap_or_default();
                let value = value.trim();
                {
                    let mut s = app.borrow_mut();
                    let preset = platform::picker().iter().any(|(id, ..)| *id == value);
                    (s.host, s.custom) = match (value.is_empty(), preset) {
                        (true, _) => (String::new(), String::new()),
                        (false, true) => (value.to_string(), String::new()),
                        (false, false) => ("custom".to_string(), value.to_string()),
                    };
                    if let Some(h) = controller::by_id::<HtmlSelectElement>(doc, "host") {
                        h.set_value(&s.host);
                    }
                    if let Some(c) = controller::by_id::<HtmlInputElement>(doc, "host-custom") {
                        c.set_value(&s.custom);
                    }
                }
                self.show_panels();
                controller::simulate(app);
            }
            "select" => {
                self.select = value.filter(|v| !v.trim().is_empty());
                open_selected(app, self.select.as_deref());
            }
            "depth" => {
                let mut s = app.borrow_mut();
                s.depth = value.and_then(|v| v.trim().parse().ok());
                let _ = view::render(doc, &s);
            }
            _ => {}
        }
    }
}

impl std::fmt::Debug for Lens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lens")
            .field("view", &self.view)
            .field("select", &self.select)
            .finish_non_exhaustive()
    }
}

impl Lens {
    /// Shows the panels `view` names (and hides the others).
    fn show_panels(&self) {
        let host = !self.app.borrow().host.is_empty();
        let view = match &self.view {
            Some(v) if !v.trim().is_empty() => v.clone(),
            _ if host => format!("{DEFAULT_VIEW} simulator"),
            _ => DEFAULT_VIEW.to_string(),
        };
        let wanted: Vec<&str> = view
            .split(|c: char| c == ',' || c.is_whitespace())
            .collect();
        for (name, id) in PANELS {
            if let Some(e) = self.app.scope.get_element_by_id(id) {
                if wanted.contains(&name) {
                    let _ = e.remove_attribute("hidden");
                } else {
                    let _ = e.set_attribute("hidden", "");
                }
            }
        }
    }
}

/// Opens the node `select` names (by digest, or by tree path), if it is in the tree.
fn open_selected(app: &App, select: Option<&str>) {
    let Some(want) = select.map(str::trim) else {
        return;
    };
    let path = {
        let s = app.borrow();
        let Some(a) = &s.analysis else { return };
        TreeNode::walk(&a.tree)
            .find(|(p, n)| n.digest.as_deref() == Some(want) || p.to_string() == want)
            .map(|(p, _)| p.to_string())
    };
    if let Some(path) = path {
        let _ = controller::select(app, &path, false);
    }
}
