//! Compare mode (issue 14): side B's area beside the input (A): a paste area, files, an archive
//! or a layout folder (opened or dropped on it), or a fetch ("Fetch into B" in the fetch
//! panel); and the comparison the worker made of both: the verdict, the platforms compared
//! (chosen per side; with no B, two platforms of A), each pair of images, and every difference
//! with the core's explanation and buttons that show its node in A's tree or B's. The words are
//! the core's (`ocilens_core::compare::kinds`, `present::compare`), as `ocilens diff` prints them.

use ocilens_core::compare::{two_platforms, Change};
use ocilens_core::present::compare::{set_aside_line, shared_line, shown, side_line, sign};
use ocilens_core::Lang;
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::dom::{add, attr, button, clear, el, with_id, Scope};
use crate::msg::{closest, Listen, Msg};
use crate::state::State;
use crate::view::source_text;

/// Side B's area (hidden until Compare is pressed), after the input's paste area: a paste
/// area, "open" buttons for files (an archive) and a layout folder, and what B is.
pub fn build_input(doc: &Scope, parent: &Element) -> Result<(), JsValue> {
    let pane = with_id(el(doc, "div", "compare-input", None), "compare-input");
    attr(&pane, "hidden", "");
    let label = with_id(el(doc, "label", "", None), "input-b-label");
    attr(&label, "for", "input-b");
    add(&pane, &label);
    let area = with_id(doc.create_element("textarea")?, "input-b");
    attr(&area, "spellcheck", "false");
    attr(&area, "autocomplete", "off");
    attr(&area, "rows", "12");
    attr(&area, "aria-describedby", "input-b-status");
    add(&pane, &area);
    let actions = el(doc, "div", "actions", None);
    for (id, folder) in [("files-b", false), ("folder-b", true)] {
        let open = with_id(el(doc, "label", "button", None), &format!("{id}-label"));
        attr(&open, "for", id);
        add(&actions, &open);
        let input = with_id(doc.create_element("input")?, id);
        attr(&input, "type", "file");
        attr(&input, "multiple", "");
        if folder {
            attr(&input, "webkitdirectory", "");
        }
        input.set_class_name("visually-hidden");
        add(&actions, &input);
    }
    add(&pane, &actions);
    let line = with_id(el(doc, "p", "status", None), "input-b-status");
    attr(&line, "aria-live", "polite");
    add(&pane, &line);
    add(parent, &pane);
    Ok(())
}

/// The comparison's panel (hidden until there is one), above the tree.
pub fn build_panel(doc: &Scope, root: &Element) {
    let pane = with_id(el(doc, "section", "compare-pane", None), "compare-pane");
    attr(&pane, "hidden", "");
    attr(&pane, "aria-labelledby", "compare-heading");
    add(&pane, &with_id(el(doc, "h2", "", None), "compare-heading"));
    let out = with_id(el(doc, "div", "", None), "compare");
    attr(&out, "aria-live", "polite");
    add(&pane, &out);
    add(root, &pane);
}

pub fn labels(lang: Lang) -> [(&'static str, &'static str); 5] {
    [
        ("compare-toggle", lang.pick("Compare…", "比較…")),
        (
            "files-b-label",
            lang.pick(
                "Open files or an archive as B…",
                "B としてファイルやアーカイブを開く…",
            ),
        ),
        (
            "folder-b-label",
            lang.pick(
                "Open an OCI layout folder as B…",
                "B として OCI レイアウトのフォルダーを開く…",
            ),
        ),
        (
            "input-b-label",
            lang.pick("B: the image to compare with A", "B: A と比べるイメージ"),
        ),
        ("compare-heading", lang.pick("Comparison", "比較")),
    ]
}

/// Shows or hides the B area and "Fetch into B", and marks the button.
pub fn set_mode(doc: &Scope, on: bool) {
    for id in ["compare-input", "fetch-b"] {
        if let Some(e) = doc.get_element_by_id(id) {
            let _ = if on {
                e.remove_attribute("hidden")
            } else {
                e.set_attribute("hidden", "")
            };
        }
    }
    if let Some(b) = doc.get_element_by_id("compare-toggle") {
        attr(&b, "aria-pressed", if on { "true" } else { "false" });
    }
    if let Some(pane) = doc.get_element_by_id("input-pane") {
        let _ = if on {
            pane.set_attribute("data-comparing", "")
        } else {
            pane.remove_attribute("data-comparing")
        };
    }
    if let Some(label) = doc.get_element_by_id("input-label") {
        let _ = if on {
            label.set_attribute("data-side", "a")
        } else {
            label.remove_attribute("data-side")
        };
    }
}

