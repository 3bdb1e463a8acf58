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
    let at = Level {
        level: level + 1,
        parent: Some(path),
        open,
    };
    page(doc, &ul, &n.children, lang, &at, 0, PAGE);
    ul
}

/// The most items of one level built at once: a level of 100,000 entries takes the page
/// minutes to build, so the rest come a page at a time, on asking ("Show more").
pub const PAGE: usize = 200;

/// Where a list of items sits: their `level`, the path of their parent (`None`: the roots) and
/// the depth below which items start closed.
pub(super) struct Level<'a> {
    pub level: usize,
    pub parent: Option<&'a str>,
    pub open: usize,
}

/// Appends the items `from..to` of `nodes` to `list`, and a "Show more" row when more remain.
pub(super) fn page(
    doc: &Scope,
    list: &Element,
    nodes: &[TreeNode],
    lang: Lang,
    at: &Level,
    from: usize,
    to: usize,
) {
    let to = to.min(nodes.len());
    for (i, c) in nodes.iter().enumerate().take(to).skip(from) {
        let path = at
            .parent
            .map_or_else(|| i.to_string(), |p| format!("{p}-{i}"));
        add(list, &node(doc, c, lang, at.level, &path, at.open));
    }
    if to < nodes.len() {
        let (row, b) =
            super::more_row(doc, list, lang, PAGE.min(nodes.len() - to), to, nodes.len());
        attr(&row, "role", "none");
        attr(&b, "data-parent", at.parent.unwrap_or(""));
        attr(&b, "data-from", &to.to_string());
        attr(&b, "data-level", &at.level.to_string());
        attr(&b, "data-open", &at.open.to_string());
    }
}

/// Builds the next page of the list whose "Show more" button is `button` (or, with `upto`,
/// every page up to and including the item at that index); the first new item.
pub fn more(doc: &Scope, state: &State, button: &Element, upto: Option<usize>) -> Option<Element> {
    let num = |name: &str| button.get_attribute(name)?.parse::<usize>().ok();
    let (from, level, open) = (num("data-from")?, num("data-level")?, num("data-open")?);
    let parent = button.get_attribute("data-parent").unwrap_or_default();
    let nodes = if parent.is_empty() {
        &state.analysis.as_ref()?.tree
    } else {
        &state.node(&parent)?.children
    };
    let row = button.closest("li.more").ok()??;
    let list = row.parent_element()?;
    row.remove();
    let to = upto.map_or(from + PAGE, |i| (i / PAGE + 1) * PAGE);
    let at = Level {
        level,
        parent: (!parent.is_empty()).then_some(parent.as_str()),
        open,
    };
    page(doc, &list, nodes, state.lang, &at, from, to);
    let first = at
        .parent
        .map_or_else(|| from.to_string(), |p| format!("{p}-{from}"));
    list.query_selector(&format!(":scope > li[data-path=\"{first}\"]"))
        .ok()
        .flatten()
}

/// Builds the pages of its list up to the item at `path` when they are not built yet (the
/// item's parent is built and open); the item, when there is one.
pub fn reveal(doc: &Scope, state: &State, path: &str) -> Option<Element> {
    let (parent, index) = match path.rsplit_once('-') {
        Some((p, i)) => (p, i),
        None => ("", path),
    };
    let index: usize = index.parse().ok()?;
    let sel = format!("#tree button.show-more[data-parent=\"{parent}\"]");
    let button = doc.query_selector(&sel).ok()??;
    more(doc, state, &button, Some(index))?;
    doc.query_selector(&format!("#tree li[data-path=\"{path}\"]"))
        .ok()
        .flatten()
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
        if let Some(b) = closest(e, "button.show-more") {
            return Some(Msg::ShowMore(b));
        }
        let path = closest_attr(e, "li[role=treeitem]", "data-path")?;
        let toggle = closest(e, ".toggle").is_some();
        Some(Msg::TreeClick { path, toggle })
    }),
    ("tree", "keydown", |e| {
        // The keys of a "Show more" button are its own (Enter and Space press it).
        if closest(e, "button.show-more").is_some() {
            return None;
        }
        e.dyn_ref::<KeyboardEvent>().cloned().map(Msg::TreeKey)
    }),
];
