#ifndef XESTIMATOR_HOOKS_EARLY_STOPPING_HPP
#define XESTIMATOR_HOOKS_EARLY_STOPPING_HPP

/// @file
/// @brief hooks::early_stopping: stop when a monitored value stops improving.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Kept across train() calls (train_and_evaluate trains in rounds); not part of the configuration.
        struct early_stopping_state
        {
            double best = std::numeric_limits<double>::quiet_NaN();
            std::int64_t best_step = -1;
            std::int64_t without_improvement = 0;
            bool seen = false;
            bool stopped = false;
        };
    }

    /// @brief Stops training when the monitored value has not improved by more than `min_delta`
    ///        for `patience` consecutive evaluations (after_evaluation, the default, like
    ///        tf.estimator.experimental.stop_if_no_decrease_hook and Keras EarlyStopping) or steps
    ///        (after_step with the step's loss, when `on_evaluation` is false).
    ///
    /// Improvement means value < best - min_delta (value > best + min_delta when `maximize`).
    /// A NaN value never improves. The first value sets the reference. The count survives several
    /// train() calls, so the hook works across the rounds of train_and_evaluate.
    ///
    /// `xest::hooks::early_stopping{.patience = 5, .min_delta = 1e-4}`,
    /// `xest::hooks::early_stopping{.patience = 3, .metric = "accuracy", .maximize = true}`
    struct early_stopping
    {
        /// @brief Evaluations (or steps) without improvement after which training stops; at least 1.
        std::int64_t patience = 1;
        /// @brief Smallest change that counts as an improvement; not negative.
        double min_delta = 0.0;
        /// @brief true: monitor evaluation results; false: monitor the training loss of every step.
        bool on_evaluation = true;
        /// @brief Evaluation metric to monitor: "loss" reads result.loss, any other name result[name].
        std::string metric = "loss";
        /// @brief Monitor a value that should increase (accuracy) instead of decrease.
        bool maximize = false;
        /// @brief Internal state (leave default-initialised).
        detail::early_stopping_state state{};

        void begin(run_info const& info)
        {
            if (patience < 1)
            {
                raise<config_error>("hooks::early_stopping: patience = " + std::to_string(patience)
                                    + " must be at least 1.");
            }
            if (!(min_delta >= 0.0))
            {
                raise<config_error>("hooks::early_stopping: min_delta = " + std::to_string(min_delta)
                                    + " must be zero or positive.");
            }
            if (!on_evaluation && metric != "loss")
            {
                raise<config_error>("hooks::early_stopping: metric \"" + metric
                                    + "\" is only known after an evaluation; with on_evaluation = false the hook "
                                      "monitors the training loss, so set metric = \"loss\".");
            }
            if (on_evaluation && !info.between_evaluations)
            {
                raise<config_error>("hooks::early_stopping watches evaluations (on_evaluation = true), and this train() "
                                    "call has none: pass the hook to train_and_evaluate, or set on_evaluation = false "
                                    "to watch the training loss.");
            }
        }

        bool after_step(step_info const& s)
        {
            if (on_evaluation)
            {
                return false;
            }
            return observe(static_cast<double>(s.loss), s.step);
        }

        template <class Result>
        bool after_evaluation(Result const& result)
        {
            if (!on_evaluation)
            {
                return false;
            }
            double const value = metric == "loss" ? static_cast<double>(result.loss)
                                                  : static_cast<double>(result[std::string_view(metric)]);
            return observe(value, static_cast<std::int64_t>(result.global_step));
        }

        /// @brief Best value seen so far (NaN before the first one).
        [[nodiscard]] double best() const noexcept
        {
            return state.best;
        }

        /// @brief Global step at which best() was seen (-1 before the first value).
        [[nodiscard]] std::int64_t best_step() const noexcept
        {
            return state.best_step;
        }

        /// @brief Consecutive evaluations (or steps) without improvement.
        [[nodiscard]] std::int64_t without_improvement() const noexcept
        {
            return state.without_improvement;
        }

        /// @brief True once the hook asked to stop.
        [[nodiscard]] bool stopped() const noexcept
        {
            return state.stopped;
        }

    private:
        bool observe(double value, std::int64_t step) noexcept
        {
            bool const improved = !state.seen ? value == value  // NaN is never a reference
                                              : (maximize ? value > state.best + min_delta
                                                          : value < state.best - min_delta);
            if (improved)
            {
                state.best = value;
                state.best_step = step;
                state.without_improvement = 0;
                state.seen = true;
            }
            else
            {
                ++state.without_improvement;
            }
            state.stopped = state.without_improvement >= patience;
            return state.stopped;
        }
    };
}

#endif
