//! The findings, grouped by severity, each with its fix and a link to its node.

use crate::dom::Scope;
use ocilens_core::findings::Severity;
use ocilens_core::{Analysis, Lang, TreeNode};
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::dom::{add, attr, el};
use crate::msg::{closest_attr, Listen, Msg};

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
    let mut shown = vec![false; a.documents.len()];
    for (_, n) in TreeNode::walk(&a.tree) {
        if let Some(s) = n.document.and_then(|d| shown.get_mut(d)) {
            *s = true;
        }
    }
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
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<_> = a.findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let section = el(doc, "section", "finding-group", None);
        attr(&section, "data-severity", sev.id());
        add(
            &section,
            &el(doc, "h3", "", Some(&severity_label(lang, sev, group.len()))),
        );
        let list = el(doc, "ul", "", None);
        for f in group {
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
                let b = el(
                    doc,
                    "button",
                    "small show-node",
                    Some(lang.pick("Show in tree", "ツリーで表示")),
                );
                attr(&b, "type", "button");
                attr(&b, "data-document", &d.to_string());
                add(&head, &b);
            }
            add(&li, &head);
            add(&li, &el(doc, "p", "message", Some(f.message.get(lang))));
            if let Some(fix) = &f.fix {
                add(&li, &el(doc, "p", "fix", Some(fix.get(lang))));
            }
            add(&list, &li);
        }
        add(&section, &list);
        add(root, &section);
    }
    Ok(())
}

/// The findings' events: "show" selects the node of the finding's document.
pub const EVENTS: &[Listen] = &[("findings", "click", |e| {
    closest_attr(e, "button[data-document]", "data-document")?
        .parse()
        .ok()
        .map(Msg::ShowDocument)
})];