/// A button that shows the node at `path` in side `side`'s tree.
fn show_button(doc: &Scope, side: &str, path: &str, lang: Lang) -> Element {
    let text = match (side, lang) {
        ("a", Lang::En) => "Show in A",
        ("a", Lang::Ja) => "A で表示",
        (_, Lang::En) => "Show in B",
        (_, Lang::Ja) => "B で表示",
    };
    let b = el(doc, "button", "small compare-show", Some(text));
    attr(&b, "type", "button");
    attr(&b, "data-side", side);
    attr(&b, "data-path", path);
    b
}

fn change(doc: &Scope, c: &Change, lang: Lang) -> Element {
    let li = el(doc, "li", "change", None);
    attr(&li, "data-kind", c.kind.id());
    attr(&li, "data-class", c.class.id());
    let head = el(doc, "div", "change-head", None);
    add(&head, &el(doc, "span", "sign", Some(&sign(c).to_string())));
    add(&head, &el(doc, "strong", "", Some(c.kind.label(lang))));
    if let Some(s) = &c.subject {
        add(&head, &el(doc, "code", "subject", Some(s)));
    }
    add(&head, &el(doc, "span", "class", Some(c.class.label(lang))));
    add(&li, &head);
    if c.left.is_some() || c.right.is_some() {
        let values = el(doc, "div", "values", None);
        add(
            &values,
            &el(doc, "code", "left", Some(&shown(c.left.as_deref(), lang))),
        );
        add(&values, &el(doc, "span", "", Some(" → ")));
        add(
            &values,
            &el(doc, "code", "right", Some(&shown(c.right.as_deref(), lang))),
        );
        add(&li, &values);
    }
    add(&li, &el(doc, "p", "explanation", Some(c.text.get(lang))));
    let actions = el(doc, "div", "", None);
    if let Some(p) = &c.left_path {
        add(&actions, &show_button(doc, "a", &p.to_string(), lang));
    }
    if let Some(p) = &c.right_path {
        add(&actions, &show_button(doc, "b", &p.to_string(), lang));
    }
    add(&li, &actions);
    li
}

/// What B is (its line under B's area): what it was made of, or that A is compared with itself.
fn b_line(state: &State) -> String {
    let lang = state.lang;
    match state.source_of(true) {
        Some(src) => format!("B: {}", source_text(src, lang)),
        None => lang
            .pick(
                "B is empty: paste it here, open or drop it here, or fetch it with \"Fetch into B\". Until then, two platforms of A are compared, when A has two.",
                "B は空です。ここに貼り付けるか、開くかドロップするか、「B に取得」で取得してください。それまでは、A に二つ以上のプラットフォームがあれば、そのうち二つを比べます。",
            )
            .to_string(),
    }
}

/// A platform list for one side: every platform (paired with the other side's), or one.
fn platform_select(
    doc: &Scope,
    id: &str,
    label: &str,
    platforms: &[String],
    chosen: &str,
    lang: Lang,
) -> Element {
    let wrap = el(doc, "label", "", Some(label));
    let select = with_id(el(doc, "select", "", None), id);
    let all = el(
        doc,
        "option",
        "",
        Some(lang.pick("every platform", "すべてのプラットフォーム")),
    );
    attr(&all, "value", "");
    add(&select, &all);
    let mut seen: Vec<&str> = Vec::new();
    for p in platforms.iter().map(String::as_str).filter(|p| *p != "-") {
        if seen.contains(&p) {
            continue;
        }
        seen.push(p);
        let o = el(doc, "option", "", Some(p));
        attr(&o, "value", p);
        if p == chosen {
            attr(&o, "selected", "");
        }
        add(&select, &o);
    }
    add(&wrap, &select);
    wrap
}

