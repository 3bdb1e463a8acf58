//! A pasted `docker pull` log beside the tree (issue 11): each id line, its statuses, and the
//! blob it names, with a button that shows that blob in the tree. What the log means in words
//! is its `pull-log` finding, in the findings list.

use ocilens_core::{Analysis, Lang, PullLog, PullStore};

use crate::dom::{add, attr, clear, el, Scope};
use crate::msg::{closest_attr, Listen, Msg};

/// Fills `#pull-logs`; empty (and so hidden by the style sheet) when there is no log.
pub fn render(doc: &Scope, a: &Analysis, lang: Lang) {
    let Some(out) = clear(doc, "pull-logs") else {
        return;
    };
    for log in &a.pull_logs {
        add(&out, &one(doc, a, log, lang));
    }
}

fn store(s: PullStore, lang: Lang) -> &'static str {
    match s {
        PullStore::Classic => lang.pick("classic image store", "従来のイメージストア"),
        PullStore::Containerd => lang.pick("containerd image store", "containerd イメージストア"),
        PullStore::ContainerdEarly => lang.pick(
            "early containerd image store",
            "初期の containerd イメージストア",
        ),
        PullStore::Either => lang.pick("either image store", "どちらのイメージストアでも同じ出力"),
    }
}

fn one(doc: &Scope, a: &Analysis, log: &PullLog, lang: Lang) -> web_sys::Element {
    let section = el(doc, "section", "pull-log", None);
    let name = a.inputs.get(log.input).map_or("", |i| i.name.as_str());
    let what = log.reference.as_deref().unwrap_or("?");
    let title = match lang {
        Lang::En => format!(
            "docker pull {what} ({name}, line {}; {})",
            log.line,
            store(log.store, lang)
        ),
        Lang::Ja => format!(
            "{what} のプル（{name} の {} 行目、{}）",
            log.line,
            store(log.store, lang)
        ),
    };
    add(&section, &el(doc, "h3", "", Some(&title)));
    if let Some((m, p)) = &log.pulled {
        let p = p
            .as_ref()
            .map_or_else(|| "?".to_string(), ToString::to_string);
        let text = match lang {
            Lang::En => format!("Pulled: {p} (manifest {})", short(m)),
            Lang::Ja => format!("プルしたもの: {p}（マニフェスト {}）", short(m)),
        };
        let line = el(doc, "p", "pulled", Some(&text));
        add(&line, &show(doc, m, lang));
        add(&section, &line);
    }
    let list = el(doc, "ol", "pull-ids", None);
    for id in &log.ids {
        let li = el(doc, "li", "pull-id", None);
        attr(&li, "data-id", &id.id);
        add(&li, &el(doc, "code", "id", Some(&id.id)));
        add(
            &li,
            &el(doc, "span", "states", Some(&id.states.join(" → "))),
        );
        match id.names.first() {
            Some(t) => {
                attr(&li, "data-names", &t.digest);
                let platform = t
                    .platform
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                let text = format!("{} {}{platform}", t.kind.label(lang), short(&t.digest));
                add(&li, &el(doc, "span", "names", Some(&text)));
                add(&li, &show(doc, &t.digest, lang));
            }
            None => add(
                &li,
                &el(
                    doc,
                    "span",
                    "names none",
                    Some(lang.pick(
                        "in none of the documents given",
                        "与えられたドキュメントにはない",
                    )),
                ),
            ),
        }
        add(&list, &li);
    }
    add(&section, &list);
    section
}

fn show(doc: &Scope, digest: &str, lang: Lang) -> web_sys::Element {
    let b = el(
        doc,
        "button",
        "small show-node",
        Some(lang.pick("Show in tree", "ツリーで表示")),
    );
    attr(&b, "type", "button");
    attr(&b, "data-digest", digest);
    b
}

fn short(d: &str) -> String {
    let (alg, hex) = d.split_once(':').unwrap_or(("sha256", d));
    format!("{alg}:{}", hex.get(..12).unwrap_or(hex))
}

/// "Show in tree" selects the first node of that digest.
pub const EVENTS: &[Listen] = &[("pull-logs", "click", |e| {
    closest_attr(e, "button[data-digest]", "data-digest").map(Msg::ShowDigest)
})];
