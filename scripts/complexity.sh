#!/usr/bin/env bash
# The complexity table (make complexity): every parser the page runs on a keystroke or a paste,
# timed at n and 8n natively and in the Node build of the wasm module (scripts/complexity.mjs).
# Exits 1 when a parser's t(8n)/t(n) is over the limit (benches/complexity.rs). Not a test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
scripts/bootstrap.sh
scripts/build.sh
step "complexity: each keystroke and paste parser at n and 8n (native and Node wasm)"
node scripts/complexity.mjs
