//! ocilens core: from what a user pasted to one model of documents, tree and findings.
//!
//! The flow (see ARCHITECTURE.md): [`Input`]s -> `input` (split a paste into text blocks and
//! JSON values, set aside prompts, BOM, CRLF) -> `detect` (what each value is, unwrap tool
//! wrappers, extract descriptors and claims) -> `layout` (OCI image layouts) -> `digest`
//! (recompute over exact bytes, compare every claim, name the cause of a mismatch) -> `checks`
//! (content findings) -> `tree` (tag -> index -> manifest -> config/layers).
//!
//! *Invariants*: no I/O, no JS, no panics on any input; [`analyze`] always returns an
//! [`Analysis`], with findings for whatever it could not read.

pub mod artifact;
pub mod attestation;
pub mod checks;
pub mod detect;
pub mod diagnose;
pub mod diagram;
pub mod digest;
pub mod fetch;
pub mod findings;
pub mod input;
pub mod json;
pub mod knowledge;
pub mod layout;
pub mod model;
pub mod output;
pub mod platform;
pub mod render;
pub mod simulate;
pub mod text;
pub mod tree;

/// Helpers for the unit tests: the real captures of `tests/fixtures/`.
#[cfg(test)]
pub(crate) mod test_support {
    /// A capture as an input named by its path under `tests/fixtures/`.
    pub fn fixture(rel: &str) -> crate::Input {
        let path = format!("{}/../../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        crate::Input::new(
            rel,
            std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        )
    }
}

pub use findings::{Finding, Location, Severity};
pub use model::*;
pub use text::{Lang, Text};

/// The analysis under construction, handed from stage to stage.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub inputs: &'a [Input],
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
    pub set_aside: Vec<SetAside>,
    pub summaries: Vec<InputSummary>,
}

impl Ctx<'_> {
    pub fn finding(&mut self, f: Finding) {
        self.findings.push(f);
    }
    pub fn set_aside(&mut self, input: usize, line: usize, what: Text) {
        self.set_aside.push(SetAside { input, line, what });
    }
    /// Records that `format` was seen in `input` (for the input summary).
    pub fn saw_format(&mut self, input: usize, format: Format) {
        if let Some(s) = self.summaries.get_mut(input) {
            if !s.formats.contains(&format) {
                s.formats.push(format);
            }
        }
    }
}

/// Analyses everything the user gave as one whole. Several inputs form one analysis (a parent
/// index in one file verifies the manifest in another). Never panics.
pub fn analyze(inputs: &[Input]) -> Analysis {
    let mut cx = Ctx {
        inputs,
        documents: Vec::new(),
        findings: Vec::new(),
        set_aside: Vec::new(),
        summaries: inputs
            .iter()
            .map(|i| InputSummary {
                name: i.name.clone(),
                size: i.bytes.len(),
                formats: Vec::new(),
            })
            .collect(),
    };
    let in_layout = layout::read(&mut cx);
    for i in 0..inputs.len() {
        if !in_layout.contains(&i) {
            input::read(&mut cx, i);
        }
    }
    digest::verify(&mut cx);
    checks::run(&mut cx);
    for (i, d) in cx.documents.iter().enumerate() {
        if let (Kind::Manifest, Some(json)) = (d.kind, &d.json) {
            cx.findings.extend(artifact::check_manifest(i, json));
        }
    }
    let tree = tree::build(&cx.documents, &mut cx.findings);
    diagnose::run(&cx.documents, &tree, &mut cx.findings);
    Analysis {
        inputs: cx.summaries,
        documents: cx.documents,
        tree,
        findings: cx.findings,
        set_aside: cx.set_aside,
    }
}

/// Convenience for a single pasted text.
pub fn analyze_text(name: &str, text: &str) -> Analysis {
    analyze(&[Input::new(name, text.as_bytes())])
}
