#!/usr/bin/env bash
# Builds each libFuzzer target (clang++ -fsanitize=fuzzer,address,undefined) and runs it for a
# bounded time, starting from the seed corpus in tests/fuzz/corpus/<target>/.
#
#   bash tests/fuzz/run.sh                     # every target, FUZZ_SECONDS (default 45) each
#   FUZZ_SECONDS=300 bash tests/fuzz/run.sh npz
#   FUZZ_SEED=0 bash tests/fuzz/run.sh        # a new random seed (default 1: a CI run repeats)
#
# Targets: csv (the CSV reader behind from_csv), npz (the .npz/.npy reader of checkpoints),
# checkpoint_index (the `checkpoint` index parser), event_reader (the tests' event-file decoder).
# New inputs go to build/fuzz/corpus/<target>/ (kept between runs); a crash leaves its input in
# build/fuzz/artifacts/ and fails the run: add that input to tests/fuzz/corpus/<target>/ and a
# regression test, then fix. Prints the executions per target.
set -euo pipefail

# shellcheck source=tests/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/../setup.sh"
cd "$XEST_ROOT"

seconds="${FUZZ_SECONDS:-45}"
out="${FUZZ_BUILD_DIR:-build/fuzz}"
cxx="${FUZZ_CXX:-clang++}"
targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(csv npz checkpoint_index event_reader)

xest_ensure_packages clang libclang-rt-14-dev "${XEST_BASE_PACKAGES[@]}"
mkdir -p "$out/artifacts"

failed=0
summary=()
for t in "${targets[@]}"; do
    src="tests/fuzz/fuzz_${t}.cpp"
    [ -f "$src" ] || xest_die "no fuzz target $src"
    bin="$out/fuzz_${t}"
    xest_log "building $bin"
    "$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
        -fno-omit-frame-pointer -Iinclude -Itests/support "$src" -o "$bin"
    mkdir -p "$out/corpus/$t"
    log="$out/fuzz_${t}.log"
    xest_log "fuzzing $t for $seconds s"
    rc=0
    ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1" \
        "$bin" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/${t}-" \
        "$out/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    corpus="$(find "$out/corpus/$t" -type f | wc -l)"
    if [ "$rc" -eq 0 ]; then
        summary+=("$(printf '%-18s %12s executions, %6s corpus files, no crash' "$t" "${runs:-?}" "$corpus")")
    else
        failed=1
        summary+=("$(printf '%-18s %12s executions, CRASH (exit %d): see %s and %s/artifacts' "$t" "${runs:-?}" "$rc" "$log" "$out")")
        grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -n 20 >&2 || true
    fi
done
printf '\nfuzzing, %s s per target:\n' "$seconds"
printf '  %s\n' "${summary[@]}"
[ "$failed" -eq 0 ]
