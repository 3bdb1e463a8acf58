//! Presenting: the one vocabulary every front door uses (`labels`), the CLI's text (`text`),
//! the stable JSON contract (`json`) and the diagram's layout (`diagram`).

pub mod diagram;
pub mod json;
pub mod labels;
pub mod text;
