#!/usr/bin/env bash
# Release build of the wasm modules and of everything generated from them:
#   target/wasm32-unknown-unknown/release/amlattach.wasm   (cargo, in target/wasm)
#   target/wasm-bindgen/{web,node,bundler}/                  (wasm-bindgen --target web / nodejs / bundler)
#   www/pkg/, extension/pkg/                                 (web output after wasm-opt -Oz)
#   extension/shared/                                        (the page's modules the popup reuses)
#   target/site/                                             (the page as served: scripts/build-site.mjs)
#   extension/app/                                           (the page built for the extension's tab)
#   extension/manifest.json                                  (manifest.template.json with Cargo.toml's version)
# plus the native CLI in target/release/amlattach.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The extension's manifest: its template with the version from Cargo.toml, the one place the
# version is written, so the unpacked extension, its zip and the crate cannot disagree; and, when
# the site's address is known (lib.sh's `site_url`), `homepage_url`, the privacy policy the site
# serves (the Chrome Web Store wants one; scripts/check-extension.mjs --store checks it is there).
# Written on every run (before the fingerprint, which leaves it out), only when it changes.
crate_version=$(version)
node - "$ROOT/extension" "$crate_version" "$(site_url)" <<'JS'
const [dir, version, site] = process.argv.slice(2);
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const template = JSON.parse(readFileSync(`${dir}/manifest.template.json`, 'utf8'));
if ('version' in template) {
  console.error('error: extension/manifest.template.json has a version: remove it, the build writes Cargo.toml\'s');
  process.exit(1);
}
if ('homepage_url' in template) {
  console.error('error: extension/manifest.template.json has a homepage_url: remove it, the build writes the site\'s privacy page');
  process.exit(1);
}
if (site !== '' && !/^https:\/\/[^/]+\//.test(site)) {
  console.error(`error: the site's address must be https:// (AMLATTACH_SITE_URL or the git remote), not ${site}`);
  process.exit(1);
}
/** @type {[string, unknown][]} */
const written = site === '' ? [] : [['homepage_url', new URL('privacy.html', site).href]];
// The version right after the name, where manifests usually have it; the homepage after the description.
const manifest = Object.fromEntries(
  Object.entries(template).flatMap(([key, value]) =>
    key === 'name' ? [[key, value], ['version', version]] : key === 'description' ? [[key, value], ...written] : [[key, value]],
  ),
);
const text = `${JSON.stringify(manifest, null, 2)}\n`;
const out = `${dir}/manifest.json`;
if (!existsSync(out) || readFileSync(out, 'utf8') !== text) writeFileSync(out, text);
JS

# One crate, one module per group of exports (the features in Cargo.toml), so a page loads only
# what it uses: `amlattach` (validate) with the page, `amlattach_generate` (generate, validate)
# after its first verdict and in the extension's popup, `amlattach_explain` (the troubleshooter)
# when it is opened, `amlattach_secret` and
# `amlattach_versions` when their tools are opened, `amlattach_live` (the ARM calls) when a live
# feature is first used. Node gets every offline export in one module (the default features).
# Nothing here changes when its inputs did not: the crate's sources and lock file, the page's
# and the extension's sources, these scripts, the npm packages and the tools' versions. A second
# run (`make run` after `make test`) then builds nothing again, not even the wasm modules (cargo
# would build each one again: their feature sets share a target folder).
fingerprint=$(
    cd "$ROOT"
    {
        find src www extension -type f \
            -not -path 'www/pkg/*' -not -path 'www/vendor/*' \
            -not -path 'extension/pkg/*' -not -path 'extension/shared/*' -not -path 'extension/app/*' \
            -not -path 'extension/manifest.json' \
            -print0 | sort -z | xargs -0 sha256sum
        sha256sum Cargo.toml Cargo.lock scripts/build.sh scripts/build-site.mjs scripts/lib.sh package-lock.json
        case "$(wasm_mode)" in debian) /usr/bin/rustc --version ;; *) rustc --version ;; esac
        wasm-bindgen --version
    } | sha256sum | cut -d' ' -f1
)
stamp="$ROOT/target/build.stamp"
if [ -f "$stamp" ] && [ "$(<"$stamp")" = "$fingerprint" ] \
    && [ -f "$ROOT/target/site/index.html" ] && [ -f "$ROOT/extension/app/index.html" ] \
    && [ -f "$ROOT/www/pkg/amlattach_bg.wasm" ] && [ -f "$ROOT/target/wasm-bindgen/node/amlattach_bg.wasm" ]; then
    say "the wasm modules, the page and the extension are as last built"
    step "build: native CLI"
    cargo build --release --quiet --bin amlattach
    exit 0
