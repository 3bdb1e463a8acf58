//! Tests for platform parsing, normalisation, matching and choosing: one table per rule of
//! containerd's, and the real Docker Hub `python:latest` list.

use super::*;
use crate::model::Descriptor;

/// `os/arch[/variant]` (plain, no options) as a Platform, without normalising.
fn pl(s: &str) -> Platform {
    let mut it = s.split('/');
    Platform {
        os: it.next().unwrap_or("").to_string(),
        architecture: it.next().unwrap_or("").to_string(),
        variant: it.next().map(str::to_string),
        ..Platform::default()
    }
}

fn win(version: &str) -> Platform {
    Platform {
        os_version: Some(version.to_string()),
        ..pl("windows/amd64")
    }
}

fn desc(p: Option<Platform>) -> Descriptor {
    Descriptor {
        platform: p,
        ..Descriptor::default()
    }
}

#[test]
fn normalisation_table_matches_containerd() {
    // (arch, variant) -> (arch, variant), containerd database.go normalizeArch.
    let rows = [
        ("aarch64", "", "arm64", ""),
        ("arm64", "8", "arm64", ""),
        ("arm64", "v8", "arm64", ""),
        ("ARM64", "V8", "arm64", ""),
        ("arm64", "v8.0", "arm64", ""),
        ("arm64", "v8.2", "arm64", "v8.2"),
        ("arm64", "9", "arm64", "v9"),
        ("arm64", "9.0", "arm64", "v9"),
        ("arm64", "v9.0", "arm64", "v9"),
        ("arm64", "v9", "arm64", "v9"),
        ("x86_64", "", "amd64", ""),
        ("x86-64", "", "amd64", ""),
        ("amd64", "v1", "amd64", ""),
        ("amd64", "v3", "amd64", "v3"),
        ("armhf", "", "arm", "v7"),
        ("armhf", "v6", "arm", "v7"),
        ("armel", "", "arm", "v6"),
        ("arm", "", "arm", "v7"),
        ("arm", "7", "arm", "v7"),
        ("arm", "5", "arm", "v5"),
        ("arm", "6", "arm", "v6"),
        ("arm", "8", "arm", "v8"),
        ("arm", "v6", "arm", "v6"),
        ("i386", "", "386", ""),
        ("i386", "x", "386", ""),
        // Not in containerd's table: left alone.
        ("i686", "", "i686", ""),
        ("386", "", "386", ""),
        ("ppc64le", "", "ppc64le", ""),
    ];
    for (arch, variant, want_arch, want_variant) in rows {
        assert_eq!(
            normalize_arch(arch, variant),
            (want_arch.to_string(), want_variant.to_string()),
            "{arch}/{variant}"
        );
    }
}

#[test]
fn normalize_lowercases_os_maps_macos_and_sorts_features() {
    let p = Platform {
        os: "MacOS".into(),
        architecture: "AArch64".into(),
        variant: Some("v8".into()),
        os_features: vec!["b".into(), "a".into(), "b".into()],
        ..Platform::default()
    };
    let n = normalize(&p);
    assert_eq!(n.os, "darwin");
    assert_eq!(n.architecture, "arm64");
    assert_eq!(n.variant, None);
    assert_eq!(n.os_features, vec!["a".to_string(), "b".to_string()]);
    assert_eq!(normalize(&pl("Linux/armhf")).to_string(), "linux/arm/v7");
    assert_eq!(normalize(&pl("linux/amd64/v1")).to_string(), "linux/amd64");
}

/// (input, os, arch, variant, os.version, os.features)
type ParseRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

