//! The details panel of the selected node: what it is, its digest check step by step, a config's settings, an attestation decoded.

use crate::dom::Scope;
use ocilens_core::explain::attestation::Statement;
use ocilens_core::explain::{knowledge, platform};
use ocilens_core::present::labels::human_size;
use ocilens_core::{Document, Lang};
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::dom::{add, attr, button, clear, el, with_id};
use crate::msg::{closest_attr, Listen, Msg};
use crate::state::State;

pub(super) fn fact(doc: &Scope, dl: &Element, term: &str, value: &str) -> Element {
    add(dl, &el(doc, "dt", "", Some(term)));
    let dd = el(doc, "dd", "", Some(value));
    add(dl, &dd);
    dd
}

pub(super) fn heading(doc: &Scope, parent: &Element, text: &str) {
    add(parent, &el(doc, "h4", "", Some(text)));
}

/// The details panel for the selected node.
pub fn details(doc: &Scope, state: &State) -> Result<(), JsValue> {
    let Some(panel) = clear(doc, "details") else {
        return Ok(());
    };
    let lang = state.lang;
    let Some(n) = state.selected.as_deref().and_then(|p| state.node(p)) else {
        if state.analysis.is_some() {
            add(
                &panel,
                &el(
                    doc,
                    "p",
                    "hint",
                    Some(lang.pick("Select a node in the tree (click, or arrow keys and Enter) to see what it is.",
                        "ツリーのノードを選ぶ（クリック、または矢印キーと Enter）と、それが何かを表示します。",
                    )),
                ),
            );
        }
        return Ok(());
    };
    let a = state.analysis.as_ref().expect("a node implies an analysis");
    let document = n.document.and_then(|i| a.documents.get(i));

    let title = match n.short_media_type() {
        Some(short) => format!("{}: {short}", n.label(lang)),
        None => n.label(lang).to_string(),
    };
    add(
        &panel,
        &with_id(el(doc, "h3", "", Some(&title)), "details-title"),
    );
    if let Some(mt) = &n.media_type {
        // The explanation comes from the explanations module: busy until it has answered.
        let text = state.explanations.media_type(mt);
        let p = with_id(
            el(doc, "p", "explanation", text.map(|t| t.get(lang))),
            "details-explanation",
        );
        if text.is_none() {
            attr(&p, "aria-busy", "true");
        }
        add(&panel, &p);
    }
    if let Some(class) = document.and_then(|d| d.class.as_ref()) {
        add(
            &panel,
            &with_id(
                el(doc, "p", "class", Some(class.text().get(lang))),
                "details-class",
            ),
        );
    }
    if !n.provided {
        add(&panel, &el(doc, "p", "note", Some(lang.pick("Not provided: known only from the descriptor that points at it. Paste its bytes too to check them.", "未提供: 指しているディスクリプターからしか分かりません。中身も貼り付ければ検証できます。"))));
    }

    let dl = el(doc, "dl", "facts", None);
    if let Some(mt) = &n.media_type {
        let dd = fact(doc, &dl, lang.pick("Media type", "メディアタイプ"), "");
        add(&dd, &el(doc, "code", "", Some(mt)));
    }
    if let Some(at) = &n.artifact_type {
        let dd = fact(
            doc,
            &dl,
            lang.pick("Artifact type", "アーティファクトタイプ"),
            "",
        );
        add(&dd, &el(doc, "code", "", Some(at)));
    }
    if let Some(d) = &n.digest {
        let dd = fact(doc, &dl, lang.pick("Digest", "ダイジェスト"), "");
        add(
            &dd,
            &with_id(el(doc, "code", "full-digest", Some(d)), "full-digest"),
        );
        let copy = button(doc, "copy-digest", "small");
        copy.set_text_content(Some(lang.pick("Copy", "コピー")));
        attr(&copy, "data-copy", d);
        add(&dd, &copy);
        add(
            &dd,
            &with_id(el(doc, "span", "copied", None), "copy-status"),
        );
    }
    if let Some(s) = n.size {
        let text = match lang {
            Lang::En => format!("{} ({s} bytes)", human_size(s)),
            Lang::Ja => format!("{}（{s} バイト）", human_size(s)),
        };
        fact(doc, &dl, lang.pick("Size", "サイズ"), &text);
    }
    if let Some(p) = &n.platform {
        fact(
            doc,
            &dl,
            lang.pick("Platform", "プラットフォーム"),
            &platform::format_all(p),
        );
    }
    if let Some(r) = &n.reference {
        fact(doc, &dl, lang.pick("Reference", "参照"), r);
    }
    fact(
        doc,
        &dl,
        lang.pick("Verification", "検証"),
        n.verification.badge(lang),
    );
    if n.shared {
        fact(
            doc,
            &dl,
            lang.pick("Shared", "共有"),
            lang.pick(
                "referenced by more than one manifest: pulled once (\"Already exists\")",
                "複数のマニフェストから参照されています: プルは 1 回だけ（\"Already exists\"）",
            ),
        );
    }
    add(&panel, &dl);
    identities(
        doc,
        &panel,
        a,
        state.selected.as_deref().unwrap_or(""),
        lang,
    );
    supply_chain(
        doc,
        &panel,
        a,
        state.selected.as_deref().unwrap_or(""),
        lang,
    );

    if !n.annotations.is_empty() {
        heading(doc, &panel, lang.pick("Annotations", "アノテーション"));
        let adl = with_id(el(doc, "dl", "annotations", None), "annotations");
        for (k, v) in &n.annotations {
            let dt = el(doc, "dt", "", None);
            add(&dt, &el(doc, "code", "", Some(k)));
            add(&adl, &dt);
            let dd = el(doc, "dd", "", None);
            add(&dd, &el(doc, "span", "value", Some(v)));
            match state.explanations.annotation(k) {
                Some(Some(meaning)) => {
                    add(&dd, &el(doc, "span", "meaning", Some(meaning.get(lang))));
                }
                Some(None) => {}
                None => {
                    let busy = el(doc, "span", "meaning", None);
                    attr(&busy, "aria-busy", "true");
                    add(&dd, &busy);
                }
            }
            add(&adl, &dd);
        }
        add(&panel, &adl);
    }

    if let Some(d) = document {
        let input = a.inputs.get(d.input).map(|i| i.name.as_str());
        digest_check(doc, &panel, lang, d, input)?;
        if d.kind == ocilens_core::Kind::Config {
            config(doc, &panel, lang, d)?;
        }
        if let Some(att) = &d.attestation {
            attestation(doc, &panel, lang, att)?;
        }
        let raw = el(doc, "details", "raw", None);
        let summary = match lang {
            Lang::En => format!("Raw document: the exact {} bytes", d.bytes.len()),
            Lang::Ja => format!("元のドキュメント: そのままの {} バイト", d.bytes.len()),
        };
        add(&raw, &el(doc, "summary", "", Some(&summary)));
        add(
            &raw,
            &with_id(
                el(doc, "pre", "", Some(&String::from_utf8_lossy(&d.bytes))),
                "raw",
            ),
        );
        add(&panel, &raw);
    }
    Ok(())
}

