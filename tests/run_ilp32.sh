#!/usr/bin/env bash
# The file layer on a 32-bit target (ILP32: 32-bit size_t and long): builds the io test program
# (checkpoints, npz, event files, atomic files, locks) with `g++ -m32` and runs it, so that a size, offset or shift that only works
# with a 64-bit size_t fails here. Debian's g++-multilib provides the 32-bit libraries; without
# it the run is skipped with a message (exit 0).
#
#   bash tests/run_ilp32.sh            # build/ilp32
set -euo pipefail

# shellcheck source=tests/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$XEST_ROOT"

build_dir="${BUILD_DIR:-build/ilp32}"
xest_prepare "${XEST_TEST_PACKAGES[@]}"
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
if ! printf '#include <string>\nint main() { return std::string("x").size() == 1 ? 0 : 1; }\n' \
    | g++ -m32 -x c++ - -o "$probe/a.out" 2>/dev/null || ! "$probe/a.out"; then
    xest_log "SKIPPED: g++ -m32 cannot build and run a program here; install Debian's g++-multilib"
    exit 0
fi
# Debian's interpreter first, as tests/CMakeLists.txt does: the one python3-numpy installs into.
python3=/usr/bin/python3
[ -x "$python3" ] || python3="$(command -v python3 || echo python3)"
# Compiled directly rather than through CMake: the xtensor package's CMake version file refuses a
# 32-bit build of a 64-bit configuration, though the library is header-only.
mkdir -p "$build_dir"
# SSE2 arithmetic, as every 32-bit x86 build of this decade: x87 excess precision would change
# float results, which the tests compare bit for bit.
flags=(-m32 -msse2 -mfpmath=sse -std=c++20 -O1 -g -Wall -Wextra -Wpedantic -Werror -Iinclude -Itests/support
    -DDOCTEST_CONFIG_SUPER_FAST_ASSERTS -DXEST_TEST_DATA_DIR="\"$XEST_ROOT/tests/data\""
    -DXEST_PYTHON3="\"$python3\"")
# shellcheck disable=SC2206
flags+=(${CXXFLAGS:-})
g++ "${flags[@]}" -c tests/support/test_main.cpp -o "$build_dir/test_main.o"
status=0
for layer in io; do
    xest_log "building tests/$layer with g++ -m32"
    g++ "${flags[@]}" "$build_dir/test_main.o" tests/"$layer"/test_*.cpp -o "$build_dir/test_$layer" -pthread
    xest_log "running tests/$layer (32-bit)"
    # One program runs every case; a case that skips (exit 77) would end it early, so a skip
    # counts as a failure here.
    (cd "$build_dir" && "./test_$layer") || status=1
done
exit "$status"
