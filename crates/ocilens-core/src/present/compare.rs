//! A comparison of two images (issue 14) as the CLI's text and as JSON (docs/json-output.md,
//! "Comparison"): both render the one vocabulary of [`crate::compare::kinds`].

use serde_json::{Map, Value};

use crate::compare::{Change, ChangeKind, Comparison, ImageSummary, LayerDetail, Pair};
use crate::present::labels::{human_size, short_digest};
use crate::{Lang, NodePath};

/// A value as a line shows it: a digest shortened, anything else as written (cut when long).
pub fn shown(v: Option<&str>, lang: Lang) -> String {
    match v {
        None => lang.pick("(none)", "（なし）").to_string(),
        Some(v) if v.starts_with("sha256:") && v.len() == 71 => short_digest(v),
        Some(v) if v.chars().count() > 80 => format!("{}…", v.chars().take(79).collect::<String>()),
        Some(v) => v.to_string(),
    }
}

/// `+` only in B, `-` only in A, `~` changed.
pub fn sign(c: &Change) -> char {
    match c.kind {
        ChangeKind::PlatformAdded | ChangeKind::LayerAdded | ChangeKind::AttachmentAdded => '+',
        ChangeKind::PlatformRemoved | ChangeKind::LayerRemoved | ChangeKind::AttachmentRemoved => {
            '-'
        }
        _ => match (&c.left, &c.right) {
            (None, Some(_)) => '+',
            (Some(_), None) => '-',
            _ => '~',
        },
    }
}

/// One side of a pair in a line: its manifest, its layers and their size.
pub fn side_line(s: &ImageSummary, lang: Lang) -> String {
    let layers = match lang {
        Lang::En if s.layers == 1 => "1 layer".to_string(),
        Lang::En => format!("{} layers", s.layers),
        Lang::Ja => format!("レイヤー {} 個", s.layers),
    };
    let size = s
        .size
        .map(|n| format!("{}{}", lang.pick(", ", "、"), human_size(n)))
        .unwrap_or_default();
    if !s.given {
        return match &s.manifest {
            Some(m) => format!(
                "{} ({})",
                short_digest(m),
                lang.pick("manifest not given", "マニフェストなし")
            ),
            None => lang
                .pick("manifest not given", "マニフェストなし")
                .to_string(),
        };
    }
    let what = match (&s.manifest, &s.config) {
        (Some(m), _) => short_digest(m),
        (None, Some(c)) => format!("config {}", short_digest(c)),
        (None, None) => lang.pick("config given alone", "config のみ").to_string(),
    };
    match lang {
        Lang::En => format!("{what} ({layers}{size})"),
        Lang::Ja => format!("{what}（{layers}{size}）"),
    }
}

/// How many layers (and bytes) a pair shares, when any: what a pull of one after the other
/// does not download again.
pub fn shared_line(p: &Pair, lang: Lang) -> Option<String> {
    (p.shared_layers > 0).then(|| match lang {
        Lang::En => format!(
            "{} layer(s) shared ({})",
            p.shared_layers,
            human_size(p.shared_size)
        ),
        Lang::Ja => format!(
            "共通のレイヤー {} 個（{}）",
            p.shared_layers,
            human_size(p.shared_size)
        ),
    })
}

/// How many differences `ignore_timestamps` left out of the list, when it left any.
pub fn set_aside_line(c: &Comparison, lang: Lang) -> Option<String> {
    (c.set_aside > 0).then(|| match lang {
        Lang::En => format!(
            "{} differences in timestamps (and the digests only they change) set aside.",
            c.set_aside
        ),
        Lang::Ja => format!(
            "タイムスタンプの違い（とそれだけで変わるダイジェスト）{} 件を除いています。",
            c.set_aside
        ),
    })
}

/// The comparison as text: the verdict, then each pair with its differences, each explained.
pub fn to_text(c: &Comparison, left: &str, right: &str, lang: Lang) -> String {
    let mut out = String::new();
    let platforms = |p: &[String]| {
        if p.is_empty() {
            lang.pick("no image", "イメージなし").to_string()
        } else {
            p.join(", ")
        }
    };
    out.push_str(&format!("A: {left}  [{}]\n", platforms(&c.left_platforms)));
    out.push_str(&format!(
        "B: {right}  [{}]\n",
        platforms(&c.right_platforms)
    ));
    out.push_str(&format!(
        "{}: {}\n  {}\n",
        lang.pick("Verdict", "判定"),
        c.verdict.label(lang),
        c.verdict.meaning().get(lang)
    ));
    if let Some(line) = set_aside_line(c, lang) {
        out.push_str(&format!("  {line}\n"));
    }
    let mut scope: Option<Option<&str>> = None;
    let heading = |s: Option<&str>, out: &mut String| {
        out.push('\n');
        match s.and_then(|s| c.pairs.iter().find(|p| p.scope == s)) {
            Some(p) => {
                out.push_str(&format!(
                    "{}: {}\n  A {}\n  B {}\n",
                    p.scope,
                    p.verdict.label(lang),
                    side_line(&p.left, lang),
                    side_line(&p.right, lang)
                ));
                if let Some(shared) = shared_line(p, lang) {
                    out.push_str(&format!("  {shared}\n"));
                }
            }
            None => out.push_str(&format!("{}\n", lang.pick("The sides as a whole", "全体"))),
        }
    };
    for ch in &c.changes {
        let s = ch.scope.as_deref();
        if scope != Some(s) {
            heading(s, &mut out);
            scope = Some(s);
        }
        let subject = ch
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        let values = match (&ch.left, &ch.right) {
            (None, None) => String::new(),
            (l, r) => format!(
                ": {} → {}",
                shown(l.as_deref(), lang),
                shown(r.as_deref(), lang)
            ),
        };
        out.push_str(&format!(
            "  {} {}{subject}{values}\n      {}\n",
            sign(ch),
            ch.kind.label(lang),
            ch.text.get(lang)
        ));
    }
    // Pairs with nothing to say are still listed.
    for p in &c.pairs {
        if !c
            .changes
            .iter()
            .any(|ch| ch.scope.as_deref() == Some(&p.scope))
        {
            heading(Some(&p.scope), &mut out);
        }
    }
    out
}

