#!/usr/bin/env bash
# The extension as a zip for the Chrome Web Store: target/amlattach-extension-VERSION.zip, the
# version Cargo.toml's (lib.sh's `version`; scripts/build.sh writes it into manifest.json). Builds
# first (`--no-build`: package what is there, as the tests do); leaves out type declarations, the
# manifest's template, the README, the icons' SVG source (the manifest names the PNGs rendered
# from it) and the store listing's sources (store/) (the store wants the extension only). Prints
# the zip's path on stdout. scripts/check-extension.mjs checks the zip as the store would.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ "${1:-}" = "--no-build" ] || scripts/build.sh
version=$(version)
[ -f extension/manifest.json ] || die "extension/manifest.json is missing: scripts/build.sh writes it"
manifest_version=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("extension/manifest.json", "utf8")).version)')
[ "$version" = "$manifest_version" ] ||
    die "extension/manifest.json says $manifest_version, Cargo.toml $version: run scripts/build.sh, which writes it"
zip="$ROOT/target/amlattach-extension-$version.zip"
rm -f "$zip"
step "package: $zip"
# Python's zipfile (standard library): deterministic enough, no zip binary needed.
(cd extension && find . -type f ! -name '*.d.ts' ! -name 'README.md' ! -name 'manifest.template.json' \
    ! -path './icons/icon.svg' ! -path './store/*' | sort | sed 's|^\./||' |
    python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sys.stdin.read().split():
        z.write(name, name)
' "$zip")
say "$(wc -c <"$zip") bytes, $(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$zip") files"
echo "$zip"
