# The two commands a newcomer needs (README.md): `make run` and `make test`.
# Each target is a script in scripts/, so the same steps run without make too.
.PHONY: run test build bench complexity fuzz emulator package npm-package bootstrap clean

## Build everything and serve the page on http://127.0.0.1:8080/ (PORT=… to change).
run:
	@scripts/run.sh

## Run every test and gate; what CI runs.
test:
	@scripts/test.sh

## Release build of the wasm module, the page's and extension's pkg/, and the native CLI.
build: bootstrap
	@scripts/build.sh

## Release build, then the one benchmark table: ours and the peers (azure-ai-ml, naive discovery) in one run.
bench:
	@scripts/bench.sh

## Every parser the page runs on a keystroke or a paste, timed at n and 8n natively and in wasm;
## one table, exit 1 when t(8n)/t(n) is over 20 (linear is 8). Also the last part of `make bench`.
complexity:
	@scripts/complexity.sh

## Each cargo-fuzz target for FUZZ_SECONDS (60) on one core, then the argv property test at
## 10,000 specs per test; a summary table (nightly + cargo-fuzz; `make test` only replays corpora).
fuzz:
	@scripts/fuzz.sh

## The local ARM emulator with the seed state on http://127.0.0.1:8081 (PORT=… to change).
emulator:
	@node tests/emulator/server.mjs --port "$${PORT:-8081}" --state tests/emulator/seed.json

## The extension as a zip for the Chrome Web Store, versioned from Cargo.toml (target/).
package: bootstrap
	@scripts/package.sh

## The npm package `amlattach` (Node and bundlers, with types), packed into target/npm/.
npm-package: bootstrap
	@scripts/npm-package.sh

## Install what the build needs (idempotent).
bootstrap:
	@scripts/bootstrap.sh

clean:
	rm -rf target www/pkg www/vendor extension/pkg extension/shared extension/app extension/manifest.json
