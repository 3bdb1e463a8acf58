//! What an X.509 certificate says, read from its DER without checking it: the subject's
//! common name and organisation, the validity window, the first subject alternative name, and
//! Fulcio's OIDC issuer extension. For the signatures' certificates (Sigstore bundles,
//! Notation's `x5c` and COSE `x5chain`); a small walker over the few fields needed, never a
//! verifier.

/// The fields ocilens shows of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Certificate {
    /// `CN=…, O=…` of the subject (what is there of the two), or `None` when empty (Fulcio's).
    pub subject: Option<String>,
    /// `notBefore` and `notAfter`, as `YYYY-MM-DD HH:MM:SS UTC`.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// The first SAN that is an email, a DNS name or a URI.
    pub identity: Option<String>,
    /// Fulcio's OIDC issuer (the v2 extension, else v1).
    pub issuer: Option<String>,
}

/// One DER element: its tag, its content, and what follows it.
pub(crate) fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, &x| (a << 8) | usize::from(x));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The elements of a constructed DER value, in order.
fn items(mut b: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while let Some((tag, content, rest)) = tlv(b) {
        out.push((tag, content));
        b = rest;
    }
    out
}

const SAN: &[u8] = &[0x55, 0x1d, 0x11];
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const ORGANIZATION: &[u8] = &[0x55, 0x04, 0x0a];
/// Fulcio's OIDC issuer: 1.3.6.1.4.1.57264.1.1 (raw string) and .1.8 (a DER UTF8String).
const ISSUER_V1: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x01];
const ISSUER_V2: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x08];

fn text(b: &[u8]) -> Option<String> {
    String::from_utf8(b.to_vec()).ok()
}

/// A UTCTime (`YYMMDDHHMMSSZ`, years 1950 to 2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`,
/// perhaps with a fraction of a second, which is not shown).
fn time(tag: u8, b: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(b).ok()?.strip_suffix('Z')?;
    let s = match s.split_once('.') {
        Some((whole, fraction)) if tag == 0x18 && fraction.bytes().all(|c| c.is_ascii_digit()) => {
            whole
        }
        Some(_) => return None,
        None => s,
    };
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    let full = match (tag, s.len()) {
        (0x17, 12) if digits(s) => {
            let yy: u32 = s[..2].parse().ok()?;
            format!("{}{s}", if yy >= 50 { "19" } else { "20" })
        }
        (0x18, 14) if digits(s) => s.to_string(),
        _ => return None,
    };
    Some(format!(
        "{}-{}-{} {}:{}:{} UTC",
        &full[..4],
        &full[4..6],
        &full[6..8],
        &full[8..10],
        &full[10..12],
        &full[12..14]
    ))
}