#[test]
fn parse_reads_every_specifier_form() {
    // (input, os, arch, variant, os.version, os.features)
    let ok: &[ParseRow] = &[
        ("linux/amd64", "linux", "amd64", None, None, &[]),
        ("  Linux/AMD64 \n", "linux", "amd64", None, None, &[]),
        ("linux/arm64/v8", "linux", "arm64", Some("v8"), None, &[]),
        ("linux/arm64/8", "linux", "arm64", Some("v8"), None, &[]),
        ("linux/aarch64", "linux", "arm64", None, None, &[]),
        ("linux/arm", "linux", "arm", None, None, &[]),
        ("linux/arm/7", "linux", "arm", Some("v7"), None, &[]),
        ("linux/armhf", "linux", "arm", None, None, &[]),
        ("linux/armel", "linux", "arm", Some("v6"), None, &[]),
        ("linux/x86_64", "linux", "amd64", None, None, &[]),
        ("linux/i386", "linux", "386", None, None, &[]),
        ("macos/arm64", "darwin", "arm64", None, None, &[]),
        ("arm64", "linux", "arm64", None, None, &[]),
        ("aarch64", "linux", "arm64", None, None, &[]),
        ("armhf", "linux", "arm", None, None, &[]),
        (
            "windows(10.0.20348)/amd64",
            "windows",
            "amd64",
            None,
            Some("10.0.20348"),
            &[],
        ),
        (
            "windows(10.0.17763+win32k)/amd64",
            "windows",
            "amd64",
            None,
            Some("10.0.17763"),
            &["win32k"],
        ),
        (
            "windows(%31%30.0.1)/amd64",
            "windows",
            "amd64",
            None,
            Some("10.0.1"),
            &[],
        ),
    ];
    for (input, os, arch, variant, version, features) in ok {
        let p = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(p.os, *os, "{input}");
        assert_eq!(p.architecture, *arch, "{input}");
        assert_eq!(p.variant.as_deref(), *variant, "{input}");
        assert_eq!(p.os_version.as_deref(), *version, "{input}");
        assert_eq!(
            p.os_features,
            features.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            "{input}"
        );
    }
}

#[test]
fn parse_refuses_what_containerd_refuses() {
    let bad: &[(&str, &str)] = &[
        ("", "empty"),
        ("   ", "empty"),
        ("linux/*", "wildcard"),
        ("lin ux/amd64", "invalid-os"),
        ("windows(10.0/amd64", "invalid-os"),
        ("windows(1)x/amd64", "invalid-os"),
        ("/amd64", "invalid-os"),
        ("linux/am d64", "invalid-component"),
        ("linux//v7", "invalid-component"),
        ("linux/arm/v7/x/y", "invalid-component"),
        ("linux/arm/v7/x", "too-many-parts"),
        ("windows(%zz)/amd64", "bad-escape"),
        ("notanarch", "unknown-os-or-architecture"),
        ("i686", "unknown-os-or-architecture"),
        ("linux", "missing-architecture"),
    ];
    for (input, id) in bad {
        let e = parse(input).expect_err(input);
        assert_eq!(e.id(), *id, "{input}");
        assert!(!e.text().en.is_empty() && !e.text().ja.is_empty());
    }
}

#[test]
fn parse_for_host_fills_the_missing_part_from_the_host() {
    let pi = pl("linux/arm/v6");
    assert_eq!(
        parse_for_host("linux", &pi).unwrap().to_string(),
        "linux/arm/v6"
    );
    // containerd leaves v7 implicit.
    assert_eq!(
        parse_for_host("linux", &pl("linux/arm/v7"))
            .unwrap()
            .to_string(),
        "linux/arm"
    );
    assert_eq!(
        parse_for_host("windows", &win("10.0.20348"))
            .unwrap()
            .to_string(),
        "windows/amd64"
    );
    assert_eq!(
        parse_for_host("arm64", &win("10.0.20348"))
            .unwrap()
            .to_string(),
        "windows/arm64"
    );
}

#[test]
fn format_prints_like_containerd() {
    assert_eq!(format(&pl("linux/arm64/v8")), "linux/arm64/v8");
    assert_eq!(format(&pl("linux/amd64")), "linux/amd64");
    assert_eq!(format(&Platform::default()), "unknown");
    let mut w = win("10.0.17763");
    w.os_features = vec!["win32k".into()];
    assert_eq!(format_all(&w), "windows(10.0.17763+win32k)/amd64");
    assert_eq!(format_all(&pl("linux/amd64")), "linux/amd64");
    assert_eq!(parse(&format_all(&w)).unwrap(), w);
}

