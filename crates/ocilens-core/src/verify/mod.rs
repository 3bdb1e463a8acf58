//! Verifying: digests recomputed over the exact bytes and compared with every claim (`digest`),
//! then the content rules a registry or runtime enforces (`checks`).

pub mod checks;
pub mod digest;
