#ifndef XESTIMATOR_HOOKS_NAN_GUARD_HPP
#define XESTIMATOR_HOOKS_NAN_GUARD_HPP

/// @file
/// @brief hooks::nan_guard: a NaN or infinite loss stops training before the update is applied.

#include <bit>
#include <cstdint>
#include <cstdio>
#include <string>

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Exponent bits all set: inf or NaN. Bit test rather than std::isfinite, which
        /// -ffast-math (-ffinite-math-only) may fold to `true`.
        [[nodiscard]] constexpr bool is_finite_bits(float x) noexcept
        {
            return (std::bit_cast<std::uint32_t>(x) & 0x7f800000u) != 0x7f800000u;
        }
    }

    namespace detail
    {
        // Cold and out of line, with the step's values copied in: a step_info whose address the
        // hot path passed here would be written to memory on every step.
        [[noreturn, gnu::cold, gnu::noinline]] inline void raise_non_finite_loss(step_info const s, char const* after)
        {
            raise<nan_loss_error>("the loss is not finite: training stopped before this step's update",
                                  [&]
                                  {
                                      char message[320];
                                      std::snprintf(message, sizeof message,
                                                    "the loss is %g at step %lld; training stopped and the update of step "
                                                    "%lld was not applied%s. Lower the learning rate or check the input data.",
                                                    static_cast<double>(s.loss), static_cast<long long>(s.step),
                                                    static_cast<long long>(s.step), after);
                                      return std::string(message);
                                  });
        }
    }

    /// @brief Checks the loss in before_update(), which the estimator calls after the loss and the
    ///        gradients are computed and before the optimizer changes the parameters. A NaN or
    ///        infinite loss raises xest::nan_loss_error naming the step and the value, and the
    ///        update is not applied (tf.train.NanTensorHook with fail_on_nan_loss checks after it).
    ///
    /// With `rollback = true` it does not throw: it asks the estimator to restore its last
    /// snapshot of the params and optimizer state (taken every 100 steps) and to halve the
    /// learning rate, as dlib does, at most `max_rollbacks` times; then it throws.
    struct nan_guard
    {
        /// @brief false: throw nan_loss_error. true: roll back and halve the learning rate.
        bool rollback = false;
        /// @brief Rollbacks allowed in rollback mode before giving up with nan_loss_error.
        int max_rollbacks = 8;
        /// @brief Step whose loss was last not finite (-1: none yet); set in rollback mode.
        std::int64_t bad_step = -1;
        /// @brief The non-finite loss seen at bad_step.
        float bad_loss = 0.0f;
        /// @brief Rollbacks requested so far.
        int rollbacks = 0;

        /// @brief Tells the estimator to keep snapshots to roll back to.
        static constexpr bool may_rollback = true;

        [[nodiscard]] bool before_update(step_info const& s)
        {
            if (detail::is_finite_bits(s.loss)) [[likely]]
            {
                return false;
            }
            if (!rollback || rollbacks >= max_rollbacks || s.rollback_flag == nullptr)
            {
                detail::raise_non_finite_loss(s, rollback ? ", after the allowed number of rollbacks" : "");
            }
            bad_step = s.step;
            bad_loss = s.loss;
            ++rollbacks;
            s.request_rollback();
            return false;
        }

        /// @brief True when a non-finite loss was caught in rollback mode.
        [[nodiscard]] bool triggered() const noexcept
        {
            return bad_step >= 0;
        }
    };

    /// @brief The estimator's built-in check (run_config::check_nan, on by default as in
    ///        TensorFlow): a NaN or infinite loss raises nan_loss_error before its update is
    ///        applied, unless another hook already asked to roll that step back (a nan_guard with
    ///        rollback). It keeps no snapshot.
    struct nan_check
    {
        /// @brief false: check nothing (run_config::check_nan = false).
        bool enabled = true;

        [[nodiscard]] bool before_update(step_info const& s) const
        {
            if (!enabled || detail::is_finite_bits(s.loss)) [[likely]]
            {
                return false;
            }
            if (s.rollback_flag != nullptr && *s.rollback_flag)
            {
                return false;
            }
            detail::raise_non_finite_loss(step_info{.step = s.step, .loss = s.loss}, "");
        }
    };
}

#endif
