#!/usr/bin/env bash
# Builds every benchmark from a clean checkout and runs the contenders side by side, then writes
# benchmarks/results.md. See benchmarks/README.md.
#
#   bash benchmarks/run.sh [--smoke] [--rounds N]
#
#   --smoke      build everything, run each contender for a few steps, judge nothing (CI);
#                results go to build-bench/run/results.md, benchmarks/results.md is not touched
#   --rounds N   rounds of the interleaved contenders (default 5); medians and min-max over them
#
# Environment: XEST_NO_INSTALL=1 never calls apt-get; JOBS build jobs (default 2);
# XEST_BENCH_BUILD build directory (default build-bench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=../tests/setup.sh
source "$root/tests/setup.sh"

smoke=0
rounds=5
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=1 ;;
        --rounds) rounds="$2"; shift ;;
        *) echo "usage: $0 [--smoke] [--rounds N]" >&2; exit 2 ;;
    esac
    shift
done
[ "$smoke" = 1 ] && rounds=1
build="${XEST_BENCH_BUILD:-$root/build-bench}"
out="$build/run"
mkdir -p "$out"
raw="$out/results.txt"
: > "$raw"
log() { printf '[bench] %s\n' "$*" >&2; }

# ---- packages ------------------------------------------------------------------------------
xest_ensure_packages "${XEST_BASE_PACKAGES[@]}" g++ libbenchmark-dev python3 valgrind time
# Optional: the BLAS roof and BLAS contenders of W3, and LIBXSMM (the small-matrix JIT kernels) as a contender.
(xest_ensure_packages libopenblas-dev) || log "libopenblas-dev could not be installed: the W3 roof is skipped"
(xest_ensure_packages libxsmm-dev) || log "libxsmm-dev could not be installed: the LIBXSMM contender is skipped"

# ---- build -----------------------------------------------------------------------------------
cmake -S "$root" -B "$build" -DXESTIMATOR_BUILD_BENCHMARKS=ON -DXESTIMATOR_BUILD_TESTS=OFF \
    -DXESTIMATOR_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release >"$out/configure.log" 2>&1 ||
    { cat "$out/configure.log" >&2; exit 1; }
targets=(xestimator_workloads handwritten_workloads w5_cnn)
[ -n "$(grep -l 'bench_engine' "$build"/benchmarks/Makefile 2>/dev/null)" ] && targets+=(bench_engine)
grep -q 'sgemm_roof' "$build"/benchmarks/Makefile 2>/dev/null && targets+=(sgemm_roof xestimator_workloads_cblas openblas_workloads)
grep -q 'libxsmm_workloads' "$build"/benchmarks/Makefile 2>/dev/null && targets+=(libxsmm_workloads)
log "building ${targets[*]}"
cmake --build "$build" --target "${targets[@]}" -j "${JOBS:-2}" >"$out/build.log" 2>&1 ||
    { tail -50 "$out/build.log" >&2; exit 1; }
bin="$build/benchmarks"
peers="$here/peers/run_peers.sh"
peers_build="$build/peers"
notes="$out/notes.txt"
: > "$notes"
if [ -f "$here/peers/build.sh" ]; then
    log "building the peers (benchmarks/peers/build.sh)"
    bash "$here/peers/build.sh" "$peers_build" >"$out/peers_build.log" 2>&1 || log "some peers failed to build (see $out/peers_build.log)"
fi

# OpenBLAS picks its kernels from the CPU model; in a virtual machine it may not recognise the
# model and fall back to its oldest x86-64 kernels (several times slower). Name the kernel
# family the CPU flags call for, unless the user chose one (benchmarks/peers does the same).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
    cpu_flags="$(grep -m1 '^flags' /proc/cpuinfo)"
    if [[ " $cpu_flags " == *" avx512f "* && " $cpu_flags " == *" avx512vl "* ]]; then
        export OPENBLAS_CORETYPE=SkylakeX
    elif [[ " $cpu_flags " == *" avx2 "* && " $cpu_flags " == *" fma "* ]]; then
        export OPENBLAS_CORETYPE=Haswell
    fi
