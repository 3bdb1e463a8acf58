//! Reading one input: split it into JSON values, imagetools text and `curl -i` responses, and
//! set aside what is not data (prompts, `$ command` lines, a BOM, blank lines).
//!
//! Works on bytes, never on `&str`: a paste may hold invalid UTF-8 and the exact bytes of each
//! JSON value are what its digest is over. Linear in the input: each line is looked at a bounded
//! number of times, and a JSON parse either consumes its bytes or fails at a point after which
//! scanning resumes.

use crate::findings::{Code, Finding};
use crate::read::detect::{classify, Found, Hint};
use crate::read::json;
use crate::text::Text;
use crate::{Claim, ClaimSource, Ctx, Document, Exactness, Format, Kind, Verdict};

use super::curl::*;
use super::imagetools::*;
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A line of the input: its byte range without the line end, and where the next line starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) next: usize,
}

pub(super) fn lines(b: &[u8], from: usize) -> impl Iterator<Item = Line> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= b.len() {
            return None;
        }
        let start = pos;
        let nl = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| start + p);
        let mut end = nl;
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        pos = (nl + 1).min(b.len());
        Some(Line {
            start,
            end,
            next: pos,
        })
    })
}

pub(super) fn trim(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |p| p + 1);
    &b[s..e]
}

/// 1-based line of `offset`.
pub(super) fn line_no(nl: &[usize], offset: usize) -> usize {
    nl.partition_point(|&p| p < offset) + 1
}

/// 1-based line and column (in characters) of `offset`.
pub(super) fn line_col_at(b: &[u8], nl: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(b.len());
    let line = line_no(nl, offset);
    let start = if line >= 2 {
        nl.get(line - 2).map_or(0, |p| p + 1)
    } else {
        0
    };
    let col = String::from_utf8_lossy(&b[start.min(offset)..offset])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// A shell prompt followed by a command, e.g. `$ crane manifest x`, `user@host:~$ ...`,
/// `PS C:\> ...`, `% ...`, `> ...`. Returns the command.
pub(super) fn command_of(line: &str) -> Option<String> {
    // A CI log's timestamp in front of the prompt.
    let t = super::pull_log::without_timestamp(line.trim_start());
    for p in ["$ ", "% ", "# ", "> ", "❯ ", "➜ "] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim().to_string());
        }
    }
    // A command copied without its prompt.
    if t.starts_with("docker ") && t.split_whitespace().count() >= 3 {
        return Some(t.trim().to_string());
    }
    if t.starts_with("PS ") {
        if let Some(i) = t.find("> ") {
            return Some(t[i + 2..].trim().to_string());
        }
    }
    // user@host:~/dir$ cmd   or   [user@host dir]$ cmd
    if let Some(i) = t.find("$ ") {
        let prompt = &t[..i];
        if prompt.contains('@') || prompt.ends_with(']') || prompt.ends_with('~') {
            return Some(t[i + 2..].trim().to_string());
        }
    }
    None
}

/// The reference a command names: the last argument that is not a flag (or a flag's value).
pub(super) fn reference_of(command: &str) -> Option<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let known = [
        "imagetools",
        "crane",
        "regctl",
        "skopeo",
        "oras",
        "manifest",
        "docker",
    ];
    if !words.iter().any(|w| known.contains(w)) {
        return None;
    }
    let with_value = [
        "--format",
        "-f",
        "--platform",
        "--builder",
        "--output",
        "-o",
    ];
    let mut last = None;
    let mut skip = false;
    for w in words.iter().skip(1) {
        if skip {
            skip = false;
            continue;
        }
        if w.starts_with('-') {
            skip = with_value.contains(w);
            continue;
        }
        if [
            "buildx",
            "imagetools",
            "inspect",
            "manifest",
            "get",
            "fetch",
            "digest",
            "config",
            "docker",
            "image",
        ]
        .contains(w)
        {
            continue;
        }
        last = Some(
            w.trim_start_matches("docker://")
                .trim_matches(['\'', '"'])
                .to_string(),
        );
    }
    last.filter(|r| !r.is_empty() && !r.starts_with('{'))
}

