//! DOM building. Every piece of user data goes in with `set_text_content` or an attribute value,
//! never as HTML.

use ocilens_core::explain::{knowledge, platform};
use ocilens_core::findings::Severity;
use ocilens_core::present::text::{human_size, short_digest, short_media_type};
use ocilens_core::{Analysis, Document, Lang, TreeNode, Verification};
use serde_json::Value;
use wasm_bindgen::{JsValue, UnwrapThrowExt};
use web_sys::{Document as Dom, Element};

use crate::examples::EXAMPLES;
use crate::state::{Source, State};

pub fn t(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

// The DOM helpers cannot fail with the tags and names used here; ignoring their `Result`s
// keeps the page's wasm small (no error plumbing at each of hundreds of calls).
pub(crate) fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

pub(crate) fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub(crate) fn el(doc: &Dom, tag: &str, class: &str, text: Option<&str>) -> Element {
    let e = doc.create_element(tag).unwrap_throw();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(text) = text {
        e.set_text_content(Some(text));
    }
    e
}

pub(crate) fn with_id(e: Element, id: &str) -> Element {
    e.set_id(id);
    e
}

pub(crate) fn button(doc: &Dom, id: &str, class: &str) -> Element {
    let b = with_id(el(doc, "button", class, None), id);
    attr(&b, "type", "button");
    b
}

fn clear(doc: &Dom, id: &str) -> Option<Element> {
    let e = doc.get_element_by_id(id)?;
    e.set_text_content(None);
    Some(e)
}

/// The fixed parts of the page.
pub fn skeleton(doc: &Dom, root: &Element, lang: Lang) -> Result<(), JsValue> {
    root.set_text_content(None);
    let header = el(doc, "header", "", None);
    add(&header, &el(doc, "h1", "", Some("ocilens")));
    add(&header, &with_id(el(doc, "p", "tagline", None), "tagline"));
    let select = with_id(doc.create_element("select")?, "lang");
    attr(&select, "aria-label", "Language / 言語");
    for (value, label) in [("en", "English"), ("ja", "日本語")] {
        let o = el(doc, "option", "", Some(label));
        attr(&o, "value", value);
        if value == lang.id() {
            attr(&o, "selected", "");
        }
        add(&select, &o);
    }
    add(&header, &select);
    add(root, &header);

    let error = with_id(el(doc, "p", "error", None), "error");
    attr(&error, "role", "alert");
    attr(&error, "hidden", "");
    add(root, &error);

    // Input: paste area, actions, what was recognised.
    let input = with_id(el(doc, "section", "input", None), "input-pane");
    let label = with_id(el(doc, "label", "", None), "input-label");
    attr(&label, "for", "input");
    add(&input, &label);
    let area = with_id(doc.create_element("textarea")?, "input");
    attr(&area, "spellcheck", "false");
    attr(&area, "rows", "12");
    attr(&area, "aria-describedby", "drop-hint");
    add(&input, &area);
    let actions = el(doc, "div", "actions", None);
    add(&actions, &button(doc, "analyse", "primary"));
    add(&actions, &button(doc, "clear", ""));
    let open = with_id(el(doc, "label", "button", None), "open-label");
    attr(&open, "for", "files");
    add(&actions, &open);
    let files = with_id(doc.create_element("input")?, "files");
    attr(&files, "type", "file");
    attr(&files, "multiple", "");
    files.set_class_name("visually-hidden");
    add(&actions, &files);
    let open_dir = with_id(el(doc, "label", "button", None), "folder-label");
    attr(&open_dir, "for", "folder");
    add(&actions, &open_dir);
    let folder = with_id(doc.create_element("input")?, "folder");
    attr(&folder, "type", "file");
    attr(&folder, "webkitdirectory", "");
    attr(&folder, "multiple", "");
    folder.set_class_name("visually-hidden");
    add(&actions, &folder);
    add(&actions, &button(doc, "share", ""));
    add(
        &actions,
        &with_id(el(doc, "span", "hint", None), "drop-hint"),
    );
    add(&input, &actions);
    let share_status = with_id(el(doc, "p", "status", None), "share-status");
    attr(&share_status, "aria-live", "polite");
    add(&input, &share_status);
    let formats = with_id(el(doc, "div", "formats", None), "formats");
    attr(&formats, "aria-live", "polite");
    add(&input, &formats);
    add(root, &input);
    crate::fetch_panel::build(doc, root);

    // Example gallery.
    let gallery = with_id(el(doc, "section", "gallery", None), "gallery");
    attr(&gallery, "aria-labelledby", "examples-heading");
    add(
        &gallery,
        &with_id(el(doc, "h2", "", None), "examples-heading"),
    );
    add(
        &gallery,
        &with_id(el(doc, "ul", "examples", None), "examples"),
    );
    add(root, &gallery);

    // Tree and details side by side.
    let results = el(doc, "div", "results", None);
    let tree_pane = el(doc, "section", "tree-pane", None);
    add(
        &tree_pane,
        &with_id(el(doc, "h2", "", None), "tree-heading"),
    );
    let tree = with_id(el(doc, "ul", "tree", None), "tree");
    attr(&tree, "role", "tree");
    attr(&tree, "aria-labelledby", "tree-heading");
    add(&tree_pane, &tree);
    add(&results, &tree_pane);
    let details_pane = with_id(el(doc, "section", "details-pane", None), "details-pane");
    add(
        &details_pane,
        &with_id(el(doc, "h2", "", None), "details-heading"),
    );
    add(
        &details_pane,
        &with_id(el(doc, "div", "details", None), "details"),
    );
    add(&results, &details_pane);
    add(root, &results);

    // The same tree as a diagram.
    let pane = with_id(el(doc, "section", "diagram-pane", None), "diagram-pane");
    let head = el(doc, "div", "pane-head", None);
    add(&head, &with_id(el(doc, "h2", "", None), "diagram-heading"));
    add(&head, &button(doc, "save-svg", "small"));
    add(&head, &button(doc, "save-png", "small"));
    add(&pane, &head);
    let drawing = with_id(el(doc, "div", "diagram", None), "diagram");
    // A scrolling region: reachable by keyboard, named by its heading.
    attr(&drawing, "tabindex", "0");
    attr(&drawing, "role", "region");
    attr(&drawing, "aria-labelledby", "diagram-heading");
    add(&pane, &drawing);
    add(root, &pane);

    // Platform simulator.
    let sim = with_id(el(doc, "section", "simulator", None), "simulator");
    add(&sim, &with_id(el(doc, "h2", "", None), "sim-heading"));
    let controls = el(doc, "div", "sim-controls", None);
    let host_label = with_id(el(doc, "label", "", None), "host-label");
    attr(&host_label, "for", "host");
    add(&controls, &host_label);
    add(&controls, &with_id(doc.create_element("select")?, "host"));
    let custom_label = with_id(el(doc, "label", "", None), "custom-label");
    attr(&custom_label, "for", "host-custom");
    add(&controls, &custom_label);
    let custom = with_id(doc.create_element("input")?, "host-custom");
    attr(&custom, "type", "text");
    attr(
        &custom,
        "placeholder",
        "linux/arm64/v8, windows(10.0.17763)/amd64",
    );
    attr(&custom, "spellcheck", "false");
    attr(&custom, "autocomplete", "off");
    add(&controls, &custom);
    add(&sim, &controls);
    let out = with_id(el(doc, "div", "sim", None), "sim");
    attr(&out, "aria-live", "polite");
    add(&sim, &out);
    add(root, &sim);

    let findings = el(doc, "section", "findings-pane", None);
    add(
        &findings,
        &with_id(el(doc, "h2", "", None), "findings-heading"),
    );
    add(
        &findings,
        &with_id(el(doc, "div", "findings", None), "findings"),
    );
    add(root, &findings);
    relabel(doc, lang, "")
}

/// Sets every fixed label in `lang` (and rebuilds the gallery and host list in it).
pub fn relabel(doc: &Dom, lang: Lang, host: &str) -> Result<(), JsValue> {
    let labels = [
        ("tagline", t(lang, "Paste what your terminal printed: imagetools inspect, a manifest, an index, a config. It is analysed as you type. Nothing leaves this page.", "ターミナルの出力（imagetools inspect、マニフェスト、インデックス、config）を貼り付けてください。入力に合わせて解析します。データはこのページから外に出ません。")),
        ("input-label", t(lang, "Input", "入力")),
        ("analyse", t(lang, "Analyse", "解析")),
        ("clear", t(lang, "Clear", "クリア")),
        ("open-label", t(lang, "Open files…", "ファイルを開く…")),
        ("share", t(lang, "Copy share link", "共有リンクをコピー")),
        ("folder-label", t(lang, "Open an OCI layout folder…", "OCI レイアウトのフォルダーを開く…")),
        ("drop-hint", t(lang, "or drop files or an OCI layout folder anywhere on the page", "またはファイルや OCI レイアウトのフォルダーをページにドロップ")),
        ("examples-heading", t(lang, "Examples: real captures", "例: 実際の出力")),
        ("tree-heading", t(lang, "Tree", "ツリー")),
        ("details-heading", t(lang, "Details", "詳細")),
        ("diagram-heading", t(lang, "Diagram: table of contents → blueprint → parts", "図: 目次 → 設計図 → 部品")),
        ("save-svg", t(lang, "Save SVG", "SVG で保存")),
        ("save-png", t(lang, "Save PNG", "PNG で保存")),
        ("sim-heading", t(lang, "Which image will my machine pull?", "自分のマシンはどのイメージを pull する？")),
        ("host-label", t(lang, "Host", "ホスト")),
        ("custom-label", t(lang, "or os/arch[/variant]", "または os/arch[/variant]")),
        ("findings-heading", t(lang, "Findings", "指摘事項")),
    ];
    for (id, text) in labels.into_iter().chain(crate::fetch_panel::labels(lang)) {
        if let Some(e) = doc.get_element_by_id(id) {
            e.set_text_content(Some(text));
        }
    }
    if let Some(root) = doc.document_element() {
        attr(&root, "lang", lang.id());
    }
    gallery(doc, lang)?;
    hosts(doc, lang, host)
}

fn gallery(doc: &Dom, lang: Lang) -> Result<(), JsValue> {
    let Some(list) = clear(doc, "examples") else {
        return Ok(());
    };
    for ex in EXAMPLES {
        let li = el(doc, "li", "", None);
        let b = el(doc, "button", "example", None);
        attr(&b, "type", "button");
        attr(&b, "data-example", ex.id);
        add(&b, &el(doc, "strong", "", Some(ex.title(lang))));
        add(&b, &el(doc, "span", "caption", Some(ex.caption(lang))));
        add(&li, &b);
        add(&list, &li);
    }
    Ok(())
}

fn hosts(doc: &Dom, lang: Lang, selected: &str) -> Result<(), JsValue> {
    let Some(select) = clear(doc, "host") else {
        return Ok(());
    };
    let mut options = vec![(
        String::new(),
        t(lang, "— choose a machine —", "— マシンを選択 —").to_string(),
    )];
    for h in platform::hosts() {
        options.push((
            h.id.to_string(),
            format!("{} ({})", h.name().get(lang), platform::format(&h.platform)),
        ));
    }
    options.push((
        "custom".into(),
        t(lang, "Custom os/arch/variant", "カスタム os/arch/variant").into(),
    ));
    for (value, label) in options {
        let o = el(doc, "option", "", Some(&label));
        attr(&o, "value", &value);
        if value == selected {
            attr(&o, "selected", "");
        }
        add(&select, &o);
    }
    Ok(())
}

fn format_label(lang: Lang, id: &str) -> String {
    let s = match id {
        "raw-json" => t(
            lang,
            "raw JSON (registry bytes)",
            "生の JSON（レジストリのバイト列）",
        ),
        "imagetools-text" => t(
            lang,
            "docker buildx imagetools inspect (text)",
            "docker buildx imagetools inspect（テキスト）",
        ),
        "imagetools-json" => t(
            lang,
            "imagetools inspect --format '{{json …}}'",
            "imagetools inspect --format '{{json …}}'",
        ),
        "docker-manifest-inspect" => "docker manifest inspect",
        "docker-manifest-inspect-verbose" => "docker manifest inspect -v",
        "skopeo-inspect" => "skopeo inspect",
        "oras-manifest-json" => "oras manifest fetch",
        "docker-inspect" => "docker inspect",
        "curl-response" => t(lang, "curl -i response", "curl -i のレスポンス"),
        "oci-layout" => t(lang, "OCI image layout", "OCI イメージレイアウト"),
        "unknown" => t(lang, "not recognised", "認識できない形式"),
        other => return other.to_string(),
    };
    s.to_string()
}

/// Re-renders everything that depends on the analysis.
pub fn render(doc: &Dom, state: &State) -> Result<(), JsValue> {
    let lang = state.lang;
    let Some(analysis) = &state.analysis else {
        for id in ["tree", "details", "sim", "findings", "formats", "diagram"] {
            clear(doc, id);
        }
        return Ok(());
    };
    formats(doc, state, analysis)?;
    if let Some(tree) = clear(doc, "tree") {
        // A large tree opens two levels; deeper items are built when opened.
        let lazy = count(&analysis.tree) > LAZY_NODES;
        for (i, root) in analysis.tree.iter().enumerate() {
            add(&tree, &node(doc, root, lang, 1, &i.to_string(), lazy));
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
            );
            add(&tree, &li);
        } else if let Some(first) = tree.query_selector("li[role=treeitem]")? {
            attr(&first, "tabindex", "0");
        }
    }
    crate::diagram::render(doc, state, false);
    mark_selected(doc, state.selected.as_deref())?;
    details(doc, state)?;
    simulation(doc, state)?;
    if let Some(list) = clear(doc, "findings") {
        findings(doc, &list, analysis, lang)?;
    }
    Ok(())
}

