//! Events: typing or pasting (debounced), the buttons, files and drops, examples, the tree
//! (mouse and keyboard), the simulator, the language switch; and the panic hook that turns a
//! crash into a message instead of a dead page.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;

use ocilens_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{
    DragEvent, Element, Event, EventTarget, File, FileSystemDirectoryEntry, FileSystemEntry,
    FileSystemFileEntry, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    KeyboardEvent,
};

use crate::archive;
use crate::dom::{status, Scope};
use crate::examples;
use crate::js::{self, document, Job};
use crate::msg::Msg;
use crate::share;
use crate::state::{Lane, Source, State};
use crate::view;
use crate::view::diagram;

const KEY_INPUT: &str = "ocilens.input";
const KEY_LANG: &str = "ocilens.lang";
/// Larger pastes are analysed but not kept across reloads (local storage holds ~5 MB).
const KEEP_LIMIT: usize = 2_000_000;
const DEBOUNCE_MS: i32 = 150;

/// One view and what it shows: the page, or one `<oci-lens>` element (`embed.rs`).
pub(crate) struct Shell {
    state: RefCell<State>,
    pub scope: Scope,
    /// Which view this is, for the analysis worker they share (its queue, Cancel).
    pub id: u32,
}

thread_local! {
    static VIEWS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl Shell {
    pub fn new(scope: Scope, state: State) -> App {
        let id = VIEWS.with(|v| {
            v.set(v.get().wrapping_add(1));
            v.get()
        });
        Rc::new(Shell {
            state: RefCell::new(state),
            scope,
            id,
        })
    }
}

impl std::ops::Deref for Shell {
    type Target = RefCell<State>;
    fn deref(&self) -> &RefCell<State> {
        &self.state
    }
}

pub(crate) type App = Rc<Shell>;

fn report(r: Result<(), JsValue>) {
    if let Err(e) = r {
        web_sys::console::error_1(&e);
    }
}

/// Shows a panic in the page's `#error` region (and the console) with what to report.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&what));
        show_crash(&what);
    }));
}