/// Draws side B's line and the comparison (or hides the panel when there is none).
pub fn render(doc: &Scope, state: &State) {
    if let Some(line) = doc.get_element_by_id("input-b-status") {
        line.set_text_content(Some(&b_line(state)));
    }
    // Built without the comparison (ocilens.html): nothing more is ever drawn.
    if !cfg!(feature = "compare") {
        return;
    }
    let pane = doc.get_element_by_id("compare-pane");
    let (Some(pane), Some(out)) = (pane, clear(doc, "compare")) else {
        return;
    };
    let Some(c) = state.compare.as_ref().filter(|_| state.comparing) else {
        attr(&pane, "hidden", "");
        return;
    };
    let _ = pane.remove_attribute("hidden");
    let lang = state.lang;
    let given_b = state.source_of(true).is_some();
    // No B: two platforms of A (the worker's choice when none is asked for).
    let (mut pa, mut pb) = (state.platforms.0.as_str(), state.platforms.1.as_str());
    if !given_b && pa.is_empty() && pb.is_empty() {
        match two_platforms(&c.left_platforms) {
            Some((p, q)) => (pa, pb) = (p, q),
            None => {
                add(&out, &el(doc, "p", "meaning", Some(lang.pick(
                    "A holds one platform, so there is nothing to compare within it: paste, open, drop or fetch B to compare A with another image.",
                    "A にはプラットフォームが一つしかないため、A の中で比べるものがありません。B を貼り付けるか、開くか、ドロップするか、取得して、別のイメージと比べてください。",
                ))));
                return;
            }
        }
    }
    let choose = el(doc, "div", "compare-platforms", None);
    add(
        &choose,
        &platform_select(
            doc,
            "compare-platform-a",
            lang.pick("A's platform ", "A のプラットフォーム "),
            &c.left_platforms,
            pa,
            lang,
        ),
    );
    add(
        &choose,
        &platform_select(
            doc,
            "compare-platform-b",
            lang.pick("B's platform ", "B のプラットフォーム "),
            &c.right_platforms,
            pb,
            lang,
        ),
    );
    let times = el(doc, "label", "", None);
    let check = with_id(el(doc, "input", "", None), "compare-ignore-times");
    attr(&check, "type", "checkbox");
    if state.ignore_timestamps {
        attr(&check, "checked", "");
    }
    add(&times, &check);
    add(
        &times,
        &el(
            doc,
            "span",
            "",
            Some(lang.pick(" Set timestamps aside", " タイムスタンプを除く")),
        ),
    );
    add(&choose, &times);
    add(&out, &choose);
    let verdict = el(doc, "p", "verdict", None);
    attr(&verdict, "data-verdict", c.verdict.id());
    add(
        &verdict,
        &el(doc, "strong", "", Some(c.verdict.label(lang))),
    );
    add(&out, &verdict);
    add(
        &out,
        &el(doc, "p", "meaning", Some(c.verdict.meaning().get(lang))),
    );
    if let Some(line) = set_aside_line(c, lang) {
        add(&out, &el(doc, "p", "meaning set-aside", Some(&line)));
    }
    // Which tree is shown (one tree when B is A itself).
    if given_b {
        let sides = el(doc, "div", "compare-sides", None);
        attr(&sides, "role", "group");
        attr(
            &sides,
            "aria-label",
            lang.pick("Tree shown", "表示するツリー"),
        );
        for (id, label) in [
            ("a", lang.pick("Tree of A", "A のツリー")),
            ("b", lang.pick("Tree of B", "B のツリー")),
        ] {
            let b = button(doc, &format!("compare-side-{id}"), "small");
            b.set_text_content(Some(label));
            attr(&b, "data-side", id);
            attr(
                &b,
                "aria-pressed",
                if (id == "b") == state.showing_b {
                    "true"
                } else {
                    "false"
                },
            );
            add(&sides, &b);
        }
        add(&out, &sides);
    }
    let mut scope: Option<Option<&str>> = None;
    let mut list: Option<Element> = None;
    let section = |s: Option<&str>, out: &Element| -> Element {
        let h = el(doc, "h3", "", None);
        match s.and_then(|s| c.pairs.iter().find(|p| p.scope == s)) {
            Some(p) => {
                h.set_text_content(Some(&format!("{}: {}", p.scope, p.verdict.label(lang))));
                add(out, &h);
                let lines = [
                    Some(format!("A {}", side_line(&p.left, lang))),
                    Some(format!("B {}", side_line(&p.right, lang))),
                    shared_line(p, lang),
                ];
                for line in lines.into_iter().flatten() {
                    add(out, &el(doc, "p", "pair", Some(&line)));
                }
            }
            None => {
                h.set_text_content(Some(lang.pick("The sides as a whole", "全体")));
                add(out, &h);
            }
        }
        let ul = el(doc, "ul", "changes", None);
        add(out, &ul);
        ul
    };
    for ch in &c.changes {
        let s = ch.scope.as_deref();
        if scope != Some(s) {
            list = Some(section(s, &out));
            scope = Some(s);
        }
        if let Some(ul) = &list {
            add(ul, &change(doc, ch, lang));
        }
    }
    for p in &c.pairs {
        if !c
            .changes
            .iter()
            .any(|ch| ch.scope.as_deref() == Some(&p.scope))
        {
            section(Some(&p.scope), &out);
        }
    }
}

/// The B area's and the panel's events.
pub const EVENTS: &[Listen] = &[
    ("compare-toggle", "click", |_| Some(Msg::CompareMode)),
    ("input-b", "input", |_| Some(Msg::TypedB)),
    ("files-b", "change", |_| Some(Msg::Picked("files-b"))),
    ("folder-b", "change", |_| Some(Msg::Picked("folder-b"))),
    ("compare", "change", |_| Some(Msg::CompareOptions)),
    ("compare", "click", |e| {
        let b = closest(e, "button[data-side]")?;
        let side_b = b.get_attribute("data-side").as_deref() == Some("b");
        Some(Msg::CompareShow {
            side_b,
            path: b.get_attribute("data-path"),
        })
    }),
];
