//! What the page shows: the language, the last analysis, the selected tree node and the
//! simulated host.

use ocilens_core::explain::platform;
use ocilens_core::explain::simulate::{self, PlatformMatch};
use ocilens_core::{Analysis, Input, Lang, Platform, TreeNode};

/// Where the analysed bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Source {
    #[default]
    Paste,
    Files(Vec<String>),
    /// Fetched from a registry (or a URL): what the user typed, and the number of documents.
    Fetched(String, usize),
}

#[derive(Debug, Default)]
pub struct State {
    pub lang: Lang,
    pub analysis: Option<Analysis>,
    pub source: Source,
    /// Path of the selected tree node: child indexes from the roots, joined by `-`.
    pub selected: Option<String>,
    /// Simulated host: a preset id, `custom`, or empty (none).
    pub host: String,
    /// The custom `os/arch[/variant]` text.
    pub custom: String,
    /// Incremented on every input event, so only the last debounced analysis runs.
    pub generation: u32,
}

impl State {
    pub fn analyse(&mut self, text: &str) {
        self.source = Source::Paste;
        self.set(ocilens_core::analyze_text("paste", text));
    }

    pub fn analyse_files(&mut self, inputs: Vec<Input>) {
        self.source = Source::Files(inputs.iter().map(|i| i.name.clone()).collect());
        self.set(ocilens_core::analyze(&inputs));
    }

    /// What a fetch brought: analysed like files, the fetch's own findings first.
    pub fn analyse_fetched(&mut self, target: &str, fetched: ocilens_core::fetch::Fetched) {
        self.source = Source::Fetched(target.to_string(), fetched.inputs.len());
        self.set(fetched.analyze());
    }

    fn set(&mut self, analysis: Analysis) {
        self.analysis = Some(analysis);
        self.selected = None;
    }

    pub fn clear(&mut self) {
        self.analysis = None;
        self.selected = None;
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
    pub fn path_of_document(&self, d: usize) -> Option<String> {
        TreeNode::walk(&self.analysis.as_ref()?.tree)
            .find(|(_, n)| n.document == Some(d))
            .map(|(p, _)| p.to_string())
    }

    /// The simulated host platform, or the error text of an unparsable custom one.
    pub fn host_platform(&self) -> Option<Result<Platform, String>> {
        match self.host.as_str() {
            "" => None,
            "custom" => {
                let s = self.custom.trim();
                if s.is_empty() {
                    return None;
                }
                Some(platform::parse(s).map_err(|e| e.text().get(self.lang).to_string()))
            }
            id => platform::host(id).map(|h| Ok(h.platform)),
        }
    }

    /// The pull simulation for the chosen host, if there is a host and something to pull.
    pub fn simulation(&self) -> Option<Result<PlatformMatch, String>> {
        let a = self.analysis.as_ref()?;
        match self.host_platform()? {
            Ok(p) => simulate::platform_match(a, &p).map(Ok),
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_nested_nodes() {
        let mut s = State::default();
        s.analyse(include_str!(
            "../../../tests/fixtures/manifests/dockerhub-python-linux-amd64-schema2.json"
        ));
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
    fn a_custom_host_is_parsed_and_simulated() {
        let mut s = State::default();
        s.analyse(include_str!(
            "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
        ));
        s.host = "custom".into();
        s.custom = "linux/s390x".into();
        let m = s.simulation().unwrap().unwrap();
        assert!(m.chosen.is_some());
        s.custom = "linux/".into();
        assert!(s.simulation().unwrap().is_err());
    }
}