/// Which digest is which, for the image the selected node belongs to (issue 11): each digest
/// with what it is and where Docker shows it, the core's `identity::of_image`.
fn identities(doc: &Scope, panel: &Element, a: &ocilens_core::Analysis, path: &str, lang: Lang) {
    let Ok(path) = path.parse() else {
        return;
    };
    let found = ocilens_core::explain::identity::of_image(a, &path);
    if found.is_empty() {
        return;
    }
    let box_ = with_id(el(doc, "details", "identities", None), "identities");
    let summary = match lang {
        Lang::En => format!(
            "Which digest is which: this image's {} digests",
            found.len()
        ),
        Lang::Ja => format!(
            "どのダイジェストが何か: このイメージの {} 個のダイジェスト",
            found.len()
        ),
    };
    add(&box_, &el(doc, "summary", "", Some(&summary)));
    let ul = el(doc, "ul", "", None);
    for i in &found {
        let li = el(doc, "li", "", None);
        attr(&li, "data-role", i.role.id());
        add(&li, &el(doc, "strong", "", Some(&i.role.label(lang))));
        add(&li, &el(doc, "code", "digest", Some(&i.digest)));
        add(&li, &el(doc, "p", "note", Some(i.text.get(lang))));
        add(&ul, &li);
    }
    add(&box_, &ul);
    add(panel, &box_);
}