pub(crate) fn read(cx: &mut Ctx, input: usize) {
    let Some(src) = cx.inputs.get(input) else {
        return;
    };
    if let Some(origin) = src.origin.clone() {
        fetched(cx, input, &origin);
        return;
    }
    let b: &[u8] = &src.bytes;
    // The input's line index, made here once: the reader's line numbers and every finding's.
    let lines = crate::read::lines::Lines::new(b);
    let nl = &lines.newlines().to_vec();
    if let Some(cell) = cx.lines.get(input) {
        let _ = cell.set(lines);
    }
    let mut start = 0;
    if b.starts_with(BOM) {
        start = BOM.len();
        cx.set_aside(input, 1, Text::new(
            "a UTF-8 byte order mark (BOM) at the start, added by an editor; not part of any document",
            "先頭の UTF-8 BOM（エディターが追加したもの）。どのドキュメントにも含めていません",
        ));
    }
    if trim(&b[start..]).is_empty() {
        cx.finding(
            Finding::new(
                Code::EmptyInput,
                Text::new(
                    "Nothing to analyse: the input is empty.",
                    "入力が空なので、解析するものがありません。",
                ),
            )
            .at_input(input),
        );
        return;
    }
    if crate::read::lines::has_crlf(b) {
        cx.set_aside(input, 1, Text::new(
            "CRLF line ends (Windows): tolerated; a digest over bytes with CRLF differs from the registry's",
            "CRLF の改行（Windows）: 読み取りには支障ありませんが、CRLF を含むバイト列のダイジェストはレジストリのものと異なります",
        ));
    }
    let name_claim = file_name_claim(&src.name);
    // The whole input as one JSON value (a file, or a single paste): the document is all of it,
    // so its digest equals `sha256sum` of the file.
    let body = trim(&b[start..]);
    if matches!(body.first(), Some(b'{' | b'[')) {
        if let Ok(v) = json::parse(&b[start..]) {
            let lead = b[start..]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
            cx.saw_format(input, Format::RawJson);
            let line = line_no(nl, start + lead);
            let hint = Hint {
                claims: name_claim.into_iter().collect(),
                ..Hint::default()
            };
            classify(
                cx,
                Found {
                    input,
                    span: start..b.len(),
                    line,
                    json: v,
                    hint,
                },
            );
            return;
        }
    }
    // skopeo's `dir:` transport writes this beside the blobs it names by digest.
    if body.starts_with(b"Directory Transport Version:") {
        cx.set_aside(
            input,
            1,
            Text::new(
                "the `version` file of a skopeo `dir:` copy (its other files are blobs named by their digests)",
                "skopeo の `dir:` でコピーしたときの `version` ファイル（他のファイルはダイジェストを名前にした blob です）",
            ),
        );
        return;
    }
    // Binary content (a layer blob given as a file): kept whole and hashed, never read as text.
    if is_binary(b) && !matches!(body.first(), Some(b'{' | b'[')) {
        opaque(cx, input, start, name_claim);
        return;
    }
    scan(cx, input, start, nl);
}

/// A digest in a file's name: `<hex>` and `<hex>.json` (blobs saved by digest), skopeo's
/// `dir:` `<hex>.manifest.json`, `sha256:<hex>` and `sha256-<hex>` (where `:` cannot be in a
/// file name); in a registry URL (a fetched document's name) only `.../sha256:<hex>`.
pub(super) fn file_name_claim(name: &str) -> Option<Claim> {
    let base = name.rsplit(['/', '\\']).next()?;
    let stem = base
        .strip_suffix(".manifest.json")
        .or_else(|| base.strip_suffix(".json"))
        .unwrap_or(base);
    // In a registry URL the last part is a digest (`/manifests/sha256:...`) or a tag, and a tag
    // `sha256-<hex>` is the referrers fallback tag, which names the subject, not this document.
    let url = name.contains("://");
    let hex = stem
        .strip_prefix("sha256:")
        .or_else(|| stem.strip_prefix("sha256-").filter(|_| !url))
        .or((!url).then_some(stem))
        .unwrap_or("");
    let ok = hex.len() == 64 && hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'));
    ok.then(|| Claim {
        digest: format!("sha256:{hex}"),
        source: ClaimSource::FileName,
        size: None,
        verdict: Verdict::CannotRecompute,
        cause: None,
    })
}

