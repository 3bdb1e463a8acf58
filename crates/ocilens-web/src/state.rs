//! What the page shows: the language, the last analysis, the selected tree node and the
//! simulated host.

use js_sys::Uint8Array;
use ocilens_core::compare::Comparison;
use ocilens_core::explain::simulate;
use ocilens_core::{Analysis, Lang, TreeNode};
use ocilens_wire::{ExplainRequest, Explanations, SimRequest, Simulation};

/// Where the analysed bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Source {
    #[default]
    Paste,
    Files(Vec<String>),
    /// An archive (a tar file), read and hashed in workers: its name and size in bytes.
    Archive(String, u64),
    /// Fetched from a registry (or a URL): what the user typed, and the number of documents.
    Fetched(String, usize),
}

/// What a worker job is for: side A's analysis, side B's, or their comparison. Each lane has its
/// own tickets: a newer job replaces an older one of its lane, never another lane's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    A,
    B,
    Compare,
}

impl Lane {
    /// Side B's lane (`b`) or A's.
    pub fn side(b: bool) -> Lane {
        if b {
            Lane::B
        } else {
            Lane::A
        }
    }
}

/// One side of a comparison, while the tree shows the other: its analysis, where it came from,
/// and its bytes as the worker gave them (in JS memory: the worker is handed them to compare).
#[derive(Debug)]
pub struct Side {
    pub analysis: Analysis,
    pub source: Source,
    pub bytes: Uint8Array,
}

#[derive(Debug, Default)]
pub struct State {
    pub lang: Lang,
    pub analysis: Option<Analysis>,
    pub source: Source,
    /// The shown analysis as the worker gave it (`ocilens_core::codec`), to compare it.
    pub bytes: Option<Uint8Array>,
    /// Path of the selected tree node: child indexes from the roots, joined by `-`.
    pub selected: Option<String>,
    /// Simulated host: a preset id, `custom`, or empty (none).
    pub host: String,
    /// The custom `os/arch[/variant]` text.
    pub custom: String,
    /// The simulator module's answer for this host and analysis; `None` while it is awaited
    /// and when there is no host.
    pub simulation: Option<Simulation>,
    /// Incremented on every simulation request, so only the last answer is shown.
    pub sim_ticket: u32,
    /// The explanations the explanations module gave so far (kept across analyses: a text
    /// never changes).
    pub explanations: Explanations,
    /// How many levels of the tree are shown open (an `<oci-lens>`'s `depth`); `None`: all of
    /// a small tree, one level of a large one.
    pub depth: Option<usize>,
    /// Of A's paste area and B's: incremented on every input event, so only the last
    /// debounced analysis runs.
    pub generation: [u32; 2],
    /// Of each [`Lane`]: the ticket of its last job (incremented on every job, so only the
    /// last is shown), and of the last that ended (shown, cancelled or failed).
    pub tickets: [(u32, u32); 3],
    /// The lane whose archive the archive workers read, while they read one.
    pub archive_lane: Option<Lane>,
    /// Compare mode is on: the B area is shown, and A and B are compared.
    pub comparing: bool,
    /// The side the tree does not show (B while it shows A), once one was given.
    pub other: Option<Side>,
    /// Whether the tree shows B.
    pub showing_b: bool,
    /// The last comparison of A and B, while Compare mode shows one.
    pub compare: Option<Comparison>,
    /// The platforms chosen to compare, of A and of B (empty: the images are paired by
    /// platform).
    pub platforms: (String, String),
    /// The timestamps' differences are set aside (`ocilens diff --ignore-timestamps`).
    pub ignore_timestamps: bool,
}

impl State {
    /// Takes `analysis` (made by a worker, `bytes`) of what came from `source` as side B (`b`)
    /// or A, and shows it when its side is the one shown. A comparison made before is out of
    /// date.
    pub fn set_analysis(
        &mut self,
        analysis: Analysis,
        source: Source,
        bytes: Option<Uint8Array>,
        b: bool,
    ) {
        self.compare = None;
        // Another input on this side: its platforms are others.
        if self.source_of(b) != Some(&source) {
            *(if b {
                &mut self.platforms.1
            } else {
                &mut self.platforms.0
            }) = String::new();
        }
        if b != self.showing_b {
            if let Some(bytes) = bytes {
                self.other = Some(Side {
                    analysis,
                    source,
                    bytes,
                });
            }
            return;
        }
        self.source = source;
        self.bytes = bytes;
        self.set(analysis);
    }