/// `CN=…, O=…` of a Name (a SEQUENCE of SETs of attribute type and value).
fn name(b: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    for (_, set) in items(b) {
        for (_, atv) in items(set) {
            let atv = items(atv);
            let (Some(&(0x06, oid)), Some(&(_, value))) = (atv.first(), atv.get(1)) else {
                continue;
            };
            let label = match oid {
                COMMON_NAME => "CN",
                ORGANIZATION => "O",
                _ => continue,
            };
            if let Some(v) = text(value) {
                parts.push(format!("{label}={v}"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// What the certificate in `der` says; every field `None` when it cannot be read.
pub fn read(der: &[u8]) -> Certificate {
    let mut out = Certificate::default();
    let Some((0x30, cert, _)) = tlv(der) else {
        return out;
    };
    let Some(&(0x30, tbs)) = items(cert).first() else {
        return out;
    };
    let tbs = items(tbs);
    // version [0] (optional), serial, signature algorithm, issuer, validity, subject, key, …
    let start = usize::from(tbs.first().is_some_and(|t| t.0 == 0xa0));
    if let Some(&(0x30, validity)) = tbs.get(start + 3) {
        let times = items(validity);
        out.not_before = times.first().and_then(|&(t, b)| time(t, b));
        out.not_after = times.get(1).and_then(|&(t, b)| time(t, b));
    }
    if let Some(&(0x30, subject)) = tbs.get(start + 4) {
        out.subject = name(subject);
    }
    let (mut v1, mut v2) = (None, None);
    // The extensions: `[3]`, a SEQUENCE of extensions.
    for &(tag, content) in &tbs {
        if tag != 0xa3 {
            continue;
        }
        let Some((0x30, exts, _)) = tlv(content) else {
            continue;
        };
        for (_, ext) in items(exts) {
            let parts = items(ext);
            let (Some(&(0x06, oid)), Some(&(0x04, value))) =
                (parts.first(), parts.iter().rev().find(|p| p.0 == 0x04))
            else {
                continue;
            };
            if oid == SAN {
                if let Some((0x30, names, _)) = tlv(value) {
                    // rfc822Name [1], dNSName [2], URI [6].
                    out.identity = items(names)
                        .into_iter()
                        .find(|(t, _)| matches!(t, 0x81 | 0x82 | 0x86))
                        .and_then(|(_, v)| text(v));
                }
            } else if oid == ISSUER_V1 {
                v1 = text(value);
            } else if oid == ISSUER_V2 {
                v2 = tlv(value).and_then(|(_, s, _)| text(s));
            }
        }
    }
    out.issuer = v2.or(v1);
    out
}

/// The time an RFC 3161 timestamp token says (`genTime` of its `TSTInfo`), read from the CMS
/// `ContentInfo` in `der` without checking its signature.
pub fn timestamp(der: &[u8]) -> Option<String> {
    // ContentInfo { contentType, [0] SignedData { version, digestAlgorithms,
    //   encapContentInfo { eContentType, [0] OCTET STRING TSTInfo }, ... } }
    let (0x30, info, _) = tlv(der)? else {
        return None;
    };
    let &(0xa0, signed) = items(info).get(1)? else {
        return None;
    };
    let (0x30, signed, _) = tlv(signed)? else {
        return None;
    };
    let &(0x30, encap) = items(signed).get(2)? else {
        return None;
    };
    let &(0xa0, content) = items(encap).get(1)? else {
        return None;
    };
    let (0x04, tst, _) = tlv(content)? else {
        return None;
    };
    let (0x30, tst, _) = tlv(tst)? else {
        return None;
    };
    // TSTInfo { version, policy, messageImprint, serialNumber, genTime, ... }
    items(tst)
        .into_iter()
        .find(|(t, _)| *t == 0x18)
        .and_then(|(t, b)| time(t, b))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn both_kinds_of_time_and_nothing_else() {
        assert_eq!(
            time(0x17, b"240301100000Z").as_deref(),
            Some("2024-03-01 10:00:00 UTC")
        );
        assert_eq!(
            time(0x17, b"991231235959Z").as_deref(),
            Some("1999-12-31 23:59:59 UTC")
        );
        assert_eq!(
            time(0x18, b"20500101000000Z").as_deref(),
            Some("2050-01-01 00:00:00 UTC")
        );
        assert_eq!(
            time(0x18, b"20240301100000.125Z").as_deref(),
            Some("2024-03-01 10:00:00 UTC")
        );
        assert_eq!(time(0x17, b"240301100000.1Z"), None);
        assert_eq!(time(0x17, b"2403011000Z"), None);
        assert_eq!(time(0x18, b"2050010100000aZ"), None);
    }

    /// DER of `tag` around `content`.
    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            out.extend([0x82, (content.len() >> 8) as u8, content.len() as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    /// An RFC 3161 token of 2024-03-01 10:00:00.5 UTC, as DER, built here per RFC 3161 and
    /// RFC 5652.
    pub(crate) fn token() -> Vec<u8> {
        // TSTInfo: version 1, policy, messageImprint (sha256, 32 bytes), serial, genTime.
        let oid = |b: &[u8]| der(0x06, b);
        let imprint = [
            der(
                0x30,
                &[
                    oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]),
                    vec![0x05, 0x00],
                ]
                .concat(),
            ),
            der(0x04, &[0xab; 32]),
        ]
        .concat();
        let tst = der(
            0x30,
            &[
                der(0x02, &[1]),
                oid(&[0x2a, 0x03, 0x04]),
                der(0x30, &imprint),
                der(0x02, &[0x01, 0x02]),
                der(0x18, b"20240301100000.5Z"),
            ]
            .concat(),
        );
        // id-ct-TSTInfo, in a SignedData (version 3, no algorithms listed here), id-signedData.
        let encap = der(
            0x30,
            &[
                oid(&[
                    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04,
                ]),
                der(0xa0, &der(0x04, &tst)),
            ]
            .concat(),
        );
        let signed = der(
            0x30,
            &[der(0x02, &[3]), der(0x31, &[]), encap, der(0x31, &[])].concat(),
        );
        der(
            0x30,
            &[
                oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]),
                der(0xa0, &signed),
            ]
            .concat(),
        )
    }

    #[test]
    fn an_rfc3161_token_says_its_time() {
        let token = token();
        assert_eq!(
            timestamp(&token).as_deref(),
            Some("2024-03-01 10:00:00 UTC")
        );
        for cut in 0..token.len() {
            assert_eq!(timestamp(&token[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn der_that_is_cut_short_reads_as_nothing() {
        assert_eq!(read(&[]), Certificate::default());
        assert_eq!(read(&[0x30, 0x82, 0xff]), Certificate::default());
        assert_eq!(
            read(&[0x30, 0x03, 0x30, 0x05, 0x00]),
            Certificate::default()
        );
        assert_eq!(tlv(&[0x04, 0x85, 1, 1, 1, 1, 1]), None);
    }
}
