#ifndef XESTIMATOR_OPTIM_RMSPROP_HPP
#define XESTIMATOR_OPTIM_RMSPROP_HPP

/// @file
/// @brief RMSprop (plain or centered, with optional momentum) as Keras computes it.

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
    /// @brief RMSprop (Keras semantics):
    /// `rms = rho * rms + (1 - rho) * g^2`; centered: `mg = rho * mg + (1 - rho) * g` and
    /// `denom = rms - mg^2 + epsilon`, else `denom = rms + epsilon`;
    /// `inc = lr * g / sqrt(denom)`; with momentum `mom = momentum * mom + inc, var -= mom`,
    /// else `var -= inc`.
    struct rmsprop
    {
        float learning_rate = 0.001f;
        float rho = 0.9f;
        float momentum = 0.0f;
        float epsilon = 1e-7f;
        bool centered = false;

        /// @brief Per-parameter state, all initially zero: slots "rms", "momentum", "mg".
        ///
        /// The sizes are fixed at compile time, so "momentum" and "mg" exist (and stay zero)
        /// even when `momentum == 0` or `centered == false`.
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            std::array<T, N> rms{};
            std::array<T, N> mom{};
            std::array<T, N> mg{};

            template <class F>
            void visit(F&& f)
            {
                f(std::string_view{"rms"}, std::span<T, N>{rms});
                f(std::string_view{"momentum"}, std::span<T, N>{mom});
                f(std::string_view{"mg"}, std::span<T, N>{mg});
            }
        };

        /// @brief Per-step factors.
        struct context
        {
            double learning_rate;
        };

        void validate() const
        {
            detail::require_non_negative("rmsprop", "learning_rate", learning_rate);
            detail::require_decay_rate("rmsprop", "rho", rho);
            detail::require_decay_rate("rmsprop", "momentum", momentum);
            detail::require_non_negative("rmsprop", "epsilon", epsilon);
        }

        float current_learning_rate(std::int64_t) const
        {
            return learning_rate;
        }

        context prepare(std::int64_t, float lr) const
        {
            return {lr};
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            T const lr = static_cast<T>(ctx.learning_rate);
            T const r = static_cast<T>(rho);
            T const one_minus_r = T(1) - r;
            T const eps = static_cast<T>(epsilon);
            T const mu = static_cast<T>(momentum);
            bool const use_momentum = momentum > 0.0f;
            for (std::size_t i = 0; i < N; ++i)
            {
                T const g = grad[i];
                s.rms[i] = r * s.rms[i] + one_minus_r * g * g;
                T denominator = s.rms[i] + eps;
                if (centered)
                {
                    s.mg[i] = r * s.mg[i] + one_minus_r * g;
                    denominator = s.rms[i] - s.mg[i] * s.mg[i] + eps;
                }
                T const increment = lr * g / std::sqrt(denominator);
                if (use_momentum)
                {
                    s.mom[i] = mu * s.mom[i] + increment;
                    value[i] -= s.mom[i];
                }
                else
                {
                    value[i] -= increment;
                }
            }
        }
    };
}

#endif
