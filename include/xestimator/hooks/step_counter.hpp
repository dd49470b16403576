#ifndef XESTIMATOR_HOOKS_STEP_COUNTER_HPP
#define XESTIMATOR_HOOKS_STEP_COUNTER_HPP

/// @file
/// @brief hooks::step_counter: measures global steps per second and examples per second.

#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Set by step_counter::begin and after_step; not part of the configuration.
        struct step_counter_state
        {
            rate_meter rate{};
            std::size_t window_examples = 0;
            double steps_per_sec = 0.0;
            double examples_per_sec = 0.0;
            bool measured = false;
        };
    }

    /// @brief Every `every_n_steps` steps, measures the rate over the window since the previous
    ///        measurement (or since begin) and keeps it for steps_per_sec() / examples_per_sec().
    ///        With `out` set it also prints `INFO: global_step/sec: 412.3` like tf.train.StepCounterHook.
    struct step_counter
    {
        /// @brief Window length in steps (<= 1: every step).
        std::int64_t every_n_steps = 100;
        /// @brief When not null, each measurement is printed there.
        std::FILE* out = nullptr;
        /// @brief Internal state (leave default-initialised).
        detail::step_counter_state state{};

        void begin(run_info const& info)
        {
            state.rate.start(info.start_step);
            state.window_examples = 0;
        }

        void after_step(step_info const& s)
        {
            state.window_examples += s.batch_size;
            if (every_n_steps > 1 && s.step % every_n_steps != 0)
            {
                return;
            }
            if (state.rate.seconds() <= 0.0)
            {
                return;  // clock resolution: keep accumulating into the next window
            }
            state.steps_per_sec = state.rate.lap(s.step);
            state.examples_per_sec = static_cast<double>(state.window_examples) / state.rate.last_seconds;
            state.measured = true;
            state.window_examples = 0;
            if (out != nullptr)
            {
                std::fprintf(out, "INFO: global_step/sec: %.1f\n", state.steps_per_sec);
            }
        }

        /// @brief Global steps per second over the last completed window (0 before the first one).
        [[nodiscard]] double steps_per_sec() const noexcept
        {
            return state.steps_per_sec;
        }

        /// @brief Valid examples per second over the last completed window (0 before the first one).
        [[nodiscard]] double examples_per_sec() const noexcept
        {
            return state.examples_per_sec;
        }

        /// @brief True once a window was measured.
        [[nodiscard]] bool has_rate() const noexcept
        {
            return state.measured;
        }
    };
}

#endif
