//! The tree as a left-to-right diagram: tag -> index -> manifests -> config and layers, the
//! "table of contents -> blueprint -> parts" picture. Pure layout: boxes with coordinates and
//! text lines, and the edges between them; the page draws them as SVG elements (text set as
//! text, never markup) and exports them.
//!
//! Boxes are numbered in pre-order over the tree (the numbering the page's tree uses too), so a
//! click on a box selects the same node in the tree.

use crate::present::labels::{human_size, short_digest, short_media_type};
use crate::{Lang, NodeKind, TreeNode, Verification};

pub const BOX_WIDTH: u32 = 220;
pub const BOX_HEIGHT: u32 = 80;
const COLUMN_GAP: u32 = 56;
const ROW_GAP: u32 = 14;
const MARGIN: u32 = 16;
/// Larger trees are cut (the page's tree still shows everything).
pub const MAX_BOXES: usize = 2_000;
/// Characters per text line in a box.
const LINE_CHARS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramBox {
    /// Pre-order index of the node in the tree.
    pub id: usize,
    pub parent: Option<usize>,
    pub x: u32,
    pub y: u32,
    pub kind: NodeKind,
    /// `index`, `manifest`, ... in the chosen language.
    pub title: String,
    /// Short media type (or the reference), the platform, then size and short digest: a line each.
    pub lines: Vec<String>,
    pub verification: Verification,
    pub attestation: bool,
    pub shared: bool,
    pub provided: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    pub width: u32,
    pub height: u32,
    pub boxes: Vec<DiagramBox>,
    /// Whether boxes were left out past [`MAX_BOXES`].
    pub truncated: bool,
}

/// Lays out `tree`: a column per depth, leaves stacked top to bottom, each parent centred on its
/// children.
pub fn layout(tree: &[TreeNode], lang: Lang) -> Diagram {
    let mut d = Diagram {
        width: 0,
        height: 0,
        boxes: Vec::new(),
        truncated: false,
    };
    let mut next_row_y = MARGIN;
    let mut id = 0usize;
    for root in tree {
        place(root, None, 0, lang, &mut id, &mut next_row_y, &mut d);
    }
    d.width = d
        .boxes
        .iter()
        .map(|b| b.x + BOX_WIDTH + MARGIN)
        .max()
        .unwrap_or(0);
    d.height = d
        .boxes
        .iter()
        .map(|b| b.y + BOX_HEIGHT + MARGIN)
        .max()
        .unwrap_or(0);
    d
}

/// Places `n` and its subtree; returns the y of `n`'s box, or `None` when cut.
fn place(
    n: &TreeNode,
    parent: Option<usize>,
    depth: usize,
    lang: Lang,
    id: &mut usize,
    next_row_y: &mut u32,
    d: &mut Diagram,
) -> Option<u32> {
    if d.boxes.len() >= MAX_BOXES {
        d.truncated = true;
        return None;
    }
    let my_id = *id;
    *id += 1;
    let slot = d.boxes.len();
    d.boxes.push(DiagramBox {
        id: my_id,
        parent,
        x: MARGIN + depth as u32 * (BOX_WIDTH + COLUMN_GAP),
        y: 0,
        kind: n.kind,
        title: title(n, lang),
        lines: lines(n),
        verification: n.verification,
        attestation: n.is_attestation(),
        shared: n.shared,
        provided: n.provided,
    });
    let ys: Vec<u32> = n
        .children
        .iter()
        .filter_map(|c| place(c, Some(my_id), depth + 1, lang, id, next_row_y, d))
        .collect();
    let y = match (ys.first(), ys.last()) {
        (Some(first), Some(last)) => (first + last) / 2,
        _ => {
            let y = *next_row_y;
            *next_row_y += BOX_HEIGHT + ROW_GAP;
            y
        }
    };
    d.boxes[slot].y = y;
    Some(y)
}

/// What the drawing says it is (the SVG's `<title>`).
pub fn heading(lang: Lang) -> &'static str {
    lang.pick(
        "Diagram: reference → index → manifests → config and layers",
        "図: 参照 → インデックス → マニフェスト → config とレイヤー",
    )
}

/// What a drawing cut at [`MAX_BOXES`] says under it.
pub fn cut_note(lang: Lang) -> &'static str {
    lang.pick(
        "The diagram shows the first 2,000 boxes; the tree shows everything.",
        "図には最初の 2,000 個だけを描いています。ツリーにはすべてあります。",
    )
}

/// The font the drawing's text is set in, and its size.
pub const FONT: &str = "system-ui, sans-serif";
pub const FONT_SIZE: u32 = 12;
/// The colour of edges and text.
pub const EDGE_COLOUR: &str = "#8c959f";
pub const TEXT_COLOUR: &str = "#1c1e21";

/// A box's fill and outline: green when verified, red on a mismatch, grey otherwise. Colours
/// are attributes, so a saved file looks the same outside the page.
pub fn colours(v: Verification) -> (&'static str, &'static str) {
    match v {
        Verification::Verified => ("#e8f5ec", "#1a7f37"),
        Verification::Mismatch => ("#fdecec", "#c62828"),
        _ => ("#f5f7f9", "#8c959f"),
    }
}

