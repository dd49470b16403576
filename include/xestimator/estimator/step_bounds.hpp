#ifndef XESTIMATOR_ESTIMATOR_STEP_BOUNDS_HPP
#define XESTIMATOR_ESTIMATOR_STEP_BOUNDS_HPP

/// @file
/// @brief The step bounds of train(): `steps` (this many more) and `max_steps` (up to this one).

#include <cstdint>

namespace xest
{
    /// @brief Train for this many more steps.
    struct steps
    {
        std::int64_t count;
    };

    /// @brief Train until global_step reaches this value (nothing to do if it already has).
    struct max_steps
    {
        std::int64_t count;
        /// @brief Set by train_and_evaluate: this call is one round between evaluations, so
        /// hooks that watch evaluations (hooks::early_stopping) have something to watch.
        bool between_evaluations = false;
    };
}

#endif
