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

pub mod codec;
pub mod compare;
pub mod explain;
pub mod fetch;
pub mod findings;
mod hash;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod read;
pub mod sort;
pub mod text;
pub mod tree;
pub mod verify;

pub use findings::{Finding, Location, Severity};
pub use model::*;
pub(crate) use pipeline::Ctx;
pub use pipeline::{analyze, analyze_text};
pub use text::{Lang, Text};

/// The unit tests share the integration tests' fixture loader (`tests/common`), which names the
/// crate `ocilens_core`.
#[cfg(test)]
extern crate self as ocilens_core;
#[cfg(test)]
#[path = "../tests/common/mod.rs"]
pub(crate) mod test_support;
