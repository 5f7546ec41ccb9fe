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
# reuse it without network until the pins below change. PYTHON: the interpreter for the venv
# (default python3).
set -euo pipefail

# Exact versions, pinned: bump them deliberately.
#   python-hcl2: the HCL2 grammar (Lark) that Python's Terraform tooling uses; 8.x keeps strings
#     as written, quotes and escapes, so the checker decodes them by HCL's own rules.
#   tree-sitter-bicep, with its Python binding tree-sitter: a Bicep grammar written apart from
#     Microsoft's compiler (a .NET binary, which cannot be installed here), shipped as a wheel.
#     pycep-parser (a Lark grammar) was tried first and cannot parse `'a\\'` (a string ending
#     in an escaped backslash), valid Bicep that we write for a value ending in `\`.
PINS=("python-hcl2==8.1.4" "tree-sitter==0.26.1" "tree-sitter-bicep==1.1.0")

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

venv=target/venv-parsers
stamp="$venv/.parsers-pin"
python="${PYTHON:-python3}"
want="${PINS[*]}"

if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(<"$stamp")" != "$want" ]]; then
    if ! command -v "$python" >/dev/null 2>&1; then
        echo "parsers: $python not found; install Python 3.9+ or set PYTHON" >&2
        exit 1
    fi
    echo "parsers: creating $venv with $want (once; needs PyPI)" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    # A failed install leaves no venv behind, so the next run tries again.
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PINS[@]}"; then
        rm -rf "$venv"
        echo "parsers: pip install $want failed" >&2
        exit 1
    fi
    printf '%s\n' "$want" >"$stamp"
fi

if [[ "${1:-}" == --venv ]]; then
    exit 0
fi

# -X utf8: the same text handling whatever the caller's locale.
exec "$venv/bin/python" -X utf8 tests/parsers/check_generated.py "$@"