/// Puts a crash report in `#error` (as text) and shows it: the page is not left dead.
pub fn show_crash(what: &str) {
    if let Ok(doc) = document() {
        if let Some(el) = doc.get_element_by_id("error") {
            el.set_text_content(Some(&format!(
                "ocilens crashed: {what}. Please report this message with the input that caused it. / ocilens が異常終了しました。このメッセージと原因になった入力を報告してください。"
            )));
            let _ = el.remove_attribute("hidden");
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_crash_is_shown_as_text_with_what_to_report() {
        let doc = super::document().unwrap();
        let el = doc.create_element("div").unwrap();
        el.set_id("error");
        el.set_attribute("hidden", "").unwrap();
        doc.body().unwrap().append_child(&el).unwrap();
        super::show_crash("panicked at <img src=x onerror=alert(1)>");
        assert!(!el.has_attribute("hidden"));
        let text = el.text_content().unwrap();
        assert!(text.contains("Please report this message"), "{text}");
        assert!(text.contains("報告してください"), "{text}");
        // The message is text, never markup.
        assert_eq!(el.child_element_count(), 0);
        assert!(text.contains("<img src=x onerror=alert(1)>"));
        el.remove();
    }
}

/// The element of `doc` with this id, as a `T`.
pub(crate) fn by_id<T: JsCast>(doc: &Scope, id: &str) -> Option<T> {
    doc.get_element_by_id(id)?.dyn_into::<T>().ok()
}

fn text_area(doc: &Scope) -> Option<HtmlTextAreaElement> {
    by_id(doc, "input")
}

pub(crate) fn show_error(doc: &Scope, message: &str) {
    if let Some(el) = doc.get_element_by_id("error") {
        el.set_text_content(Some(message));
        let _ = el.remove_attribute("hidden");
    }
}

fn hide_error(doc: &Scope) {
    if let Some(el) = doc.get_element_by_id("error") {
        if !el
            .text_content()
            .unwrap_or_default()
            .starts_with("ocilens crashed")
        {
            let _ = el.set_attribute("hidden", "");
        }
    }
}

/// Analyses the paste area now and keeps it for the next visit.
fn run_paste(app: &App) -> Result<(), JsValue> {
    let Some(area) = text_area(&app.scope) else {
        return Ok(());
    };
    // The text stays a JS string (it goes to storage and to the worker as one): a large paste
    // is never copied into the page's own memory and out again.
    let text = js_sys::Reflect::get(&area, &JsValue::from_str("value"))?;
    let length = area.text_length() as usize;
    // Too large to keep (or storage full): keep nothing rather than an older input.
    if length > KEEP_LIMIT || !js::save_js(KEY_INPUT, &text) {
        js::forget(KEY_INPUT);
    }
    if is_blank(&area) {
        js::cancel_analysis(owner(app, Lane::A), true);
        app.borrow_mut().clear();
        hide_error(&app.scope);
        busy(app, None);
        view::render(&app.scope, &app.borrow())?;
        simulate(app);
        return Ok(());
    }
    let app = app.clone();
    spawn_local(async move {
        analyse(&app, Job::Text(text, length), Source::Paste, false).await;
    });
    Ok(())
}

/// Analyses side B's paste area (Compare mode); an empty one leaves B out (then two platforms
/// of A are compared).
fn run_paste_b(app: &App) -> Result<(), JsValue> {
    let Some(area) = by_id::<HtmlTextAreaElement>(&app.scope, "input-b") else {
        return Ok(());
    };
    if is_blank(&area) {
        js::cancel_analysis(owner(app, Lane::B), true);
        if app.borrow_mut().forget_b() {
            simulate(app);
        }
        view::render(&app.scope, &app.borrow())?;
        recompare(app);
        return Ok(());
    }
    let text = js_sys::Reflect::get(&area, &JsValue::from_str("value"))?;
    let length = area.text_length() as usize;
    let app = app.clone();
    spawn_local(async move {
        analyse(&app, Job::Text(text, length), Source::Paste, true).await;
    });
    Ok(())
}

/// Whether a paste area holds nothing but white space (a large one is never read to say so).
fn is_blank(area: &HtmlTextAreaElement) -> bool {
    let length = area.text_length();
    length == 0 || (length < 4096 && area.value().trim().is_empty())
}

/// The analysis worker's name for `lane`'s jobs of this view (its queue, Cancel).
fn owner(app: &App, lane: Lane) -> u32 {
    app.id.wrapping_mul(4).wrapping_add(lane as u32)
}

/// The most a page analyses at once: the analysis holds the input several times over, and a
/// page's memory is a few GB at most.
const PAGE_LIMIT: usize = 256 << 20;

/// Analyses `job` in the analysis worker and takes the result (from `source`) as side B (`b`)
/// or A: the page stays responsive meanwhile, a busy line with Cancel shows after a moment, and
/// an analysis that a newer one of its side overtook is dropped. In Compare mode, the sides are
/// compared again. Whether this one was taken.
pub(crate) async fn analyse(app: &App, job: Job, source: Source, b: bool) -> bool {
    let size = match &job {
        Job::Text(_, n) => *n,
        Job::Files(f) => f.iter().map(|(_, b)| b.len()).sum(),
        Job::Fetched(_) => 0,
    };
    let lane = Lane::side(b);
    let Some(ticket) = begin(app, lane, size) else {
        return false;
    };
    js::mark("ocilens:start");
    let result = js::analyse(owner(app, lane), job).await;
    if !end(app, lane, ticket) {
        return false;
    }
    match result {
        Ok((a, bytes)) => {
            js::measure("ocilens:analyse", "ocilens:start");
            js::mark("ocilens:analysed");
            app.borrow_mut().set_analysis(a, source, Some(bytes), b);
            show(app);
            js::measure("ocilens:render", "ocilens:analysed");
            recompare(app);
            true
        }
        Err(js::Failed::Cancelled) => {
            let lang = app.borrow().lang;
            status(
                &app.scope,
                "busy-status",
                lang.pick("Analysis cancelled: the view shows the last analysis that finished. Analyse again to start over.", "解析を中止しました。表示されているのは最後に完了した解析です。やり直すには「解析」を押してください。"),
            );
            false
        }
        Err(js::Failed::Error(e)) => {
            show_error(
                &app.scope,
                &format!("The analysis failed / 解析に失敗しました: {e}"),
            );
            false
        }
    }
}

/// Starts a job of `lane` in the analysis worker over `size` bytes: its ticket, or `None` (said
/// why) when it is more than the page can hold. A job of the lane still running is replaced (the
/// newer one is what the user wants), and the busy line with Cancel shows if this one takes a
/// moment.
fn begin(app: &App, lane: Lane, size: usize) -> Option<u32> {
    let ticket = app.borrow_mut().start(lane);
    if too_large(app, size) {
        return None;
    }
    js::cancel_analysis(owner(app, lane), false);
    if app.borrow().archive_lane == Some(lane) {
        archive::stop_archive();
    }
    status(&app.scope, "busy-status", "");
    let later = app.clone();
    js::later(BUSY_AFTER_MS, move || {
        let running = later.borrow().running(lane, ticket);
        if running {
            busy(&later, Some(size));
        }
    });
    Some(ticket)
}

/// Ends job `ticket` of `lane`: whether its result is still wanted (no newer job overtook it).
fn end(app: &App, lane: Lane, ticket: u32) -> bool {
    if !app.borrow().current(lane, ticket) {
        return false;
    }
    app.borrow_mut().finish(lane, ticket);
    busy(app, None);
    true
}

/// In Compare mode, compares A with B (or two platforms of A, when B is not given) in the
/// analysis worker, soon, and shows the comparison.
fn recompare(app: &App) {
    if !app.borrow().comparing {
        return;
    }
    let app = app.clone();
    spawn_local(async move {
        compare(&app).await;
    });
}

/// Compares A with B (see [`recompare`]): whether the comparison was shown.
pub(crate) async fn compare(app: &App) -> bool {
    // Built without the comparison (ocilens.html): everything below is left out.
    if !cfg!(feature = "compare") {
        return false;
    }
    let (a, b, platforms, ignore) = {
        let s = app.borrow();
        let Some((_, a)) = s.side(false) else {
            return false;
        };
        (
            a.clone(),
            s.side(true).map(|(_, b)| b.clone()),
            s.platforms.clone(),
            s.ignore_timestamps,
        )
    };
    let size = (a.length() + b.as_ref().map_or(0, |b| b.length())) as usize;
    let Some(ticket) = begin(app, Lane::Compare, size) else {
        return false;
    };
    let result = js::compare(
        owner(app, Lane::Compare),
        &a,
        b.as_ref(),
        (&platforms.0, &platforms.1),
        ignore,
    )
    .await;
    if !end(app, Lane::Compare, ticket) {
        return false;
    }
    match result {
        Ok(c) => {
            app.borrow_mut().compare = Some(c);
            view::compare::render(&app.scope, &app.borrow());
            true
        }
        Err(js::Failed::Cancelled) => false,
        Err(js::Failed::Error(e)) => {
            show_error(
                &app.scope,
                &format!("The comparison failed / 比較に失敗しました: {e}"),
            );
            false
        }
    }
}

/// Turns Compare mode on (side B's area shows, and its paste area gets the focus when B is not
/// given; A is compared with B, or with itself on two platforms) or off (A alone is shown).
fn compare_mode(app: &App, on: bool) {
    app.borrow_mut().comparing = on;
    view::compare::set_mode(&app.scope, on);
    if on && !cfg!(feature = "compare") {
        let lang = app.borrow().lang;
        show_error(&app.scope, lang.pick(
            "ocilens.html has no Compare mode (it would not fit in the file): compare in the served page, or run `ocilens diff A B`.",
            "ocilens.html には比較モードがありません（ファイルに収まらないため）。配信されているページで比較するか、`ocilens diff A B` を実行してください。",
        ));
    }
    if !on {
        js::cancel_analysis(owner(app, Lane::Compare), true);
        let swapped = {
            let mut s = app.borrow_mut();
            s.compare = None;
            s.show_side(false)
        };
        report(view::render(&app.scope, &app.borrow()));
        if swapped {
            simulate(app);
        }
        return;
    }
    let area = by_id::<HtmlTextAreaElement>(&app.scope, "input-b");
    let given = app.borrow().source_of(true).is_some();
    match area {
        // B's text, not analysed yet (it was typed with Compare mode off, or a link gave it).
        Some(b) if !given && !is_blank(&b) => report(run_paste_b(app)),
        Some(b) if !given => {
            let _ = b.focus();
            recompare(app);
        }
        _ => recompare(app),
    }
}

/// The platforms chosen in the comparison's lists, and whether timestamps are set aside:
/// compared again.
fn compare_options(app: &App) {
    let chosen = |id| by_id::<HtmlSelectElement>(&app.scope, id).map(|s| s.value());
    let (a, b) = (chosen("compare-platform-a"), chosen("compare-platform-b"));
    let ignore =
        by_id::<HtmlInputElement>(&app.scope, "compare-ignore-times").is_some_and(|c| c.checked());
    {
        let mut s = app.borrow_mut();
        s.platforms = (a.unwrap_or_default(), b.unwrap_or_default());
        s.ignore_timestamps = ignore;
    }
    recompare(app);
}

/// Shows side B's tree or A's (and the node at `path` in it). With no B, A is compared with
/// itself: its tree is both.
fn compare_show(app: &App, side_b: bool, path: Option<String>) {
    if app.borrow_mut().show_side(side_b) {
        report(view::render(&app.scope, &app.borrow()));
        simulate(app);
    }
    if let Some(p) = path.filter(|p| app.borrow().node(p).is_some()) {
        report(select(app, &p, true));
    }
}

/// Says so when `size` bytes are more than the page can analyse (then: whether it was).
fn too_large(app: &App, size: usize) -> bool {
    if size <= PAGE_LIMIT {
        return false;
    }
    let (n, limit) = (size >> 20, PAGE_LIMIT >> 20);
    show_error(
        &app.scope,
        &format!("This is too large for the page: {n} MB (the page analyses up to {limit} MB at once). Run `ocilens analyze FILE` on your machine, or give the page the part you need. / ページで扱うには大きすぎます: {n} MB（ページで一度に解析できるのは {limit} MB まで）。手元で `ocilens analyze FILE` を実行するか、必要な部分だけを渡してください。"),
    );
    true
}

/// How long an analysis runs before the busy line (with Cancel) shows: most finish sooner.
const BUSY_AFTER_MS: i32 = 150;

/// Shows the busy line for an analysis of `size` bytes, or hides it (`None`).
fn busy(app: &App, size: Option<usize>) {
    let Some(n) = size else {
        progress(app, None);
        return;
    };
    let lang = app.borrow().lang;
    // Tenths of a MB, in integers (formatting a float would add 12 KB to the page).
    let tenths = (n * 10) >> 20;
    let text = if tenths >= 1 {
        let mb = format!("{}.{}", tenths / 10, tenths % 10);
        lang.pick(
            "Analysing {mb} MB… The page stays usable meanwhile.",
            "{mb} MB を解析中… 解析中もページは操作できます。",
        )
        .replace("{mb}", &mb)
    } else {
        lang.pick("Analysing…", "解析中…").to_string()
    };
    progress(app, Some((&text, None)));
}

/// Asks the simulator module (imported the first time) which entry the chosen machine pulls,
/// and shows the answer; an answer that a newer request overtook is dropped.
pub(crate) fn simulate(app: &App) {
    let (request, ticket) = {
        let mut s = app.borrow_mut();
        s.simulation = None;
        s.sim_ticket = s.sim_ticket.wrapping_add(1);
        (s.sim_request(), s.sim_ticket)
    };
    report(view::simulation(&app.scope, &app.borrow()));
    let Some(request) = request else { return };
    let app = app.clone();
    spawn_local(async move {
        match js::ask("ocilens-simulator", "simulatePull", &request.to_js()).await {
            Ok(a) => {
                let mut s = app.borrow_mut();
                if s.sim_ticket == ticket {
                    s.simulation = Some(ocilens_wire::Simulation::from_js(&a));
                    report(view::simulation(&app.scope, &s));
                }
            }
            Err(e) => show_error(
                &app.scope,
                &format!(
                    "The simulator could not be loaded / シミュレーターを読み込めませんでした: {}",
                    js::reason(&e)
                ),
            ),
        }
    });
}

/// Analyses chosen or dropped files as side B (`b`) or A.
fn run_files(app: &App, files: Vec<(String, File)>, b: bool) {
    if files.is_empty() {
        return;
    }
    if b {
        clear_b_text(app);
    }
    let app = app.clone();
    spawn_local(async move {
        // One archive: read and hashed in workers, never whole into the page. Among other
        // files, an archive (told by its name: reading every file's first bytes would cost a
        // disk read each) is refused with a word on why.
        if let [(name, file)] = files.as_slice() {
            if is_archive(name, file).await {
                run_archive(&app, name.clone(), file.clone(), b).await;
                return;
            }
        } else if let Some((name, _)) = files.iter().find(|(n, _)| archive_named(n)) {
            let lang = app.borrow().lang;
            show_error(
                &app.scope,
                &lang
                    .pick(
                        "{name} is an archive: open it on its own (one archive at a time, with no other files).",
                        "{name} はアーカイブです。ほかのファイルと一緒にではなく、単独で開いてください（一度に開けるアーカイブは一つです）。",
                    )
                    .replace("{name}", name),
            );
            return;
        }
        // Known before reading: files too large are never read into the page. The first `size`
        // of a chosen file asks the disk (1.3 ms a file: 11 s for a folder of 9,000), so the
        // sizes are taken a few at a time, the page answering input in between.
        let mut size = 0;
        for chunk in files.chunks(32) {
            size += chunk.iter().map(|(_, f)| f.size() as usize).sum::<usize>();
            js::next_turn().await;
        }
        if too_large(&app, size) {
            return;
        }
        match js::read_files(files).await {
            Ok(files) => {
                let names = files.iter().map(|(n, _)| n.clone()).collect();
                analyse(&app, Job::Files(files), Source::Files(names), b).await;
            }
            Err(e) => show_error(
                &app.scope,
                &format!("Could not read the files / ファイルを読めませんでした: {e}"),
            ),
        }
    });
}

/// Whether a chosen file is an archive to open: its first bytes say so, and it is not a blob
/// named by its digest (`archive::opens`).
async fn is_archive(name: &str, file: &File) -> bool {
    let Ok(head) = file.slice_with_i32_and_i32(0, 512) else {
        return false;
    };
    match js::wait(head.array_buffer()).await {
        Ok(b) => ocilens_core::read::archive::opens(name, &js_sys::Uint8Array::new(&b).to_vec()),
        Err(_) => false,
    }
}

/// Whether a file's name says it is an archive.
fn archive_named(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst"]
        .iter()
        .any(|x| n.ends_with(x))
}

/// Integer MB (tenths would need float formatting, 12 KB in the page).
fn mb(n: u64) -> u64 {
    n >> 20
}

/// Reads the archive `file` in workers (`archive`): the tree shows as soon as its small
/// documents are read, the busy line tells the bytes and blobs hashed, the speed and the time
/// left, and each blob's badge turns from "hashing" to verified as its hash ends. Cancel (or
/// any newer analysis) stops it; what was hashed stays.
async fn run_archive(app: &App, name: String, file: File, b: bool) {
    let lane = Lane::side(b);
    let ticket = {
        let mut s = app.borrow_mut();
        s.archive_lane = Some(lane);
        s.start(lane)
    };
    js::cancel_analysis(owner(app, lane), true);
    hide_error(&app.scope);
    status(&app.scope, "busy-status", "");
    let size = file.size() as u64;
    let source = Source::Archive(name.clone(), size);
    let on = {
        let (app, name) = (app.clone(), name.clone());
        move |e: archive::Event| {
            if !app.borrow().current(lane, ticket) {
                return;
            }
            let lang = app.borrow().lang;
            let (line, part) = match e {
                archive::Event::Analysis(bytes) => {
                    match ocilens_core::codec::decode(&bytes) {
                        Ok(a) => {
                            let held = js_sys::Uint8Array::from(bytes.as_slice());
                            app.borrow_mut().set_analysis(a, source.clone(), Some(held), b);
                            show(&app);
                            recompare(&app);
                        }
                        Err(e) => show_error(
                            &app.scope,
                            &format!("The analysis failed / 解析に失敗しました: {e}"),
                        ),
                    }
                    return;
                }
                archive::Event::Reading { done, total, ms } => (
                    lang.pick(
                        "Reading {name}: {done} of {total} MB, {rate} MB/s, about {left} s left",
                        "{name} を読み込み中: {total} MB 中 {done} MB、{rate} MB/s、残り約 {left} 秒",
                    )
                    .to_string(),
                    (done, total, ms),
                ),
                archive::Event::Hashing { blobs, of, done, total, ms } => (
                    lang.pick(
                        "Hashing {name}'s large blobs: {blobs} of {of}, {done} of {total} MB, {rate} MB/s, about {left} s left",
                        "{name} の大きなブロブをハッシュ計算中: {of} 個中 {blobs} 個、{total} MB 中 {done} MB、{rate} MB/s、残り約 {left} 秒",
                    )
                    .replace("{blobs}", &blobs.to_string())
                    .replace("{of}", &of.to_string()),
                    (done, total, ms),
                ),
            };
            let (done, total, ms) = part;
            // Bytes a second, and the seconds left at that pace.
            let rate = done * 1000 / ms.max(1);
            let line = line
                .replace("{done}", &mb(done).to_string())
                .replace("{total}", &mb(total).to_string())
                .replace("{rate}", &mb(rate).to_string())
                .replace(
                    "{left}",
                    &(total.saturating_sub(done) / rate.max(1)).to_string(),
                );
            progress(
                &app,
                Some((&line.replace("{name}", &name), Some((done, total)))),
            );
        }
    };
    let lang = app.borrow().lang;
    let opening = lang
        .pick("Opening {name}…", "{name} を開いています…")
        .replace("{name}", &name);
    progress(app, Some((&opening, None)));
    let done = archive::open(&js::base_url(), &file, on).await;
    if app.borrow().archive_lane == Some(lane) {
        app.borrow_mut().archive_lane = None;
    }
    if !app.borrow().current(lane, ticket) {
        return;
    }
    app.borrow_mut().finish(lane, ticket);
    progress(app, None);
    let lang = app.borrow().lang;
    let said = match done {
        Ok(d) if d.blobs == 0 => String::new(),
        Ok(d) => lang
            .pick(
                "{name}: {blobs} large blobs ({mb} MB) hashed in {secs} s ({rate} MB/s, {workers} workers).",
                "{name}: 大きなブロブ {blobs} 個（{mb} MB）を {secs} 秒でハッシュ計算しました（{rate} MB/s、ワーカー {workers} 個）。",
            )
            .replace("{name}", &name)
            .replace("{blobs}", &d.blobs.to_string())
            .replace("{mb}", &mb(d.bytes).to_string())
            .replace("{secs}", &format!("{}.{}", d.ms / 1000, d.ms % 1000 / 100))
            .replace("{rate}", &mb(d.bytes * 1000 / d.ms.max(1)).to_string())
            .replace("{workers}", &d.workers.to_string()),
        Err(e) if e == "cancelled" => lang
            .pick(
                "Reading the archive was cancelled: blobs not hashed yet stay unverified (\"hashing\"). Open the file again to start over.",
                "アーカイブの読み込みを中止しました。まだハッシュ計算していないブロブは未検証（「ハッシュ計算中」）のままです。やり直すにはファイルをもう一度開いてください。",
            )
            .to_string(),
        Err(e) if e == "unavailable" => {
            show_error(&app.scope, lang.pick(
                "This copy of ocilens cannot open archives (ocilens.html, opened from disk, has no archive workers): open the archive in the served page, or run `ocilens analyze FILE`.",
                "この ocilens（ディスクから開いた ocilens.html）にはアーカイブ用のワーカーがないため、アーカイブを開けません。配信されているページで開くか、`ocilens analyze FILE` を実行してください。",
            ));
            return;
        }
        Err(e) if e == "stalled" => {
            show_error(&app.scope, lang.pick(
                "No bytes came from the archive for 30 seconds, so its reading was stopped: was the file moved or changed meanwhile? Open it again.",
                "アーカイブから 30 秒間データが届かなかったため、読み込みを止めました。途中でファイルが移動または変更されませんでしたか。もう一度開いてください。",
            ));
            return;
        }
        Err(e) => {
            show_error(&app.scope, &format!("Could not read the archive / アーカイブを読めませんでした: {e}"));
            return;
        }
    };
    status(&app.scope, "busy-status", &said);
}

/// Shows the busy line with `text`, Cancel and a bar at `part` (done, of), or hides it (`None`).
fn progress(app: &App, line: Option<(&str, Option<(u64, u64)>)>) {
    let doc = &app.scope;
    let (Some(busy), Some(bar)) = (
        doc.get_element_by_id("busy"),
        doc.get_element_by_id("busy-bar"),
    ) else {
        return;
    };
    match line {
        Some((text, part)) => {
            if let Some(t) = doc.get_element_by_id("busy-text") {
                t.set_text_content(Some(text));
            }
            match part {
                Some((done, of)) => {
                    let permille = done.min(of) * 1000 / of.max(1);
                    let _ = bar.set_attribute("value", &permille.to_string());
                    let _ = bar.remove_attribute("hidden");
                }
                None => {
                    let _ = bar.set_attribute("hidden", "");
                }
            }
            let _ = busy.remove_attribute("hidden");
        }
        None => {
            let _ = busy.set_attribute("hidden", "");
            let _ = bar.set_attribute("hidden", "");
        }
    }
}

/// Analyses the files chosen in a file input; a folder's files are named by their path in it
/// (`layout/blobs/sha256/<hex>`), which is what makes them an OCI layout.
fn run_picked(app: &App, id: &str) {
    let b = id.ends_with("-b");
    let Some(list) = by_id::<HtmlInputElement>(&app.scope, id).and_then(|i| i.files()) else {
        return;
    };
    let files = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| {
            let path = js_sys::Reflect::get(&f, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|p| p.as_string())
                .filter(|p| !p.is_empty());
            (path.unwrap_or_else(|| f.name()), f)
        })
        .collect();
    run_files(app, files, b);
}

/// Shows the next page of the tree level or the findings list whose "Show more" button was
/// pressed, and moves the focus to its first new item (the button is gone).
fn show_more(app: &App, button: &Element) {
    let doc = &app.scope;
    let s = app.borrow();
    let first = if button.has_attribute("data-severity") {
        s.analysis
            .as_ref()
            .and_then(|a| view::findings::more(doc, a, s.lang, button))
    } else {
        view::tree::more(doc, &s, button, None)
    };
    // The new items get the simulator's mark where it chose one of them.
    report(view::simulation(doc, &s));
    if let Some(h) = first.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        let _ = h.focus();
    }
}

