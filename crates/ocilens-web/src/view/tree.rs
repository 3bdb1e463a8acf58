//! The accessible tree: items built (lazily for large trees), selection marks.

use crate::dom::Scope;
use ocilens_core::present::labels::{human_size, short_digest};
use ocilens_core::{Lang, TreeNode};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Element, KeyboardEvent};

use crate::dom::{add, attr, el};
use crate::msg::{closest, closest_attr, Listen, Msg};
use crate::state::State;

/// Above this many nodes, items below the first level start closed and are built on opening.
pub const LAZY_NODES: usize = 400;

pub(super) fn count(tree: &[TreeNode]) -> usize {
    TreeNode::walk(tree).count()
}

/// Builds the children of a closed item opened for the first time; a no-op when they exist.
pub fn build_children(doc: &Scope, state: &State, li: &Element) -> Result<(), JsValue> {
    if !li.has_attribute("data-lazy") {
        return Ok(());
    }
    let _ = li.remove_attribute("data-lazy");
    let path = li.get_attribute("data-path").unwrap_or_default();
    let level: usize = li
        .get_attribute("aria-level")
        .and_then(|l| l.parse().ok())
        .unwrap_or(1);
    if let Some(n) = state.node(&path) {
        add(li, &children(doc, n, state.lang, level, &path, level));
    }
    Ok(())
}

pub(super) fn children(
    doc: &Scope,
    n: &TreeNode,
    lang: Lang,
    level: usize,
    path: &str,
    open: usize,
) -> Element {
    let ul = el(doc, "ul", "", None);
    attr(&ul, "role", "group");
    for (i, c) in n.children.iter().enumerate() {
        add(
            &ul,
            &node(doc, c, lang, level + 1, &format!("{path}-{i}"), open),
        );
    }
    ul
}

/// A tree item at `level` (1: a root) and what is below it; items deeper than `open` levels
/// start closed, and their children are built when they are first opened.
pub(super) fn node(
    doc: &Scope,
    n: &TreeNode,
    lang: Lang,
    level: usize,
    path: &str,
    open: usize,
) -> Element {
    let li = el(doc, "li", "node", None);
    attr(&li, "role", "treeitem");
    attr(&li, "aria-level", &level.to_string());
    attr(&li, "aria-selected", "false");
    attr(&li, "tabindex", "-1");
    attr(&li, "data-path", path);
    attr(&li, "data-kind", n.kind.id());
    attr(&li, "data-verification", n.verification.id());
    if let Some(d) = &n.digest {
        attr(&li, "data-digest", d);
    }
    if let Some(d) = n.document {
        attr(&li, "data-document", &d.to_string());
    }
    let row = el(doc, "div", "row", None);
    let toggle = el(doc, "span", "toggle", None);
    attr(&toggle, "aria-hidden", "true");
    add(&row, &toggle);
    add(
        &row,
        &el(
            doc,
            "span",
            &format!("kind kind-{}", n.kind.id()),
            Some(n.label(lang)),
        ),
    );
    if let Some(r) = &n.reference {
        add(&row, &el(doc, "span", "reference", Some(r)));
    }
    if let Some(mt) = &n.media_type {
        let m = el(doc, "span", "media-type", n.short_media_type());
        attr(&m, "title", mt);
        add(&row, &m);
    }
    if let Some(p) = &n.platform {
        add(&row, &el(doc, "span", "platform", Some(&p.to_string())));
    }
    if let Some(s) = n.size {
        add(&row, &el(doc, "span", "size", Some(&human_size(s))));
    }
    if let Some(d) = &n.digest {
        let code = el(doc, "code", "digest", Some(&short_digest(d)));
        attr(&code, "title", d);
        add(&row, &code);
    }
    if let Some(badge) = n.badge(lang) {
        let class = format!("badge badge-{}", n.verification.id());
        add(&row, &el(doc, "span", &class, Some(badge)));
    }
    if n.shared {
        add(
            &row,
            &el(doc, "span", "shared", Some(TreeNode::shared_label(lang))),
        );
    }
    add(&li, &row);
    if !n.children.is_empty() {
        if level > open {
            attr(&li, "aria-expanded", "false");
            attr(&li, "data-lazy", "");
        } else {
            attr(&li, "aria-expanded", "true");
            add(&li, &children(doc, n, lang, level, path, open));
        }
    }
    li
}

/// Marks the selected tree item (aria-selected, the one tab stop).
pub fn mark_selected(doc: &Scope, path: Option<&str>) -> Result<(), JsValue> {
    let Some(path) = path else { return Ok(()) };
    let items = doc.query_selector_all("#tree li[role=treeitem]")?;
    for i in 0..items.length() {
        let Some(e) = items
            .get(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        else {
            continue;
        };
        let on = e.get_attribute("data-path").as_deref() == Some(path);
        attr(&e, "aria-selected", if on { "true" } else { "false" });
        attr(&e, "tabindex", if on { "0" } else { "-1" });
    }
    crate::view::diagram::mark(doc, Some(path));
    Ok(())
}

/// The tree's events: a click selects (and opens or closes on the toggle), keys move.
pub const EVENTS: &[Listen] = &[
    ("tree", "click", |e| {
        let path = closest_attr(e, "li[role=treeitem]", "data-path")?;
        let toggle = closest(e, ".toggle").is_some();
        Some(Msg::TreeClick { path, toggle })
    }),
    ("tree", "keydown", |e| {
        e.dyn_ref::<KeyboardEvent>().cloned().map(Msg::TreeKey)
    }),
];
