#!/usr/bin/env bash
# Builds one firmware of examples/embedded for the Cortex-M4 (arm-none-eabi-g++, newlib-nano)
# and for the host, runs the first under QEMU (mps2-an386, semihosting) and the second natively,
# and checks:
#   - both exit with status 0 and print the same lines, bit for bit (both -ffp-contract=off);
#     only the stack line differs (a host has no painted stack);
#   - the size report: text, data, bss (without the stack region), stack high-water mark, within
#     the limits given;
#   - nm: no allocator, no exception runtime, no iostream, no std::string, no stdio formatting.
#
#   firmware_test.sh SOURCE_DIR BUILD_DIR NAME MAX_TEXT_BYTES MAX_RAM_BYTES
# Environment: XEST_HOST_CXX (default g++), XEST_EXTRA_INCLUDE (a directory of generated headers),
# XEST_FORBIDDEN_EXTRA (a regular expression of more symbols that must not be linked),
# XEST_SAME_AS (another firmware source whose host output this one's must equal: the estimator
# against the engine). A limit of "-" is not checked.
# Exit status 77 (ctest: skipped) when the ARM toolchain or QEMU is missing.
set -euo pipefail

src="$1"
out="$2"
name="$3"
max_text="$4"
max_ram="$5"
host_cxx="${XEST_HOST_CXX:-g++}"
timeout_s="${XEST_QEMU_TIMEOUT:-120}"

for tool in arm-none-eabi-g++ arm-none-eabi-size arm-none-eabi-nm qemu-system-arm "$host_cxx"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIPPED: $tool not found. Install Debian's gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib" \
            "libnewlib-arm-none-eabi qemu-system-arm to build and run the firmware tests."
        exit 77
    fi
done

mkdir -p "$out"
include="$src/../../include"
elf="$out/$name.elf"
host="$out/$name.host"

# Firmware: the flags of docs/embedded.md. xtensor and xtl are header-only: the host's copies are
# used through links in a directory of their own (so no other host header is ever found).
mkdir -p "$out/host_headers"
for lib in xtensor xtl; do
    ln -sfn "/usr/include/$lib" "$out/host_headers/$lib"
done
arm_flags=(-std=c++20 -Os -ffp-contract=off -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
    -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections -Wall -Wextra -Wpedantic -Werror
    -I"$include" ${XEST_EXTRA_INCLUDE:+-I"$XEST_EXTRA_INCLUDE"} -isystem "$out/host_headers")
arm_link=(--specs=nano.specs -nostartfiles -Wl,--gc-sections -T "$src/mps2_an386.ld")
echo "\$ arm-none-eabi-g++ ${arm_flags[*]} ${arm_link[*]} $name.cpp board_arm.cpp"
arm-none-eabi-g++ "${arm_flags[@]}" "${arm_link[@]}" "$src/$name.cpp" "$src/board_arm.cpp" -o "$elf" \
    2> >(grep -v -e 'is not implemented and will always fail' -e 'in function `_' >&2)

host_flags=(-std=c++20 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic -Werror -I"$include"
    ${XEST_EXTRA_INCLUDE:+-I"$XEST_EXTRA_INCLUDE"})
echo "\$ $host_cxx ${host_flags[*]} $name.cpp board_host.cpp"
"$host_cxx" "${host_flags[@]}" "$src/$name.cpp" "$src/board_host.cpp" -o "$host"

# Semihosting output arrives on QEMU's stderr.
status=0
timeout "$timeout_s" qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
    -kernel "$elf" >"$out/$name.qemu_stdout" 2>"$out/$name.arm.txt" </dev/null || status=$?
"$host" >"$out/$name.host.txt"
echo "---- firmware output (QEMU) ----"
cat "$out/$name.arm.txt"
echo "--------------------------------"
fail=0
if [ "$status" -ne 0 ]; then
    echo "FAIL: the firmware exited with status $status under QEMU (124: timeout after ${timeout_s} s)"
    cat "$out/$name.qemu_stdout"
    fail=1
fi
if diff <(grep -v '^stack bytes used' "$out/$name.arm.txt") <(grep -v '^stack bytes used' "$out/$name.host.txt") \
    >"$out/$name.diff"; then
    echo "bit-identical: $(grep -c . "$out/$name.host.txt") lines of output equal on the Cortex-M4 and on $(uname -m)"
else
    echo "FAIL: firmware and host outputs differ (< Cortex-M4, > host):"
    head -n 20 "$out/$name.diff"
    fail=1
fi

if [ -n "${XEST_SAME_AS:-}" ]; then
    "$host_cxx" "${host_flags[@]}" "$src/$XEST_SAME_AS.cpp" "$src/board_host.cpp" -o "$out/$XEST_SAME_AS.reference"
    if diff "$out/$name.host.txt" <("$out/$XEST_SAME_AS.reference") >"$out/$name.same_as.diff"; then
        echo "equal, line for line, to the output of $XEST_SAME_AS.cpp"
    else
        echo "FAIL: the output differs from $XEST_SAME_AS.cpp's (< $name, > $XEST_SAME_AS):"
        head -n 20 "$out/$name.same_as.diff"
        fail=1
    fi
fi

# Size report.
read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -n 1)
symbol() { arm-none-eabi-nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
stack_region=$((16#$(symbol __stack_top) - 16#$(symbol __stack_limit)))
bss_static=$((bss - stack_region))
stack_used="$(sed -n 's/^stack bytes used: //p' "$out/$name.arm.txt")"
stack_used="${stack_used:-0}"
ram=$((data + bss_static + stack_used))
printf 'size report (%s): text %d B, data %d B, bss %d B, stack high-water %d B; RAM in use %d B\n' \
    "$name" "$text" "$data" "$bss_static" "$stack_used" "$ram"
if [ "$max_text" != - ] && [ "$text" -gt "$max_text" ]; then
    echo "FAIL: text $text B > $max_text B"
    fail=1
fi
if [ "$max_ram" != - ] && [ "$ram" -gt "$max_ram" ]; then
    echo "FAIL: RAM $ram B > $max_ram B"
    fail=1
fi

# What must not be linked.
forbidden='^(malloc|_malloc_r|free|_free_r|calloc|realloc|_sbrk|__cxa_throw|__cxa_begin_catch|__cxa_allocate_exception|__gxx_personality_v0|_Unwind_.*|_ZSt4cout|_ZSt4cerr|_ZNSt8ios_base4Init.*|_ZNSo.*|_ZNSt7__cxx1112basic_string.*|printf|fprintf|snprintf|vfprintf|_vfprintf_r|_svfprintf_r|strtod|_strtod_r|abort)$'
linked="$(arm-none-eabi-nm "$elf" | awk '{ print $NF }' | grep -E "$forbidden" || true)"
if [ -n "$linked" ]; then
    echo "FAIL: linked but must not be (allocator, exceptions, iostream, std::string, stdio formatting):"
    echo "$linked" | arm-none-eabi-c++filt
    fail=1
else
    echo "nm: no malloc, no exception runtime, no iostream, no std::string, no printf/strtod, no abort"
fi
if [ -n "${XEST_FORBIDDEN_EXTRA:-}" ]; then
    extra="$(arm-none-eabi-nm -C "$elf" | grep -E "$XEST_FORBIDDEN_EXTRA" || true)"
    if [ -n "$extra" ]; then
        echo "FAIL: linked but must not be ($XEST_FORBIDDEN_EXTRA):"
        echo "$extra"
        fail=1
    else
        echo "nm: nothing matching $XEST_FORBIDDEN_EXTRA"
    fi
fi
exit "$fail"
