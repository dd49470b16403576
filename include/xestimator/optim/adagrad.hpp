#ifndef XESTIMATOR_OPTIM_ADAGRAD_HPP
#define XESTIMATOR_OPTIM_ADAGRAD_HPP

/// @file
/// @brief Adagrad as Keras computes it: `acc += g^2`, `var -= lr * g / sqrt(acc + epsilon)`.

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
    /// @brief Adagrad: `acc += g^2`, `var -= lr * g / sqrt(acc + epsilon)`, with `acc` starting
    /// at `initial_accumulator_value`.
    struct adagrad
    {
        float learning_rate = 0.001f;
        float initial_accumulator_value = 0.1f;
        float epsilon = 1e-7f;

        /// @brief Per-parameter state: the accumulator, slot "accumulator".
        ///
        /// Default construction leaves it zero; the first update (step 0) sets it to
        /// `initial_accumulator_value`, which is a run-time hyper-parameter.
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            std::array<T, N> accumulator{};

            template <class F>
            void visit(F&& f)
            {
                f(std::string_view{"accumulator"}, std::span<T, N>{accumulator});
            }
        };

        /// @brief Per-step factors.
        struct context
        {
            double learning_rate;
            bool first_step;
        };

        void validate() const
        {
            detail::require_non_negative("adagrad", "learning_rate", learning_rate);
            detail::require_non_negative("adagrad", "initial_accumulator_value",
                                         initial_accumulator_value);
            detail::require_non_negative("adagrad", "epsilon", epsilon);
        }

        float current_learning_rate(std::int64_t) const
        {
            return learning_rate;
        }

        context prepare(std::int64_t step, float lr) const
        {
            return {lr, step == 0};
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            if (ctx.first_step)
            {
                s.accumulator.fill(static_cast<T>(initial_accumulator_value));
            }
            T const lr = static_cast<T>(ctx.learning_rate);
            T const eps = static_cast<T>(epsilon);
            for (std::size_t i = 0; i < N; ++i)
            {
                s.accumulator[i] += grad[i] * grad[i];
                value[i] -= lr * grad[i] / std::sqrt(s.accumulator[i] + eps);
            }
        }
    };
}

#endif