/// Opens a tree item, building its children the first time when the tree is large.
fn open_item(app: &App, li: &Element) -> Result<(), JsValue> {
    if li.has_attribute("aria-expanded") {
        li.set_attribute("aria-expanded", "true")?;
        view::build_children(&app.scope, &app.borrow(), li)?;
    }
    Ok(())
}

fn item(doc: &Scope, path: &str) -> Option<Element> {
    let sel = format!("#tree li[data-path=\"{}\"]", path.replace('"', ""));
    doc.query_selector(&sel).ok().flatten()
}

/// Shows a new analysis: every panel, the simulation for it, and (for an `<oci-lens>`) the
/// `oci-lens-analyzed` event.
pub(crate) fn show(app: &App) {
    hide_error(&app.scope);
    {
        let s = app.borrow();
        report(view::render(&app.scope, &s));
        if let Some(a) = &s.analysis {
            app.scope
                .emit("oci-lens-analyzed", || ocilens_wire::events::analyzed(a));
        }
    }
    simulate(app);
}

/// Selects a tree node: opens its ancestors, marks it, focuses it, shows its details.
pub(crate) fn select(app: &App, path: &str, focus: bool) -> Result<(), JsValue> {
    let doc = &app.scope;
    // Every item on the way is built (a page of a long level may not be yet) and opened.
    let parts: Vec<&str> = path.split('-').collect();
    for end in 1..=parts.len() {
        let at = parts[..end].join("-");
        let li = item(doc, &at).or_else(|| view::tree::reveal(doc, &app.borrow(), &at));
        if let Some(li) = li.filter(|_| end < parts.len()) {
            open_item(app, &li)?;
        }
    }
    {
        let mut s = app.borrow_mut();
        s.selected = Some(path.to_string());
        view::mark_selected(doc, Some(path))?;
        view::details(doc, &s)?;
        if let Some(n) = s.node(path) {
            doc.emit("oci-lens-select", || {
                ocilens_wire::events::selected(path, n, s.lang)
            });
        }
    }
    if focus {
        if let Some(li) = item(&app.scope, path) {
            let h: HtmlElement = li.unchecked_into();
            h.focus()?;
        }
    }
    explain(app);
    Ok(())
}

