//! The page's analysis, as its own wasm module, run by `www/worker.js` in a Web Worker: the
//! page posts what the user gave (a paste, files, what a fetch brought), this module analyses
//! it and returns the analysis as bytes ([`ocilens_core::codec`], what the page shows of it), which the worker transfers
//! back and the page decodes. The page's main thread never runs the analysis, so typing,
//! scrolling and Cancel stay responsive whatever is pasted, and the page's first load carries
//! none of the analysis code or its texts.

use ocilens_core::{codec, Input};
use wasm_bindgen::prelude::*;

/// Analyses a pasted text.
#[wasm_bindgen(js_name = analyseText)]
pub fn analyse_text(text: &str) -> Vec<u8> {
    codec::encode(&codec::for_page(ocilens_core::analyze_text("paste", text)))
}

/// Analyses several files as one analysis (named by their paths: an OCI layout's files).
#[wasm_bindgen(js_name = analyseFiles)]
pub fn analyse_files(names: Vec<String>, contents: Vec<js_sys::Uint8Array>) -> Vec<u8> {
    let inputs: Vec<Input> = names
        .into_iter()
        .zip(contents)
        .map(|(name, bytes)| Input::file(name, bytes.to_vec()))
        .collect();
    codec::encode(&codec::for_page(ocilens_core::analyze(&inputs)))
}

#[cfg(feature = "compare")]
/// Compares two analyses (the page's Compare mode: each side as this module or the archive
/// workers made it, [`codec::encode`]), `platform` of A with `right_platform` of B (empty: the
/// images are paired by platform). With no B, A is compared with itself: two of its platforms,
/// the first two ([`ocilens_core::compare::two_platforms`]) when none is asked for.
/// `ignore_timestamps` leaves the timestamps' differences out, as `ocilens diff
/// --ignore-timestamps`. The comparison, as [`codec::encode_comparison`] writes it.
#[wasm_bindgen(js_name = compareAnalyses)]
pub fn compare_analyses(
    a: &[u8],
    b: Option<Vec<u8>>,
    platform: &str,
    right_platform: &str,
    ignore_timestamps: bool,
) -> Result<Vec<u8>, JsValue> {
    use ocilens_core::compare::{compare, two_platforms, Options};
    use ocilens_core::explain::platform::parse;
    let a = codec::decode(a).map_err(|e| JsValue::from_str(&e))?;
    let b = match b {
        Some(b) => Some(codec::decode(&b).map_err(|e| JsValue::from_str(&e))?),
        None => None,
    };
    let mut opts = Options {
        platform: parse(platform).ok(),
        right_platform: parse(right_platform).ok(),
        ignore_timestamps,
    };
    if b.is_none() && opts.platform.is_none() && opts.right_platform.is_none() {
        let all = compare(&a, &a, &opts);
        if let Some((p, q)) = two_platforms(&all.left_platforms) {
            (opts.platform, opts.right_platform) = (parse(p).ok(), parse(q).ok());
        }
    }
    let c = compare(&a, b.as_ref().unwrap_or(&a), &opts);
    Ok(codec::encode_comparison(&c))
}

/// Analyses what a fetch brought (the fetch module's result, as `ocilens-wire` writes it).
#[wasm_bindgen(js_name = analyseFetched)]
pub fn analyse_fetched(fetched: JsValue) -> Vec<u8> {
    codec::encode(&codec::for_page(
        ocilens_wire::read_fetched(&fetched).analyze(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const INDEX: &str = include_str!(
        "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
    );

    // In wasm32 (the worker and the page), what the worker returns decodes to what the page is
    // handed of the analysis the core makes of the same input.
    #[wasm_bindgen_test]
    fn a_paste_and_files_come_back_as_the_analysis_of_them() {
        let a = codec::decode(&analyse_text(INDEX)).unwrap();
        let full = ocilens_core::analyze_text("paste", INDEX);
        assert!(full.documents[0].json.is_some());
        assert_eq!(a, codec::for_page(full));
        assert!(a.tree[0].children.len() > 5);
        let files = analyse_files(
            vec!["index.json".into()],
            vec![js_sys::Uint8Array::from(INDEX.as_bytes())],
        );
        let b = codec::decode(&files).unwrap();
        let full = ocilens_core::analyze(&[Input::new("index.json", INDEX)]);
        assert_eq!(b, codec::for_page(full));
    }

    #[cfg(feature = "compare")]
    #[wasm_bindgen_test]
    fn two_analyses_come_back_compared_and_one_index_as_two_of_its_platforms() {
        let (index, empty) = (analyse_text(INDEX), analyse_text("{}"));
        let c = |a: &[u8], b: Option<&[u8]>, p: &str, q: &str| {
            let bytes = compare_analyses(a, b.map(<[u8]>::to_vec), p, q, false).unwrap();
            codec::decode_comparison(&bytes).unwrap()
        };
        use ocilens_core::compare::Verdict;
        // B holds no image: nothing is compared.
        assert_eq!(c(&index, Some(&empty), "", "").verdict, Verdict::Nothing);
        assert_eq!(c(&index, Some(&index), "", "").verdict, Verdict::Identical);
        // No B: the index's first two platforms, or the two asked for.
        let two = c(&index, None, "", "");
        assert_eq!(two.pairs.len(), 1);
        assert!(
            two.pairs[0].scope.starts_with("linux/amd64 ↔ linux/arm"),
            "{}",
            two.pairs[0].scope
        );
        let asked = c(&index, None, "linux/s390x", "linux/ppc64le");
        assert!(
            asked.pairs[0]
                .scope
                .starts_with("linux/s390x ↔ linux/ppc64le"),
            "{}",
            asked.pairs[0].scope
        );
        // Bytes that are no analysis: an error, not a panic.
        assert!(compare_analyses(b"junk", None, "", "", false).is_err());
        // Timestamps set aside: two platforms of one index differ in more than timestamps.
        let bytes = compare_analyses(&index, None, "", "", true).unwrap();
        assert_eq!(
            codec::decode_comparison(&bytes).unwrap().verdict,
            Verdict::Differs
        );
    }
}
