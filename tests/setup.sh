# shellcheck shell=bash
# Shared set-up for tests/run.sh, examples/run.sh and tests/compile_time/measure.sh: install the
# Debian packages that are missing, then configure and build a CMake tree. Source it; do not run it.
#
# Environment knobs (all optional):
#   CXX           compiler (default g++); clang++ installs Debian's clang if it is missing
#   SANITIZE=1    AddressSanitizer + UndefinedBehaviorSanitizer build (-O0 -g)
#   WERROR=1      -DXESTIMATOR_WERROR=ON: warnings in the project's own code are errors
#   OPT           optimisation flags of a normal build (default -O2)
#   CXXFLAGS      extra compiler flags, LDFLAGS extra linker flags
#   JOBS          parallel build jobs (default: all cores)
#   XEST_NO_INSTALL=1  never call apt-get (report what is missing and go on)

XEST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What every build needs, and what the test suite adds on top.
XEST_BASE_PACKAGES=(cmake make xtensor-dev xtl-dev libxsimd-dev)
XEST_TEST_PACKAGES=(doctest-dev python3 python3-numpy valgrind)
# The firmware tests (tests/embedded, docs/embedded.md): the Cortex-M4 toolchain with newlib and
# QEMU. Optional: without them those tests are skipped with a message; .ci/run installs them.
XEST_EMBEDDED_PACKAGES=(gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib libnewlib-arm-none-eabi qemu-system-arm)
# Data-parallel training (tests/distribute, docs/distributed.md): Open MPI. Optional: without it
# those tests are skipped with a message; .ci/run installs it.
XEST_MPI_PACKAGES=(openmpi-bin libopenmpi-dev)
# The file layer on a 32-bit target (tests/run_ilp32.sh): g++ -m32. Optional; .ci/run installs it.
XEST_ILP32_PACKAGES=(g++-multilib)

xest_log() { printf '[xestimator] %s\n' "$*" >&2; }
xest_die() { printf '[xestimator] error: %s\n' "$*" >&2; exit 1; }

# True when the Debian package is installed (not merely known to dpkg, e.g. removed with its
# configuration files left behind). sed reads all of dpkg's output, so pipefail cannot turn an
# early-exiting reader's SIGPIPE into "missing".
xest_has_package() {
    [ "$(dpkg -s "$1" 2>/dev/null | sed -n 's/^Status: //p')" = "install ok installed" ]
}

# Installs the packages among "$@" that are missing. A ready machine does no apt work at all.
xest_ensure_packages() {
    if ! command -v dpkg >/dev/null 2>&1; then
        xest_log "no dpkg on this machine: not installing anything; needed: $*"
        return 0
    fi
    local missing=() p
    for p in "$@"; do
        xest_has_package "$p" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "${XEST_NO_INSTALL:-0}" = 1 ]; then
        xest_log "missing Debian packages (XEST_NO_INSTALL=1, not installing): ${missing[*]}"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 ||
            xest_die "missing Debian packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}"
        sudo=(sudo)
    fi
    xest_log "installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
        xest_die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        xest_die "apt-get install failed for: ${missing[*]}"
}

# The compiler to use: $CXX, or g++.
xest_cxx() { printf '%s' "${CXX:-g++}"; }

# The Debian packages that provide the compiler (and, for clang with SANITIZE=1, its sanitizer
# runtime, which Debian 12 ships separately).
xest_compiler_packages() {
    local cxx base
    cxx="$(xest_cxx)"
    base="$(basename "$cxx")"
    case "$base" in
        g++ | c++) echo g++ ;;
        g++-[0-9]*) echo "$base" ;;
        clang++)
            echo clang
            [ "${SANITIZE:-0}" = 1 ] && echo libclang-rt-14-dev
            ;;
        clang++-[0-9]*)
            echo "clang-${base#clang++-}"
            [ "${SANITIZE:-0}" = 1 ] && echo "libclang-rt-${base#clang++-}-dev"
            ;;
        *) ;; # an unknown compiler: the user provides it
    esac
    return 0
}

# Installs what a build needs; "$@" are extra packages (e.g. "${XEST_TEST_PACKAGES[@]}").
xest_prepare() {
    local pkgs=("${XEST_BASE_PACKAGES[@]}" "$@")
    mapfile -t -O "${#pkgs[@]}" pkgs < <(xest_compiler_packages)
    xest_ensure_packages "${pkgs[@]}"
    command -v "$(xest_cxx)" >/dev/null 2>&1 || xest_die "compiler '$(xest_cxx)' not found (set CXX)"
    command -v cmake >/dev/null 2>&1 || xest_die "cmake not found"
}

xest_jobs() { printf '%s' "${JOBS:-$(nproc 2>/dev/null || echo 2)}"; }

# xest_configure BUILD_DIR [cmake arguments...]
# Configures the repository into BUILD_DIR with the compiler and flags the knobs select.
xest_configure() {
    local dir="$1"
    shift
    local cxx cxx_path flags ldflags
    cxx="$(xest_cxx)"
    cxx_path="$(command -v "$cxx")"
    # Switching compilers in an existing tree needs a fresh cache (CMake's own advice); only the
    # cache is removed, never the directory, since BUILD_DIR is the caller's choice.
    if [ -f "$dir/CMakeCache.txt" ] && [ "$(cat "$dir/.xest_compiler" 2>/dev/null)" != "$cxx_path" ]; then
        xest_log "$dir was configured with another compiler: starting its cache afresh for $cxx_path"
        rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
    fi
    if [ "${SANITIZE:-0}" = 1 ]; then
        # -O0: the sanitizer build then compiles four times faster than at -O1 (template-heavy
        # test files: 17 s instead of 66 s each), and the tests are short.
        flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -O0 -g"
        ldflags="-fsanitize=address,undefined"
    else
        flags="${OPT:--O2}"
        ldflags=""
    fi
    flags="${flags}${CXXFLAGS:+ $CXXFLAGS}"
    ldflags="${ldflags}${LDFLAGS:+ $LDFLAGS}"
    local werror=OFF
    [ "${WERROR:-0}" = 1 ] && werror=ON
    mkdir -p "$dir"
    xest_log "configuring $dir (CXX=$cxx, flags: $flags, WERROR=$werror)"
    cmake -S "$XEST_ROOT" -B "$dir" \
        -DCMAKE_CXX_COMPILER="$cxx_path" \
        -DCMAKE_CXX_FLAGS="$flags" \
        -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
        -DXESTIMATOR_WERROR="$werror" \
        "$@" || xest_die "CMake configuration failed in $dir"
    printf '%s' "$cxx_path" >"$dir/.xest_compiler"
}

# xest_build BUILD_DIR [targets...]: builds, and stops the script if that fails.
xest_build() {
    local dir="$1"
    shift
    local targets=() t
    for t in "$@"; do targets+=(--target "$t"); done
    xest_log "building $dir${*:+ (targets: $*)} with $(xest_jobs) jobs"
    cmake --build "$dir" -j "$(xest_jobs)" "${targets[@]}" || xest_die "build failed in $dir"
}

# xest_build_keep_going BUILD_DIR: builds everything that can be built even when one target
# fails (so one broken layer does not hide the others' results); returns non-zero if any failed.
xest_build_keep_going() {
    local dir="$1" keep=()
    case "$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$dir/CMakeCache.txt" 2>/dev/null)" in
        Ninja*) keep=(-- -k 0) ;;
        *Makefiles) keep=(-- -k) ;;
    esac
    xest_log "building $dir with $(xest_jobs) jobs"
    cmake --build "$dir" -j "$(xest_jobs)" "${keep[@]}"
}
