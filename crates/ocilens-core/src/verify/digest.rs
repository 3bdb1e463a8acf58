//! Digests: the grammar (`algorithm:encoded`) and the hashing, over exact bytes. `claims.rs`
//! compares every claim with them and `causes.rs` explains a mismatch.
//!
//! A document's digest is sha256 over its exact bytes (a signed schema1 manifest: over its JWS
//! payload). Every claim about it is compared: claims tools printed next to it, descriptors in
//! other documents, layout file names, `Docker-Content-Digest`. When a claim does not match, the
//! bytes are hashed again with the usual damage undone (a trailing newline, CRLF, a BOM, a
//! re-indentation in the styles tools use) to name the cause. Those variants only explain; the
//! digest reported is always over the bytes as given.

use base64::Engine as _;
use sha2::{Digest as _, Sha256, Sha512};

use crate::read::json::{self, Json};

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// `sha512:<hex>` of `bytes`.
pub fn sha512(bytes: &[u8]) -> String {
    format!("sha512:{}", hex::encode(Sha512::digest(bytes)))
}

/// A digest string that passed the grammar of image-spec `descriptor.md`:
/// `algorithm ":" encoded`, `algorithm = component (separator component)*`,
/// `component = [a-z0-9]+`, `separator = [+._-]`, `encoded = [a-zA-Z0-9=_-]+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDigest {
    pub algorithm: String,
    pub encoded: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestError {
    /// Not `algorithm:encoded` per the grammar.
    Grammar,
    /// A registered algorithm whose encoded part has the wrong length or case.
    Encoding,
    /// Well formed, but not an algorithm ocilens computes (e.g. blake3).
    Unsupported,
}

/// Parses and validates a digest string.
pub fn parse(s: &str) -> Result<ParsedDigest, DigestError> {
    let (alg, enc) = s.split_once(':').ok_or(DigestError::Grammar)?;
    let alg_ok = !alg.is_empty()
        && alg.split(['+', '.', '_', '-']).all(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    let enc_ok = !enc.is_empty()
        && enc
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'));
    if !alg_ok || !enc_ok {
        return Err(DigestError::Grammar);
    }
    let hex_len = match alg {
        "sha256" => Some(64),
        "sha512" => Some(128),
        _ => None,
    };
    match hex_len {
        Some(n)
            if enc.len() != n || !enc.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) =>
        {
            Err(DigestError::Encoding)
        }
        Some(_) => Ok(ParsedDigest {
            algorithm: alg.to_string(),
            encoded: enc.to_string(),
        }),
        None => Err(DigestError::Unsupported),
    }
}

/// The JWS payload of a signed schema1 manifest: `bytes[..formatLength] + formatTail`, from the
/// first signature's `protected` header. `None` when the document is not signed schema1.
pub fn schema1_payload(bytes: &[u8], json: &Json) -> Option<Vec<u8>> {
    let protected = json
        .get("signatures")?
        .array()?
        .first()?
        .get_str("protected")?;
    let header = b64url(protected)?;
    let header = json::parse(&header).ok()?;
    let len = usize::try_from(header.get("formatLength")?.u64()?).ok()?;
    let tail = b64url(header.get_str("formatTail")?)?;
    let mut payload = bytes.get(..len)?.to_vec();
    payload.extend_from_slice(&tail);
    Some(payload)
}

pub(super) fn b64url(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
    URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
        .or_else(|| URL_SAFE.decode(s).ok())
}

pub(super) fn b64std(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    STANDARD
        .decode(s)
        .ok()
        .or_else(|| STANDARD_NO_PAD.decode(s).ok())
}

pub(super) fn short(d: &str) -> String {
    let hex = d.split_once(':').map_or(d, |(_, h)| h);
    format!(
        "{}:{}",
        d.split(':').next().unwrap_or(""),
        hex.get(..12).unwrap_or(hex)
    )
}
