#ifndef XESTIMATOR_EXPR_BROADCAST_HPP
#define XESTIMATOR_EXPR_BROADCAST_HPP

/// @file
/// @brief Compile-time index tables for broadcasting loops: how an output position maps to a
/// position in an operand whose shape was broadcast.

#include <array>
#include <cstddef>

#include "../core/shape.hpp"

namespace xest::expr::detail
{
    /// @brief Strides of operand S when read at positions of Out (0 on broadcast axes), aligned
    /// to Out's axes (numpy rule: trailing axes line up).
    template <class S, class Out>
    consteval std::array<std::size_t, Out::rank> broadcast_strides()
    {
        std::array<std::size_t, Out::rank> strides{};
        std::size_t stride = 1;
        for (std::size_t i = 0; i < S::rank; ++i)
        {
            std::size_t const axis = S::rank - 1 - i;
            std::size_t const out_axis = Out::rank - 1 - i;
            strides[out_axis] = S::dims[axis] == 1 ? 0 : stride;
            stride *= S::dims[axis];
        }
        return strides;
    }

    /// @brief Walks Out row by row (the last axis is the inner loop) and calls
    /// f(out_offset, a_offset, b_offset, inner_length, a_inner_stride, b_inner_stride) per row;
    /// the strides are compile-time constants so the inner loop is a plain vector loop.
    template <class Out, class SA, class SB, class F>
    inline void for_each_row(F&& f)
    {
        if constexpr (Out::rank == 0)
        {
            f(std::size_t{0}, std::size_t{0}, std::size_t{0});
        }
        else
        {
            constexpr auto sa = broadcast_strides<SA, Out>();
            constexpr auto sb = broadcast_strides<SB, Out>();
            constexpr std::size_t inner = Out::dims[Out::rank - 1];
            constexpr std::size_t rows = Out::size / inner;
            for (std::size_t r = 0; r < rows; ++r)
            {
                std::size_t rest = r;
                std::size_t ao = 0;
                std::size_t bo = 0;
                for (std::size_t axis = Out::rank - 1; axis-- > 0;)
                {
                    std::size_t const idx = rest % Out::dims[axis];
                    rest /= Out::dims[axis];
                    ao += idx * sa[axis];
                    bo += idx * sb[axis];
                }
                f(r * inner, ao, bo);
            }
        }
    }
}

#endif
