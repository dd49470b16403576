#ifndef XESTIMATOR_KERNELS_BLOCKING_HPP
#define XESTIMATOR_KERNELS_BLOCKING_HPP

/// @file
/// @brief Block sizes of a product, chosen at compile time from its shape and the target.
///
/// A product C<M, N> = sum over p < P of a(i, p) b(p, j) is cut into tiles of MR rows and
/// NR = NV vectors of columns, whose accumulators live in registers for the whole sum (the
/// register blocking), and the sum is cut into slices of at most KC terms when a panel of B
/// would not fit the level-1 cache (the cache blocking over k). All of it is constexpr
/// arithmetic on the shape: nothing is decided on the training step.

#include <cstddef>

#include "target.hpp"

namespace xest::kernels
{
    /// @brief Vectors per tile row: two, so that each broadcast of a(i, p) feeds two
    /// multiply-adds and each vector of B loaded feeds MR of them.
    template <class T>
    inline constexpr std::size_t tile_vectors = target_lanes<T> > 1 ? 2 : 4;

    /// @brief Largest MR the registers hold: MR x NV accumulators, NV vectors of B and one
    /// broadcast of A (AVX2: 6 x 2 + 3 = 15 of 16 registers).
    template <class T>
    inline constexpr std::size_t max_tile_rows = [] {
        std::size_t const r = (vector_registers - tile_vectors<T> - 1) / tile_vectors<T>;
        return r > 8 ? std::size_t{8} : r;
    }();

    /// @brief MR for M rows: among max/2 .. max, the fewest tiles, then the fewest rows in the
    /// last tile left out (exact division wins), then the largest. On AVX2 (at most 6): M = 20
    /// gives 5 (4 full tiles rather than 3 and a tail of 2), M = 32 gives 6 (5 tiles and a tail
    /// of 2). Any MR from 2 up keeps the loads below the multiply-adds; the larger, the more
    /// independent accumulators hide the multiply-add latency.
    template <class T, std::size_t M>
    inline constexpr std::size_t tile_rows = [] {
        constexpr std::size_t hi = max_tile_rows<T>;
        if (M <= hi)
        {
            return M;
        }
        std::size_t best = hi;
        std::size_t best_tiles = (M + hi - 1) / hi;
        std::size_t best_tail = M % hi;
        for (std::size_t r = hi; r >= (hi + 1) / 2 && r >= 1; --r)
        {
            std::size_t const tiles = (M + r - 1) / r;
            std::size_t const tail = M % r;
            bool const better = tiles < best_tiles || (tiles == best_tiles && tail == 0 && best_tail != 0);
            if (better)
            {
                best = r;
                best_tiles = tiles;
                best_tail = tail;
            }
        }
        return best;
    }();

    /// @brief Lanes of the vectors that cover W columns: the widest the target has that fits
    /// in W, or 1 (scalar) below 16 bytes.
    template <class T, std::size_t W>
    inline constexpr std::size_t lanes_for = [] {
        std::size_t l = target_lanes<T>;
        while (l > 1 && l > W)
        {
            l /= 2;
        }
        return l >= min_lanes<T> ? l : std::size_t{1};
    }();

    /// @brief Columns of a full tile (NR = NV x full vector).
    template <class T>
    inline constexpr std::size_t tile_columns = tile_vectors<T> * target_lanes<T>;

    /// @brief Terms of the sum per slice: all of P while a P x NR panel fits panel_bytes,
    /// else P cut into equal slices that do.
    template <class T, std::size_t P>
    inline constexpr std::size_t slice_terms = [] {
        constexpr std::size_t most = panel_bytes / (tile_columns<T> * sizeof(T));
        if (P <= most)
        {
            return P > 0 ? P : std::size_t{1};
        }
        std::size_t const slices = (P + most - 1) / most;
        return (P + slices - 1) / slices;
    }();

    /// @brief Whether C<M, N> is better computed as C^T = B^T A^T: when its N columns are too
    /// few for a vector (scalar code) and its M rows fill at least two (an output layer of 3
    /// classes at batch 50: vectors of 8 rows instead of 3 scalar columns).
    template <class T, std::size_t M, std::size_t N>
    inline constexpr bool transpose_pays = min_lanes<T> > 1 && N < min_lanes<T> && M >= 2 * min_lanes<T>;

    /// @brief Whether to copy the P x NR panels of a row-major B<P, N> to contiguous memory
    /// first. It pays when B does not fit the L1 cache, where its rows N apart would be read
    /// through few cache sets (N a power of two: a 256-float row stride maps every row of a
    /// panel to 4 of L1's 64 sets), and when more than one tile of rows reuses each panel.
    template <class T, std::size_t M, std::size_t P, std::size_t N>
    inline constexpr bool pack_pays = packing_allowed && P * N * sizeof(T) > 2 * panel_bytes && M > tile_rows<T, M>
                                      && N >= tile_columns<T>;
}

#endif
