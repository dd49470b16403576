#ifndef XESTIMATOR_INIT_INITIALIZERS_HPP
#define XESTIMATOR_INIT_INITIALIZERS_HPP

/// @file
/// @brief Initializers with Keras' names and defaults, deterministic for a given seed.
///
/// Each public initializer converts to one `initializer` value, so a param can hold any of them
/// without templates or type erasure.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "random.hpp"

namespace xest::init
{
    enum class kind : std::uint8_t
    {
        constant,
        random_normal,
        truncated_normal,
        random_uniform,
        glorot_uniform,
        glorot_normal,
        he_normal,
        he_uniform
    };

    /// @brief What a param remembers of its initializer: a kind and two numbers.
    struct initializer
    {
        init::kind kind = init::kind::constant;
        double a = 0.0;  // constant value, mean, or lower bound
        double b = 0.0;  // stddev or upper bound
        std::uint64_t seed = 0;
    };

    struct zeros
    {
        constexpr operator initializer() const noexcept { return {kind::constant, 0.0, 0.0, 0}; }
    };
    struct ones
    {
        constexpr operator initializer() const noexcept { return {kind::constant, 1.0, 0.0, 0}; }
    };
    struct constant
    {
        double value = 0.0;
        constexpr operator initializer() const noexcept { return {kind::constant, value, 0.0, 0}; }
    };
    struct random_normal
    {
        double mean = 0.0;
        double stddev = 0.05;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::random_normal, mean, stddev, seed}; }
    };
    /// @brief Normal, redrawn outside two standard deviations (TensorFlow's truncated_normal).
    struct truncated_normal
    {
        double mean = 0.0;
        double stddev = 0.05;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::truncated_normal, mean, stddev, seed}; }
    };
    struct random_uniform
    {
        double minval = -0.05;
        double maxval = 0.05;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::random_uniform, minval, maxval, seed}; }
    };
    /// @brief U(-l, l) with l = sqrt(6 / (fan_in + fan_out)).
    struct glorot_uniform
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::glorot_uniform, 0.0, 0.0, seed}; }
    };
    /// @brief Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) / 0.87962566.
    struct glorot_normal
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::glorot_normal, 0.0, 0.0, seed}; }
    };
    /// @brief Truncated normal with stddev sqrt(2 / fan_in) / 0.87962566.
    struct he_normal
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::he_normal, 0.0, 0.0, seed}; }
    };
    /// @brief U(-l, l) with l = sqrt(6 / fan_in).
    struct he_uniform
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::he_uniform, 0.0, 0.0, seed}; }
    };

    /// @brief Keras' fans: a matrix <in, out> has fan_in = in and fan_out = out; higher ranks
    /// multiply the leading dimensions in as the receptive field; a vector uses its length for both.
    template <std::size_t Rank>
    constexpr std::array<double, 2> fans(std::array<std::size_t, Rank> const& dims) noexcept
    {
        if constexpr (Rank == 0)
        {
            return {1.0, 1.0};
        }
        else if constexpr (Rank == 1)
        {
            return {double(dims[0]), double(dims[0])};
        }
        else
        {
            double receptive = 1.0;
            for (std::size_t i = 0; i + 2 < Rank; ++i)
            {
                receptive *= double(dims[i]);
            }
            return {double(dims[Rank - 2]) * receptive, double(dims[Rank - 1]) * receptive};
        }
    }

    namespace detail
    {
        // 0.87962566... is the stddev of a unit normal truncated to [-2, 2] (Keras' correction).
        inline constexpr double truncation_correction = 0.87962566103423978;

        inline double truncated(random_stream& rng, double mean, double stddev)
        {
            for (;;)
            {
                double z = rng.normal();
                if (z >= -2.0 && z <= 2.0)
                {
                    return mean + stddev * z;
                }
            }
        }
    }

    /// @brief Fills `out` (row-major, dims `dims`) from `init`, deterministically for the seeds.
    template <class T, std::size_t Rank>
    void fill(std::span<T> out, std::array<std::size_t, Rank> const& dims, initializer const& init,
              std::uint64_t run_seed, std::string_view name)
    {
        random_stream rng(stream_seed(run_seed, name, init.seed));
        auto const [fan_in, fan_out] = fans<Rank>(dims);
        auto uniform = [&](double lo, double hi)
        {
            for (auto& v : out)
            {
                v = static_cast<T>(lo + (hi - lo) * rng.uniform());
            }
        };
        auto truncated = [&](double mean, double stddev)
        {
            for (auto& v : out)
            {
                v = static_cast<T>(detail::truncated(rng, mean, stddev));
            }
        };
        switch (init.kind)
        {
            case kind::constant:
                for (auto& v : out)
                {
                    v = static_cast<T>(init.a);
                }
                break;
            case kind::random_normal:
                for (auto& v : out)
                {
                    v = static_cast<T>(init.a + init.b * rng.normal());
                }
                break;
            case kind::truncated_normal:
                truncated(init.a, init.b);
                break;
            case kind::random_uniform:
                uniform(init.a, init.b);
                break;
            case kind::glorot_uniform:
            {
                double limit = std::sqrt(6.0 / (fan_in + fan_out));
                uniform(-limit, limit);
                break;
            }
            case kind::glorot_normal:
                truncated(0.0, std::sqrt(2.0 / (fan_in + fan_out)) / detail::truncation_correction);
                break;
            case kind::he_normal:
                truncated(0.0, std::sqrt(2.0 / fan_in) / detail::truncation_correction);
                break;
            case kind::he_uniform:
            {
                double limit = std::sqrt(6.0 / fan_in);
                uniform(-limit, limit);
                break;
            }
        }
    }
}

#endif
