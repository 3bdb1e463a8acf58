//! "Which image will my machine pull?": the simulator module's answer and the chosen nodes.

use crate::dom::Scope;
use ocilens_core::present::labels::short_digest;
use ocilens_core::{NodeKind, TreeNode};
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::dom::{add, attr, clear, el, with_id};
use crate::msg::{Listen, Msg};
use crate::state::State;

/// The simulator's result, and `data-chosen` on the tree nodes of the pulled manifest.
pub fn simulation(doc: &Scope, state: &State) -> Result<(), JsValue> {
    let chosen = doc.query_selector_all("#tree li[data-chosen], #diagram g[data-chosen]")?;
    for i in 0..chosen.length() {
        if let Some(e) = chosen
            .get(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        {
            let _ = e.remove_attribute("data-chosen");
        }
    }
    let Some(out) = clear(doc, "sim") else {
        return Ok(());
    };
    let lang = state.lang;
    if let Some(custom) = doc.get_element_by_id("host-custom") {
        if state.host == "custom" {
            let _ = custom.remove_attribute("hidden");
        } else {
            attr(&custom, "hidden", "");
        }
    }
    if state.host.is_empty() {
        add(
            &out,
            &el(
                doc,
                "p",
                "hint",
                Some(lang.pick(
                    "Choose a machine to see which entry it pulls, or why the pull fails.",
                    "マシンを選ぶと、どのエントリーをプルするか、なぜ失敗するかを表示します。",
                )),
            ),
        );
        return Ok(());
    }
    // Until the simulator module answers, only the hint or nothing.
    let Some(sim) = &state.simulation else {
        return Ok(());
    };
    if let Some(note) = &sim.host_note {
        add(&out, &el(doc, "p", "host-note", Some(note.get(lang))));
    }
    if let Some(e) = &sim.host_error {
        add(
            &out,
            &with_id(
                el(doc, "p", "sim-error", Some(e.get(lang))),
                "sim-parse-error",
            ),
        );
        return Ok(());
    }
    let Some(m) = &sim.pull else {
        if state.analysis.is_some() && state.host != "custom" {
            add(
                &out,
                &el(
                    doc,
                    "p",
                    "hint",
                    Some(lang.pick(
                        "There is no index or manifest to pull in this input.",
                        "この入力にはプルできるインデックスもマニフェストもありません。",
                    )),
                ),
            );
        }
        return Ok(());
    };
    let summary = with_id(
        el(doc, "p", "sim-summary", Some(m.summary.get(lang))),
        "sim-summary",
    );
    add(&out, &summary);
    if !m.candidates.is_empty() {
        let ol = with_id(el(doc, "ol", "candidates", None), "candidates");
        for c in &m.candidates {
            let li = el(doc, "li", "candidate", None);
            attr(
                &li,
                "data-accepted",
                if c.accepted { "true" } else { "false" },
            );
            if let Some(d) = &c.digest {
                attr(&li, "data-digest", d);
            }
            if c.position == Some(1) {
                attr(&li, "data-chosen", "true");
            }
            let mark = if c.position == Some(1) {
                "→"
            } else if c.accepted {
                "✓"
            } else {
                "✗"
            };
            add(&li, &el(doc, "span", "mark", Some(mark)));
            add(
                &li,
                &el(
                    doc,
                    "code",
                    "platform",
                    Some(c.platform.as_deref().unwrap_or("—")),
                ),
            );
            if let Some(d) = &c.digest {
                add(&li, &el(doc, "code", "digest", Some(&short_digest(d))));
            }
            add(&li, &el(doc, "span", "reason", Some(c.reason.get(lang))));
            add(&ol, &li);
        }
        add(&out, &ol);
    }
    // A Windows host: the classic image store's answer, beside containerd's.
    if let Some(c) = &m.classic {
        add(
            &out,
            &with_id(
                el(doc, "p", "sim-classic", Some(c.get(lang))),
                "sim-classic",
            ),
        );
    }
    if let Some(err) = &m.error {
        add(
            &out,
            &el(
                doc,
                "p",
                "",
                Some(lang.pick("The runtime prints:", "ランタイムの表示:")),
            ),
        );
        add(
            &out,
            &with_id(
                el(doc, "pre", "sim-error", Some(err.get(lang))),
                "sim-runtime-error",
            ),
        );
    }
    if let Some(fix) = &m.fix {
        add(
            &out,
            &with_id(el(doc, "p", "fix", Some(fix.get(lang))), "sim-fix"),
        );
    }
    if let Some(d) = &m.chosen {
        // The pulled manifest is shown even when it is past the first page of its level.
        let pulled = state.analysis.as_ref().and_then(|a| {
            TreeNode::walk(&a.tree)
                .find(|(_, n)| n.digest.as_deref() == Some(d.as_str()) && is_manifest(n.kind.id()))
                .map(|(p, _)| p.to_string())
        });
        if let Some(p) = pulled {
            let sel = format!("#tree li[data-path=\"{p}\"]");
            if doc.query_selector(&sel)?.is_none() {
                crate::view::tree::reveal(doc, state, &p);
            }
        }
        let sel = format!("#tree li[data-digest=\"{}\"]", css_escape(d));
        let nodes = doc.query_selector_all(&sel)?;
        for i in 0..nodes.length() {
            if let Some(e) = nodes
                .get(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            {
                if is_manifest(&e.get_attribute("data-kind").unwrap_or_default()) {
                    attr(&e, "data-chosen", "true");
                    let path = e.get_attribute("data-path").unwrap_or_default();
                    let sel = format!("#diagram g[data-path=\"{}\"]", css_escape(&path));
                    if let Some(g) = doc.query_selector(&sel)? {
                        attr(&g, "data-chosen", "true");
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether a node of this kind (its id, as `data-kind` carries it) is a manifest a machine can
/// pull.
fn is_manifest(kind: &str) -> bool {
    [NodeKind::Manifest, NodeKind::Schema1]
        .iter()
        .any(|k| k.id() == kind)
}

/// A digest inside a CSS attribute selector: only `[A-Za-z0-9:+._-]` are kept.
pub(super) fn css_escape(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '+' | '.' | '_' | '-'))
        .collect()
}

/// The simulator's events: the machine and the custom platform.
pub const EVENTS: &[Listen] = &[
    ("host", "change", |_| Some(Msg::Host)),
    ("host-custom", "input", |_| Some(Msg::Host)),
];
