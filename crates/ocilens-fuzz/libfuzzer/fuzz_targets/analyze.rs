//! The analysis of a paste alone, and its JSON output: many more executions a second than
//! `doors`, so libFuzzer goes deeper into the readers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ocilens_fuzz::analyze(data);
});
