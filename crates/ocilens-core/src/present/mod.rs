//! Presenting: the one vocabulary every front door uses (`labels`), the CLI's text (`text`),
//! the stable JSON contract (`json`), the diagram's layout (`diagram`), and the static exports
//! for places with no script: a Mermaid flowchart (`mermaid`), Markdown (`markdown`) and the
//! diagram as an SVG file (`svg`).

pub mod compare;
pub mod diagram;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod mermaid;
pub mod svg;
pub mod text;