#[test]
fn fallback_chains_follow_platform_vector() {
    let rows: &[(&str, &[&str])] = &[
        ("linux/amd64", &["linux/amd64", "linux/386"]),
        ("linux/amd64/v1", &["linux/amd64", "linux/386"]),
        (
            "linux/amd64/v3",
            &[
                "linux/amd64/v3",
                "linux/amd64/v2",
                "linux/amd64",
                "linux/386",
            ],
        ),
        ("linux/386", &["linux/386"]),
        (
            "linux/arm",
            &["linux/arm/v7", "linux/arm/v6", "linux/arm/v5"],
        ),
        (
            "linux/arm/v7",
            &["linux/arm/v7", "linux/arm/v6", "linux/arm/v5"],
        ),
        ("linux/arm/v6", &["linux/arm/v6", "linux/arm/v5"]),
        ("linux/arm/v5", &["linux/arm/v5"]),
        (
            "linux/arm/v8",
            &[
                "linux/arm/v8",
                "linux/arm/v7",
                "linux/arm/v6",
                "linux/arm/v5",
            ],
        ),
        (
            "linux/arm64",
            &[
                "linux/arm64",
                "linux/arm/v8",
                "linux/arm/v7",
                "linux/arm/v6",
                "linux/arm/v5",
            ],
        ),
        (
            "linux/arm64/v8",
            &[
                "linux/arm64",
                "linux/arm/v8",
                "linux/arm/v7",
                "linux/arm/v6",
                "linux/arm/v5",
            ],
        ),
        (
            "linux/arm64/v8.2",
            &[
                "linux/arm64/v8.2",
                "linux/arm64/v8.1",
                "linux/arm64",
                "linux/arm/v8",
                "linux/arm/v7",
                "linux/arm/v6",
                "linux/arm/v5",
            ],
        ),
        (
            // containerd: v9.x runs v8.(x+5) and below; its arm tail starts at arm/v9.
            "linux/arm64/v9",
            &[
                "linux/arm64/v9",
                "linux/arm64/v8.5",
                "linux/arm64/v8.4",
                "linux/arm64/v8.3",
                "linux/arm64/v8.2",
                "linux/arm64/v8.1",
                "linux/arm64",
                // Since v1.0.0-rc.2, 64-bit ARM falls back to arm/v8 whatever its own variant.
                "linux/arm/v8",
                "linux/arm/v7",
                "linux/arm/v6",
                "linux/arm/v5",
            ],
        ),
        ("linux/ppc64le", &["linux/ppc64le"]),
        ("darwin/arm64", &["darwin/arm64", "linux/arm64"]),
        ("freebsd/amd64", &["freebsd/amd64", "linux/amd64"]),
        ("windows/amd64", &["windows/amd64"]),
    ];
    for (host, want) in rows {
        let got: Vec<String> = accepted_platforms(&pl(host)).iter().map(format).collect();
        assert_eq!(got, *want, "host {host}");
    }
}

#[test]
fn arm64_v9_with_minor_runs_lower_v9_and_v8_plus_five() {
    let got: Vec<String> = accepted_platforms(&pl("linux/arm64/v9.2"))
        .iter()
        .map(format)
        .collect();
    assert_eq!(
        got.get(..4).unwrap_or_default(),
        [
            "linux/arm64/v9.2",
            "linux/arm64/v9.1",
            "linux/arm64/v9",
            "linux/arm64/v8.7"
        ]
    );
    assert_eq!(got.get(10).map(String::as_str), Some("linux/arm64"));
    assert_eq!(got.get(11).map(String::as_str), Some("linux/arm/v8"));
}

#[test]
fn matches_gives_reason_and_rank() {
    // (host, image, accepted, rank, reason id)
    let rows: &[(&str, &str, bool, Option<usize>, &str)] = &[
        ("linux/amd64", "linux/amd64", true, Some(1), "exact"),
        ("linux/amd64", "linux/x86_64", true, Some(1), "exact"),
        ("linux/amd64", "linux/amd64/v1", true, Some(1), "exact"),
        ("linux/amd64", "linux/386", true, Some(2), "fallback"),
        (
            "linux/amd64",
            "linux/amd64/v2",
            false,
            None,
            "variant-not-accepted",
        ),
        (
            "linux/amd64",
            "linux/arm64",
            false,
            None,
            "architecture-differs",
        ),
        ("linux/amd64", "windows/amd64", false, None, "os-differs"),
        ("linux/amd64", "unknown/unknown", false, None, "os-differs"),
        (
            "linux/amd64/v3",
            "linux/amd64/v2",
            true,
            Some(2),
            "fallback",
        ),
        ("linux/amd64/v3", "linux/amd64", true, Some(3), "fallback"),
        ("linux/amd64/v3", "linux/386", true, Some(4), "fallback"),
        ("linux/arm64/v8", "linux/arm64", true, Some(1), "exact"),
        ("linux/arm64", "linux/arm64/v8", true, Some(1), "exact"),
        ("linux/arm64/v8", "linux/aarch64", true, Some(1), "exact"),
        ("linux/arm64/v8", "linux/arm/v8", true, Some(2), "fallback"),
        ("linux/arm64/v8", "linux/arm/v7", true, Some(3), "fallback"),
        ("linux/arm64/v8", "linux/arm", true, Some(3), "fallback"),
        ("linux/arm64/v8", "linux/arm/v5", true, Some(5), "fallback"),
        (
            "linux/arm64/v8",
            "linux/arm64/v8.2",
            false,
            None,
            "variant-not-accepted",
        ),
        (
            "linux/arm64/v8",
            "linux/amd64",
            false,
            None,
            "architecture-differs",
        ),
        ("linux/arm/v7", "linux/arm/v6", true, Some(2), "fallback"),
        ("linux/arm/v7", "linux/armhf", true, Some(1), "exact"),
        (
            "linux/arm/v7",
            "linux/arm/v8",
            false,
            None,
            "variant-not-accepted",
        ),
        (
            "linux/arm/v7",
            "linux/arm64",
            false,
            None,
            "architecture-differs",
        ),
        (
            "linux/arm/v6",
            "linux/arm/v7",
            false,
            None,
            "variant-not-accepted",
        ),
        ("darwin/arm64", "linux/arm64", true, Some(2), "fallback"),
    ];
    for (host, image, accepted, rank, id) in rows {
        let r = matches(&pl(host), &pl(image));
        assert_eq!(
            (r.accepted, r.rank, r.reason.id()),
            (*accepted, *rank, *id),
            "{host} <- {image}: {}",
            r.reason.text().en
        );
        assert_eq!(r.reason.accepted(), r.accepted);
    }
}

