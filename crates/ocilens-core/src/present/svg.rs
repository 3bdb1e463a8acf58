//! The diagram as an SVG file (`ocilens analyze --format svg`): the drawing the page puts in its
//! diagram panel and saves with "Save SVG", from the same layout and the same geometry
//! ([`super::diagram`]), written as text. Every text from the input is XML-escaped.

use std::fmt::Write as _;

use crate::present::diagram::{self, BOX_HEIGHT, BOX_WIDTH};
use crate::{Analysis, Lang};

pub fn to_svg(a: &Analysis, lang: Lang) -> String {
    let d = diagram::layout(&a.tree, lang);
    // Room under the boxes for the note of a cut diagram.
    let height = if d.truncated { d.height + 24 } else { d.height };
    let (w, h) = (d.width, height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" font-family="{}" font-size="{}">"#,
        diagram::FONT,
        diagram::FONT_SIZE
    );
    let _ = writeln!(out, "<title>{}</title>", xml(diagram::heading(lang)));
    let _ = writeln!(out, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    for b in &d.boxes {
        if let Some(path) = diagram::edge(&d, b) {
            let _ = writeln!(
                out,
                r#"<path d="{path}" fill="none" stroke="{}"/>"#,
                diagram::EDGE_COLOUR
            );
        }
    }
    for b in &d.boxes {
        let (bg, line) = diagram::colours(b.verification);
        let dash = if b.provided { "none" } else { "4 3" };
        let _ = writeln!(
            out,
            r#"<g class="box" data-kind="{}" data-verification="{}"><rect x="{}" y="{}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" fill="{bg}" stroke="{line}" stroke-dasharray="{dash}"/>"#,
            b.kind.id(),
            b.verification.id(),
            b.x,
            b.y
        );
        for (x, y, text, bold) in diagram::rows(b) {
            let weight = if bold { "600" } else { "400" };
            let _ = writeln!(
                out,
                r#"<text x="{x}" y="{y}" fill="{}" font-weight="{weight}">{}</text>"#,
                diagram::TEXT_COLOUR,
                xml(text)
            );
        }
        out.push_str("</g>\n");
    }
    if d.truncated {
        let _ = writeln!(
            out,
            r#"<text x="16" y="{}" fill="{}">{}</text>"#,
            d.height + 12,
            diagram::TEXT_COLOUR,
            xml(diagram::cut_note(lang))
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Text as XML character data or an attribute value.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
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
    fn the_file_has_a_box_per_node_and_an_edge_per_parent() {
        let a = analyze(&[fixture("imagetools/text-index-with-attestations.txt")]);
        let s = to_svg(&a, Lang::En);
        let d = diagram::layout(&a.tree, Lang::En);
        assert!(s.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert!(s.ends_with("</svg>\n"));
        assert_eq!(s.matches(r#"<g class="box""#).count(), d.boxes.len());
        let edges = d.boxes.iter().filter(|b| b.parent.is_some()).count();
        assert_eq!(s.matches("<path ").count(), edges);
        assert!(
            s.contains("sha256:f261f5076b8a"),
            "the index digest is in the file"
        );
    }

    #[test]
    fn text_from_the_input_is_escaped() {
        assert_eq!(
            xml("<script>\"a\" & 'b'\u{1}</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;\u{fffd}&lt;/script&gt;"
        );
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{0}","size":2}},"layers":[{{"mediaType":"x/<script>&","digest":"sha256:{0}","size":1}}]}}"#,
            "b".repeat(64)
        );
        let s = to_svg(&analyze(&[crate::Input::new("m.json", m)]), Lang::En);
        assert!(s.contains("x/&lt;script&gt;&amp;"), "{s}");
        assert!(!s.contains("<script"), "{s}");
    }
}
