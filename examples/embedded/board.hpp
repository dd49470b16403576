#ifndef XEST_EXAMPLES_EMBEDDED_BOARD_HPP
#define XEST_EXAMPLES_EMBEDDED_BOARD_HPP

// The two things a firmware needs from its board: a console and an exit status. On the
// Cortex-M4 under QEMU both go through semihosting (board_arm.cpp); on a host the same
// firmware source is built against stdio (board_host.cpp), so the two runs can be compared
// line for line. Numbers are printed without printf: decimal for people, and the float's bits
// in hex, which is what the bit-identity test compares.

#include <cstdint>
#include <cstring>

namespace board
{
    /// @brief Writes a NUL-terminated string to the console.
    void write(char const* text);

    /// @brief Ends the program with this exit status (0: success).
    [[noreturn]] void exit(int status);

    /// @brief Bytes of stack used so far (the painted stack's high-water mark); 0 on a host.
    std::uint32_t stack_high_water();

    inline void write_uint(std::uint32_t v)
    {
        char buffer[11];
        char* p = buffer + sizeof buffer;
        *--p = '\0';
        do
        {
            *--p = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        write(p);
    }

    inline void write_int(std::int32_t v)
    {
        if (v < 0)
        {
            write("-");
            write_uint(static_cast<std::uint32_t>(-(v + 1)) + 1u);
        }
        else
        {
            write_uint(static_cast<std::uint32_t>(v));
        }
    }

    /// @brief The float's IEEE bits as 8 hex digits: what the bit-identity check compares.
    inline void write_bits(float v)
    {
        std::uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        char buffer[9];
        for (int i = 7; i >= 0; --i)
        {
            buffer[i] = "0123456789abcdef"[bits & 0xFu];
            bits >>= 4;
        }
        buffer[8] = '\0';
        write(buffer);
    }

    /// @brief A float in fixed point with 6 decimals, for reading (single-precision maths only).
    inline void write_fixed(float v)
    {
        if (v != v)
        {
            write("nan");
            return;
        }
        if (v < 0.0f)
        {
            write("-");
            v = -v;
        }
        if (v >= 2.0e9f)
        {
            write("inf");
            return;
        }
        auto whole = static_cast<std::uint32_t>(v);
        auto micro = static_cast<std::uint32_t>((v - static_cast<float>(whole)) * 1.0e6f + 0.5f);
        if (micro >= 1000000u)
        {
            whole += 1;
            micro -= 1000000u;
        }
        write_uint(whole);
        char buffer[8] = {'.', '0', '0', '0', '0', '0', '0', '\0'};
        for (int i = 6; i >= 1; --i)
        {
            buffer[i] = static_cast<char>('0' + micro % 10);
            micro /= 10;
        }
        write(buffer);
    }

    /// @brief "name = <decimal> (0x<bits>)" on one line.
    inline void write_value(char const* name, float v)
    {
        write(name);
        write(" = ");
        write_fixed(v);
        write(" (0x");
        write_bits(v);
        write(")\n");
    }
}

#endif
