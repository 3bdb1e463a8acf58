//! What a JSON value is: raw OCI/Docker documents, or a tool's wrapper around them.
use std::ops::Range;

use crate::json::Json;
use crate::{Claim, Ctx, Format};

/// A JSON value found by `input`, handed to [`classify`].
#[derive(Debug)]
pub(crate) struct Found {
    pub input: usize,
    /// Byte range of the document inside the input (the exact bytes the digest is over).
    pub span: Range<usize>,
    /// 1-based line of `span.start` in the input.
    pub line: usize,
    /// The parsed value; its spans are offsets into the *input's* bytes.
    pub json: Json,
    pub hint: Hint,
}

/// What the surroundings of a value told us.
#[derive(Debug, Default)]
pub(crate) struct Hint {
    /// The `$ command ...` line just before the value, without the prompt.
    pub command: Option<String>,
    /// `Content-Type` of a `curl -i` response.
    pub content_type: Option<String>,
    /// Claims known from outside the value (e.g. `Docker-Content-Digest`, a layout file name).
    pub claims: Vec<Claim>,
    /// Set when the outer format is already known (`CurlResponse`, `OciLayout`).
    pub format: Option<Format>,
    /// A reference known from outside (a command line argument, an OCI layout ref name).
    pub reference: Option<String>,
    /// A media type known from outside (a parent descriptor, `Content-Type`).
    pub media_type: Option<String>,
}

/// Turns one found value into one or more documents in `cx.documents`.
pub(crate) fn classify(_cx: &mut Ctx, _found: Found) {}
