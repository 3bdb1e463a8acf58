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
