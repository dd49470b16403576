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
    ///
    /// The numbers are float, and so is every step of `fill` for a float param: a Cortex-M4's
    /// FPU is single precision, and double there is software (7 KB of code for the seed model).
    struct initializer
    {
        init::kind kind = init::kind::constant;
        float a = 0.0f;  // constant value, mean, or lower bound
        float b = 0.0f;  // stddev or upper bound
        std::uint64_t seed = 0;
    };

    struct zeros
    {
        constexpr operator initializer() const noexcept { return {kind::constant, 0.0f, 0.0f, 0}; }
    };
    struct ones
    {
        constexpr operator initializer() const noexcept { return {kind::constant, 1.0f, 0.0f, 0}; }
    };
    struct constant
    {
        float value = 0.0f;
        constexpr operator initializer() const noexcept { return {kind::constant, value, 0.0f, 0}; }
    };
    struct random_normal
    {
        float mean = 0.0f;
        float stddev = 0.05f;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::random_normal, mean, stddev, seed}; }
    };
    /// @brief Normal, redrawn outside two standard deviations (TensorFlow's truncated_normal).
    struct truncated_normal
    {
        float mean = 0.0f;
        float stddev = 0.05f;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::truncated_normal, mean, stddev, seed}; }
    };
    struct random_uniform
    {
        float minval = -0.05f;
        float maxval = 0.05f;
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::random_uniform, minval, maxval, seed}; }
    };
    /// @brief U(-l, l) with l = sqrt(6 / (fan_in + fan_out)).
    struct glorot_uniform
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::glorot_uniform, 0.0f, 0.0f, seed}; }
    };
    /// @brief Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) / 0.87962566.
    struct glorot_normal
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::glorot_normal, 0.0f, 0.0f, seed}; }
    };
    /// @brief Truncated normal with stddev sqrt(2 / fan_in) / 0.87962566.
    struct he_normal
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::he_normal, 0.0f, 0.0f, seed}; }
    };
    /// @brief U(-l, l) with l = sqrt(6 / fan_in).
    struct he_uniform
    {
        std::uint64_t seed = 0;
        constexpr operator initializer() const noexcept { return {kind::he_uniform, 0.0f, 0.0f, seed}; }
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
        /// @brief fans() in whole numbers, for fill (no floating point at all).
        template <std::size_t Rank>
        constexpr std::array<std::size_t, 2> fan_counts(std::array<std::size_t, Rank> const& dims) noexcept
        {
            if constexpr (Rank == 0)
            {
                return {1, 1};
            }
            else if constexpr (Rank == 1)
            {
                return {dims[0], dims[0]};
            }
            else
            {
                std::size_t receptive = 1;
                for (std::size_t i = 0; i + 2 < Rank; ++i)
                {
                    receptive *= dims[i];
                }
                return {dims[Rank - 2] * receptive, dims[Rank - 1] * receptive};
            }
        }

        // 0.87962566... is the stddev of a unit normal truncated to [-2, 2] (Keras' correction).
        inline constexpr double truncation_correction = 0.87962566103423978;

        template <class T>
        T truncated(random_stream& rng, T mean, T stddev) noexcept
        {
            for (;;)
            {
                T const z = rng.normal<T>();
                if (z >= T(-2) && z <= T(2))
                {
                    return mean + stddev * z;
                }
            }
        }

        /// @brief The values of one initializer, computed in T: one copy of this switch per scalar
        /// type, whatever the params' shapes.
        template <class T>
        void fill_values(std::span<T> out, std::size_t fan_in, std::size_t fan_out, initializer const& init,
                         std::uint64_t seed) noexcept
        {
            random_stream rng(seed);
            T const a = static_cast<T>(init.a);
            T const b = static_cast<T>(init.b);
            T const fans_sum = static_cast<T>(fan_in + fan_out);
            T const fan_in_t = static_cast<T>(fan_in);
            T const correction = static_cast<T>(truncation_correction);
            auto uniform = [&](T lo, T hi)
            {
                for (auto& v : out)
                {
                    v = lo + (hi - lo) * rng.uniform<T>();
                }
            };
            auto truncated = [&](T mean, T stddev)
            {
                for (auto& v : out)
                {
                    v = detail::truncated(rng, mean, stddev);
                }
            };
            switch (init.kind)
            {
                case kind::constant:
                    for (auto& v : out)
                    {
                        v = a;
                    }
                    break;
                case kind::random_normal:
                    for (auto& v : out)
                    {
                        v = a + b * rng.normal<T>();
                    }
                    break;
                case kind::truncated_normal:
                    truncated(a, b);
                    break;
                case kind::random_uniform:
                    uniform(a, b);
                    break;
                case kind::glorot_uniform:
                {
                    T const limit = std::sqrt(T(6) / fans_sum);
                    uniform(-limit, limit);
                    break;
                }
                case kind::glorot_normal:
                    truncated(T(0), std::sqrt(T(2) / fans_sum) / correction);
                    break;
                case kind::he_normal:
                    truncated(T(0), std::sqrt(T(2) / fan_in_t) / correction);
                    break;
                case kind::he_uniform:
                {
                    T const limit = std::sqrt(T(6) / fan_in_t);
                    uniform(-limit, limit);
                    break;
                }
            }
        }
    }

    /// @brief Fills `out` (row-major, dims `dims`) from `init`, deterministically for the seeds,
    /// and with the same values on every target (IEEE arithmetic, sqrt and our own log only).
    template <class T, std::size_t Rank>
    void fill(std::span<T> out, std::array<std::size_t, Rank> const& dims, initializer const& init,
              std::uint64_t run_seed, std::string_view name)
    {
        auto const [fan_in, fan_out] = detail::fan_counts<Rank>(dims);
        detail::fill_values<T>(out, fan_in, fan_out, init, stream_seed(run_seed, name, init.seed));
    }
}

#endif
