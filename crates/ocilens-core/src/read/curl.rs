//! `curl -i` of a registry: the status line, the headers (`Docker-Content-Digest`,
//! `Content-Type`, `Content-Length`), then the body as a document of its own.

use crate::findings::{Code, Finding, Severity};
use crate::read::detect::{classify, Found, Hint};
use crate::read::json;
use crate::text::Text;
use crate::{Claim, ClaimSource, Ctx, Format, Verdict};

use super::paste::*;

/// A `curl -i` response at `start`: headers, a blank line, then the body. Returns where the
/// response ends.
pub(super) fn curl(
    cx: &mut Ctx,
    input: usize,
    start: usize,
    command: Option<String>,
    nl: &[usize],
) -> usize {
    let b: &[u8] = &cx.inputs[input].bytes;
    let mut status = 0u16;
    let mut content_type = None;
    let mut docker_digest = None;
    let mut length: Option<u64> = None;
    let mut body_start = b.len();
    for (i, l) in lines(b, start).enumerate() {
        let t = String::from_utf8_lossy(&b[l.start..l.end]).into_owned();
        if i == 0 {
            status = t
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            continue;
        }
        if t.trim().is_empty() {
            body_start = l.next;
            break;
        }
        let Some((k, v)) = t.split_once(':') else {
            continue;
        };
        let v = v.trim().to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => {
                content_type = Some(v.split(';').next().unwrap_or("").trim().to_string())
            }
            "docker-content-digest" => docker_digest = Some(v),
            "content-length" => length = v.parse().ok(),
            _ => {}
        }
    }
    cx.saw_format(input, Format::CurlResponse);
    // The body: the bytes up to the next response, or a JSON value's end.
    let body = trim(&b[body_start.min(b.len())..]);
    if body.is_empty() {
        return b.len();
    }
    let at = body_start
        + b[body_start..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    let parsed = json::parse_prefix(b, at);
    let end = match &parsed {
        Ok(v) => v.span.end,
        Err(_) => lines(b, at)
            .find(|l| trim(&b[l.start..l.end]).starts_with(b"HTTP/"))
            .map_or(b.len(), |l| l.start),
    };
    // With Content-Length we know the exact body: use it when it fits.
    // (Checked: a pasted header can say any number.)
    let end = match length.and_then(|n| usize::try_from(n).ok()?.checked_add(at)) {
        Some(e) if e <= b.len() && e > at => e,
        _ => end,
    };
    if status >= 400 {
        registry_error(cx, input, status, parsed.as_ref().ok(), line_no(nl, start));
        return end.max(at + 1).min(b.len());
    }
    match parsed {
        Ok(v) => {
            let claims = docker_digest
                .map(|d| Claim {
                    digest: d,
                    source: ClaimSource::DockerContentDigest,
                    size: length,
                    verdict: Verdict::CannotRecompute,
                    cause: None,
                })
                .into_iter()
                .collect();
            let line = line_no(nl, at);
            let hint = Hint {
                reference: command.as_deref().and_then(reference_of),
                command,
                media_type: content_type.clone(),
                content_type,
                claims,
                format: Some(Format::CurlResponse),
            };
            classify(
                cx,
                Found {
                    input,
                    span: at..end,
                    line,
                    json: v,
                    hint,
                },
            );
        }
        Err(e) => {
            let (l, c) = line_col_at(b, nl, e.offset);
            cx.finding(
                Finding::new(
                    Code::JsonSyntax,
                    Text::new(
                        format!(
                            "The response body is not valid JSON (line {l}, column {c}): {}.",
                            e.message
                        ),
                        format!(
                            "レスポンスの本文が正しい JSON ではありません（{l} 行 {c} 列）: {}。",
                            ja_syntax(e.message)
                        ),
                    ),
                )
                .at_input(input)
                .at_line(l, Some(c)),
            );
        }
    }
    end
}

