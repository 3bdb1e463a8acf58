//! Every claim about a document compared with its recomputed digest (claims tools printed next to
//! it, descriptors in other documents, layout file names, `Docker-Content-Digest`), sizes and
//! descriptor `data` checked, and a finding for each mismatch with its cause.

use crate::hash::HashMap;

use super::causes::*;
use super::digest::*;
use crate::explain::knowledge;
use crate::findings::{Code, Finding, Severity};
use crate::present::labels::short_digest;
use crate::text::Text;
use crate::{
    Claim, ClaimSource, Ctx, DescriptorRole, Document, Exactness, Format, Kind, MismatchCause,
    Verdict,
};

/// Computes digests, compares every claim, and reports.
pub(crate) fn verify(cx: &mut Ctx) {
    // 1. Digests over exact bytes.
    for d in cx.documents.iter_mut() {
        if d.exactness != Exactness::Exact {
            continue;
        }
        // A blob hashed by the front door as it streamed by (or still being hashed).
        if let Some(s) = &d.streamed {
            d.digest = s.sha256.as_deref().and_then(|h| Digest::parse(h).ok());
            if d.digest.is_none() {
                d.digest_note = Some(Text::new(
                    "Being hashed: its bytes are read as a stream and the digest is not known yet.",
                    "ハッシュを計算中です。バイト列をストリームとして読んでおり、ダイジェストはまだ分かりません。",
                ));
            }
            continue;
        }
        let payload = match (&d.kind, &d.json) {
            (Kind::Schema1, Some(j)) => schema1_payload(&d.bytes, j),
            _ => None,
        };
        match payload {
            Some(p) => {
                d.digest = Some(Digest::sha256(&p));
                d.digest_note = Some(Text::new(
                    format!("Signed schema1: the digest is over the JWS payload ({} bytes: the manifest without its `signatures`), not over the {} bytes given.", p.len(), d.bytes.len()),
                    format!("署名付き schema1 のため、ダイジェストは指定された {} バイトではなく JWS ペイロード（`signatures` を除いたマニフェスト、{} バイト）に対するものです。", d.bytes.len(), p.len()),
                ));
            }
            None => d.digest = Some(Digest::sha256(&d.bytes)),
        }
    }
    for (i, d) in cx.documents.iter().enumerate() {
        let signed = d.kind == Kind::Schema1
            && d.exactness == Exactness::Exact
            && d.json.as_ref().is_some_and(|j| j.has("signatures"));
        if signed
            && d.json
                .as_ref()
                .and_then(|j| schema1_payload(&d.bytes, j))
                .is_none()
        {
            cx.findings.push(schema1_unreadable(i, d.input));
        }
    }
    let mut by_digest: HashMap<Digest, Vec<usize>> = HashMap::default();
    for (i, d) in cx.documents.iter().enumerate() {
        if let Some(g) = &d.digest {
            by_digest.entry(g.clone()).or_default().push(i);
        }
    }
    let mut findings = Vec::new();
    let mut cache = VariantCache::default();

    // 2. Claims printed with documents. On exact documents they are about that document; on
    //    re-serialised ones they are about the original, which may be pasted alongside.
    let mut extra: Vec<(usize, Claim)> = Vec::new();
    for i in 0..cx.documents.len() {
        let exact = cx.documents[i].exactness == Exactness::Exact;
        for c in 0..cx.documents[i].claims.len() {
            let claim = cx.documents[i].claims[c].clone();
            if exact {
                let (verdict, cause) = compare(&cx.documents, &mut cache, i, &claim.digest);
                let slot = &mut cx.documents[i].claims[c];
                slot.verdict = verdict;
                slot.cause = cause;
            } else {
                cx.documents[i].claims[c].verdict = Verdict::CannotRecompute;
                for &j in by_digest.get(claim.digest.as_str()).into_iter().flatten() {
                    if j != i {
                        extra.push((
                            j,
                            Claim {
                                verdict: Verdict::Match,
                                cause: None,
                                ..claim.clone()
                            },
                        ));
                    }
                }
            }
        }
    }
    // 3. Descriptors are claims about the documents they point to.
    let mut by_sha512: Option<HashMap<Digest, Vec<usize>>> = None;
    for i in 0..cx.documents.len() {
        let parent_format = cx.documents[i].format;
        for d in &cx.documents[i].descriptors {
            let Some(digest) = &d.digest else { continue };
            match Digest::check(digest) {
                Ok(_) => {}
                Err(e) => {
                    findings.push(malformed(i, &d.path, digest, e));
                    continue;
                }
            }
            let source = if parent_format == Format::ImagetoolsText {
                ClaimSource::ImagetoolsName
            } else {
                ClaimSource::Descriptor {
                    document: i,
                    path: d.path.clone(),
                }
            };
            let claim = |verdict, cause| Claim {
                digest: digest.clone(),
                source: source.clone(),
                size: d.size,
                verdict,
                cause,
            };
            let targets: Vec<usize> = by_digest
                .get(digest.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&j| j != i)
                .collect();
            if !targets.is_empty() {
                for j in targets {
                    extra.push((j, claim(Verdict::Match, None)));
                }
                continue;
            }
            // Sha512 claims: the exact documents hashed that way, once, at the first such claim.
            if digest.starts_with("sha512:") {
                let by_sha512 = by_sha512.get_or_insert_with(|| {
                    let mut m: HashMap<Digest, Vec<usize>> = HashMap::default();
                    for (j, doc) in cx.documents.iter().enumerate() {
                        if doc.exactness == Exactness::Exact {
                            m.entry(Digest::sha512(&doc.bytes)).or_default().push(j);
                        }
                    }
                    m
                });
                for &j in by_sha512.get(digest.as_str()).into_iter().flatten() {
                    if j != i {
                        extra.push((j, claim(Verdict::Match, None)));
                    }
                }
                continue;
            }
            // A damaged copy of the target (a trailing newline, CRLF, re-indentation)? Only a
            // JSON document can be one, so a filesystem layer (a tar) is not looked for: the
            // search hashes every variant of every document.
            let tar = d.role == DescriptorRole::Layer
                && d.media_type
                    .as_deref()
                    .and_then(knowledge::lookup)
                    .is_some_and(|m| m.role == knowledge::Role::Layer);
            let copies = if tar {
                Vec::new()
            } else {
                cache.damaged_copies(&cx.documents, digest)
            };
            for (j, cause) in copies {
                if j != i {
                    extra.push((j, claim(Verdict::Mismatch, Some(cause))));
                }
            }
            // Descriptor `data` must hash to the digest and have the size.
            // (`data` that is not base64 at all is `data-not-base64`, of the checks.)
            if let Some(b) = d.data.as_deref().and_then(b64std) {
                let ok = hash_like(digest, &b).as_deref() == Some(digest.as_str())
                    && d.size.is_none_or(|s| s == b.len() as u64);
                if !ok {
                    findings.push(data_mismatch(i, &d.path));
                }
            }
        }
        // `data` on descriptors whose target was found is checked too.
        for d in &cx.documents[i].descriptors {
            let (Some(data), Some(digest)) = (d.data.as_deref().and_then(b64std), &d.digest) else {
                continue;
            };
            if !by_digest.contains_key(digest.as_str()) {
                continue;
            }
            if hash_like(digest, &data).as_deref() != Some(digest.as_str()) {
                findings.push(data_mismatch(i, &d.path));
            }
        }
    }
    // Each claim once. A descriptor's claim is unique (one per descriptor, and documents read
    // none of their own from descriptors), so only the others are looked for: an index naming
    // one manifest many times adds its claims in linear time.
    for (j, claim) in extra {
        if let Some(doc) = cx.documents.get_mut(j) {
            let unique = matches!(claim.source, ClaimSource::Descriptor { .. });
            if unique || !doc.claims.contains(&claim) {
                doc.claims.push(claim);
            }
        }
    }
    // 4. Findings per document.
    for i in 0..cx.documents.len() {
        report(&cx.documents, i, &mut cache, &mut findings);
    }
    cx.findings.extend(findings);
}

