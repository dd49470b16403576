#!/usr/bin/env bash
# W3 data-parallel scaling over MPI (docs/distributed.md): builds w3_scaling with the MPI
# compiler wrapper, then runs it with 1 and 2 ranks, alternating, ROUNDS times, and prints the
# median of each quantity and the speed-up of 2 ranks over 1.
#
#   bash benchmarks/distribute/run.sh [ROUNDS (default 5)] [STEPS (default 300)] [BATCH (default 64)]
#
# BATCH is the batch per rank: 64 is W3; a larger one shows how the speed-up grows with the
# compute per message (the message is the same).
#
# Environment: CXX (default g++, wrapped by mpicxx), XEST_NO_INSTALL=1 never calls apt-get,
# XEST_BENCH_BUILD build directory (default build-bench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../tests/setup.sh
source "$root/tests/setup.sh"
rounds="${1:-5}"
steps="${2:-300}"
batch="${3:-64}"
xest_ensure_packages "${XEST_BASE_PACKAGES[@]}" g++ "${XEST_MPI_PACKAGES[@]}" python3
build="${XEST_BENCH_BUILD:-$root/build-bench}/distribute"
mkdir -p "$build"
program="$build/w3_scaling_b$batch"
echo "[bench] building $program" >&2
OMPI_CXX="${CXX:-g++}" mpicxx -std=c++20 -O3 -march=native -fno-math-errno -DNDEBUG -DXEST_W3_BATCH="$batch" -I"$root/include" \
    "$here/w3_scaling.cpp" -o "$program"

# Root may run mpirun (CI containers). Shared memory uses Open MPI's default single-copy
# mechanism (CMA); where a container forbids it, set OMPI_MCA_btl_vader_single_copy_mechanism=none.
mpirun=(mpirun --oversubscribe --allow-run-as-root --bind-to none)
out="$build/results.txt"
: >"$out"
for round in $(seq 1 "$rounds"); do
    for ranks in 1 2; do
        echo "[bench] round $round, $ranks rank(s), load average $(cut -d' ' -f1 /proc/loadavg)" >&2
        echo "ranks=$ranks round=$round load_average $(cut -d' ' -f1 /proc/loadavg)" >>"$out"
        "${mpirun[@]}" -np "$ranks" "$program" "$steps" | sed -n "s/^RESULT /ranks=$ranks round=$round /p" >>"$out"
    done
done
python3 - "$out" "$batch" <<'PY'
import statistics, sys, collections
values = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) == 4:
        values[(fields[0], fields[2])].append(float(fields[3]))
names = ["load_average", "examples_per_sec", "step_ms", "compute_ms_per_step", "cpu_ms_per_step", "allreduce_ms_per_step",
         "allreduce_share", "allreduce_alone_ms", "allreduce_alone_min_ms", "message_bytes"]
print("| quantity | 1 rank | 2 ranks |")
print("|---|---:|---:|")
for n in names:
    row = []
    for r in ("ranks=1", "ranks=2"):
        v = values.get((r, n), [])
        row.append(f"{statistics.median(v):.3f} ({min(v):.3f}-{max(v):.3f})" if v else "")
    print(f"| {n} | {row[0]} | {row[1]} |")
one, two = values[("ranks=1", "examples_per_sec")], values[("ranks=2", "examples_per_sec")]
print(f"\nspeed-up of 2 ranks over 1 (median examples/s): {statistics.median(two) / statistics.median(one):.2f}x")
c1, c2 = values[("ranks=1", "cpu_ms_per_step")], values[("ranks=2", "cpu_ms_per_step")]
print(f"CPU time per step and rank, 2 ranks / 1 rank: {statistics.median(c2) / statistics.median(c1):.2f}")

# Projection to N machines, one rank each: a step is the compute of one rank (the 1-rank CPU time
# per step, i.e. a core of its own) plus a ring allreduce of the message, 2 (N-1)/N * bytes /
# bandwidth + 2 (N-1) * latency, not overlapped.
compute = statistics.median(c1) * 1e-3
message = statistics.median(values[("ranks=2", "message_bytes")])
batch = int(sys.argv[2])
print(f"\nprojection (compute {compute * 1e3:.2f} ms per step of {batch} examples, message {message / 1e6:.3f} MB):")
print("| network | " + " | ".join(f"N={n}" for n in (2, 4, 8, 16, 64)) + " |")
print("|---|" + "---:|" * 5)
for name, bandwidth, latency, scale in ((f"10 Gb/s, 20 us, batch {batch}/rank", 1.25e9, 20e-6, 1),
                                        (f"10 Gb/s, 20 us, batch {8 * batch}/rank", 1.25e9, 20e-6, 8),
                                        (f"100 Gb/s, 2 us, batch {batch}/rank", 12.5e9, 2e-6, 1)):
    cells = []
    for n in (2, 4, 8, 16, 64):
        allreduce = 2 * (n - 1) / n * message / bandwidth + 2 * (n - 1) * latency
        cells.append(f"{n * compute * scale / (compute * scale + allreduce):.1f}x")
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
