//! Text rendering of an analysis: the tree with short digests and marks, then the findings.
//!
//! Plain text for a terminal (the CLI) and for snapshots: deterministic (same analysis, same
//! bytes), no colours, no HTML. Labels follow the chosen language; media types, digests and
//! finding codes stay as they are, since users search for them.

use std::fmt::Write as _;

use crate::explain::knowledge;
use crate::findings::{Finding, Severity};
use crate::present::labels::{human_size, short_digest};
use crate::{Analysis, Lang, NodeKind, TreeNode};

/// Deeper trees are cut with a note; `tree::build` already bounds depth, this is a backstop.
const MAX_DEPTH: usize = 64;

pub fn to_text(analysis: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    if analysis.tree.is_empty() {
        out.push_str(lang.pick(
            "(no tree: nothing was recognised as an image document)\n",
            "（ツリーなし: イメージのドキュメントとして認識できたものがありません）\n",
        ));
    }
    for root in &analysis.tree {
        out.push_str(&node_line(root, lang));
        out.push('\n');
        children(&mut out, root, "", lang, 1);
    }
    legend(&mut out, analysis, lang);
    supply_chain(&mut out, analysis, lang, false);
    tables(&mut out, analysis, lang);
    out.push('\n');
    findings(&mut out, analysis, lang);
    out
}

/// At most this many images are answered for under "Supply chain".
const MAX_SUPPLY: usize = 12;

/// The "Supply chain (where is it?)" section for every image, even when nothing was found
/// (`ocilens analyze --supply-chain`); empty when the tree has no image, or when [`to_text`]
/// already shows it.
pub fn supply_chain_text(a: &Analysis, lang: Lang) -> String {
    let mut shown = String::new();
    supply_chain(&mut shown, a, lang, false);
    let mut out = String::new();
    if shown.is_empty() {
        supply_chain(&mut out, a, lang, true);
    }
    out
}

/// "Where is it?" for each image, when any of the tree's images has a provenance, SBOM or
/// signature (or `always`): what was found where, what is absent, and (once) where to look.
fn supply_chain(out: &mut String, a: &Analysis, lang: Lang, always: bool) {
    use crate::explain::supply_chain::{self, Need};
    let answers = supply_chain::shown(a);
    if answers.is_empty() || (!always && answers.iter().all(|ans| ans.found.is_empty())) {
        return;
    }
    out.push('\n');
    out.push_str(lang.pick(
        "Supply chain (where is it?):\n",
        "サプライチェーン（どこにある？）:\n",
    ));
    let mut absent: Vec<Need> = Vec::new();
    for ans in answers.iter().take(MAX_SUPPLY) {
        let Some(n) = TreeNode::at(&a.tree, &ans.path) else {
            continue;
        };
        let platform = n
            .platform
            .as_ref()
            .map(|p| format!("{p}  "))
            .unwrap_or_default();
        let digest = n.digest.as_deref().map(short_digest).unwrap_or_default();
        let _ = writeln!(out, "  {}  {platform}{digest}", n.label(lang));
        for f in &ans.found {
            let _ = writeln!(
                out,
                "    {}: {} ({})",
                f.need.label(lang),
                f.store.label(lang),
                f.what
            );
        }
        let missing = ans.missing();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|m| m.label(lang)).collect();
            let _ = writeln!(
                out,
                "    {}",
                lang.pick("not in what you gave: {}", "渡された中にないもの: {}")
                    .replace("{}", &names.join(", "))
            );
        }
        if ans.index_signed {
            let _ = writeln!(out, "    {}", lang.pick(
                "(the index above it is signed: that signature is about the index's bytes, not this manifest)",
                "（上のインデックスには署名がありますが、それはインデックスのバイト列についてのもので、このマニフェストについてではありません）",
            ));
        }
        for m in missing {
            if !absent.contains(&m) {
                absent.push(m);
            }
        }
    }
    if answers.len() > MAX_SUPPLY {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick("… and {} more images", "… ほか {} 個のイメージ")
                .replace("{}", &(answers.len() - MAX_SUPPLY).to_string())
        );
    }
    for m in absent {
        let _ = writeln!(out, "  {}: {}", m.label(lang), m.advice().get(lang));
    }
}

