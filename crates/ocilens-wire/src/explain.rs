//! The explanations module's wire. The knowledge tables' explanations (what each media type and
//! annotation key means, both languages) are not in the page's module: the details panel asks
//! for the ones the selected node needs.
//!
//! - request: `{mediaTypes: [..], annotations: [..]}`.
//! - answer: `{mediaTypes: [[type, {en, ja}]], annotations: [[key, {en, ja} | null]]}`; `null`:
//!   no meaning is known for the key.

use js_sys::{Array, Object};
use ocilens_core::Text;
use wasm_bindgen::JsValue;

use crate::{get, opt_text, read_strings, read_text, set, strings, text};

/// What the details panel asks the explanations module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplainRequest {
    pub media_types: Vec<String>,
    pub annotations: Vec<String>,
}

/// Explanations, as the module answers them and as the page keeps them (every answer is merged
/// in; texts never change, so none is asked for twice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanations {
    /// What each media type is (a known type's entry, else what its name tells).
    pub media_types: Vec<(String, Text)>,
    /// What each annotation key means; `None`: nothing is known of it.
    pub annotations: Vec<(String, Option<Text>)>,
}

impl Explanations {
    /// The explanation of `media_type`, if it was asked for.
    pub fn media_type(&self, media_type: &str) -> Option<&Text> {
        self.media_types
            .iter()
            .find(|(k, _)| k == media_type)
            .map(|(_, t)| t)
    }

    /// The meaning of annotation `key`: `None` if it was not asked for yet, `Some(None)` when
    /// nothing is known of it.
    pub fn annotation(&self, key: &str) -> Option<Option<&Text>> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.as_ref())
    }

    /// Keeps what `other` adds.
    pub fn merge(&mut self, other: Explanations) {
        for (k, t) in other.media_types {
            if self.media_type(&k).is_none() {
                self.media_types.push((k, t));
            }
        }
        for (k, t) in other.annotations {
            if self.annotation(&k).is_none() {
                self.annotations.push((k, t));
            }
        }
    }

    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        let pairs = |items: Vec<(String, JsValue)>| -> Array {
            items
                .into_iter()
                .map(|(k, v)| Array::of2(&JsValue::from_str(&k), &v))
                .collect()
        };
        let media = self
            .media_types
            .iter()
            .map(|(k, t)| (k.clone(), text(t)))
            .collect();
        let ann = self
            .annotations
            .iter()
            .map(|(k, t)| (k.clone(), opt_text(t.as_ref())))
            .collect();
        set(&o, "mediaTypes", &pairs(media));
        set(&o, "annotations", &pairs(ann));
        o.into()
    }

    pub fn from_js(o: &JsValue) -> Explanations {
        let pairs = |k: &str| -> Vec<(String, Option<Text>)> {
            let v = get(o, k);
            if !Array::is_array(&v) {
                return Vec::new();
            }
            Array::from(&v)
                .iter()
                .filter_map(|p| {
                    let p = Array::from(&p);
                    Some((p.get(0).as_string()?, read_text(&p.get(1))))
                })
                .collect()
        };
        Explanations {
            media_types: pairs("mediaTypes")
                .into_iter()
                .filter_map(|(k, t)| Some((k, t?)))
                .collect(),
            annotations: pairs("annotations"),
        }
    }
}

impl ExplainRequest {
    pub fn is_empty(&self) -> bool {
        self.media_types.is_empty() && self.annotations.is_empty()
    }

    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "mediaTypes", &strings(&self.media_types));
        set(&o, "annotations", &strings(&self.annotations));
        o.into()
    }

    pub fn from_js(o: &JsValue) -> ExplainRequest {
        ExplainRequest {
            media_types: read_strings(&get(o, "mediaTypes")),
            annotations: read_strings(&get(o, "annotations")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_request_and_an_answer_cross_the_wire_unchanged() {
        let r = ExplainRequest {
            media_types: vec!["application/vnd.oci.image.index.v1+json".into()],
            annotations: vec!["org.opencontainers.image.created".into(), "x".into()],
        };
        assert_eq!(ExplainRequest::from_js(&r.to_js()), r);
        let a = Explanations {
            media_types: vec![("a/b".into(), Text::new("en", "日本語"))],
            annotations: vec![
                ("k".into(), Some(Text::new("k en", "k 日本語"))),
                ("x".into(), None),
            ],
        };
        assert_eq!(Explanations::from_js(&a.to_js()), a);
    }

    #[wasm_bindgen_test]
    fn answers_merge_and_are_found_by_key() {
        let mut kept = Explanations::default();
        assert_eq!(kept.media_type("a/b"), None);
        assert_eq!(kept.annotation("k"), None);
        kept.merge(Explanations {
            media_types: vec![("a/b".into(), Text::new("1", "一"))],
            annotations: vec![("x".into(), None)],
        });
        kept.merge(Explanations {
            media_types: vec![("a/b".into(), Text::new("2", "二"))],
            annotations: vec![("k".into(), Some(Text::new("k", "鍵")))],
        });
        assert_eq!(kept.media_type("a/b").map(|t| t.en.as_str()), Some("1"));
        assert_eq!(kept.annotation("x"), Some(None));
        assert_eq!(
            kept.annotation("k").flatten().map(|t| t.ja.as_str()),
            Some("鍵")
        );
    }
}
