//! One vocabulary: on every capture, in both languages, the CLI's text tree, the JSON tree and
//! the diagram say the same words for the same node (label, short media type, badge). The
//! page's tree is held to the same JSON by `tests/e2e/labels.test.mjs`.

mod common;

use ocilens_core::present::{diagram, json, text};
use ocilens_core::{analyze, Lang};
use serde_json::Value;

/// The JSON tree in pre-order (as every front door draws it).
fn preorder(tree: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = tree.as_array().unwrap().iter().rev().collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(n["children"].as_array().unwrap().iter().rev());
    }
    out
}

/// A text line without the tree's drawing (`├─ `, `│  `, `└─ `).
fn strip_branches(line: &str) -> &str {
    line.trim_start_matches(['│', '├', '└', '─', ' '])
}

#[test]
fn text_json_and_diagram_say_the_same_words_on_every_capture() {
    let mut nodes = 0;
    for (name, inputs) in common::captures() {
        let a = analyze(&inputs);
        for lang in [Lang::En, Lang::Ja] {
            let v = json::to_json(&a, lang);
            let expected = preorder(&v["tree"]);
            let rendered = text::to_text(&a, lang);
            let lines: Vec<&str> = rendered
                .lines()
                .take_while(|l| !l.is_empty())
                .map(strip_branches)
                .collect();
            let boxes = diagram::layout(&a.tree, lang).boxes;
            if expected.is_empty() {
                continue;
            }
            assert_eq!(lines.len(), expected.len(), "{name}: {rendered}");
            assert_eq!(boxes.len(), expected.len(), "{name}");
            for ((n, line), b) in expected.iter().zip(&lines).zip(&boxes) {
                let label = n["label"].as_str().unwrap();
                let parts: Vec<&str> = line.split("  ").collect();
                assert_eq!(parts[0], label, "{name}: {line}");
                assert!(b.title.starts_with(label), "{name}: {}", b.title);
                let media = n["shortName"].as_str().or(n["mediaType"].as_str());
                if let Some(m) = media {
                    assert!(parts.contains(&m), "{name}: {m} not in {line}");
                    let first = b.lines[0].trim_end_matches('…');
                    assert!(m.starts_with(first), "{name}: {m} vs {first}");
                }
                match n["badge"].as_str() {
                    Some(badge) => assert!(parts.contains(&badge), "{name}: {line}"),
                    None => assert_eq!(n["kind"], "reference", "{name}"),
                }
                nodes += 1;
            }
        }
    }
    assert!(nodes > 100, "{nodes} nodes compared");
}

#[test]
fn the_python_list_has_one_name_everywhere() {
    // The case that made the vocabulary one: the CLI said `Docker list … · unclaimed`, the JSON
    // `Docker manifest list`, the page's diagram `Docker list` and its badge `· not claimed`.
    let a = analyze(&[common::fixture(
        "manifests/dockerhub-python-latest-manifest-list.json",
    )]);
    let first = text::to_text(&a, Lang::En)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        first.starts_with("index  Docker manifest list  "),
        "{first}"
    );
    assert!(first.ends_with("· unclaimed"), "{first}");
    let v = json::to_json(&a, Lang::En);
    assert_eq!(v["tree"][0]["shortName"], "Docker manifest list");
    assert_eq!(v["tree"][0]["badge"], "· unclaimed");
    assert_eq!(
        diagram::layout(&a.tree, Lang::En).boxes[0].lines[0],
        "Docker manifest list"
    );
}
