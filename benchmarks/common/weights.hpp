#ifndef XESTIMATOR_BENCHMARKS_COMMON_WEIGHTS_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_WEIGHTS_HPP

// The initial weights and synthetic data every contender starts from. The generator is written
// here (splitmix64) rather than taken from a library so that every contender, in C++ or in
// Python, can reproduce the same numbers bit for bit: value i of stream `seed` is
// u(i) = (splitmix64(seed * 2^32 + i) >> 40) * 2^-24, an exact float in [0, 1).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace bench
{
    /// One step of splitmix64 applied to a counter: a stateless, seekable stream.
    inline std::uint64_t splitmix64(std::uint64_t z) noexcept
    {
        z += 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    /// Value i of stream `seed`, uniform in [0, 1), exactly representable as a float.
    inline float uniform01(std::uint64_t seed, std::uint64_t i) noexcept
    {
        return static_cast<float>(splitmix64((seed << 32) + i) >> 40) * 0x1.0p-24f;
    }

    /// Fills a row-major <fan_in, fan_out> kernel with Glorot-uniform values:
    /// limit * (2 u - 1) with limit = sqrt(6 / (fan_in + fan_out)), computed in double.
    inline void glorot_uniform(std::span<float> out, std::size_t fan_in, std::size_t fan_out, std::uint64_t seed) noexcept
    {
        double const limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
        for (std::size_t i = 0; i < out.size(); ++i)
        {
            out[i] = static_cast<float>(limit * (2.0 * static_cast<double>(uniform01(seed, i)) - 1.0));
        }
    }

    /// Uniform values in [lo, hi) (synthetic features of W3).
    inline void uniform(std::span<float> out, float lo, float hi, std::uint64_t seed) noexcept
    {
        for (std::size_t i = 0; i < out.size(); ++i)
        {
            out[i] = lo + (hi - lo) * uniform01(seed, i);
        }
    }

    // The seeds of each workload's streams (documented in benchmarks/README.md).
    inline constexpr std::uint64_t w2_hidden_seed = 1;  // W2 hidden/kernel <64, 32>
    inline constexpr std::uint64_t w2_out_seed = 2;     // W2 out/kernel <32, 10>
    inline constexpr std::uint64_t w3_l1_seed = 11;     // W3 kernels <784, 256>, <256, 256>, <256, 10>
    inline constexpr std::uint64_t w3_l2_seed = 12;
    inline constexpr std::uint64_t w3_l3_seed = 13;
    inline constexpr std::uint64_t w3_x_seed = 21;      // W3 features: 1280 x 784 in [0, 1)
    inline constexpr std::uint64_t w3_y_seed = 22;      // W3 labels: floor(10 u), 1280 of them
    inline constexpr std::uint64_t w4_l1_seed = 31;     // W4 kernels <13, 100>, <100, 3>
    inline constexpr std::uint64_t w4_l2_seed = 32;
    inline constexpr std::uint64_t w4_x_seed = 41;      // W4 features: 500 x 13 in [0, 1)
    inline constexpr std::uint64_t w4_y_seed = 42;      // W4 labels: floor(3 u), 500 of them
}

#endif
