#ifndef XESTIMATOR_HOOKS_STOP_AT_STEP_HPP
#define XESTIMATOR_HOOKS_STOP_AT_STEP_HPP

/// @file
/// @brief hooks::stop_at_step: stop at a global step, or after a number of steps of this run.

#include <cstdint>
#include <string>

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    /// @brief Stops training when the global step reaches `last_step`, or after `num_steps` steps
    ///        counted from the step the run starts at (like tf.train.StopAtStepHook; set exactly
    ///        one). When the model already is at or past the bound, no step runs.
    ///
    /// `xest::hooks::stop_at_step{1000}` or `xest::hooks::stop_at_step{.num_steps = 100}`
    struct stop_at_step
    {
        /// @brief Global step after which to stop; negative: unset.
        std::int64_t last_step = -1;
        /// @brief Number of steps to run from begin(); negative: unset.
        std::int64_t num_steps = -1;
        /// @brief The global step to stop at, resolved by begin() (leave default-initialised).
        std::int64_t resolved_last_step = -1;

        void begin(run_info const& info)
        {
            if ((last_step >= 0) == (num_steps >= 0))
            {
                raise<config_error>("hooks::stop_at_step: set exactly one of last_step and num_steps (got last_step = "
                                    + std::to_string(last_step) + ", num_steps = " + std::to_string(num_steps) + ").");
            }
            resolved_last_step = last_step >= 0 ? last_step : info.start_step + num_steps;
        }

        /// @brief `step` is the global step the coming update would produce.
        [[nodiscard]] bool before_step(std::int64_t step) const noexcept
        {
            return step > resolved_last_step;
        }

        [[nodiscard]] bool after_step(step_info const& s) const noexcept
        {
            return s.step >= resolved_last_step;
        }
    };
}

#endif
