//! Verifying: digests recomputed over the exact bytes and compared with every claim (`digest`),
//! then the content rules a registry or runtime enforces (`checks`).

mod causes;
pub mod checks;
mod claims;
pub mod diff_ids;
pub mod digest;

pub(crate) use claims::verify;