pub(super) fn registry_error(
    cx: &mut Ctx,
    input: usize,
    status: u16,
    body: Option<&json::Json>,
    line: usize,
) {
    for f in registry_error_findings(status, body) {
        cx.finding(f.at_input(input).at_line(line, None));
    }
}

/// Findings for a registry's non-2xx answer: one per distribution error in the body (with what
/// it means and what to do), or one for the bare status.
pub(crate) fn registry_error_findings(status: u16, body: Option<&json::Json>) -> Vec<Finding> {
    let mut out = Vec::new();
    let errors = body
        .and_then(|j| j.get("errors"))
        .and_then(json::Json::array)
        .unwrap_or_default();
    if errors.is_empty() {
        out.push(
            Finding::with_severity(
                Code::HttpStatus,
                if status >= 500 { Severity::Error } else { Severity::Warning },
                Text::new(
                    format!("The registry answered HTTP {status} with no distribution error body."),
                    format!("レジストリは HTTP {status} を返しました（distribution のエラー本文はありません）。"),
                ),
            ),
        );
        return out;
    }
    for e in errors {
        let code = e.get_str("code").unwrap_or("UNKNOWN");
        let message = e.get_str("message").unwrap_or("");
        let (en, ja, fen, fja) = match code {
            "MANIFEST_UNKNOWN" => ("the tag or digest does not exist in this repository", "このリポジトリにそのタグまたはダイジェストはありません", "Check the tag (`crane ls REPO`, `regctl tag ls REPO`); it may have been deleted or never pushed for this name.", "タグを確認してください（`crane ls REPO`、`regctl tag ls REPO`）。削除されたか、この名前ではプッシュされていない可能性があります。"),
            "NAME_UNKNOWN" => ("the repository does not exist (or you may not see it)", "リポジトリが存在しません（または見る権限がありません）", "Check the repository name, including the namespace (`library/` on Docker Hub).", "名前空間（Docker Hub なら `library/`）も含めてリポジトリ名を確認してください。"),
            "UNAUTHORIZED" => ("authentication is required", "認証が必要です", "Get a token first (the `WWW-Authenticate` header says where), or log in (`docker login`).", "先にトークンを取得する（`WWW-Authenticate` ヘッダーに取得先があります）か、ログインしてください（`docker login`）。"),
            "DENIED" => ("access was denied", "アクセスが拒否されました", "Check your credentials' permissions for this repository.", "このリポジトリに対する認証情報の権限を確認してください。"),
            "TOOMANYREQUESTS" => ("the registry's rate limit was reached", "レジストリのレート制限に達しました", "Wait, log in (higher limits), or use a mirror.", "しばらく待つか、ログインする（上限が上がります）か、ミラーを使ってください。"),
            "BLOB_UNKNOWN" => ("the blob does not exist in this repository", "この blob はリポジトリにありません", "Check the digest; blobs are per repository.", "ダイジェストを確認してください。blob はリポジトリごとに管理されます。"),
            "MANIFEST_INVALID" => ("the registry rejected the manifest as invalid", "レジストリがマニフェストを不正として拒否しました", "Check the findings on the manifest itself (media types, digests, sizes).", "マニフェスト自体の指摘（メディアタイプ、ダイジェスト、サイズ）を確認してください。"),
            "UNSUPPORTED" => ("the registry does not support this operation", "レジストリがこの操作に対応していません", "Use another API or registry (e.g. the referrers fallback tag `sha256-<hex>`).", "別の API やレジストリを使ってください（例: リファラーのフォールバックタグ `sha256-<hex>`）。"),
            _ => ("the registry returned an error", "レジストリがエラーを返しました", "Read the message and the registry's documentation.", "メッセージとレジストリのドキュメントを確認してください。"),
        };
        out.push(
            Finding::new(
                Code::RegistryError,
                Text::new(
                    format!("HTTP {status} {code}: {en} (\"{}\").", clip(message)),
                    format!("HTTP {status} {code}: {ja}（\"{}\"）。", clip(message)),
                ),
            )
            .with_fix(Text::new(fen, fja)),
        );
    }
    out
}
