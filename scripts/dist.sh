#!/usr/bin/env bash
# A release's files, in one folder, named as the release names them: what the release workflow
# (.github/workflows/release.yml) uploads, and what `make test` builds and smoke-runs for the
# machine it runs on (tests/e2e/release.test.mjs).
#
#   scripts/dist.sh [--out DIR] cli [TARGET]   the CLI built for TARGET (the host's when none:
#                                              target/release/), with README.md and CHANGELOG.md, as
#                                              amlattach-VERSION-TARGET.tar.gz (.zip for Windows)
#   scripts/dist.sh [--out DIR] web            the extension's zip, the npm tarball and the built page
#                                              as amlattach-site-VERSION.zip (scripts/package.sh and
#                                              scripts/npm-package.sh with --no-build: build first)
#   scripts/dist.sh [--out DIR] sums           SHA256SUMS over every other file in DIR
#
# DIR is target/dist unless given. Nothing here builds: the CLI and the page are what cargo and
# scripts/build.sh left. Archives are written with Python's standard library (tar and zip alike,
# the same on Linux, macOS and Windows runners), entries sorted, each under the archive's own top folder for the CLI.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

out="$ROOT/target/dist"
if [ "${1:-}" = "--out" ]; then
    mkdir -p "$2"
    out=$(cd "$2" && pwd)
    shift 2
fi
what=${1:-}
version=$(version)
mkdir -p "$out"

# archive FORMAT ARCHIVE DIR PREFIX: every file under DIR, sorted, stored under PREFIX/ (none when
# PREFIX is empty). PYTHON names the interpreter where it is not python3 (GitHub's Windows runners).
archive() {
    "${PYTHON:-python3}" - "$@" <<'PY'
import os, sys, tarfile, zipfile
fmt, archive, root, prefix = sys.argv[1:5]
names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
if not names:
    sys.exit(f"error: nothing to archive in {root}")
def stored(name):
    return f"{prefix}/{name}" if prefix else name
if fmt == "zip":
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in names:
            z.write(os.path.join(root, name), stored(name))
else:
    with tarfile.open(archive, "w:gz") as t:
        for name in names:
            t.add(os.path.join(root, name), stored(name), recursive=False)
PY
}

case "$what" in
cli)
    target=${2:-}
    exe=amlattach
    if [ -z "$target" ]; then
        target=$(rustc -vV | sed -n 's/^host: //p')
        built="$ROOT/target/release"
    else
        built="$ROOT/target/$target/release"
    fi
    [[ "$target" == *windows* ]] && exe=amlattach.exe
    [ -x "$built/$exe" ] || die "$built/$exe is missing: cargo build --release --bin amlattach${2:+ --target $target} first"
    name="amlattach-$version-$target"
    stage=$(mktemp -d)
    trap 'rm -rf "$stage"' EXIT
    cp "$built/$exe" README.md CHANGELOG.md "$stage/"
    if [[ "$target" == *windows* ]]; then
        archive zip "$out/$name.zip" "$stage" "$name"
        echo "$out/$name.zip"
    else
        archive tar "$out/$name.tar.gz" "$stage" "$name"
        echo "$out/$name.tar.gz"
    fi
    ;;
web)
    zip=$(scripts/package.sh --no-build)
    tarball=$(scripts/npm-package.sh --no-build)
    [ -f "$ROOT/target/site/index.html" ] || die "target/site/ is missing: scripts/build.sh builds it"
    cp "$zip" "$tarball" "$out/"
    archive zip "$out/amlattach-site-$version.zip" "$ROOT/target/site" ""
    printf '%s\n' "$out/$(basename "$zip")" "$out/$(basename "$tarball")" "$out/amlattach-site-$version.zip"
    ;;
sums)
    (cd "$out" && rm -f SHA256SUMS && files=(*) && sha256sum -- "${files[@]}" >SHA256SUMS.part && mv SHA256SUMS.part SHA256SUMS)
    [ -s "$out/SHA256SUMS" ] || die "no file to sum in $out"
    echo "$out/SHA256SUMS"
    ;;
*)
    die "usage: scripts/dist.sh [--out DIR] cli [TARGET] | web | sums"
    ;;
esac
