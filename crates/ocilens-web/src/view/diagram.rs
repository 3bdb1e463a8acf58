//! The tree drawn as SVG, left to right (the core lays it out: `ocilens_core::present::diagram`), and its
//! export as SVG and PNG files. Text goes in as text nodes, never as markup.

use crate::dom::Scope;
use ocilens_core::present::diagram::{self, BOX_HEIGHT, BOX_WIDTH};
use ocilens_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, Element, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url, XmlSerializer,
};

use crate::msg::{closest, closest_attr, Listen, Msg};
use crate::state::State;
use crate::view::tree::LAZY_NODES;

const SVG: &str = "http://www.w3.org/2000/svg";

fn svg(doc: &Scope, tag: &str, attrs: &[(&str, &str)]) -> Element {
    let e = doc.create_element_ns(Some(SVG), tag).unwrap_throw();
    for (k, v) in attrs {
        let _ = e.set_attribute(k, v);
    }
    e
}

fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// Draws the diagram into `#diagram` (or, for a large tree, offers a button that draws it).
pub fn render(doc: &Scope, state: &State, force: bool) {
    let Some(out) = doc.get_element_by_id("diagram") else {
        return;
    };
    out.set_text_content(None);
    let lang = state.lang;
    let Some(a) = &state.analysis else { return };
    if a.tree.is_empty() {
        return;
    }
    let paths = state.preorder_paths();
    if paths.len() > LAZY_NODES && !force {
        let b = doc.create_element("button").unwrap_throw();
        let _ = b.set_attribute("type", "button");
        b.set_id("draw-diagram");
        let text = match lang {
            Lang::En => format!(
                "Draw the diagram ({} boxes)",
                paths.len().min(diagram::MAX_BOXES)
            ),
            Lang::Ja => format!("図を描く（{} 個）", paths.len().min(diagram::MAX_BOXES)),
        };
        b.set_text_content(Some(&text));
        add(&out, &b);
        return;
    }
    let d = diagram::layout(&a.tree, lang);
    let (w, h) = (d.width.to_string(), d.height.to_string());
    let view_box = format!("0 0 {w} {h}");
    let root = svg(
        doc,
        "svg",
        &[
            ("xmlns", SVG),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("role", "img"),
            ("font-family", diagram::FONT),
            ("font-size", &diagram::FONT_SIZE.to_string()),
        ],
    );
    root.set_id("diagram-svg");
    let title = svg(doc, "title", &[]);
    title.set_text_content(Some(diagram::heading(lang)));
    add(&root, &title);
    add(
        &root,
        &svg(
            doc,
            "rect",
            &[("width", &w), ("height", &h), ("fill", "#ffffff")],
        ),
    );
    let (bw, bh) = (BOX_WIDTH, BOX_HEIGHT);
    // Edges first, boxes over them.
    for b in &d.boxes {
        let Some(path) = diagram::edge(&d, b) else {
            continue;
        };
        add(
            &root,
            &svg(
                doc,
                "path",
                &[
                    ("d", &path),
                    ("fill", "none"),
                    ("stroke", diagram::EDGE_COLOUR),
                ],
            ),
        );
    }
    for b in &d.boxes {
        let Some(path) = paths.get(b.id) else {
            continue;
        };
        let v = b.verification.id();
        let (bg, line) = diagram::colours(b.verification);
        let (x, y) = (b.x.to_string(), b.y.to_string());
        let g = svg(
            doc,
            "g",
            &[
                ("class", "box"),
                ("data-path", path),
                ("data-kind", b.kind.id()),
                ("data-verification", v),
            ],
        );
        let rect = svg(
            doc,
            "rect",
            &[
                ("x", &x),
                ("y", &y),
                ("width", &bw.to_string()),
                ("height", &bh.to_string()),
                ("rx", "6"),
                ("fill", bg),
                ("stroke", line),
                ("stroke-dasharray", if b.provided { "none" } else { "4 3" }),
            ],
        );
        add(&g, &rect);
        for (tx, ty, text, bold) in diagram::rows(b) {
            let e = svg(
                doc,
                "text",
                &[
                    ("x", &tx.to_string()),
                    ("y", &ty.to_string()),
                    ("fill", diagram::TEXT_COLOUR),
                    ("font-weight", if bold { "600" } else { "400" }),
                ],
            );
            e.set_text_content(Some(text));
            add(&g, &e);
        }
        add(&root, &g);
    }
    add(&out, &root);
    if d.truncated {
        let p = doc.create_element("p").unwrap_throw();
        p.set_class_name("hint");
        p.set_text_content(Some(diagram::cut_note(lang)));
        add(&out, &p);
    }
    mark(doc, state.selected.as_deref());
}

