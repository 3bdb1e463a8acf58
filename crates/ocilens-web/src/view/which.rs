//! "Which digest is this?" (issue 11): a hash typed or pasted (whole, or the 12 digits
//! `docker images` and `docker pull` print) and what it is in the documents given: the index, a
//! platform's manifest, its config (the classic image store's IMAGE ID), a layer (compressed) or
//! a layer's diff_id (uncompressed), each with the core's explanation and a button that shows
//! it in the tree. The answer is the core's `identify`, as `ocilens explain DIGEST` prints it.

use ocilens_core::explain::identity::{hash_hex, identify, Role};
use ocilens_core::present::labels::short_digest;
use ocilens_core::{Analysis, Lang};
use web_sys::Element;

use crate::dom::{add, attr, clear, el, field, value, with_id, Scope};
use crate::msg::{closest_attr, Listen, Msg};

/// The box and its answer, under the tree.
pub fn build(doc: &Scope, parent: &Element) {
    let section = with_id(el(doc, "div", "which", None), "which");
    let input = field(doc, &section, "which-hash", "search");
    attr(&input, "placeholder", "sha256:…");
    let out = with_id(el(doc, "ul", "", None), "which-out");
    attr(&out, "aria-live", "polite");
    add(&section, &out);
    add(parent, &section);
}

pub fn labels(lang: Lang) -> [(&'static str, &'static str); 1] {
    [(
        "which-hash-label",
        lang.pick(
            "Which digest is this? A hash, whole or the 12 digits Docker prints:",
            "このダイジェストは何？ ハッシュ（全体、または Docker が表示する 12 桁）:",
        ),
    )]
}

/// Answers what the box holds, against `a`.
pub fn render(doc: &Scope, a: Option<&Analysis>, lang: Lang) {
    let Some(out) = clear(doc, "which-out") else {
        return;
    };
    let asked = value(doc, "which-hash");
    if asked.trim().is_empty() {
        return;
    }
    let Some(a) = a else {
        return;
    };
    let line = |text: &str| el(doc, "li", "none", Some(text));
    if hash_hex(&asked).is_none() {
        add(&out, &line(lang.pick(
            "Not a hash: 12 to 64 hex digits, with or without `sha256:`.",
            "ハッシュではありません。16 進数 12〜64 桁です（`sha256:` はあってもなくても構いません）。",
        )));
        return;
    }
    let found = identify(a, &asked);
    if found.is_empty() {
        add(&out, &line(lang.pick(
            "In none of the documents given. An IMAGE ID of the classic image store is a config's digest, of the containerd store the index's or manifest's: paste those documents too.",
            "与えられたドキュメントにはありません。従来のイメージストアの IMAGE ID は config の、containerd イメージストアの IMAGE ID はインデックスかマニフェストのダイジェストです。それらのドキュメントも貼り付けてください。",
        )));
        return;
    }
    for i in found {
        let li = el(doc, "li", "which-hit", None);
        attr(&li, "data-role", i.role.id());
        let platform = i
            .platform
            .as_ref()
            .map(|p| format!(" · {p}"))
            .unwrap_or_default();
        let head = format!("{}{platform}", i.role.label(lang));
        add(&li, &el(doc, "strong", "", Some(&head)));
        add(
            &li,
            &el(doc, "code", "digest", Some(&short_digest(&i.digest))),
        );
        if !matches!(i.role, Role::DiffId(_)) {
            add(
                &li,
                &super::show_in_tree(doc, "data-digest", &i.digest, lang),
            );
        }
        add(&li, &el(doc, "p", "note", Some(i.text.get(lang))));
        add(&out, &li);
    }
}

pub const EVENTS: &[Listen] = &[
    ("which-hash", "input", |_| Some(Msg::Which)),
    ("which-out", "click", |e| {
        closest_attr(e, "button[data-digest]", "data-digest").map(Msg::ShowDigest)
    }),
];
