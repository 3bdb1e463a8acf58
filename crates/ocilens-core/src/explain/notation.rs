//! Notation (Notary Project) signatures: a referrer manifest of artifact type
//! `application/vnd.cncf.notary.signature` whose layer is the signature envelope. A JWS envelope
//! (`application/jose+json`) is JSON and is read here: the signed descriptor (`targetArtifact`,
//! which must be the image the referrer's `subject` names), the signing scheme and time from its
//! protected header, and the signer's certificate (`x5c`: its subject and validity). A COSE
//! envelope (`application/cose`, a CBOR `COSE_Sign1`) is read the same way: the payload's
//! descriptor, the scheme and signing time of its protected header, the `x5chain` certificates.
//! Nothing is verified: [`run`] says so and gives the `notation verify` command.

use crate::explain::{attestation, sigstore, x509};
use crate::findings::Code;
use crate::read::json::Json;
use crate::{DescriptorRole, Document, Finding, NodeKind, Text, TreeNode};

const NOTATION: &str = "application/vnd.cncf.notary.signature";

/// What a Notation JWS envelope says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Envelope {
    /// `targetArtifact.digest` of the signed payload.
    pub target: Option<String>,
    pub scheme: Option<String>,
    pub signing_time: Option<String>,
    /// How many certificates `header.x5c` (COSE: `x5chain`) carries.
    pub certificates: usize,
    /// `JWS` or `COSE`.
    pub format: &'static str,
    /// The signer's certificate (the chain's first): its subject and validity.
    pub signer: Option<x509::Certificate>,
}

fn json_of(b64: &str) -> Option<Json> {
    let bytes = attestation::decode_base64(b64)?;
    crate::read::json::parse(&bytes).ok()
}

/// The digest a Notation payload signs (`targetArtifact.digest`).
fn target_of(payload: &Json) -> Option<String> {
    payload
        .get("targetArtifact")
        .and_then(|t| t.get_str("digest"))
        .map(str::to_string)
}

/// A Notation JWS envelope (`payload`, `protected`, `signature`, whose payload's content type
/// is Notation's), or `None`.
pub fn decode(json: &Json) -> Option<Envelope> {
    let protected = json_of(json.get_str("protected")?)?;
    if !protected
        .get_str("cty")
        .is_some_and(|c| c.starts_with("application/vnd.cncf.notary.payload"))
    {
        return None;
    }
    json.get_str("signature")?;
    let payload = json_of(json.get_str("payload")?)?;
    let chain = json
        .get("header")
        .and_then(|h| h.get("x5c"))
        .and_then(Json::array);
    Some(Envelope {
        target: target_of(&payload),
        scheme: protected
            .get_str("io.cncf.notary.signingScheme")
            .map(str::to_string),
        signing_time: protected
            .get_str("io.cncf.notary.signingTime")
            .map(str::to_string),
        certificates: chain.map_or(0, <[Json]>::len),
        format: "JWS",
        signer: chain
            .and_then(<[Json]>::first)
            .and_then(Json::str)
            .and_then(attestation::decode_base64)
            .map(|der| x509::read(&der))
            .filter(|c| c.not_before.is_some()),
    })
}

