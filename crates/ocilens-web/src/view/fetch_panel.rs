//! The fetch panel: a reference (or a JSON URL) in, the whole tree out. The fetching itself is
//! the `ocilens-fetch` module, imported the first time the user fetches: visits that only paste
//! never download it. Its bytes come back here and are analysed like files, their digests checked
//! against the digest each was requested by and `Docker-Content-Digest`.
//!
//! Credentials are read from the fields when Fetch is pressed and handed to that one fetch; they
//! are never stored, put in the URL or the share link, or logged.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use ocilens_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document as Dom, Element, HtmlInputElement};

use crate::dom::{add, attr, button, el, with_id};
use crate::state::State;

#[wasm_bindgen(
    inline_js = "let m; export function fetch_module() { const b = document.baseURI; return m ||= import(new URL('ocilens-fetch.js', b).href).then((x) => x.default({ module_or_path: new URL('ocilens-fetch_bg.wasm', b) }).then(() => x)); }"
)]
extern "C" {
    /// Imports and starts the fetch module once; resolves to its exports.
    fn fetch_module() -> js_sys::Promise;
}

fn field(doc: &Dom, parent: &Element, id: &str, kind: &str) {
    let label = with_id(el(doc, "label", "", None), &format!("{id}-label"));
    attr(&label, "for", id);
    let input = with_id(el(doc, "input", "", None), id);
    attr(&input, "type", kind);
    attr(&input, "autocomplete", "off");
    attr(&input, "spellcheck", "false");
    add(parent, &label);
    add(parent, &input);
}

/// The panel's fixed parts, after the input pane.
pub fn build(doc: &Dom, root: &Element) {
    let section = with_id(el(doc, "section", "fetch", None), "fetch-pane");
    attr(&section, "aria-labelledby", "fetch-ref-label");
    let row = el(doc, "div", "actions", None);
    field(doc, &row, "fetch-ref", "text");
    add(&row, &button(doc, "fetch-go", ""));
    let cancel = button(doc, "fetch-cancel", "");
    // Cancel shows while a fetch runs.
    attr(&cancel, "hidden", "");
    add(&row, &cancel);
    add(&section, &row);
    let settings = with_id(el(doc, "details", "", None), "fetch-settings");
    add(
        &settings,
        &with_id(el(doc, "summary", "", None), "fetch-settings-label"),
    );
    field(doc, &settings, "fetch-proxy", "url");
    field(doc, &settings, "fetch-user", "text");
    field(doc, &settings, "fetch-pass", "password");
    add(&settings, &with_id(el(doc, "p", "", None), "fetch-privacy"));
    add(&section, &settings);
    let status = with_id(el(doc, "p", "", None), "fetch-status");
    attr(&status, "aria-live", "polite");
    add(&section, &status);
    add(root, &section);
}

/// The panel's labels in `lang`.
pub fn labels(lang: Lang) -> [(&'static str, &'static str); 8] {
    let t = |en, ja| lang.pick(en, ja);
    [
        ("fetch-ref-label", t("Fetch: an image reference or a JSON URL", "取得: イメージの参照または JSON の URL")),
        ("fetch-go", t("Fetch", "取得")),
        ("fetch-cancel", t("Cancel", "中止")),
        ("fetch-settings-label", t("Fetch settings", "取得の設定")),
        ("fetch-proxy-label", t("CORS proxy prefix", "CORS プロキシのプレフィックス")),
        ("fetch-user-label", t("Username (optional)", "ユーザー名（任意）")),
        ("fetch-pass-label", t("Password or token (optional)", "パスワードまたはトークン（任意）")),
        ("fetch-privacy", t("Only the registry you name (or your proxy) is asked. Credentials serve this fetch only: never stored or shared.", "問い合わせるのは指定したレジストリ（またはプロキシ）だけです。認証情報はこの取得にだけ使い、保存も共有もしません。")),
    ]
}

fn value(doc: &Dom, id: &str) -> String {
    doc.get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn status(text: &str) {
    crate::dom::status("fetch-status", text);
}

fn show(doc: &Dom, id: &str, on: bool) {
    if let Some(e) = doc.get_element_by_id(id) {
        let _ = if on {
            e.remove_attribute("hidden")
        } else {
            e.set_attribute("hidden", "")
        };
    }
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// Starts a fetch of what the field holds; `done` renders the result.
pub fn run(app: &Rc<RefCell<State>>, done: impl Fn() + 'static) {
    let Ok(doc) = crate::js::document() else {
        return;
    };
    let target = value(&doc, "fetch-ref");
    if target.trim().is_empty() {
        return;
    }
    let lang = app.borrow().lang;
    let t = move |en: &'static str, ja: &'static str| lang.pick(en, ja);
    status(t(
        "Loading the fetch module…",
        "取得モジュールを読み込んでいます…",
    ));
    show(&doc, "fetch-cancel", true);
    let proxy = value(&doc, "fetch-proxy");
    let user = value(&doc, "fetch-user");
    let pass = value(&doc, "fetch-pass");
    let app = app.clone();
    let done = Rc::new(done);
    let fail = move |e: JsValue| {
        let Ok(doc) = crate::js::document() else {
            return;
        };
        show(&doc, "fetch-cancel", false);
        status(&format!(
            "{} {}",
            t(
                "The fetch module could not be loaded:",
                "取得モジュールを読み込めませんでした:"
            ),
            crate::js::reason(&e)
        ));
    };
    crate::js::settle(
        &fetch_module(),
        move |module| {
            let progress =
                Closure::<dyn Fn(u32, u32, String)>::new(move |n: u32, total: u32, url: String| {
                    status(&format!("{} {n}/{total}: {url}", t("Fetching", "取得中")));
                });
            let nonempty = |s: String| (!s.is_empty()).then_some(s);
            let request = ocilens_wire::FetchRequest {
                target: target.clone(),
                insecure_http: false,
                cors_proxy: nonempty(proxy),
                username: nonempty(user),
                password: nonempty(pass),
                timeout_ms: 20_000,
                on_progress: Some(progress.as_ref().clone().unchecked_into()),
            };
            progress.forget();
            let Ok(f) = get(&module, "fetchTree").dyn_into::<Function>() else {
                return;
            };
            let Ok(p) = f.call1(&JsValue::NULL, &request.to_js()) else {
                return;
            };
            crate::js::settle(
                &p.unchecked_into(),
                move |result| {
                    let fetched = ocilens_wire::read_fetched(&result);
                    let n = fetched.inputs.len();
                    if let Ok(doc) = crate::js::document() {
                        show(&doc, "fetch-cancel", false);
                        status(&match lang {
                            Lang::En => format!("Fetched {n} document(s) from {target}."),
                            Lang::Ja => {
                                format!("{target} から {n} 個のドキュメントを取得しました。")
                            }
                        });
                    }
                    app.borrow_mut().analyse_fetched(&target, fetched);
                    done();
                },
                |_| {},
            );
        },
        fail,
    );
}

/// Asks the running fetch to stop: it resolves with what came so far.
pub fn cancel() {
    crate::js::settle(
        &fetch_module(),
        |module| {
            if let Ok(f) = get(&module, "cancelFetch").dyn_into::<Function>() {
                let _ = f.call0(&JsValue::NULL);
            }
        },
        |_| {},
    );
}
