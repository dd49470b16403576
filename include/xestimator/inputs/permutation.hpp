#ifndef XESTIMATOR_INPUTS_PERMUTATION_HPP
#define XESTIMATOR_INPUTS_PERMUTATION_HPP

/// @file
/// @brief The portable, seeded permutation behind `options::shuffle`.
///
/// std::shuffle and the std distributions are specified only loosely, so libstdc++, libc++ and
/// MSVC produce different orders from the same engine and seed. A checkpoint stores only
/// (epoch, position) and must resume the exact same order on any platform, so the order is
/// computed here: Fisher-Yates driven by splitmix64, a counter-based generator whose stream is
/// fixed by its seed alone.

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>

namespace xest::inputs::detail
{
    /// @brief splitmix64 (Steele, Lea and Flood 2014): one 64-bit state, fixed output on every platform.
    class splitmix64
    {
    public:
        explicit constexpr splitmix64(std::uint64_t seed) noexcept
            : m_state(seed)
        {
        }

        constexpr std::uint64_t operator()() noexcept
        {
            m_state += 0x9E3779B97F4A7C15ull;
            return mix(m_state);
        }

        static constexpr std::uint64_t mix(std::uint64_t z) noexcept
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            return z ^ (z >> 31);
        }

        /// @brief Uniform in [0, bound) without modulo bias (rejection of the short last interval).
        constexpr std::uint64_t below(std::uint64_t bound) noexcept
        {
            std::uint64_t const threshold = (0 - bound) % bound;
            for (;;)
            {
                std::uint64_t const r = (*this)();
                if (r >= threshold)
                {
                    return r % bound;
                }
            }
        }

    private:
        std::uint64_t m_state;
    };

    /// @brief Fills `order` with the permutation of epoch `epoch` for `seed`: a function of
    /// (seed, epoch) only, never of the previous epoch, so any epoch can be regenerated directly.
    inline void epoch_permutation(std::span<std::size_t> order, std::uint64_t seed, std::int64_t epoch) noexcept
    {
        std::iota(order.begin(), order.end(), std::size_t{0});
        splitmix64 gen(splitmix64::mix(seed) ^ splitmix64::mix(static_cast<std::uint64_t>(epoch) + 0x632BE59BD9B4E019ull));
        for (std::size_t i = order.size(); i > 1; --i)
        {
            std::size_t const j = static_cast<std::size_t>(gen.below(i));
            std::size_t const t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
    }
}

#endif