fn formats(doc: &Dom, state: &State, a: &Analysis) -> Result<(), JsValue> {
    let Some(p) = clear(doc, "formats") else {
        return Ok(());
    };
    let lang = state.lang;
    let mut ids: Vec<&'static str> = Vec::new();
    for i in &a.inputs {
        for f in &i.formats {
            if !ids.contains(&f.id()) {
                ids.push(f.id());
            }
        }
    }
    let lead = match &state.source {
        Source::Paste => t(lang, "Recognised: ", "認識した形式: ").to_string(),
        Source::Fetched(target, n) => match lang {
            Lang::En => format!("Fetched from {target}: {n} document(s). Recognised: "),
            Lang::Ja => format!("{target} から取得: {n} 個のドキュメント。認識した形式: "),
        },
        Source::Files(names) => match lang {
            Lang::En => format!(
                "{} file(s) ({}). Recognised: ",
                names.len(),
                names.join(", ")
            ),
            Lang::Ja => format!(
                "{} 個のファイル（{}）。認識した形式: ",
                names.len(),
                names.join("、")
            ),
        },
    };
    add(&p, &el(doc, "span", "", Some(&lead)));
    if ids.is_empty() {
        add(
            &p,
            &el(doc, "span", "format", Some(t(lang, "nothing", "なし"))),
        );
    }
    for id in ids {
        let s = el(doc, "span", "format", Some(&format_label(lang, id)));
        attr(&s, "data-format", id);
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
            t(lang, "Set aside, not analysed", "解析せずに取り置いたもの"),
        );
        for sa in &a.set_aside {
            let name = a.inputs.get(sa.input).map_or("", |i| i.name.as_str());
            let text = match lang {
                Lang::En => format!("Set aside: {name} line {}: {}", sa.line, sa.what.get(lang)),
                Lang::Ja => format!(
                    "取り置き: {name} の {} 行目: {}",
                    sa.line,
                    sa.what.get(lang)
                ),
            };
            add(&list, &el(doc, "li", "", Some(&text)));
        }
        add(&p, &list);
    }
    Ok(())
}