/// Compares a claim with an exact document, naming the cause of a mismatch.
pub(super) fn compare(
    docs: &[Document],
    cache: &mut VariantCache,
    i: usize,
    claim: &str,
) -> (Verdict, Option<MismatchCause>) {
    let Some(doc) = docs.get(i) else {
        return (Verdict::CannotRecompute, None);
    };
    if Digest::check(claim).is_err() {
        return (Verdict::CannotRecompute, None);
    }
    if let Some(s) = &doc.streamed {
        // Streamed: only sha256, once hashed; no variant can be tried without the bytes.
        return match (&doc.digest, claim.starts_with("sha256:")) {
            (None, _) if s.sha256.is_none() => (Verdict::Pending, None),
            (Some(d), true) if d.as_str() == claim => (Verdict::Match, None),
            (Some(_), true) => (Verdict::Mismatch, Some(MismatchCause::DifferentContent)),
            _ => (Verdict::CannotRecompute, None),
        };
    }
    let ours = if claim.starts_with("sha512:") {
        Some(Digest::sha512(&doc.bytes))
    } else {
        doc.digest.clone()
    };
    if ours.as_deref() == Some(claim) {
        return (Verdict::Match, None);
    }
    match cache.find(docs, i, claim) {
        Some((cause, _)) => (Verdict::Mismatch, Some(cause)),
        None => (Verdict::Mismatch, Some(MismatchCause::DifferentContent)),
    }
}

