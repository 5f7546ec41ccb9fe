#!/usr/bin/env bash
# Release build of the wasm module and of everything generated from it:
#   target/wasm32-unknown-unknown/release/amlattach.wasm   (cargo, in target/wasm)
#   target/wasm-bindgen/{web,node}/                          (wasm-bindgen --target web / nodejs)
#   www/pkg/, extension/pkg/                                 (web output after wasm-opt -Oz)
#   extension/shared/                                        (the page's modules the popup reuses)
# plus the native CLI in target/release/amlattach.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Two modules from one crate: `amlattach` (offline: validate, generate) loads with the page;
# `amlattach_live` (the same plus the ARM exports) loads when a live feature is first used.
step "build: wasm modules ($(wasm_mode) toolchain)"
out="$ROOT/target/wasm-bindgen"
rm -rf "$out"
wasm_cargo build --profile wasm-release --lib --quiet
wasm="$WASM_TARGET_DIR/$WASM_TARGET/wasm-release/amlattach.wasm"
wasm-bindgen --target web --out-dir "$out/web" "$wasm"
wasm-bindgen --target nodejs --out-dir "$out/node" "$wasm"
WASM_TARGET_DIR_OVERRIDE="$WASM_TARGET_DIR-live" wasm_cargo build --profile wasm-release --lib --quiet --features live
wasm-bindgen --target web --out-name amlattach_live --out-dir "$out/web" \
    "$WASM_TARGET_DIR-live/$WASM_TARGET/wasm-release/amlattach.wasm"
# wasm-bindgen types a trailing `Option<T>` argument as `T | null` but not as optional; the glue
# accepts `undefined` (it tests "is like none"), so the context argument and the options of
# generate() and decodeSecret() are marked optional.
for dts in "$out/web/amlattach.d.ts" "$out/web/amlattach_live.d.ts" "$out/node/amlattach.d.ts"; do
    sed -i -e 's/validate(spec: string | object, context: ValidationContext | string | null)/validate(spec: string | object, context?: ValidationContext | string | null)/' \
        -e 's/generate(spec: string | object, target: string, options: GenerateOptions | null)/generate(spec: string | object, target: string, options?: GenerateOptions | null)/' \
        -e 's/decodeSecret(text: string, options: DecodeSecretOptions | null)/decodeSecret(text: string, options?: DecodeSecretOptions | null)/' "$dts"
    grep -q 'context?: ValidationContext' "$dts" && grep -q 'options?: GenerateOptions' "$dts" && grep -q 'options?: DecodeSecretOptions' "$dts" ||
        die "$dts: the validate(), generate() or decodeSecret() signature changed; update scripts/build.sh"
done
# The nodejs output is CommonJS; the repository's package.json says "type": "module".
echo '{ "type": "commonjs" }' >"$out/node/package.json"

step "build: wasm-opt"
for module in amlattach amlattach_live; do
    # rustc enables these wasm features by default for wasm32-unknown-unknown; wasm-opt must accept them.
    "$ROOT/node_modules/.bin/wasm-opt" -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$out/web/${module}_bg.wasm" -o "$out/web/${module}_bg.wasm.opt"
    mv "$out/web/${module}_bg.wasm.opt" "$out/web/${module}_bg.wasm"
done

for dest in "$ROOT/www/pkg" "$ROOT/extension/pkg"; do
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "$out/web/"amlattach{,_live}.js "$out/web/"amlattach{,_live}.d.ts "$out/web/"amlattach{,_live}_bg.wasm "$dest/"
done
rm -rf "$ROOT/extension/shared"
mkdir -p "$ROOT/extension/shared"
cp "$ROOT"/www/shared/* "$ROOT/extension/shared/"

for module in amlattach amlattach_live; do
    raw=$(wc -c <"$out/web/${module}_bg.wasm")
    gz=$(gzip -9 -c "$out/web/${module}_bg.wasm" | wc -c)
    say "${module}_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
done

step "build: native CLI"
cargo build --release --quiet --bin amlattach