    /// A new job of `lane`: its ticket.
    pub fn start(&mut self, lane: Lane) -> u32 {
        let t = &mut self.tickets[lane as usize].0;
        *t = t.wrapping_add(1);
        *t
    }

    /// Whether `ticket` is `lane`'s last job (no newer one overtook it).
    pub fn current(&self, lane: Lane, ticket: u32) -> bool {
        self.tickets[lane as usize].0 == ticket
    }

    /// Whether `ticket` is `lane`'s last job and has not ended.
    pub fn running(&self, lane: Lane, ticket: u32) -> bool {
        self.current(lane, ticket) && self.tickets[lane as usize].1 != ticket
    }

    /// Job `ticket` of `lane` ended.
    pub fn finish(&mut self, lane: Lane, ticket: u32) {
        self.tickets[lane as usize].1 = ticket;
    }

    /// Side B (`b`) or A, when it was given: its analysis and bytes.
    pub fn side(&self, b: bool) -> Option<(&Analysis, &Uint8Array)> {
        if b == self.showing_b {
            Some((self.analysis.as_ref()?, self.bytes.as_ref()?))
        } else {
            self.other.as_ref().map(|s| (&s.analysis, &s.bytes))
        }
    }

    /// Where side B (`b`) or A came from, when it was given.
    pub fn source_of(&self, b: bool) -> Option<&Source> {
        if b == self.showing_b {
            self.analysis.as_ref().map(|_| &self.source)
        } else {
            self.other.as_ref().map(|s| &s.source)
        }
    }

    /// Shows side B's tree (`b`) or A's; whether it changed (it cannot while B is not given).
    pub fn show_side(&mut self, b: bool) -> bool {
        if self.showing_b == b {
            return false;
        }
        let Some(other) = self.other.as_mut() else {
            return false;
        };
        let (Some(a), Some(bytes)) = (self.analysis.as_mut(), self.bytes.as_mut()) else {
            return false;
        };
        std::mem::swap(a, &mut other.analysis);
        std::mem::swap(bytes, &mut other.bytes);
        std::mem::swap(&mut self.source, &mut other.source);
        self.showing_b = b;
        self.selected = None;
        self.simulation = None;
        true
    }

    fn set(&mut self, analysis: Analysis) {
        // A node selected while a new analysis of the same documents was on its way (Analyse
        // pressed during the typing pause) stays selected when the new tree has it at its place.
        let keep = self.selected.take().filter(|p| {
            let new = p
                .parse()
                .ok()
                .and_then(|p| TreeNode::at(&analysis.tree, &p));
            let old = self.node(p);
            matches!((old, new), (Some(o), Some(n)) if o.kind == n.kind && o.digest == n.digest)
        });
        self.analysis = Some(analysis);
        self.selected = keep;
        self.simulation = None;
    }

    /// Forgets side B (and the comparison), showing A; whether the tree changed.
    pub fn forget_b(&mut self) -> bool {
        let swapped = self.show_side(false);
        self.other = None;
        self.compare = None;
        swapped
    }

