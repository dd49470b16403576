#ifndef XESTIMATOR_KERNELS_GEMM_HPP
#define XESTIMATOR_KERNELS_GEMM_HPP

/// @file
/// @brief Matrix products of compile-time shapes: the three products of a dense layer
/// (forward x W + b, input gradient dZ W^T, kernel gradient X^T dZ) on one micro-kernel.
///
/// C<M, N> is covered by tiles of MR rows and NR columns (kernels/blocking.hpp); columns left
/// over take narrower vectors, then scalars, and rows left over a shorter tile, so every size is
/// exact and no tile reads or writes outside its matrix. A panel of B (terms x NR) is copied to
/// a contiguous stack buffer when that pays (large B) or when B is read across its rows (dZ W^T);
/// sums longer than a panel of L1 are cut into slices, the later slices accumulating into C.
/// Nothing allocates: the largest buffer is one panel (kernels::panel_bytes).

#include <cstddef>

#include "blocking.hpp"
#include "target.hpp"
#include "tile.hpp"

namespace xest::kernels
{
    namespace detail
    {
        /// @brief Rows [0, M) of one block of W columns, in tiles of MR rows then a tail tile.
        template <class T, std::size_t M, std::size_t L, std::size_t NV, class S, class E>
        inline void column_block(std::size_t terms, T const* a, T const* b, T const* src, T* c) noexcept
        {
            constexpr std::size_t mr = tile_rows<T, M>;
            constexpr std::size_t full = M / mr * mr;
            for (std::size_t i = 0; i < full; i += mr)
            {
                tile<T, mr, L, NV, S, E>(terms, a + i * S::a_row, b, src + i * E::source_row, c + i * S::c_row);
            }
            if constexpr (full < M)
            {
                tile<T, M - full, L, NV, S, E>(terms, a + full * S::a_row, b, src + full * E::source_row, c + full * S::c_row);
            }
        }

        /// @brief Columns [J, J + W) of C: packs their panel of B first when Pack (or when a
        /// vector tile could not read B's columns as rows).
        template <class T, std::size_t M, std::size_t W, class S, class E, bool Pack>
        inline void columns(std::size_t j, std::size_t terms, T const* a, T const* b, T const* src, T* c, T* panel) noexcept
        {
            constexpr std::size_t L = lanes_for<T, W>;
            static_assert(W % L == 0);
            constexpr bool pack = Pack || (L > 1 && S::b_col != 1);
            if constexpr (pack)
            {
                T const* bj = b + j * S::b_col;
                for (std::size_t p = 0; p < terms; ++p)
                {
                    for (std::size_t q = 0; q < W; ++q)
                    {
                        panel[p * W + q] = bj[p * S::b_term + q * S::b_col];
                    }
                }
                using packed = tile_strides<S::a_row, S::a_term, W, 1, S::c_row, S::c_col>;
                column_block<T, M, L, W / L, packed, E>(terms, a, panel, src + j * E::source_col, c + j * S::c_col);
            }
            else
            {
                column_block<T, M, L, W / L, S, E>(terms, a, b + j * S::b_col, src + j * E::source_col, c + j * S::c_col);
            }
        }

        /// @brief The R columns from J0 that the full tiles left over: the widest vectors that
        /// fit, then narrower ones, then scalars (at most log2(NR) blocks, all compile-time).
        template <class T, std::size_t M, std::size_t J0, std::size_t R, class S, class E, bool Pack>
        inline void column_tail(std::size_t terms, T const* a, T const* b, T const* src, T* c, T* panel) noexcept
        {
            if constexpr (R > 0)
            {
                constexpr std::size_t L = lanes_for<T, R>;
                constexpr std::size_t W = L == 1 ? R : R / L * L;
                columns<T, M, W, S, E, Pack>(J0, terms, a, b, src, c, panel);
                column_tail<T, M, J0 + W, R - W, S, E, Pack>(terms, a, b, src, c, panel);
            }
        }

        /// @brief One slice of the sum over all of C<M, N>: column blocks outside, so a panel
        /// of B stays in L1 while every row tile reads it.
        template <class T, std::size_t M, std::size_t N, class S, class E, bool Pack>
        inline void slice(std::size_t terms, T const* a, T const* b, T const* src, T* c, T* panel) noexcept
        {
            constexpr std::size_t nr = tile_columns<T>;
            constexpr std::size_t full = N / nr * nr;
            for (std::size_t j = 0; j < full; j += nr)
            {
                columns<T, M, nr, S, E, Pack>(j, terms, a, b, src, c, panel);
            }
            column_tail<T, M, full, N - full, S, E, Pack>(terms, a, b, src, c, panel);
        }
    }

