#ifndef XESTIMATOR_OPTIM_MOMENTUM_HPP
#define XESTIMATOR_OPTIM_MOMENTUM_HPP

/// @file
/// @brief Gradient descent with (Nesterov) momentum, as Keras SGD(momentum > 0) computes it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "checks.hpp"

namespace xest::optim
{
    /// @brief Momentum (Keras SGD semantics): `m = momentum * m - lr * g`, then `var += m`, or
    /// with `use_nesterov`, `var += momentum * m - lr * g`.
    struct momentum
    {
        float learning_rate = 0.01f;
        float momentum = 0.9f;
        bool use_nesterov = false;

        /// @brief Per-parameter state: the velocity, slot "momentum", initially zero.
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            std::array<T, N> velocity{};

            template <class F>
            void visit(F&& f)
            {
                f(std::string_view{"momentum"}, std::span<T, N>{velocity});
            }
        };

        /// @brief Per-step factors.
        struct context
        {
            double learning_rate;
        };

        void validate() const
        {
            detail::require_non_negative("momentum", "learning_rate", learning_rate);
            detail::require_unit_interval("momentum", "momentum", momentum);
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
            T const mu = static_cast<T>(momentum);
            if (use_nesterov)
            {
                for (std::size_t i = 0; i < N; ++i)
                {
                    T const step = lr * grad[i];
                    s.velocity[i] = mu * s.velocity[i] - step;
                    value[i] += mu * s.velocity[i] - step;
                }
            }
            else
            {
                for (std::size_t i = 0; i < N; ++i)
                {
                    s.velocity[i] = mu * s.velocity[i] - lr * grad[i];
                    value[i] += s.velocity[i];
                }
            }
        }
    };
}

#endif
