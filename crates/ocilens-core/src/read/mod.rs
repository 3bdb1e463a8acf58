//! Reading: from the bytes the user gave to [`Document`](crate::Document)s with exact spans.
//!
//! `layout` takes the inputs that form OCI image layouts (each blob's file name a digest claim);
//! `paste` splits every other input into JSON values, imagetools text and `curl -i` responses,
//! setting aside prompts and `$ command` lines; `detect` says what each JSON value is and
//! unwraps tool output; `json` is the strict reader underneath, keeping spans and duplicate keys.

pub mod archive;
pub(crate) mod curl;
pub mod detect;
pub(crate) mod docker_table;
pub(crate) mod errors;
mod imagetools;
pub mod json;
pub mod layout;
pub(crate) mod lines;
pub mod paste;
pub(crate) mod pull_log;

/// Pushes input `input` whole as an opaque blob (a layer: not JSON, or streamed and not kept),
/// so its digest is still verified against `claims` and every descriptor naming it.
pub(crate) fn push_opaque(
    cx: &mut crate::Ctx,
    input: usize,
    format: crate::Format,
    media_type: Option<String>,
    claims: Vec<crate::Claim>,
    detail: &str,
) {
    let (bytes, streamed) = cx.inputs.get(input).map_or_else(Default::default, |inp| {
        (inp.bytes.clone(), inp.streamed.clone())
    });
    cx.documents.push(crate::Document {
        input,
        span: 0..bytes.len(),
        line: 1,
        format,
        kind: crate::Kind::Opaque,
        media_type,
        bytes,
        exactness: crate::Exactness::Exact,
        digest: None,
        digest_note: None,
        digest_sha512: None,
        claims,
        json: None,
        descriptors: Vec::new(),
        platform: None,
        reference: None,
        detail: Some(detail.to_string()),
        class: None,
        attestation: None,
        streamed,
    });
    cx.saw_format(input, format);
}