pub fn kind_label(lang: Lang, n: &TreeNode) -> &'static str {
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

/// Above this many nodes, items below the second level start closed and are built on opening.
pub const LAZY_NODES: usize = 400;

fn count(tree: &[TreeNode]) -> usize {
    let mut n = 0;
    let mut stack: Vec<&TreeNode> = tree.iter().collect();
    while let Some(t) = stack.pop() {
        n += 1;
        stack.extend(t.children.iter());
    }
    n
}

/// Builds the children of a closed item opened for the first time; a no-op when they exist.
pub fn build_children(doc: &Dom, state: &State, li: &Element) -> Result<(), JsValue> {
    if !li.has_attribute("data-lazy") {
        return Ok(());
    }
    let _ = li.remove_attribute("data-lazy");
    let path = li.get_attribute("data-path").unwrap_or_default();
    let level: usize = li
        .get_attribute("aria-level")
        .and_then(|l| l.parse().ok())
        .unwrap_or(1);
    if let Some(n) = state.node(&path) {
        add(li, &children(doc, n, state.lang, level, &path, true));
    }
    Ok(())
}

fn children(doc: &Dom, n: &TreeNode, lang: Lang, level: usize, path: &str, lazy: bool) -> Element {
    let ul = el(doc, "ul", "", None);
    attr(&ul, "role", "group");
    for (i, c) in n.children.iter().enumerate() {
        add(
            &ul,
            &node(doc, c, lang, level + 1, &format!("{path}-{i}"), lazy),
        );
    }
    ul
}

