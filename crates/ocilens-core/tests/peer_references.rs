//! References as distribution/reference v0.6 reads them: its own test tables
//! (`tests/peers/distribution-reference.tsv`, each row naming the file and test it comes from),
//! every valid row normalised to the same registry, path and full form, every invalid one
//! refused with the same error.

use ocilens_core::fetch::{parse_reference, RefError};

/// `{N*S}` written out: S, N times.
fn expand(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a closed {N*S}") + open;
        let (n, s) = rest[open + 1..close].split_once('*').expect("{N*S}");
        out.push_str(&rest[..open]);
        out.push_str(&s.repeat(n.parse().expect("N")));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn kind(id: &str) -> RefError {
    match id {
        "invalid-format" => RefError::InvalidFormat,
        "uppercase" => RefError::Uppercase,
        "too-long" => RefError::TooLong,
        "identifier" => RefError::Identifier,
        "digest-length" => RefError::DigestLength,
        "digest-unsupported" => RefError::DigestUnsupported,
        "digest-format" => RefError::DigestFormat,
        other => panic!("unknown error {other}"),
    }
}

#[test]
fn references_agree_with_distribution_reference_tables() {
    let table = include_str!("peers/distribution-reference.tsv");
    let (mut valid, mut invalid) = (0, 0);
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cells: Vec<String> = line.split('\t').map(expand).collect();
        let [source, input, expect, registry, path, full] = cells.as_slice() else {
            panic!("a row of six cells: {line}");
        };
        let got = parse_reference(input);
        if expect == "ok" {
            let r = got.unwrap_or_else(|e| panic!("{source}: {input:?} refused: {e}"));
            assert_eq!(
                (&r.registry, &r.repository, &r.to_string()),
                (registry, path, full),
                "{source}: {input:?}"
            );
            valid += 1;
        } else {
            let e = got.expect_err(&format!("{source}: {input:?} accepted"));
            assert_eq!(e.kind, kind(expect), "{source}: {input:?}: {e}");
            assert!(!e.text.ja.is_empty());
            invalid += 1;
        }
    }
    assert!(
        valid >= 100 && invalid >= 40,
        "{valid} valid, {invalid} invalid rows"
    );
}
