//! The fixed parts of the page: header, input, gallery, panels, and their labels in each language.

use crate::dom::Scope;
use ocilens_core::explain::platform;
use ocilens_core::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{DragEvent, Element};

use crate::dom::{add, attr, button, clear, el, with_id};
use crate::examples::EXAMPLES;
use crate::msg::{closest_attr, Listen, Msg};

/// The fixed parts of the page.
pub fn skeleton(doc: &Scope, root: &Element, lang: Lang) -> Result<(), JsValue> {
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

    add(root, &error(doc));

    // Input: paste area, actions, what was recognised.
    let input = with_id(el(doc, "section", "input", None), "input-pane");
    let label = with_id(el(doc, "label", "", None), "input-label");
    attr(&label, "for", "input");
    add(&input, &label);
    let area = with_id(doc.create_element("textarea")?, "input");
    attr(&area, "spellcheck", "false");
    // Not kept in the browser's session history either: the pasted data stays in the page, and
    // Chromium would serialise megabytes of it a second after each change (a 100 ms stall).
    attr(&area, "autocomplete", "off");
    attr(&area, "rows", "12");
    attr(&area, "aria-describedby", "drop-hint");
    add(&input, &area);
    crate::view::compare::build_input(doc, &input)?;
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
    let compare = button(doc, "compare-toggle", "");
    attr(&compare, "aria-pressed", "false");
    attr(&compare, "aria-controls", "compare-input");
    add(&actions, &compare);
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
    crate::view::fetch_panel::build(doc, root);

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

    panels(doc, root)?;
    relabel(doc, lang, "")
}

/// The error line (an alert region, hidden until needed).
fn error(doc: &Scope) -> Element {
    let error = part(with_id(el(doc, "p", "error", None), "error"), "error");
    attr(&error, "role", "alert");
    attr(&error, "hidden", "");
    error
}

/// The busy line: shown while an analysis runs longer than a moment, with Cancel; what a
/// cancelled analysis left is said in its status.
fn busy(doc: &Scope) -> Element {
    let line = part(with_id(el(doc, "div", "busy", None), "busy"), "busy");
    attr(&line, "hidden", "");
    let text = with_id(el(doc, "span", "", None), "busy-text");
    attr(&text, "role", "status");
    add(&line, &text);
    // How far an archive's reading and hashing is (in thousandths); hidden for other work.
    let bar = with_id(el(doc, "progress", "", None), "busy-bar");
    attr(&bar, "max", "1000");
    attr(&bar, "hidden", "");
    add(&line, &bar);
    add(&line, &button(doc, "analysis-cancel", ""));
    let wrap = el(doc, "div", "", None);
    add(&wrap, &line);
    let status = with_id(el(doc, "p", "status", None), "busy-status");
    attr(&status, "aria-live", "polite");
    add(&wrap, &status);
    wrap
}

/// Names a panel for an embedder's stylesheet (`oci-lens::part(tree)`).
fn part(e: Element, name: &str) -> Element {
    attr(&e, "part", name);
    e
}

#[cfg(feature = "embed")]
/// What an `<oci-lens>` element shows in its shadow root: the error line and the panels
/// (which of them are visible is its `view`), inside `#lens`, which carries its language.
pub fn embedded(doc: &Scope, root: &web_sys::ShadowRoot, lang: Lang) -> Result<(), JsValue> {
    let lens = part(with_id(el(doc, "div", "lens", None), "lens"), "base");
    add(&lens, &error(doc));
    panels(doc, &lens)?;
    root.append_child(&lens)?;
    relabel(doc, lang, "")
}

/// The panels every view has: tree and details side by side, the diagram, the simulator and
/// the findings.
fn panels(doc: &Scope, root: &Element) -> Result<(), JsValue> {
    add(root, &busy(doc));
    crate::view::compare::build_panel(doc, root);
    // Tree and details side by side.
    let results = el(doc, "div", "results", None);
    let tree_pane = part(
        with_id(el(doc, "section", "tree-pane", None), "tree-pane"),
        "tree",
    );
    add(
        &tree_pane,
        &with_id(el(doc, "h2", "", None), "tree-heading"),
    );
    let tree = with_id(el(doc, "ul", "tree", None), "tree");
    attr(&tree, "role", "tree");
    attr(&tree, "aria-labelledby", "tree-heading");
    add(&tree_pane, &tree);
    // A pasted `docker pull` log, line by line, beside the tree.
    add(
        &tree_pane,
        &with_id(el(doc, "div", "pull-logs", None), "pull-logs"),
    );
    crate::view::which::build(doc, &tree_pane);
    add(&results, &tree_pane);
    let details_pane = part(
        with_id(el(doc, "section", "details-pane", None), "details-pane"),
        "details",
    );
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
    let pane = part(
        with_id(el(doc, "section", "diagram-pane", None), "diagram-pane"),
        "diagram",
    );
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
    let sim = part(
        with_id(el(doc, "section", "simulator", None), "simulator"),
        "simulator",
    );
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

    let findings = part(
        with_id(el(doc, "section", "findings-pane", None), "findings-pane"),
        "findings",
    );
    add(
        &findings,
        &with_id(el(doc, "h2", "", None), "findings-heading"),
    );
    add(
        &findings,
        &with_id(el(doc, "div", "findings", None), "findings"),
    );
    add(root, &findings);
    Ok(())
}

