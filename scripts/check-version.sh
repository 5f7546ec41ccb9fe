#!/usr/bin/env bash
# The version is written once, in Cargo.toml (lib.sh's `version` reads it); every other place
# derives it when it is built or is checked against it here:
#   CHANGELOG.md                       its form (Keep a Changelog 1.1.0), and its latest release
#                                      no newer than Cargo.toml's (scripts/check-changelog.mjs)
#   package.json                       no version of its own: the workspace is private, and the npm
#                                      package gets Cargo.toml's (scripts/npm-package.sh)
#   extension/manifest.template.json   no version: scripts/build.sh writes extension/manifest.json
#                                      with Cargo.toml's
# The CLI's --version comes from Cargo itself (scripts/test.sh checks it after the build).
#
#   scripts/check-version.sh                 what make test runs
#   scripts/check-version.sh --release TAG   also: TAG is v<version>, and CHANGELOG.md lists that
#                                            release's changes (the release workflow, before it builds)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

v=$(version)
node scripts/check-changelog.mjs --version "$v" ||
    die "CHANGELOG.md: the problems above (Keep a Changelog 1.1.0, https://keepachangelog.com/en/1.1.0/; Cargo.toml's version is $v)"

for file in package.json extension/manifest.template.json; do
    own=$(node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version; if (v !== undefined) console.log(String(v))' "$file")
    [ -z "$own" ] || die "$file says \"version\": \"$own\"; the version is written only in Cargo.toml ($v): remove it from $file, the build derives it"
done

if [ "${1:-}" = --release ]; then
    tag=${2:?usage: scripts/check-version.sh --release TAG}
    [ "$tag" = "v$v" ] ||
        die "the tag $tag is not v$v, Cargo.toml's version: to release ${tag#v}, set it in Cargo.toml, give it a section in CHANGELOG.md, and tag that commit"
    node scripts/check-changelog.mjs --notes "$v" >/dev/null ||
        die "CHANGELOG.md has no changes under \"## [$v] - YYYY-MM-DD\": move them there from [Unreleased] before tagging v$v"
    say "release $tag: Cargo.toml's version, with its CHANGELOG.md section"
fi
say "version $v (Cargo.toml): CHANGELOG.md well formed and not ahead of it; package.json and the manifest template carry none"
