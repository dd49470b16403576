#!/usr/bin/env bash
# Runs every built peer on one workload and prints their RESULT lines (SKIP lines for the peers
# that are not available, FAIL lines for a peer that exits with an error).
#
#   benchmarks/peers/run_peers.sh <W1|W2|W3|W4|W5> <smoke 0|1> [BUILD_DIR]   (default <repo>/build/peers)
#
# One compute thread for every peer: OMP/MKL/OpenBLAS threads = 1 (the programs also set the
# libraries' own thread counts). PYTHON picks the interpreter for the PyTorch peer (default: the
# first of /usr/bin/python3 and python3 that can import torch).
set -u

if [ $# -lt 2 ] || ! [[ "$1" =~ ^W[12345]$ ]] || ! [[ "$2" =~ ^[01]$ ]]; then
    echo "usage: $0 <W1|W2|W3|W4|W5> <smoke 0|1> [BUILD_DIR]" >&2
    exit 2
fi
workload="$1"
smoke="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${3:-${PEERS_BUILD_DIR:-$root/build/peers}}"
data="$root/benchmarks/data"

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# OpenBLAS picks its kernels from the CPU model; inside some virtual machines it does not
# recognise the model and falls back to its oldest x86-64 kernels (about 3x slower). Name the
# kernel family the CPU flags call for, as OpenBLAS does on a CPU it recognises, unless the
# user chose one.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
    flags="$(grep -m1 '^flags' /proc/cpuinfo)"
    if [[ " $flags " == *" avx512f "* && " $flags " == *" avx512vl "* ]]; then
        export OPENBLAS_CORETYPE=SkylakeX
    elif [[ " $flags " == *" avx2 "* && " $flags " == *" fma "* ]]; then
        export OPENBLAS_CORETYPE=Haswell
    fi
fi

args=(--workload "$workload" --data "$data")
[ "$smoke" = 1 ] && args+=(--smoke)

run() {  # contender name(s) for messages, command...
    local name="$1"
    shift
    "$@"
    local rc=$?
    [ $rc -eq 0 ] || echo "FAIL contender=$name workload=$workload reason=exit status $rc"
}

# W4 (awkward sizes) compares the matrix kernels: Eigen is the peer that has them. W5 (a small
# CNN) needs convolutions, which Eigen's core module does not have.
peer_list="eigen libtorch dlib tinydnn"
[ "$workload" = W4 ] && peer_list="eigen"
[ "$workload" = W5 ] && peer_list="libtorch dlib tinydnn"
for peer in $peer_list; do
    case "$peer" in
        tinydnn) name=tiny-dnn ;;
        *) name="$peer" ;;
    esac
    if [ -x "$out/$peer" ]; then
        run "$name" "$out/$peer" "${args[@]}"
    elif [ -f "$out/$peer.skip" ]; then
        echo "SKIP contender=$name workload=$workload reason=$(cat "$out/$peer.skip")"
    else
        echo "SKIP contender=$name workload=$workload reason=not built (run benchmarks/peers/build.sh $out)"
    fi
done

[ "$workload" = W4 ] && exit 0
python=""
for candidate in ${PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$candidate" > /dev/null 2>&1 && "$candidate" -c 'import torch, numpy' > /dev/null 2>&1; then
        python="$candidate"
        break
    fi
done
if [ -n "$python" ]; then
    run pytorch "$python" "$here/pytorch.py" "${args[@]}"
else
    echo "SKIP contender=pytorch workload=$workload reason=no python3 can import torch and numpy (install the Debian package python3-torch)"
fi
