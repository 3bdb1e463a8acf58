//! Sigstore bundles (`application/vnd.dev.sigstore.bundle.v0.3+json` and the
//! `…bundle+json;version=0.x` forms), as cosign 3 stores them: a referrer manifest whose layer
//! is the bundle, beside the image its `subject` names. What can be read without keys is read:
//! who signed (the certificate's subject alternative name) and with which identity provider
//! (Fulcio's issuer extension), the Rekor log entry (index, integrated time), an RFC 3161 timestamp, and
//! whether it holds a plain signature or a DSSE envelope. Nothing is verified: [`run`] says so
//! and gives the `cosign verify` command with the identity and issuer it read.

use crate::explain::{attestation, x509};
use crate::findings::Code;
use crate::read::json::Json;
use crate::{Document, Finding, NodeKind, Text, TreeNode};

/// What a bundle says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bundle {
    pub media_type: String,
    /// The signer's identity: the certificate's SAN (an email, a URI such as a GitHub Actions
    /// workflow, a DNS name).
    pub identity: Option<String>,
    /// The OIDC issuer that vouched for it (Fulcio's extension, v2 or v1).
    pub issuer: Option<String>,
    /// The certificate's validity (`YYYY-MM-DD HH:MM:SS UTC`): Fulcio's last minutes.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    pub log_index: Option<String>,
    /// Rekor's integrated time, seconds since 1970.
    pub integrated_time: Option<i64>,
    /// The RFC 3161 timestamp's time (`YYYY-MM-DD HH:MM:SS UTC`), from a timestamp authority.
    pub timestamp: Option<String>,
    /// A key's hint when signed with a key, not a certificate.
    pub key_hint: Option<String>,
    /// `dsse` (an attestation) or `message` (a signature over a digest).
    pub content: &'static str,
    /// For a DSSE bundle: the statement's predicate type.
    pub predicate_type: Option<String>,
}

/// A Sigstore bundle, or `None`.
pub fn decode(json: &Json) -> Option<Bundle> {
    let media_type = json.get_str("mediaType")?;
    if !media_type.starts_with("application/vnd.dev.sigstore.bundle") {
        return None;
    }
    let material = json.get("verificationMaterial")?;
    let cert = material
        .get("certificate")
        .and_then(|c| c.get_str("rawBytes"))
        .or_else(|| {
            material
                .get("x509CertificateChain")
                .and_then(|c| c.get("certificates"))
                .and_then(Json::array)
                .and_then(<[Json]>::first)
                .and_then(|c| c.get_str("rawBytes"))
        })
        .and_then(attestation::decode_base64);
    let c = cert.as_deref().map(x509::read).unwrap_or_default();
    let entry = material
        .get("tlogEntries")
        .and_then(Json::array)
        .and_then(<[Json]>::first);
    let number = |j: Option<&Json>| {
        j.and_then(|v| {
            v.str()
                .map(str::to_string)
                .or_else(|| v.u64().map(|n| n.to_string()))
        })
    };
    let (content, predicate_type) = match json.get("dsseEnvelope") {
        Some(env) => ("dsse", attestation::decode(env).map(|s| s.predicate_type)),
        None => ("message", None),
    };
    Some(Bundle {
        media_type: media_type.to_string(),
        identity: c.identity,
        issuer: c.issuer,
        not_before: c.not_before,
        not_after: c.not_after,
        log_index: number(entry.and_then(|e| e.get("logIndex"))),
        integrated_time: number(entry.and_then(|e| e.get("integratedTime")))
            .and_then(|t| t.parse().ok()),
        timestamp: material
            .get("timestampVerificationData")
            .and_then(|t| t.get("rfc3161Timestamps"))
            .and_then(Json::array)
            .and_then(<[Json]>::first)
            .and_then(|t| t.get_str("signedTimestamp"))
            .and_then(attestation::decode_base64)
            .and_then(|der| x509::timestamp(&der)),
        key_hint: material
            .get("publicKey")
            .and_then(|k| k.get_str("hint"))
            .map(str::to_string),
        content,
        predicate_type,
    })
}

