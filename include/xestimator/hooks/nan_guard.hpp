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

    /// @brief Checks the loss in before_update(), which the estimator calls after the loss and the
    ///        gradients are computed and before the optimizer changes the parameters. A NaN or
    ///        infinite loss then raises xest::nan_loss_error naming the step and the value, so the
    ///        parameters keep the values of the last good step (like tf.train.NanTensorHook with
    ///        fail_on_nan_loss, which checks after the update).
    ///
    /// With `rollback = true` it does not throw: it records the step and the value and returns true,
    /// so the update is skipped and training stops cleanly. Restoring the last checkpoint and
    /// halving the learning rate ("rollback") is the estimator's job; it reads `rollback` and
    /// `triggered()` from this hook. Until the estimator implements it, rollback = true means
    /// "stop without an exception".
    struct nan_guard
    {
        /// @brief false: throw nan_loss_error. true: ask the estimator to roll back to its last
        /// snapshot of the params and halve the learning rate, then go on (at most
        /// max_rollbacks times, then throw).
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
                char message[320];
                std::snprintf(message, sizeof message,
                              "nan_guard: the loss is %g at step %lld; training stopped before this update reached "
                              "the parameters (they hold the values of step %lld)%s. Lower the learning rate or check "
                              "the input data.",
                              static_cast<double>(s.loss), static_cast<long long>(s.step),
                              static_cast<long long>(s.step - 1),
                              rollback ? ", after the allowed number of rollbacks" : "");
                raise<nan_loss_error>(message);
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
}

#endif
