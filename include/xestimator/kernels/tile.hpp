#ifndef XESTIMATOR_KERNELS_TILE_HPP
#define XESTIMATOR_KERNELS_TILE_HPP

/// @file
/// @brief The micro-kernel: one MR x (NV vectors) tile of a product, summed in registers.
///
/// Per term p of the sum the tile loads NV vectors of a row of B, broadcasts MR values of a
/// column of A, and does MR x NV multiply-adds into accumulators that stay in registers from the
/// first term to the last; C is touched once, at the end (the epilogue: store, with ReLU if
/// asked). How A, B and C are laid out is a set of compile-time strides (tile_strides), so the
/// three products of a dense layer (x W, dZ W^T, X^T dZ) are this one kernel.

#include <cstddef>

#include "target.hpp"

namespace xest::kernels
{
    /// @brief Element (i, p) of A is a[i * a_row + p * a_term]; element (p, j) of B is
    /// b[p * b_term + j * b_col]; element (i, j) of C is c[i * c_row + j * c_col]. Vector tiles
    /// need b_col == 1 (a packed or row-major B); with c_col != 1 (a transposed C) they store
    /// lane by lane.
    template <std::size_t ARow, std::size_t ATerm, std::size_t BTerm, std::size_t BCol, std::size_t CRow, std::size_t CCol = 1>
    struct tile_strides
    {
        static constexpr std::size_t a_row = ARow;
        static constexpr std::size_t a_term = ATerm;
        static constexpr std::size_t b_term = BTerm;
        static constexpr std::size_t b_col = BCol;
        static constexpr std::size_t c_row = CRow;
        static constexpr std::size_t c_col = CCol;
    };

    /// @brief Where a tile's sums start: from zero, or from a source matrix whose element
    /// (i, j) is src[i * source_row + j * source_col] (a bias row: source_row 0; a bias per row;
    /// C itself, to accumulate into it); and whether ReLU is applied as the tile is stored.
    template <bool FromSource, std::size_t SourceRow, bool Relu, std::size_t SourceCol = 1>
    struct tile_epilogue
    {
        static constexpr bool from_source = FromSource;
        static constexpr std::size_t source_row = SourceRow;
        static constexpr std::size_t source_col = SourceCol;
        static constexpr bool relu = Relu;
    };

    namespace detail
    {
        /// @brief L values of a row with stride `Stride` (1: one vector load; 0: one value
        /// broadcast; else lane by lane).
        template <class V, class T, std::size_t L, std::size_t Stride>
        [[gnu::always_inline]] inline V load_strided(T const* p) noexcept
        {
            if constexpr (Stride == 1 || L == 1)
            {
                return load<V>(p);
            }
            else if constexpr (Stride == 0)
            {
                return V{} + *p;
            }
            else
            {
                T lanes[L];
                for (std::size_t l = 0; l < L; ++l)
                {
                    lanes[l] = p[l * Stride];
                }
                return load<V>(lanes);
            }
        }

        template <class T, std::size_t L, std::size_t Stride, class V>
        [[gnu::always_inline]] inline void store_strided(T* p, V const& v) noexcept
        {
            if constexpr (Stride == 1 || L == 1)
            {
                store(p, v);
            }
            else
            {
                T lanes[L];
                store(lanes, v);
                for (std::size_t l = 0; l < L; ++l)
                {
                    p[l * Stride] = lanes[l];
                }
            }
        }
    }

    /// @brief C[MR x NV L] = start + sum over p < terms of A[MR x terms] B[terms x NV L].
    ///
    /// Without a source the first term initialises the accumulators (no addition of zero: one
    /// operation less on the dependency chain of a one-term sum, as in a 1x1 model).
    template <class T, std::size_t MR, std::size_t L, std::size_t NV, class S, class E>
    [[gnu::always_inline]] inline void tile(std::size_t terms, T const* __restrict a, T const* __restrict b, T const* src,
                                            T* c) noexcept
    {
        static_assert(L == 1 || S::b_col == 1, "a vector tile reads rows of B as contiguous vectors");
        using V = simd_t<T, L>;
        V acc[MR][NV];
        std::size_t p = 0;
        if constexpr (E::from_source)
        {
#pragma GCC unroll 16
            for (std::size_t r = 0; r < MR; ++r)
            {
#pragma GCC unroll 16
                for (std::size_t v = 0; v < NV; ++v)
                {
                    acc[r][v] = detail::load_strided<V, T, L, E::source_col>(src + r * E::source_row + v * L * E::source_col);
                }
            }
        }
        else if (terms == 0)
        {
#pragma GCC unroll 16
            for (std::size_t r = 0; r < MR; ++r)
            {
#pragma GCC unroll 16
                for (std::size_t v = 0; v < NV; ++v)
                {
                    acc[r][v] = V{};
                }
            }
        }
        else
        {
            V bv[NV];
#pragma GCC unroll 16
            for (std::size_t v = 0; v < NV; ++v)
            {
                bv[v] = load<V>(b + v * L * S::b_col);
            }
#pragma GCC unroll 16
            for (std::size_t r = 0; r < MR; ++r)
            {
                T const ar = a[r * S::a_row];
#pragma GCC unroll 16
                for (std::size_t v = 0; v < NV; ++v)
                {
                    acc[r][v] = ar * bv[v];
                }
            }
            p = 1;
        }
        for (; p < terms; ++p)
        {
            T const* bp = b + p * S::b_term;
            V bv[NV];
#pragma GCC unroll 16
            for (std::size_t v = 0; v < NV; ++v)
            {
                bv[v] = load<V>(bp + v * L * S::b_col);
            }
#pragma GCC unroll 16
            for (std::size_t r = 0; r < MR; ++r)
            {
                T const ar = a[r * S::a_row + p * S::a_term];
#pragma GCC unroll 16
                for (std::size_t v = 0; v < NV; ++v)
                {
                    acc[r][v] += ar * bv[v];
                }
            }
        }
#pragma GCC unroll 16
        for (std::size_t r = 0; r < MR; ++r)
        {
#pragma GCC unroll 16
            for (std::size_t v = 0; v < NV; ++v)
            {
                T* const cv = c + r * S::c_row + v * L * S::c_col;
                if constexpr (E::relu)
                {
                    detail::store_strided<T, L, S::c_col>(cv, relu<T, L>(acc[r][v]));
                }
                else
                {
                    detail::store_strided<T, L, S::c_col>(cv, acc[r][v]);
                }
            }
        }
    }
}

#endif