fn node(doc: &Dom, n: &TreeNode, lang: Lang, level: usize, path: &str, lazy: bool) -> Element {
    let li = el(doc, "li", "node", None);
    attr(&li, "role", "treeitem");
    attr(&li, "aria-level", &level.to_string());
    attr(&li, "aria-selected", "false");
    attr(&li, "tabindex", "-1");
    attr(&li, "data-path", path);
    attr(&li, "data-kind", n.kind.id());
    attr(&li, "data-verification", n.verification.id());
    if let Some(d) = &n.digest {
        attr(&li, "data-digest", d);
    }
    if let Some(d) = n.document {
        attr(&li, "data-document", &d.to_string());
    }
    let row = el(doc, "div", "row", None);
    let toggle = el(doc, "span", "toggle", None);
    attr(&toggle, "aria-hidden", "true");
    add(&row, &toggle);
    add(
        &row,
        &el(
            doc,
            "span",
            &format!("kind kind-{}", n.kind.id()),
            Some(kind_label(lang, n)),
        ),
    );
    if let Some(r) = &n.reference {
        add(&row, &el(doc, "span", "reference", Some(r)));
    }
    if let Some(mt) = &n.media_type {
        let short = knowledge::lookup(mt).map_or_else(|| short_media_type(mt), |i| i.short);
        let m = el(doc, "span", "media-type", Some(short));
        attr(&m, "title", mt);
        add(&row, &m);
    }
    if let Some(p) = &n.platform {
        add(&row, &el(doc, "span", "platform", Some(&p.to_string())));
    }
    if let Some(s) = n.size {
        add(&row, &el(doc, "span", "size", Some(&human_size(s))));
    }
    if let Some(d) = &n.digest {
        let code = el(doc, "code", "digest", Some(&short_digest(d)));
        attr(&code, "title", d);
        add(&row, &code);
    }
    add(
        &row,
        &el(
            doc,
            "span",
            &format!("badge badge-{}", n.verification.id()),
            Some(badge(lang, n.verification)),
        ),
    );
    if n.shared {
        add(
            &row,
            &el(doc, "span", "shared", Some(t(lang, "shared", "共有"))),
        );
    }
    add(&li, &row);
    if !n.children.is_empty() {
        if lazy && level >= 2 {
            attr(&li, "aria-expanded", "false");
            attr(&li, "data-lazy", "");
        } else {
            attr(&li, "aria-expanded", "true");
            add(&li, &children(doc, n, lang, level, path, lazy));
        }
    }
    li
}

