//! The analysis as Markdown (`ocilens analyze --format markdown`), for READMEs, issues and
//! slides: the tree as a nested list (each item the CLI's line for the node), then the findings
//! as a table. Text from the input is escaped, so a label, an annotation or a media type cannot
//! become a link, an image, HTML or a table cell of its own.

use std::fmt::Write as _;

use crate::present::text::{location, node_line};
use crate::{Analysis, Lang, TreeNode};

/// Deeper trees are cut; `tree::build` bounds depth already, this is a backstop.
const MAX_DEPTH: usize = 64;

pub fn to_markdown(a: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", lang.pick("Tree", "ツリー"));
    if a.tree.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Nothing was recognised as an image document.",
                "イメージのドキュメントとして認識できたものがありません。",
            )
        );
    }
    for root in &a.tree {
        item(&mut out, root, lang, 0);
    }
    let _ = writeln!(out, "\n### {}\n", lang.pick("Findings", "指摘事項"));
    if a.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("No findings.", "指摘事項はありません。")
        );
        return out;
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n|---|---|---|---|",
        lang.pick("severity", "重大度"),
        lang.pick("code", "コード"),
        lang.pick("where", "場所"),
        lang.pick("what, and what to do", "内容と対処"),
    );
    for f in &a.findings {
        let mut what = escape(f.message.get(lang));
        if let Some(fix) = &f.fix {
            let _ = write!(
                what,
                "<br>{} {}",
                lang.pick("Fix:", "対処:"),
                escape(fix.get(lang))
            );
        }
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {what} |",
            f.severity.label(lang),
            f.code,
            escape(&location(f, a, lang)),
        );
    }
    out
}

fn item(out: &mut String, n: &TreeNode, lang: Lang, depth: usize) {
    let _ = writeln!(
        out,
        "{}- {}",
        "  ".repeat(depth),
        escape(&node_line(n, lang))
    );
    if depth + 1 >= MAX_DEPTH {
        if !n.children.is_empty() {
            let _ = writeln!(out, "{}- …", "  ".repeat(depth + 1));
        }
        return;
    }
    for c in &n.children {
        item(out, c, lang, depth + 1);
    }
}

/// Inline text (a list item, a table cell) on one line, with Markdown's punctuation
/// backslash-escaped (CommonMark: any ASCII punctuation may be), so nothing in it is read as
/// emphasis, a link, an image, code, HTML or a cell boundary.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '!' | '|'
            | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
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
    fn the_tree_is_a_nested_list_and_the_findings_a_table() {
        let a = analyze(&[fixture("imagetools/text-index-with-attestations.txt")]);
        let md = to_markdown(&a, Lang::En);
        let items = md
            .lines()
            .filter(|l| l.trim_start().starts_with("- "))
            .count();
        assert_eq!(items, TreeNode::walk(&a.tree).count());
        assert!(md.lines().any(|l| l.starts_with("    - manifest")), "{md}");
        let rows = md
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains("| `"))
            .count();
        assert_eq!(rows, a.findings.len());
        let ja = to_markdown(&a, Lang::Ja);
        assert!(ja.starts_with("### ツリー"));
    }

    #[test]
    fn input_text_cannot_become_markup() {
        assert_eq!(
            escape("[x](http://e) ![i](u) <b>|`c`"),
            "\\[x\\]\\(http://e\\) \\!\\[i\\]\\(u\\) \\<b\\>\\|\\`c\\`"
        );
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{0}","size":2}},"layers":[{{"mediaType":"x/<img src=y>|[a](b)","digest":"sha256:{0}","size":1}}]}}"#,
            "b".repeat(64)
        );
        let md = to_markdown(&analyze(&[crate::Input::new("m.json", m)]), Lang::En);
        assert!(md.contains("x/\\<img src=y\\>\\|\\[a\\]\\(b\\)"), "{md}");
        // Every `<` is escaped, but for the line breaks the table itself writes.
        let unescaped = md.replace("<br>", "").replace("\\<", "");
        assert!(!unescaped.contains('<'), "{md}");
        for row in md
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| severity"))
        {
            // Unescaped pipes are only the table's own.
            let bars = row.matches('|').count() - row.matches("\\|").count();
            assert_eq!(bars, 5, "{row}");
        }
    }
}