/// Asks the explanations module (imported the first time) for the texts the details panel
/// lacks, keeps them, and shows the panel again with them.
fn explain(app: &App) {
    let request = app.borrow().explain_request();
    if request.is_empty() {
        return;
    }
    let app = app.clone();
    spawn_local(async move {
        match js::ask("ocilens-explain", "explain", &request.to_js()).await {
            Ok(a) => {
                let mut s = app.borrow_mut();
                s.explanations
                    .merge(ocilens_wire::Explanations::from_js(&a));
                report(view::details(&app.scope, &s));
            }
            Err(e) => show_error(
                &app.scope,
                &format!(
                    "The explanations could not be loaded / 説明を読み込めませんでした: {}",
                    js::reason(&e)
                ),
            ),
        }
    });
}

/// The tree items a keyboard user can reach: those not inside a collapsed item.
fn visible_items(doc: &Scope) -> Vec<Element> {
    let Ok(all) = doc.query_selector_all("#tree li[role=treeitem]") else {
        return Vec::new();
    };
    (0..all.length())
        .filter_map(|i| all.get(i)?.dyn_into::<Element>().ok())
        .filter(|e| {
            e.parent_element()
                .and_then(|p| p.closest("li[aria-expanded=\"false\"]").ok().flatten())
                .is_none()
        })
        .collect()
}