fi
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
smoke_flag=()
[ "$smoke" = 1 ] && smoke_flag=(--smoke)

# ---- the interleaved rounds ----------------------------------------------------------------------
# One run = one process printing RESULT lines. Each round runs every contender once per workload;
# the order of the contenders rotates from round to round so that none always runs first.
run_one() { # command...
    local lines
    if lines=$("$@" 2>>"$out/stderr.log"); then
        printf '%s\n' "$lines" | grep '^RESULT ' | tee -a "$raw" || true
        # A peer that is not installed or failed says so on a SKIP or FAIL line.
        printf '%s\n' "$lines" | grep -E '^(SKIP|FAIL) ' >>"$notes" || true
    else
        log "failed (see $out/stderr.log): $*"
        echo "FAIL command=$* (exit status non-zero, see build-bench/run/stderr.log)" >>"$notes"
    fi
}

for ((r = 1; r <= rounds; r++)); do
    log "round $r of $rounds"
    for w in W1 W2 W3 W4 W5; do
        if [ "$w" = W5 ]; then
            # The CNN: one program for xestimator and the plain loops, the peers with convolutions.
            cmds=("$bin/w5_cnn --contender xestimator" "$bin/w5_cnn --contender handwritten")
        else
            cmds=("$bin/xestimator_workloads --workload $w"
                  "$bin/handwritten_workloads --workload $w --contender naive-loops")
        fi
        [ "$w" != W5 ] && cmds+=("$bin/handwritten_workloads --workload $w --contender expert")
        [ "$w" != W1 ] && [ "$w" != W5 ] && [ -x "$bin/libxsmm_workloads" ] && cmds+=("$bin/libxsmm_workloads --workload $w")
        [ "$w" = W1 ] || [ "$w" = W2 ] && cmds+=("$bin/xestimator_workloads --workload $w --contender xestimator-engine")
        if [ "$w" = W1 ]; then
            cmds+=("$bin/xestimator_workloads --workload W1 --contender xestimator+hook"
                   "$bin/handwritten_workloads --workload W1 --contender naive-loops+hook")
        fi
        [ "$w" = W3 ] && [ -x "$bin/sgemm_roof" ] && cmds+=("$bin/sgemm_roof")
        [ "$w" = W3 ] && [ -x "$bin/xestimator_workloads_cblas" ] && cmds+=("$bin/xestimator_workloads_cblas --workload W3")
        [ "$w" = W3 ] && [ -x "$bin/openblas_workloads" ] && cmds+=("$bin/openblas_workloads --workload W3")
        [ -f "$peers" ] && cmds+=("bash $peers $w $smoke $peers_build")
        n=${#cmds[@]}
        for ((i = 0; i < n; i++)); do
            c="${cmds[$(((i + r - 1) % n))]}"
            case "$c" in
                bash*) run_one $c ;;  # the peers' script takes positional arguments
                *sgemm_roof) run_one $c "${smoke_flag[@]}" ;;
                *) run_one $c "${smoke_flag[@]}" ;;
            esac
        done
    done
done
[ -f "$peers" ] || log "no benchmarks/peers/run_peers.sh: only xestimator and hand-written loops were run"

# ---- the engine benchmark ------------------------------------------------------------------------
engine="$out/engine.md"
if [ -x "$bin/bench_engine" ]; then
    log "bench_engine"
    if [ "$smoke" = 1 ]; then eargs=(--benchmark_min_time=0.01); else eargs=(--benchmark_repetitions=9 --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true); fi
    "$bin/bench_engine" --benchmark_color=false "${eargs[@]}" >"$out/bench_engine.txt" 2>&1 || log "bench_engine failed"
    {
        echo "\`bench_engine\` (Google Benchmark; raw engine program vs the same loops by hand, one training step):"
        echo
        echo '```'
        grep -E '^(seed|mlp)_|^RATIO' "$out/bench_engine.txt" || true
        echo '```'
    } >"$engine"
else
    echo "bench_engine was not built (Google Benchmark missing: Debian package libbenchmark-dev)." >"$engine"
