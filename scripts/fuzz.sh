#!/usr/bin/env bash
# The fuzz run (make fuzz): each cargo-fuzz target in fuzz/ for FUZZ_SECONDS, one after another on
# one core, then the argv property test at scale; prints a summary table. Not a test: `make test`
# only replays the corpora (tests/fuzz_corpora.rs), on stable.
#
#   scripts/fuzz.sh                         every target, 60 s each, then argv
#   FUZZ_SECONDS=600 scripts/fuzz.sh secret versions
#   scripts/fuzz.sh argv                    only the argv property test
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz (installed from
# crates.io when missing). Environment:
#   FUZZ_SECONDS     seconds per target (60)
#   FUZZ_SANITIZER   address (the default; AddressSanitizer works here) or none
#   FUZZ_ARGV_CASES  specs per argv property test (10000; 0 skips it)
#   FUZZ_OUT         where logs, the working corpora and crashes go (target/fuzz-run)
# Each target's inputs: the working corpus FUZZ_OUT/corpus/<target>/ (kept between runs; new
# inputs go there), the committed seeds fuzz/corpus/<target>/, and seeds drawn from the fixtures
# at run time (written by `FUZZ_SEEDS_OUT=… cargo test --test fuzz_corpora`). A crash is saved
# as FUZZ_OUT/artifacts/<target>/crash-…: add it to fuzz/corpus/<target>/ and as a named test
# in tests/fuzz_corpora.rs, then fix it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-address}
argv_cases=${FUZZ_ARGV_CASES:-10000}
out=${FUZZ_OUT:-$ROOT/target/fuzz-run}
all_targets=$(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^amlattach-fuzz$' || true)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -r -a targets <<<"$(echo $all_targets) argv"

fuzzing=()
for t in "${targets[@]}"; do
    [ "$t" = argv ] && continue
    grep -qx "$t" <<<"$all_targets" || die "no fuzz target '$t' (targets: $(echo $all_targets) argv)"
    fuzzing+=("$t")
done

mkdir -p "$out/logs"
failed=0
summary="$out/summary.md"
{
    echo "| target | seconds | execs | execs/s | corpus | crashes |"
    echo "|---|---|---|---|---|---|"
} >"$summary"

if [ ${#fuzzing[@]} -gt 0 ]; then
    rustup toolchain list 2>/dev/null | grep -q '^nightly' || die "the fuzz targets need the nightly toolchain: rustup toolchain install nightly"
    if ! cargo fuzz --version >/dev/null 2>&1; then
        # From crates.io, like the wasm-bindgen CLI in scripts/bootstrap.sh (a few minutes, once).
        say "installing cargo-fuzz (cargo install cargo-fuzz --locked)"
        cargo install --quiet cargo-fuzz --locked || die "cargo-fuzz is not installed and cargo install cargo-fuzz failed"
    fi

    step "fixture seeds (cargo test --test fuzz_corpora, which replays them too)"
    rm -rf "$out/seeds"
    FUZZ_SEEDS_OUT="$out/seeds" cargo test --quiet --test fuzz_corpora >"$out/logs/seeds.log" 2>&1 || {
        cat "$out/logs/seeds.log"
        die "the corpus replay failed: fix that first"
    }

    step "build the fuzz targets (nightly, sanitizer: $sanitizer)"
    (cd fuzz && cargo +nightly fuzz build --sanitizer "$sanitizer" --target-dir "$ROOT/target/fuzz") \
        >"$out/logs/build.log" 2>&1 || {
        tail -30 "$out/logs/build.log"
        die "cargo fuzz build failed"
    }
    bin="$ROOT/target/fuzz/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
fi

for t in "${fuzzing[@]}"; do
    step "fuzz $t for $seconds s"
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t" "$out/seeds/$t"
    log="$out/logs/$t.log"
    before=$(find "$out/artifacts/$t" -type f | wc -l)
    started=$SECONDS
    # One process (no -jobs/-workers: libFuzzer then runs in this process, on one core).
    # -rss_limit_mb and -timeout: an input that takes 2 GB or 10 s is a finding too.
    status=0
    # The binary built above, run directly (`cargo fuzz run` would build again, and every target
    # of a run should test the same sources).
    "$bin/$t" "$out/corpus/$t" "$ROOT/fuzz/corpus/$t" "$out/seeds/$t" \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$out/artifacts/$t/" >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - started))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(find "$out/corpus/$t" -type f | wc -l)
    crashes=$(($(find "$out/artifacts/$t" -type f | wc -l) - before))
    echo "| $t | $elapsed | ${execs:-?} | ${rate:-?} | $corpus | $crashes |" >>"$summary"
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        failed=1
        say "$t: exit $status, $crashes new artifact(s) in $out/artifacts/$t/ (log: $log)"
        grep -E '^(==[0-9]+==ERROR|thread .* panicked|SUMMARY|artifact_prefix|Test unit written)' "$log" | head -8 >&2 || true
    else
        say "$t: ${execs:-?} executions, ${rate:-?}/s, corpus $corpus"
    fi
done

for t in "${targets[@]}"; do
    [ "$t" = argv ] || continue
    [ "$argv_cases" -gt 0 ] || break
    step "argv property test: $argv_cases specs per test (tests/generate_argv.rs, release)"
    log="$out/logs/argv.log"
    cargo test --quiet --release --test generate_argv --no-run >"$log" 2>&1
    started=$(date +%s.%N)
    status=0
    AMLATTACH_ARGV_CASES=$argv_cases cargo test --quiet --release --test generate_argv -- --test-threads=1 --nocapture \
        >>"$log" 2>&1 || status=$?
    elapsed=$(echo "$(date +%s.%N) - $started" | bc)
    grep -o 'argv [a-z0-9]*: .*' "$log" >&2 || true
    specs=$(grep -o 'argv [a-z0-9]*: [0-9]* specs executed' "$log" | sed 's/.*: \([0-9]*\) specs.*/\1/' | paste -sd+ | bc)
    rate=$(printf "%.1f" "$(echo "scale=3; ${specs:-0} / $elapsed" | bc)")
    echo "| argv (${argv_cases} specs per test, 5 tests, bash + PowerShell) | ${elapsed%.*} | ${specs:-?} specs | $rate | - | $([ "$status" -eq 0 ] && echo 0 || echo 'FAILED, see log') |" >>"$summary"
    [ "$status" -eq 0 ] || { failed=1; say "argv property test failed: $log"; }
done

step "summary ($summary)"
cat "$summary"
exit "$failed"
