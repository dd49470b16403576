#ifndef XESTIMATOR_OPTIM_ADAMW_HPP
#define XESTIMATOR_OPTIM_ADAMW_HPP

/// @file
/// @brief AdamW as Keras computes it: decoupled decay `var -= var * wd * lr`, then Adam.

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "adam.hpp"
#include "checks.hpp"

namespace xest::optim
{
    /// @brief AdamW (Keras semantics): `var -= var * weight_decay * lr` with the current
    /// (scheduled) learning rate, then the Adam step of `adam`.
    struct adamw
    {
        float learning_rate = 0.001f;
        float beta_1 = 0.9f;
        float beta_2 = 0.999f;
        float epsilon = 1e-7f;
        float weight_decay = 0.004f;

        /// @brief Per-parameter state: the same as `adam` ("m", "v").
        template <class T, std::size_t N>
        using slots = adam::slots<T, N>;

        /// @brief Per-step factors: bias-corrected step size and the decay factor `wd * lr`.
        struct context
        {
            double alpha;
            double decay;
        };

        void validate() const
        {
            detail::validate_adam("adamw", learning_rate, beta_1, beta_2, epsilon);
            detail::require_non_negative("adamw", "weight_decay", weight_decay);
        }

        float current_learning_rate(std::int64_t) const
        {
            return learning_rate;
        }

        context prepare(std::int64_t step, float lr) const
        {
            return {detail::adam_alpha(step, lr, beta_1, beta_2),
                    static_cast<double>(weight_decay) * static_cast<double>(lr)};
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            T const decay = static_cast<T>(ctx.decay);
            for (std::size_t i = 0; i < N; ++i)
            {
                value[i] -= value[i] * decay;
            }
            detail::adam_step(value, grad, s.m, s.v, ctx.alpha, beta_1, beta_2, epsilon);
        }
    };
}

#endif