/// Each `docker history` / `docker images` row, with what it is.
fn tables(out: &mut String, a: &Analysis, lang: Lang) {
    for t in &a.tables {
        let name = a.inputs.get(t.input).map_or("", |i| i.name.as_str());
        let command = t.command.command();
        out.push('\n');
        let _ = match lang {
            Lang::En => writeln!(out, "{command} ({name}, line {}):", t.line),
            Lang::Ja => writeln!(out, "{command}（{name} の {} 行目）:", t.line),
        };
        for r in &t.rows {
            let what: String = r.what.chars().take(60).collect();
            let _ = writeln!(out, "  {}  {what}", r.id);
            let _ = writeln!(out, "      {}", r.note.get(lang));
        }
    }
}

/// At most this many media types are explained under the tree.
const MAX_LEGEND: usize = 24;

/// What each media type in the tree is, once, in the order first met: the explainer's answer to
/// "what am I looking at?" without a second command.
fn legend(out: &mut String, analysis: &Analysis, lang: Lang) {
    let mut seen: Vec<&str> = Vec::new();
    for n in TreeNode::nodes(&analysis.tree) {
        if let Some(mt) = n.media_type.as_deref() {
            if !seen.contains(&mt) && seen.len() < MAX_LEGEND {
                seen.push(mt);
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    out.push('\n');
    out.push_str(lang.pick("What these are:\n", "各部の説明:\n"));
    for mt in seen {
        let (name, text) = match knowledge::lookup(mt) {
            Some(m) => (m.short.to_string(), m.text().get(lang).to_string()),
            None => (
                mt.to_string(),
                knowledge::explain_unknown(mt).text.get(lang).to_string(),
            ),
        };
        let _ = writeln!(out, "  {name}: {text}");
    }
}

fn children(out: &mut String, n: &TreeNode, prefix: &str, lang: Lang, depth: usize) {
    if depth > MAX_DEPTH {
        if !n.children.is_empty() {
            let _ = writeln!(out, "{prefix}└─ …");
        }
        return;
    }
    let count = n.children.len();
    for (i, c) in n.children.iter().enumerate() {
        let last = i + 1 == count;
        let (branch, cont) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let _ = writeln!(out, "{prefix}{branch}{}", node_line(c, lang));
        children(out, c, &format!("{prefix}{cont}"), lang, depth + 1);
    }
}

/// One node as a line: label, reference, short media type, artifact type, platform, size,
/// short digest, badge, then the shared marker and the layout's name for it.
pub(crate) fn node_line(n: &TreeNode, lang: Lang) -> String {
    let mut parts: Vec<String> = vec![n.label(lang).to_string()];
    if n.kind == NodeKind::Reference {
        if let Some(r) = &n.reference {
            parts.push(r.clone());
        }
    }
    if let Some(mt) = n.short_media_type() {
        parts.push(mt.to_string());
    }
    if let Some(at) = &n.artifact_type {
        parts.push(format!("artifactType={at}"));
    }
    if let Some(p) = &n.platform {
        parts.push(p.to_string());
    }
    if let Some(s) = n.size {
        parts.push(human_size(s));
    }
    if let Some(d) = &n.digest {
        parts.push(short_digest(d));
    }
    if let Some(badge) = n.badge(lang) {
        parts.push(badge.to_string());
    }
    if n.shared {
        parts.push(format!("[{}]", TreeNode::shared_label(lang)));
    }
    if n.kind != NodeKind::Reference {
        if let Some(r) = n.ref_name() {
            parts.push(format!("ref={r}"));
        }
    }
    parts.join("  ")
}

fn findings(out: &mut String, a: &Analysis, lang: Lang) {
    if a.findings.is_empty() {
        out.push_str(lang.pick("No findings.\n", "指摘事項はありません。\n"));
        return;
    }
    let groups = [
        (Severity::Error, "✗"),
        (Severity::Warning, "!"),
        (Severity::Info, "i"),
    ];
    let mut first = true;
    for (sev, sign) in groups {
        let title = sev.group_label(lang);
        let here: Vec<&Finding> = a.findings.iter().filter(|f| f.severity == sev).collect();
        if here.is_empty() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        let _ = writeln!(out, "{title} ({})", here.len());
        for f in here {
            let loc = location(f, a, lang);
            if loc.is_empty() {
                let _ = writeln!(out, "  {sign} {}", f.code);
            } else {
                let _ = writeln!(out, "  {sign} {}  {loc}", f.code);
            }
            let _ = writeln!(out, "    {}", f.message.get(lang));
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "    {} {}", lang.pick("fix:", "対処:"), fix.get(lang));
            }
        }
    }
}

/// `file:line:col  document N  $.path`, whichever parts are known.
pub(crate) fn location(f: &Finding, a: &Analysis, lang: Lang) -> String {
    let loc = &f.location;
    let mut parts = Vec::new();
    let mut place = crate::present::json::finding_input(a, f)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    if let Some(line) = loc.line {
        let _ = write!(place, ":{line}");
        if let Some(col) = loc.column {
            let _ = write!(place, ":{col}");
        }
    }
    if !place.is_empty() {
        parts.push(place);
    }
    if let Some(d) = loc.document {
        parts.push(format!("{} {d}", lang.pick("document", "ドキュメント")));
    }
    if let Some(p) = &loc.path {
        parts.push(p.clone());
    }
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;
    use crate::{analyze, Input, Platform, Verification};

    fn leaf(kind: NodeKind, mt: &str, size: u64, v: Verification) -> TreeNode {
        TreeNode {
            kind,
            media_type: Some(mt.into()),
            digest: Some(
                "sha256:0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b".into(),
            ),
            size: Some(size),
            platform: None,
            annotations: Vec::new(),
            artifact_type: None,
            document: None,
            provided: false,
            verification: v,
            shared: false,
            reference: None,
            children: Vec::new(),
        }
    }

    fn analysis(tree: Vec<TreeNode>) -> Analysis {
        Analysis {
            inputs: Vec::new(),
            documents: Vec::new(),
            tree,
            findings: Vec::new(),
            set_aside: Vec::new(),
            pull_logs: Vec::new(),
            tables: Vec::new(),
        }
    }

    fn sample() -> Analysis {
        let mut m = leaf(
            NodeKind::Manifest,
            "application/vnd.oci.image.manifest.v1+json",
            472,
            Verification::Verified,
        );
        m.platform = Some(Platform {
            os: "linux".into(),
            architecture: "amd64".into(),
            ..Platform::default()
        });
        let mut layer = leaf(
            NodeKind::Layer,
            "application/vnd.oci.image.layer.v1.tar+gzip",
            1_234_567,
            Verification::NotProvided,
        );
        layer.shared = true;
        m.children = vec![
            leaf(
                NodeKind::Config,
                "application/vnd.oci.image.config.v1+json",
                428,
                Verification::Mismatch,
            ),
            layer,
        ];
        let mut att = leaf(
            NodeKind::AttestationManifest,
            "application/vnd.oci.image.manifest.v1+json",
            566,
            Verification::CannotRecompute,
        );
        att.children = vec![leaf(
            NodeKind::Attestation,
            "application/vnd.in-toto+json",
            1265,
            Verification::Unclaimed,
        )];
        let mut idx = leaf(
            NodeKind::Index,
            "application/vnd.oci.image.index.v1+json",
            1607,
            Verification::Verified,
        );
        idx.children = vec![m, att];
        let mut a = analysis(vec![idx]);
        a.inputs.push(crate::InputSummary {
            name: "index.json".into(),
            size: 1,
            formats: Vec::new(),
        });
        a.findings.push(
            Finding::new(
                Code::DigestMismatch,
                crate::Text::new("It differs.", "一致しません。"),
            )
            .with_fix(crate::Text::new(
                "Paste the raw bytes.",
                "元のバイト列を貼り付けてください。",
            ))
            .at_input(0)
            .at_line(3, Some(5))
            .at_document(1)
            .at_path("$.config"),
        );
        a.findings.push(Finding::new(
            Code::UnknownJson,
            crate::Text::new("Plain JSON.", "通常の JSON です。"),
        ));
        a
    }

    #[test]
    fn tree_and_findings_in_english() {
        expect_test::expect![[r#"
            index  OCI index  1.6 kB  sha256:0f90b7af6b2f  ✓ verified
            ├─ manifest  OCI manifest  linux/amd64  472 B  sha256:0f90b7af6b2f  ✓ verified
            │  ├─ config  OCI image config  428 B  sha256:0f90b7af6b2f  ✗ mismatch
            │  └─ layer  layer tar+gzip  1.2 MB  sha256:0f90b7af6b2f  ○ not provided  [shared]
            └─ attestation manifest  OCI manifest  566 B  sha256:0f90b7af6b2f  ≈ cannot recompute
               └─ attestation  in-toto statement  1.3 kB  sha256:0f90b7af6b2f  · unclaimed

            What these are:
              OCI index: A list of manifests, usually one image per platform (plus attestations). The runtime picks the entry for its platform.
              OCI manifest: One image or artifact: a config descriptor and a list of layers. Its digest is what `name@sha256:...` pins.
              OCI image config: The image's settings (platform, env, entrypoint, history) and the diff IDs of its uncompressed layers.
              layer tar+gzip: A filesystem layer as a gzip-compressed tar: the most common layer type.
              in-toto statement: An in-toto statement: `subject` names artifacts by digest, `predicateType` says what is claimed (provenance, SBOM...).

            Errors (1)
              ✗ digest-mismatch  index.json:3:5  document 1  $.config
                It differs.
                fix: Paste the raw bytes.

            Good to know (1)
              i unknown-json
                Plain JSON.
        "#]]
        .assert_eq(&to_text(&sample(), Lang::En));
    }

    #[test]
    fn tree_and_findings_in_japanese() {
        expect_test::expect![[r#"
            インデックス  OCI index  1.6 kB  sha256:0f90b7af6b2f  ✓ 検証済み
            ├─ マニフェスト  OCI manifest  linux/amd64  472 B  sha256:0f90b7af6b2f  ✓ 検証済み
            │  ├─ config  OCI image config  428 B  sha256:0f90b7af6b2f  ✗ 不一致
            │  └─ レイヤー  layer tar+gzip  1.2 MB  sha256:0f90b7af6b2f  ○ 未提供  [複数参照]
            └─ アテステーションマニフェスト  OCI manifest  566 B  sha256:0f90b7af6b2f  ≈ 再計算不可
               └─ アテステーション  in-toto statement  1.3 kB  sha256:0f90b7af6b2f  · 照合先なし

            各部の説明:
              OCI index: マニフェストの一覧で、通常はプラットフォームごとのイメージ（とアテステーション）を並べます。ランタイムは自分のプラットフォームのエントリーを選びます。
              OCI manifest: 1 つのイメージまたはアーティファクト。config とレイヤーの一覧を持ちます。`name@sha256:...` が固定するのはこのダイジェストです。
              OCI image config: イメージの設定（プラットフォーム、環境変数、エントリーポイント、履歴）と、非圧縮レイヤーの diff ID を持ちます。
              layer tar+gzip: gzip 圧縮した tar のレイヤー。最も一般的なレイヤー形式です。
              in-toto statement: in-toto ステートメント。`subject` がダイジェストで対象を示し、`predicateType` が主張の種類（provenance、SBOM など）を表します。

            エラー (1)
              ✗ digest-mismatch  index.json:3:5  ドキュメント 1  $.config
                一致しません。
                対処: 元のバイト列を貼り付けてください。

            参考情報 (1)
              i unknown-json
                通常の JSON です。
        "#]]
        .assert_eq(&to_text(&sample(), Lang::Ja));
    }

    #[test]
    fn layout_ref_names_are_shown() {
        let mut n = leaf(
            NodeKind::Manifest,
            "application/vnd.oci.image.manifest.v1+json",
            423,
            Verification::NotProvided,
        );
        n.annotations
            .push(("org.opencontainers.image.ref.name".into(), "v1".into()));
        assert!(node_line(&n, Lang::En).ends_with("○ not provided  ref=v1"));
    }

    #[test]
    fn rendering_is_deterministic_and_survives_any_input() {
        let a = analyze(&[Input::new("x", &b"\xff\xfe{\"a\":"[..])]);
        assert_eq!(to_text(&a, Lang::En), to_text(&a, Lang::En));
        assert!(to_text(&analysis(Vec::new()), Lang::En).contains("no tree"));
    }
}