fi

# ---- hook cost (callgrind) -------------------------------------------------------------------------
hooks="$out/hooks.md"
log "hook cost (callgrind)"
{
    echo "Instructions per training step of \`estimator::train\` (callgrind; valgrind build -O3 -march=x86-64-v3):"
    echo
    echo '```'
    bash "$here/hook_cost.sh" --build-dir "$build/callgrind" "${smoke_flag[@]}" 2>>"$out/stderr.log" || echo "hook_cost.sh failed"
    echo '```'
} >"$hooks"

# ---- allocations -----------------------------------------------------------------------------------
allocs="$out/allocs.md"
{
    echo "Heap allocations per step after the first (counted by a replaced \`operator new\`; extra \`allocs_per_step\`):"
    echo
    grep -E '^RESULT contender=(xestimator|naive-loops|expert|libxsmm)[^ ]* workload=W[124]' "$raw" |
        sed -E 's/^RESULT contender=([^ ]+) workload=([^ ]+) .*allocs_per_step:([^,]+).*/- \1 \2: \3/' | sort -u
} >"$allocs"

# ---- compile cost of the W2 and in-memory seed programs --------------------------------------
compile="$out/compile.md"
if [ "$smoke" = 1 ]; then
    echo "Not measured in --smoke runs." >"$compile"
else
    log "compile cost of the W2 and in-memory seed programs (-O2)"
    cxx="$(xest_cxx)"
    ccdir="$out/compile"
    mkdir -p "$ccdir"
    flags=(-std=c++20 -O2 -DNDEBUG -DXEST_BENCH_W2_ONLY "-DXEST_BENCH_DATA_DIR=\"$here/data\"" -I"$root/include")
    /usr/bin/time -v "$cxx" "${flags[@]}" -c "$here/workloads/xestimator_workloads.cpp" -o "$ccdir/w2.o" 2>"$ccdir/time.txt"
    "$cxx" -std=c++20 -O2 -c "$here/common/alloc_counter.cpp" -o "$ccdir/alloc.o"
    /usr/bin/time -v "$cxx" -std=c++20 -O2 -DNDEBUG -c "$here/common/harness.cpp" -o "$ccdir/harness.o" 2>"$ccdir/harness_time.txt"
    "$cxx" "$ccdir/w2.o" "$ccdir/alloc.o" "$ccdir/harness.o" -o "$ccdir/w2"
    strip -o "$ccdir/w2.stripped" "$ccdir/w2"
    # The same W2 program built with XESTIMATOR_SEPARATE_COMPILATION: the model-directory layer
    # is compiled once, in its own translation unit (<xestimator/src.hpp>), and linked.
    /usr/bin/time -v "$cxx" "${flags[@]}" -DXESTIMATOR_SEPARATE_COMPILATION -c "$here/workloads/xestimator_workloads.cpp" \
        -o "$ccdir/w2_separate.o" 2>"$ccdir/w2_separate_time.txt"
    printf '#include <xestimator/src.hpp>\n' >"$ccdir/src.cpp"
    /usr/bin/time -v "$cxx" -std=c++20 -O2 -DNDEBUG -DXESTIMATOR_SEPARATE_COMPILATION -I"$root/include" -c "$ccdir/src.cpp" \
        -o "$ccdir/src.o" 2>"$ccdir/src_time.txt"
    "$cxx" "$ccdir/w2_separate.o" "$ccdir/src.o" "$ccdir/alloc.o" "$ccdir/harness.o" -o "$ccdir/w2_separate"
    strip -o "$ccdir/w2_separate.stripped" "$ccdir/w2_separate"
    # The in-memory seed program: the seed model through xestimator/in_memory.hpp.
    /usr/bin/time -v "$cxx" -std=c++20 -O2 -DNDEBUG -I"$root/include" -c "$here/workloads/seed_in_memory.cpp" \
        -o "$ccdir/seed.o" 2>"$ccdir/seed_time.txt"
    "$cxx" "$ccdir/seed.o" -o "$ccdir/seed"
    strip -o "$ccdir/seed.stripped" "$ccdir/seed"
    field() { sed -n "s/.*$2: //p" "$1"; }
    # row NAME TIME_REPORT STRIPPED_BINARY TARGET: one line of the table below.
    row() {
        local cpu wall rss
        cpu="$(python3 -c "print(f'{$(field "$2" 'User time (seconds)') + $(field "$2" 'System time (seconds)'):.2f}')")"
        wall="$(field "$2" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')"
        rss=$(( $(field "$2" 'Maximum resident set size (kbytes)') / 1024 ))
        echo "| $1 | $cpu s | $wall | $rss MB | $(( $(stat -c %s "$3") / 1024 )) KiB | $4 |"
    }
    {
        echo "Compiled by \`$cxx -std=c++20 -O2\` (one translation unit each, \`/usr/bin/time -v\`; CPU = user + system):"
        echo
        echo "| program | CPU | wall-clock | peak compiler RSS | stripped binary | target |"
        echo "|---|---:|---:|---:|---:|---|"
        row "W2 (\`workloads/xestimator_workloads.cpp -DXEST_BENCH_W2_ONLY\`: estimator, input, hooks, evaluation)" \
            "$ccdir/time.txt" "$ccdir/w2.stripped" "< 5 s, < 500 MB"
        row "W2 with \`-DXESTIMATOR_SEPARATE_COMPILATION\` (the same program; the layer below is linked)" \
            "$ccdir/w2_separate_time.txt" "$ccdir/w2_separate.stripped" "< 5 s"
        row "the model-directory layer (\`<xestimator/src.hpp>\`, compiled once per program; size of its object file)" \
            "$ccdir/src_time.txt" "$ccdir/src.o" "none"
        row "the benchmarks' harness (\`common/harness.cpp\`: data, command line, RESULT line; linked into both W2 builds; object file)" \
            "$ccdir/harness_time.txt" "$ccdir/harness.o" "none"
        row "in-memory seed (\`workloads/seed_in_memory.cpp\`: train, evaluate, predict, no model directory)" \
            "$ccdir/seed_time.txt" "$ccdir/seed.stripped" "< 3 s"
        echo
        echo "CPU time is the figure to compare on a busy machine."
        if [ -s "$peers_build/compile.txt" ]; then
            echo
            echo "The peers' programs (\`benchmarks/peers/build.sh\`, -O3, every workload in one program):"
            echo
            echo '```'
            cat "$peers_build/compile.txt"
            echo '```'
        fi
    } >"$compile"
