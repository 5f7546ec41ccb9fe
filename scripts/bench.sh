#!/usr/bin/env bash
# Builds in release mode and prints the benchmark table (scripts/bench.mjs), then the complexity
# table (scripts/complexity.mjs; it exits 1 when a parser is superlinear). Not a test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
scripts/bootstrap.sh --test
scripts/build.sh
if [ ! -x target/venv-azure-ai-ml/bin/python ]; then
    CONTRACT_SDK_ONLY=1 scripts/contract.sh >/dev/null 2>&1 || say "no azure-ai-ml venv: its rows are skipped"
fi
step "benchmarks"
node scripts/bench.mjs
step "complexity: each keystroke and paste parser at n and 8n (native and Node wasm)"
node scripts/complexity.mjs
