//! What Docker printed, beside the tree (issue 11): a pasted `docker pull` log (each id line,
//! its statuses, and the blob it names) and `docker history` / `docker images` tables (each row,
//! what its id is, the layer a step made, its note), with buttons that show those blobs in the
//! tree. What each means as a whole is its finding (`pull-log`, `docker-history`,
//! `docker-images`), in the findings list.

use ocilens_core::present::labels::{human_size, short_digest as short};
use ocilens_core::{Analysis, DockerTable, Lang, PullLog, PullStore};

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
    for t in &a.tables {
        add(&out, &table(doc, a, t, lang));
    }
}

fn table(doc: &Scope, a: &Analysis, t: &DockerTable, lang: Lang) -> web_sys::Element {
    let section = el(doc, "section", "docker-table", None);
    let name = a.inputs.get(t.input).map_or("", |i| i.name.as_str());
    let command = t.command.command();
    let title = match lang {
        Lang::En => format!("{command} ({name}, line {})", t.line),
        Lang::Ja => format!("{command}（{name} の {} 行目）", t.line),
    };
    add(&section, &el(doc, "h3", "", Some(&title)));
    if let Some((m, p)) = &t.image {
        let p = p
            .as_ref()
            .map_or_else(|| "?".to_string(), ToString::to_string);
        let text = match lang {
            Lang::En => format!("The history of: {p} (manifest {})", short(m)),
            Lang::Ja => format!("この履歴のイメージ: {p}（マニフェスト {}）", short(m)),
        };
        let line = el(doc, "p", "pulled", Some(&text));
        add(&line, &show(doc, m, lang));
        add(&section, &line);
    }
    let list = el(doc, "ol", "table-rows", None);
    for r in &t.rows {
        let li = el(doc, "li", "table-row", None);
        attr(&li, "data-id", &r.id);
        add(&li, &el(doc, "code", "id", Some(&r.id)));
        add(&li, &el(doc, "span", "what", Some(&r.what)));
        if !r.size.is_empty() {
            add(&li, &el(doc, "span", "states", Some(&r.size)));
        }
        let to = r
            .layer
            .as_ref()
            .and_then(|l| l.digest.as_deref())
            .or_else(|| r.names.first().map(|n| n.digest.as_str()));
        if let Some(d) = to {
            attr(&li, "data-names", d);
            if let Some(l) = r.layer.as_ref() {
                let size = l
                    .size
                    .map(|s| format!(", {}", human_size(s)))
                    .unwrap_or_default();
                let text = match lang {
                    Lang::En => format!("layer {} {}{size}", l.index, short(d)),
                    Lang::Ja => format!("レイヤー {} {}{size}", l.index, short(d)),
                };
                add(&li, &el(doc, "span", "names", Some(&text)));
            }
            add(&li, &show(doc, d, lang));
        }
        add(&li, &el(doc, "p", "note", Some(r.note.get(lang))));
        add(&list, &li);
    }
    add(&section, &list);
    section
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
    let command = if log.push {
        "docker push"
    } else {
        "docker pull"
    };
    let title = match lang {
        Lang::En => format!(
            "{command} {what} ({name}, line {}; {})",
            log.line,
            store(log.store, lang)
        ),
        Lang::Ja => format!(
            "{what} の{}（{name} の {} 行目、{}）",
            if log.push { "プッシュ" } else { "プル" },
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
    // Alone, the ids name nothing: the registry has what they are.
    if let Some(r) = log
        .reference
        .as_deref()
        .filter(|_| !log.ids.is_empty() && log.ids.iter().all(|i| i.names.is_empty()))
    {
        let text = match lang {
            Lang::En => format!("Fetch {r} to name these ids"),
            Lang::Ja => format!("{r} を取得して ID を特定する"),
        };
        let b = el(doc, "button", "small fetch-log", Some(&text));
        attr(&b, "type", "button");
        attr(&b, "data-fetch", r);
        add(&section, &b);
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
    super::show_in_tree(doc, "data-digest", digest, lang)
}

/// "Show in tree" selects the first node of that digest.
pub const EVENTS: &[Listen] = &[("pull-logs", "click", |e| {
    closest_attr(e, "button[data-digest]", "data-digest")
        .map(Msg::ShowDigest)
        .or_else(|| closest_attr(e, "button[data-fetch]", "data-fetch").map(Msg::FetchRef))
})];
