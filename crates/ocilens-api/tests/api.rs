//! The embedders' JSON door, in headless Chromium.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WITH_SUBJECT: &str =
    include_str!("../../../tests/fixtures/manifests/regclient-manifest-with-subject.json");

fn parse(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("analyze returns JSON")
}

#[wasm_bindgen_test]
fn analyze_recomputes_the_digest_over_the_exact_bytes() {
    let out = parse(&ocilens_api::analyze(WITH_SUBJECT, "en"));
    assert_eq!(
        out["documents"][0]["digest"],
        "sha256:d910434391624641a9398ec921067e2dbd9a76aac69f120257906f811f0eecb8"
    );
    assert_eq!(out["documents"][0]["kind"], "manifest");
    assert!(out["tree"].as_array().is_some_and(|t| !t.is_empty()));
}

#[wasm_bindgen_test]
fn garbage_gives_findings_not_a_throw() {
    let out = parse(&ocilens_api::analyze(
        "{\"schemaVersion\": 2, \"manifests\": [",
        "ja",
    ));
    let findings = out["findings"].as_array().unwrap();
    let syntax = findings
        .iter()
        .find(|f| f["code"] == "json-syntax")
        .unwrap();
    // The message is in Japanese.
    assert!(syntax["message"].as_str().unwrap().contains("構文"));
}

#[wasm_bindgen_test]
fn several_files_form_one_analysis() {
    let index = include_bytes!("../../../tests/fixtures/buildkit-oci-layout/blobs/sha256/5ac2d3ac39878329a6328eba5b2a6e5e7a06279244eea0f2ea893f76cefff26c");
    let amd64 = include_bytes!("../../../tests/fixtures/buildkit-oci-layout/blobs/sha256/0f90b7af6b2fef777963e3e1ca4fd66f378af93f5fe46304886943a4c0c7a46b");
    let out = parse(&ocilens_api::analyze_files(
        vec!["index.json".into(), "amd64.json".into()],
        vec![
            js_sys::Uint8Array::from(&index[..]),
            js_sys::Uint8Array::from(&amd64[..]),
        ],
        "en",
    ));
    let claims = out["documents"][1]["claimedDigests"].as_array().unwrap();
    assert!(claims
        .iter()
        .any(|c| c["verdict"] == "match" && c["source"] == "descriptor"));
}