#[test]
fn reason_texts_say_what_was_compared() {
    let t = |h: &str, i: &str| matches(&pl(h), &pl(i)).reason.text();
    assert_eq!(
        t("linux/amd64", "linux/amd64").en,
        "accepted: exact match (linux/amd64)"
    );
    assert_eq!(
        t("linux/arm64/v8", "linux/arm/v7").en,
        "accepted: linux/arm/v7 is a fallback this host runs (rank 3)"
    );
    assert_eq!(
        t("linux/amd64", "linux/arm64").en,
        "rejected: architecture arm64 ≠ amd64 (this host runs: amd64, 386)"
    );
    assert!(t("linux/amd64", "linux/arm64")
        .ja
        .contains("アーキテクチャ"));
    assert_eq!(
        t("linux/arm/v7", "linux/arm/v8").en,
        "rejected: variant of linux/arm/v8 is not one this host runs (it accepts linux/arm/v7, linux/arm/v6, linux/arm/v5)"
    );
    let att = t("linux/amd64", "unknown/unknown");
    assert!(att.en.starts_with("rejected: OS unknown ≠ linux"));
    assert!(att.en.contains("attestation"));
    assert!(att.ja.contains("アテステーション"));
    let none = Reason::NoPlatform.text();
    assert!(none.en.contains("only when nothing else matches"));
    assert!(none.ja.contains("ほかに一致するエントリーがない"));
}

#[test]
fn os_features_of_the_image_must_be_a_subset_of_the_hosts() {
    let with = |p: Platform, f: &[&str]| Platform {
        os_features: f.iter().map(|s| s.to_string()).collect(),
        ..p
    };
    // (host features, image features, accepted)
    let rows: &[(&[&str], &[&str], bool)] = &[
        (&[], &[], true),
        (&["win32k"], &[], true),
        (&["win32k"], &["win32k"], true),
        (&["a", "b", "c"], &["c", "a"], true),
        (&["a", "b"], &["b", "b"], true),
        // A Windows matcher sets the image's `win32k` aside (every Windows host has it).
        (&[], &["win32k"], true),
        (&[], &["win32k", "x"], false),
        (&["a"], &["a", "b"], false),
    ];
    for (host_f, image_f, accepted) in rows {
        let host = with(win("10.0.20348"), host_f);
        let image = with(win("10.0.20348.1"), image_f);
        let r = matches(&host, &image);
        assert_eq!(r.accepted, *accepted, "{host_f:?} vs {image_f:?}");
        if !accepted {
            assert_eq!(r.reason.id(), "os-features-not-subset");
        }
    }
    let r = matches(&win("10.0.20348"), &with(win("10.0.20348.1"), &["gpu"]));
    assert_eq!(
        r.reason,
        Reason::OsFeaturesMissing {
            missing: vec!["gpu".into()],
            host: vec![]
        }
    );
    // Not on Linux: there `win32k` is a feature like any other.
    assert!(!matches(&pl("linux/amd64"), &with(pl("linux/amd64"), &["win32k"])).accepted);
    // Linux hosts too: features are compared on every OS.
    assert!(!matches(&pl("linux/amd64"), &with(pl("linux/amd64"), &["x"])).accepted);
}

