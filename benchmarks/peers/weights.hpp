#ifndef XESTIMATOR_BENCHMARKS_PEERS_WEIGHTS_HPP
#define XESTIMATOR_BENCHMARKS_PEERS_WEIGHTS_HPP

/// @file
/// @brief Initial weights and synthetic data of the peer programs: the generator and seeds of
/// benchmarks/common/weights.hpp (the same numbers every other contender starts from), behind
/// the few functions the peers call. pytorch.py re-implements the same generator with numpy.
///
/// Layout: a dense layer's kernel is fan_in x fan_out, row-major (w[i * fan_out + j] connects
/// input i to output j). Biases start at zero.

#include <cstddef>
#include <cstdint>
#include <span>

#include "../common/weights.hpp"

namespace peers
{
    /// @brief Glorot-uniform kernel of stream `seed` (see bench::glorot_uniform).
    inline void fill_glorot(float* w, int fan_in, int fan_out, std::uint64_t seed)
    {
        bench::glorot_uniform(std::span<float>(w, std::size_t(fan_in) * std::size_t(fan_out)), std::size_t(fan_in),
                              std::size_t(fan_out), seed);
    }

    /// @brief Seed of layer k (0-based) of the W2 and W3 networks.
    inline constexpr std::uint64_t w2_layer_seed(int k) noexcept
    {
        return k == 0 ? bench::w2_hidden_seed : bench::w2_out_seed;
    }

    inline constexpr std::uint64_t w3_layer_seed(int k) noexcept
    {
        return k == 0 ? bench::w3_l1_seed : (k == 1 ? bench::w3_l2_seed : bench::w3_l3_seed);
    }

    /// @brief W3 pool: features uniform in [0, 1), row-major; labels floor(10 u).
    inline void fill_w3_data(float* x, int* y, int rows, int cols, int /*classes*/)
    {
        bench::uniform(std::span<float>(x, std::size_t(rows) * std::size_t(cols)), 0.0f, 1.0f, bench::w3_x_seed);
        for (int r = 0; r < rows; ++r)
        {
            y[r] = static_cast<int>(10.0f * bench::uniform01(bench::w3_y_seed, std::uint64_t(r)));
        }
    }
}

#endif