pub(super) fn malformed(doc: usize, path: &str, digest: &str, e: DigestError) -> Finding {
    let (code, severity, en, ja) = match e {
        DigestError::Unsupported => (
            Code::UnsupportedDigestAlgorithm,
            Severity::Warning,
            format!("`{digest}` uses an algorithm ocilens does not compute (sha256 and sha512 only): it cannot be checked."),
            format!("`{digest}` は ocilens が計算しないアルゴリズムです（対応は sha256 と sha512 のみ）。検証できません。"),
        ),
        _ => (
            Code::MalformedDigest,
            Severity::Error,
            format!("`{digest}` is not a valid digest: sha256 digests are `sha256:` and 64 lowercase hex characters (sha512: 128). Registries reject it."),
            format!("`{digest}` は正しいダイジェストではありません。sha256 のダイジェストは `sha256:` と小文字 16 進 64 文字（sha512 は 128 文字）です。レジストリはこれを拒否します。"),
        ),
    };
    Finding::with_severity(code, severity, Text::new(en, ja))
        .with_fix(Text::new(
            "Copy the digest again from the registry's output (e.g. `docker buildx imagetools inspect REF`).",
            "レジストリの出力（`docker buildx imagetools inspect REF` など）からダイジェストをもう一度コピーしてください。",
        ))
        .at_document(doc)
        .at_path(path)
}

pub(super) fn data_mismatch(doc: usize, path: &str) -> Finding {
    Finding::new(Code::DataMismatch, Text::new(
            "This descriptor's `data` (the content embedded as base64) does not decode to content with the descriptor's digest and size. Clients that use embedded data will reject it.",
            "このディスクリプターの `data`（base64 で埋め込まれた内容）をデコードしても、ディスクリプターのダイジェストと size に一致しません。埋め込みデータを使うクライアントはこれを拒否します。",
        ),
    )
    .with_fix(Text::new(
        "Regenerate `data` from the exact content, or remove it.",
        "`data` を正確な内容から作り直すか、削除してください。",
    ))
    .at_document(doc)
    .at_path(path)
}

pub(super) fn source_text(c: &Claim) -> (String, String) {
    match &c.source {
        ClaimSource::ImagetoolsDigestLine => (
            "the imagetools `Digest:` line".into(),
            "imagetools の `Digest:` 行".into(),
        ),
        ClaimSource::ImagetoolsName => (
            "the imagetools `Name:` line".into(),
            "imagetools の `Name:` 行".into(),
        ),
        ClaimSource::Descriptor { document, path } => (
            format!("the descriptor at {path} of document {document}"),
            format!("ドキュメント {document} の {path} にあるディスクリプター"),
        ),
        ClaimSource::DockerContentDigest => (
            "the `Docker-Content-Digest` header".into(),
            "`Docker-Content-Digest` ヘッダー".into(),
        ),
        ClaimSource::ManifestInspectDescriptor => (
            "the `Descriptor` of `docker manifest inspect -v`".into(),
            "`docker manifest inspect -v` の `Descriptor`".into(),
        ),
        ClaimSource::LayoutFileName => (
            "the blob's file name in the OCI layout".into(),
            "OCI レイアウト内の blob のファイル名".into(),
        ),
        ClaimSource::ToolField { field } => (
            format!("the tool's `{field}` field"),
            format!("ツールの `{field}` フィールド"),
        ),
        ClaimSource::FileName => ("the file name".into(), "ファイル名".into()),
        ClaimSource::Reference => ("the reference".into(), "参照".into()),
        ClaimSource::RequestedDigest => (
            "the digest it was fetched by".into(),
            "取得に使ったダイジェスト".into(),
        ),
    }
}