/// `seconds` since 1970 as `YYYY-MM-DD HH:MM:SS UTC` (proleptic Gregorian calendar).
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A finding for each bundle in the tree: what it says, which image it is about, and the
/// command that verifies it.
pub(crate) fn run(documents: &[Document], tree: &[TreeNode], out: &mut Vec<Finding>) {
    for (n, parent) in TreeNode::with_parents(tree) {
        let Some(d) = n.document.and_then(|d| documents.get(d)) else {
            continue;
        };
        let Some(b) = d.json.as_ref().and_then(decode) else {
            continue;
        };
        // The subject: the referrer holding the bundle points at it (its parent in the tree).
        let subject = parent
            .filter(|p| p.kind == NodeKind::Referrer)
            .and_then(|r| {
                documents
                    .get(r.document?)?
                    .descriptors
                    .iter()
                    .find(|x| x.role == crate::DescriptorRole::Subject)?
                    .digest
                    .clone()
            });
        let what = match (b.content, &b.predicate_type) {
            ("dsse", Some(p)) => (
                format!("an attestation ({p}) in a DSSE envelope"),
                format!("DSSE エンベロープに入ったアテステーション（{p}）"),
            ),
            ("dsse", None) => (
                "an attestation in a DSSE envelope".to_string(),
                "DSSE エンベロープに入ったアテステーション".to_string(),
            ),
            _ => (
                "a signature over the image's digest".to_string(),
                "イメージのダイジェストへの署名".to_string(),
            ),
        };
        let mut en = format!("This is a Sigstore bundle ({}): {}", b.media_type, what.0);
        let mut ja = format!(
            "これは Sigstore バンドル（{}）で、{}です",
            b.media_type, what.1
        );
        if let Some(s) = &subject {
            en.push_str(&format!(", about {s}"));
            ja.push_str(&format!("。対象は {s} です"));
        }
        en.push('.');
        ja.push('。');
        match (&b.identity, &b.issuer) {
            (Some(id), issuer) => {
                let by = issuer
                    .as_deref()
                    .unwrap_or("an issuer its certificate does not name");
                let by_ja = issuer.as_deref().unwrap_or("証明書に記載のない発行元");
                en.push_str(&format!(" Signed by `{id}`, as vouched for by `{by}` (the Fulcio certificate's identity and OIDC issuer: keyless signing)."));
                ja.push_str(&format!(" 署名者は `{id}` で、`{by_ja}` がその身元を保証しています（Fulcio 証明書の ID と OIDC 発行元。キーレス署名です）。"));
            }
            (None, _) => {
                if let Some(h) = &b.key_hint {
                    en.push_str(&format!(
                        " Signed with a key (hint `{h}`), not a certificate."
                    ));
                    ja.push_str(&format!(
                        " 証明書ではなく鍵（ヒント `{h}`）で署名されています。"
                    ));
                }
            }
        }
        if let Some(i) = &b.log_index {
            let when = b.integrated_time.map(utc);
            en.push_str(&format!(
                " Recorded in Rekor's transparency log at index {i}{}.",
                when.as_deref()
                    .map(|w| format!(", {w}"))
                    .unwrap_or_default()
            ));
            ja.push_str(&format!(
                " Rekor の透明性ログのインデックス {i} に記録されています{}。",
                when.as_deref()
                    .map(|w| format!("（{w}）"))
                    .unwrap_or_default()
            ));
        }
        if let Some(t) = &b.timestamp {
            en.push_str(&format!(
                " A timestamp authority's RFC 3161 timestamp says it was signed at {t}."
            ));
            ja.push_str(&format!(
                " タイムスタンプ局の RFC 3161 タイムスタンプによれば、署名日時は {t} です。"
            ));
        }
        if let (Some(from), Some(to)) = (&b.not_before, &b.not_after) {
            en.push_str(&format!(" Its certificate is valid from {from} to {to}"));
            ja.push_str(&format!(" 証明書の有効期間は {from} から {to} までです"));
            // The log's time inside the window is what keyless verification relies on: the
            // certificate itself expires within minutes of signing.
            match b.integrated_time.map(utc) {
                Some(t) if *from <= t && t <= *to => {
                    en.push_str(", and Rekor logged the entry inside that window (what keyless verification relies on: a Fulcio certificate lives for minutes).");
                    ja.push_str("。Rekor はその期間内にエントリーを記録しています（キーレス検証はこれに依拠します。Fulcio の証明書の有効期間は数分です）。");
                }
                Some(t) => {
                    en.push_str(&format!(", but Rekor logged the entry at {t}, outside it: `cosign verify` rejects a signature logged while its certificate was not valid."));
                    ja.push_str(&format!("が、Rekor の記録日時 {t} はその期間外です。証明書が有効でない間に記録された署名は `cosign verify` が拒否します。"));
                }
                None => {
                    en.push('.');
                    ja.push('。');
                }
            }
        }
        let target = subject.as_deref().unwrap_or("sha256:...");
        let verify = match (&b.identity, &b.issuer) {
            (Some(id), Some(iss)) => format!("cosign verify --certificate-identity '{id}' --certificate-oidc-issuer '{iss}' REPO@{target}"),
            _ => format!("cosign verify --key cosign.pub REPO@{target}"),
        };
        let verify = if b.content == "dsse" {
            verify.replacen("cosign verify", "cosign verify-attestation", 1)
        } else {
            verify
        };
        en.push_str(&format!(" ocilens read this without checking it (no signature, certificate chain or log inclusion was verified): `{verify}` does."));
        ja.push_str(&format!(" ocilens は内容を読んだだけで検証はしていません（署名、証明書チェーン、ログへの記録のいずれも確認していません）。検証するのは `{verify}` です。"));
        out.push(
            Finding::new(Code::SigstoreBundle, Text::new(en, ja))
                .at_document(n.document.unwrap_or_default()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_with_an_rfc3161_timestamp_says_when() {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(x509::tests::token());
        let bundle = format!(
            r#"{{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{{"publicKey":{{"hint":"k"}},"timestampVerificationData":{{"rfc3161Timestamps":[{{"signedTimestamp":"{token}"}}]}}}},"messageSignature":{{}}}}"#
        );
        let b = decode(&crate::read::json::parse(bundle.as_bytes()).unwrap()).unwrap();
        assert_eq!(b.timestamp.as_deref(), Some("2024-03-01 10:00:00 UTC"));
        assert_eq!(b.key_hint.as_deref(), Some("k"));
    }

    #[test]
    fn seconds_since_1970_as_a_utc_date() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }
}
