#ifndef XESTIMATOR_ESTIMATOR_STEP_CADENCE_HPP
#define XESTIMATOR_ESTIMATOR_STEP_CADENCE_HPP

/// @file
/// @brief `step_cadence`: "every n steps" for the training loop, answered by one comparison.
///
/// `step % n == 0` costs a 64-bit division on every step, which on a model as small as the
/// seed model is a large share of the step; the loop asks it for the log, the summaries and
/// the checkpoints. A cadence keeps its next due step instead, and the loop compares each step
/// with the earliest of them only (`next_due`).

#include <algorithm>
#include <cstdint>
#include <limits>

namespace xest::detail
{
    class step_cadence
    {
    public:
        static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

        /// @param every 0 means never
        /// @param first_step_too also due at step 1 (the log and the summaries, as TensorFlow)
        step_cadence(std::int64_t every, bool first_step_too, std::int64_t last_done_step) noexcept
            : m_every(every)
            , m_first_step_too(first_step_too && every > 0)
        {
            restart(last_done_step);
        }

        /// @brief Is `step` (the step about to run) due?
        bool due(std::int64_t step) const noexcept
        {
            return step == m_next;
        }

        /// @brief The next due step (`never` when the cadence is off).
        std::int64_t next() const noexcept
        {
            return m_next;
        }

        /// @brief Step `step` is done; the next due step follows it.
        void done(std::int64_t step) noexcept
        {
            if (step >= m_next)
            {
                restart(step);
            }
        }

        /// @brief The next due step follows `last_done_step` (at the start of a run, and after a
        /// rollback moved the global step back).
        void restart(std::int64_t last_done_step) noexcept
        {
            if (m_every <= 0)
            {
                m_next = never;
            }
            else if (m_first_step_too && last_done_step < 1)
            {
                m_next = 1;
            }
            else
            {
                m_next = (last_done_step / m_every + 1) * m_every;
            }
        }

    private:
        std::int64_t m_every;
        bool m_first_step_too;
        std::int64_t m_next = never;
    };

    /// @brief The earliest next due step of several cadences.
    template <class... C>
    std::int64_t next_due(C const&... cadences) noexcept
    {
        return std::min({cadences.next()...});
    }
}

#endif