/// Where is it? The provenance, SBOM and signatures of the image the selected node belongs to,
/// each found in its store (the index, a cosign tag, a referrer) or said to be absent with where
/// to look: the core's `supply_chain::locate`.
fn supply_chain(doc: &Scope, panel: &Element, a: &ocilens_core::Analysis, path: &str, lang: Lang) {
    use ocilens_core::explain::supply_chain;
    let Some(ans) = path.parse().ok().and_then(|p| supply_chain::locate(a, &p)) else {
        return;
    };
    let box_ = with_id(el(doc, "details", "supply-chain", None), "supply-chain");
    let found = ans.found.len();
    let summary = match lang {
        Lang::En => format!("Where is it? Provenance, SBOM, signatures: {found} found"),
        Lang::Ja => format!("どこにある？ 来歴、SBOM、署名: {found} 件見つかりました"),
    };
    add(&box_, &el(doc, "summary", "", Some(&summary)));
    let ul = el(doc, "ul", "", None);
    for f in &ans.found {
        let li = el(doc, "li", "found", None);
        attr(&li, "data-need", f.need.id());
        attr(&li, "data-store", f.store.id());
        add(&li, &el(doc, "strong", "", Some(f.need.label(lang))));
        add(
            &li,
            &el(doc, "span", "", Some(&format!(" {} ", f.store.label(lang)))),
        );
        add(&li, &el(doc, "code", "", Some(&f.what)));
        add(&ul, &li);
    }
    for m in ans.missing() {
        let li = el(doc, "li", "missing", None);
        attr(&li, "data-need", m.id());
        add(&li, &el(doc, "strong", "", Some(m.label(lang))));
        add(
            &li,
            &el(doc, "span", "", Some(&format!(" {}", m.advice().get(lang)))),
        );
        add(&ul, &li);
    }
    if ans.index_signed {
        add(&ul, &el(doc, "li", "note", Some(lang.pick(
            "The index above this manifest is signed: that signature is about the index's bytes, not this manifest.",
            "このマニフェストの上のインデックスには署名がありますが、それはインデックスのバイト列についてのもので、このマニフェストについてではありません。",
        ))));
    }
    add(&box_, &ul);
    add(panel, &box_);
}

pub(super) fn digest_check(
    doc: &Scope,
    panel: &Element,
    lang: Lang,
    d: &Document,
    input: Option<&str>,
) -> Result<(), JsValue> {
    heading(
        doc,
        panel,
        lang.pick("Digest check, step by step", "ダイジェストの確認手順"),
    );
    let ol = with_id(el(doc, "ol", "digest-check", None), "digest-check");
    let name = input.unwrap_or("");
    let step1 = match lang {
        Lang::En => format!(
            "These bytes: {} bytes from {name}, line {}.",
            d.bytes.len(),
            d.line
        ),
        Lang::Ja => format!(
            "このバイト列: {name} の {} 行目から {} バイト。",
            d.line,
            d.bytes.len()
        ),
    };
    add(&ol, &el(doc, "li", "", Some(&step1)));
    let step2 = el(doc, "li", "", None);
    match &d.digest {
        Some(digest) => {
            add(
                &step2,
                &el(
                    doc,
                    "span",
                    "",
                    Some(lang.pick(
                        "sha256 over exactly these bytes → ",
                        "このバイト列そのものの sha256 → ",
                    )),
                ),
            );
            add(&step2, &el(doc, "code", "", Some(digest)));
        }
        None => {
            let note = d.digest_note.as_ref().map_or(
                lang.pick(
                    "The digest cannot be recomputed from these bytes.",
                    "このバイト列からはダイジェストを再計算できません。",
                ),
                |t| t.get(lang),
            );
            step2.set_text_content(Some(note));
        }
    }
    add(&ol, &step2);
    if d.claims.is_empty() {
        add(
            &ol,
            &el(
                doc,
                "li",
                "",
                Some(lang.pick(
                    "No other source claims a digest for it: nothing to compare with.",
                    "ほかにダイジェストを示すものが無く、比較できません。",
                )),
            ),
        );
    }
    for c in &d.claims {
        let li = el(doc, "li", "claim", None);
        let verdict = c.verdict.id();
        attr(&li, "data-verdict", verdict);
        let source = c.source.describe(lang);
        let who = match c.source.detail(input) {
            Some(dt) => format!("{source} ({dt})"),
            None => source.to_string(),
        };
        let lead = match lang {
            Lang::En => format!("Compare with the claim of {who}: "),
            Lang::Ja => format!("{who} の示すダイジェストと比較: "),
        };
        add(&li, &el(doc, "span", "", Some(&lead)));
        add(&li, &el(doc, "code", "", Some(&c.digest)));
        add(
            &li,
            &el(
                doc,
                "strong",
                &format!("verdict verdict-{verdict}"),
                Some(&format!(" {}", c.verdict.label(lang))),
            ),
        );
        if let Some(cause) = c.cause {
            let li_cause = el(
                doc,
                "span",
                "cause",
                Some(&format!(": {}", cause.describe(lang))),
            );
            attr(&li_cause, "data-cause", cause.id());
            add(&li, &li_cause);
        }
        add(&ol, &li);
    }
    add(panel, &ol);
    Ok(())
}

