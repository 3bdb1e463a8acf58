//! The findings, grouped by severity, each with its fix and a link to its node.

use crate::dom::Scope;
use ocilens_core::findings::Severity;
use ocilens_core::{Analysis, Lang, TreeNode};
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::dom::{add, attr, el};
use crate::msg::{closest, closest_attr, Listen, Msg};
use crate::view::tree::PAGE;

pub(super) fn severity_label(lang: Lang, s: Severity, n: usize) -> String {
    let title = s.group_label(lang);
    match lang {
        Lang::En => format!("{title} ({n})"),
        Lang::Ja => format!("{title}（{n} 件）"),
    }
}

pub(super) fn findings(
    doc: &Scope,
    root: &Element,
    a: &Analysis,
    lang: Lang,
) -> Result<(), JsValue> {
    if a.findings.is_empty() {
        add(
            root,
            &el(
                doc,
                "p",
                "hint",
                Some(lang.pick("No findings.", "指摘事項はありません。")),
            ),
        );
    }
    let shown = shown(a);
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = a.findings.iter().filter(|f| f.severity == sev).count();
        if n == 0 {
            continue;
        }
        let section = el(doc, "section", "finding-group", None);
        attr(&section, "data-severity", sev.id());
        add(
            &section,
            &el(doc, "h3", "", Some(&severity_label(lang, sev, n))),
        );
        let list = el(doc, "ul", "", None);
        page(doc, &list, a, sev, &shown, lang, 0, PAGE);
        add(&section, &list);
        add(root, &section);
    }
    Ok(())
}

/// Which documents a tree node shows (a finding of one gets a "Show in tree" button).
fn shown(a: &Analysis) -> Vec<bool> {
    let mut shown = vec![false; a.documents.len()];
    for (_, n) in TreeNode::walk(&a.tree) {
        if let Some(s) = n.document.and_then(|d| shown.get_mut(d)) {
            *s = true;
        }
    }
    shown
}

/// Appends the findings `from..to` of severity `sev` to `list`, and a "Show more" row when
/// more remain (30,000 findings would take the page seconds to build at once).
#[allow(clippy::too_many_arguments)]
fn page(
    doc: &Scope,
    list: &Element,
    a: &Analysis,
    sev: Severity,
    shown: &[bool],
    lang: Lang,
    from: usize,
    to: usize,
) {
    let mut group = a.findings.iter().filter(|f| f.severity == sev);
    let total = group.clone().count();
    let to = to.min(total);
    for f in group.by_ref().skip(from).take(to.saturating_sub(from)) {
        let li = el(
            doc,
            "li",
            &format!("finding finding-{}", f.severity.id()),
            None,
        );
        attr(&li, "data-code", f.code.id());
        let head = el(doc, "div", "finding-head", None);
        add(&head, &el(doc, "code", "code", Some(f.code.id())));
        if let Some(d) = f.location.document {
            attr(&li, "data-document", &d.to_string());
        }
        // A button only when a tree node shows that document.
        if let Some(d) = f.location.document.filter(|d| shown.get(*d) == Some(&true)) {
            add(
                &head,
                &super::show_in_tree(doc, "data-document", &d.to_string(), lang),
            );
        }
        add(&li, &head);
        add(&li, &el(doc, "p", "message", Some(f.message.get(lang))));
        if let Some(fix) = &f.fix {
            add(&li, &el(doc, "p", "fix", Some(fix.get(lang))));
        }
        add(list, &li);
    }
    if to < total {
        let (_, b) = super::more_row(doc, list, lang, PAGE.min(total - to), to, total);
        attr(&b, "data-severity", sev.id());
        attr(&b, "data-from", &to.to_string());
    }
}

/// Builds the next page of the findings list whose "Show more" button is `button`; the first
/// new finding.
pub fn more(doc: &Scope, a: &Analysis, lang: Lang, button: &Element) -> Option<Element> {
    let from: usize = button.get_attribute("data-from")?.parse().ok()?;
    let id = button.get_attribute("data-severity")?;
    let sev = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| s.id() == id)?;
    let row = button.closest("li.more").ok()??;
    let list = row.parent_element()?;
    row.remove();
    page(doc, &list, a, sev, &shown(a), lang, from, from + PAGE);
    let first = format!(":scope > li:nth-child({})", from + 1);
    list.query_selector(&first).ok().flatten()
}

/// The findings' events: "show" selects the node of the finding's document; "Show more"
/// shows the next page.
pub const EVENTS: &[Listen] = &[("findings", "click", |e| {
    if let Some(b) = closest(e, "button.show-more") {
        return Some(Msg::ShowMore(b));
    }
    closest_attr(e, "button[data-document]", "data-document")?
        .parse()
        .ok()
        .map(Msg::ShowDocument)
})];