    /// Forgets the shown analysis (A's: B, if given, is kept for Compare mode).
    pub fn clear(&mut self) {
        self.show_side(false);
        self.analysis = None;
        self.bytes = None;
        self.compare = None;
        self.selected = None;
        self.simulation = None;
        self.source = Source::Paste;
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The node at `path` (`0-2-1`).
    pub fn node(&self, path: &str) -> Option<&TreeNode> {
        TreeNode::at(&self.analysis.as_ref()?.tree, &path.parse().ok()?)
    }

    /// Every node's path in pre-order (the diagram's box ids index this).
    pub fn preorder_paths(&self) -> Vec<String> {
        let Some(a) = self.analysis.as_ref() else {
            return Vec::new();
        };
        TreeNode::walk(&a.tree)
            .map(|(p, _)| p.to_string())
            .collect()
    }

    /// The path of the first node (depth-first, as the tree is drawn) showing document `d`.
    /// The path of the first tree node of digest `d`.
    pub fn path_of_digest(&self, d: &str) -> Option<String> {
        TreeNode::walk(&self.analysis.as_ref()?.tree)
            .find(|(_, n)| n.digest.as_deref() == Some(d))
            .map(|(p, _)| p.to_string())
    }

    pub fn path_of_document(&self, d: usize) -> Option<String> {
        TreeNode::walk(&self.analysis.as_ref()?.tree)
            .find(|(_, n)| n.document == Some(d))
            .map(|(p, _)| p.to_string())
    }

    /// The explanations the selected node's details need and the page does not have yet.
    pub fn explain_request(&self) -> ExplainRequest {
        let mut r = ExplainRequest::default();
        let Some(n) = self.selected.as_deref().and_then(|p| self.node(p)) else {
            return r;
        };
        if let Some(mt) = n.media_type.as_ref() {
            if self.explanations.media_type(mt).is_none() {
                r.media_types.push(mt.clone());
            }
        }
        for (k, _) in &n.annotations {
            if self.explanations.annotation(k).is_none() && !r.annotations.contains(k) {
                r.annotations.push(k.clone());
            }
        }
        r
    }

    /// What to ask the simulator module: `None` when no machine is chosen (or the custom
    /// field is empty). Only what a pull looks at crosses, never the analysis.
    pub fn sim_request(&self) -> Option<SimRequest> {
        if self.host.is_empty() || (self.host == "custom" && self.custom.trim().is_empty()) {
            return None;
        }
        Some(SimRequest {
            host: self.host.clone(),
            custom: self.custom.clone(),
            target: self.analysis.as_ref().and_then(simulate::pull_target),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_nested_nodes() {
        let mut s = State::default();
        s.set_analysis(
            ocilens_core::analyze_text(
                "paste",
                include_str!(
                    "../../../tests/fixtures/manifests/dockerhub-python-linux-amd64-schema2.json"
                ),
            ),
            Source::Paste,
            None,
            false,
        );
        assert_eq!(s.node("0").map(|n| n.kind.id()), Some("manifest"));
        assert_eq!(s.node("0-0").map(|n| n.kind.id()), Some("config"));
        assert!(s.node("0-99").is_none());
        assert!(s.node("x").is_none());
        assert_eq!(s.path_of_document(0).as_deref(), Some("0"));
        assert_eq!(s.path_of_document(7), None);
        let paths = s.preorder_paths();
        assert_eq!(&paths[..3], ["0", "0-0", "0-1"]);
        assert_eq!(paths.len(), 1 + s.node("0").unwrap().children.len());
    }

    #[test]
    fn only_the_missing_explanations_of_the_selected_node_are_asked_for() {
        let mut s = State::default();
        assert!(s.explain_request().is_empty(), "nothing selected");
        s.set_analysis(
            ocilens_core::analyze_text(
                "paste",
                include_str!(
                    "../../../tests/fixtures/manifests/regclient-index-with-artifacttype.json"
                ),
            ),
            Source::Paste,
            None,
            false,
        );
        let path = TreeNode::walk(&s.analysis.as_ref().unwrap().tree)
            .find(|(_, n)| !n.annotations.is_empty() && n.media_type.is_some())
            .map(|(p, _)| p.to_string())
            .expect("a node with annotations");
        s.selected = Some(path.clone());
        let n = s.node(&path).unwrap().clone();
        let r = s.explain_request();
        assert_eq!(r.media_types, vec![n.media_type.clone().unwrap()]);
        assert_eq!(r.annotations.len(), n.annotations.len());
        s.explanations.merge(Explanations {
            media_types: vec![(
                n.media_type.clone().unwrap(),
                ocilens_core::Text::new("a", "あ"),
            )],
            annotations: vec![(n.annotations[0].0.clone(), None)],
        });
        let r = s.explain_request();
        assert!(r.media_types.is_empty());
        assert_eq!(r.annotations.len(), n.annotations.len() - 1);
    }

    #[test]
    fn the_simulator_is_asked_about_the_pull_only_when_a_machine_is_chosen() {
        let mut s = State::default();
        assert_eq!(s.sim_request(), None);
        s.host = "custom".into();
        s.custom = "  ".into();
        assert_eq!(s.sim_request(), None);
        s.custom = "linux/s390x".into();
        assert_eq!(
            s.sim_request().unwrap().target,
            None,
            "nothing analysed yet"
        );
        s.set_analysis(
            ocilens_core::analyze_text(
                "paste",
                include_str!(
                    "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
                ),
            ),
            Source::Paste,
            None,
            false,
        );
        let r = s.sim_request().unwrap();
        assert_eq!(
            (r.host.as_str(), r.custom.as_str()),
            ("custom", "linux/s390x")
        );
        let a = s.analysis.as_ref().unwrap();
        assert_eq!(r.target, simulate::pull_target(a));
        assert!(
            matches!(r.target, Some(simulate::PullTarget::Index { ref entries, .. }) if entries.len() == 10)
        );
        s.host.clear();
        assert_eq!(s.sim_request(), None);
    }
}
