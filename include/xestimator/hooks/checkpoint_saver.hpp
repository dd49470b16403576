#ifndef XESTIMATOR_HOOKS_CHECKPOINT_SAVER_HPP
#define XESTIMATOR_HOOKS_CHECKPOINT_SAVER_HPP

/// @file
/// @brief hooks::checkpoint_saver (tf.train.CheckpointSaverHook): saves a checkpoint every
/// every_n_steps steps, or every every_n_secs seconds, and at the end of the run unless that
/// step was just saved. The estimator with a model directory installs one.

#include <cstdint>

#include "../core/error.hpp"
#include "cadence.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Set by checkpoint_saver::begin and after_step; not part of the configuration.
        struct checkpoint_saver_state
        {
            rate_meter rate{};
            std::int64_t last_saved = 0;
        };
    }

    /// @tparam Saver has `save()` (writes the current state) and `global_step()`.
    template <class Saver>
    struct checkpoint_saver
    {
        /// @brief The clock is read every this many steps when saving by time: a step can take
        /// a few nanoseconds, a clock read tens.
        static constexpr std::int64_t clock_check_steps = 16;

        Saver* saver = nullptr;
        /// @brief Cadence in steps; 0: by time (every_n_secs) instead.
        std::int64_t every_n_steps = 0;
        /// @brief Cadence in seconds when every_n_steps is 0; 0: only at the end of the run.
        double every_n_secs = 600.0;
        /// @brief Internal state (leave default-initialised).
        detail::checkpoint_saver_state state{};

        void begin(run_info const& info)
        {
            if (saver == nullptr)
            {
                raise<config_error>("hooks::checkpoint_saver: no saver");
            }
            state.rate.start(info.start_step);
            state.last_saved = info.start_step;
        }

        [[nodiscard]] std::int64_t next_due(std::int64_t step) const noexcept
        {
            if (every_n_steps > 0)
            {
                return next_multiple(step, every_n_steps);
            }
            return every_n_secs > 0.0 ? next_multiple(step, clock_check_steps) : never;
        }

        void after_step(step_info const& s)
        {
            if (every_n_steps > 0 || state.rate.seconds() >= every_n_secs)
            {
                save(s.step);
            }
        }

        void end(step_info const&)
        {
            if (saver->global_step() != state.last_saved)
            {
                save(saver->global_step());
            }
        }

        void save(std::int64_t step)
        {
            state.last_saved = step;  // first: a failed write is not retried by end()
            state.rate.start(step);
            saver->save();
        }
    };
}

#endif
