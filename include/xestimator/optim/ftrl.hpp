#ifndef XESTIMATOR_OPTIM_FTRL_HPP
#define XESTIMATOR_OPTIM_FTRL_HPP

/// @file
/// @brief FTRL-Proximal (McMahan et al., 2013) as Keras and TF's ApplyFtrlV2 compute it.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "checks.hpp"

namespace xest::optim
{
    /// @brief FTRL (Keras semantics), with p = -learning_rate_power:
    /// `gs = g + 2 * l2_shrinkage * var`, `n' = n + g^2`,
    /// `z += gs - (n'^p - n^p) / lr * var`, `q = n'^p / lr + 2 * (l2 + beta / (2 * lr))`,
    /// `var = (clip(z, -l1, l1) - z) / q` (zero when |z| <= l1), `n = n'`.
    struct ftrl
    {
        float learning_rate = 0.001f;
        float learning_rate_power = -0.5f;
        float initial_accumulator_value = 0.1f;
        float l1 = 0.0f;
        float l2 = 0.0f;
        float l2_shrinkage = 0.0f;
        float beta = 0.0f;

        /// @brief Per-parameter state: accumulator "accum" (n) and linear term "linear" (z).
        ///
        /// Default construction leaves both zero; the first update (step 0) sets "accum" to
        /// `initial_accumulator_value`, which is a run-time hyper-parameter.
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            std::array<T, N> accum{};
            std::array<T, N> linear{};

            template <class F>
            void visit(F&& f)
            {
                f(std::string_view{"accum"}, std::span<T, N>{accum});
                f(std::string_view{"linear"}, std::span<T, N>{linear});
            }
        };

        /// @brief Per-step factors.
        struct context
        {
            double learning_rate;
            double l2_total;  // l2 + beta / (2 * lr)
            bool first_step;
        };

        void validate() const
        {
            detail::require_positive("ftrl", "learning_rate", learning_rate);
            detail::require_non_positive("ftrl", "learning_rate_power", learning_rate_power);
            detail::require_non_negative("ftrl", "initial_accumulator_value",
                                         initial_accumulator_value);
            detail::require_non_negative("ftrl", "l1", l1);
            detail::require_non_negative("ftrl", "l2", l2);
            detail::require_non_negative("ftrl", "l2_shrinkage", l2_shrinkage);
            detail::require_non_negative("ftrl", "beta", beta);
        }

        float current_learning_rate(std::int64_t) const
        {
            return learning_rate;
        }

        context prepare(std::int64_t step, float lr) const
        {
            double const lr_d = lr;
            return {lr_d, static_cast<double>(l2) + static_cast<double>(beta) / (2.0 * lr_d),
                    step == 0};
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            if (ctx.first_step)
            {
                s.accum.fill(static_cast<T>(initial_accumulator_value));
            }
            T const lr = static_cast<T>(ctx.learning_rate);
            T const two_l2 = T(2) * static_cast<T>(ctx.l2_total);
            T const two_shrinkage = T(2) * static_cast<T>(l2_shrinkage);
            T const lambda_1 = static_cast<T>(l1);
            T const p = -static_cast<T>(learning_rate_power);
            // The default power -0.5 is a square root: exact and cheaper than pow.
            bool const is_sqrt = learning_rate_power == -0.5f;
            auto const power = [&](T x) { return is_sqrt ? std::sqrt(x) : std::pow(x, p); };
            for (std::size_t i = 0; i < N; ++i)
            {
                T const w = value[i];
                T const g = grad[i];
                T const g_shrunk = g + two_shrinkage * w;
                T const n_old_power = power(s.accum[i]);
                T const n_new = s.accum[i] + g * g;
                T const n_new_power = power(n_new);
                s.linear[i] += g_shrunk - (n_new_power - n_old_power) / lr * w;
                T const quadratic = n_new_power / lr + two_l2;
                T const z = s.linear[i];
                value[i] = (std::clamp(z, -lambda_1, lambda_1) - z) / quadratic;
                s.accum[i] = n_new;
            }
        }
    };
}

#endif
