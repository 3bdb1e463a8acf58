//! Japanese as a first language: every Japanese text in the code uses the renderings of
//! `docs/glossary.md` and none of the variants it rejects. Text in backticks is code (commands,
//! field names) and is not checked.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (chosen rendering, rejected variants) rows of the glossary's table.
fn glossary() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("docs/glossary.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| English"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let rejected = cells[3]
                .split('`')
                .enumerate()
                .filter(|(i, s)| i % 2 == 1 && !s.is_empty())
                .map(|(_, s)| s.to_string())
                .collect();
            (cells[2].to_string(), rejected)
        })
        .collect()
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// Every string literal with Japanese in it, outside test code, with its file.
fn japanese_texts() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![root().join("crates")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("tests") && !p.ends_with("target") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs") {
                files.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        // Test code is left out: an inline `#[cfg(test)] mod tests { ... }` ends the file's
        // own code (a `mod tests;` declaration does not).
        let src = src.split("#[cfg(test)]\nmod tests {").next().unwrap_or("");
        let name = f.strip_prefix(root()).unwrap().display().to_string();
        let mut chars = src.chars().peekable();
        let (mut inside, mut lit) = (false, String::new());
        while let Some(c) = chars.next() {
            match (inside, c) {
                (false, '"') => {
                    inside = true;
                    lit.clear();
                }
                (true, '\\') => {
                    lit.push(c);
                    if let Some(n) = chars.next() {
                        lit.push(n);
                    }
                }
                (true, '"') => {
                    inside = false;
                    if lit.chars().any(is_japanese) {
                        out.push((name.clone(), lit.clone()));
                    }
                }
                (true, _) => lit.push(c),
                // A char literal such as '"' must not open a string.
                (false, '\'') if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                _ => {}
            }
        }
    }
    out
}

/// The text without its code spans (`...`) and format placeholders (`{digest}`).
fn prose(t: &str) -> String {
    let text = t.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where `variant` occurs in `text` as a rejected form: not as the start of the chosen form
/// (`エントリ` inside `エントリー`), and an ASCII word only as a whole word.
fn rejected_at(text: &str, variant: &str, chosen: &str) -> Option<usize> {
    let ascii = variant.is_ascii();
    text.match_indices(variant).map(|(i, _)| i).find(|&i| {
        if text[i..].starts_with(chosen) {
            return false;
        }
        if ascii {
            let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_');
            let before = text[..i].chars().next_back().is_some_and(word);
            let after = text[i + variant.len()..].chars().next().is_some_and(word);
            return !before && !after;
        }
        true
    })
}

#[test]
fn japanese_texts_follow_the_glossary() {
    let terms = glossary();
    assert!(terms.len() >= 20, "glossary not read: {terms:?}");
    let texts = japanese_texts();
    assert!(texts.len() >= 300, "{} texts", texts.len());
    let mut bad = Vec::new();
    for (file, text) in &texts {
        let p = prose(text);
        for (chosen, rejected) in &terms {
            for v in rejected {
                if let Some(i) = rejected_at(&p, v, chosen) {
                    let from = p[..i].char_indices().rev().nth(12).map_or(0, |(j, _)| j);
                    let snippet: String = p[from..].chars().take(30).collect();
                    bad.push(format!("{file}: `{v}` (use {chosen}): …{snippet}…"));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} rejected variants:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_must() {
    assert_eq!(
        rejected_at("エントリを選ぶ", "エントリ", "エントリー"),
        Some(0)
    );
    assert_eq!(
        rejected_at("エントリーを選ぶ", "エントリ", "エントリー"),
        None
    );
    assert_eq!(rejected_at("を pull する", "pull", "プル"), Some(4));
    assert_eq!(rejected_at("build-push-action", "push", "プッシュ"), None);
    assert_eq!(prose("`docker pull` で取得"), "  で取得");
    assert_eq!(prose("{digest} は"), " は");
}