/// A response body ocilens fetched: the registry's exact bytes, whole, never split or unwrapped;
/// the digest it was requested by and `Docker-Content-Digest` are claims on it.
pub(super) fn fetched(cx: &mut Ctx, input: usize, origin: &crate::Origin) {
    let claim = |digest: &String, source: ClaimSource| Claim {
        digest: digest.clone(),
        source,
        size: None,
        verdict: Verdict::CannotRecompute,
        cause: None,
    };
    let mut claims: Vec<Claim> = Vec::new();
    if let Some(d) = &origin.requested_digest {
        claims.push(claim(d, ClaimSource::RequestedDigest));
    }
    if let Some(d) = &origin.docker_content_digest {
        claims.push(claim(d, ClaimSource::DockerContentDigest));
    }
    cx.saw_format(input, Format::RegistryFetch);
    let b: &[u8] = &cx.inputs[input].bytes;
    match json::parse(b) {
        Ok(v) => classify(
            cx,
            Found {
                input,
                span: 0..b.len(),
                line: 1,
                json: v,
                hint: Hint {
                    claims,
                    format: Some(Format::RegistryFetch),
                    content_type: origin.content_type.clone(),
                    media_type: origin.content_type.clone(),
                    reference: origin
                        .reference
                        .clone()
                        .filter(|_| origin.requested_digest.is_none()),
                    ..Hint::default()
                },
            },
        ),
        Err(_) => {
            let before = cx.documents.len();
            opaque(cx, input, 0, None);
            if let Some(d) = cx.documents.get_mut(before) {
                d.claims = claims;
                d.format = Format::RegistryFetch;
                d.media_type = origin.content_type.clone();
            }
        }
    }
}

/// Data, not text: a compressed or archive signature, NUL bytes, or mostly invalid UTF-8 and
/// control characters. A few bad bytes in a paste are text with an encoding problem (reported as
/// `invalid-utf8`), not a blob.
pub(super) fn is_binary(b: &[u8]) -> bool {
    let head = &b[..b.len().min(8192)];
    if head.starts_with(&[0x1f, 0x8b])
        || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        || b.get(257..262) == Some(b"ustar")
        || head.contains(&0)
    {
        return true;
    }
    let mut bad = 0usize;
    let mut rest = head;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(t) => {
                bad += t
                    .chars()
                    .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                    .count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                bad += std::str::from_utf8(good).map_or(0, |t| {
                    t.chars()
                        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                        .count()
                });
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                bad += skip;
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    bad * 10 > head.len().max(1) * 3
}

/// Keeps binary content as one opaque document (hashed, so a descriptor can verify it).
pub(super) fn opaque(cx: &mut Ctx, input: usize, start: usize, claim: Option<Claim>) {
    let b: &[u8] = &cx.inputs[input].bytes;
    let what = if b[start..].starts_with(&[0x1f, 0x8b]) {
        "gzip data (a layer blob?)"
    } else if b[start..].starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        "zstd data (a layer blob?)"
    } else if b.get(257..262) == Some(b"ustar") {
        "a tar archive (an uncompressed layer blob?)"
    } else {
        "binary data"
    };
    cx.saw_format(input, Format::Unknown);
    cx.documents.push(Document {
        input,
        span: start..b.len(),
        line: 1,
        format: Format::Unknown,
        kind: Kind::Opaque,
        media_type: None,
        bytes: b[start..].to_vec(),
        exactness: Exactness::Exact,
        digest: None,
        digest_note: None,
        digest_sha512: None,
        claims: claim.into_iter().collect(),
        json: None,
        descriptors: Vec::new(),
        platform: None,
        reference: None,
        detail: Some(what.to_string()),
        class: None,
        attestation: None,
        streamed: None,
    });
}