fn tree_key(app: &App, e: &KeyboardEvent) -> Result<(), JsValue> {
    let Some(current) = crate::msg::closest(e, "li[role=treeitem]") else {
        return Ok(());
    };
    let items = visible_items(&app.scope);
    let Some(pos) = items.iter().position(|i| *i == current) else {
        return Ok(());
    };
    let expanded = current.get_attribute("aria-expanded");
    let go = |i: usize| items.get(i).and_then(|e| e.get_attribute("data-path"));
    let target = match e.key().as_str() {
        "ArrowDown" => go(pos + 1),
        "ArrowUp" => pos.checked_sub(1).and_then(go),
        "Home" => go(0),
        "End" => items.len().checked_sub(1).and_then(go),
        "ArrowRight" => match expanded.as_deref() {
            Some("false") => {
                open_item(app, &current)?;
                None
            }
            Some("true") => go(pos + 1),
            _ => None,
        },
        "ArrowLeft" => {
            if expanded.as_deref() == Some("true") {
                current.set_attribute("aria-expanded", "false")?;
                None
            } else {
                current
                    .parent_element()
                    .and_then(|p| p.closest("li[role=treeitem]").ok().flatten())
                    .and_then(|p| p.get_attribute("data-path"))
            }
        }
        "Enter" | " " => current.get_attribute("data-path"),
        _ => return Ok(()),
    };
    e.prevent_default();
    if let Some(path) = target {
        select(app, &path, true)?;
    }
    Ok(())
}

fn load_example(app: &App, id: &str) {
    let Some(ex) = examples::find(id) else { return };
    let urls = ex
        .files
        .iter()
        .map(|(f, _)| format!("examples/{f}"))
        .collect();
    let app = app.clone();
    spawn_local(async move {
        let texts = match js::fetch_texts(urls).await {
            Ok(texts) => texts,
            Err(e) => {
                show_error(
                    &app.scope,
                    &format!("Could not load the example / 例を読み込めませんでした: {e}"),
                );
                return;
            }
        };
        if let Some(area) = text_area(&app.scope) {
            area.set_value(&examples::compose(ex, &texts));
        }
        {
            let mut s = app.borrow_mut();
            s.host = ex.host.unwrap_or("").to_string();
            if let Some(sel) = by_id::<HtmlSelectElement>(&app.scope, "host") {
                sel.set_value(&s.host);
            }
        }
        report(run_paste(&app));
        if let Some(p) = by_id::<Element>(&app.scope, "tree") {
            p.scroll_into_view();
        }
    });
}

