//! cargo-fuzz target `context`: bytes → [`harness::context`] (fuzz/harness.rs, replayed by tests/fuzz_corpora.rs).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::context(data));
