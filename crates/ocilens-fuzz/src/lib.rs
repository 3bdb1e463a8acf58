//! What the fuzzer feeds every input to: each door of `ocilens-core` that reads user data.
//! Used by the fuzzer (`main.rs`) and by the replay test (`tests/replay.rs`) of every
//! reproducer kept in `tests/fuzz/reproducers/`.

use ocilens_core::explain::{platform, simulate};
use ocilens_core::fetch::{self, protocol, reference};
use ocilens_core::present::{compare as present_compare, json, markdown, mermaid, svg, text};
use ocilens_core::{Input, Lang};

/// Reads `bytes` through every door: as a paste, as an OCI layout's files, the JSON, text and
/// static exports in both languages, the comparison (against the layout and itself), the pull
/// simulator for every host, the fetch planner's response parsing, references, platforms and
/// HTTP headers. Panics if any door panics.
pub fn exercise(bytes: &[u8]) {
    let a = analyze(bytes);
    for lang in [Lang::En, Lang::Ja] {
        // The JSON written straight from the model is the JSON of its Value, byte for byte.
        let value = json::to_json(&a, lang).to_string();
        assert_eq!(json::to_json_string(&a, lang, false), value);
        std::hint::black_box(text::to_text(&a, lang));
    }
    std::hint::black_box(mermaid::to_mermaid(&a, Lang::En));
    std::hint::black_box(markdown::to_markdown(&a, Lang::Ja));
    std::hint::black_box(svg::to_svg(&a, Lang::En));
    if let Some(target) = simulate::pull_target(&a) {
        for h in platform::hosts() {
            std::hint::black_box(simulate::simulate(&target, &h.platform).to_text(Lang::En));
        }
    }

    // The same bytes as the index of a layout, and as one of its blobs.
    let half = bytes.len() / 2;
    let layout = ocilens_core::analyze(&[
        Input::new(
            "l/oci-layout",
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ),
        Input::new("l/index.json", bytes[..half].to_vec()),
        Input::new(
            "l/blobs/sha256/0000000000000000000000000000000000000000000000000000000000000000",
            bytes[half..].to_vec(),
        ),
    ]);
    std::hint::black_box(json::to_json(&layout, Lang::En).to_string());

    // The compare door (issue 14): the paste against the layout, and against itself.
    for (x, y, ignore) in [(&a, &layout, false), (&a, &a, true)] {
        let opts = ocilens_core::compare::Options {
            ignore_timestamps: ignore,
            ..Default::default()
        };
        let c = ocilens_core::compare::compare(x, y, &opts);
        std::hint::black_box(present_compare::to_text(&c, "A", "B", Lang::Ja));
        std::hint::black_box(present_compare::to_json(&c, "A", "B", Lang::En).to_string());
    }

    // The archive door (issue 12): the bytes as an archive (a mutated `docker save` tar among the
    // seeds), read as a stream with small members streamed, kept, or deferred and left pending.
    for (keep, defer) in [(512, false), (1 << 20, true)] {
        let mut src: &[u8] = bytes;
        let opts = ocilens_core::read::archive::Options {
            keep,
            defer,
            ..Default::default()
        };
        let scan = ocilens_core::read::archive::read("a.tar", &mut src, &opts, &mut |_| {});
        let a = ocilens_core::analyze(&scan.inputs);
        std::hint::black_box(json::to_json(&a, Lang::Ja).to_string());
        std::hint::black_box(text::to_text(&a, Lang::En));
    }

    // A layer's hashes (issue 12): in one read, and in pieces as the page's workers give them,
    // the same answers (the bytes as a blob, and gzipped, so the decompressor sees mutations).
    use ocilens_core::verify::diff_ids::{hash_blob, BlobHasher};
    for b in [bytes, &gzip_prefix(bytes)[..]] {
        let whole = hash_blob(b);
        let mut p = BlobHasher::new();
        for c in b.chunks(7) {
            p.update(c);
        }
        let (sha, inner) = p.finish();
        assert_eq!(sha, whole.sha256, "piecewise hashing differs");
        // Pieces of zstd are left unknown (the page checks gzip only).
        if !b.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            assert_eq!(inner, whole.uncompressed, "piecewise decompression differs");
        }
    }

    // Text doors: references, platforms, HTTP headers, token bodies.
    let s = String::from_utf8_lossy(bytes);
    for line in s.lines().take(64) {
        let _ = std::hint::black_box(reference::parse(line.trim()));
        let _ = std::hint::black_box(platform::parse(line.trim()));
        std::hint::black_box(protocol::parse_www_authenticate(line));
        std::hint::black_box(protocol::link_next(line, "https://registry.example"));
    }
    std::hint::black_box(protocol::parse_token_response(bytes));

    // The fetch planner given these bytes as every answer it asks for.
    std::hint::black_box(planner_analysis(bytes));
}

/// A gzip header followed by `bytes`: a mutated deflate stream for the layer decompressors.
fn gzip_prefix(bytes: &[u8]) -> Vec<u8> {
    let mut v = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    v.extend_from_slice(bytes);
    v
}

/// The analysis of `bytes` as a paste, written as JSON (the libFuzzer target `analyze`: the
/// readers alone, many more executions a second than every door).
pub fn analyze(bytes: &[u8]) -> ocilens_core::Analysis {
    let a = ocilens_core::analyze(&[Input::new("paste", bytes.to_vec())]);
    std::hint::black_box(json::to_json(&a, Lang::En).to_string());
    a
}

/// The fetch planner given `bytes` as every answer it asks for (at most 8), and the analysis
/// of what it "fetched".
pub fn planner_analysis(bytes: &[u8]) -> Option<ocilens_core::Analysis> {
    let s = String::from_utf8_lossy(bytes);
    let r = reference::parse("registry.example/app:1").ok()?;
    let mut planner = fetch::Planner::new(r, fetch::Options::default());
    let mut answered = 0;
    while let Some(req) = planner.next_request() {
        answered += 1;
        if answered > 8 {
            break;
        }
        let status = if answered == 1 && bytes.first() == Some(&b'4') {
            401
        } else {
            200
        };
        let headers = vec![
            (
                "Content-Type".to_string(),
                s.lines().next().unwrap_or("").to_string(),
            ),
            (
                "Docker-Content-Digest".to_string(),
                s.lines().nth(1).unwrap_or("").to_string(),
            ),
            (
                "WWW-Authenticate".to_string(),
                s.lines().nth(2).unwrap_or("").to_string(),
            ),
            (
                "Link".to_string(),
                s.lines().nth(3).unwrap_or("").to_string(),
            ),
        ];
        planner.on_response(
            &req,
            fetch::Response {
                status,
                headers,
                body: bytes.to_vec(),
            },
        );
    }
    Some(planner.finish().analyze())
}