pub(super) fn report(
    docs: &[Document],
    i: usize,
    cache: &mut VariantCache,
    out: &mut Vec<Finding>,
) {
    let Some(doc) = docs.get(i) else { return };
    if let Exactness::NotOriginal(why) = &doc.exactness {
        let sizes: Vec<String> = doc
            .claims
            .iter()
            .filter_map(|c| c.size)
            .map(|s| s.to_string())
            .collect();
        let (size_en, size_ja) = if sizes.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    " The original is {} bytes; this copy is {} bytes.",
                    sizes[0],
                    doc.len()
                ),
                format!(
                    " 元のバイト数は {}、このコピーは {} バイトです。",
                    sizes[0],
                    doc.len()
                ),
            )
        };
        out.push(
            Finding::new(Code::DigestNotRecomputable, Text::new(format!("{}{size_en}", why.en), format!("{}{size_ja}", why.ja)),
            )
            .with_fix(Text::new(
                "For the exact bytes, use `docker buildx imagetools inspect --raw REF`, `crane manifest REF`, `skopeo inspect --raw docker://REF`, `oras manifest fetch REF`, or the `Raw` field of `docker manifest inspect -v`.",
                "正確なバイト列は `docker buildx imagetools inspect --raw REF`、`crane manifest REF`、`skopeo inspect --raw docker://REF`、`oras manifest fetch REF`、または `docker manifest inspect -v` の `Raw` フィールドで得られます。",
            ))
            .at_document(i),
        );
        return;
    }
    let mut mismatched = false;
    for c in &doc.claims {
        if c.verdict != Verdict::Mismatch {
            continue;
        }
        mismatched = true;
        let (src_en, src_ja) = source_text(c);
        let ours = doc.digest.as_deref().unwrap_or_default();
        let style = cache.find(docs, i, &c.digest).and_then(|(_, s)| s);
        let cause = c.cause.unwrap_or(MismatchCause::DifferentContent);
        let (why_en, why_ja, fix_en, fix_ja, severity) = match cause {
            MismatchCause::TrailingNewline => (
                "these bytes end with a newline (or spaces) the original does not have; without it the digest matches, so the content is right".to_string(),
                "このバイト列の末尾に元には無い改行（または空白）があります。それを除くとダイジェストが一致するので、内容は正しいです".to_string(),
                "Keep the bytes exactly as the registry sent them: `--raw` output has no final newline (save it with `> file`, not an editor that adds one).",
                "レジストリが返したバイト列をそのまま保ってください。`--raw` の出力には最後の改行がありません（エディターで改行を足さず、`> file` で保存する）。",
                Severity::Warning,
            ),
            MismatchCause::Crlf | MismatchCause::CrlfAndTrailingNewline => (
                "the line ends were turned into CRLF (a Windows terminal or editor); with LF line ends the digest matches, so the content is right".to_string(),
                "改行が CRLF に変換されています（Windows の端末やエディター）。LF に戻すとダイジェストが一致するので、内容は正しいです".to_string(),
                "Save the output without converting line ends (e.g. in WSL or with `git config core.autocrlf false`).",
                "改行を変換せずに保存してください（WSL を使う、`git config core.autocrlf false` にするなど）。",
                Severity::Warning,
            ),
            MismatchCause::Bom => (
                "a UTF-8 byte order mark was added at the start".to_string(),
                "先頭に UTF-8 の BOM が追加されています".to_string(),
                "Save without a BOM.",
                "BOM なしで保存してください。",
                Severity::Warning,
            ),
            MismatchCause::Reformatted => match style {
                Some(s) => (
                    format!("the JSON was re-indented: the original is {} and hashes to the claim", s.name()),
                    format!("JSON のインデントが変えられています。元は{}で、それならダイジェストが一致します", s.name_ja()),
                    "Use the exact bytes (`--raw`, `crane manifest`), not a pretty-printed copy (`jq .`, an editor, `docker manifest inspect`).",
                    "整形したコピー（`jq .`、エディター、`docker manifest inspect`）ではなく、正確なバイト列（`--raw`、`crane manifest`）を使ってください。",
                    Severity::Error,
                ),
                None => (
                    format!("the claim says {} bytes, these are {}: the JSON was re-formatted or edited", c.size.unwrap_or_default(), doc.len()),
                    format!("主張では {} バイトですが、これは {} バイトです。JSON が整形し直されたか編集されています", c.size.unwrap_or_default(), doc.len()),
                    "Use the exact bytes (`--raw`, `crane manifest`), not a pretty-printed copy.",
                    "整形したコピーではなく、正確なバイト列（`--raw`、`crane manifest`）を使ってください。",
                    Severity::Error,
                ),
            },
            MismatchCause::DifferentContent => (
                "the content differs: this is a different document, or it was edited".to_string(),
                "内容が異なります。別のドキュメントか、編集されています".to_string(),
                "Check that you pasted the document this digest names (the tag may have moved to a new image).",
                "このダイジェストが示すドキュメントを貼り付けたか確認してください（タグが新しいイメージに移った可能性があります）。",
                Severity::Error,
            ),
        };
        out.push(
            Finding::with_severity(
                Code::DigestMismatch,
                severity,
                Text::new(
                    format!("Digest mismatch: {src_en} says {}, these bytes hash to {}: {why_en}.", c.digest, short_digest(ours)),
                    format!("ダイジェストの不一致: {src_ja}は {} ですが、このバイト列のハッシュは {} です。{why_ja}。", c.digest, short_digest(ours)),
                ),
            )
            .with_fix(Text::new(fix_en, fix_ja))
            .at_document(i),
        );
        if let Some(size) = c.size {
            if size != doc.len() && cause == MismatchCause::DifferentContent {
                out.push(
                    Finding::new(Code::SizeMismatch, Text::new(
                            format!("Size mismatch: {src_en} says {size} bytes, this document is {} bytes.", doc.len()),
                            format!("サイズの不一致: {src_ja}では {size} バイトですが、このドキュメントは {} バイトです。", doc.len()),
                        ),
                    )
                    .with_fix(Text::new(
                        "The descriptor must give the exact byte length of the content it points to.",
                        "ディスクリプターには指す内容の正確なバイト数を記載する必要があります。",
                    ))
                    .at_document(i),
                );
            }
        }
    }
    // Matching digest but a wrong size in the descriptor.
    for c in &doc.claims {
        if c.verdict == Verdict::Match && c.size.is_some_and(|s| s != doc.len()) {
            let (src_en, src_ja) = source_text(c);
            out.push(
                Finding::new(Code::SizeMismatch, Text::new(
                        format!("Size mismatch: {src_en} says {} bytes, but the content with that digest is {} bytes. Registries and runtimes reject the descriptor.", c.size.unwrap_or_default(), doc.len()),
                        format!("サイズの不一致: {src_ja}では {} バイトですが、そのダイジェストの内容は {} バイトです。レジストリやランタイムはこのディスクリプターを拒否します。", c.size.unwrap_or_default(), doc.len()),
                    ),
                )
                .with_fix(Text::new(
                    "Fix the descriptor's `size` to the content's byte length.",
                    "ディスクリプターの `size` を内容のバイト数に直してください。",
                ))
                .at_document(i),
            );
        }
    }
    // A whole-input document ending in whitespace that nothing verifies: say what the registry's
    // digest likely is.
    let unclaimed = !doc.claims.iter().any(|c| c.verdict == Verdict::Match);
    if !mismatched
        && unclaimed
        && doc.json.is_some()
        && doc.bytes.last().is_some_and(u8::is_ascii_whitespace)
    {
        let end = doc.bytes.len()
            - doc
                .bytes
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let trimmed = Digest::sha256(&doc.bytes[..end]);
        out.push(
            Finding::new(Code::TrailingWhitespace, Text::new(
                    format!("These bytes end with a newline. Registry bytes printed by `--raw` end without one, so if this came from a registry its digest is probably {trimmed} (the digest shown is over the bytes as given)."),
                    format!("このバイト列は改行で終わっています。`--raw` が出力するレジストリのバイト列には最後の改行が無いため、レジストリから取得したものならダイジェストはおそらく {trimmed} です（表示しているダイジェストは与えられたバイト列に対するものです）。"),
                ),
            )
            .at_document(i),
        );
    }
}

