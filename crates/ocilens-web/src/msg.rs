//! What can happen on the page, as messages. Each panel lists the events of its own elements and
//! turns each into a [`Msg`] ([`Listen`]); the controller wires the lists and is the only place
//! that acts on a message (`controller::update`). Panels never call the controller: they send
//! messages up.

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Element, Event, KeyboardEvent};

/// Something the user (or the page's own URL) asked for.
#[derive(Debug)]
pub enum Msg {
    /// Analyse the paste area now.
    Analyse,
    /// The paste area changed: analyse it after the typing pause.
    Typed,
    /// Files were chosen in the file input with this id (`files`, `folder`).
    Picked(&'static str),
    /// Files or folders were dropped on the page.
    Dropped(DragEvent),
    /// Something is dragged over the page (true) or not any more.
    Dragging(bool),
    /// Load the example with this id.
    Example(String),
    /// Fetch what the fetch field names, as side B (`b`, "Fetch into B") or A; stop the
    /// running fetch.
    Fetch {
        b: bool,
    },
    CancelFetch,
    /// Fetch this reference (a pull log's "Fetch to name these ids").
    FetchRef(String),
    /// Stop the running analysis.
    CancelAnalysis,
    /// Empty the input and the view.
    Clear,
    /// Select the tree node at this path (`focus`: move the keyboard focus to it).
    Select {
        path: String,
        focus: bool,
    },
    /// A click on a tree item: select it, and open or close it when `toggle`.
    TreeClick {
        path: String,
        toggle: bool,
    },
    /// A key pressed in the tree.
    TreeKey(KeyboardEvent),
    /// A "Show more" button of the tree or the findings was pressed.
    ShowMore(Element),
    /// Select the first node showing this document.
    ShowDocument(usize),
    /// Select the first tree node of this digest (a pull log's "Show in tree").
    ShowDigest(String),
    /// The "which digest is this?" box changed.
    Which,
    /// Copy this text (a digest) to the clipboard.
    Copy(String),
    /// The simulated machine (or the custom platform) changed.
    Host,
    /// The language switch changed.
    Lang,
    /// Turn Compare mode on or off (side B's area).
    CompareMode,
    /// Side B's paste area changed: analyse it after the typing pause.
    TypedB,
    /// A platform to compare was chosen (A's or B's), or timestamps set aside or not.
    CompareOptions,
    /// Show side B's tree (`side_b`) or A's, and the node at `path` in it.
    CompareShow {
        side_b: bool,
        path: Option<String>,
    },
    /// Make a share link of the view.
    Share,
    /// The URL fragment changed (a share link pasted into the address bar).
    HashChanged,
    /// Draw the diagram of a large tree; save the diagram.
    DrawDiagram,
    SaveSvg,
    SavePng,
}

/// An event of one element, and the message it sends: `(element id, event, translate)`. The
/// translation is a plain function, so every listener of the page is one closure type.
pub type Listen = (&'static str, &'static str, fn(&Event) -> Option<Msg>);

/// The element the event happened in, or its closest ancestor matching `selector`.
pub fn closest(e: &Event, selector: &str) -> Option<Element> {
    e.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// The value of attribute `name` of the closest `selector` around the event's target.
pub fn closest_attr(e: &Event, selector: &str, name: &str) -> Option<String> {
    closest(e, selector)?.get_attribute(name)
}

/// Whether the event is a press of `key`.
pub fn is_key(e: &Event, key: &str) -> bool {
    e.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == key)
}
