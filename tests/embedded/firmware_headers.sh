#!/usr/bin/env bash
# The firmware profile's headers (docs/embedded.md) compile for the Cortex-M4 with -std=c++20
# -fno-exceptions -fno-rtti -Werror, and include no POSIX header, no <filesystem>, no <fstream>.
# Only xtensor and xtl are taken from the host's /usr/include (through links), so no glibc header
# can stand in for one newlib lacks.
#
#   firmware_headers.sh INCLUDE_DIR BUILD_DIR
# Exit status 77 (ctest: skipped) when the ARM toolchain is missing.
set -euo pipefail

include="$1"
out="$2"
if ! command -v arm-none-eabi-g++ >/dev/null 2>&1; then
    echo "SKIPPED: arm-none-eabi-g++ not found. Install Debian's gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib" \
        "libnewlib-arm-none-eabi to check the firmware headers."
    exit 77
fi
mkdir -p "$out/host_headers"
for lib in xtensor xtl; do
    ln -sfn "/usr/include/$lib" "$out/host_headers/$lib"
done
src="$out/firmware_headers.cpp"
cat >"$src" <<'CPP'
#include <xestimator/core.hpp>
#include <xestimator/estimator/model_params.hpp>
#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/in_memory.hpp>
#include <xestimator/init.hpp>
#include <xestimator/losses.hpp>
#include <xestimator/metrics.hpp>
#include <xestimator/nn.hpp>
#include <xestimator/optim.hpp>
int main() { return 0; }
CPP
arm-none-eabi-g++ -std=c++20 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti \
    -Wall -Wextra -Wpedantic -Werror -I"$include" -isystem "$out/host_headers" -fsyntax-only -H "$src" 2>"$out/includes.txt" || {
    grep -v '^\.' "$out/includes.txt"
    echo "FAIL: the firmware headers do not compile for the Cortex-M4"
    exit 1
}
bad="$(grep -E '/(filesystem|fstream|unistd\.h|fcntl\.h|signal\.h|pthread\.h|dirent\.h)$' "$out/includes.txt" || true)"
if [ -n "$bad" ]; then
    echo "FAIL: the firmware headers include what a microcontroller does not have:"
    echo "$bad"
    exit 1
fi
echo "core, expr, nn, losses, init, optim, metrics, in_memory.hpp (the in-memory estimator, array inputs, hooks),"
echo "estimator/spec.hpp and estimator/model_params.hpp compile for the Cortex-M4"
echo "($(grep -c '^\.' "$out/includes.txt") headers read), with no POSIX header, <filesystem> or <fstream>"