fi

# ---- contenders that did not run ---------------------------------------------------------------------
skipped="$out/skipped.md"
if [ -s "$notes" ]; then
    { echo '```'; sort -u "$notes"; echo '```'; } >"$skipped"
else
    echo "Every contender ran." >"$skipped"
fi

# ---- machine ---------------------------------------------------------------------------------------
machine="$out/machine.md"
{
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc) cores available ($(lscpu | sed -n 's/^Thread(s) per core: *//p') thread(s) per core)"
    echo "- caches: $(lscpu | sed -n 's/^L1d cache: *//p') L1d, $(lscpu | sed -n 's/^L2 cache: *//p') L2, $(lscpu | sed -n 's/^L3 cache: *//p') L3"
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- compiler: $("$(xest_cxx)" --version | head -1)"
    echo "- kernel: $(uname -sr); $(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')"
    echo "- flags: -O3 -march=native -fno-math-errno (benchmarks/CMakeLists.txt); rounds: $rounds$([ "$smoke" = 1 ] && echo ' (smoke: a few steps each, not a measurement)')"
} >"$machine"

target="$here/results.md"
[ "$smoke" = 1 ] && target="$out/results.md"
python3 "$here/summarize.py" "$raw" "$target" \
    --section "Machine" "$machine" \
    --section "Engine vs hand-written (issue targets: seed <= 1.1, MLP <= 1.2)" "$engine" \
    --section "Hook cost" "$hooks" \
    --section "Allocations" "$allocs" \
    --section "Compile cost" "$compile" \
    --section "Contenders skipped or failed" "$skipped"
log "wrote $target"
