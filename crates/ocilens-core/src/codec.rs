//! The analysis as bytes, so it can cross from one wasm instance to another: the page analyses
//! in a Web Worker (its own instance, its own memory) and hands the page the result.
//!
//! postcard over the model's serde derives: compact (a 1 MB paste's analysis is about the size
//! of the paste), fast, and written and read by the same code. The bytes start with
//! [`HEADER`]; the worker and the page always come from one build, and a header that differs
//! (an old worker beside a new page) is a clear error, never a misread model.
//!
//! *Invariant*: `decode(&encode(a)) == Ok(a)` for every analysis (tested over every capture).

use crate::Analysis;

/// The format's name and revision, and the crate's version. Bump the revision whenever a type
/// of the model changes.
pub const HEADER: &[u8] =
    concat!("ocilens-analysis/5/", env!("CARGO_PKG_VERSION"), "\n").as_bytes();

/// What the page is handed of `a`: all of it but the parsed JSON of documents other than
/// configs. The page shows a config's fields from its parsed JSON, and every other document
/// from its bytes, descriptors and tree nodes; decoding the parsed JSON of every document was
/// about a third of the page's decoding (0.25 s of 0.47 s for 10,000 manifests and configs).
pub fn for_page(mut a: Analysis) -> Analysis {
    for d in &mut a.documents {
        if d.kind != crate::Kind::Config {
            d.json = None;
        }
    }
    a
}

/// `a` as bytes.
pub fn encode(a: &Analysis) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    // Serialising the model cannot fail (every sequence has a known length, no map key is
    // anything but a string); an error would leave the header alone, which decodes to an error.
    if let Ok(body) = postcard::to_allocvec(a) {
        out.extend_from_slice(&body);
    }
    out
}

/// The header of a comparison's bytes.
pub const COMPARISON_HEADER: &[u8] =
    concat!("ocilens-comparison/2/", env!("CARGO_PKG_VERSION"), "\n").as_bytes();

/// A comparison (what the page's worker hands the page in Compare mode), as bytes.
pub fn encode_comparison(c: &crate::compare::Comparison) -> Vec<u8> {
    let mut out = COMPARISON_HEADER.to_vec();
    if let Ok(body) = postcard::to_allocvec(c) {
        out.extend_from_slice(&body);
    }
    out
}

/// The comparison in `bytes` (made by [`encode_comparison`] of this same build).
pub fn decode_comparison(bytes: &[u8]) -> Result<crate::compare::Comparison, String> {
    let body = bytes
        .strip_prefix(COMPARISON_HEADER)
        .ok_or("the comparison was made by another version of ocilens (reload the page)")?;
    postcard::from_bytes(body).map_err(|e| format!("the comparison could not be read: {e}"))
}

/// The analysis in `bytes` (made by [`encode`] of this same build).
pub fn decode(bytes: &[u8]) -> Result<Analysis, String> {
    let body = bytes
        .strip_prefix(HEADER)
        .ok_or("the analysis was made by another version of ocilens (reload the page)")?;
    postcard::from_bytes(body).map_err(|e| format!("the analysis could not be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::captures;

    #[test]
    fn every_capture_round_trips() {
        let mut n = 0;
        for (name, inputs) in captures() {
            let a = crate::analyze(&inputs);
            let bytes = encode(&a);
            assert_eq!(decode(&bytes).as_ref(), Ok(&a), "{name}");
            n += 1;
        }
        assert!(n >= 25, "{n} captures");
    }

    #[test]
    fn a_paste_with_every_kind_of_finding_round_trips() {
        // Invalid JSON, duplicate keys, a bad digest, imagetools text and a BOM together.
        let text = "\u{feff}{\"a\":1,\"a\":2}\n{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:zz\",\"size\":-1},\"layers\":[]}\n{ nope\nName: x\nMediaType: application/vnd.oci.image.index.v1+json\n";
        let a = crate::analyze_text("paste", text);
        assert!(a.findings.len() >= 3);
        assert_eq!(decode(&encode(&a)), Ok(a));
    }

    #[test]
    fn the_page_is_handed_the_parsed_json_of_configs_only() {
        for (name, inputs) in captures() {
            let a = crate::analyze(&inputs);
            let page = decode(&encode(&for_page(a.clone()))).unwrap();
            for (d, p) in a.documents.iter().zip(&page.documents) {
                let kept = d.kind == crate::Kind::Config;
                assert_eq!(p.json.is_some(), kept && d.json.is_some(), "{name}");
                assert_eq!(
                    (&p.bytes, &p.descriptors),
                    (&d.bytes, &d.descriptors),
                    "{name}"
                );
            }
            assert_eq!(
                (&page.tree, &page.findings),
                (&a.tree, &a.findings),
                "{name}"
            );
        }
    }

    #[test]
    fn another_version_or_a_cut_is_an_error_not_a_model() {
        let a = crate::analyze_text("paste", "{\"schemaVersion\":2}");
        let bytes = encode(&a);
        let mut other = b"ocilens-analysis/0/0.0.0\n".to_vec();
        other.extend_from_slice(&bytes[HEADER.len()..]);
        assert!(decode(&other).unwrap_err().contains("another version"));
        for cut in [
            HEADER.len(),
            HEADER.len() + 1,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