/// Marks the selected box (and, through `data-chosen`, the simulator's pick is marked by view).
pub fn mark(doc: &Scope, selected: Option<&str>) {
    let Ok(boxes) = doc.query_selector_all("#diagram g.box") else {
        return;
    };
    for i in 0..boxes.length() {
        let Some(g) = boxes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let on = selected.is_some() && g.get_attribute("data-path").as_deref() == selected;
        let _ = g.set_attribute("aria-current", if on { "true" } else { "false" });
    }
}

fn serialized(doc: &Scope) -> Option<(String, u32, u32)> {
    let svg = doc.get_element_by_id("diagram-svg")?;
    let w = svg.get_attribute("width")?.parse().ok()?;
    let h = svg.get_attribute("height")?.parse().ok()?;
    let text = XmlSerializer::new().ok()?.serialize_to_string(&svg).ok()?;
    Some((text, w, h))
}

fn download(doc: &Scope, blob: &Blob, name: &str) {
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a") {
        let a: HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    crate::js::later(5_000, move || {
        let _ = Url::revoke_object_url(&url);
    });
}

/// Saves the diagram as an SVG file.
pub fn save_svg(doc: &Scope) {
    let Some((text, _, _)) = serialized(doc) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let bag = BlobPropertyBag::new();
    bag.set_type("image/svg+xml");
    if let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &bag) {
        download(doc, &blob, "ocilens-diagram.svg");
    }
}

/// Saves the diagram as a PNG file (drawn through an image of the SVG: a `data:` URL, which
/// the page's Content-Security-Policy allows for images).
pub fn save_png(doc: &Scope) {
    let Some((text, w, h)) = serialized(doc) else {
        return;
    };
    let Some(win) = web_sys::window() else { return };
    // btoa takes Latin-1: encode the UTF-8 bytes one char per byte.
    let latin1: String = text.bytes().map(char::from).collect();
    let Ok(b64) = win.btoa(&latin1) else { return };
    let Ok(img) = HtmlImageElement::new() else {
        return;
    };
    let img2 = img.clone();
    let doc2 = doc.clone();
    let onload = Closure::once_into_js(move || {
        let Ok(canvas) = doc2.create_element("canvas") else {
            return;
        };
        let canvas: HtmlCanvasElement = canvas.unchecked_into();
        canvas.set_width(w);
        canvas.set_height(h);
        let Some(cx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = cx.draw_image_with_html_image_element(&img2, 0.0, 0.0);
        let doc3 = doc2.clone();
        let done = Closure::once_into_js(move |blob: Option<Blob>| {
            if let Some(blob) = blob {
                download(&doc3, &blob, "ocilens-diagram.png");
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&format!("data:image/svg+xml;base64,{b64}"));
}

/// The diagram's events: draw (a large tree), select a box (the page does not jump away from the
/// diagram), save.
pub const EVENTS: &[Listen] = &[
    ("diagram", "click", |e| {
        if closest(e, "#draw-diagram").is_some() {
            return Some(Msg::DrawDiagram);
        }
        let path = closest_attr(e, "g[data-path]", "data-path")?;
        Some(Msg::Select { path, focus: false })
    }),
    ("save-svg", "click", |_| Some(Msg::SaveSvg)),
    ("save-png", "click", |_| Some(Msg::SavePng)),
];
