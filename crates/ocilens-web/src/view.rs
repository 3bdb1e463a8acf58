//! DOM building. Every piece of user data goes in with `set_text_content` or an attribute value,
//! never as HTML.

use ocilens_core::explain::attestation::Statement;
use ocilens_core::explain::{knowledge, platform};
use ocilens_core::findings::Severity;
use ocilens_core::present::labels::{human_size, short_digest};
use ocilens_core::{Analysis, Document, Format, Lang, TreeNode};
use wasm_bindgen::{JsValue, UnwrapThrowExt};
use web_sys::{Document as Dom, Element};

use crate::examples::EXAMPLES;
use crate::state::{Source, State};

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
        ("tagline", lang.pick("Paste what your terminal printed: imagetools inspect, a manifest, an index, a config. It is analysed as you type. Nothing leaves this page.", "ターミナルの出力（imagetools inspect、マニフェスト、インデックス、config）を貼り付けてください。入力に合わせて解析します。データはこのページから外に出ません。")),
        ("input-label", lang.pick("Input", "入力")),
        ("analyse", lang.pick("Analyse", "解析")),
        ("clear", lang.pick("Clear", "クリア")),
        ("open-label", lang.pick("Open files…", "ファイルを開く…")),
        ("share", lang.pick("Copy share link", "共有リンクをコピー")),
        ("folder-label", lang.pick("Open an OCI layout folder…", "OCI レイアウトのフォルダーを開く…")),
        ("drop-hint", lang.pick("or drop files or an OCI layout folder anywhere on the page", "またはファイルや OCI レイアウトのフォルダーをページにドロップ")),
        ("examples-heading", lang.pick("Examples: real captures", "例: 実際の出力")),
        ("tree-heading", lang.pick("Tree", "ツリー")),
        ("details-heading", lang.pick("Details", "詳細")),
        ("diagram-heading", lang.pick("Diagram: table of contents → blueprint → parts", "図: 目次 → 設計図 → 部品")),
        ("save-svg", lang.pick("Save SVG", "SVG で保存")),
        ("save-png", lang.pick("Save PNG", "PNG で保存")),
        ("sim-heading", lang.pick("Which image will my machine pull?", "自分のマシンはどのイメージをプルする？")),
        ("host-label", lang.pick("Host", "ホスト")),
        ("custom-label", lang.pick("or os/arch[/variant]", "または os/arch[/variant]")),
        ("findings-heading", lang.pick("Findings", "指摘事項")),
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
        lang.pick("— choose a machine —", "— マシンを選択 —")
            .to_string(),
    )];
    for h in platform::hosts() {
        options.push((
            h.id.to_string(),
            format!("{} ({})", h.name().get(lang), platform::format(&h.platform)),
        ));
    }
    options.push((
        "custom".into(),
        lang.pick("Custom os/arch/variant", "カスタム os/arch/variant")
            .into(),
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

/// Above this many nodes, items below the second level start closed and are built on opening.
pub const LAZY_NODES: usize = 400;

fn count(tree: &[TreeNode]) -> usize {
    TreeNode::walk(tree).count()
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
            Some(n.label(lang)),
        ),
    );
    if let Some(r) = &n.reference {
        add(&row, &el(doc, "span", "reference", Some(r)));
    }
    if let Some(mt) = &n.media_type {
        let m = el(doc, "span", "media-type", n.short_media_type());
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
    if let Some(badge) = n.badge(lang) {
        let class = format!("badge badge-{}", n.verification.id());
        add(&row, &el(doc, "span", &class, Some(badge)));
    }
    if n.shared {
        add(
            &row,
            &el(doc, "span", "shared", Some(TreeNode::shared_label(lang))),
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

    if !n.annotations.is_empty() {
        heading(doc, &panel, lang.pick("Annotations", "アノテーション"));
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

fn digest_check(
    doc: &Dom,
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

fn config(doc: &Dom, panel: &Element, lang: Lang, d: &Document) -> Result<(), JsValue> {
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

fn attestation(doc: &Dom, panel: &Element, lang: Lang, att: &Statement) -> Result<(), JsValue> {
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
        fact(doc, &dl, "SLSA", p.slsa_version);
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
                Some(lang.pick(
                    "Choose a machine to see which entry it pulls, or why the pull fails.",
                    "マシンを選ぶと、どのエントリーをプルするか、なぜ失敗するかを表示します。",
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
                        Some(lang.pick(
                            "There is no index or manifest to pull in this input.",
                            "この入力にはプルできるインデックスもマニフェストもありません。",
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
    let title = s.group_label(lang);
    match lang {
        Lang::En => format!("{title} ({n})"),
        Lang::Ja => format!("{title}（{n} 件）"),
    }
}

fn findings(doc: &Dom, root: &Element, a: &Analysis, lang: Lang) -> Result<(), JsValue> {
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
