#!/usr/bin/env bash
# Contract check against the official Python SDK: every v2 case (tests/cases/v2/*.yml) that
# azure-ai-ml's load_compute rejects, `amlattach validate` must reject too (stricter is fine,
# looser never); and for every case we accept, the generated yaml-v2 loads in the SDK and the
# generated arm-json equals the PUT body the SDK sends. See tests/contract/README.md.
#
#   scripts/contract.sh [FILE...]     # default: every tests/cases/v2/*.yml
#
# Environment: AMLATTACH (our binary, default target/release/amlattach), CONTRACT_SDK_ONLY=1
# (exit 0 when our binary cannot be run yet), CONTRACT_WRITE_SNAPSHOT=1 (rewrite
# tests/contract/sdk-verdicts.json), PYTHON (interpreter for the venv, default python3).
#
# The first run creates target/venv-azure-ai-ml with the pinned SDK (network: PyPI); later runs
# reuse it without network until AZURE_AI_ML_VERSION below changes.
set -euo pipefail

# Exact version, pinned: bump it deliberately and review the snapshot diff (README).
AZURE_AI_ML_VERSION=1.35.2

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# FILE arguments are relative to the caller's directory; make them absolute before moving.
files=()
for file in "$@"; do
    case "$file" in
        /*) files+=("$file") ;;
        *) files+=("$PWD/$file") ;;
    esac
done
cd "$ROOT"

venv=target/venv-azure-ai-ml
pinned_venv "$ROOT/$venv" contract "azure-ai-ml==$AZURE_AI_ML_VERSION"

if [[ ${#files[@]} -eq 0 ]]; then
    shopt -s nullglob
    files=(tests/cases/v2/*.yml)
    if [[ ${#files[@]} -eq 0 ]]; then
        echo "contract: no cases in tests/cases/v2/" >&2
        exit 1
    fi
fi

harness_args=()
if [[ "${CONTRACT_WRITE_SNAPSHOT:-}" == 1 ]]; then
    harness_args+=(--write-sdk-snapshot)
fi

# -X utf8: the same text handling whatever the caller's locale.
status=0
"$venv/bin/python" -X utf8 tests/contract/load_compute.py "${harness_args[@]}" "${files[@]}" || status=$?

# The generators: yaml-v2 loads in the SDK, arm-json equals the SDK's PUT body, and the bodies
# have the official examples' shape (tests/contract/generate_contract.py). The v2 cases with a
# context (tests/cases/context/v2-*.yml) join the default set here.
generate_files=("${files[@]}")
if [[ $# -eq 0 ]]; then
    for file in tests/cases/context/v2-*.yml; do
        [[ "$file" == *.context.yml ]] || generate_files+=("$file")
    done
fi
"$venv/bin/python" -X utf8 tests/contract/generate_contract.py ${generate_files[@]+"${generate_files[@]}"} || status=$?
exit "$status"
