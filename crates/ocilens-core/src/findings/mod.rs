//! Findings: what the analysis noticed, as data. A mismatch is a finding, never an error.
//!
//! Every finding has a [`Code`] from the catalogue (its stable kebab-case id is part of the JSON
//! contract), a severity the catalogue allows for it, a location, and a message and a fix in
//! English and Japanese that say what was seen there.

mod catalogue;

pub use catalogue::{Code, Group};

use crate::text::Text;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Probably not what the user wants, or legacy / risky.
    Warning,
    /// Broken: a digest that does not match, invalid JSON, a document a runtime rejects.
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a finding points. All parts are optional: a finding about the whole input has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// Index into `Analysis::inputs`.
    pub input: Option<usize>,
    /// Index into `Analysis::documents`.
    pub document: Option<usize>,
    /// JSON path inside the document, e.g. `$.manifests[0].digest`.
    pub path: Option<String>,
    /// 1-based line and column inside the input.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// Which finding this is; `code.id()` is the stable identifier (`digest-mismatch`),
    /// documented in `docs/findings.md`.
    pub code: Code,
    pub severity: Severity,
    pub location: Location,
    pub message: Text,
    pub fix: Option<Text>,
}

impl Finding {
    /// A finding of `code` at its usual severity.
    pub fn new(code: Code, message: Text) -> Self {
        Finding::with_severity(code, code.severity(), message)
    }
    /// A finding of `code` at one of the other severities the catalogue lists for it.
    pub fn with_severity(code: Code, severity: Severity, message: Text) -> Self {
        debug_assert!(
            code.severities().contains(&severity),
            "{code} is not reported as {severity:?}"
        );
        Finding {
            code,
            severity,
            location: Location::default(),
            message,
            fix: None,
        }
    }
    pub fn with_fix(mut self, fix: Text) -> Self {
        self.fix = Some(fix);
        self
    }
    pub fn at_input(mut self, input: usize) -> Self {
        self.location.input = Some(input);
        self
    }
    pub fn at_document(mut self, document: usize) -> Self {
        self.location.document = Some(document);
        self
    }
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.location.path = Some(path.into());
        self
    }
    pub fn at_line(mut self, line: usize, column: Option<usize>) -> Self {
        self.location.line = Some(line);
        self.location.column = column;
        self
    }
}
