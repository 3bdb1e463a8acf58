//! DOM building. Every piece of user data goes in with `set_text_content` or an attribute value,
//! never as HTML.

use ocilens_core::render::{human_size, short_digest, short_media_type};
use ocilens_core::{Analysis, Lang, TreeNode, Verification};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::state::State;

fn t(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

fn add(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_child(child)?;
    Ok(())
}

fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(text) = text {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// The fixed parts of the page: title, paste area, button, language switch, result regions.
pub fn skeleton(doc: &Document, root: &Element, lang: Lang) -> Result<(), JsValue> {
    root.set_text_content(None);
    let header = el(doc, "header", "", None)?;
    let h1 = el(doc, "h1", "", Some("ocilens"))?;
    let tagline = el(doc, "p", "tagline", None)?;
    tagline.set_id("tagline");
    header.append_child(&h1)?;
    header.append_child(&tagline)?;
    let select = doc.create_element("select")?;
    select.set_id("lang");
    select.set_attribute("aria-label", "Language / 言語")?;
    for (value, label) in [("en", "English"), ("ja", "日本語")] {
        let o = el(doc, "option", "", Some(label))?;
        o.set_attribute("value", value)?;
        if value == lang.id() {
            o.set_attribute("selected", "")?;
        }
        select.append_child(&o)?;
    }
    header.append_child(&select)?;
    root.append_child(&header)?;

    let error = el(doc, "p", "error", None)?;
    error.set_id("error");
    error.set_attribute("role", "alert")?;
    error.set_attribute("hidden", "")?;
    root.append_child(&error)?;

    let label = el(doc, "label", "", None)?;
    label.set_id("input-label");
    label.set_attribute("for", "input")?;
    root.append_child(&label)?;
    let area = doc.create_element("textarea")?;
    area.set_id("input");
    area.set_attribute("spellcheck", "false")?;
    area.set_attribute("rows", "14")?;
    root.append_child(&area)?;
    let button = el(doc, "button", "", None)?;
    button.set_id("analyse");
    button.set_attribute("type", "button")?;
    root.append_child(&button)?;

    let out = el(doc, "section", "results", None)?;
    let h_tree = el(doc, "h2", "", None)?;
    h_tree.set_id("tree-heading");
    let tree = el(doc, "ul", "tree", None)?;
    tree.set_id("tree");
    tree.set_attribute("role", "tree")?;
    tree.set_attribute("aria-labelledby", "tree-heading")?;
    let h_findings = el(doc, "h2", "", None)?;
    h_findings.set_id("findings-heading");
    let findings = el(doc, "ul", "findings", None)?;
    findings.set_id("findings");
    out.append_child(&h_tree)?;
    out.append_child(&tree)?;
    out.append_child(&h_findings)?;
    out.append_child(&findings)?;
    root.append_child(&out)?;
    relabel(doc, lang)
}

/// Sets every fixed label in `lang`.
pub fn relabel(doc: &Document, lang: Lang) -> Result<(), JsValue> {
    let labels = [
        ("tagline", t(lang, "Paste what your terminal printed: imagetools inspect, a manifest, an index, a config. Nothing leaves this page.", "ターミナルの出力（imagetools inspect、マニフェスト、インデックス、config）を貼り付けてください。データはこのページから外に出ません。")),
        ("input-label", t(lang, "Input", "入力")),
        ("analyse", t(lang, "Analyse", "解析")),
        ("tree-heading", t(lang, "Tree", "ツリー")),
        ("findings-heading", t(lang, "Findings", "指摘事項")),
    ];
    for (id, text) in labels {
        if let Some(e) = doc.get_element_by_id(id) {
            e.set_text_content(Some(text));
        }
    }
    if let Some(root) = doc.document_element() {
        root.set_attribute("lang", lang.id())?;
    }
    Ok(())
}

/// Re-renders the tree and the findings from the state.
pub fn render(doc: &Document, state: &State) -> Result<(), JsValue> {
    let Some(analysis) = &state.analysis else {
        return Ok(());
    };
    let lang = state.lang;
    if let Some(tree) = doc.get_element_by_id("tree") {
        tree.set_text_content(None);
        for root in &analysis.tree {
            add(&tree, &node(doc, root, lang, 1)?)?;
        }
        if analysis.tree.is_empty() {
            let li = el(
                doc,
                "li",
                "empty",
                Some(t(
                    lang,
                    "Nothing recognised as an image document.",
                    "イメージのドキュメントとして認識できたものがありません。",
                )),
            )?;
            tree.append_child(&li)?;
        }
    }
    if let Some(list) = doc.get_element_by_id("findings") {
        list.set_text_content(None);
        findings(doc, &list, analysis, lang)?;
    }
    Ok(())
}

fn kind_label(lang: Lang, n: &TreeNode) -> &'static str {
    use ocilens_core::NodeKind::*;
    match n.kind {
        Reference => t(lang, "reference", "参照"),
        Index => t(lang, "index", "インデックス"),
        Manifest => t(lang, "manifest", "マニフェスト"),
        AttestationManifest => t(lang, "attestation", "アテステーション"),
        Referrer => t(lang, "referrer", "リファラー"),
        Schema1 => t(lang, "schema1", "schema1"),
        Config => t(lang, "config", "config"),
        Layer => t(lang, "layer", "レイヤー"),
        Attestation => t(lang, "in-toto", "in-toto"),
        Other => t(lang, "other", "その他"),
    }
}

fn badge(lang: Lang, v: Verification) -> &'static str {
    match v {
        Verification::Verified => t(lang, "✓ verified", "✓ 検証済み"),
        Verification::Mismatch => t(lang, "✗ mismatch", "✗ 不一致"),
        Verification::CannotRecompute => t(lang, "≈ cannot recompute", "≈ 再計算不可"),
        Verification::Unclaimed => t(lang, "· not claimed", "· 照合先なし"),
        Verification::NotProvided => t(lang, "○ not provided", "○ 未提供"),
    }
}

