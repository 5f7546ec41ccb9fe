//! cargo-fuzz target `attach_spec`: bytes → [`harness::attach_spec`] (fuzz/harness.rs, replayed by tests/fuzz_corpora.rs).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::attach_spec(data));
