//! The page's explanations, as their own wasm module: what each media type and annotation key
//! means, in English and Japanese (the knowledge tables' texts, about 8 KB gzip, which the
//! page's first load cannot carry). The page imports it after its first analysis and asks for
//! the texts of the node it shows ([`ocilens_wire::ExplainRequest`]). The texts are the core's
//! own ([`knowledge::describe`], [`knowledge::annotation`]): the CLI and the JSON say the same.

use ocilens_core::explain::knowledge;
use ocilens_wire::{ExplainRequest, Explanations};
use wasm_bindgen::prelude::*;

/// Explains what `request` names (the shapes of `ocilens-wire`).
#[wasm_bindgen]
pub fn explain(request: JsValue) -> JsValue {
    answer(&ExplainRequest::from_js(&request)).to_js()
}

/// Each media type's explanation (a known type's entry, else what its name tells) and each
/// annotation key's meaning, when one is known.
pub fn answer(r: &ExplainRequest) -> Explanations {
    Explanations {
        media_types: r
            .media_types
            .iter()
            .map(|m| (m.clone(), knowledge::describe(m)))
            .collect(),
        annotations: r
            .annotations
            .iter()
            .map(|k| (k.clone(), knowledge::annotation(k).map(|a| a.text())))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocilens_core::explain::knowledge::names;

    #[test]
    fn the_answer_is_the_core_s_own_text() {
        let a = answer(&ExplainRequest {
            media_types: vec![
                names::OCI_INDEX.into(),
                "application/vnd.acme.thing+json".into(),
            ],
            annotations: vec![
                names::REFERENCE_TYPE.into(),
                "org.opencontainers.image.created".into(),
                "com.example.unknown".into(),
            ],
        });
        assert_eq!(
            a.media_type(names::OCI_INDEX),
            Some(&knowledge::describe(names::OCI_INDEX))
        );
        assert!(a
            .media_type(names::OCI_INDEX)
            .unwrap()
            .ja
            .contains("マニフェストの一覧"));
        // An unknown type is explained from its name, never refused.
        let unknown = a.media_type("application/vnd.acme.thing+json").unwrap();
        assert!(unknown.en.contains("JSON"), "{}", unknown.en);
        let created = a
            .annotation("org.opencontainers.image.created")
            .flatten()
            .unwrap();
        assert!(created.en.contains("RFC 3339"));
        assert!(a.annotation(names::REFERENCE_TYPE).flatten().is_some());
        assert_eq!(a.annotation("com.example.unknown"), Some(None));
        assert_eq!(a.annotation("never.asked"), None);
    }
}
