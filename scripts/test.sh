#!/usr/bin/env bash
# Every test and gate, in the order that fails fastest. Exits non-zero on the first failure.
#   formatting · clippy (host and wasm32) · native tests · release build · wasm boundary tests in
#   headless Chromium · JS type check · end-to-end tests (page, extension, Node build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$SECONDS

scripts/bootstrap.sh --test

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (host)"
cargo clippy --quiet --all-targets -- -D warnings

step "clippy (wasm32)"
wasm_cargo clippy --quiet --all-targets -- -D warnings

step "native tests"
cargo test --quiet --all-targets

scripts/build.sh

step "wasm boundary tests (headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    wasm_cargo test --test wasm

step "JS type check"
node_modules/.bin/tsc -p tsconfig.json

step "end-to-end tests (Playwright + Chromium, Node)"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed in $((SECONDS - started)) s"
