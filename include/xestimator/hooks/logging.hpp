#ifndef XESTIMATOR_HOOKS_LOGGING_HPP
#define XESTIMATOR_HOOKS_LOGGING_HPP

/// @file
/// @brief hooks::logging: TensorFlow-style progress lines, the estimator's default log
/// (installed from run_config::log_step_count_steps).

#include <cstdint>
#include <cstdio>

#include "../core/config.hpp"
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

        XESTIMATOR_DECL void begin(run_info const& info);

        [[nodiscard]] std::int64_t next_due(std::int64_t step) const noexcept
        {
            if (every_n_secs > 0.0)
            {
                return step + 1;
            }
            return next_every_n(step, every_n_steps, step == state.start_step);
        }

        XESTIMATOR_DECL void after_step(step_info const& s);

        XESTIMATOR_DECL void end(step_info const& last);
    };

    /// @brief The line train(input, max_steps{n}) logs when global_step already reached n.
    XESTIMATOR_DECL void log_already_at_max(std::int64_t global_step, std::int64_t max_steps, std::FILE* out = stderr);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/logging.ipp"
#endif

#endif
