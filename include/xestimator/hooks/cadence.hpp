#ifndef XESTIMATOR_HOOKS_CADENCE_HPP
#define XESTIMATOR_HOOKS_CADENCE_HPP

/// @file
/// @brief Step arithmetic of hook cadences: "the first step after `step` that is a multiple of
/// n", without overflow, and the value that means "never".
///
/// The training loop asks every hook when it is next due (`next_due(step)`) and runs the steps
/// before that without calling the hook at all; these helpers are what the built-in hooks answer
/// with.

#include <cstdint>
#include <limits>

namespace xest::hooks
{
    /// @brief A next-due step that never comes (a cadence that is off).
    inline constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

    /// @brief The first multiple of n after `step`; every step when n <= 1; `never` when the
    /// multiple would not fit in 64 bits.
    [[nodiscard]] constexpr std::int64_t next_multiple(std::int64_t step, std::int64_t n) noexcept
    {
        if (n <= 1)
        {
            return step < never ? step + 1 : never;
        }
        std::int64_t const q = (step < 0 ? 0 : step / n) + 1;
        return q > never / n ? never : q * n;
    }

    /// @brief TensorFlow's "every n steps, and on the first step": the first step after `step`
    /// that is a multiple of n, or step + 1 when `step` is the start of a run (no step done yet
    /// in this run). n == 0 turns it off.
    [[nodiscard]] constexpr std::int64_t next_every_n(std::int64_t step, std::int64_t n, bool first_of_run) noexcept
    {
        if (n <= 0)
        {
            return never;
        }
        return first_of_run ? step + 1 : next_multiple(step, n);
    }
}

#endif
