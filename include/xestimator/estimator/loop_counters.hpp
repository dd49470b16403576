#ifndef XESTIMATOR_ESTIMATOR_LOOP_COUNTERS_HPP
#define XESTIMATOR_ESTIMATOR_LOOP_COUNTERS_HPP

/// @file
/// @brief What the training loop (training_loop.hpp) carries from step to step, and the two
/// questions it asks its hooks' types and schedules: may one roll back, are summaries due.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include "../hooks/dispatch.hpp"

namespace xest::detail
{
    template <class Tuple>
    inline constexpr bool any_may_rollback_v = []<class... H>(std::type_identity<std::tuple<H...>>)
    {
        return (hooks::may_rollback_v<H> || ...);
    }(std::type_identity<std::remove_cvref_t<Tuple>>{});

    template <class Tuple>
    bool summaries_due(Tuple const& hooks, std::int64_t step) noexcept
    {
        return std::apply([&](auto const&... h)
                          { return ((hooks::wants_summaries_v<decltype(h)> && hooks::detail::next_due_of(h, step - 1) == step) || ...); },
                          hooks);
    }

    /// The sum behind train_result::mean_loss: a double, except on a target whose FPU has single
    /// precision only (a Cortex-M4: __ARM_FP without bit 3), where double arithmetic in the loop
    /// would be software emulation.
#if defined(__ARM_FP) && !(__ARM_FP & 8)
    using loss_sum_type = float;
#else
    using loss_sum_type = double;
#endif

    /// @brief What the loop carries from step to step; copied into locals by the quiet loop.
    struct loop_counters
    {
        std::int64_t global_step = 0;
        std::int64_t steps = 0;
        float last_loss = std::numeric_limits<float>::quiet_NaN();
        loss_sum_type loss_sum = 0;
        /// A copy of the state's learning-rate scale: the param stores of a step could alias it.
        float learning_rate_scale = 1.0f;
        /// The last step_info built (hooks' end() gets it), as plain values: a step_info kept
        /// across steps would live in memory, its pointers taken.
        std::int64_t info_step = 0;
        float info_loss = 0.0f;
        float info_learning_rate = 0.0f;
        std::size_t info_batch_size = 0;
    };

    enum class step_outcome
    {
        go_on,
        ended,       ///< result.reason says why
        rolled_back  ///< a hook asked for a rollback; the update was not applied
    };
}

#endif
