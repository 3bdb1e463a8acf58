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
/// Compares two pasted texts (the page's Compare mode): both analyses, as the page is handed
/// them, and their comparison ([`codec::encode_compared`]).
#[wasm_bindgen(js_name = compareTexts)]
pub fn compare_texts(a: &str, b: &str) -> Vec<u8> {
    let (a, b) = (
        ocilens_core::analyze_text("A", a),
        ocilens_core::analyze_text("B", b),
    );
    let comparison = ocilens_core::compare::compare(&a, &b, &Default::default());
    codec::encode_compared(&ocilens_core::compare::Compared {
        left: codec::for_page(a),
        right: codec::for_page(b),
        comparison,
    })
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
    fn two_pastes_come_back_with_their_comparison() {
        let c = codec::decode_compared(&compare_texts(INDEX, "{}")).unwrap();
        // B holds no image: both analyses come back, and nothing is compared.
        assert!(c.left.tree[0].children.len() > 5);
        assert_eq!(c.right.inputs[0].name, "B");
        assert_eq!(
            c.comparison.verdict,
            ocilens_core::compare::Verdict::Nothing
        );
        let same = codec::decode_compared(&compare_texts(INDEX, INDEX)).unwrap();
        assert_eq!(
            same.comparison.verdict,
            ocilens_core::compare::Verdict::Identical
        );
    }
}
