//! `docker buildx imagetools inspect` text: `Name:`, `MediaType:`, `Digest:` and the
//! `Manifests:` list, read as a summary with digest claims.

use crate::findings::{Code, Finding};
use crate::text::Text;
use crate::{
    Claim, ClaimSource, Ctx, Descriptor, DescriptorRole, Document, Exactness, Format, Kind,
    Platform, Verdict,
};

use super::paste::*;

/// Splits `Key:   value` at the first colon followed by padding (or the end).
pub(super) fn key_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let i = t.find(':')?;
    let (k, rest) = t.split_at(i);
    let v = &rest[1..];
    if !v.is_empty() && !v.starts_with([' ', '\t']) {
        return None;
    }
    Some((k.trim(), v.trim()))
}

pub(super) fn platform_of(s: &str) -> Option<Platform> {
    let mut parts = s.split('/');
    let os = parts.next()?.to_string();
    let architecture = parts.next()?.to_string();
    Some(Platform {
        os,
        architecture,
        variant: parts.next().map(str::to_string),
        ..Platform::default()
    })
}

/// `docker buildx imagetools inspect` default text at `start`; returns where it ends.
pub(super) fn imagetools_text(
    cx: &mut Ctx,
    input: usize,
    start: usize,
    command: Option<String>,
    nl: &[usize],
) -> usize {
    let b: &[u8] = &cx.inputs[input].bytes;
    let mut name = None;
    let mut media_type = None;
    let mut digest = None;
    let mut entries: Vec<Descriptor> = Vec::new();
    let mut in_manifests = false;
    let mut in_annotations = false;
    let mut end = b.len();
    let mut unknown: Vec<usize> = Vec::new();
    // For a run of blank lines, the line after it, looked at once: `(its start, continues)`.
    let mut after_blanks: Option<(usize, bool)> = None;
    for l in lines(b, start) {
        let raw = String::from_utf8_lossy(&b[l.start..l.end]).into_owned();
        let ln = line_no(nl, l.start);
        if raw.trim().is_empty() {
            in_annotations = false;
            // A blank line ends the header block only when no Manifests section follows.
            let cont = match after_blanks {
                Some((next, cont)) if l.start < next => cont,
                _ => {
                    let more = lines(b, l.next).find(|n| !trim(&b[n.start..n.end]).is_empty());
                    let cont = more.is_some_and(|n| {
                        let s = String::from_utf8_lossy(&b[n.start..n.end]);
                        let t = s.trim_start();
                        (s.starts_with(' ') && t.starts_with("Name:"))
                            || t.starts_with("Manifests:")
                    });
                    after_blanks = Some((more.map_or(b.len(), |n| n.start), cont));
                    cont
                }
            };
            if !cont {
                end = l.next;
                break;
            }
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if indent == 0 && (raw.starts_with('$') || raw.starts_with('{') || raw.starts_with("HTTP/"))
        {
            end = l.start;
            break;
        }
        if raw.trim_start().starts_with("Manifests:") {
            in_manifests = true;
            continue;
        }
        if raw.trim_start().starts_with("Annotations:") {
            in_annotations = true;
            continue;
        }
        if in_annotations && indent >= 4 {
            if let (Some(e), Some((k, v))) = (entries.last_mut(), key_value(&raw)) {
                e.annotations.push((k.to_string(), v.to_string()));
                continue;
            }
        }
        in_annotations = false;
        let Some((k, v)) = key_value(&raw) else {
            unknown.push(ln);
            continue;
        };
        if !in_manifests || indent == 0 {
            match k {
                "Name" => name = Some(v.to_string()),
                "MediaType" => media_type = Some(v.to_string()),
                "Digest" => digest = Some(v.to_string()),
                _ => unknown.push(ln),
            }
            continue;
        }
        match k {
            "Name" => entries.push(Descriptor {
                digest: v.split_once('@').map(|(_, d)| d.to_string()),
                path: format!("line {ln}"),
                role: DescriptorRole::Manifest,
                ..Descriptor::default()
            }),
            "MediaType" => {
                if let Some(e) = entries.last_mut() {
                    e.media_type = Some(v.to_string());
                }
            }
            "Platform" => {
                if let Some(e) = entries.last_mut() {
                    e.platform = platform_of(v);
                }
            }
            "OSVersion" => {
                if let Some(p) = entries.last_mut().and_then(|e| e.platform.as_mut()) {
                    p.os_version = Some(v.to_string());
                }
            }
            "OSFeatures" => {
                if let Some(p) = entries.last_mut().and_then(|e| e.platform.as_mut()) {
                    p.os_features = v.split(", ").map(str::to_string).collect();
                }
            }
            "URLs" => {
                if let Some(e) = entries.last_mut() {
                    e.urls = v.split(", ").map(str::to_string).collect();
                }
            }
            _ => unknown.push(ln),
        }
    }
    for ln in unknown {
        cx.finding(
            Finding::new(Code::ImagetoolsTextLine, Text::new(
                    format!("Line {ln} of the imagetools text was not understood and was skipped."),
                    format!("imagetools のテキストの {ln} 行目を解釈できなかったため、読み飛ばしました。"),
                ),
            )
            .at_input(input)
            .at_line(ln, None),
        );
    }
    let mt = media_type.clone().unwrap_or_default();
    let kind = if mt.contains("index") || mt.contains("manifest.list") {
        Kind::Index
    } else if mt.contains("manifest") {
        Kind::Manifest
    } else {
        Kind::Summary
    };
    let why = Text::new(
        "`docker buildx imagetools inspect` prints a summary, not the registry's bytes: the digest of this text means nothing. Its `Digest:` line is the registry's digest of the real document.",
        "`docker buildx imagetools inspect` が表示するのは要約で、レジストリのバイト列ではありません。このテキストのダイジェストには意味がなく、`Digest:` 行が実際のドキュメントのレジストリ上のダイジェストです。",
    );
    let claims = digest
        .map(|d| Claim {
            digest: d,
            source: ClaimSource::ImagetoolsDigestLine,
            size: None,
            verdict: Verdict::CannotRecompute,
            cause: None,
        })
        .into_iter()
        .collect();
    cx.saw_format(input, Format::ImagetoolsText);
    let _ = command;
    cx.documents.push(Document {
        input,
        span: start..end,
        line: line_no(nl, start),
        format: Format::ImagetoolsText,
        kind,
        media_type,
        bytes: b[start..end].to_vec(),
        exactness: Exactness::NotOriginal(why.clone()),
        digest: None,
        digest_note: Some(why),
        digest_sha512: None,
        claims,
        json: None,
        descriptors: entries,
        platform: None,
        reference: name,
        detail: Some("docker buildx imagetools inspect (text)".to_string()),
        class: None,
        attestation: None,
        streamed: None,
    });
    end.max(start + 1)
}
