//! The fetch panel: a reference (or a JSON URL) in, the whole tree out. The fetching itself is
//! the `ocilens-fetch` module, imported the first time the user fetches: visits that only paste
//! never download it. Its bytes come back here and are analysed like files, their digests checked
//! against the digest each was requested by and `Docker-Content-Digest`.
//!
//! Credentials are read from the fields when Fetch is pressed and handed to that one fetch; they
//! are never stored, put in the URL or the share link, or logged.

use crate::dom::Scope;
use js_sys::Promise;
use ocilens_core::fetch::Fetched;
use ocilens_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::dom::{add, attr, button, el, field, value, with_id};
use crate::msg::{is_key, Listen, Msg};

/// The module that fetches (`ocilens-fetch.js` and its wasm).
const MODULE: &str = "ocilens-fetch";

/// The panel's fixed parts, after the input pane.
pub fn build(doc: &Scope, root: &Element) {
    let section = with_id(el(doc, "section", "fetch", None), "fetch-pane");
    attr(&section, "aria-labelledby", "fetch-ref-label");
    let row = el(doc, "div", "actions", None);
    field(doc, &row, "fetch-ref", "text");
    add(&row, &button(doc, "fetch-go", ""));
    // In Compare mode: fetch side B (the Fetch button fetches A).
    let into_b = button(doc, "fetch-b", "");
    attr(&into_b, "hidden", "");
    add(&row, &into_b);
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
pub fn labels(lang: Lang) -> [(&'static str, &'static str); 9] {
    let t = |en, ja| lang.pick(en, ja);
    [
        ("fetch-ref-label", t("Fetch: an image reference or a JSON URL", "取得: イメージの参照または JSON の URL")),
        ("fetch-go", t("Fetch", "取得")),
        ("fetch-b", t("Fetch into B", "B に取得")),
        ("fetch-cancel", t("Cancel", "中止")),
        ("fetch-settings-label", t("Fetch settings", "取得の設定")),
        ("fetch-proxy-label", t("CORS proxy prefix", "CORS プロキシのプレフィックス")),
        ("fetch-user-label", t("Username (optional)", "ユーザー名（任意）")),
        ("fetch-pass-label", t("Password or token (optional)", "パスワードまたはトークン（任意）")),
        ("fetch-privacy", t("Only the registry you name (or your proxy) is asked. Credentials serve this fetch only: never stored or shared.", "問い合わせるのは指定したレジストリ（またはプロキシ）だけです。認証情報はこの取得にだけ使い、保存も共有もしません。")),
    ]
}

fn status(doc: &Scope, text: &str) {
    crate::dom::status(doc, "fetch-status", text);
}

fn show(doc: &Scope, id: &str, on: bool) {
    if let Some(e) = doc.get_element_by_id(id) {
        let _ = if on {
            e.remove_attribute("hidden")
        } else {
            e.set_attribute("hidden", "")
        };
    }
}

/// Fetches what the field holds with the fetch module (imported the first time), showing
/// progress in the panel. What came back, for the controller to analyse: `(target, fetched)`;
/// `None` when the field is empty or the module could not be loaded.
pub async fn run(doc: Scope, lang: Lang) -> Option<(String, Fetched)> {
    let target = value(&doc, "fetch-ref");
    if target.trim().is_empty() {
        return None;
    }
    let t = move |en: &'static str, ja: &'static str| lang.pick(en, ja);
    if crate::js::window().is_some_and(|w| !w.navigator().on_line()) {
        status(&doc, t(
            "You are offline: fetching from a registry needs the network. Pasting, files and folders work offline.",
            "オフラインです。レジストリからの取得にはネットワークが必要です。貼り付け、ファイル、フォルダーはオフラインでも使えます。",
        ));
        return None;
    }
    status(
        &doc,
        t(
            "Loading the fetch module…",
            "取得モジュールを読み込んでいます…",
        ),
    );
    show(&doc, "fetch-cancel", true);
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    let shown = doc.clone();
    let progress =
        Closure::<dyn Fn(u32, u32, String)>::new(move |n: u32, total: u32, url: String| {
            status(
                &shown,
                &format!("{} {n}/{total}: {url}", t("Fetching", "取得中")),
            );
        });
    let request = ocilens_wire::FetchRequest {
        target: target.clone(),
        insecure_http: false,
        cors_proxy: nonempty(value(&doc, "fetch-proxy")),
        username: nonempty(value(&doc, "fetch-user")),
        password: nonempty(value(&doc, "fetch-pass")),
        timeout_ms: 20_000,
        on_progress: Some(progress.as_ref().clone().unchecked_into()),
    };
    // `fetchTree` never rejects: failures are findings in its result.
    let result = match crate::js::ask(MODULE, "fetchTree", &request.to_js()).await {
        Ok(p) => crate::js::wait(Promise::from(p)).await,
        Err(e) => Err(e),
    };
    drop(progress);
    show(&doc, "fetch-cancel", false);
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            status(
                &doc,
                &format!(
                    "{} {}",
                    t(
                        "The fetch module could not be loaded:",
                        "取得モジュールを読み込めませんでした:"
                    ),
                    crate::js::reason(&e)
                ),
            );
            return None;
        }
    };
    let fetched = ocilens_wire::read_fetched(&result);
    let n = fetched.inputs.len();
    status(
        &doc,
        &match lang {
            Lang::En => format!("Fetched {n} document(s) from {target}."),
            Lang::Ja => format!("{target} から {n} 個のドキュメントを取得しました。"),
        },
    );
    Some((target, fetched))
}

/// Asks the running fetch to stop: it resolves with what came so far.
pub async fn cancel() {
    let _ = crate::js::ask(MODULE, "cancelFetch", &JsValue::UNDEFINED).await;
}

/// The fetch panel's events: Fetch (or Enter in the field), Cancel.
pub const EVENTS: &[Listen] = &[
    ("fetch-go", "click", |_| Some(Msg::Fetch { b: false })),
    ("fetch-b", "click", |_| Some(Msg::Fetch { b: true })),
    ("fetch-ref", "keydown", |e| {
        is_key(e, "Enter").then_some(Msg::Fetch { b: false })
    }),
    ("fetch-cancel", "click", |_| Some(Msg::CancelFetch)),
];
