//! `docs/findings.md` is the finding-code catalogue as a page: generated from `Code::ALL`, so it
//! can never drift from the code (`UPDATE_EXPECT=1 cargo test` rewrites it).

use ocilens_core::findings::Code;
use ocilens_core::Lang;

fn page() -> String {
    let mut s = String::from(
        "# Finding codes\n\n\
         Every code ocilens reports, from the catalogue in\n\
         `crates/ocilens-core/src/findings/catalogue.rs` (this page is generated from it by\n\
         `crates/ocilens-core/tests/findings_doc.rs`; `UPDATE_EXPECT=1 cargo test` rewrites it).\n\
         A finding's JSON `code` is one of these; its `severity` is one of those listed (the first\n\
         is the usual one). A code is never renamed or reused for another meaning.\n\
         `ocilens explain CODE` prints an entry.\n",
    );
    let mut group = None;
    for c in Code::ALL {
        if group != Some(c.group()) {
            group = Some(c.group());
            s.push_str(&format!(
                "\n## {} / {}\n\n| code | severity | meaning | 意味 |\n|---|---|---|---|\n",
                c.group().label(Lang::En),
                c.group().label(Lang::Ja)
            ));
        }
        let sev: Vec<&str> = c.severities().iter().map(|s| s.id()).collect();
        let m = c.meaning();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.id(),
            sev.join(" / "),
            m.en.replace('|', "\\|"),
            m.ja.replace('|', "\\|")
        ));
    }
    s
}

#[test]
fn the_findings_page_is_the_catalogue() {
    expect_test::expect_file!["../../../docs/findings.md"].assert_eq(&page());
}

#[test]
fn codes_are_unique_kebab_case_and_grouped_together() {
    let mut seen = std::collections::BTreeSet::new();
    for c in Code::ALL {
        assert!(seen.insert(c.id()), "{} twice", c.id());
        assert!(
            c.id().split('-').all(|w| !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{}",
            c.id()
        );
        assert_eq!(Code::parse(c.id()), Some(*c));
        assert!(!c.meaning().en.is_empty() && !c.meaning().ja.is_empty());
    }
    // A group's codes sit together, so the page has one section per group.
    let groups: Vec<_> = Code::ALL.iter().map(|c| c.group()).collect();
    let mut sections = groups.clone();
    sections.dedup();
    let mut unique = sections.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(sections.len(), unique.len(), "{sections:?}");
}
