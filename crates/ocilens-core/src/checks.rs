//! Content findings: media types, Docker/OCI mixes, duplicate keys, schema1.
use crate::Ctx;

pub(crate) fn run(_cx: &mut Ctx) {}
