#ifndef XESTIMATOR_INIT_RANDOM_HPP
#define XESTIMATOR_INIT_RANDOM_HPP

/// @file
/// @brief The project's own random stream: splitmix64 plus the polar method.
///
/// std::normal_distribution and std::uniform_real_distribution (and so xt::random) are
/// implementation-defined: libstdc++ and libc++ give different numbers for one seed. Initial
/// weights must be the same everywhere a seed is used, so the few lines are written here.

#include <cmath>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../expr/portable_math.hpp"

namespace xest::init
{
    /// @brief splitmix64 (Steele, Lea, Flood 2014): tiny state, good enough for weights.
    class random_stream
    {
    public:
        explicit constexpr random_stream(std::uint64_t seed) noexcept
            : m_state(seed)
        {
        }

        constexpr std::uint64_t next_u64() noexcept
        {
            std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            return z ^ (z >> 31);
        }

        /// @brief Uniform in [0, 1): 53 random bits for double, 24 for float (exact either way).
        template <class T = double>
        constexpr T uniform() noexcept
        {
            if constexpr (std::is_same_v<T, float>)
            {
                return static_cast<float>(next_u64() >> 40) * 0x1.0p-24f;
            }
            else
            {
                return static_cast<T>(static_cast<double>(next_u64() >> 11) * 0x1.0p-53);
            }
        }

        /// @brief Standard normal, computed in T (Marsaglia's polar method: no sine or cosine, and
        /// a log of our own, so the same seed gives the same floats on every target).
        template <class T = double>
        T normal() noexcept
        {
            for (;;)
            {
                T const u = T(2) * uniform<T>() - T(1);
                T const v = T(2) * uniform<T>() - T(1);
                T const s = u * u + v * v;
                if (s > T(0) && s < T(1))
                {
                    return u * std::sqrt(T(-2) * expr::detail::portable::log(s) / s);
                }
            }
        }

    private:
        std::uint64_t m_state;
    };

    /// @brief Mixes a run seed, a param name and an initializer seed into one stream seed.
    constexpr std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view name, std::uint64_t init_seed) noexcept
    {
        std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a over the name
        for (char c : name)
        {
            h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
        }
        random_stream mix(h ^ (run_seed * 0x9E3779B97F4A7C15ull) ^ (init_seed + 0x632BE59BD9B4E019ull));
        return mix.next_u64();
    }
}

#endif
