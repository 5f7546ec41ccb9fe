# Shared by the scripts in this folder: paths, logging, and the two ways to build for wasm32.
# Source it; it defines functions and variables only.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WASM_TARGET=wasm32-unknown-unknown
# wasm builds keep their own target folder: on the Debian path they use another rustc than the
# host builds, and the two must not invalidate each other's artifacts.
WASM_TARGET_DIR="$ROOT/target/wasm"
CARGO_HOME_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_HOME_BIN:"*) ;; *) PATH="$CARGO_HOME_BIN:$PATH" ;; esac
export PATH

# Debian's Rust (packages rustc-web, cargo-web, rust-web-src, rust-web-llvm, rust-web-clippy)
# can build std for wasm32 from source; see shared/TOOLCHAIN.md.
DEBIAN_RUST_PACKAGES="rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy lld-22"
DEBIAN_STD_SRC=/usr/lib/rustlib/src/rust/library

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
say() { printf '    %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The project's version: `version` under Cargo.toml's [package], the one place it is written. The
# CLI's --version (clap, from Cargo), the extension's manifest (scripts/build.sh), the npm package
# (scripts/npm-package.sh), the extension's zip (scripts/package.sh), the release's tag
# (.github/workflows/release.yml) and CHANGELOG.md's check (scripts/check-version.sh) all take it
# from here; no script reads Cargo.toml for it itself.
version() {
    local found
    found=$(awk '/^\[/ { in_package = ($0 == "[package]") }
        in_package && /^version[ \t]*=/ { sub(/^version[ \t]*=[ \t]*"/, ""); sub(/".*/, ""); print; exit }' "$ROOT/Cargo.toml")
    [ -n "$found" ] || die "Cargo.toml has no version under [package]"
    printf '%s\n' "$found"
}

# The address the page is published at, ending in /, for the extension's manifest (`homepage_url`
# is its privacy.html): AMLATTACH_SITE_URL when set (the workflows set it to GitHub Pages'
# https://OWNER.github.io/REPO/), else GitHub Pages' address for `git remote get-url origin` when
# that is a github.com repository (a repository named OWNER.github.io is served at the root);
# nothing when neither is known. Pages hosts are lowercase; the repository's path keeps its case.
site_url() {
    if [ -n "${AMLATTACH_SITE_URL:-}" ]; then
        case "$AMLATTACH_SITE_URL" in */) printf '%s\n' "$AMLATTACH_SITE_URL" ;; *) printf '%s/\n' "$AMLATTACH_SITE_URL" ;; esac
        return 0
    fi
    local remote owner repo
    remote=$(git -C "$ROOT" remote get-url origin 2>/dev/null) || return 0
    # https://github.com/OWNER/REPO(.git), git@github.com:OWNER/REPO(.git), ssh://git@github.com/OWNER/REPO(.git)
    [[ "$remote" =~ ^(https://|ssh://git@|git@)github\.com[:/]([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)/?$ ]] || return 0
    owner=${BASH_REMATCH[2],,}
    repo=${BASH_REMATCH[3]%.git}
    if [ "${repo,,}" = "$owner.github.io" ]; then
        printf 'https://%s.github.io/\n' "$owner"
    else
        printf 'https://%s.github.io/%s/\n' "$owner" "$repo"
    fi
}

# A Python venv at DIR holding exactly PIN…, made once (network: PyPI) and reused without network
# until the pins change; a failed install leaves no venv behind, so the next run tries again.
#   pinned_venv DIR LABEL PIN...     (PYTHON: the interpreter for the venv, default python3)
pinned_venv() {
    local venv=$1 label=$2
    shift 2
    local stamp="$venv/.pins" want="$*" python="${PYTHON:-python3}"
    if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(<"$stamp")" = "$want" ]; then
        return 0
    fi
    command -v "$python" >/dev/null 2>&1 || die "$label: $python not found; install Python 3.9+ or set PYTHON"
    say "$label: creating ${venv#"$ROOT"/} with $want (once; needs PyPI)"
    rm -rf "$venv"
    "$python" -m venv "$venv" || { rm -rf "$venv"; die "$label: $python -m venv $venv failed"; }
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$@"; then
        rm -rf "$venv"
        die "$label: pip install $want failed"
    fi
    printf '%s\n' "$want" >"$stamp"
}

# The wasm-bindgen version pinned in Cargo.toml (`wasm-bindgen = "=X.Y.Z"`).
pinned_wasm_bindgen() {
    sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml"
}

# True when the host toolchain (rustup's, usually) has the wasm32 standard library.
host_has_wasm_std() {
    command -v rustc >/dev/null 2>&1 &&
        [ -d "$(rustc --print sysroot)/lib/rustlib/$WASM_TARGET/lib" ]
}

# True when Debian's Rust can build std for wasm32 (every piece, clippy included).
debian_rust_ready() {
    [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -x /usr/bin/cargo-clippy ] &&
        [ -d "$DEBIAN_STD_SRC/std" ] && [ -x /usr/bin/rust-lld ] && /usr/bin/rust-lld -flavor wasm --version >/dev/null 2>&1
}

# Which way wasm32 is built here: "rustup" or "debian"; empty when neither works yet.
wasm_mode() {
    if [ -n "${AMLATTACH_WASM_MODE:-}" ]; then
        echo "$AMLATTACH_WASM_MODE"
    elif host_has_wasm_std; then
        echo rustup
    elif debian_rust_ready; then
        echo debian
    fi
}

# Runs a cargo subcommand for wasm32 with the right toolchain: `wasm_cargo build --release --lib`.
# Extra environment (such as the test runner) passes through.
wasm_cargo() {
    local sub=$1
    shift
    case "$(wasm_mode)" in
    rustup)
        CARGO_TARGET_DIR="${WASM_TARGET_DIR_OVERRIDE:-$WASM_TARGET_DIR}" cargo "$sub" --target "$WASM_TARGET" "$@"
        ;;
    debian)
        # Debian's cargo, rustc and clippy first on PATH, so `cargo clippy` finds Debian's
        # cargo-clippy and clippy-driver rather than rustup's proxies.
        PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
            CARGO_TARGET_DIR="${WASM_TARGET_DIR_OVERRIDE:-$WASM_TARGET_DIR}" \
            /usr/bin/cargo "$sub" --target "$WASM_TARGET" -Z build-std=std,panic_abort "$@"
        ;;
    *)
        die "no way to build for $WASM_TARGET yet: run scripts/bootstrap.sh"
        ;;
    esac
}

# True when we may install system packages with apt-get (root, or password-less sudo).
can_apt() {
    command -v apt-get >/dev/null 2>&1 || return 1
    [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null
}

APT_UPDATED=
apt_install() {
    local sudo=
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    local log="$ROOT/target/apt.log"
    mkdir -p "$ROOT/target"
    if [ -z "$APT_UPDATED" ]; then
        say "apt-get update"
        $sudo apt-get update -qq >"$log" 2>&1 || { tail -20 "$log" >&2; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    say "apt-get install $* (log: target/apt.log)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1 ||
        { tail -20 "$log" >&2; die "apt-get install $* failed"; }
}

# The Chromium and ChromeDriver the tests drive; overridable for machines that keep them elsewhere.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM CHROMEDRIVER