#[test]
fn windows_os_version_rules() {
    // (host os.version, image os.version, accepted, reason id, rule id)
    let rows: &[(&str, &str, bool, &str, &str)] = &[
        // Before build 20348: same build only (any revision).
        ("10.0.17763", "10.0.17763.2928", true, "exact", ""),
        ("10.0.17763", "10.0.17763", true, "exact", ""),
        (
            "10.0.17763",
            "10.0.20348.707",
            false,
            "os-version",
            "same-build",
        ),
        (
            "10.0.17763",
            "10.0.14393.3326",
            false,
            "os-version",
            "same-build",
        ),
        // 20348 and newer: from the LTSC floor up to the host's build.
        ("10.0.20348", "10.0.20348.707", true, "exact", ""),
        (
            "10.0.20348",
            "10.0.17763.2928",
            false,
            "os-version",
            "outside-range",
        ),
        (
            "10.0.20348",
            "10.0.26100.1",
            false,
            "os-version",
            "outside-range",
        ),
        (
            "10.0.26100",
            "10.0.20348.707",
            true,
            "windows-compatible-build",
            "",
        ),
        (
            "10.0.26100",
            "10.0.22621.1",
            true,
            "windows-compatible-build",
            "",
        ),
        ("10.0.26100", "10.0.26100.2033", true, "exact", ""),
        (
            "10.0.26100",
            "10.0.17763.2928",
            false,
            "os-version",
            "outside-range",
        ),
        // major.minor must be equal.
        (
            "10.0.20348",
            "6.3.9600.1",
            false,
            "os-version",
            "major-minor",
        ),
        (
            "10.0.20348",
            "10.1.20348",
            false,
            "os-version",
            "major-minor",
        ),
        // Unreadable image versions never match a known host.
        ("10.0.20348", "10.0", false, "os-version", "unreadable"),
        ("10.0.20348", "ltsc2022", false, "os-version", "unreadable"),
        (
            "10.0.20348",
            "10.0.99999.1",
            false,
            "os-version",
            "unreadable",
        ),
        // An image without os.version, or a host without a readable one, matches anything.
        ("10.0.20348", "", true, "exact", ""),
        ("", "10.0.17763.1", true, "exact", ""),
        ("10", "10.0.17763.1", true, "exact", ""),
    ];
    for (host_v, image_v, accepted, id, rule) in rows {
        let host = if host_v.is_empty() {
            pl("windows/amd64")
        } else {
            win(host_v)
        };
        let image = if image_v.is_empty() {
            pl("windows/amd64")
        } else {
            win(image_v)
        };
        let r = matches(&host, &image);
        assert_eq!(
            (r.accepted, r.reason.id()),
            (*accepted, *id),
            "{host_v} <- {image_v}"
        );
        if let Reason::OsVersion { rule: got, .. } = &r.reason {
            assert_eq!(got.id(), *rule, "{host_v} <- {image_v}");
        }
        assert_eq!(r.rank, accepted.then_some(1));
    }
    // Windows hosts have no fallbacks: windows/386 is not taken by an amd64 host.
    assert_eq!(
        matches(&win("10.0.20348"), &pl("windows/386")).reason.id(),
        "architecture-differs"
    );
    assert_eq!(
        matches(&win("10.0.20348"), &pl("linux/amd64")).reason.id(),
        "os-differs"
    );
    let t = matches(&win("10.0.17763"), &win("10.0.20348.707"))
        .reason
        .text();
    assert!(t.en.contains("only images of their own build"), "{}", t.en);
    assert!(t.ja.contains("同じビルド"));
}

#[test]
fn choose_ranks_exact_first_then_fallbacks_and_keeps_index_order_on_ties() {
    let host = pl("linux/arm64/v8");
    let c = [
        desc(Some(pl("linux/arm/v6"))),   // 0: rank 4
        desc(Some(pl("linux/arm/v7"))),   // 1: rank 3
        desc(None),                       // 2: last
        desc(Some(pl("linux/arm64"))),    // 3: rank 1
        desc(Some(pl("linux/amd64"))),    // 4: rejected
        desc(Some(pl("linux/arm64/v8"))), // 5: rank 1, after 3 (tie)
        desc(Some(pl("linux/arm"))),      // 6: rank 3, after 1 (tie)
    ];
    let choice = choose(&host, &c);
    assert_eq!(choice.chosen, Some(3));
    let order: Vec<(usize, Option<usize>)> = choice
        .candidates
        .iter()
        .map(|v| (v.index, v.position))
        .collect();
    assert_eq!(
        order,
        vec![
            (0, Some(5)),
            (1, Some(3)),
            (2, Some(6)),
            (3, Some(1)),
            (4, None),
            (5, Some(2)),
            (6, Some(4))
        ]
    );
    let v2 = choice.candidates.get(2).unwrap();
    assert!(v2.accepted);
    assert_eq!((v2.rank, v2.reason.id()), (None, "no-platform"));
}

