//! The view: DOM building in parts, one file a panel. `render` redraws what depends on the
//! analysis; the parts below build their own panel and know nothing of the controller.

pub mod compare;
pub mod details;
pub mod diagram;
pub mod fetch_panel;
pub mod findings;
pub mod pull_logs;
pub mod simulator;
pub mod skeleton;
pub mod tree;
pub mod which;

pub use details::details;
use findings::findings;
pub use simulator::simulation;
pub use skeleton::{relabel, skeleton};
use tree::count;
pub use tree::{build_children, mark_selected, LAZY_NODES};

use ocilens_core::present::labels::human_size;
use ocilens_core::{Analysis, Format, Lang};

use crate::dom::Scope;
use crate::msg::Listen;
use wasm_bindgen::JsValue;

use crate::dom::{add, attr, clear, el, with_id};
use crate::state::{Source, State};

/// A "Show in tree" button that names what it shows by `key` (`data-digest`, `data-document`);
/// the panel's click listener turns it into a message.
pub(crate) fn show_in_tree(doc: &Scope, key: &str, value: &str, lang: Lang) -> web_sys::Element {
    let b = el(
        doc,
        "button",
        "small show-node",
        Some(lang.pick("Show in tree", "ツリーで表示")),
    );
    attr(&b, "type", "button");
    attr(&b, key, value);
    b
}

/// The "Show more" row ending a list shown a page at a time (`shown` of `total`, `next` more on
/// asking), added to `list`; its button, for the caller's `data-` attributes.
pub(crate) fn more_row(
    doc: &Scope,
    list: &web_sys::Element,
    lang: Lang,
    next: usize,
    shown: usize,
    total: usize,
) -> (web_sys::Element, web_sys::Element) {
    let row = el(doc, "li", "more", None);
    let text = match lang {
        Lang::En => format!("Show {next} more ({shown} of {total} shown)"),
        Lang::Ja => format!("さらに {next} 件を表示（{total} 件中 {shown} 件を表示中）"),
    };
    let b = el(doc, "button", "small show-more", Some(&text));
    attr(&b, "type", "button");
    add(&row, &b);
    add(list, &row);
    (row, b)
}

/// Every panel's events, as messages for the controller.
pub const EVENTS: &[&[Listen]] = &[
    skeleton::EVENTS,
    compare::EVENTS,
    fetch_panel::EVENTS,
    tree::EVENTS,
    details::EVENTS,
    simulator::EVENTS,
    findings::EVENTS,
    diagram::EVENTS,
    pull_logs::EVENTS,
    which::EVENTS,
];

/// Re-renders everything that depends on the analysis.
pub fn render(doc: &Scope, state: &State) -> Result<(), JsValue> {
    let lang = state.lang;
    compare::render(doc, state);
    let Some(analysis) = &state.analysis else {
        for id in [
            "tree",
            "details",
            "sim",
            "findings",
            "formats",
            "diagram",
            "pull-logs",
            "which-out",
        ] {
            clear(doc, id);
        }
        return Ok(());
    };
    formats(doc, state, analysis)?;
    if let Some(tree) = clear(doc, "tree") {
        // A large tree opens its roots only; deeper items are built when opened.
        let most = if count(&analysis.tree) > LAZY_NODES {
            1
        } else {
            usize::MAX
        };
        let open = state.depth.map_or(most, |d| d.min(most));
        let at = tree::Level {
            level: 1,
            parent: None,
            open,
        };
        tree::page(doc, &tree, &analysis.tree, lang, &at, 0, tree::PAGE);
        if analysis.tree.is_empty() {
            let li = el(
                doc,
                "li",
                "empty",
                Some(lang.pick(
                    "Nothing recognised as an image document.",
                    "イメージのドキュメントとして認識できたものがありません。",
                )),
            );
            add(&tree, &li);
        } else if let Some(first) = tree.query_selector("li[role=treeitem]")? {
            attr(&first, "tabindex", "0");
        }
    }
    pull_logs::render(doc, analysis, lang);
    which::render(doc, Some(analysis), lang);
    crate::view::diagram::render(doc, state, false);
    mark_selected(doc, state.selected.as_deref())?;
    details(doc, state)?;
    simulation(doc, state)?;
    if let Some(list) = clear(doc, "findings") {
        findings(doc, &list, analysis, lang)?;
    }
    Ok(())
}

/// What an analysis was made of, in a few words (the recognised line's lead, side B's line).
pub(crate) fn source_text(source: &Source, lang: Lang) -> String {
    match source {
        Source::Paste => lang.pick("pasted text", "貼り付けたテキスト").to_string(),
        Source::Fetched(target, n) => match lang {
            Lang::En => format!("Fetched from {target}: {n} document(s)"),
            Lang::Ja => format!("{target} から取得: {n} 個のドキュメント"),
        },
        Source::Archive(name, size) => match lang {
            Lang::En => format!("Archive {name} ({})", human_size(*size)),
            Lang::Ja => format!("アーカイブ {name}（{}）", human_size(*size)),
        },
        Source::Files(names) => match lang {
            Lang::En => format!("{} file(s) ({})", names.len(), names.join(", ")),
            Lang::Ja => format!("{} 個のファイル（{}）", names.len(), names.join("、")),
        },
    }
}

fn formats(doc: &Scope, state: &State, a: &Analysis) -> Result<(), JsValue> {
    let Some(p) = clear(doc, "formats") else {
        return Ok(());
    };
    let lang = state.lang;
    let mut formats: Vec<Format> = Vec::new();
    for i in &a.inputs {
        for f in &i.formats {
            if !formats.contains(f) {
                formats.push(*f);
            }
        }
    }
    let lead = match &state.source {
        Source::Paste => lang.pick("Recognised: ", "認識した形式: ").to_string(),
        other => format!(
            "{}{}",
            source_text(other, lang),
            lang.pick(". Recognised: ", "。認識した形式: ")
        ),
    };
    add(&p, &el(doc, "span", "", Some(&lead)));
    if formats.is_empty() {
        add(
            &p,
            &el(doc, "span", "format", Some(lang.pick("nothing", "なし"))),
        );
    }
    for f in formats {
        let s = el(doc, "span", "format", Some(f.label(lang)));
        attr(&s, "data-format", f.id());
        add(&p, &s);
    }
    let docs = a.documents.len();
    let tail = match lang {
        Lang::En => format!(" · {docs} document(s), {} finding(s)", a.findings.len()),
        Lang::Ja => format!(" · ドキュメント {docs} 個、指摘 {} 件", a.findings.len()),
    };
    add(&p, &el(doc, "span", "counts", Some(&tail)));
    // What was not analysed (prompts, `$ command` lines, text that is no document), said plainly.
    if !a.set_aside.is_empty() {
        let list = with_id(el(doc, "ul", "set-aside", None), "set-aside");
        attr(
            &list,
            "aria-label",
            lang.pick("Set aside, not analysed", "解析から除外したもの"),
        );
        for sa in &a.set_aside {
            let name = a.inputs.get(sa.input).map_or("", |i| i.name.as_str());
            let text = match lang {
                Lang::En => format!("Set aside: {name} line {}: {}", sa.line, sa.what.get(lang)),
                Lang::Ja => format!("除外: {name} の {} 行目: {}", sa.line, sa.what.get(lang)),
            };
            add(&list, &el(doc, "li", "", Some(&text)));
        }
        add(&p, &list);
    }
    Ok(())
}