fn path(p: &Option<NodePath>) -> Value {
    p.as_ref()
        .map_or(Value::Null, |p| Value::from(p.to_string()))
}

fn side(s: &ImageSummary) -> Value {
    let mut m = Map::new();
    m.insert("path".into(), path(&s.path));
    m.insert("manifest".into(), s.manifest.clone().into());
    m.insert("config".into(), s.config.clone().into());
    m.insert("platform".into(), s.platform.clone().into());
    m.insert("layers".into(), s.layers.into());
    m.insert("size".into(), s.size.into());
    m.insert("given".into(), s.given.into());
    Value::Object(m)
}

fn layer(d: &LayerDetail) -> Value {
    let mut m = Map::new();
    m.insert("leftPosition".into(), d.left_position.into());
    m.insert("rightPosition".into(), d.right_position.into());
    m.insert("leftSize".into(), d.left_size.into());
    m.insert("rightSize".into(), d.right_size.into());
    m.insert("leftStep".into(), d.left_step.clone().into());
    m.insert("rightStep".into(), d.right_step.clone().into());
    m.insert("leftDiffId".into(), d.left_diff_id.clone().into());
    m.insert("rightDiffId".into(), d.right_diff_id.clone().into());
    Value::Object(m)
}

/// The comparison as the JSON of docs/json-output.md ("Comparison"), messages in `lang`.
pub fn to_json(c: &Comparison, left: &str, right: &str, lang: Lang) -> Value {
    let mut top = Map::new();
    top.insert("version".into(), crate::present::json::VERSION.into());
    top.insert("kind".into(), "comparison".into());
    for (key, name, platforms) in [
        ("left", left, &c.left_platforms),
        ("right", right, &c.right_platforms),
    ] {
        let mut m = Map::new();
        m.insert("name".into(), name.into());
        m.insert("platforms".into(), platforms.clone().into());
        top.insert(key.into(), Value::Object(m));
    }
    let mut v = Map::new();
    v.insert("id".into(), c.verdict.id().into());
    v.insert("label".into(), c.verdict.label(lang).into());
    v.insert("explanation".into(), c.verdict.meaning().get(lang).into());
    top.insert("verdict".into(), Value::Object(v));
    top.insert("differs".into(), c.differs().into());
    top.insert("setAside".into(), c.set_aside.into());
    let pairs = c
        .pairs
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("scope".into(), p.scope.clone().into());
            m.insert("verdict".into(), p.verdict.id().into());
            m.insert("left".into(), side(&p.left));
            m.insert("right".into(), side(&p.right));
            m.insert("sharedLayers".into(), p.shared_layers.into());
            m.insert("sharedSize".into(), p.shared_size.into());
            Value::Object(m)
        })
        .collect::<Vec<_>>();
    top.insert("pairs".into(), pairs.into());
    let changes = c
        .changes
        .iter()
        .map(|ch| {
            let mut m = Map::new();
            m.insert("kind".into(), ch.kind.id().into());
            m.insert("label".into(), ch.kind.label(lang).into());
            m.insert("class".into(), ch.class.id().into());
            m.insert("scope".into(), ch.scope.clone().into());
            m.insert("subject".into(), ch.subject.clone().into());
            m.insert("left".into(), ch.left.clone().into());
            m.insert("right".into(), ch.right.clone().into());
            m.insert("leftPath".into(), path(&ch.left_path));
            m.insert("rightPath".into(), path(&ch.right_path));
            m.insert("layer".into(), ch.layer.as_ref().map_or(Value::Null, layer));
            m.insert("explanation".into(), ch.text.get(lang).into());
            m.insert("meaning".into(), ch.kind.meaning().get(lang).into());
            Value::Object(m)
        })
        .collect::<Vec<_>>();
    top.insert("changes".into(), changes.into());
    Value::Object(top)
}
