//! cargo-fuzz target `portal_url`: bytes → [`harness::portal_url`] (fuzz/harness.rs, replayed by tests/fuzz_corpora.rs).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::portal_url(data));
