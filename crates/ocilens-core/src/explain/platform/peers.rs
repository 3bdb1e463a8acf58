//! containerd/platforms' own test tables, as data (`tests/peers/containerd-platforms.tsv`, each
//! row naming the file and test it comes from), run against this module: parse, format, match
//! (`Only`, `NewMatcher`), order (`Less`), and the Windows rules. docs/platforms.md lists what is
//! checked and every difference.

use super::matching::{check, ordered_less, windows_less, windows_version_ok, Check};
use super::prefer::only;
use super::*;

const TABLE: &str = include_str!("../../../tests/peers/containerd-platforms.tsv");

/// The hosts a row with `$os`, `$arch` or `$variant` is checked for (the Go tests use the
/// machine they run on).
const HOSTS: [&str; 3] = ["linux/amd64", "darwin/arm64", "windows/s390x"];

/// A literal `os|os.version|os.features|architecture|variant`, as the Go tests' `specs.Platform`.
fn literal(s: &str) -> Platform {
    let f: Vec<&str> = s.split('|').collect();
    assert_eq!(f.len(), 5, "literal {s:?}");
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    Platform {
        os: f[0].to_string(),
        os_version: some(f[1]),
        os_features: if f[2].is_empty() {
            Vec::new()
        } else {
            f[2].split(',').map(String::from).collect()
        },
        architecture: f[3].to_string(),
        variant: some(f[4]),
        features: Vec::new(),
    }
}

/// `$os`, `$arch`, `$variant` replaced by the host's; an empty part of a specifier dropped, as
/// Go's `path.Join` drops it.
fn with_host(s: &str, host: &Platform, specifier: bool) -> String {
    let s = s
        .replace("$os", &host.os)
        .replace("$arch", &host.architecture)
        .replace("$variant", host.variant.as_deref().unwrap_or(""));
    if specifier {
        s.split('/')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("/")
    } else {
        s
    }
}

/// NewMatcher(m).Match(p).
fn new_matcher_matches(m: &Platform, p: &Platform) -> bool {
    matches!(
        check(&normalize(m), &normalize(p), p.os_version.as_deref()),
        Check::Ok
    )
}

