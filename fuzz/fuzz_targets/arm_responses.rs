//! cargo-fuzz target `arm_responses`: bytes → [`harness::arm_responses`] (fuzz/harness.rs, replayed by tests/fuzz_corpora.rs).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::arm_responses(data));
