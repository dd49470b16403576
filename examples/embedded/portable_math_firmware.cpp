// The library's own float log, exp, tanh, log1p, expm1 and pow (expr/portable_math.hpp) on a
// Cortex-M4 and on the host: a checksum of the bits of each function's results over a stride of
// inputs. ctest compares the two outputs line for line: the functions that make training
// bit-identical give the same bits on both targets, the C library's do not have to.
#include <cstdint>
#include <cstring>

#include <xestimator/expr/portable_math.hpp>

#include "board.hpp"

namespace
{
    namespace portable = xest::expr::detail::portable;

    float from_bits(std::uint32_t u)
    {
        float x;
        std::memcpy(&x, &u, sizeof x);
        return x;
    }

    // FNV-1a over the result bits: one differing result changes the sum.
    struct checksum
    {
        std::uint32_t value = 2166136261u;
        void add(float y)
        {
            std::uint32_t u;
            std::memcpy(&u, &y, sizeof u);
            for (int byte = 0; byte < 4; ++byte)
            {
                value = (value ^ ((u >> (8 * byte)) & 0xFFu)) * 16777619u;
            }
        }
    };

    // Every `stride`-th float from `first` to `last`, both signs when `both_signs`.
    template <class F>
    void report(char const* name, std::uint32_t first, std::uint32_t last, std::uint32_t stride, bool both_signs, F f)
    {
        checksum sum;
        std::uint32_t count = 0;
        for (std::uint32_t u = first; u <= last && u >= first; u += stride)
        {
            sum.add(f(from_bits(u)));
            ++count;
            if (both_signs)
            {
                sum.add(f(from_bits(u | 0x80000000u)));
                ++count;
            }
        }
        board::write(name);
        board::write(": ");
        board::write_uint(count);
        board::write(" results, checksum ");
        board::write_uint(sum.value);
        board::write("\n");
    }
}

int main()
{
    report("log", 0x00000001u, 0x7F800000u, 65537u, false, [](float x) { return portable::log(x); });
    report("exp", 0x00000001u, 0x42B20000u, 32771u, true, [](float x) { return portable::exp(x); });
    report("tanh", 0x00000001u, 0x41200000u, 32771u, true, [](float x) { return portable::tanh(x); });
    report("log1p", 0x00000001u, 0x7F000000u, 65537u, false, [](float x) { return portable::log1p(x); });
    report("expm1", 0x00000001u, 0x42B00000u, 32771u, true, [](float x) { return portable::expm1(x); });
    report("pow(x, 1.7)", 0x00000001u, 0x7F000000u, 262147u, false, [](float x) { return portable::pow(x, 1.7f); });
    report("pow(x, -0.3)", 0x00000001u, 0x7F000000u, 262147u, false, [](float x) { return portable::pow(x, -0.3f); });
    report("pow(x, 3)", 0x00000001u, 0x7F000000u, 262147u, true, [](float x) { return portable::pow(x, 3.0f); });
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    return 0;
}
