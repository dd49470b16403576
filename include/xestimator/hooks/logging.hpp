#ifndef XESTIMATOR_HOOKS_LOGGING_HPP
#define XESTIMATOR_HOOKS_LOGGING_HPP

/// @file
/// @brief hooks::logging: TensorFlow-style progress lines (step, loss, seconds, global_step/sec).

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Set by logging::begin and after_step; not part of the configuration.
        struct logging_state
        {
            clock::time_point last_time{};
            std::int64_t last_step = 0;
            std::int64_t start_step = 0;
            bool ran = false;
        };
    }

    /// @brief Prints, like tf.estimator's default logging,
    ///        `INFO: step = 200, loss = 0.0123 (0.485 sec)` followed by `INFO: global_step/sec: 412.3`,
    ///        on the first step of a run and then every `every_n_steps` steps, or, when
    ///        `every_n_secs > 0`, on the first step after that many seconds (every_n_steps is then
    ///        ignored, as TensorFlow takes one or the other). The seconds and the rate cover the
    ///        interval since the previous line (or since begin). end() prints
    ///        `INFO: loss for final step: 0.0101.` when the run made a step.
    ///
    /// `xest::hooks::logging{.every_n_steps = 500, .out = stdout}`
    struct logging
    {
        /// @brief Step cadence (a line when step % every_n_steps == 0; <= 1: every step).
        std::int64_t every_n_steps = 100;
        /// @brief When > 0, log by time instead of by step count.
        double every_n_secs = 0.0;
        /// @brief Destination; not owned, never closed.
        std::FILE* out = stderr;
        /// @brief Internal state (leave default-initialised).
        detail::logging_state state{};

        void begin(run_info const& info)
        {
            if (out == nullptr)
            {
                raise<config_error>("hooks::logging: out is a null FILE*; pass stderr, stdout or an open file.");
            }
            if (!(every_n_secs >= 0.0))
            {
                raise<config_error>("hooks::logging: every_n_secs = " + std::to_string(every_n_secs)
                                    + " is negative or NaN; use 0 to log by step count.");
            }
            state.last_time = clock::now();
            state.last_step = info.start_step;
            state.start_step = info.start_step;
            state.ran = false;
        }

        void after_step(step_info const& s)
        {
            bool const first = !state.ran;
            state.ran = true;
            clock::time_point const now = clock::now();
            double const secs = seconds_between(state.last_time, now);
            bool due = first;
            if (every_n_secs > 0.0)
            {
                due = due || secs >= every_n_secs;
            }
            else
            {
                due = due || every_n_steps <= 1 || s.step % every_n_steps == 0;
            }
            if (!due)
            {
                return;
            }
            std::fprintf(out, "INFO: step = %" PRId64 ", loss = %g (%.3f sec)\n", s.step, static_cast<double>(s.loss),
                         secs);
            std::int64_t const steps = s.step - state.last_step;
            if (secs > 0.0 && steps > 0)
            {
                std::fprintf(out, "INFO: global_step/sec: %.1f\n", static_cast<double>(steps) / secs);
            }
            state.last_time = now;
            state.last_step = s.step;
        }

        void end(step_info const& last)
        {
            if (state.ran)
            {
                std::fprintf(out, "INFO: loss for final step: %g.\n", static_cast<double>(last.loss));
            }
            std::fflush(out);
        }
    };
}

#endif