#[test]
fn platform_less_entries_are_taken_only_when_nothing_matches() {
    let host = pl("linux/amd64");
    let only_none = choose(
        &host,
        &[desc(Some(pl("linux/arm64"))), desc(None), desc(None)],
    );
    assert_eq!(only_none.chosen, Some(1));
    let with_match = choose(&host, &[desc(None), desc(Some(pl("linux/386")))]);
    assert_eq!(with_match.chosen, Some(1));
}

#[test]
fn attestation_entries_are_rejected_by_os_and_arch() {
    let host = pl("linux/amd64");
    let c = [
        desc(Some(pl("unknown/unknown"))),
        desc(Some(pl("linux/amd64"))),
    ];
    let choice = choose(&host, &c);
    assert_eq!(choice.chosen, Some(1));
    let att = choice.candidates.first().unwrap();
    assert!(!att.accepted);
    assert_eq!(att.reason.id(), "os-differs");
    // Only attestations: nothing to pull.
    assert_eq!(
        choose(&host, &[desc(Some(pl("unknown/unknown")))]).chosen,
        None
    );
}

#[test]
fn arm64_host_takes_arm_v7_when_there_is_no_arm64_entry() {
    let pi64 = host("raspberry-pi-64").unwrap().platform;
    let c = [
        desc(Some(pl("linux/amd64"))),
        desc(Some(pl("linux/arm/v6"))),
        desc(Some(pl("linux/arm/v7"))),
    ];
    let choice = choose(&pi64, &c);
    assert_eq!(choice.chosen, Some(2));
    let v = choice.candidates.get(2).unwrap();
    assert_eq!(v.rank, Some(3));
    assert_eq!(
        v.reason.text().en,
        "accepted: linux/arm/v7 is a fallback this host runs (rank 3)"
    );
}

#[test]
fn amd64_host_with_only_arm64_gets_nothing_and_the_real_errors() {
    let host = pl("linux/amd64");
    let choice = choose(
        &host,
        &[
            desc(Some(pl("linux/arm64"))),
            desc(Some(pl("unknown/unknown"))),
        ],
    );
    assert_eq!(choice.chosen, None);
    assert!(choice
        .candidates
        .iter()
        .all(|v| !v.accepted && v.position.is_none()));
    let e = error_text(&host);
    assert!(e
        .en
        .contains("no matching manifest for linux/amd64 in the manifest list entries"));
    assert!(e.en.contains(
        "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/amd64'"
    ));
    assert!(e
        .en
        .contains("no match for platform in manifest: not found"));
    assert!(e
        .ja
        .contains("no matching manifest for linux/amd64 in the manifest list entries"));
    assert!(e.ja.contains("containerd イメージストア"));
}

#[test]
fn error_text_prints_the_platform_as_each_tool_does() {
    let mac = host("apple-silicon-mac").unwrap().platform;
    let e = error_text(&mac);
    assert!(e
        .en
        .contains("no matching manifest for linux/arm64/v8 in the manifest list entries"));
    assert!(e.en.contains("matching platform 'linux/arm64'"));
    let ws = host("windows-server-2022").unwrap().platform;
    assert!(error_text(&ws).en.contains(
        "no matching manifest for windows/amd64 10.0.20348 in the manifest list entries"
    ));
}

#[test]
fn windows_hosts_prefer_the_highest_os_version() {
    let ws2025 = host("windows-server-2025").unwrap().platform;
    let c = [
        desc(Some(win("10.0.17763.2928"))),
        desc(Some(win("10.0.20348.707"))),
        desc(Some(win("10.0.26100.2033"))),
        desc(Some(win("10.0.20348.900"))),
    ];
    let choice = choose(&ws2025, &c);
    assert_eq!(choice.chosen, Some(2));
    let pos: Vec<Option<usize>> = choice.candidates.iter().map(|v| v.position).collect();
    assert_eq!(pos, vec![None, Some(3), Some(1), Some(2)]);
}