/// Sets every fixed label in `lang` (and rebuilds the gallery and host list in it).
pub fn relabel(doc: &Scope, lang: Lang, host: &str) -> Result<(), JsValue> {
    let labels = [
        ("tagline", lang.pick("Paste what your terminal printed: imagetools inspect, a manifest, an index, a config. It is analysed as you type. Nothing leaves this page.", "ターミナルの出力（imagetools inspect、マニフェスト、インデックス、config）を貼り付けてください。入力に合わせて解析します。データはこのページから外に出ません。")),
        ("input-label", lang.pick("Input", "入力")),
        ("analyse", lang.pick("Analyse", "解析")),
        ("clear", lang.pick("Clear", "クリア")),
        ("open-label", lang.pick("Open files or an archive…", "ファイルやアーカイブを開く…")),
        ("share", lang.pick("Copy share link", "共有リンクをコピー")),
        ("folder-label", lang.pick("Open an OCI layout folder…", "OCI レイアウトのフォルダーを開く…")),
        ("drop-hint", lang.pick("or drop files, an archive (docker save, an OCI layout .tar) or an OCI layout folder anywhere on the page", "またはファイル、アーカイブ（docker save、OCI レイアウトの .tar）、OCI レイアウトのフォルダーをページにドロップ")),
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
        ("analysis-cancel", lang.pick("Cancel", "中止")),
    ];
    for (id, text) in labels
        .into_iter()
        .chain(crate::view::fetch_panel::labels(lang))
        .chain(crate::view::which::labels(lang))
        .chain(crate::view::compare::labels(lang))
    {
        if let Some(e) = doc.get_element_by_id(id) {
            e.set_text_content(Some(text));
        }
    }
    if let Some(bar) = doc.get_element_by_id("busy-bar") {
        attr(&bar, "aria-label", lang.pick("Progress", "進捗"));
    }
    if let Some(root) = doc.lang_root() {
        attr(&root, "lang", lang.id());
    }
    gallery(doc, lang)?;
    hosts(doc, lang, host)
}

pub(super) fn gallery(doc: &Scope, lang: Lang) -> Result<(), JsValue> {
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

pub(super) fn hosts(doc: &Scope, lang: Lang, selected: &str) -> Result<(), JsValue> {
    let Some(select) = clear(doc, "host") else {
        return Ok(());
    };
    let mut options = vec![(
        String::new(),
        lang.pick("— choose a machine —", "— マシンを選択 —")
            .to_string(),
    )];
    for (id, name, shown) in platform::picker() {
        options.push((id.to_string(), format!("{} ({shown})", name.get(lang))));
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

/// The input pane's, the header's and the whole page's events.
pub const EVENTS: &[Listen] = &[
    ("analyse", "click", |_| Some(Msg::Analyse)),
    ("analysis-cancel", "click", |_| Some(Msg::CancelAnalysis)),
    ("input", "input", |_| Some(Msg::Typed)),
    ("clear", "click", |_| Some(Msg::Clear)),
    ("files", "change", |_| Some(Msg::Picked("files"))),
    ("folder", "change", |_| Some(Msg::Picked("folder"))),
    ("examples", "click", |e| {
        closest_attr(e, "button[data-example]", "data-example").map(Msg::Example)
    }),
    ("lang", "change", |_| Some(Msg::Lang)),
    ("share", "click", |_| Some(Msg::Share)),
    // Dropping files anywhere on the page opens them.
    ("ocilens", "dragover", |e| {
        e.prevent_default();
        None
    }),
    ("ocilens", "dragenter", |_| Some(Msg::Dragging(true))),
    ("ocilens", "dragleave", |e| {
        // Leaving the page, not moving between its children.
        let outside = e
            .dyn_ref::<DragEvent>()
            .is_some_and(|d| d.related_target().is_none());
        outside.then_some(Msg::Dragging(false))
    }),
    ("ocilens", "drop", |e| {
        e.dyn_ref::<DragEvent>().cloned().map(Msg::Dropped)
    }),
];
