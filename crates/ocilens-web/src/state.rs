//! What the page shows: the input text, the language, and the last analysis.

use ocilens_core::{Analysis, Lang};

#[derive(Debug, Default)]
pub struct State {
    pub lang: Lang,
    pub analysis: Option<Analysis>,
}

impl State {
    pub fn analyse(&mut self, text: &str) {
        self.analysis = Some(ocilens_core::analyze_text("paste", text));
    }
}
