//! The tree as a Mermaid flowchart (`ocilens analyze --format mermaid`), for places where no
//! script runs but Mermaid is drawn (GitHub and GitLab READMEs, many docs engines). The boxes are
//! the diagram's ([`super::diagram::layout`]): the title and lines the page draws, and the badge
//! the tree shows. Every text is written as Mermaid entity codes where it could close a label or
//! start markup, so a label can neither break the chart nor carry HTML.

use std::fmt::Write as _;

use crate::present::diagram;
use crate::{Analysis, Lang, Verification};

/// The flowchart, left to right, one node per box (`n0`, `n1`, ... in the tree's pre-order),
/// styled by verification.
pub fn to_mermaid(a: &Analysis, lang: Lang) -> String {
    let d = diagram::layout(&a.tree, lang);
    let mut out = String::from("flowchart LR\n");
    for b in &d.boxes {
        let mut label = escape(&b.title);
        for line in &b.lines {
            label.push_str("<br/>");
            label.push_str(&escape(line));
        }
        label.push_str("<br/>");
        label.push_str(&escape(b.verification.badge(lang)));
        let _ = writeln!(out, "  n{}[\"{label}\"]", b.id);
    }
    for b in &d.boxes {
        if let Some(p) = b.parent {
            let _ = writeln!(out, "  n{p} --> n{}", b.id);
        }
    }
    if d.truncated {
        let _ = writeln!(out, "  cut[\"{}\"]", escape(diagram::cut_note(lang)));
    }
    out.push_str("  classDef verified stroke:#2e7d32,stroke-width:2px\n");
    out.push_str("  classDef mismatch stroke:#c62828,stroke-width:3px\n");
    out.push_str("  classDef missing stroke-dasharray:5 5\n");
    for (class, v) in [
        ("verified", Verification::Verified),
        ("mismatch", Verification::Mismatch),
        ("missing", Verification::NotProvided),
    ] {
        let ids: Vec<String> = d
            .boxes
            .iter()
            .filter(|b| b.verification == v)
            .map(|b| format!("n{}", b.id))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    }
    out
}

/// A label's text with everything that could end the label or be read as markup written as
/// Mermaid entity codes (`#quot;`, `#lt;`, `#35;`, ...); line breaks become spaces.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use crate::test_support::fixture;

    #[test]
    fn every_box_is_a_node_and_every_parent_an_edge() {
        let a = analyze(&[fixture("imagetools/text-index-with-attestations.txt")]);
        let m = to_mermaid(&a, Lang::En);
        let d = diagram::layout(&a.tree, Lang::En);
        assert!(m.starts_with("flowchart LR\n"));
        assert_eq!(
            m.lines().filter(|l| l.contains("[\"")).count(),
            d.boxes.len()
        );
        let edges = d.boxes.iter().filter(|b| b.parent.is_some()).count();
        assert_eq!(m.lines().filter(|l| l.contains(" --> ")).count(), edges);
        assert!(m.contains("n1[\"index<br/>OCI index<br/>"), "{m}");
        assert!(m.contains("linux/arm64"), "{m}");
    }

    #[test]
    fn labels_cannot_close_or_carry_markup() {
        let evil = r#"a"] --> x["<img src=x onerror=alert(1)> `#"#;
        assert_eq!(
            escape(evil),
            "a#quot;] --#gt; x[#quot;#lt;img src=x onerror=alert(1)#gt; #96;#35;"
        );
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{0}","size":2}},"layers":[{{"mediaType":"{1}","digest":"sha256:{0}","size":1}}]}}"#,
            "b".repeat(64),
            evil.replace('"', "\\\"")
        );
        let out = to_mermaid(&analyze(&[crate::Input::new("m.json", m)]), Lang::En);
        assert!(out.contains("a#quot;] --#gt; x[#quot;#lt;img"), "{out}");
        for line in out.lines().filter(|l| l.contains("[\"")) {
            // One label per node line: its quotes open and close it, and no tag but <br/>.
            assert_eq!(line.matches('"').count(), 2, "{line}");
            assert!(!line.replace("<br/>", "").contains('<'), "{line}");
        }
    }
}