/// Marks the selected tree item (aria-selected, the one tab stop).
pub fn mark_selected(doc: &Dom, path: Option<&str>) -> Result<(), JsValue> {
    let Some(path) = path else { return Ok(()) };
    let items = doc.query_selector_all("#tree li[role=treeitem]")?;
    for i in 0..items.length() {
        let Some(e) = items
            .get(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        else {
            continue;
        };
        let on = e.get_attribute("data-path").as_deref() == Some(path);
        attr(&e, "aria-selected", if on { "true" } else { "false" });
        attr(&e, "tabindex", if on { "0" } else { "-1" });
    }
    crate::diagram::mark(doc, Some(path));
    Ok(())
}

fn cause_text(lang: Lang, cause: &str) -> &'static str {
    match cause {
        "trailing-newline" => t(lang, "a newline was added at the end; without it the digest matches", "末尾に改行が追加されています。取り除けばダイジェストは一致します"),
        "crlf" => t(lang, "line ends were turned into CRLF; with LF the digest matches", "改行が CRLF に変わっています。LF に戻せば一致します"),
        "crlf-and-trailing-newline" => t(lang, "CRLF line ends and a trailing newline were added", "CRLF の改行と末尾の改行が追加されています"),
        "bom" => t(lang, "a byte order mark (BOM) was added", "バイトオーダーマーク（BOM）が追加されています"),
        "reformatted" => t(lang, "the same JSON with other formatting (re-indented, keys reordered or escapes changed): these are not the registry's bytes", "同じ JSON でも書式が違います（インデント、キー順、エスケープ）: レジストリのバイト列ではありません"),
        "different-content" => t(lang, "the content itself differs: another document, or an edit", "内容そのものが違います（別のドキュメントか編集済み）"),
        _ => "",
    }
}

/// Who claims a digest, in words (the JSON's `source` id otherwise).
fn source_text(lang: Lang, source: &str) -> &str {
    match source {
        "imagetools-digest-line" => t(
            lang,
            "the Digest: line of imagetools",
            "imagetools の Digest: 行",
        ),
        "imagetools-name" => t(
            lang,
            "the Name: line of imagetools",
            "imagetools の Name: 行",
        ),
        "descriptor" => t(
            lang,
            "the descriptor pointing at it",
            "これを指すディスクリプター",
        ),
        "docker-content-digest" => t(
            lang,
            "the registry's Docker-Content-Digest header",
            "レジストリの Docker-Content-Digest ヘッダー",
        ),
        "manifest-inspect-descriptor" => t(
            lang,
            "the Descriptor of docker manifest inspect -v",
            "docker manifest inspect -v の Descriptor",
        ),
        "layout-file-name" => t(
            lang,
            "its blob file name in the OCI layout",
            "OCI レイアウト内の blob のファイル名",
        ),
        "file-name" => t(lang, "its file name", "ファイル名"),
        "tool-field" => t(
            lang,
            "the digest field the tool printed",
            "ツールが表示した digest 欄",
        ),
        "reference" => t(lang, "the reference you pasted", "貼り付けた参照"),
        "requested-digest" => t(
            lang,
            "the digest it was fetched by",
            "取得に使ったダイジェスト",
        ),
        other => other,
    }
}

fn verdict_text(lang: Lang, v: &str) -> &'static str {
    match v {
        "match" => t(lang, "✓ matches", "✓ 一致"),
        "mismatch" => t(lang, "✗ does not match", "✗ 不一致"),
        "cannot-recompute" => t(lang, "≈ cannot be recomputed", "≈ 再計算できません"),
        _ => t(lang, "?", "?"),
    }
}

fn fact(doc: &Dom, dl: &Element, term: &str, value: &str) -> Element {
    add(dl, &el(doc, "dt", "", Some(term)));
    let dd = el(doc, "dd", "", Some(value));
    add(dl, &dd);
    dd
}

fn heading(doc: &Dom, parent: &Element, text: &str) {
    add(parent, &el(doc, "h4", "", Some(text)));
}

