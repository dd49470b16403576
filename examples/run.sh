#!/usr/bin/env bash
# Builds one example and runs it from the repository root (so a model directory such as
# my_model/ is written there). On a bare Debian 12 machine (as root) it first installs the
# packages it needs; a ready machine does no apt work.
#
#   bash examples/run.sh                 # examples/seed_linear.cpp
#   bash examples/run.sh NAME [ARGS...]  # examples/NAME.cpp, ARGS passed to the program
#   bash examples/run.sh --list          # the examples there are
#   bash examples/run.sh --build-all     # build every example, run none
#
# Knobs: see tests/setup.sh (CXX, SANITIZE, WERROR, OPT, CXXFLAGS, JOBS); BUILD_DIR (default
# build/examples, relative to the repository root).
set -euo pipefail

# shellcheck source=tests/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/setup.sh"
cd "$XEST_ROOT"

build_dir="${BUILD_DIR:-build/examples}"

available() {
    local f
    for f in examples/*.cpp; do
        [ -e "$f" ] && basename "$f" .cpp
    done
    return 0
}

name="${1:-seed_linear}"
[ $# -gt 0 ] && shift

case "$name" in
    --list)
        available
        exit 0
        ;;
    --build-all)
        [ -n "$(available)" ] || xest_die "there are no examples (examples/*.cpp) to build"
        xest_prepare
        xest_configure "$build_dir" -DXESTIMATOR_BUILD_TESTS=OFF -DXESTIMATOR_BUILD_EXAMPLES=ON
        xest_build "$build_dir"
        exit 0
        ;;
    -*)
        xest_die "unknown option '$name' (use NAME, --list or --build-all)"
        ;;
esac

if [ ! -f "examples/$name.cpp" ]; then
    xest_die "no example '$name' (examples/$name.cpp); the examples are: $(available | tr '\n' ' ')"
fi

xest_prepare
xest_configure "$build_dir" -DXESTIMATOR_BUILD_TESTS=OFF -DXESTIMATOR_BUILD_EXAMPLES=ON
xest_build "$build_dir" "$name"

program="$build_dir/examples/$name"
[ -x "$program" ] || xest_die "the build did not produce $program"
xest_log "running $program from $XEST_ROOT"
exec "$program" "$@"
