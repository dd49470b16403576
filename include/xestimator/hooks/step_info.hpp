#ifndef XESTIMATOR_HOOKS_STEP_INFO_HPP
#define XESTIMATOR_HOOKS_STEP_INFO_HPP

/// @file
/// @brief What a hook is told: run_info at the start of a run, step_info around each step,
///        and the one clock every built-in hook measures time with.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../core/config.hpp"

namespace xest
{
    /// @brief Passed to `begin(run_info const&)` once, before the first step of a train() call.
    struct run_info
    {
        /// @brief Global step restored from the model directory (0 for a fresh model).
        std::int64_t start_step = 0;
        /// @brief Last global step this run may reach; -1 when the run has no step bound.
        std::int64_t last_step = -1;
        /// @brief The model directory (empty when the estimator has none); valid during begin() only.
        std::string_view model_dir{};
        /// @brief True when train_and_evaluate runs this train() call between two evaluations.
        bool between_evaluations = false;
    };

    /// @brief One summary of the model function's spec (`.summary(tag, x)` or
    /// `.histogram(tag, x)`), or a param, as hooks see it on a summary step: a view of the values
    /// the step computed (float or double, one of the two pointers is set).
    struct summary_value
    {
        enum class kind_type
        {
            scalar,
            histogram
        };
        std::string_view tag{};
        kind_type kind = kind_type::scalar;
        float const* f32 = nullptr;
        double const* f64 = nullptr;
        std::size_t size = 0;
        /// @brief A param of the model (not a summary of the spec).
        bool is_param = false;

        /// @brief Value i as a double.
        [[nodiscard]] double operator[](std::size_t i) const noexcept
        {
            return f32 != nullptr ? static_cast<double>(f32[i]) : f64[i];
        }
    };

    /// @brief Passed to `before_update`, `after_step`, `end` and step-form callables.
    ///
    /// The estimator builds one on the stack per step with designated initializers:
    /// @code
    /// bool stop = false;
    /// xest::step_info info{.step = global_step + 1, .loss = loss, .learning_rate = lr,
    ///                      .batch_size = n, .stop_flag = &stop};
    /// @endcode
    /// It is an aggregate of plain values, so building it costs a few stores and no allocation.
    struct step_info
    {
        /// @brief Global step after this update (1 for the first update of a fresh model).
        ///        In before_update() it is the step the pending update would produce.
        std::int64_t step = 0;
        /// @brief Loss of this step's batch (NaN in end() when the run made no step).
        float loss = 0.0f;
        /// @brief Learning rate used for this update.
        float learning_rate = 0.0f;
        /// @brief Number of valid examples in the batch (smaller for a final partial batch).
        std::size_t batch_size = 0;
        /// @brief The training loop's stop flag; set by the estimator, not by users.
        ///        May be null (then request_stop() does nothing), e.g. in end().
        bool* stop_flag = nullptr;

        /// @brief Asks the loop to stop after the current step; the same as returning true.
        void request_stop() const noexcept
        {
            if (stop_flag != nullptr)
            {
                *stop_flag = true;
            }
        }

        /// @brief Where a rollback request is recorded (see request_rollback); may be null.
        bool* rollback_flag = nullptr;

        /// @brief From before_update(): do not apply this update; instead restore the params and
        ///        optimizer state of the last snapshot and halve the learning rate (dlib's
        ///        recovery from a diverging run). The estimator snapshots every 100 steps when a
        ///        hook type declares `static constexpr bool may_rollback = true`.
        void request_rollback() const noexcept
        {
            if (rollback_flag != nullptr)
            {
                *rollback_flag = true;
            }
        }

        /// @brief On a step where a hook declaring `static constexpr bool wants_summaries = true`
        ///        is due: the spec's summaries, then every param (as histograms). Empty otherwise.
        std::span<summary_value const> summaries{};

        /// @brief True once any hook asked to stop during this run.
        [[nodiscard]] bool stop_requested() const noexcept
        {
            return stop_flag != nullptr && *stop_flag;
        }
    };

    namespace hooks
    {
        /// @brief The time source of every built-in hook: monotonic, unaffected by clock changes.
        using clock = std::chrono::steady_clock;

        /// @brief Seconds between two time points of hooks::clock, as a double.
        [[nodiscard]] inline double seconds_between(clock::time_point from, clock::time_point to) noexcept
        {
            return std::chrono::duration<double>(to - from).count();
        }

        /// @brief Steps per second between two marks: the one place a rate is computed (logging,
        ///        step_counter and the summary saver each hold one).
        struct rate_meter
        {
            clock::time_point time{};
            std::int64_t step = 0;
            /// @brief The length in seconds of the last lap.
            double last_seconds = 0.0;

            void start(std::int64_t at_step) noexcept
            {
                time = clock::now();
                step = at_step;
            }

            /// @brief Seconds since the last mark.
            [[nodiscard]] double seconds() const noexcept
            {
                return seconds_between(time, clock::now());
            }

            /// @brief Steps per second since the last mark (0 when no time passed), and a new mark.
            double lap(std::int64_t at_step) noexcept
            {
                clock::time_point const now = clock::now();
                double const secs = seconds_between(time, now);
                double const rate = secs > 0.0 ? static_cast<double>(at_step - step) / secs : 0.0;
                time = now;
                step = at_step;
                last_seconds = secs;
                return rate;
            }
        };
    }
}

#endif
