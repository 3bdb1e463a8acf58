//! Every door of the core that reads user data (`ocilens_fuzz::exercise`): the analysis as a
//! paste and as a layout, the JSON, text and static exports, the simulator, the fetch planner,
//! references, platforms and HTTP headers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ocilens_fuzz::exercise(data));