type Named = Vec<(String, File)>;

/// The files of a dropped entry, a folder walked, named by their path in the drop. The
/// entries API takes callbacks; each call is made a promise and awaited.
fn files_of(entry: FileSystemEntry) -> Pin<Box<dyn Future<Output = Named>>> {
    Box::pin(async move {
        if !entry.is_directory() {
            let name = entry.full_path().trim_start_matches('/').to_string();
            let file: FileSystemFileEntry = entry.unchecked_into();
            let got = js::wait(Promise::new(&mut |ok, err| {
                file.file_with_callback_and_callback(&ok, &err)
            }))
            .await;
            return got.map_or_else(|_| Vec::new(), |f| vec![(name, f.unchecked_into())]);
        }
        let dir: FileSystemDirectoryEntry = entry.unchecked_into();
        let reader = dir.create_reader();
        let mut files = Vec::new();
        // `readEntries` returns batches until an empty one.
        loop {
            let batch = js::wait(Promise::new(&mut |ok, err| {
                let _ = reader.read_entries_with_callback_and_callback(&ok, &err);
            }))
            .await;
            let Ok(batch) = batch else { break };
            let batch = js_sys::Array::from(&batch);
            if batch.length() == 0 {
                break;
            }
            for e in batch.iter() {
                files.extend(files_of(e.unchecked_into()).await);
            }
        }
        files
    })
}

/// Opens what was dropped: as side B when dropped on B's area in Compare mode, else as A.
fn on_drop(app: &App, e: &DragEvent) {
    e.prevent_default();
    let b = app.borrow().comparing
        && e.target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("#compare-input").ok().flatten())
            .is_some();
    let Some(dt) = e.data_transfer() else { return };
    let items = dt.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|it| it.webkit_get_as_entry().ok().flatten())
        .collect();
    if !entries.is_empty() {
        let app = app.clone();
        spawn_local(async move {
            let mut files = Vec::new();
            for entry in entries {
                files.extend(files_of(entry).await);
            }
            ocilens_core::sort::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
            run_files(&app, files, b);
        });
        return;
    }
    // No entries (a synthetic drop): the plain file list.
    if let Some(list) = dt.files() {
        let files = (0..list.length())
            .filter_map(|i| list.get(i))
            .map(|f| (f.name(), f))
            .collect();
        run_files(app, files, b);
    }
}

thread_local! {
    /// The fragment this page last wrote, so its own `hashchange` does not reload the view.
    static LAST_LINK: RefCell<String> = const { RefCell::new(String::new()) };
}

