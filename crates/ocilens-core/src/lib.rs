//! ocilens core: from what a user pasted to one model of documents, tree and findings.
//!
//! The folders are the pipeline (see ARCHITECTURE.md): [`read`] (split a paste, OCI layouts,
//! classify each JSON value) -> [`verify`] (recompute digests over exact bytes, compare every
//! claim, content checks) -> [`tree`] (tag -> index -> manifest -> config/layers) -> [`explain`]
//! (knowledge, platforms, attestations, diagnoses, pull simulation) -> [`present`] (labels,
//! text, JSON, diagram). [`pipeline`] runs the stages; [`fetch`] plans registry walks.
//!
//! *Invariants*: no I/O, no JS, no panics on any input; [`analyze`] always returns an
//! [`Analysis`], with findings for whatever it could not read.

pub mod explain;
pub mod fetch;
pub mod findings;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod read;
pub mod text;
pub mod tree;
pub mod verify;

pub use findings::{Finding, Location, Severity};
pub use model::*;
pub(crate) use pipeline::Ctx;
pub use pipeline::{analyze, analyze_text};
pub use text::{Lang, Text};

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
