#!/usr/bin/env bash
# The npm package `amlattach`: every offline export (validate, generate, decodeSecret,
# parseVersions, checkVersion, explain, contextFromUrl…) for Node (CommonJS, and ESM through a wrapper)
# and for bundlers, with the TypeScript declarations. Assembled in target/npm/amlattach/ from
# scripts/build.sh's output (`--no-build` skips the build, as the tests do), wasm-opt'd, then
# `npm pack`ed into target/npm/. Prints the tarball's path on stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ "${1:-}" = "--no-build" ] || scripts/build.sh
version=$(version)
src="$ROOT/target/wasm-bindgen"
pkg="$ROOT/target/npm/amlattach"
rm -rf "$ROOT/target/npm"
mkdir -p "$pkg/node" "$pkg/bundler"
step "npm package: amlattach $version"
cp "$src/node/amlattach.js" "$src/node/amlattach.d.ts" "$src/node/amlattach_bg.wasm" "$pkg/node/"
echo '{ "type": "commonjs" }' >"$pkg/node/package.json"
# Node's ESM loader finds the CommonJS glue's `exports.name = …` and re-exports them by name.
printf '%s\n' "export * from './amlattach.js';" >"$pkg/node/index.mjs"
cp "$src/bundler/amlattach.js" "$src/bundler/amlattach_bg.js" "$src/bundler/amlattach.d.ts" "$src/bundler/amlattach_bg.wasm" "$pkg/bundler/"
for wasm in "$pkg/node/amlattach_bg.wasm" "$pkg/bundler/amlattach_bg.wasm"; do
    "$ROOT/node_modules/.bin/wasm-opt" -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
done
node - "$pkg" "$version" <<'JS'
const [dir, version] = process.argv.slice(2);
const { writeFileSync } = require('node:fs');
const manifest = {
  name: 'amlattach',
  version,
  description: 'Check Azure Machine Learning Kubernetes attach settings (v2 and legacy v1), write the commands, decode the azuremlfessl secret, read Kubernetes version lists: offline, in WebAssembly',
  license: 'MIT',
  keywords: ['azure', 'azure-machine-learning', 'kubernetes', 'aks', 'arc', 'validation', 'wasm'],
  types: './node/amlattach.d.ts',
  main: './node/amlattach.js',
  exports: {
    '.': {
      types: './node/amlattach.d.ts',
      node: { import: './node/index.mjs', require: './node/amlattach.js' },
      default: './bundler/amlattach.js',
    },
    './package.json': './package.json',
  },
  files: ['node/', 'bundler/', 'README.md'],
  sideEffects: ['./bundler/amlattach.js', './bundler/amlattach_bg.js'],
  engines: { node: '>=18' },
};
writeFileSync(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  `${dir}/README.md`,
  `# amlattach

Checks Azure Machine Learning Kubernetes attach settings (a v2 \`kubernetes\` compute on AKS or Arc,
or a legacy v1 AKS attach or create) before anything is submitted, reporting every problem with
its field; writes the \`az ml\` v2/v1 commands, Python SDK code, YAML, ARM requests and kubectl
lines; decodes the \`azuremlfessl\` secret; reads \`az aks get-versions\` output; explains what a
failed attach printed (cause, fix commands, source). All offline, in WebAssembly: nothing leaves
the process.

\`\`\`js
import { validate, generate, decodeSecret, parseVersions, explain } from 'amlattach'; // or require('amlattach')

const result = validate('name: k8s-prod\\ntype: kubernetes\\nresource_id: /subscriptions/…/managedClusters/aks\\n');
// { ok, diagnostics: [{ code, severity, path, message, source, line }], normalized }
generate(result.normalized, 'az-v2', { shell: 'bash', context: { workspace: { name: 'ws-ml', resource_group: 'rg-ml' } } }).text;
decodeSecret(kubectlGetSecretYaml).certificates;   // facts of cert.pem; certPem / keyPem as stored
parseVersions(azAksGetVersionsOutput).list;        // versions, default, supported minors
explain(failedAttachOutput, result.normalized).matches; // known failures: evidence, causes, fix commands
\`\`\`

Node 18+ loads it directly; bundlers (webpack 5, Vite with a wasm plugin) use the \`bundler/\` build.
Types are in the package. Diagnostic \`code\`s are stable: branch on them, never on messages.
`,
);
JS
tarball=$(cd "$ROOT/target/npm" && npm pack ./amlattach --silent)
say "$tarball: $(wc -c <"$ROOT/target/npm/$tarball") bytes packed"
echo "$ROOT/target/npm/$tarball"