fn schema1_unreadable(doc: usize, input: usize) -> Finding {
    Finding::new(Code::Schema1SignatureUnreadable, Text::new(
            "This schema1 manifest has `signatures`, but not a JWS ocilens can read (each signature's `protected` header names the payload's length and tail). A registry names a signed schema1 manifest by the digest of that payload, so its registry digest cannot be computed: the digest shown is over the bytes as given, and containers/image refuses to compute one at all.",
            "この schema1 マニフェストには `signatures` がありますが、ocilens が読める JWS ではありません（各署名の `protected` ヘッダーがペイロードの長さと末尾を示します）。レジストリは署名付き schema1 マニフェストをそのペイロードのダイジェストで呼ぶため、レジストリでのダイジェストは計算できません。表示しているのは与えられたバイト列のダイジェストで、containers/image はダイジェストの計算そのものを拒否します。",
        ),
    )
    .with_fix(Text::new(
        "Fetch the manifest again as the registry serves it (`curl -i`, `crane manifest`); schema1 is obsolete: convert the image (`skopeo copy --format v2s2`).",
        "レジストリが返すままのマニフェストを取得し直してください（`curl -i`、`crane manifest`）。schema1 は廃止された形式なので、イメージを変換してください（`skopeo copy --format v2s2`）。",
    ))
    .at_input(input)
    .at_document(doc)
    .at_path("$.signatures")
}
