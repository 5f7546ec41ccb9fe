#!/usr/bin/env bash
# Builds everything and serves the page on http://127.0.0.1:${PORT:-8080}/ until Ctrl+C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

scripts/bootstrap.sh
scripts/build.sh

port="${PORT:-8080}"
step "serving the built page (target/site/, built from www/)"
say "extension: load $ROOT/extension unpacked in Chromium (chrome://extensions → Developer mode → Load unpacked)"
say "command line: $ROOT/target/release/amlattach --help"
exec node scripts/serve.mjs --port "$port" --root target/site