/// The details panel for the selected node.
pub fn details(doc: &Dom, state: &State) -> Result<(), JsValue> {
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
                    Some(t(
                        lang,
                        "Select a node in the tree (click, or arrow keys and Enter) to see what it is.",
                        "ツリーのノードを選ぶ（クリック、または矢印キーと Enter）と、それが何かを表示します。",
                    )),
                ),
            );
        }
        return Ok(());
    };
    let a = state.analysis.as_ref().expect("a node implies an analysis");
    let document = n.document.and_then(|i| a.documents.get(i));
    let djson = n.document.and_then(|i| state.document_json(i));

    let title = match n.media_type.as_deref().and_then(knowledge::lookup) {
        Some(info) => format!("{}: {}", kind_label(lang, n), info.short),
        None => kind_label(lang, n).to_string(),
    };
    add(
        &panel,
        &with_id(el(doc, "h3", "", Some(&title)), "details-title"),
    );
    if let Some(mt) = &n.media_type {
        add(
            &panel,
            &with_id(
                el(
                    doc,
                    "p",
                    "explanation",
                    Some(knowledge::describe(mt).get(lang)),
                ),
                "details-explanation",
            ),
        );
    }
    if let Some(class) = djson
        .and_then(|d| d.get("class"))
        .and_then(|c| c.get("explanation"))
        .and_then(Value::as_str)
    {
        add(
            &panel,
            &with_id(el(doc, "p", "class", Some(class)), "details-class"),
        );
    }
    if !n.provided {
        add(&panel, &el(doc, "p", "note", Some(t(lang, "Not provided: known only from the descriptor that points at it. Paste its bytes too to check them.", "未提供: 指しているディスクリプターからしか分かりません。中身も貼り付ければ検証できます。"))));
    }

    let dl = el(doc, "dl", "facts", None);
    if let Some(mt) = &n.media_type {
        let dd = fact(doc, &dl, t(lang, "Media type", "メディアタイプ"), "");
        add(&dd, &el(doc, "code", "", Some(mt)));
    }
    if let Some(at) = &n.artifact_type {
        let dd = fact(
            doc,
            &dl,
            t(lang, "Artifact type", "アーティファクトタイプ"),
            "",
        );
        add(&dd, &el(doc, "code", "", Some(at)));
    }
    if let Some(d) = &n.digest {
        let dd = fact(doc, &dl, t(lang, "Digest", "ダイジェスト"), "");
        add(
            &dd,
            &with_id(el(doc, "code", "full-digest", Some(d)), "full-digest"),
        );
        let copy = button(doc, "copy-digest", "small");
        copy.set_text_content(Some(t(lang, "Copy", "コピー")));
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
        fact(doc, &dl, t(lang, "Size", "サイズ"), &text);
    }
    if let Some(p) = &n.platform {
        fact(
            doc,
            &dl,
            t(lang, "Platform", "プラットフォーム"),
            &platform::format_all(p),
        );
    }
    if let Some(r) = &n.reference {
        fact(doc, &dl, t(lang, "Reference", "参照"), r);
    }
    fact(
        doc,
        &dl,
        t(lang, "Verification", "検証"),
        badge(lang, n.verification),
    );
    if n.shared {
        fact(
            doc,
            &dl,
            t(lang, "Shared", "共有"),
            t(
                lang,
                "referenced by more than one manifest: pulled once (\"Already exists\")",
                "複数のマニフェストから参照されています: pull は 1 回だけ（\"Already exists\"）",
            ),
        );
    }
    add(&panel, &dl);

    if !n.annotations.is_empty() {
        heading(doc, &panel, t(lang, "Annotations", "アノテーション"));
        let adl = with_id(el(doc, "dl", "annotations", None), "annotations");
        for (k, v) in &n.annotations {
            let dt = el(doc, "dt", "", None);
            add(&dt, &el(doc, "code", "", Some(k)));
            add(&adl, &dt);
            let dd = el(doc, "dd", "", None);
            add(&dd, &el(doc, "span", "value", Some(v)));
            if let Some(info) = knowledge::annotation(k) {
                add(
                    &dd,
                    &el(doc, "span", "meaning", Some(info.text().get(lang))),
                );
            }
            add(&adl, &dd);
        }
        add(&panel, &adl);
    }

    if let (Some(d), Some(dj)) = (document, djson) {
        digest_check(doc, &panel, lang, d, dj)?;
        if d.kind == ocilens_core::Kind::Config {
            config(doc, &panel, lang, d)?;
        }
        if let Some(att) = dj.get("attestation").filter(|v| !v.is_null()) {
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

fn digest_check(
    doc: &Dom,
    panel: &Element,
    lang: Lang,
    d: &Document,
    dj: &Value,
) -> Result<(), JsValue> {
    heading(
        doc,
        panel,
        t(lang, "Digest check, step by step", "ダイジェストの確認手順"),
    );
    let ol = with_id(el(doc, "ol", "digest-check", None), "digest-check");
    let input = dj.get("input").and_then(Value::as_str).unwrap_or("");
    let step1 = match lang {
        Lang::En => format!(
            "These bytes: {} bytes from {input}, line {}.",
            d.bytes.len(),
            d.line
        ),
        Lang::Ja => format!(
            "このバイト列: {input} の {} 行目から {} バイト。",
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
                    Some(t(
                        lang,
                        "sha256 over exactly these bytes → ",
                        "このバイト列そのものの sha256 → ",
                    )),
                ),
            );
            add(&step2, &el(doc, "code", "", Some(digest)));
        }
        None => {
            let note = dj.get("digestNote").and_then(Value::as_str).unwrap_or(t(
                lang,
                "The digest cannot be recomputed from these bytes.",
                "このバイト列からはダイジェストを再計算できません。",
            ));
            step2.set_text_content(Some(note));
        }
    }
    add(&ol, &step2);
    let claims = dj
        .get("claimedDigests")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if claims.is_empty() {
        add(
            &ol,
            &el(
                doc,
                "li",
                "",
                Some(t(
                    lang,
                    "No other source claims a digest for it: nothing to compare with.",
                    "ほかにダイジェストを示すものが無く、比較できません。",
                )),
            ),
        );
    }
    for c in claims {
        let li = el(doc, "li", "claim", None);
        let verdict = c.get("verdict").and_then(Value::as_str).unwrap_or("");
        attr(&li, "data-verdict", verdict);
        let source = c.get("source").and_then(Value::as_str).unwrap_or("");
        let detail = c.get("sourceDetail").and_then(Value::as_str);
        let name = source_text(lang, source);
        let who = match detail {
            Some(dt) => format!("{name} ({dt})"),
            None => name.to_string(),
        };
        let lead = match lang {
            Lang::En => format!("Compare with the claim of {who}: "),
            Lang::Ja => format!("{who} の示すダイジェストと比較: "),
        };
        add(&li, &el(doc, "span", "", Some(&lead)));
        if let Some(cd) = c.get("digest").and_then(Value::as_str) {
            add(&li, &el(doc, "code", "", Some(cd)));
        }
        add(
            &li,
            &el(
                doc,
                "strong",
                &format!("verdict verdict-{verdict}"),
                Some(&format!(" {}", verdict_text(lang, verdict))),
            ),
        );
        if let Some(cause) = c.get("cause").and_then(Value::as_str) {
            let li_cause = el(
                doc,
                "span",
                "cause",
                Some(&format!(": {}", cause_text(lang, cause))),
            );
            attr(&li_cause, "data-cause", cause);
            add(&li, &li_cause);
        }
        add(&ol, &li);
    }
    add(panel, &ol);
    Ok(())
}