/// Splits a paste holding several documents and text.
pub(super) fn scan(cx: &mut Ctx, input: usize, from: usize, nl: &[usize]) {
    let b: &[u8] = &cx.inputs[input].bytes;
    let mut pos = from;
    let mut command: Option<String> = None;
    let mut junk_lines = 0usize;
    let mut first_junk: Option<usize> = None;
    let mut bad_utf8 = false;
    while pos < b.len() {
        let Some(line) = lines(b, pos).next() else {
            break;
        };
        let text = &b[line.start..line.end];
        let t = trim(text);
        if t.is_empty() {
            pos = line.next;
            continue;
        }
        // A JSON value.
        if matches!(t.first(), Some(b'{' | b'[')) {
            let at = line.start + (text.len() - text.trim_ascii_start().len());
            match json::parse_prefix(b, at) {
                Ok(v) => {
                    let span = v.span.clone();
                    // `docker history --format json`, `docker images --format json`: a table
                    // row a line.
                    if super::docker_table::json_row(cx, input, line_no(nl, span.start), &v) {
                        command = None;
                        pos = span.end;
                        continue;
                    }
                    let hint = Hint {
                        reference: command.as_deref().and_then(reference_of),
                        command: command.take(),
                        ..Hint::default()
                    };
                    cx.saw_format(input, Format::RawJson);
                    let ln = line_no(nl, span.start);
                    classify(
                        cx,
                        Found {
                            input,
                            span: span.clone(),
                            line: ln,
                            json: v,
                            hint,
                        },
                    );
                    pos = span.end;
                    continue;
                }
                Err(e) => {
                    let (l, c) = line_col_at(b, nl, e.offset);
                    cx.finding(
                        Finding::new(Code::JsonSyntax, Text::new(
                                format!("JSON syntax error at line {l}, column {c}: {}. The document starting at line {} could not be read.", e.message, line_no(nl, at)),
                                format!("JSON の構文エラー（{l} 行 {c} 列）: {}。{} 行目から始まるドキュメントを読めませんでした。", ja_syntax(e.message), line_no(nl, at)),
                            ),
                        )
                        .with_fix(Text::new(
                            "Paste the whole document as printed: copies often lose the end, or a terminal wraps long lines.",
                            "出力されたドキュメント全体を貼り付けてください。コピーで末尾が欠けたり、端末が長い行を折り返したりすることがよくあります。",
                        ))
                        .at_input(input)
                        .at_line(l, Some(c)),
                    );
                    command = None;
                    // Resume at the line after the one where parsing stopped (at least one line on).
                    let stop = e.offset.max(line.next);
                    pos = lines(b, stop.min(b.len())).next().map_or(b.len(), |l| {
                        if stop == line.next {
                            l.start
                        } else {
                            l.next
                        }
                    });
                    continue;
                }
            }
        }
        // `curl -i`: a status line starts a response.
        if t.starts_with(b"HTTP/") {
            pos = curl(cx, input, line.start, command.take(), nl);
            continue;
        }
        // imagetools text: `Name:` then `MediaType:`.
        if t.starts_with(b"Name:") {
            let next = lines(b, line.next).find(|l| !trim(&b[l.start..l.end]).is_empty());
            if next.is_some_and(|n| trim(&b[n.start..n.end]).starts_with(b"MediaType:")) {
                pos = imagetools_text(cx, input, line.start, command.take(), nl);
                continue;
            }
        }
        let s = String::from_utf8_lossy(t);
        if std::str::from_utf8(t).is_err() {
            bad_utf8 = true;
        }
        if let Some(c) = command_of(&s) {
            command = Some(c);
            cx.set_aside(
                input,
                line_no(nl, line.start),
                Text::new(
                    format!("a shell command line: {}", clip(&s)),
                    format!("シェルのコマンド行: {}", clip(&s)),
                ),
            );
        } else if let Some(kind) = super::errors::recognise(&s) {
            cx.errors.push(super::errors::PastedError {
                input,
                line: line_no(nl, line.start),
                kind,
                text: clip(&s),
            });
        } else if super::pull_log::starts(&s) {
            pos = super::pull_log::read(cx, input, line.start, command.take(), nl);
            continue;
        } else if super::docker_table::starts(&String::from_utf8_lossy(&b[line.start..line.end])) {
            command = None;
            pos = super::docker_table::read(cx, input, line.start, nl);
            continue;
        } else {
            junk_lines += 1;
            first_junk.get_or_insert(line.start);
        }
        pos = line.next;
    }
    if bad_utf8 {
        cx.finding(
            Finding::new(Code::InvalidUtf8, Text::new(
                    "Part of the input is not valid UTF-8 text (binary data, or a wrong encoding such as UTF-16 or Shift_JIS). It was set aside.",
                    "入力の一部が正しい UTF-8 のテキストではありません（バイナリデータや、UTF-16・Shift_JIS などの別の文字コード）。その部分は除外しました。",
                ),
            )
            .with_fix(Text::new(
                "Save the output as UTF-8 (PowerShell: `... | Out-File -Encoding utf8`).",
                "出力を UTF-8 で保存してください（PowerShell では `... | Out-File -Encoding utf8`）。",
            ))
            .at_input(input),
        );
    }
    if let Some(at) = first_junk {
        let l = line_no(nl, at);
        cx.set_aside(
            input,
            l,
            Text::new(
                format!("{junk_lines} line(s) of text that are not a document, from line {l}"),
                format!("{l} 行目からの、ドキュメントではない {junk_lines} 行のテキスト"),
            ),
        );
        let before = cx.documents.len();
        if before == 0 || junk_lines >= 3 {
            cx.finding(
                Finding::new(Code::NotRecognised, Text::new(
                        format!("{junk_lines} line(s) from line {l} are not a format ocilens reads. Expected: JSON (a manifest, index, config, attestation, or a tool's --format json output), `docker buildx imagetools inspect` text, or a `curl -i` response."),
                        format!("{l} 行目からの {junk_lines} 行は ocilens が読める形式ではありません。想定している形式: JSON（マニフェスト、インデックス、config、アテステーション、ツールの --format json の出力）、`docker buildx imagetools inspect` のテキスト、`curl -i` のレスポンス。"),
                    ),
                )
                .with_fix(Text::new(
                    "Paste the output of `docker buildx imagetools inspect --raw REF` (or `crane manifest REF`).",
                    "`docker buildx imagetools inspect --raw REF`（または `crane manifest REF`）の出力を貼り付けてください。",
                ))
                .at_input(input)
                .at_line(l, None),
            );
        }
    }
}

pub(super) fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 120 {
        s.chars().take(117).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

pub(super) fn ja_syntax(m: &str) -> &'static str {
    match m {
        m if m.contains("end of input") => "入力が途中で終わっています（JSON が切れています）",
        m if m.contains("nested too deeply") => "入れ子が深すぎます",
        m if m.contains("trailing comma") => "末尾に余分なカンマがあります",
        m if m.contains("expected ':'") => "キーの後に ':' がありません",
        m if m.contains("string key") => "キーは二重引用符で囲んだ文字列でなければなりません",
        m if m.contains("UTF-8") => "文字列の中に不正な UTF-8 があります",
        m if m.contains("control character") => {
            "文字列の中に制御文字があります（JSON では使えません）"
        }
        m if m.contains("escape") => "文字列のエスケープが不正です",
        m if m.contains("number") => "数値の書き方が不正です",
        m if m.contains("after the JSON value") => "JSON の値の後に余分なデータがあります",
        _ => "予期しない文字があります",
    }
}
