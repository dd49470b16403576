#ifndef XESTIMATOR_BENCHMARKS_PEERS_WEIGHTS_HPP
#define XESTIMATOR_BENCHMARKS_PEERS_WEIGHTS_HPP

/// @file
/// @brief Initial weights and synthetic data shared by every peer program.
///
/// splitmix64 from a fixed seed, 53-bit doubles, converted to float once; pytorch.py computes the
/// same numbers with numpy (uint64 arithmetic wraps the same way, the double arithmetic is the
/// same IEEE operations), so every contender starts from bit-identical weights.
///
/// Layout: a dense layer's kernel is fan_in x fan_out, row-major (w[i * fan_out + j] connects
/// input i to output j), filled in index order. Biases start at zero.

#include <cmath>
#include <cstdint>

namespace peers
{
    inline constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    /// @brief Uniform in [0, 1) with 53 random bits.
    inline constexpr double uniform01(std::uint64_t& state) noexcept
    {
        return static_cast<double>(splitmix64_next(state) >> 11) * 0x1.0p-53;
    }

    /// @brief Glorot-uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).
    inline void fill_glorot(float* w, int fan_in, int fan_out, std::uint64_t seed)
    {
        double const limit = std::sqrt(6.0 / double(fan_in + fan_out));
        std::uint64_t state = seed;
        long const n = long(fan_in) * fan_out;
        for (long i = 0; i < n; ++i)
        {
            w[i] = static_cast<float>(limit * (2.0 * uniform01(state) - 1.0));
        }
    }

    /// @brief Seed of layer k (0-based) of the W2 and W3 networks.
    inline constexpr std::uint64_t layer_seed(int k) noexcept
    {
        return 1000u + std::uint64_t(k);
    }

    inline constexpr std::uint64_t w3_data_seed = 42;

    /// @brief W3 pool: features uniform in [0, 1) in row-major order, then labels
    /// floor(10 * u) from the same stream.
    inline void fill_w3_data(float* x, int* y, int rows, int cols, int classes)
    {
        std::uint64_t state = w3_data_seed;
        long const n = long(rows) * cols;
        for (long i = 0; i < n; ++i)
        {
            x[i] = static_cast<float>(uniform01(state));
        }
        for (int r = 0; r < rows; ++r)
        {
            y[r] = static_cast<int>(uniform01(state) * classes);
        }
    }
}

#endif
