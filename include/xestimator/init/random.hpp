#ifndef XESTIMATOR_INIT_RANDOM_HPP
#define XESTIMATOR_INIT_RANDOM_HPP

/// @file
/// @brief The project's own random stream: splitmix64 plus Box-Muller.
///
/// std::normal_distribution and std::uniform_real_distribution (and so xt::random) are
/// implementation-defined: libstdc++ and libc++ give different numbers for one seed. Initial
/// weights must be the same everywhere a seed is used, so the few lines are written here.

#include <cmath>
#include <cstdint>
#include <string_view>

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

        /// @brief Uniform in [0, 1) with 53 random bits.
        constexpr double uniform() noexcept
        {
            return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
        }

        /// @brief Standard normal (Box-Muller; the second value of each pair is dropped so the
        /// stream position depends only on the number of draws).
        double normal() noexcept
        {
            constexpr double two_pi = 6.283185307179586476925286766559;
            double u1 = uniform();
            double u2 = uniform();
            return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(two_pi * u2);
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
