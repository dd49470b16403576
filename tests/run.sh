#!/usr/bin/env bash
# Builds and runs the whole test suite. On a bare Debian 12 machine (as root) it first installs
# the packages it needs; a ready machine does no apt work.
#
#   bash tests/run.sh                   # g++, build/tests
#   CXX=clang++ BUILD_DIR=build/clang bash tests/run.sh
#   SANITIZE=1 BUILD_DIR=build/asan bash tests/run.sh
#   WERROR=1 bash tests/run.sh
#   bash tests/run.sh -R 'core:'       # extra arguments go to ctest
#
# Knobs: see tests/setup.sh (CXX, SANITIZE, WERROR, OPT, CXXFLAGS, JOBS); BUILD_DIR (default
# build/tests, relative to the repository root); TEST_TIMEOUT seconds per test (default 600);
# CTEST_PARALLEL_LEVEL runs tests in parallel (default: one per core; every test works in its own
# temporary directory).
set -euo pipefail

# shellcheck source=tests/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$XEST_ROOT"

build_dir="${BUILD_DIR:-build/tests}"

xest_prepare "${XEST_TEST_PACKAGES[@]}"
xest_configure "$build_dir" -DXESTIMATOR_BUILD_TESTS=ON -DXESTIMATOR_BUILD_EXAMPLES=OFF
build_ok=1
if ! xest_build_keep_going "$build_dir"; then
    build_ok=0
    xest_log "the build FAILED (errors above); running the tests of whatever did build"
fi

if [ "${SANITIZE:-0}" = 1 ]; then
    # Tests that would run a program under valgrind skip when this is set: valgrind and
    # AddressSanitizer cannot share a process.
    export XESTIMATOR_SANITIZE=1
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
fi

export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
xest_log "running the tests in $build_dir ($CTEST_PARALLEL_LEVEL at a time)"
tests_ok=1
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error \
    --timeout "${TEST_TIMEOUT:-600}" "$@" || tests_ok=0

if [ "$build_ok" = 0 ]; then
    xest_die "the build failed in $build_dir (see the compiler errors above)"
fi
[ "$tests_ok" = 1 ] || xest_die "some tests failed in $build_dir"
