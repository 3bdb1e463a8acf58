//! Notation (Notary Project) signatures: a referrer manifest of artifact type
//! `application/vnd.cncf.notary.signature` whose layer is the signature envelope. A JWS envelope
//! (`application/jose+json`) is JSON and is read here: the signed descriptor (`targetArtifact`,
//! which must be the image the referrer's `subject` names), the signing scheme and time from its
//! protected header. A COSE envelope (`application/cose`) is CBOR, said to be one and not read.
//! Nothing is verified: [`run`] says so and gives the `notation verify` command.

use crate::explain::attestation;
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
    /// How many certificates `header.x5c` carries.
    pub certificates: usize,
}

fn json_of(b64: &str) -> Option<Json> {
    let bytes = attestation::decode_base64(b64)?;
    crate::read::json::parse(&bytes).ok()
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
    Some(Envelope {
        target: payload
            .get("targetArtifact")
            .and_then(|t| t.get_str("digest"))
            .map(str::to_string),
        scheme: protected
            .get_str("io.cncf.notary.signingScheme")
            .map(str::to_string),
        signing_time: protected
            .get_str("io.cncf.notary.signingTime")
            .map(str::to_string),
        certificates: json
            .get("header")
            .and_then(|h| h.get("x5c"))
            .and_then(Json::array)
            .map_or(0, <[Json]>::len),
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
        let (en, ja, code) = match n.document.and_then(|d| documents.get(d)).and_then(|d| d.json.as_ref()).and_then(decode) {
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
                (
                    format!("This is a Notation signature (a JWS envelope, signing scheme `{scheme}`, signed at {time}, {} certificate(s) in its chain). It signs {target}: {en_m}. ocilens read it without checking it: `{verify}` verifies it against your trust policy.", e.certificates),
                    format!("これは Notation の署名です（JWS エンベロープ、署名方式 `{scheme}`、署名日時 {time}、証明書チェーンに {} 個の証明書）。署名対象は {target} で、{ja_m}。ocilens は内容を読んだだけで検証はしていません。トラストポリシーに照らして検証するのは `{verify}` です。", e.certificates),
                    if matches { Code::NotationSignature } else { Code::NotationTargetMismatch },
                )
            }
            None if n.media_type.as_deref() == Some("application/cose") => (
                format!("This is a Notation signature in a COSE envelope (CBOR, not read by ocilens), attached to {about}. `{verify}` verifies it against your trust policy."),
                format!("これは COSE エンベロープ（CBOR。ocilens は読みません）に入った Notation の署名で、{about} に付いています。トラストポリシーに照らして検証するのは `{verify}` です。"),
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