fn current_hash() -> String {
    js::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn open_link(app: &App, hash: &str) {
    let app = app.clone();
    let hash = hash.to_string();
    spawn_local(async move {
        match share::restore(&hash).await {
            Some(shared) => report(apply_shared(&app, shared)),
            None => show_error(
                &app.scope,
                "This share link could not be read. / この共有リンクを読み取れませんでした。",
            ),
        }
    });
}

/// Puts the view into the URL fragment and copies the link.
fn make_link(app: &App) {
    let s = app.borrow();
    let lang = s.lang;
    // A fetched side travels as its exact documents (they are JSON text); a pasted one as its
    // text; opened files not at all.
    let docs = |b: bool| -> Option<Vec<(String, String)>> {
        match (s.source_of(b), s.side(b)) {
            (Some(Source::Fetched(..)), Some((a, _))) => Some(
                a.documents
                    .iter()
                    .filter_map(|d| {
                        let name = a.inputs.get(d.input)?.name.clone();
                        Some((name, String::from_utf8(d.bytes.clone()).ok()?))
                    })
                    .collect(),
            ),
            (None | Some(Source::Paste), _) => Some(Vec::new()),
            _ => None,
        }
    };
    let (Some(a_docs), Some(b_docs)) = (docs(false), docs(s.comparing)) else {
        status(&app.scope, "share-status", lang.pick("Share links keep pasted text and fetched documents only: opened files stay on this computer.", "共有リンクに入るのは貼り付けたテキストと取得したドキュメントだけです。開いたファイルはこのコンピューターから出ません。"));
        return;
    };
    let compare = by_id::<HtmlTextAreaElement>(&app.scope, "input-b")
        .filter(|_| s.comparing)
        .map(|b| b.value());
    let shared = share::Shared {
        docs: a_docs,
        compare_docs: if s.comparing { b_docs } else { Vec::new() },
        platforms: s.platforms.clone(),
        ignore_timestamps: s.ignore_timestamps,
        compare,
        input: text_area(&app.scope).map(|t| t.value()).unwrap_or_default(),
        lang: lang.id().to_string(),
        host: s.host.clone(),
        custom: s.custom.clone(),
        selected: s.selected.clone(),
    };
    drop(s);
    let app = app.clone();
    spawn_local(async move {
        let f = share::fragment(&shared).await;
        let Some(f) = f.filter(|f| f.len() <= share::MAX_LINK) else {
            status(
                &app.scope,
                "share-status",
                lang.pick(
                    "Too large for a link: share the input itself.",
                    "リンクにするには大きすぎます。入力そのものを共有してください。",
                ),
            );
            return;
        };
        let Some(w) = js::window() else { return };
        LAST_LINK.with(|l| l.borrow_mut().clone_from(&f));
        let _ = w.location().set_hash(&f);
        let href = w.location().href().unwrap_or_default();
        let ok = js::copy(&href).await;
        status(
            &app.scope,
            "share-status",
            if ok {
                lang.pick("Link copied. It is also in the address bar; the data is in the part after #, which browsers never send to a server.", "リンクをコピーしました。アドレスバーにもあります。データは # より後ろにあり、ブラウザーはこの部分をサーバーに送りません。")
            } else {
                lang.pick("The link is in the address bar; the data is in the part after #, which browsers never send to a server.", "リンクはアドレスバーにあります。データは # より後ろにあり、ブラウザーはこの部分をサーバーに送りません。")
            },
        );
    });
}

/// Restores a shared view: language, input, host, selection.
fn apply_shared(app: &App, shared: share::Shared) -> Result<(), JsValue> {
    let doc = &app.scope;
    if let Some(lang) = Lang::parse(&shared.lang) {
        if let Some(sel) = by_id::<HtmlSelectElement>(&app.scope, "lang") {
            sel.set_value(lang.id());
        }
        app.borrow_mut().set_lang(lang);
        view::relabel(doc, lang, &shared.host)?;
    }
    if let Some(area) = text_area(&app.scope) {
        area.set_value(&shared.input);
    }
    {
        let mut s = app.borrow_mut();
        s.host = shared.host.clone();
        s.custom = shared.custom.clone();
    }
    if let Some(sel) = by_id::<HtmlSelectElement>(&app.scope, "host") {
        sel.set_value(&shared.host);
    }
    if let Some(c) = by_id::<HtmlInputElement>(&app.scope, "host-custom") {
        c.set_value(&shared.custom);
    }
    /// A side's job: its documents (fetched) as files, or its text.
    fn job(text: &str, docs: Vec<(String, String)>) -> (Job, Source) {
        if docs.is_empty() {
            (
                Job::Text(JsValue::from_str(text), text.len()),
                Source::Paste,
            )
        } else {
            let names = docs.iter().map(|(n, _)| n.clone()).collect();
            let files = docs.into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
            (Job::Files(files), Source::Files(names))
        }
    }
    if shared.docs.is_empty()
        && (shared.input.len() > KEEP_LIMIT || !js::save(KEY_INPUT, &shared.input))
    {
        js::forget(KEY_INPUT);
    }
    let (a_job, a_source) = job(&shared.input, shared.docs);
    // A comparison: B's text in its area; both sides analysed, then compared (Compare mode
    // turns on after A, so A alone is not compared first); the selection is in A's tree.
    let b = shared.compare.map(|text| {
        if let Some(area) = by_id::<HtmlTextAreaElement>(&app.scope, "input-b") {
            area.set_value(&text);
        }
        let given = !text.trim().is_empty() || !shared.compare_docs.is_empty();
        (job(&text, shared.compare_docs), given)
    });
    if b.is_some() {
        view::compare::set_mode(doc, true);
        let mut s = app.borrow_mut();
        s.platforms = shared.platforms;
        s.ignore_timestamps = shared.ignore_timestamps;
    }
    let app = app.clone();
    spawn_local(async move {
        let shown = analyse(&app, a_job, a_source, false).await;
        if let Some(((b_job, b_source), given)) = b {
            app.borrow_mut().comparing = true;
            if given {
                analyse(&app, b_job, b_source, true).await;
            } else {
                recompare(&app);
            }
        }
        if shown {
            if let Some(path) = shared.selected.filter(|p| app.borrow().node(p).is_some()) {
                report(select(&app, &path, true));
            }
        }
    });
    Ok(())
}

fn initial_lang() -> Lang {
    if let Some(l) = js::load(KEY_LANG).and_then(|l| Lang::parse(&l)) {
        return l;
    }
    js::window()
        .and_then(|w| w.navigator().language())
        .filter(|l| l.to_ascii_lowercase().starts_with("ja"))
        .map_or(Lang::En, |_| Lang::Ja)
}

/// Builds the page inside `#ocilens`, wires every panel's events to [`update`], and restores
/// the last view (a share link, or the input kept from the last visit).
pub fn mount() -> Result<(), JsValue> {
    let doc = Scope::page(document()?);
    let Some(root) = doc.get_element_by_id("ocilens") else {
        return Ok(());
    };
    let lang = initial_lang();
    view::skeleton(&doc, &root, lang)?;
    let app = Shell::new(
        doc,
        State {
            lang,
            ..State::default()
        },
    );
    wire(&app)?;
    if let Some(w) = js::window() {
        listen(&app, &w, "hashchange", |_| Some(Msg::HashChanged))?;
    }
    js::start_worker_on_first_use(&document()?.into());
    restore(&app);
    Ok(())
}

/// Wires the events of every panel the view has to [`update`].
pub(crate) fn wire(app: &App) -> Result<(), JsValue> {
    for &(id, event, translate) in view::EVENTS.iter().flat_map(|panel| panel.iter()) {
        if let Some(target) = app.scope.get_element_by_id(id) {
            listen(app, &target, event, translate)?;
        }
    }
    Ok(())
}

/// Sends the message `translate` makes of each `event` on `target` to [`update`]. One closure
/// type for every listener of the page.
fn listen(
    app: &App,
    target: &EventTarget,
    event: &str,
    translate: fn(&Event) -> Option<Msg>,
) -> Result<(), JsValue> {
    let app = app.clone();
    let cb = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        if let Some(msg) = translate(&e) {
            update(&app, msg);
        }
    });
    target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref())?;
    cb.forget();
    Ok(())
}

/// The one place that acts on what happened.
fn update(app: &App, msg: Msg) {
    match msg {
        Msg::Analyse => {
            report(run_paste(app));
            if app.borrow().comparing
                && !matches!(app.borrow().source_of(true), Some(s) if *s != Source::Paste)
            {
                report(run_paste_b(app));
            }
        }
        Msg::Typed => debounce(app, false),
        Msg::TypedB => debounce(app, true),
        Msg::CompareOptions => compare_options(app),
        Msg::Picked(id) => run_picked(app, id),
        Msg::Dropped(e) => {
            dragging(&app.scope, false);
            on_drop(app, &e);
        }
        Msg::Dragging(on) => dragging(&app.scope, on),
        Msg::Example(id) => load_example(app, &id),
        Msg::Fetch { b } => fetch(app, b),
        Msg::FetchRef(reference) => {
            if let Some(f) = by_id::<HtmlInputElement>(&app.scope, "fetch-ref") {
                f.set_value(&reference);
            }
            fetch(app, false);
        }
        Msg::CancelFetch => spawn_local(view::fetch_panel::cancel()),
        Msg::CancelAnalysis => {
            for lane in [Lane::A, Lane::B, Lane::Compare] {
                js::cancel_analysis(owner(app, lane), true);
            }
            archive::stop_archive();
        }
        Msg::Clear => clear(app),
        Msg::Select { path, focus } => report(select(app, &path, focus)),
        Msg::TreeClick { path, toggle } => {
            if toggle {
                report(toggle_item(app, &path));
            }
            report(select(app, &path, true));
        }
        Msg::TreeKey(k) => report(tree_key(app, &k)),
        Msg::ShowMore(button) => show_more(app, &button),
        Msg::ShowDocument(d) => {
            let path = app.borrow().path_of_document(d);
            if let Some(path) = path {
                report(select(app, &path, true));
            }
        }
        Msg::ShowDigest(d) => {
            let path = app.borrow().path_of_digest(&d);
            if let Some(path) = path {
                report(select(app, &path, true));
            }
        }
        Msg::Which => {
            let state = app.borrow();
            view::which::render(&app.scope, state.analysis.as_ref(), state.lang);
        }
        Msg::Copy(text) => copy(app, text),
        Msg::Host => host_changed(app),
        Msg::Lang => lang_changed(app),
        Msg::CompareMode => {
            let on = !app.borrow().comparing;
            compare_mode(app, on);
        }
        Msg::CompareShow { side_b, path } => compare_show(app, side_b, path),
        Msg::Share => make_link(app),
        Msg::HashChanged => {
            let hash = current_hash();
            let mine = LAST_LINK.with(|l| *l.borrow() == hash);
            if hash.starts_with(share::PREFIX) && !mine {
                open_link(app, &hash);
            }
        }
        Msg::DrawDiagram => {
            let s = app.borrow();
            diagram::render(&app.scope, &s, true);
            report(view::simulation(&app.scope, &s));
        }
        Msg::SaveSvg => diagram::save_svg(&app.scope),
        Msg::SavePng => diagram::save_png(&app.scope),
    }
}

