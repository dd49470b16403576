#!/usr/bin/env bash
# Compiles each example and each test file on its own and reports what it costs, as a markdown
# table: file, CPU seconds, wall seconds, peak memory. Exits non-zero if a file does not compile
# on its own or takes more than the budget.
#
#   bash tests/compile_time/measure.sh                 # examples/*.cpp and tests/*/test_*.cpp
#   bash tests/compile_time/measure.sh FILE...         # just these
#   BUDGET_SECONDS=8  per-file budget in CPU seconds (default 8)
#   CXX               compiler (default g++); flags are -std=c++20 -O2 -Iinclude -c
#   JOBS              files compiled at once (default: all cores; JOBS=1 for the quietest numbers)
#   OUTPUT            also write the table to this file (default build/compile_time.md)
#
# The budget is on CPU time (user + system) rather than wall time, so a busy machine does not
# turn a good file into a failure.
set -euo pipefail

# shellcheck source=tests/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/../setup.sh"
cd "$XEST_ROOT"

budget="${BUDGET_SECONDS:-8}"
output="${OUTPUT:-build/compile_time.md}"
cxx="$(xest_cxx)"

xest_prepare doctest-dev time
[ -x /usr/bin/time ] || xest_die "/usr/bin/time is missing (Debian package 'time')"

files=()
if [ $# -gt 0 ]; then
    files=("$@")
else
    for f in examples/*.cpp tests/*/test_*.cpp; do
        # tests/support/test_main.cpp is doctest's main, shared by every test program.
        [ -e "$f" ] && [ "$f" != tests/support/test_main.cpp ] && files+=("$f")
    done
fi
if [ "${#files[@]}" -eq 0 ]; then
    xest_log "nothing to measure: no examples/*.cpp nor tests/*/test_*.cpp"
    exit 0
fi

flags=(-std=c++20 -O2 -Iinclude -Itests/support
       -DDOCTEST_CONFIG_SUPER_FAST_ASSERTS
       "-DXEST_TEST_DATA_DIR=\"$XEST_ROOT/tests/data\""
       "-DXEST_PYTHON3=\"$(command -v python3 || true)\"")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Compiles file number $1 and leaves its /usr/bin/time report and compiler output in $work.
measure_one() {
    local i="$1" f="${files[$1]}"
    if /usr/bin/time -v -o "$work/$i.time" "$cxx" "${flags[@]}" -c "$f" -o "$work/$i.o" \
        >"$work/$i.log" 2>&1; then
        echo 0 >"$work/$i.rc"
    else
        echo 1 >"$work/$i.rc"
    fi
    rm -f "$work/$i.o"
}

jobs="$(xest_jobs)"
xest_log "compiling ${#files[@]} files with $cxx, $jobs at a time (budget ${budget} s each)"
running=0
for i in "${!files[@]}"; do
    measure_one "$i" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait

# Field of a `time -v` report, by the start of its label.
time_field() { sed -n "s/^[[:space:]]*$2.*: //p" "$1" | tail -n 1; }

table="$work/table.md"
{
    echo "| file | seconds (CPU) | wall | peak RSS (MB) |"
    echo "| --- | ---: | ---: | ---: |"
} >"$table"
failed=()
over=()
total=0
for i in "${!files[@]}"; do
    f="${files[$i]}"
    if [ "$(cat "$work/$i.rc")" != 0 ]; then
        echo "| $f | does not compile | | |" >>"$table"
        failed+=("$f")
        continue
    fi
    user="$(time_field "$work/$i.time" 'User time (seconds)')"
    sys="$(time_field "$work/$i.time" 'System time (seconds)')"
    wall="$(time_field "$work/$i.time" 'Elapsed (wall clock) time')"
    rss_kb="$(time_field "$work/$i.time" 'Maximum resident set size')"
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    # wall is [h:]m:ss.ss
    wall_s="$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (k = 1; k <= n; ++k) s = s * 60 + p[k]; printf "%.2f", s }')"
    rss_mb="$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
    mark=""
    if awk -v c="$cpu" -v b="$budget" 'BEGIN { exit !(c > b) }'; then
        mark=" (over budget)"
        over+=("$f ($cpu s)")
    fi
    total="$(awk -v t="$total" -v c="$cpu" 'BEGIN { printf "%.2f", t + c }')"
    echo "| $f | $cpu$mark | $wall_s | $rss_mb |" >>"$table"
done
echo "" >>"$table"
echo "${#files[@]} files, ${total} CPU seconds in all, budget ${budget} s per file ($cxx -std=c++20 -O2)." >>"$table"

cat "$table"
mkdir -p "$(dirname "$output")"
cp "$table" "$output"

status=0
for f in "${failed[@]}"; do
    for i in "${!files[@]}"; do
        if [ "${files[$i]}" = "$f" ]; then
            echo ""
            echo "---- $f does not compile on its own:"
            head -n 40 "$work/$i.log"
        fi
    done
    status=1
done
if [ "${#over[@]}" -gt 0 ]; then
    echo ""
    echo "over the ${budget} s budget: ${over[*]}"
    status=1
fi
exit "$status"