fn node(doc: &Document, n: &TreeNode, lang: Lang, level: usize) -> Result<Element, JsValue> {
    let li = el(doc, "li", "node", None)?;
    li.set_attribute("role", "treeitem")?;
    li.set_attribute("aria-level", &level.to_string())?;
    li.set_attribute("data-kind", n.kind.id())?;
    li.set_attribute("data-verification", n.verification.id())?;
    if let Some(d) = &n.digest {
        li.set_attribute("data-digest", d)?;
    }
    let row = el(doc, "div", "row", None)?;
    add(
        &row,
        &el(
            doc,
            "span",
            &format!("kind kind-{}", n.kind.id()),
            Some(kind_label(lang, n)),
        )?,
    )?;
    if let Some(r) = &n.reference {
        add(&row, &el(doc, "span", "reference", Some(r))?)?;
    }
    if let Some(mt) = &n.media_type {
        let m = el(doc, "span", "media-type", Some(short_media_type(mt)))?;
        m.set_attribute("title", mt)?;
        row.append_child(&m)?;
    }
    if let Some(p) = &n.platform {
        add(&row, &el(doc, "span", "platform", Some(&p.to_string()))?)?;
    }
    if let Some(s) = n.size {
        add(&row, &el(doc, "span", "size", Some(&human_size(s)))?)?;
    }
    if let Some(d) = &n.digest {
        let code = el(doc, "code", "digest", Some(&short_digest(d)))?;
        code.set_attribute("title", d)?;
        row.append_child(&code)?;
    }
    add(
        &row,
        &el(
            doc,
            "span",
            &format!("badge badge-{}", n.verification.id()),
            Some(badge(lang, n.verification)),
        )?,
    )?;
    if n.shared {
        add(
            &row,
            &el(doc, "span", "shared", Some(t(lang, "shared", "共有")))?,
        )?;
    }
    li.append_child(&row)?;
    if !n.children.is_empty() {
        li.set_attribute("aria-expanded", "true")?;
        let ul = el(doc, "ul", "", None)?;
        ul.set_attribute("role", "group")?;
        for c in &n.children {
            add(&ul, &node(doc, c, lang, level + 1)?)?;
        }
        li.append_child(&ul)?;
    }
    Ok(li)
}

fn findings(doc: &Document, list: &Element, a: &Analysis, lang: Lang) -> Result<(), JsValue> {
    let mut sorted: Vec<_> = a.findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in sorted {
        let li = el(
            doc,
            "li",
            &format!("finding finding-{}", f.severity.id()),
            None,
        )?;
        li.set_attribute("data-code", f.code)?;
        let head = el(doc, "div", "finding-head", None)?;
        add(&head, &el(doc, "span", "severity", Some(f.severity.id()))?)?;
        add(&head, &el(doc, "code", "code", Some(f.code))?)?;
        li.append_child(&head)?;
        add(&li, &el(doc, "p", "message", Some(f.message.get(lang)))?)?;
        if let Some(fix) = &f.fix {
            add(&li, &el(doc, "p", "fix", Some(fix.get(lang)))?)?;
        }
        list.append_child(&li)?;
    }
    Ok(())
}
