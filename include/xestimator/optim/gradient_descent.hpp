#ifndef XESTIMATOR_OPTIM_GRADIENT_DESCENT_HPP
#define XESTIMATOR_OPTIM_GRADIENT_DESCENT_HPP

/// @file
/// @brief Plain gradient descent: `var -= lr * grad` (Keras SGD with momentum 0).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "checks.hpp"

namespace xest::optim
{
    /// @brief Gradient descent, `var -= learning_rate * grad`. Keeps no per-parameter state.
    struct gradient_descent
    {
        float learning_rate = 0.01f;

        /// @brief Per-parameter state: none.
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            template <class F>
            void visit(F&&)
            {
            }
        };

        /// @brief Per-step factors.
        struct context
        {
            double learning_rate;
        };

        void validate() const
        {
            detail::require_non_negative("gradient_descent", "learning_rate", learning_rate);
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
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>&) const
        {
            T const lr = static_cast<T>(ctx.learning_rate);
            for (std::size_t i = 0; i < N; ++i)
            {
                value[i] -= lr * grad[i];
            }
        }
    };
}

#endif
