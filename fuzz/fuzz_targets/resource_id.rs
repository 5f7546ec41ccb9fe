//! cargo-fuzz target `resource_id`: bytes → [`harness::resource_id`] (fuzz/harness.rs, replayed by tests/fuzz_corpora.rs).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::resource_id(data));
