#ifndef XESTIMATOR_ESTIMATOR_IN_MEMORY_CONFIG_HPP
#define XESTIMATOR_ESTIMATOR_IN_MEMORY_CONFIG_HPP

/// @file
/// @brief `in_memory_config`: the settings of `run_config` that mean something without a model
/// directory, with the same names and defaults. It holds no string and no container, so an
/// in-memory estimator links no allocator through its configuration (the firmware profile).

#include <cstdint>

#include "../core/error.hpp"

namespace xest
{
    /// @brief What an in-memory estimator is told. A run_config field without a meaning here
    /// (model_dir, the summary and checkpoint cadences, warm start) is not a member, so setting
    /// one is a compile-time error rather than a setting silently ignored.
    struct in_memory_config
    {
        /// @brief Seed of param initialisation (inputs have their own seed).
        std::uint64_t random_seed = 0;
        /// @brief Log a line (step, loss, steps/sec) to stderr every N steps; 0: silent.
        std::int64_t log_step_count_steps = 100;
        /// @brief Stop with nan_loss_error when the loss is NaN or infinite, before that step's
        /// update (hooks::nan_check).
        bool check_nan = true;

        /// @brief Refuses a negative log cadence.
        void validate() const
        {
            if (log_step_count_steps < 0)
            {
                raise<config_error>("in_memory_config.log_step_count_steps must not be negative");
            }
        }
    };
}

#endif
