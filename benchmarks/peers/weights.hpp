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

    /// @brief W5's streams (the numbers W4 also uses, for its own unrelated kernels).
    inline constexpr std::uint64_t w5_conv_seed = 31, w5_dense_seed = 32;

    /// @brief W5's initial kernels in the channel-first layouts of libtorch, dlib and tiny-dnn.
    ///
    /// The shared ones (workloads/w5_cnn.cpp) are channel-last: the conv kernel <3, 3, 1, 16>
    /// (value (ky * 3 + kx) * 16 + f, Glorot with Keras' fans 9 and 144, stream 31) and the dense
    /// kernel <256, 10> (stream 32) whose input i = (row * 4 + column) * 16 + filter follows the
    /// flatten of a <4, 4, 16> image. A channel-first library stores the filters as (f, ky, kx)
    /// and flattens its <16, 4, 4> pooled image as (filter, row, column), so both are permuted:
    ///   conv[f * 9 + t]            = shared_conv[t * 16 + f]                      (16 x 9)
    ///   dense[(f * 16 + p) * 10 + j] = shared_dense[(p * 16 + f) * 10 + j]        (256 x 10, in x out)
    /// with t = ky * 3 + kx and p = row * 4 + column of the pooled image.
    inline void fill_w5_channels_first(float* conv, float* dense)
    {
        constexpr std::size_t f_n = 16, taps = 9, cells = 16, outs = 10;
        float shared_conv[taps * f_n];
        float shared_dense[cells * f_n * outs];
        bench::glorot_uniform(shared_conv, taps, taps * f_n, w5_conv_seed);
        bench::glorot_uniform(shared_dense, cells * f_n, outs, w5_dense_seed);
        for (std::size_t f = 0; f < f_n; ++f)
        {
            for (std::size_t t = 0; t < taps; ++t)
            {
                conv[f * taps + t] = shared_conv[t * f_n + f];
            }
            for (std::size_t p = 0; p < cells; ++p)
            {
                for (std::size_t j = 0; j < outs; ++j)
                {
                    dense[(f * cells + p) * outs + j] = shared_dense[(p * f_n + f) * outs + j];
                }
            }
        }
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
