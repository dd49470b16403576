#ifndef XESTIMATOR_HOOKS_LOGGING_HPP
#define XESTIMATOR_HOOKS_LOGGING_HPP

/// @file
/// @brief hooks::logging: TensorFlow-style progress lines, the estimator's default log
/// (installed from run_config::log_step_count_steps).

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

#include "../core/error.hpp"
#include "cadence.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Set by logging::begin and after_step; not part of the configuration.
        struct logging_state
        {
            rate_meter rate{};
            std::int64_t start_step = 0;
            bool ran = false;
        };
    }

    /// @brief Prints, as tf.estimator does,
    /// @code
    /// INFO:xestimator:global_step/sec: 412.3
    /// INFO:xestimator:loss = 0.0123, step = 200 (0.485 sec)
    /// @endcode
    /// on the first step of each run (without the rate) and then every `every_n_steps` steps, or,
    /// when `every_n_secs > 0`, on the first step after that many seconds. The seconds and the
    /// rate cover the interval since the previous line. end() prints
    /// `INFO:xestimator:Loss for final step: 0.0101.` when the run made a step.
    ///
    /// `xest::hooks::logging{.every_n_steps = 500, .out = stdout}`
    struct logging
    {
        /// @brief Step cadence (0: off, 1: every step).
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
            if (!(every_n_secs >= 0.0) || every_n_steps < 0)
            {
                raise<config_error>("hooks::logging: every_n_steps = " + std::to_string(every_n_steps) + " and every_n_secs = "
                                    + std::to_string(every_n_secs) + ": neither may be negative or NaN (0 turns it off).");
            }
            state.rate.start(info.start_step);
            state.start_step = info.start_step;
            state.ran = false;
        }

        [[nodiscard]] std::int64_t next_due(std::int64_t step) const noexcept
        {
            if (every_n_secs > 0.0)
            {
                return step + 1;
            }
            return next_every_n(step, every_n_steps, step == state.start_step);
        }

        void after_step(step_info const& s)
        {
            bool const first = !state.ran;
            state.ran = true;
            double const secs = state.rate.seconds();
            if (!first && every_n_secs > 0.0 && secs < every_n_secs)
            {
                return;
            }
            double const rate = state.rate.lap(s.step);
            if (!first)
            {
                std::fprintf(out, "INFO:xestimator:global_step/sec: %g\n", rate);
            }
            std::fprintf(out, "INFO:xestimator:loss = %g, step = %" PRId64 " (%.3f sec)\n", static_cast<double>(s.loss),
                         s.step, secs);
        }

        void end(step_info const& last)
        {
            if (state.ran)
            {
                std::fprintf(out, "INFO:xestimator:Loss for final step: %g.\n", static_cast<double>(last.loss));
            }
            std::fflush(out);
        }
    };

    /// @brief The line train(input, max_steps{n}) logs when global_step already reached n.
    inline void log_already_at_max(std::int64_t global_step, std::int64_t max_steps, std::FILE* out = stderr)
    {
        std::fprintf(out,
                     "INFO:xestimator:Skipping training since max_steps has already been reached (global_step = %" PRId64
                     ", max_steps = %" PRId64 ").\n",
                     global_step, max_steps);
    }
}

#endif