/// One CBOR data item (RFC 8949), as far as a COSE envelope needs: definite lengths only.
#[derive(Debug, PartialEq)]
enum Cbor<'a> {
    Uint(u64),
    Neg,
    Bytes(&'a [u8]),
    Text(&'a str),
    Array(Vec<Cbor<'a>>),
    Map(Vec<(Cbor<'a>, Cbor<'a>)>),
    Tag(u64, Box<Cbor<'a>>),
    Simple,
}

/// The item at the start of `b` and what follows it; `None` for what is not CBOR, cut short,
/// nested more than 16 deep, or of indefinite length.
fn cbor(b: &[u8], depth: usize) -> Option<(Cbor<'_>, &[u8])> {
    let (&first, rest) = b.split_first()?;
    let (major, info) = (first >> 5, first & 0x1f);
    let (n, rest) = match info {
        0..=23 => (u64::from(info), rest),
        24..=27 => {
            let len = 1usize << (info - 24);
            if rest.len() < len {
                return None;
            }
            let n = rest[..len]
                .iter()
                .fold(0u64, |a, &x| (a << 8) | u64::from(x));
            (n, &rest[len..])
        }
        _ => return None,
    };
    if depth > 16 {
        return None;
    }
    // A count can be no larger than what is left: each item takes a byte at least.
    let count = |n: u64, per: usize| {
        usize::try_from(n)
            .ok()
            .filter(|&c| c.saturating_mul(per) <= rest.len())
    };
    Some(match major {
        0 => (Cbor::Uint(n), rest),
        1 => (Cbor::Neg, rest),
        2 | 3 => {
            let len = count(n, 1)?;
            let (s, rest) = rest.split_at(len);
            if major == 2 {
                (Cbor::Bytes(s), rest)
            } else {
                (Cbor::Text(std::str::from_utf8(s).ok()?), rest)
            }
        }
        4 => {
            let mut items = Vec::with_capacity(count(n, 1)?);
            let mut rest = rest;
            for _ in 0..items.capacity() {
                let (item, r) = cbor(rest, depth + 1)?;
                items.push(item);
                rest = r;
            }
            (Cbor::Array(items), rest)
        }
        5 => {
            let mut pairs = Vec::with_capacity(count(n, 2)?);
            let mut rest = rest;
            for _ in 0..pairs.capacity() {
                let (k, r) = cbor(rest, depth + 1)?;
                let (v, r) = cbor(r, depth + 1)?;
                pairs.push((k, v));
                rest = r;
            }
            (Cbor::Map(pairs), rest)
        }
        6 => {
            let (item, rest) = cbor(rest, depth + 1)?;
            (Cbor::Tag(n, Box::new(item)), rest)
        }
        _ => (Cbor::Simple, rest),
    })
}

impl<'a> Cbor<'a> {
    fn get(&self, key: &Cbor<'_>) -> Option<&Cbor<'a>> {
        match self {
            Cbor::Map(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn text(&self) -> Option<&'a str> {
        match self {
            Cbor::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A Notation COSE envelope (a `COSE_Sign1`, tagged 18 or not, whose protected header's
/// content type is Notation's payload), or `None`.
pub fn decode_cose(bytes: &[u8]) -> Option<Envelope> {
    let (item, _) = cbor(bytes, 0)?;
    let item = match item {
        Cbor::Tag(18, inner) => *inner,
        other => other,
    };
    let Cbor::Array(parts) = item else {
        return None;
    };
    let [Cbor::Bytes(protected), unprotected, Cbor::Bytes(payload), Cbor::Bytes(_)] =
        parts.as_slice()
    else {
        return None;
    };
    let (protected, _) = cbor(protected, 0)?;
    protected
        .get(&Cbor::Uint(3))
        .and_then(Cbor::text)
        .filter(|c| c.starts_with("application/vnd.cncf.notary.payload"))?;
    let payload = crate::read::json::parse(payload).ok()?;
    let time = match protected.get(&Cbor::Text("io.cncf.notary.signingTime")) {
        Some(Cbor::Tag(1, t)) => match **t {
            Cbor::Uint(secs) => i64::try_from(secs).ok().map(sigstore::utc),
            _ => None,
        },
        Some(Cbor::Text(t)) => Some(t.to_string()),
        _ => None,
    };
    let chain: Vec<&[u8]> = match unprotected.get(&Cbor::Uint(33)) {
        Some(Cbor::Bytes(one)) => vec![one],
        Some(Cbor::Array(certs)) => certs
            .iter()
            .filter_map(|c| match c {
                Cbor::Bytes(b) => Some(*b),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(Envelope {
        target: target_of(&payload),
        scheme: protected
            .get(&Cbor::Text("io.cncf.notary.signingScheme"))
            .and_then(Cbor::text)
            .map(str::to_string),
        signing_time: time,
        certificates: chain.len(),
        format: "COSE",
        signer: chain
            .first()
            .map(|der| x509::read(der))
            .filter(|c| c.not_before.is_some()),
    })
}

/// A finding for each Notation signature in the tree: what it signs and whether that is the
/// image it is attached to; COSE envelopes are named, not read.
pub(crate) fn run(documents: &[Document], tree: &[TreeNode], out: &mut Vec<Finding>) {
    for (n, parent) in TreeNode::with_parents(tree) {
        let Some(r) = parent.filter(|p| p.kind == NodeKind::Referrer) else {
            continue;
        };
        let rdoc = r.document.and_then(|d| documents.get(d));
        let kind = r.artifact_type.as_deref().or_else(|| {
            rdoc.and_then(|d| d.class.as_ref())
                .and_then(|c| c.artifact_type())
        });
        if kind != Some(NOTATION) {
            continue;
        }
        let subject = rdoc
            .and_then(|d| {
                d.descriptors
                    .iter()
                    .find(|x| x.role == DescriptorRole::Subject)
            })
            .and_then(|s| s.digest.clone());
        let about = subject.as_deref().unwrap_or("sha256:...");
        let verify = format!("notation verify REPO@{about}");
        let doc = n.document.and_then(|d| documents.get(d));
        let envelope = doc.and_then(|d| match &d.json {
            Some(j) => decode(j),
            None => decode_cose(&d.bytes),
        });
        let (en, ja, code) = match envelope {
            Some(e) => {
                let target = e.target.as_deref().unwrap_or("?");
                let scheme = e.scheme.as_deref().unwrap_or("?");
                let time = e.signing_time.as_deref().unwrap_or("?");
                let matches = subject.as_deref() == e.target.as_deref();
                let (en_m, ja_m) = if matches {
                    ("the image it is attached to".to_string(), "付いているイメージと一致します".to_string())
                } else {
                    (format!("not the image it is attached to ({about}): `notation verify` of that image rejects it"), format!("付いているイメージ（{about}）とは異なります。そのイメージに対する `notation verify` は失敗します"))
                };
                let (signer_en, signer_ja) = match &e.signer {
                    Some(c) => {
                        let who = c.subject.as_deref().unwrap_or("(no subject)");
                        let (from, to) = (c.not_before.as_deref().unwrap_or("?"), c.not_after.as_deref().unwrap_or("?"));
                        (format!(" The signer's certificate is `{who}`, valid from {from} to {to}: your trust policy decides whether it is trusted."), format!(" 署名者の証明書は `{who}` で、有効期間は {from} から {to} までです。信頼するかどうかはトラストポリシーが決めます。"))
                    }
                    None => (String::new(), String::new()),
                };
                let format = e.format;
                (
                    format!("This is a Notation signature (a {format} envelope, signing scheme `{scheme}`, signed at {time}, {} certificate(s) in its chain). It signs {target}: {en_m}.{signer_en} ocilens read it without checking it: `{verify}` verifies it against your trust policy.", e.certificates),
                    format!("これは Notation の署名です（{format} エンベロープ、署名方式 `{scheme}`、署名日時 {time}、証明書チェーンに {} 個の証明書）。署名対象は {target} で、{ja_m}。{signer_ja}ocilens は内容を読んだだけで検証はしていません。トラストポリシーに照らして検証するのは `{verify}` です。", e.certificates),
                    if matches { Code::NotationSignature } else { Code::NotationTargetMismatch },
                )
            }
            None if n.media_type.as_deref() == Some("application/cose") => (
                format!("This is a Notation signature in a COSE envelope, attached to {about}; its bytes were not given (or are not a COSE_Sign1 ocilens can read). `{verify}` verifies it against your trust policy."),
                format!("これは COSE エンベロープに入った Notation の署名で、{about} に付いています。そのバイト列は与えられていません（または ocilens が読める COSE_Sign1 ではありません）。トラストポリシーに照らして検証するのは `{verify}` です。"),
                Code::NotationSignature,
            ),
            None => continue,
        };
        out.push(
            Finding::new(code, Text::new(en, ja))
                .at_document(n.document.or(r.document).unwrap_or_default()),
        );
    }
}
