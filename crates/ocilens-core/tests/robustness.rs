//! Inputs that must not crash or hang: arbitrary bytes, every truncation of a real capture,
//! deep nesting, a 10 MB input, invalid UTF-8. Each must give an analysis with findings.

use ocilens_core::findings::Code;
use ocilens_core::present::{json as output, text as render};
use ocilens_core::{analyze, Input, Lang, Severity};

fn run(bytes: &[u8]) -> ocilens_core::Analysis {
    let a = analyze(&[Input::new("paste", bytes.to_vec())]);
    // Every front door must be able to render whatever came out.
    let _ = render::to_text(&a, Lang::En);
    let _ = output::to_json(&a, Lang::Ja);
    a
}

/// A small deterministic generator (xorshift), so failures reproduce.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn arbitrary_bytes_give_findings_not_panics() {
    for seed in 1..200u64 {
        run(&noise(seed, (seed as usize * 37) % 3000));
    }
    // Noise made of JSON punctuation reaches deeper into the parsers.
    let alphabet = br#"{}[]":,0123456789-.eE truefalsnul\u"mediaTypedigestsha256:"#;
    for seed in 1..300u64 {
        let bytes: Vec<u8> = noise(seed, 400)
            .iter()
            .map(|b| alphabet[*b as usize % alphabet.len()])
            .collect();
        run(&bytes);
    }
}

#[test]
fn every_truncation_of_a_real_index_reports_a_syntax_error() {
    let index = include_bytes!(
        "../../../tests/fixtures/manifests/regclient-index-reference-manifests.json"
    );
    for cut in 1..index.len() - 1 {
        let a = run(&index[..cut]);
        assert!(
            a.findings
                .iter()
                .any(|f| f.code == Code::JsonSyntax && f.severity == Severity::Error),
            "cut at {cut}: no json-syntax finding"
        );
    }
}

#[test]
fn imagetools_text_truncated_anywhere_never_panics() {
    let text =
        include_bytes!("../../../tests/fixtures/imagetools/text-index-with-attestations.txt");
    for cut in 0..text.len() {
        run(&text[..cut]);
    }
}

#[test]
fn deep_nesting_is_reported_not_a_crash() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let deep = open.repeat(100_000) + &close.repeat(100_000);
        let a = run(deep.as_bytes());
        assert!(a.findings.iter().any(|f| f.code == Code::JsonSyntax));
    }
}

#[test]
fn ten_megabytes_of_manifests_are_read_whole() {
    let one =
        include_str!("../../../tests/fixtures/manifests/regclient-manifest-with-subject.json");
    let mut big = String::new();
    while big.len() < 10 * 1024 * 1024 {
        big.push_str(one);
        big.push_str("\n\n");
    }
    let count = big.matches("schemaVersion").count();
    let a = run(big.as_bytes());
    assert_eq!(a.documents.len(), count);
    let mut one_line = noise(7, 10 * 1024 * 1024);
    one_line.insert(0, b'{');
    run(&one_line);
}

#[test]
fn invalid_utf8_is_reported() {
    let mut bytes = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","annotations":{"a":""#.to_vec();
    bytes.extend_from_slice(b"\xff\xfe\"}}");
    let a = run(&bytes);
    assert!(
        a.findings.iter().any(|f| f.code == Code::JsonSyntax),
        "{:?}",
        a.findings
    );
    let a = run(b"\xc3\x28 not text \xff\n{\"a\":1}");
    assert!(
        a.findings.iter().any(|f| f.code == Code::InvalidUtf8),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_url_names_a_digest_only_after_manifests_or_blobs() {
    use ocilens_core::{analyze, ClaimSource};
    let body = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#;
    let hex = "0".repeat(64);
    let claims = |name: &str| {
        let a = analyze(&[ocilens_core::Input::new(name, &body[..])]);
        a.documents[0]
            .claims
            .iter()
            .filter(|c| c.source == ClaimSource::FileName)
            .count()
    };
    // A shared or saved fetch: the URL's last part is what it was requested by.
    assert_eq!(
        claims(&format!("http://r:5000/v2/x/manifests/sha256:{hex}")),
        1
    );
    // The referrers fallback tag names the subject, not this document.
    assert_eq!(
        claims(&format!("http://r:5000/v2/x/manifests/sha256-{hex}")),
        0
    );
    assert_eq!(claims(&format!("http://r:5000/v2/x/manifests/{hex}")), 0);
    // Loose files keep every form.
    assert_eq!(claims(&format!("sha256-{hex}")), 1);
    assert_eq!(claims(&format!("{hex}.json")), 1);
}

#[test]
fn any_content_length_in_a_pasted_response_is_read_without_overflow() {
    // The fuzzing run of issue 15 found an overflow here (a huge Content-Length).
    for length in [
        "18446744073709551615",
        "18446744073709551614",
        "9223372036854775808",
        "4294967296",
        "0",
        "3",
        "99999999999999999999999",
        "-1",
    ] {
        let paste = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\nContent-Length: {length}\r\n\r\n{{\"schemaVersion\":2,\"manifests\":[]}}"
        );
        let a = run(paste.as_bytes());
        assert_eq!(a.documents.len(), 1, "Content-Length {length}");
    }
}
