//! ocilens.html's one module (scripts/single-file.mjs): the exports of `ocilens-worker`
//! (`analyseText`, `analyseFiles`, `analyseFetched`; not Compare mode's `compareAnalyses`), `ocilens-simulator` (`simulatePull`) and
//! `ocilens-explain` (`explain`) in one wasm. The page instantiates it for the simulator and the
//! explanations, the blob worker for the analysis: the same bytes, carried once. Nothing of its
//! own: the three crates are the code, and their tests are theirs.

pub use ocilens_explain::explain;
pub use ocilens_simulator::simulate_pull;
pub use ocilens_worker::{analyse_fetched, analyse_files, analyse_text};