pub(super) fn config(
    doc: &Scope,
    panel: &Element,
    lang: Lang,
    d: &Document,
) -> Result<(), JsValue> {
    // The core's own reader (already parsed, keeps key order): no second JSON parser in the page.
    let Some(v) = d.json.as_ref() else {
        return Ok(());
    };
    heading(
        doc,
        panel,
        lang.pick("What the config says", "config の内容"),
    );
    let dl = with_id(el(doc, "dl", "facts", None), "config-facts");
    let s = |k: &str| v.get_str(k).unwrap_or("");
    let mut plat = format!("{}/{}", s("os"), s("architecture"));
    if !s("variant").is_empty() {
        plat = format!("{plat}/{}", s("variant"));
    }
    fact(doc, &dl, "os/arch", &plat);
    let created = s("created");
    let created_text = if created.is_empty() {
        lang.pick("not set: the builder recorded no real timestamp (reproducible builds and attestation configs do this)", "未設定: ビルダーが実際の時刻を記録していません（再現可能ビルドやアテステーションの config に見られます）").to_string()
    } else if created.starts_with("1970-01-01") {
        match lang {
            Lang::En => format!("{created}: the Unix epoch, not a real timestamp (SOURCE_DATE_EPOCH=0 or an attestation config): tools show \"56 years ago\""),
            Lang::Ja => format!("{created}: Unix エポックで、実際の時刻ではありません（SOURCE_DATE_EPOCH=0 やアテステーションの config）。ツールには「56 年前」と表示されます"),
        }
    } else {
        created.to_string()
    };
    fact(doc, &dl, lang.pick("Created", "作成日時"), &created_text);
    let cfg = v.get("config");
    let strings = |k: &str| -> Option<Vec<&str>> {
        cfg.and_then(|c| c.get(k))
            .and_then(|a| a.array())
            .map(|a| a.iter().filter_map(|x| x.str()).collect())
    };
    if let Some(e) = strings("Entrypoint") {
        fact(doc, &dl, "Entrypoint", &e.join(" "));
    }
    if let Some(c) = strings("Cmd") {
        fact(doc, &dl, "Cmd", &c.join(" "));
    }
    if let Some(env) = strings("Env") {
        let dd = fact(doc, &dl, "Env", "");
        for e in env {
            add(&dd, &el(doc, "code", "line", Some(e)));
        }
    }
    if let Some(labels) = cfg.and_then(|c| c.get("Labels")).and_then(|l| l.members()) {
        let dd = fact(doc, &dl, lang.pick("Labels", "ラベル"), "");
        for m in labels {
            let text = format!("{}={}", m.key, m.value.str().unwrap_or(""));
            add(&dd, &el(doc, "code", "line", Some(&text)));
        }
    }
    if let Some(h) = v.get("history").and_then(|h| h.array()) {
        let text = match lang {
            Lang::En => format!("{} steps", h.len()),
            Lang::Ja => format!("{} ステップ", h.len()),
        };
        let dd = fact(doc, &dl, lang.pick("History", "履歴"), &text);
        // The build steps, oldest first; steps that made no layer are marked.
        let ol = with_id(el(doc, "ol", "history", None), "history");
        for step in h.iter().take(100) {
            let by = step.get_str("created_by").unwrap_or("");
            let empty = step
                .get("empty_layer")
                .is_some_and(|e| matches!(e.value, ocilens_core::read::json::Value::Bool(true)));
            let li = el(doc, "li", "", None);
            add(&li, &el(doc, "code", "", Some(by)));
            if empty {
                add(
                    &li,
                    &el(
                        doc,
                        "span",
                        "note",
                        Some(lang.pick(" (no layer)", "（レイヤーなし）")),
                    ),
                );
            }
            add(&ol, &li);
        }
        add(&dd, &ol);
    }
    add(panel, &dl);
    Ok(())
}

