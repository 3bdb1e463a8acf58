//! Text rendering of an analysis: the tree with short digests and marks, then the findings.
//!
//! Plain text for a terminal (the CLI) and for snapshots: deterministic (same analysis, same
//! bytes), no colours, no HTML. Labels follow the chosen language; media types, digests and
//! finding codes stay as they are, since users search for them.

use std::fmt::Write as _;

use crate::explain::knowledge;
use crate::findings::{Finding, Severity};
use crate::{Analysis, Lang, NodeKind, TreeNode, Verification};

/// Deeper trees are cut with a note; `tree::build` already bounds depth, this is a backstop.
const MAX_DEPTH: usize = 64;

pub fn to_text(analysis: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    if analysis.tree.is_empty() {
        out.push_str(l(
            lang,
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
    out.push('\n');
    findings(&mut out, analysis, lang);
    out
}

/// At most this many media types are explained under the tree.
const MAX_LEGEND: usize = 24;

/// What each media type in the tree is, once, in the order first met: the explainer's answer to
/// "what am I looking at?" without a second command.
fn legend(out: &mut String, analysis: &Analysis, lang: Lang) {
    let mut seen: Vec<&str> = Vec::new();
    for n in TreeNode::preorder(&analysis.tree) {
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
    out.push_str(l(lang, "What these are:\n", "各部の説明:\n"));
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

fn l(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
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

pub(crate) fn kind_label(kind: NodeKind, lang: Lang) -> &'static str {
    match kind {
        NodeKind::Reference => l(lang, "reference", "参照"),
        NodeKind::Index => l(lang, "index", "インデックス"),
        // The attestation marker says the rest.
        NodeKind::Manifest | NodeKind::AttestationManifest => l(lang, "manifest", "マニフェスト"),
        NodeKind::Referrer => l(lang, "referrer", "リファラー"),
        NodeKind::Schema1 => l(lang, "schema1 manifest", "schema1 マニフェスト"),
        NodeKind::Config => l(lang, "config", "設定"),
        NodeKind::Layer => l(lang, "layer", "レイヤー"),
        NodeKind::Attestation => l(lang, "attestation", "アテステーション"),
        NodeKind::Other => l(lang, "blob", "blob"),
    }
}

/// A short name for the media types people meet every day; others are shown as they are.
pub fn short_media_type(mt: &str) -> &str {
    let base = mt.split(';').next().unwrap_or(mt).trim();
    match base {
        "application/vnd.oci.image.index.v1+json" => "OCI index",
        "application/vnd.oci.image.manifest.v1+json" => "OCI manifest",
        "application/vnd.docker.distribution.manifest.list.v2+json" => "Docker list",
        "application/vnd.docker.distribution.manifest.v2+json" => "Docker v2",
        "application/vnd.docker.distribution.manifest.v1+json"
        | "application/vnd.docker.distribution.manifest.v1+prettyjws" => "schema1",
        "application/vnd.oci.image.config.v1+json" => "OCI config",
        "application/vnd.docker.container.image.v1+json" => "Docker config",
        "application/vnd.oci.image.layer.v1.tar+gzip"
        | "application/vnd.docker.image.rootfs.diff.tar.gzip" => "layer tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd" => "layer tar+zstd",
        "application/vnd.oci.image.layer.v1.tar" => "layer tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
        | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => "foreign layer tar+gzip",
        "application/vnd.in-toto+json" => "in-toto",
        "application/vnd.dsse.envelope.v1+json" => "DSSE",
        "application/vnd.oci.empty.v1+json" => "empty",
        _ => knowledge::lookup(base).map_or(mt, |m| m.short),
    }
}

/// `472 B`, `1.6 kB`, `1.2 MB` (SI units, as registries and `docker images` print them).
/// Integer arithmetic, rounded half up to one decimal: no float formatting in the wasm bundle.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    // Tenths of the unit, as u128 so nothing overflows.
    let mut div: u128 = 1000;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && (n as u128 * 10 + div / 2) / div >= 9_995 {
        div *= 1000;
        unit += 1;
    }
    let tenths = (n as u128 * 10 + div / 2) / div;
    let tenths = tenths as u64; // at most u64::MAX / 100
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// `sha256:` and the first 12 hex digits: enough to tell blobs apart, short enough to read.
pub fn short_digest(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, hex)) => format!("{alg}:{}", hex.chars().take(12).collect::<String>()),
        None => d.chars().take(19).collect(),
    }
}

fn mark(v: Verification, lang: Lang) -> &'static str {
    match v {
        Verification::Verified => l(lang, "✓ verified", "✓ 検証済み"),
        Verification::Mismatch => l(lang, "✗ mismatch", "✗ 不一致"),
        Verification::CannotRecompute => l(lang, "≈ cannot recompute", "≈ 再計算不可"),
        Verification::Unclaimed => l(lang, "· unclaimed", "· 照合対象なし"),
        Verification::NotProvided => l(lang, "○ not provided", "○ 未提供"),
    }
}

pub(crate) fn is_attestation(n: &TreeNode) -> bool {
    n.kind == NodeKind::AttestationManifest
        || n.annotations
            .iter()
            .any(|(k, v)| k == "vnd.docker.reference.type" && v == "attestation-manifest")
}

fn node_line(n: &TreeNode, lang: Lang) -> String {
    let mut parts: Vec<String> = vec![kind_label(n.kind, lang).to_string()];
    if n.kind == NodeKind::Reference {
        if let Some(r) = &n.reference {
            parts.push(r.clone());
        }
    }
    if let Some(mt) = &n.media_type {
        parts.push(short_media_type(mt).to_string());
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
    if n.kind != NodeKind::Reference {
        parts.push(mark(n.verification, lang).to_string());
    }
    if n.shared {
        parts.push(l(lang, "[shared]", "[共有]").to_string());
    }
    if is_attestation(n) {
        parts.push(l(lang, "[attestation]", "[アテステーション]").to_string());
    }
    if n.kind != NodeKind::Reference {
        // The name a layout's index.json gives an image (`ocilens:latest`, `1`).
        let ref_name = n
            .annotations
            .iter()
            .find(|(k, _)| k == "org.opencontainers.image.ref.name")
            .map(|(_, v)| v);
        if let Some(r) = n.reference.as_ref().or(ref_name) {
            parts.push(format!("ref={r}"));
        }
    }
    parts.join("  ")
}

fn findings(out: &mut String, a: &Analysis, lang: Lang) {
    if a.findings.is_empty() {
        out.push_str(l(lang, "No findings.\n", "指摘事項はありません。\n"));
        return;
    }
    let groups = [
        (Severity::Error, l(lang, "Errors", "エラー"), "✗"),
        (Severity::Warning, l(lang, "Warnings", "警告"), "!"),
        (Severity::Info, l(lang, "Info", "情報"), "i"),
    ];
    let mut first = true;
    for (sev, title, sign) in groups {
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
                let _ = writeln!(out, "    {} {}", l(lang, "fix:", "対処:"), fix.get(lang));
            }
        }
    }
}

