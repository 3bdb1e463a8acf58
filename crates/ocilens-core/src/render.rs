//! Text rendering of an analysis: the tree with short digests and marks, then the findings.
use crate::{Analysis, Lang};

pub fn to_text(_analysis: &Analysis, _lang: Lang) -> String {
    String::new()
}
