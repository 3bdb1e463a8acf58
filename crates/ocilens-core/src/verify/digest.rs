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

/// A digest validated once: `algorithm ":" encoded` per the grammar of image-spec
/// `descriptor.md` (`algorithm = component (separator component)*`, `component = [a-z0-9]+`,
/// `separator = [+._-]`, `encoded = [a-zA-Z0-9=_-]+`), with an algorithm ocilens computes
/// (sha256, sha512) and an encoded part of its length in lower-case hex. What a document or a
/// tool *wrote* stays a `String` (it may be wrong, and is reported as written); a `Digest` is one
/// that was computed or that passed [`Digest::parse`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Digest(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestError {
    /// Not `algorithm:encoded` per the grammar.
    Grammar,
    /// A registered algorithm whose encoded part has the wrong length or case.
    Encoding,
    /// Well formed, but not an algorithm ocilens computes (e.g. blake3).
    Unsupported,
}

impl Digest {
    /// Validates a digest string.
    pub fn parse(s: &str) -> Result<Digest, DigestError> {
        Digest::check(s).map(|()| Digest(s.to_string()))
    }

    /// Whether `s` is a digest [`Digest::parse`] takes, without making one.
    pub fn check(s: &str) -> Result<(), DigestError> {
        // Nearly every digest is `sha256:` and 64 lowercase hex digits: one pass decides.
        if let Some(hex) = s.strip_prefix("sha256:") {
            if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Ok(());
            }
        }
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
            "sha256" => 64,
            "sha512" => 128,
            _ => return Err(DigestError::Unsupported),
        };
        if enc.len() != hex_len || !enc.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(DigestError::Encoding);
        }
        Ok(())
    }

    /// `sha256:<hex>` of `bytes`.
    pub fn sha256(bytes: &[u8]) -> Digest {
        Digest::of("sha256:", &Sha256::digest(bytes))
    }

    /// `sha512:<hex>` of `bytes`.
    pub fn sha512(bytes: &[u8]) -> Digest {
        Digest::of("sha512:", &Sha512::digest(bytes))
    }

    /// `algorithm:` and the lowercase hex of `hash`, written once into its own string.
    fn of(algorithm: &str, hash: &[u8]) -> Digest {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(algorithm.len() + 2 * hash.len());
        s.push_str(algorithm);
        for b in hash {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        Digest(s)
    }

    /// `sha256`, `sha512`.
    pub fn algorithm(&self) -> &str {
        self.0.split_once(':').map_or("", |(a, _)| a)
    }

    /// The hex after the colon.
    pub fn encoded(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, e)| e)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::ops::Deref for Digest {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A digest is found by its text in maps keyed by `Digest` (the hashes agree: a `Digest` hashes
/// as its string).
impl std::borrow::Borrow<str> for Digest {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<Digest> for String {
    fn from(d: Digest) -> String {
        d.0
    }
}

impl PartialEq<str> for Digest {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Digest {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Digest {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<Digest> for String {
    fn eq(&self, other: &Digest) -> bool {
        *self == other.0
    }
}

impl PartialEq<Digest> for str {
    fn eq(&self, other: &Digest) -> bool {
        self == other.0
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_validated_once_and_reads_as_its_text() {
        let hex = "a".repeat(64);
        let d = Digest::parse(&format!("sha256:{hex}")).unwrap();
        assert_eq!((d.algorithm(), d.encoded()), ("sha256", hex.as_str()));
        assert_eq!(d, format!("sha256:{hex}"));
        assert_eq!(d.to_string(), d.as_str());
        assert!(Digest::parse(&format!("sha512:{}", "0".repeat(128))).is_ok());
        for (bad, why) in [
            ("sha256", DigestError::Grammar),
            ("SHA256:abc", DigestError::Grammar),
            ("sha256:", DigestError::Grammar),
            ("sha256:a b", DigestError::Grammar),
            ("sha256:abc", DigestError::Encoding),
            (
                &*format!("sha256:{}", "A".repeat(64)),
                DigestError::Encoding,
            ),
            ("blake3:abc", DigestError::Unsupported),
            ("sha256+b64u:abc", DigestError::Unsupported),
        ] {
            assert_eq!(Digest::parse(bad), Err(why), "{bad}");
            assert_eq!(Digest::check(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn computed_digests_are_over_the_exact_bytes() {
        let d = Digest::sha256(b"{}");
        assert_eq!(
            d,
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(Digest::parse(&d).as_ref(), Ok(&d));
        let long = Digest::sha512(b"{}");
        assert_eq!(long.algorithm(), "sha512");
        assert_eq!(long.encoded(), hex::encode(Sha512::digest(b"{}")));
        // Found by its text in a map keyed by digests.
        let map: crate::hash::HashMap<Digest, u8> = [(d.clone(), 1)].into_iter().collect();
        assert_eq!(map.get(d.as_str()), Some(&1));
    }
}
