//! The pipeline: read -> verify -> tree -> explain, one stage after the other over one [`Ctx`].

use crate::explain::{artifact, attestation, diagnose, errors, local, pull};
use crate::read::errors::PastedError;
use std::cell::OnceCell;

use crate::read::lines::Lines;
use crate::read::{archive, layout, paste};
use crate::verify::{self, checks};
use crate::{
    tree, Analysis, DockerTable, Document, Finding, Format, Input, InputSummary, Kind, PullLog,
    SetAside, Text, TreeNode,
};

/// The analysis under construction, handed from stage to stage.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub inputs: &'a [Input],
    /// Each input's line index, made the first time a finding needs a line of it.
    pub lines: Vec<OnceCell<Lines>>,
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
    pub set_aside: Vec<SetAside>,
    pub summaries: Vec<InputSummary>,
    pub pull_logs: Vec<PullLog>,
    /// `docker history` and `docker images` tables.
    pub tables: Vec<DockerTable>,
    /// Error messages pasted (`no matching manifest ...`), said once the tree is built.
    pub errors: Vec<PastedError>,
}

impl<'a> Ctx<'a> {
    /// Nothing read yet of `inputs`.
    pub fn new(inputs: &'a [Input]) -> Ctx<'a> {
        Ctx {
            inputs,
            lines: inputs.iter().map(|_| OnceCell::new()).collect(),
            documents: Vec::new(),
            findings: Vec::new(),
            set_aside: Vec::new(),
            pull_logs: Vec::new(),
            tables: Vec::new(),
            errors: Vec::new(),
            summaries: inputs
                .iter()
                .map(|i| InputSummary {
                    name: i.name.clone(),
                    // An archive: the bytes read; a streamed member: its size.
                    size: i
                        .listing
                        .as_ref()
                        .map(|l| l.read)
                        .or(i.streamed.as_ref().map(|s| s.size))
                        .map_or(i.bytes.len(), |n| usize::try_from(n).unwrap_or(usize::MAX)),
                    formats: Vec::new(),
                })
                .collect(),
        }
    }
    /// The input's bytes and line index (`None` for an input that does not exist).
    pub fn located(&self, input: usize) -> Option<(&[u8], &Lines)> {
        let (i, l) = (self.inputs.get(input)?, self.lines.get(input)?);
        Some((&i.bytes, l.get_or_init(|| Lines::new(&i.bytes))))
    }
    /// 1-based line and column of `offset` in input `input` (1:1 for no input).
    pub fn line_col(&self, input: usize, offset: usize) -> (usize, usize) {
        self.located(input)
            .map_or((1, 1), |(bytes, lines)| lines.line_col(bytes, offset))
    }
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
    let mut cx = Ctx::new(inputs);
    let mut consumed = vec![false; inputs.len()];
    for i in layout::read(&mut cx) {
        consumed[i] = true;
    }
    archive::save::read(&mut cx, &mut consumed);
    for (i, _) in consumed.iter().enumerate().filter(|(_, &c)| !c) {
        paste::read(&mut cx, i);
    }
    verify::verify(&mut cx);
    verify::diff_ids::check(&mut cx);
    checks::run(&mut cx);
    for (i, d) in cx.documents.iter().enumerate() {
        if let (Kind::Manifest, Some(json)) = (d.kind, &d.json) {
            cx.findings.extend(artifact::check_manifest(i, json));
        }
    }
    let tree = tree::build(&cx.documents, &mut cx.findings);
    named_blobs_are_known(&tree, &mut cx.findings);
    diagnose::run(&cx.documents, &tree, &mut cx.findings);
    crate::explain::cosign::run(&cx.documents, &tree, &mut cx.findings);
    crate::explain::sigstore::run(&cx.documents, &tree, &mut cx.findings);
    crate::explain::notation::run(&cx.documents, &tree, &mut cx.findings);
    pull::map(&mut cx.pull_logs, &tree, &cx.documents, &mut cx.findings);
    explain(&mut cx.documents, &tree);
    let mut a = Analysis {
        inputs: cx.summaries,
        documents: cx.documents,
        tree,
        findings: cx.findings,
        set_aside: cx.set_aside,
        pull_logs: cx.pull_logs,
        tables: cx.tables,
    };
    errors::explain(&mut a, &cx.errors);
    local::map(&mut a);
    a
}

/// Convenience for a single pasted text.
pub fn analyze_text(name: &str, text: &str) -> Analysis {
    analyze(&[Input::new(name, text.as_bytes())])
}

/// What each document is for (image or artifact) and what its attestation says: computed once
/// here, so every front door shows the same answer.
fn explain(documents: &mut [Document], tree: &[TreeNode]) {
    // BuildKit marks attestation manifests on the index entry pointing at them: the annotations
    // of the first node showing each document (one walk, not one per document).
    let mut entry: Vec<Option<&[(String, String)]>> = vec![None; documents.len()];
    for n in TreeNode::nodes(tree) {
        if let Some(slot) = n.document.and_then(|d| entry.get_mut(d)) {
            slot.get_or_insert(&n.annotations);
        }
    }
    for (d, annotations) in documents.iter_mut().zip(entry) {
        let Some(json) = d.json.as_ref() else {
            continue;
        };
        d.class = match d.kind {
            Kind::Index => Some(artifact::classify_index(json)),
            Kind::Manifest => Some(artifact::classify_manifest(
                json,
                annotations.unwrap_or_default(),
            )),
            _ => None,
        };
        d.attestation = attestation::decode(json).map(Box::new);
    }
}

/// JSON of no known kind that a manifest names (an artifact's config, the empty descriptor's
/// `{}`, a referrer's layer) is what its descriptor says it is: not `unknown-json`.
fn named_blobs_are_known(tree: &[crate::TreeNode], findings: &mut Vec<crate::Finding>) {
    use crate::findings::Code;
    if !findings.iter().any(|f| f.code == Code::UnknownJson) {
        return;
    }
    let named: crate::hash::HashSet<usize> = crate::TreeNode::walk(tree)
        .filter(|(path, n)| {
            path.0.len() > 1
                && matches!(
                    n.kind,
                    crate::NodeKind::Config | crate::NodeKind::Layer | crate::NodeKind::Other
                )
        })
        .filter_map(|(_, n)| n.document)
        .collect();
    findings.retain(|f| {
        f.code != Code::UnknownJson || f.location.document.is_none_or(|d| !named.contains(&d))
    });
}
