//! The pipeline: read -> verify -> tree -> explain, one stage after the other over one [`Ctx`].

use crate::explain::{artifact, diagnose};
use crate::read::{layout, paste};
use crate::verify::{checks, digest};
use crate::{tree, Analysis, Document, Finding, Format, Input, InputSummary, Kind, SetAside, Text};

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
            paste::read(&mut cx, i);
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
