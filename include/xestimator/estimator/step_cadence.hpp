#ifndef XESTIMATOR_ESTIMATOR_STEP_CADENCE_HPP
#define XESTIMATOR_ESTIMATOR_STEP_CADENCE_HPP

/// @file
/// @brief `step_cadence`: "every n steps" for the training loop, answered by one comparison.
///
/// `step % n == 0` costs a 64-bit division on every step, which on a model as small as the
/// seed model is a large share of the step; the loop asks this for the log, the summaries and
/// the checkpoints. The cadence keeps the next due step instead.

#include <cstdint>
#include <limits>

namespace xest::detail
{
    class step_cadence
    {
    public:
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
            return step == m_next || (m_first_step_too && step == 1);
        }

        /// @brief Step `step` is done; the next due step follows it.
        void done(std::int64_t step) noexcept
        {
            if (step >= m_next)
            {
                restart(step);
            }
        }

        /// @brief The global step moved (a rollback): the next due step follows `last_done_step`.
        void restart(std::int64_t last_done_step) noexcept
        {
            m_next = m_every > 0 ? (last_done_step / m_every + 1) * m_every : std::numeric_limits<std::int64_t>::max();
        }

    private:
        std::int64_t m_every;
        bool m_first_step_too;
        std::int64_t m_next = 0;
    };
}

#endif