fi
rm -f "$stamp"

step "build: wasm modules ($(wasm_mode) toolchain)"
out="$ROOT/target/wasm-bindgen"
# Each module's cargo output is copied here as it is built (the offline builds share one output
# path per profile, so the next build overwrites it); what follows starts from these copies.
built="$ROOT/target/wasm-built"
mkdir -p "$built"
# The offline builds share a target folder (their dependencies are the same, so only this crate
# is built again); the live build has dependencies of its own and keeps its own folder. The
# secret and versions modules use the smaller, slower profile (Cargo.toml says why).
# The checker (`attach`) is what the first verdict waits for, so it is built small and without
# the YAML reader (the `yaml` feature: the form hands it objects, the page sends YAML text to the
# generators' module); `generate`
# (which validates too) runs its generators and the popup's checks at the faster profile.
for module in attach generate explain secret versions; do
    name=amlattach_$module profile=wasm-small
    [ "$module" = attach ] && name=amlattach
    [ "$module" = generate ] && profile=wasm-release
    wasm_cargo build --profile "$profile" --lib --quiet --no-default-features --features "$module"
    cp "$WASM_TARGET_DIR/$WASM_TARGET/$profile/amlattach.wasm" "$built/$name.wasm"
done
wasm_cargo build --profile wasm-release --lib --quiet
cp "$WASM_TARGET_DIR/$WASM_TARGET/wasm-release/amlattach.wasm" "$built/amlattach_node.wasm"
WASM_TARGET_DIR_OVERRIDE="$WASM_TARGET_DIR-live" wasm_cargo build --profile wasm-release --lib --quiet --no-default-features --features live
cp "$WASM_TARGET_DIR-live/$WASM_TARGET/wasm-release/amlattach.wasm" "$built/amlattach_live.wasm"

rm -rf "$out"
for name in amlattach amlattach_generate amlattach_explain amlattach_secret amlattach_versions amlattach_live; do
    wasm-bindgen --target web --out-name "$name" --out-dir "$out/web" "$built/$name.wasm"
done
wasm-bindgen --target nodejs --out-name amlattach --out-dir "$out/node" "$built/amlattach_node.wasm"
# The same module for bundlers (webpack, Vite…): the npm package's non-Node entry (scripts/npm-package.sh).
wasm-bindgen --target bundler --out-name amlattach --out-dir "$out/bundler" "$built/amlattach_node.wasm"
# wasm-bindgen types a trailing `Option<T>` argument as `T | null` but not as optional; the glue
# accepts `undefined` (it tests "is like none"), so the context argument, the options of
# generate() and decodeSecret(), and the spec and options of explain() are marked optional.
optional() { # FILE FROM TO: one signature rewritten (or already right), or the build stops.
    grep -qF "$3" "$1" && return
    grep -qF "$2" "$1" || die "$1: no '$2'; the signature changed, update scripts/build.sh"
    sed -i "s/$2/$3/" "$1"
}
for dts in "$out/web/amlattach.d.ts" "$out/web/amlattach_generate.d.ts" "$out/node/amlattach.d.ts" "$out/bundler/amlattach.d.ts"; do
    optional "$dts" 'context: ValidationContext | string | null, options?: ValidateOptions | null)' 'context?: ValidationContext | string | null, options?: ValidateOptions | null)'