fn sorted(mut items: Vec<Platform>, less: impl Fn(&Platform, &Platform) -> bool) -> Vec<Platform> {
    items.sort_by(|a, b| {
        if less(a, b) {
            std::cmp::Ordering::Less
        } else if less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    items
}

/// One row against one host; `Err` says what differs.
fn run(check_name: &str, subject: &str, expected: &str, host: &Platform) -> Result<(), String> {
    let parse_here = |s: &str| parse_for_host(s, host).map_err(|e| format!("{s:?}: {}", e.id()));
    let word = |e: &str| -> (bool, String) {
        let (w, rest) = e.split_once(' ').unwrap_or((e, ""));
        (w == "matches" || w == "runs", rest.to_string())
    };
    let arrow = |e: &str| -> (Vec<String>, Vec<String>) {
        let (l, r) = e.split_once(" -> ").expect("a -> in an order row");
        let words = |s: &str| s.split_whitespace().map(String::from).collect();
        (words(l), words(r))
    };
    let same = |what: &str, got: String, want: String| {
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got:?}, want {want:?}"))
        }
    };
    match check_name {
        "parse" => {
            let got = parse_here(subject)?;
            let want = literal(&with_host(expected, host, false));
            same("parsed", format!("{got:?}"), format!("{want:?}"))
        }
        "parse-matches" => {
            let m = parse_here(subject)?;
            let p = literal(&with_host(expected, host, false));
            if new_matcher_matches(&m, &p) {
                Ok(())
            } else {
                Err(format!("NewMatcher({}) refuses {p:?}", format_all(&m)))
            }
        }
        "format" | "parse-format-all" => {
            let print = if check_name == "format" {
                format
            } else {
                format_all
            };
            let p = parse_here(subject)?;
            let got = print(&p);
            same("formatted", got.clone(), with_host(expected, host, true))?;
            let again = parse_here(&got)?;
            same("formatted again", print(&again), got)
        }
        "format-all" => {
            let p = literal(subject);
            let got = format_all(&p);
            same("formatted", got.clone(), expected.to_string())?;
            if p.os_features.iter().any(String::is_empty) {
                return Ok(());
            }
            let back = parse(&got).map_err(|e| e.id().to_string())?;
            same(
                "round trip",
                format!("{:?} {:?}", back.os_version, back.os_features),
                format!("{:?} {:?}", p.os_version, p.os_features),
            )
        }
        "invalid" => match parse_here(subject) {
            Err(_) => Ok(()),
            Ok(p) => Err(format!("accepted as {}", format_all(&p))),
        },
        "only" => {
            let prefs = only(&parse_here(subject)?);
            let (want, image) = word(expected);
            let got = match_with(&prefs, &parse_here(&image)?).accepted;
            same(
                &format!("Only({subject}) takes {image}"),
                got.to_string(),
                want.to_string(),
            )
        }
        "order" => {
            let prefs = only(&parse_here(subject)?);
            let (given, want) = arrow(expected);
            let given: Vec<Platform> = given
                .iter()
                .map(|s| parse_here(s))
                .collect::<Result<_, _>>()?;
            let got: Vec<String> = sorted(given, |a, b| {
                ordered_less(&prefs.list, &prefs.runtime_os, a, b)
            })
            .iter()
            .map(format_all)
            .collect();
            same("order", got.join(" "), want.join(" "))
        }
        "match" => {
            let (want, image) = word(expected);
            let got = new_matcher_matches(&literal(subject), &literal(&image));
            same(
                &format!("NewMatcher({subject}) takes {image}"),
                got.to_string(),
                want.to_string(),
            )
        }
        "normalize" => same(
            "normalised",
            format!("{:?}", normalize(&literal(subject))),
            format!("{:?}", literal(expected)),
        ),
        "windows-compat" => {
            let (want, image) = word(expected);
            let got = windows_version_ok(
                Some(&format!("10.0.{subject}")),
                Some(&format!("10.0.{image}")),
            )
            .is_ok();
            same(
                &format!("host {subject} runs {image}"),
                got.to_string(),
                want.to_string(),
            )
        }
        "windows-order" => {
            let m = normalize(&literal(subject));
            let (given, want) = arrow(expected);
            let got: Vec<String> = sorted(given.iter().map(|s| literal(s)).collect(), |a, b| {
                windows_less(&m, a, b)
            })
            .iter()
            .map(|p| format!("{}|{}", p.os, p.os_version.as_deref().unwrap_or("")))
            .collect();
            let want: Vec<String> = want
                .iter()
                .map(|s| literal(s))
                .map(|p| format!("{}|{}", p.os, p.os_version.as_deref().unwrap_or("")))
                .collect();
            same(
                "order",
                got[..want.len().min(got.len())].join(" "),
                want.join(" "),
            )
        }
        other => Err(format!("unknown check {other:?}")),
    }
}

#[test]
fn every_row_of_containerd_platforms_tables_passes() {
    let hosts: Vec<Platform> = HOSTS.iter().map(|h| parse(h).unwrap()).collect();
    let mut rows = 0;
    let mut failures = Vec::new();
    let mut per_test: std::collections::BTreeMap<&str, usize> = Default::default();
    for (n, line) in TABLE.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: {line:?}", n + 1);
        let (source, check_name, subject, expected) = (cols[0], cols[1], cols[2], cols[3]);
        rows += 1;
        *per_test.entry(source).or_default() += 1;
        let hosted = line.contains('$');
        for host in if hosted { &hosts[..] } else { &hosts[..1] } {
            if let Err(e) = run(check_name, subject, expected, host) {
                let on = if hosted {
                    format!(" (host {})", format(host))
                } else {
                    String::new()
                };
                failures.push(format!(
                    "line {} {source} {check_name} {subject:?}{on}: {e}",
                    n + 1
                ));
            }
        }
    }
    eprintln!(
        "containerd/platforms: {rows} rows from {} tests",
        per_test.len()
    );
    assert!(
        rows >= 280 && per_test.len() >= 15,
        "{rows} rows, {per_test:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {rows} rows fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
