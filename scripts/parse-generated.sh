#!/usr/bin/env bash
# Every generated Python, Bicep and HCL output through independent parsers: Python's own `ast`,
# tree-sitter's Bicep grammar and python-hcl2 (HCL), each output's structure compared with its spec
# (tests/parsers/check_generated.py). The outputs are recorded by the native tests
# (tests/generated_outputs.rs, into $AMLATTACH_GENERATED_CORPUS, default target/generated).
#
#   scripts/parse-generated.sh [DIR]     # check the recorded outputs
#   scripts/parse-generated.sh --venv    # only make the venv (scripts/bootstrap.sh --test)
#
# The first run creates target/venv-parsers with the pinned parsers (network: PyPI); later runs
# reuse it without network until the pins below change (lib.sh's pinned_venv). PYTHON: the
# interpreter for the venv (default python3).
set -euo pipefail

# Exact versions, pinned: bump them deliberately.
#   python-hcl2: the HCL2 grammar (Lark) that Python's Terraform tooling uses; 8.x keeps strings
#     as written, quotes and escapes, so the checker decodes them by HCL's own rules.
#   tree-sitter-bicep, with its Python binding tree-sitter: a Bicep grammar written apart from
#     Microsoft's compiler (a .NET binary, which cannot be installed here), shipped as a wheel.
#     pycep-parser (a Lark grammar) was tried first and cannot parse `'a\\'` (a string ending
#     in an escaped backslash), valid Bicep that we write for a value ending in `\`.
PINS=("python-hcl2==8.1.4" "tree-sitter==0.26.1" "tree-sitter-bicep==1.1.0")

source "$(dirname "$0")/lib.sh"
cd "$ROOT"

venv=target/venv-parsers
pinned_venv "$venv" parsers "${PINS[@]}"

if [[ "${1:-}" == --venv ]]; then
    exit 0
fi

# -X utf8: the same text handling whatever the caller's locale.
exec "$venv/bin/python" -X utf8 tests/parsers/check_generated.py "$@"
