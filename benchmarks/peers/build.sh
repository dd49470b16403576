#!/usr/bin/env bash
# Builds every peer whose Debian package is installed; skips the others with a message.
#
#   benchmarks/peers/build.sh [BUILD_DIR]        (default: <repo>/build/peers)
#
# Flags: g++ -std=c++20 -O3 -march=native -fno-math-errno (CXX and PEERS_FLAGS override them).
# Each compilation runs under /usr/bin/time -v; BUILD_DIR/compile.txt gets one line per peer:
#   peer=<name> status=<ok|skipped|failed> seconds=<wall> cpu_seconds=<user+sys> peak_rss_mb=<compiler peak RSS>
# (on a busy machine the wall seconds include waiting for a core; cpu_seconds does not).
# BUILD_DIR/<peer>.skip holds the reason a peer was skipped (run_peers.sh prints it).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-${PEERS_BUILD_DIR:-$root/build/peers}}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cxx="${CXX:-g++}"
# -Wno-(maybe-)uninitialized: GCC 12 reports false positives inside the AVX-512 intrinsics
# that Eigen and libtorch inline; the libraries' own headers are included as system headers.
read -r -a flags <<< "${PEERS_FLAGS:--std=c++20 -O3 -march=native -fno-math-errno -Wall -Wextra -Wno-uninitialized -Wno-maybe-uninitialized}"
data_def="-DPEERS_DATA_DIR=\"$root/benchmarks/data\""

compile_txt="$out/compile.txt"
: > "$compile_txt"
failures=0

have_time=0
[ -x /usr/bin/time ] && have_time=1
[ $have_time = 1 ] || echo "peers: /usr/bin/time not found (Debian package 'time'): compile seconds and memory are not recorded"

skip() {  # peer, reason
    echo "peers: skipping $1: $2"
    echo "$2" > "$out/$1.skip"
    rm -f "$out/$1"
    echo "peer=$1 status=skipped seconds=0 cpu_seconds=0 peak_rss_mb=0" >> "$compile_txt"
}

build() {  # peer, source, extra compiler arguments...
    local peer="$1" src="$2"
    shift 2
    rm -f "$out/$peer.skip"
    echo "peers: building $peer"
    local log="$out/$peer.log" tv="$out/$peer.time"
    local cmd=("$cxx" "${flags[@]}" "$data_def" "$here/$src" -o "$out/$peer" "$@")
    local rc
    if [ $have_time = 1 ]; then
        /usr/bin/time -v -o "$tv" "${cmd[@]}" > "$log" 2>&1
        rc=$?
    else
        "${cmd[@]}" > "$log" 2>&1
        rc=$?
    fi
    local secs=0 cpu=0 rss=0
    if [ $have_time = 1 ] && [ -f "$tv" ]; then
        # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:12.34"
        secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i]; printf "%.2f", s }' "$tv")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tv")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tv")
    fi
    if [ $rc -eq 0 ]; then
        echo "peer=$peer status=ok seconds=$secs cpu_seconds=$cpu peak_rss_mb=$rss" >> "$compile_txt"
        grep -E 'warning|error' "$log" | grep -E "benchmarks/(peers|common)/" | head -20
    else
        echo "peer=$peer status=failed seconds=$secs cpu_seconds=$cpu peak_rss_mb=$rss" >> "$compile_txt"
        echo "peers: $peer FAILED to compile (log: $log):"
        grep -m 20 -E 'error' "$log"
        echo "compilation failed, see $log" > "$out/$peer.skip"
        failures=$((failures + 1))
    fi
}

# ---- Eigen 3.4 (libeigen3-dev) ----------------------------------------------------------------
eigen_inc=""
for dir in $(pkg-config --cflags-only-I eigen3 2>/dev/null | sed 's/-I//g') /usr/include/eigen3; do
    if [ -f "$dir/Eigen/Core" ]; then
        eigen_inc="$dir"
        break
    fi
done
if [ -n "$eigen_inc" ] && [ -f "$eigen_inc/Eigen/Core" ]; then
    build eigen eigen.cpp -isystem "$eigen_inc"
else
    skip eigen "Eigen not found (install the Debian package libeigen3-dev)"
fi

# ---- libtorch (libtorch-dev) --------------------------------------------------------------------
torch_api=/usr/include/torch/csrc/api/include
if [ -f "$torch_api/torch/torch.h" ] && compgen -G '/usr/lib/*/libtorch_cpu.so' > /dev/null; then
    build libtorch libtorch.cpp -isystem "$torch_api" -ltorch -ltorch_cpu -lc10
else
    skip libtorch "libtorch not found (install the Debian package libtorch-dev)"
fi

# ---- dlib (libdlib-dev): W1-W3 and W5's CNN in one program ---------------------------------------
if pkg-config --exists dlib-1 2>/dev/null; then
    read -r -a dlib_libs <<< "$(pkg-config --libs dlib-1)"
    build dlib dlib.cpp "${dlib_libs[@]}"
else
    skip dlib "dlib not found (install the Debian package libdlib-dev)"
fi

# ---- tiny-dnn (tiny-dnn + libcereal-dev, libstb-dev, libgemmlowp-dev) --------------------------
if [ ! -f /usr/include/tiny_dnn/tiny_dnn.h ]; then
    skip tinydnn "tiny-dnn not found (install the Debian package tiny-dnn)"
else
    missing=""
    [ -f /usr/include/cereal/cereal.hpp ] || missing="$missing libcereal-dev"
    [ -f /usr/include/stb/stb_image.h ] || missing="$missing libstb-dev"
    [ -f /usr/include/gemmlowp/public/gemmlowp.h ] || missing="$missing libgemmlowp-dev"
    if [ -n "$missing" ]; then
        skip tinydnn "tiny-dnn's headers need the Debian package(s)$missing"
    else
        # tiny-dnn includes "third_party/stb/*.h" (its bundled copies, which Debian replaces
        # with libstb-dev's <stb/*.h>): forwarding headers close the gap.
        fwd="$out/tinydnn_include"
        mkdir -p "$fwd/third_party/stb"
        for h in stb_image stb_image_resize stb_image_write; do
            echo "#include <stb/$h.h>" > "$fwd/third_party/stb/$h.h"
        done
        build tinydnn tinydnn.cpp -isystem "$fwd" -pthread
    fi
fi

# ---- PyTorch (python3-torch): nothing to build, checked by run_peers.sh ------------------------

echo "peers: compile times and compiler memory in $compile_txt"
cat "$compile_txt"
[ $failures -eq 0 ]