    namespace detail
    {
        /// @brief gemm (below) given its panel buffer (unused when nothing is packed).
        template <class T, std::size_t M, std::size_t N, std::size_t P, class S, class E, bool Pack>
        inline void slices(std::size_t terms, T const* a, T const* b, T const* src, T* c, T* panel) noexcept
        {
            constexpr std::size_t kc = slice_terms<T, P>;
            if constexpr (kc >= P)
            {
                slice<T, M, N, S, E, Pack>(terms, a, b, src, c, panel);
            }
            else
            {
                // Later slices start from what the earlier ones left in C; ReLU waits for the last.
                using first = tile_epilogue<E::from_source, E::source_row, false, E::source_col>;
                using middle = tile_epilogue<true, S::c_row, false, S::c_col>;
                using last = tile_epilogue<true, S::c_row, E::relu, S::c_col>;
                if (terms <= kc)
                {
                    slice<T, M, N, S, E, Pack>(terms, a, b, src, c, panel);
                    return;
                }
                slice<T, M, N, S, first, Pack>(kc, a, b, src, c, panel);
                for (std::size_t k0 = kc; k0 < terms; k0 += kc)
                {
                    std::size_t const n = terms - k0 < kc ? terms - k0 : kc;
                    T const* ak = a + k0 * S::a_term;
                    T const* bk = b + k0 * S::b_term;
                    if (k0 + n < terms)
                    {
                        slice<T, M, N, S, middle, Pack>(n, ak, bk, c, c, panel);
                    }
                    else
                    {
                        slice<T, M, N, S, last, Pack>(n, ak, bk, c, c, panel);
                    }
                }
            }
        }
    }

    /// @brief C<M, N> = start + sum over p < terms (at most P) of a(i, p) b(p, j), with the
    /// layouts of S (tile_strides) and the start and ReLU of E (tile_epilogue).
    ///
    /// `terms` is a run-time count only for the kernel gradient of a padded batch (the real
    /// rows); every other product passes P.
    template <class T, std::size_t M, std::size_t N, std::size_t P, class S, class E, bool Pack>
    inline void gemm(std::size_t terms, T const* a, T const* b, T const* src, T* c) noexcept
    {
        if constexpr (transpose_pays<T, M, N>)
        {
            // Too few columns for a vector, rows enough for several: C^T<N, M> = B^T A^T, with
            // vectors along the rows of C, stored lane by lane into C's columns.
            using ST = tile_strides<S::b_col, S::b_term, S::a_term, S::a_row, S::c_col, S::c_row>;
            using ET = tile_epilogue<E::from_source, E::source_col, E::relu, E::source_row>;
            gemm<T, N, M, P, ST, ET, false>(terms, b, a, src, c);
        }
        else if constexpr (Pack || (target_lanes<T> > 1 && S::b_col != 1))
        {
            // Written by the packing before any read (g++ cannot see it through the const
            // pointer the tiles take); left uninitialised: clearing it would be one more pass.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
            alignas(64) T panel[slice_terms<T, P> * tile_columns<T>];
            detail::slices<T, M, N, P, S, E, Pack>(terms, a, b, src, c, panel);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
        }
        else
        {
            // No panel: no buffer on the stack, whose 64-byte alignment would cost a small
            // model's step a frame pointer.
            detail::slices<T, M, N, P, S, E, false>(terms, a, b, src, c, nullptr);
        }
    }

    /// @brief C<M, N> = A<M, K> B<K, N> (+ bias, + ReLU), all row-major. Bias: nullptr, or a
    /// row of N (BiasRow = 0) or an <M, N> matrix (BiasRow = N); Accumulate: C += A B.
    template <class T, std::size_t M, std::size_t K, std::size_t N, bool HasBias = false, std::size_t BiasRow = 0,
              bool Relu = false>
    inline void gemm_nn(T const* a, T const* b, T const* bias, T* c) noexcept
    {
        using S = tile_strides<K, 1, N, 1, N>;
        using E = tile_epilogue<HasBias, BiasRow, Relu>;
        gemm<T, M, N, K, S, E, pack_pays<T, M, K, N>>(K, a, b, HasBias ? bias : c, c);
    }

    /// @brief C<M, K> (=, or += when Accumulate) D<M, N> B<K, N>^T: the input gradient of a
    /// product (dA = dC B^T). B is read down its columns, so its panels are always packed.
    template <class T, std::size_t M, std::size_t K, std::size_t N, bool Accumulate = false>
    inline void gemm_nt(T const* d, T const* b, T* c) noexcept
    {
        using S = tile_strides<N, 1, 1, N, K>;
        using E = tile_epilogue<Accumulate, K, false>;
        gemm<T, M, K, N, S, E, false>(N, d, b, c, c);
    }

    /// @brief C<K, N> (=, or += when Accumulate) A<rows, K>^T D<rows, N> over the first `rows`
    /// (at most M) rows: the kernel gradient of a product (dB = A^T dC over a batch's real rows).
    template <class T, std::size_t M, std::size_t K, std::size_t N, bool Accumulate = false>
    inline void gemm_tn(std::size_t rows, T const* a, T const* d, T* c) noexcept
    {
        using S = tile_strides<1, K, N, 1, N>;
        using E = tile_epilogue<Accumulate, N, false>;
        gemm<T, K, N, M, S, E, pack_pays<T, K, M, N>>(rows, a, d, c, c);
    }
}

#endif
