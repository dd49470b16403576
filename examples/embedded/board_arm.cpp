// The board on QEMU's mps2-an386 (Cortex-M4F): the vector table, the reset handler (copy .data,
// zero .bss, enable the FPU, paint the stack, run constructors and main) and the console and
// exit status through ARM semihosting (QEMU: -semihosting-config enable=on,target=native).
#include <cstdint>

#include "board.hpp"

extern "C"
{
    extern std::uint32_t __data_start[], __data_end[], __data_load[];
    extern std::uint32_t __bss_start[], __bss_end[];
    extern std::uint32_t __stack_limit[], __stack_top[];
    extern void (*__init_array_start[])();
    extern void (*__init_array_end[])();

    int main();
    [[noreturn]] void reset_handler();
    [[noreturn]] void fault_handler();
}

namespace
{
    constexpr std::uint32_t stack_paint = 0xDEADBEEFu;

    // Semihosting call: r0 = operation, r1 = argument; BKPT 0xAB traps to the debugger (QEMU).
    std::uint32_t semihost(std::uint32_t op, void const* arg)
    {
        register std::uint32_t r0 asm("r0") = op;
        register void const* r1 asm("r1") = arg;
        asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
        return r0;
    }

    constexpr std::uint32_t sys_write0 = 0x04;
    constexpr std::uint32_t sys_exit_extended = 0x20;
    constexpr std::uint32_t adp_stopped_application_exit = 0x20026;
}

namespace board
{
    void write(char const* text) { semihost(sys_write0, text); }

    void exit(int status)
    {
        std::uint32_t const block[2] = {adp_stopped_application_exit, static_cast<std::uint32_t>(status)};
        semihost(sys_exit_extended, block);
        for (;;)
        {
        }
    }

    std::uint32_t stack_high_water()
    {
        std::uint32_t const* p = __stack_limit;
        while (p < __stack_top && *p == stack_paint)
        {
            ++p;
        }
        return static_cast<std::uint32_t>(reinterpret_cast<char const*>(__stack_top) - reinterpret_cast<char const*>(p));
    }
}

// A firmware never returns from main to run the destructors of its static objects: they are
// not registered (nothing of the C library's exit machinery is linked).
extern "C"
{
    void* __dso_handle = nullptr;
    int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
}

void reset_handler()
{
    for (std::uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;)
    {
        *dst++ = *src++;
    }
    for (std::uint32_t* dst = __bss_start; dst < __bss_end;)
    {
        *dst++ = 0;
    }
    // CPACR: full access to coprocessors 10 and 11 (the single-precision FPU).
    *reinterpret_cast<std::uint32_t volatile*>(0xE000ED88u) |= 0xFu << 20;
    asm volatile("dsb\n\tisb" ::: "memory");
    // Paint the stack below this frame (a margin of 64 bytes is in use right now).
    std::uint32_t here = 0;
    asm volatile("mov %0, sp" : "=r"(here));
    for (std::uint32_t* p = __stack_limit; reinterpret_cast<std::uint32_t>(p) < here - 64u; ++p)
    {
        *p = stack_paint;
    }
    for (auto f = __init_array_start; f < __init_array_end; ++f)
    {
        (*f)();
    }
    // The firmware sources define main() so that they also build for a host; on the board the
    // reset handler is what calls it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
    board::exit(main());
#pragma GCC diagnostic pop
}

void fault_handler()
{
    board::write("fault: hard fault\n");
    board::exit(3);
}

// Initial stack pointer, reset, then NMI and the faults; the rest of the table is unused here.
struct vector_table_layout
{
    std::uint32_t* initial_stack;
    void (*handlers[15])();
};
extern "C" [[gnu::section(".vectors"), gnu::used]] vector_table_layout const vector_table = {
    __stack_top,
    {reset_handler, fault_handler, fault_handler, fault_handler, fault_handler, fault_handler, nullptr,
     nullptr, nullptr, nullptr, fault_handler, fault_handler, nullptr, fault_handler, fault_handler}};