#[test]
fn host_presets_are_unique_and_parse_back() {
    let all = hosts();
    let mut ids: Vec<&str> = all.iter().map(|h| h.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    for h in &all {
        assert!(!h.name().ja.is_empty() && !h.note().ja.is_empty() && h.name().en != h.name().ja);
        // Docker prints the host as format_all would; reading that back gives the same host.
        let back = parse(&format_all(&h.platform)).unwrap();
        assert_eq!(normalize(&back), normalize(&h.platform), "{}", h.id);
    }
    for id in [
        "apple-silicon-mac",
        "intel-mac",
        "windows-wsl2",
        "windows-server-2022",
        "windows-server-2019",
        "ubuntu-x86-64",
        "aws-ecs-fargate-x86-64",
        "aws-graviton",
        "raspberry-pi-64",
        "raspberry-pi-32",
    ] {
        assert!(host(id).is_some(), "{id}");
    }
    // Docker's spelling of an Apple Silicon host is accepted as-is.
    assert_eq!(
        normalize(&parse("linux/arm64/v8").unwrap()),
        normalize(&host("apple-silicon-mac").unwrap().platform)
    );
    assert_eq!(
        host("windows-wsl2").unwrap().platform.to_string(),
        "linux/amd64"
    );
}

/// The descriptors of an index, read with the crate's JSON parser (detect is built separately).
fn index_descriptors(bytes: &[u8]) -> Vec<Descriptor> {
    let json = crate::read::json::parse(bytes).expect("fixture is JSON");
    let manifests = json
        .get("manifests")
        .and_then(|m| m.array())
        .unwrap_or_default();
    manifests
        .iter()
        .enumerate()
        .map(|(i, m)| Descriptor {
            digest: m.get_str("digest").map(str::to_string),
            platform: m.get("platform").map(|p| Platform {
                os: p.get_str("os").unwrap_or_default().to_string(),
                architecture: p.get_str("architecture").unwrap_or_default().to_string(),
                variant: p.get_str("variant").map(str::to_string),
                os_version: p.get_str("os.version").map(str::to_string),
                os_features: p
                    .get("os.features")
                    .and_then(|f| f.array())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| f.str().map(str::to_string))
                    .collect(),
                features: Vec::new(),
            }),
            path: format!("$.manifests[{i}]"),
            ..Descriptor::default()
        })
        .collect()
}

#[test]
fn dockerhub_python_list_picks_per_host() {
    let bytes = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
    ));
    let d = index_descriptors(bytes);
    assert_eq!(d.len(), 10);
    let pick = |id: &str| choose(&host(id).unwrap().platform, &d).chosen;
    // Entries: 0 amd64, 1 arm/v5, 2 arm/v7, 3 arm64/v8, 4 386, 5 mips64le, 6 ppc64le, 7 s390x,
    // 8 windows 10.0.20348.707, 9 windows 10.0.17763.2928.
    assert_eq!(pick("ubuntu-x86-64"), Some(0));
    assert_eq!(pick("intel-mac"), Some(0));
    assert_eq!(pick("windows-wsl2"), Some(0));
    assert_eq!(pick("aws-ecs-fargate-x86-64"), Some(0));
    assert_eq!(pick("apple-silicon-mac"), Some(3));
    assert_eq!(pick("aws-graviton"), Some(3));
    assert_eq!(pick("raspberry-pi-64"), Some(3));
    assert_eq!(pick("raspberry-pi-32"), Some(2));
    assert_eq!(pick("windows-server-2022"), Some(8));
    assert_eq!(pick("windows-server-2019"), Some(9));
    assert_eq!(pick("windows-server-2025"), Some(8));
    assert_eq!(
        d.first().and_then(|x| x.digest.as_deref()),
        Some("sha256:ec43d739179d1979274d05ac081e279c97cfe5ca31777b7de3ec77ff82909073")
    );
    // linux/amd64: the 386 entry is a kept fallback, ranked after the exact one.
    let c = choose(&pl("linux/amd64"), &d);
    let v386 = c.candidates.get(4).unwrap();
    assert_eq!(
        (v386.accepted, v386.rank, v386.position),
        (true, Some(2), Some(2))
    );
    let w = c.candidates.get(8).unwrap();
    assert_eq!(w.reason.id(), "os-differs");
    // Windows Server 2019 rejects the 20348 entry by the same-build rule.
    let c = choose(&host("windows-server-2019").unwrap().platform, &d);
    assert!(matches!(
        c.candidates.get(8).map(|v| &v.reason),
        Some(Reason::OsVersion {
            rule: OsVersionRule::SameBuild { host_build: 17763 },
            ..
        })
    ));
    // A 32-bit Pi keeps arm/v7 first and arm/v5 second.
    let c = choose(&host("raspberry-pi-32").unwrap().platform, &d);
    assert_eq!(c.candidates.get(1).and_then(|v| v.position), Some(2));
}

