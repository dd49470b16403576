#!/usr/bin/env bash
# The export round trip: train the iris classifier on the host (examples/embedded/
# export_classifier.cpp), print its predictions and export its params with xest::export_header;
# compile the generated header into the predict-only program (predict_firmware.cpp) and check
# that its predictions are the same bits, on the host and, when the ARM toolchain and QEMU are
# there, on the Cortex-M4, where nm must show no initializer and no optimizer code.
#
#   export_roundtrip.sh SOURCE_DIR BUILD_DIR
set -euo pipefail

src="$1"
out="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host_cxx="${XEST_HOST_CXX:-g++}"
include="$src/../../include"
mkdir -p "$out/generated"
rm -f "$out/generated/iris_weights.hpp"

flags=(-std=c++20 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic -Werror -I"$include")
"$host_cxx" "${flags[@]}" "$src/export_classifier.cpp" "$src/board_host.cpp" -o "$out/export_classifier"
"$out/export_classifier" "$out/generated/iris_weights.hpp" >"$out/trained_predictions.txt"
echo "exported: $(grep -c 'struct weight<' "$out/generated/iris_weights.hpp") params to $out/generated/iris_weights.hpp"

"$host_cxx" "${flags[@]}" -I"$out/generated" "$src/predict_firmware.cpp" "$src/board_host.cpp" -o "$out/predict_host"
"$out/predict_host" | grep -v '^stack bytes used' >"$out/exported_predictions.txt"
if ! diff "$out/trained_predictions.txt" "$out/exported_predictions.txt" >"$out/roundtrip.diff"; then
    echo "FAIL: the predictions from the exported header differ from the trained model's (< trained, > exported):"
    head -n 20 "$out/roundtrip.diff"
    exit 1
fi
echo "round trip on the host: $(grep -c '^prediction' "$out/trained_predictions.txt") predictions x 3 logits equal bit for bit"

# On the Cortex-M4: the same predictions (firmware_test.sh compares with the host build of the
# same source, which was just compared with the trained model), no initializer, no optimizer.
XEST_EXTRA_INCLUDE="$out/generated" \
    XEST_FORBIDDEN_EXTRA='xest::init::|xest::optim::|random_stream|engine_trainer' \
    bash "$here/firmware_test.sh" "$src" "$out" predict_firmware 16384 8192