/// The path from `b`'s parent to `b` (right side to left side, a step in the middle), as an SVG
/// path; `None` for a root.
pub fn edge(d: &Diagram, b: &DiagramBox) -> Option<String> {
    let parent = d.boxes.iter().find(|x| Some(x.id) == b.parent)?;
    let (x1, y1) = (parent.x + BOX_WIDTH, parent.y + BOX_HEIGHT / 2);
    let (x2, y2) = (b.x, b.y + BOX_HEIGHT / 2);
    let mid = (x1 + x2) / 2;
    Some(format!("M{x1} {y1}H{mid}V{y2}H{x2}"))
}

/// The text rows of a box: `(x, y, text, bold)`, the title first.
pub fn rows(b: &DiagramBox) -> Vec<(u32, u32, &str, bool)> {
    std::iter::once((b.title.as_str(), true))
        .chain(b.lines.iter().map(|l| (l.as_str(), false)))
        .enumerate()
        .map(|(i, (t, bold))| (b.x + 8, b.y + 18 + 17 * i as u32, t, bold))
        .collect()
}

fn title(n: &TreeNode, lang: Lang) -> String {
    let mut t = n.label(lang).to_string();
    if n.shared {
        t.push_str(" · ");
        t.push_str(TreeNode::shared_label(lang));
    }
    t
}

/// A box line: at most `LINE_CHARS` characters, control characters shown as `�` (XML, so an
/// exported SVG, cannot hold them at all, and a terminal's escapes mean nothing in a drawing).
fn clip(s: &str) -> String {
    let shown = |c: char| if c.is_control() { '\u{FFFD}' } else { c };
    match s.char_indices().nth(LINE_CHARS) {
        Some((i, _)) => format!("{}…", s[..i].chars().map(shown).collect::<String>()),
        None => s.chars().map(shown).collect(),
    }
}

fn lines(n: &TreeNode) -> Vec<String> {
    let first = match (n.kind, &n.reference, &n.media_type) {
        (NodeKind::Reference, Some(r), _) => r.clone(),
        (_, _, Some(mt)) => short_media_type(mt).to_string(),
        _ => String::new(),
    };
    let platform = n
        .platform
        .as_ref()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let mut second: Vec<String> = Vec::new();
    if let Some(s) = n.size {
        second.push(human_size(s));
    }
    if let Some(dg) = &n.digest {
        second.push(short_digest(dg));
    }
    [first, platform, second.join(" · ")]
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| clip(&l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use crate::test_support::fixture;

    fn count(tree: &[TreeNode]) -> usize {
        tree.iter().map(|n| 1 + count(&n.children)).sum()
    }

    #[test]
    fn box_lines_hold_no_control_characters() {
        assert_eq!(
            clip("a\u{0}b\u{1b}[31mc\td"),
            "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d"
        );
        assert_eq!(clip("plain"), "plain");
    }

    #[test]
    fn columns_follow_depth_and_parents_sit_between_their_children() {
        let a = analyze(&[fixture("imagetools/text-index-with-attestations.txt")]);
        let d = layout(&a.tree, Lang::En);
        assert_eq!(d.boxes.len(), count(&a.tree));
        assert!(!d.truncated);
        // reference -> index -> 3 images -> their attestations: four columns.
        let columns: std::collections::BTreeSet<u32> = d.boxes.iter().map(|b| b.x).collect();
        assert_eq!(columns.len(), 4);
        assert_eq!(d.boxes[0].kind, NodeKind::Reference);
        assert_eq!(d.boxes[0].lines[0], "ghcr.io/ratify-project/ratify:…");
        for b in &d.boxes {
            if let Some(p) = b.parent {
                let parent = d.boxes.iter().find(|x| x.id == p).unwrap();
                assert!(parent.x < b.x, "children are right of their parent");
            }
            assert!(b.x + BOX_WIDTH <= d.width && b.y + BOX_HEIGHT <= d.height);
        }
        // Ids are pre-order: a box's id is its position here.
        assert!(d.boxes.iter().enumerate().all(|(i, b)| b.id == i));
        // Leaves never overlap.
        let mut ys: Vec<u32> = d
            .boxes
            .iter()
            .filter(|b| !d.boxes.iter().any(|c| c.parent == Some(b.id)))
            .map(|b| b.y)
            .collect();
        ys.sort();
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= BOX_HEIGHT));
        let att: Vec<_> = d.boxes.iter().filter(|b| b.attestation).collect();
        assert_eq!(att.len(), 3);
        assert_eq!(att[0].title, "attestation manifest");
        assert_eq!(att[0].lines[1], "unknown/unknown");
    }

    #[test]
    fn labels_follow_the_language_and_long_text_is_clipped() {
        let a = analyze(&[fixture(
            "manifests/dockerhub-python-latest-manifest-list.json",
        )]);
        let d = layout(&a.tree, Lang::Ja);
        assert_eq!(d.boxes[0].title, "インデックス");
        assert!(d
            .boxes
            .iter()
            .all(|b| b.lines.iter().all(|l| l.chars().count() <= LINE_CHARS + 1)));
        assert!(d.boxes.iter().any(|b| b.lines[1] == "windows/amd64"));
    }

    #[test]
    fn huge_trees_are_cut_with_a_flag() {
        let entry = |i: usize| {
            format!(
                r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{i:064x}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}"#
            )
        };
        let entries: Vec<String> = (0..2_500).map(entry).collect();
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries.join(",")
        );
        let a = crate::analyze_text("big", &index);
        let d = layout(&a.tree, Lang::En);
        assert!(d.truncated);
        assert_eq!(d.boxes.len(), MAX_BOXES);
        assert!(layout(&[], Lang::En).boxes.is_empty());
    }
}