pub(super) fn attestation(
    doc: &Scope,
    panel: &Element,
    lang: Lang,
    att: &Statement,
) -> Result<(), JsValue> {
    heading(
        doc,
        panel,
        lang.pick("Attestation, decoded", "アテステーションの内容"),
    );
    let dl = with_id(el(doc, "dl", "facts", None), "attestation-facts");
    let p = &att.predicate_type;
    let name = match knowledge::predicate_type(p) {
        Some(info) => format!("{} ({p})", info.short),
        None => p.clone(),
    };
    fact(doc, &dl, lang.pick("Predicate", "述語"), &name);
    let dd = fact(doc, &dl, lang.pick("Subjects", "対象"), "");
    if att.subjects.is_empty() {
        dd.set_text_content(Some(lang.pick("none (BuildKit leaves the subject empty: the index entry says which image it describes)", "なし（BuildKit は subject を空にします。どのイメージの説明かはインデックスのエントリーが示します）")));
    }
    for sub in &att.subjects {
        let digests: Vec<String> = sub
            .digests
            .iter()
            .map(|(a, h)| format!("{a}:{h}"))
            .collect();
        let text = format!("{} {}", sub.name, digests.join(" "));
        add(&dd, &el(doc, "code", "line", Some(&text)));
    }
    if let Some(p) = &att.provenance {
        fact(doc, &dl, "SLSA", &p.slsa_version);
        for (v, label) in [
            (&p.builder, lang.pick("Builder", "ビルダー")),
            (&p.build_type, lang.pick("Build type", "ビルドの種類")),
            (&p.source, lang.pick("Source", "ソース")),
            (&p.revision, lang.pick("Revision", "リビジョン")),
            (
                &p.entry_point,
                lang.pick("Entry point", "エントリーポイント"),
            ),
            (&p.started, lang.pick("Started", "開始")),
            (&p.finished, lang.pick("Finished", "終了")),
        ] {
            if let Some(v) = v {
                fact(doc, &dl, label, v);
            }
        }
        let dd = fact(doc, &dl, lang.pick("Materials", "マテリアル"), "");
        for m in &p.materials {
            add(&dd, &el(doc, "code", "line", Some(&m.uri)));
        }
    }
    if let Some(b) = &att.sbom {
        let format = match &b.version {
            Some(v) => format!("{} {v}", b.format),
            None => b.format.to_string(),
        };
        fact(doc, &dl, "SBOM", &format);
        if let Some(n) = &b.name {
            fact(doc, &dl, lang.pick("Name", "名前"), n);
        }
        fact(
            doc,
            &dl,
            lang.pick("Packages", "パッケージ数"),
            &b.packages.to_string(),
        );
    }
    add(panel, &dl);
    Ok(())
}

/// The details panel's events: its copy button.
pub const EVENTS: &[Listen] = &[("details", "click", |e| {
    closest_attr(e, "button[data-copy]", "data-copy").map(Msg::Copy)
})];
