#!/usr/bin/env bash
# Every test and gate, in the order that fails fastest. Exits non-zero on the first failure.
#   formatting · the version written once and CHANGELOG.md's form · the GitHub workflows through
#   actionlint and shellcheck · clippy (host and wasm32) · native tests · the generated PowerShell through
#   tree-sitter's grammar · the generated Python, Bicep and HCL through their own parsers ·
#   release build · the extension's zip checked as the store would · wasm boundary tests in
#   headless Chromium (secret fixtures made with openssl and kubectl first) · contract with azure-ai-ml · JS type check · end-to-end tests (page,
#   extension, Node build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$SECONDS

scripts/bootstrap.sh --test

step "secret fixtures (openssl, kubectl) for the wasm boundary tests"
tests/fixtures/make-secrets.sh "$ROOT/target/fixtures/wasm"

step "cargo fmt --check"
cargo fmt --all --check

step "version: written once, in Cargo.toml; CHANGELOG.md in Keep a Changelog's form (scripts/check-version.sh, tests/changelog/)"
scripts/check-version.sh
node --test tests/changelog/

step "GitHub workflows: actionlint with shellcheck (.github/workflows/), and a broken one refused (tests/workflows/)"
scripts/lint-workflows.sh

step "clippy (host)"
cargo clippy --quiet --all-targets -- -D warnings

step "clippy (wasm32)"
wasm_cargo clippy --quiet --all-targets --all-features -- -D warnings

step "native tests"
# tests/generate_argv.rs records every PowerShell script it reads for the step below;
# tests/generated_outputs.rs records every Python, Bicep and HCL output for the parsers' step.
rm -rf "$ROOT/target/powershell"
AMLATTACH_PWSH_CORPUS="$ROOT/target/powershell" AMLATTACH_GENERATED_CORPUS="$ROOT/target/generated" \
    cargo test --quiet --all-targets

step "PowerShell through tree-sitter's grammar: every generated script parses, commands read alike (tests/powershell/)"
node --test tests/powershell/

step "Python, Bicep and HCL through independent parsers: every generated output parses, values as the spec's (tests/parsers/)"
scripts/parse-generated.sh "$ROOT/target/generated"

scripts/build.sh

step "extension package: the zip (scripts/package.sh), checked as the Chrome Web Store would (scripts/check-extension.mjs, tests/package/)"
zip=$(scripts/package.sh --no-build)
node scripts/check-extension.mjs "$zip"
node --test tests/package/

step "version: the CLI's --version is Cargo.toml's"
cli_version=$(target/release/amlattach --version)
[ "$cli_version" = "amlattach $(version)" ] || die "target/release/amlattach --version says '$cli_version', not 'amlattach $(version)'"

step "wasm boundary tests (headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    wasm_cargo test --test wasm --all-features

step "contract: azure-ai-ml rejects nothing we accept (tests/contract/)"
AMLATTACH="$ROOT/target/release/amlattach" scripts/contract.sh >"$ROOT/target/contract.log" 2>&1 || {
    cat "$ROOT/target/contract.log"
    die "the contract check with azure-ai-ml failed"
}
grep -E '^contract: ' "$ROOT/target/contract.log" >&2

step "JS type check"
node_modules/.bin/tsc -p tsconfig.json

step "end-to-end tests (Playwright + Chromium, Node)"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed in $((SECONDS - started)) s"