/// `file:line:col  document N  $.path`, whichever parts are known.
fn location(f: &Finding, a: &Analysis, lang: Lang) -> String {
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
        parts.push(format!("{} {d}", l(lang, "document", "ドキュメント")));
    }
    if let Some(p) = &loc.path {
        parts.push(p.clone());
    }
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Input, Platform};

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
                "digest-mismatch",
                Severity::Error,
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
            "unknown-json",
            Severity::Info,
            crate::Text::new("Plain JSON.", "通常の JSON です。"),
        ));
        a
    }

    #[test]
    fn tree_and_findings_in_english() {
        expect_test::expect![[r#"
            index  OCI index  1.6 kB  sha256:0f90b7af6b2f  ✓ verified
            ├─ manifest  OCI manifest  linux/amd64  472 B  sha256:0f90b7af6b2f  ✓ verified
            │  ├─ config  OCI config  428 B  sha256:0f90b7af6b2f  ✗ mismatch
            │  └─ layer  layer tar+gzip  1.2 MB  sha256:0f90b7af6b2f  ○ not provided  [shared]
            └─ manifest  OCI manifest  566 B  sha256:0f90b7af6b2f  ≈ cannot recompute  [attestation]
               └─ attestation  in-toto  1.3 kB  sha256:0f90b7af6b2f  · unclaimed

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

            Info (1)
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
            │  ├─ 設定  OCI config  428 B  sha256:0f90b7af6b2f  ✗ 不一致
            │  └─ レイヤー  layer tar+gzip  1.2 MB  sha256:0f90b7af6b2f  ○ 未提供  [共有]
            └─ マニフェスト  OCI manifest  566 B  sha256:0f90b7af6b2f  ≈ 再計算不可  [アテステーション]
               └─ アテステーション  in-toto  1.3 kB  sha256:0f90b7af6b2f  · 照合対象なし

            各部の説明:
              OCI index: マニフェストの一覧で、通常はプラットフォームごとのイメージ（とアテステーション）を並べます。ランタイムは自分のプラットフォームの項目を選びます。
              OCI manifest: 1 つのイメージまたはアーティファクト。config とレイヤーの一覧を持ちます。`name@sha256:...` が固定するのはこのダイジェストです。
              OCI image config: イメージの設定（プラットフォーム、環境変数、エントリポイント、履歴）と、非圧縮レイヤーの diff ID を持ちます。
              layer tar+gzip: gzip 圧縮した tar のレイヤー。最も一般的なレイヤー形式です。
              in-toto statement: in-toto ステートメント。`subject` がダイジェストで対象を示し、`predicateType` が主張の種類（provenance、SBOM など）を表します。

            エラー (1)
              ✗ digest-mismatch  index.json:3:5  ドキュメント 1  $.config
                一致しません。
                対処: 元のバイト列を貼り付けてください。

            情報 (1)
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
    fn sizes_are_human_and_digests_short() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1607), "1.6 kB");
        assert_eq!(human_size(1_234_567), "1.2 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(u64::MAX), "18446744.1 TB");
        assert_eq!(
            short_digest("sha256:0123456789abcdef"),
            "sha256:0123456789ab"
        );
        assert_eq!(short_media_type("text/plain"), "text/plain");
        assert_eq!(
            short_media_type("application/vnd.oci.image.layer.v1.tar+zstd"),
            "layer tar+zstd"
        );
    }

    #[test]
    fn rendering_is_deterministic_and_survives_any_input() {
        let a = analyze(&[Input::new("x", &b"\xff\xfe{\"a\":"[..])]);
        assert_eq!(to_text(&a, Lang::En), to_text(&a, Lang::En));
        assert!(to_text(&analysis(Vec::new()), Lang::En).contains("no tree"));
    }
}
