#ifndef XESTIMATOR_ESTIMATOR_RESULTS_HPP
#define XESTIMATOR_ESTIMATOR_RESULTS_HPP

/// @file
/// @brief What train() and evaluate() return.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/error.hpp"

namespace xest
{
    /// @brief Why a train() call ended.
    enum class stop_reason
    {
        step_bound,         ///< steps{n} done or max_steps{n} reached
        already_at_max,     ///< max_steps{n} was already reached when train() started: no step ran
        input_exhausted,    ///< the input had no more batches
        hook_requested,     ///< a hook returned true or called request_stop()
        update_aborted      ///< a hook's before_update refused the step (its update was not applied)
    };

    inline char const* to_string(stop_reason r) noexcept
    {
        switch (r)
        {
            case stop_reason::step_bound: return "step bound reached";
            case stop_reason::already_at_max: return "max_steps already reached before training";
            case stop_reason::input_exhausted: return "input exhausted";
            case stop_reason::hook_requested: return "a hook requested a stop";
            case stop_reason::update_aborted: return "a hook aborted the update";
        }
        return "unknown";
    }

    /// @brief The result of train(): TensorFlow returns nothing; this says where training ended.
    struct train_result
    {
        std::int64_t global_step = 0;   ///< after the call
        std::int64_t steps = 0;         ///< updates applied by this call
        float loss = std::numeric_limits<float>::quiet_NaN();       ///< loss of the last step
        double mean_loss = std::numeric_limits<double>::quiet_NaN(); ///< mean loss of the call's steps
        stop_reason reason = stop_reason::step_bound;
    };

    /// @brief The result of evaluate(): the mean loss over all examples, the global step of the
    /// params evaluated, and every named metric.
    struct eval_result
    {
        double loss = 0.0;
        std::int64_t global_step = 0;
        std::int64_t num_examples = 0;
        std::vector<std::pair<std::string, double>> metrics;

        /// @brief A metric by name ("loss" and "global_step" work too); an unknown name throws
        /// name_error listing the names that exist.
        XESTIMATOR_DECL double operator[](std::string_view name) const;

        XESTIMATOR_DECL bool contains(std::string_view name) const noexcept;
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/results.ipp"
#endif

#endif