fn config(doc: &Dom, panel: &Element, lang: Lang, d: &Document) -> Result<(), JsValue> {
    // The core's own reader (already parsed, keeps key order): no second JSON parser in the page.
    let Some(v) = d.json.as_ref() else {
        return Ok(());
    };
    heading(doc, panel, t(lang, "What the config says", "config の内容"));
    let dl = with_id(el(doc, "dl", "facts", None), "config-facts");
    let s = |k: &str| v.get_str(k).unwrap_or("");
    let mut plat = format!("{}/{}", s("os"), s("architecture"));
    if !s("variant").is_empty() {
        plat = format!("{plat}/{}", s("variant"));
    }
    fact(doc, &dl, "os/arch", &plat);
    let created = s("created");
    let created_text = if created.is_empty() {
        t(lang, "not set: the builder recorded no real timestamp (reproducible builds and attestation configs do this)", "未設定: ビルダーが実際の時刻を記録していません（再現可能ビルドやアテステーションの config に見られます）").to_string()
    } else if created.starts_with("1970-01-01") {
        match lang {
            Lang::En => format!("{created}: the Unix epoch, not a real timestamp (SOURCE_DATE_EPOCH=0 or an attestation config): tools show \"56 years ago\""),
            Lang::Ja => format!("{created}: Unix エポックで、実際の時刻ではありません（SOURCE_DATE_EPOCH=0 やアテステーションの config）。ツールには「56 年前」と表示されます"),
        }
    } else {
        created.to_string()
    };
    fact(doc, &dl, t(lang, "Created", "作成日時"), &created_text);
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
        let dd = fact(doc, &dl, t(lang, "Labels", "ラベル"), "");
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
        let dd = fact(doc, &dl, t(lang, "History", "履歴"), &text);
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
                        Some(t(lang, " (no layer)", "（レイヤーなし）")),
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

fn attestation(doc: &Dom, panel: &Element, lang: Lang, att: &Value) -> Result<(), JsValue> {
    heading(
        doc,
        panel,
        t(lang, "Attestation, decoded", "アテステーションの内容"),
    );
    let dl = with_id(el(doc, "dl", "facts", None), "attestation-facts");
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(p) = s(att, "predicateType") {
        let name = s(att, "predicateName").map_or(p.clone(), |n| format!("{n} ({p})"));
        fact(doc, &dl, t(lang, "Predicate", "述語"), &name);
    }
    if let Some(subjects) = att.get("subjects").and_then(Value::as_array) {
        let dd = fact(doc, &dl, t(lang, "Subjects", "対象"), "");
        if subjects.is_empty() {
            dd.set_text_content(Some(t(lang, "none (BuildKit leaves the subject empty: the index entry says which image it describes)", "なし（BuildKit は subject を空にします。どのイメージの説明かはインデックスのエントリーが示します）")));
        }
        for sub in subjects {
            let text = format!(
                "{} {}",
                s(sub, "name").unwrap_or_default(),
                sub.get("digests")
                    .and_then(Value::as_array)
                    .map(|d| d
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" "))
                    .unwrap_or_default()
            );
            add(&dd, &el(doc, "code", "line", Some(&text)));
        }
    }
    if let Some(p) = att.get("provenance").filter(|v| !v.is_null()) {
        for (k, label) in [
            ("slsaVersion", "SLSA"),
            ("builder", t(lang, "Builder", "ビルダー")),
            ("buildType", t(lang, "Build type", "ビルドの種類")),
            ("source", t(lang, "Source", "ソース")),
            ("revision", t(lang, "Revision", "リビジョン")),
            ("entryPoint", t(lang, "Entry point", "エントリーポイント")),
            ("started", t(lang, "Started", "開始")),
            ("finished", t(lang, "Finished", "終了")),
        ] {
            if let Some(v) = s(p, k) {
                fact(doc, &dl, label, &v);
            }
        }
        if let Some(m) = p.get("materials").and_then(Value::as_array) {
            let dd = fact(doc, &dl, t(lang, "Materials", "マテリアル"), "");
            for mat in m {
                add(
                    &dd,
                    &el(
                        doc,
                        "code",
                        "line",
                        Some(&s(mat, "uri").unwrap_or_default()),
                    ),
                );
            }
        }
    }
    if let Some(b) = att.get("sbom").filter(|v| !v.is_null()) {
        let format = [s(b, "format"), s(b, "version")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        fact(doc, &dl, "SBOM", &format);
        if let Some(n) = s(b, "name") {
            fact(doc, &dl, t(lang, "Name", "名前"), &n);
        }
        if let Some(p) = b.get("packages").and_then(Value::as_u64) {
            fact(
                doc,
                &dl,
                t(lang, "Packages", "パッケージ数"),
                &p.to_string(),
            );
        }
    }
    add(panel, &dl);
    Ok(())
}

/// The simulator's result, and `data-chosen` on the tree nodes of the pulled manifest.
pub fn simulation(doc: &Dom, state: &State) -> Result<(), JsValue> {
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
                Some(t(
                    lang,
                    "Choose a machine to see which entry it pulls, or why the pull fails.",
                    "マシンを選ぶと、どのエントリーを pull するか、なぜ失敗するかを表示します。",
                )),
            ),
        );
        return Ok(());
    }
    if let Some(h) = platform::host(&state.host) {
        add(&out, &el(doc, "p", "host-note", Some(h.note().get(lang))));
    }
    let m = match state.simulation() {
        None => {
            if state.analysis.is_some() && state.host != "custom" {
                add(
                    &out,
                    &el(
                        doc,
                        "p",
                        "hint",
                        Some(t(
                            lang,
                            "There is no index or manifest to pull in this input.",
                            "この入力には pull できるインデックスもマニフェストもありません。",
                        )),
                    ),
                );
            }
            return Ok(());
        }
        Some(Err(e)) => {
            add(
                &out,
                &with_id(el(doc, "p", "sim-error", Some(&e)), "sim-parse-error"),
            );
            return Ok(());
        }
        Some(Ok(m)) => m,
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
            let p = c
                .platform
                .as_ref()
                .map_or_else(|| "—".to_string(), platform::format);
            add(&li, &el(doc, "code", "platform", Some(&p)));
            if let Some(d) = &c.digest {
                add(&li, &el(doc, "code", "digest", Some(&short_digest(d))));
            }
            add(&li, &el(doc, "span", "reason", Some(c.reason.get(lang))));
            add(&ol, &li);
        }
        add(&out, &ol);
    }
    if let Some(err) = &m.error {
        add(
            &out,
            &el(
                doc,
                "p",
                "",
                Some(t(lang, "The runtime prints:", "ランタイムの表示:")),
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
    if let Some(f) = m.finding() {
        if let Some(fix) = &f.fix {
            add(
                &out,
                &with_id(el(doc, "p", "fix", Some(fix.get(lang))), "sim-fix"),
            );
        }
    }
    if let Some(d) = &m.chosen {
        let sel = format!("#tree li[data-digest=\"{}\"]", css_escape(d));
        let nodes = doc.query_selector_all(&sel)?;
        for i in 0..nodes.length() {
            if let Some(e) = nodes
                .get(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            {
                let kind = e.get_attribute("data-kind").unwrap_or_default();
                if kind == "manifest" || kind == "schema1-manifest" {
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

/// A digest inside a CSS attribute selector: only `[A-Za-z0-9:+._-]` are kept.
fn css_escape(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '+' | '.' | '_' | '-'))
        .collect()
}

fn severity_label(lang: Lang, s: Severity, n: usize) -> String {
    let (en, ja) = match s {
        Severity::Error => ("Errors", "エラー"),
        Severity::Warning => ("Warnings", "警告"),
        Severity::Info => ("Good to know", "参考情報"),
    };
    match lang {
        Lang::En => format!("{en} ({n})"),
        Lang::Ja => format!("{ja}（{n} 件）"),
    }
}

fn findings(doc: &Dom, root: &Element, a: &Analysis, lang: Lang) -> Result<(), JsValue> {
    let mut shown = std::collections::BTreeSet::new();
    let mut stack: Vec<&TreeNode> = a.tree.iter().collect();
    while let Some(n) = stack.pop() {
        shown.extend(n.document);
        stack.extend(n.children.iter());
    }
    if a.findings.is_empty() {
        add(
            root,
            &el(
                doc,
                "p",
                "hint",
                Some(t(lang, "No findings.", "指摘事項はありません。")),
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
            attr(&li, "data-code", f.code);
            let head = el(doc, "div", "finding-head", None);
            add(&head, &el(doc, "code", "code", Some(f.code)));
            if let Some(d) = f.location.document {
                attr(&li, "data-document", &d.to_string());
            }
            // A button only when a tree node shows that document.
            if let Some(d) = f.location.document.filter(|d| shown.contains(d)) {
                let b = el(
                    doc,
                    "button",
                    "small show-node",
                    Some(t(lang, "Show in tree", "ツリーで表示")),
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