#[test]
fn hostile_inputs_do_not_panic() {
    for s in [
        "linux/arm64/v99999999999999999999",
        "linux/amd64/v9999999",
        "linux/arm/v9999999",
        "((((",
        "windows(%)/amd64",
        "windows(%e9)/amd64",
        "é/ü",
        "linux/arm64/v8.99",
    ] {
        let _ = parse(s);
        let p = Platform {
            variant: s.rsplit('/').next().map(str::to_string),
            ..pl("linux/arm64")
        };
        let _ = matches(&p, &pl("linux/arm/v7"));
        let _ = matches(&pl("linux/amd64"), &p);
    }
    let _ = accepted_platforms(&pl("linux/amd64/v9999999"));
    let _ = accepted_platforms(&pl("linux/arm64/v9.9"));
}

#[test]
fn among_equal_matches_the_entry_with_more_os_features_is_pulled() {
    let with = |p: &str, f: &[&str]| Platform {
        os_features: f.iter().map(|s| s.to_string()).collect(),
        ..pl(p)
    };
    let host = with("linux/amd64", &["f1", "f2"]);
    let c = [
        desc(Some(pl("linux/amd64"))),
        desc(Some(with("linux/amd64", &["f2"]))),
        desc(Some(with("linux/amd64", &["f1", "f2"]))),
        desc(Some(pl("linux/386"))),
    ];
    let choice = choose(&host, &c);
    assert_eq!(choice.chosen, Some(2));
    let pos: Vec<Option<usize>> = choice.candidates.iter().map(|v| v.position).collect();
    assert_eq!(pos, [Some(3), Some(2), Some(1), Some(4)]);
}

#[test]
fn the_lowest_windows_build_a_host_runs_moves_with_the_ltsc() {
    // Up to Windows Server 2025 (26100) the floor is LTSC 2022; newer hosts' floor is 26100.
    assert_eq!(windows_floor(20348), 20348);
    assert_eq!(windows_floor(26100), 20348);
    assert_eq!(windows_floor(26200), 26100);
    let c = [desc(Some(win("10.0.20348.3091")))];
    assert_eq!(choose(&win("10.0.26100.1"), &c).chosen, Some(0));
    let r = matches(&win("10.0.26200.1"), &win("10.0.20348.3091"));
    assert!(!r.accepted);
    assert_eq!(
        r.reason,
        Reason::OsVersion {
            image: "10.0.20348.3091".into(),
            host: "10.0.26200.1".into(),
            rule: OsVersionRule::OutsideRange {
                floor: 26100,
                host_build: 26200
            }
        }
    );
}

#[test]
fn an_arm64_variant_containerd_does_not_know_matches_nothing() {
    // arm64variantToVersion stops at v9.7 and has no v8.10: the vector is empty.
    assert!(accepted_platforms(&pl("linux/arm64/v8.10")).is_empty());
    assert!(!matches(&pl("linux/arm64/v8.10"), &pl("linux/arm64/v8.10")).accepted);
    // v9.6 runs v9.0-v9.6, then v8.9 down to v8 (capped at v8.9), then 32-bit ARM.
    let got: Vec<String> = accepted_platforms(&pl("linux/arm64/v9.6"))
        .iter()
        .map(format)
        .collect();
    assert_eq!(got.first().map(String::as_str), Some("linux/arm64/v9.6"));
    assert!(got.contains(&"linux/arm64/v8.9".to_string()));
    assert!(!got.contains(&"linux/arm64/v8.10".to_string()));
    assert_eq!(got.last().map(String::as_str), Some("linux/arm/v5"));
}

#[test]
fn windows_presets_carry_a_full_os_version_and_say_which_isolation_runs_what() {
    for id in [
        "windows-server-2019",
        "windows-server-2022",
        "windows-server-2025",
        "windows-11-containers",
    ] {
        let h = host(id).unwrap();
        let v = h.platform.os_version.as_deref().unwrap();
        assert_eq!(v.split('.').count(), 4, "{id}: {v} has no revision");
        assert!(h.note_en.contains("isolation"), "{id}: {}", h.note_en);
    }
    let w11 = host("windows-11-containers").unwrap().platform;
    assert!(matches(&w11, &win("10.0.20348.2966")).accepted);
    assert!(matches(&w11, &win("10.0.22631.1")).accepted);
    let old = matches(&w11, &win("10.0.17763.6659"));
    assert!(!old.accepted);
    let t = old.reason.text();
    assert!(
        t.en.contains("Hyper-V isolation") && t.ja.contains("Hyper-V 分離"),
        "{}",
        t.en
    );
    // Classic Docker takes the older build a Windows 11 host runs with Hyper-V isolation.
    let c = [
        desc(Some(win("10.0.17763.6659"))),
        desc(Some(win("10.0.20348.2966"))),
    ];
    assert_eq!(choose(&w11, &c).chosen, Some(1));
    assert_eq!(choose_classic_windows(&w11, &c).unwrap().chosen, Some(0));
}
