//! The `detail` objects of an `<oci-lens>` element's events (docs/embedding.md): plain
//! objects, so a docs page reads them without knowing ocilens' types.
//!
//! - `oci-lens-analyzed`: `{documents, findings, errors, warnings, formats: [id], roots:
//!   [{kind, digest, mediaType}]}`.
//! - `oci-lens-select`: `{path, kind, label, digest, mediaType, platform, verification}`.

use js_sys::{Array, Object};
use ocilens_core::findings::Severity;
use ocilens_core::{Analysis, Lang, TreeNode};
use wasm_bindgen::JsValue;

use crate::{opt, set, strings};

fn num(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// What `oci-lens-analyzed` says about an analysis.
pub fn analyzed(a: &Analysis) -> JsValue {
    let o = Object::new();
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    set(&o, "documents", &num(a.documents.len()));
    set(&o, "findings", &num(a.findings.len()));
    set(&o, "errors", &num(count(Severity::Error)));
    set(&o, "warnings", &num(count(Severity::Warning)));
    let mut formats: Vec<String> = Vec::new();
    for f in a.inputs.iter().flat_map(|i| &i.formats) {
        if !formats.iter().any(|x| x == f.id()) {
            formats.push(f.id().to_string());
        }
    }
    set(&o, "formats", &strings(&formats));
    let roots: Array = a
        .tree
        .iter()
        .map(|n| {
            let r = Object::new();
            set(&r, "kind", &JsValue::from_str(n.kind.id()));
            set(&r, "digest", &opt(n.digest.as_deref()));
            set(&r, "mediaType", &opt(n.media_type.as_deref()));
            JsValue::from(r)
        })
        .collect();
    set(&o, "roots", &roots);
    o.into()
}

/// What `oci-lens-select` says about the node selected at `path` (`0-2-1`), labelled in `lang`.
pub fn selected(path: &str, n: &TreeNode, lang: Lang) -> JsValue {
    let o = Object::new();
    set(&o, "path", &JsValue::from_str(path));
    set(&o, "kind", &JsValue::from_str(n.kind.id()));
    set(&o, "label", &JsValue::from_str(n.label(lang)));
    set(&o, "digest", &opt(n.digest.as_deref()));
    set(&o, "mediaType", &opt(n.media_type.as_deref()));
    let platform = n.platform.as_ref().map(|p| p.to_string());
    set(&o, "platform", &opt(platform.as_deref()));
    set(&o, "verification", &JsValue::from_str(n.verification.id()));
    o.into()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::{get, get_str};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const LIST: &str = include_str!(
        "../../../tests/fixtures/manifests/dockerhub-python-latest-manifest-list.json"
    );

    #[wasm_bindgen_test]
    fn the_analyzed_detail_counts_what_the_analysis_has() {
        let a = ocilens_core::analyze_text("paste", LIST);
        let d = analyzed(&a);
        let n = |k: &str| get(&d, k).as_f64().unwrap() as usize;
        assert_eq!(n("documents"), a.documents.len());
        assert_eq!(n("findings"), a.findings.len());
        let errors = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(n("errors"), errors);
        let roots = Array::from(&get(&d, "roots"));
        assert_eq!(roots.length() as usize, a.tree.len());
        let root = roots.get(0);
        assert_eq!(get_str(&root, "kind").as_deref(), Some(a.tree[0].kind.id()));
        assert_eq!(get_str(&root, "digest"), a.tree[0].digest.clone());
        let formats = crate::read_strings(&get(&d, "formats"));
        assert!(!formats.is_empty());
    }

    #[wasm_bindgen_test]
    fn the_select_detail_names_the_node_in_the_language_asked() {
        let a = ocilens_core::analyze_text("paste", LIST);
        let (path, n) = TreeNode::walk(&a.tree)
            .find(|(_, n)| n.platform.is_some())
            .expect("a platform entry");
        let path = path.to_string();
        for lang in [Lang::En, Lang::Ja] {
            let d = selected(&path, n, lang);
            assert_eq!(get_str(&d, "path"), Some(path.clone()));
            assert_eq!(get_str(&d, "label").as_deref(), Some(n.label(lang)));
            assert_eq!(get_str(&d, "digest"), n.digest.clone());
            assert_eq!(
                get_str(&d, "platform"),
                n.platform.as_ref().map(|p| p.to_string())
            );
            assert_eq!(
                get_str(&d, "verification").as_deref(),
                Some(n.verification.id())
            );
        }
    }
}