done
for dts in "$out/web/amlattach_generate.d.ts" "$out/node/amlattach.d.ts" "$out/bundler/amlattach.d.ts"; do
    optional "$dts" 'options: GenerateOptions | null)' 'options?: GenerateOptions | null)'
done
for dts in "$out/web/amlattach_explain.d.ts" "$out/node/amlattach.d.ts" "$out/bundler/amlattach.d.ts"; do
    optional "$dts" 'spec: string | object | null, options?: ExplainOptions | null)' 'spec?: string | object | null, options?: ExplainOptions | null)'
done
for dts in "$out/web/amlattach_secret.d.ts" "$out/node/amlattach.d.ts" "$out/bundler/amlattach.d.ts"; do
    optional "$dts" 'options: DecodeSecretOptions | null)' 'options?: DecodeSecretOptions | null)'
done
# The nodejs output is CommonJS; the repository's package.json says "type": "module".
echo '{ "type": "commonjs" }' >"$out/node/package.json"

step "build: wasm-opt"
MODULES="amlattach amlattach_generate amlattach_explain amlattach_secret amlattach_versions amlattach_live"
for module in $MODULES; do
    # rustc enables these wasm features by default for wasm32-unknown-unknown; wasm-opt must accept them.
    "$ROOT/node_modules/.bin/wasm-opt" -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$out/web/${module}_bg.wasm" -o "$out/web/${module}_bg.wasm.opt"
    mv "$out/web/${module}_bg.wasm.opt" "$out/web/${module}_bg.wasm"
done

# The page gets every module; the extension's worker the checker and its popup the generators (its
# tab, app/, is a copy of the page with its own pkg/).
for dest in "$ROOT/www/pkg" "$ROOT/extension/pkg"; do
    rm -rf "$dest"
    mkdir -p "$dest"
    modules=$MODULES
    [ "$dest" = "$ROOT/extension/pkg" ] && modules="amlattach amlattach_generate"
    for module in $modules; do
        cp "$out/web/$module.js" "$out/web/$module.d.ts" "$out/web/${module}_bg.wasm" "$dest/"
    done
done
# The popup's copy of shared/wasm.js names every module's glue (it imports only the two shipped):
# the others' type declarations let the type-check follow it. package.sh leaves them out of the zip.
for module in $MODULES; do
    [ -f "$ROOT/extension/pkg/$module.d.ts" ] || cp "$out/web/$module.d.ts" "$ROOT/extension/pkg/"
done
# MSAL.js for the page's sign-in, served from the page's own origin (no CDN at run time).
rm -rf "$ROOT/www/vendor"
mkdir -p "$ROOT/www/vendor"
cp "$ROOT/node_modules/@azure/msal-browser/lib/msal-browser.min.js" \
    "$ROOT/node_modules/@azure/msal-browser/lib/redirect-bridge/msal-redirect-bridge.min.js" "$ROOT/www/vendor/"
rm -rf "$ROOT/extension/shared"
mkdir -p "$ROOT/extension/shared"
cp "$ROOT"/www/shared/* "$ROOT/extension/shared/"
step "build: the page (target/site/: app.js bundled for the first verdict, the rest minified)"
node "$ROOT/scripts/build-site.mjs" --out "$ROOT/target/site"
# The built page, packaged inside the extension: the popup's "Open the full assistant" opens it
# in a tab (an extension page: no remote code, and a CSP that allows no inline script).
node "$ROOT/scripts/build-site.mjs" --out "$ROOT/extension/app" --extension

for module in $MODULES; do
    raw=$(wc -c <"$out/web/${module}_bg.wasm")
    gz=$(gzip -9 -c "$out/web/${module}_bg.wasm" | wc -c)
    say "${module}_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
done

printf '%s\n' "$fingerprint" >"$stamp"

step "build: native CLI"
cargo build --release --quiet --bin amlattach