/// A share link wins over the last input, which survives a reload.
fn restore(app: &App) {
    let hash = current_hash();
    if hash.starts_with(share::PREFIX) {
        open_link(app, &hash);
    } else if let Some(saved) = js::load(KEY_INPUT).filter(|s| !s.trim().is_empty()) {
        if let Some(area) = text_area(&app.scope) {
            area.set_value(&saved);
        }
        report(run_paste(app));
    } else {
        report(view::simulation(&app.scope, &app.borrow()));
    }
}

/// Analyses a paste area (side B's, `b`, or A's) once typing has paused: only the last of
/// quick edits runs.
fn debounce(app: &App, b: bool) {
    let generation = {
        let mut s = app.borrow_mut();
        let g = &mut s.generation[usize::from(b)];
        *g = g.wrapping_add(1);
        *g
    };
    let app = app.clone();
    js::later(DEBOUNCE_MS, move || {
        if app.borrow().generation[usize::from(b)] == generation {
            report(if b {
                run_paste_b(&app)
            } else {
                run_paste(&app)
            });
        }
    });
}

/// Fetches with the fetch panel, then analyses what came like files, as side B (`b`) or A.
fn fetch(app: &App, b: bool) {
    if b {
        clear_b_text(app);
    }
    let app = app.clone();
    spawn_local(async move {
        let lang = app.borrow().lang;
        let Some((target, fetched)) = view::fetch_panel::run(app.scope.clone(), lang).await else {
            return;
        };
        let mut fetched = fetched;
        // What Docker printed, pasted (a pull log, a history): analysed with what was fetched,
        // so its ids name the fetched blobs.
        let printed = !b && {
            let s = app.borrow();
            matches!(s.source_of(false), Some(Source::Paste))
                && s.side(false)
                    .is_some_and(|(a, _)| !a.pull_logs.is_empty() || !a.tables.is_empty())
        };
        if printed {
            if let Some(area) = text_area(&app.scope) {
                fetched
                    .inputs
                    .push(ocilens_core::Input::new("paste", area.value().into_bytes()));
            }
        }
        let n = fetched.inputs.len();
        let job = Job::Fetched(ocilens_wire::write_fetched(&fetched));
        analyse(&app, job, Source::Fetched(target, n), b).await;
    });
}

/// Empties B's paste area, and drops its analysis still to come after the typing pause: B is
/// now what is being opened or fetched.
fn clear_b_text(app: &App) {
    if let Some(area) = by_id::<HtmlTextAreaElement>(&app.scope, "input-b") {
        area.set_value("");
    }
    let mut s = app.borrow_mut();
    s.generation[1] = s.generation[1].wrapping_add(1);
}

/// Empties the input, the kept input, a share link in the address bar and the view.
fn clear(app: &App) {
    if let Some(area) = text_area(&app.scope) {
        area.set_value("");
        let _ = area.focus();
    }
    js::forget(KEY_INPUT);
    // A share link in the address bar would bring the old view back on reload.
    if let Some(w) = js::window() {
        if w.location()
            .hash()
            .is_ok_and(|h| h.starts_with(share::PREFIX))
        {
            let _ = w.location().set_hash("");
        }
    }
    for id in ["files", "folder"] {
        if let Some(f) = by_id::<HtmlInputElement>(&app.scope, id) {
            f.set_value("");
        }
    }
    app.borrow_mut().clear();
    hide_error(&app.scope);
    report(view::render(&app.scope, &app.borrow()));
    simulate(app);
}

/// Marks the page while something is dragged over it.
fn dragging(doc: &Scope, on: bool) {
    if let Some(m) = by_id::<Element>(doc, "ocilens") {
        m.set_class_name(if on { "dragging" } else { "" });
    }
}

/// Opens a closed tree item, closes an open one.
fn toggle_item(app: &App, path: &str) -> Result<(), JsValue> {
    let Some(li) = item(&app.scope, path) else {
        return Ok(());
    };
    if li.get_attribute("aria-expanded").as_deref() == Some("true") {
        li.set_attribute("aria-expanded", "false")
    } else {
        open_item(app, &li)
    }
}

/// Copies a digest and says whether it worked.
fn copy(app: &App, text: String) {
    let lang = app.borrow().lang;
    let app = app.clone();
    spawn_local(async move {
        let msg = match js::copy(&text).await {
            true => lang.pick("Copied", "コピーしました"),
            false => lang.pick(
                "Copy failed: select the digest and copy it",
                "コピーできませんでした。ダイジェストを選択してコピーしてください",
            ),
        };
        status(&app.scope, "copy-status", msg);
    });
}

/// The machine to simulate (or the custom platform) changed.
fn host_changed(app: &App) {
    {
        let mut s = app.borrow_mut();
        s.host = by_id::<HtmlSelectElement>(&app.scope, "host")
            .map(|h| h.value())
            .unwrap_or_default();
        s.custom = by_id::<HtmlInputElement>(&app.scope, "host-custom")
            .map(|h| h.value())
            .unwrap_or_default();
    }
    simulate(app);
}

/// Relabels the page and renders the view in the chosen language, and remembers it.
fn lang_changed(app: &App) {
    let doc = &app.scope;
    let value = by_id::<HtmlSelectElement>(&app.scope, "lang")
        .map(|s| s.value())
        .unwrap_or_default();
    let lang = Lang::parse(&value).unwrap_or_default();
    js::save(KEY_LANG, lang.id());
    let mut s = app.borrow_mut();
    s.set_lang(lang);
    report(view::relabel(doc, lang, &s.host));
    report(view::render(doc, &s));
}
