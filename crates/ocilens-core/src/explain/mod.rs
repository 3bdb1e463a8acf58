//! Explaining: what the documents and the tree mean.
//!
//! `knowledge` (media types, annotations, predicate types), `platform` (containerd's matching,
//! host presets), `artifact` (image or artifact, OCI 1.1 rules), `attestation` (in-toto, DSSE,
//! SLSA, SBOMs), `diagnose` (the questions users bring, answered as findings) and `simulate`
//! (which image a host pulls).

pub mod artifact;
pub mod attestation;
pub mod cosign;
pub mod diagnose;
pub(crate) mod errors;
pub mod identity;
pub mod knowledge;
pub(crate) mod local;
pub mod notation;
pub mod platform;
pub(crate) mod pull;
pub mod sigstore;
pub mod simulate;
pub mod supply_chain;
pub mod x509;
