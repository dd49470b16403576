#ifndef XESTIMATOR_OPTIM_ADAM_HPP
#define XESTIMATOR_OPTIM_ADAM_HPP

/// @file
/// @brief Adam in the Keras form (bias corrections folded into the step size, "epsilon hat").

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
    namespace detail
    {
        // base^n by repeated squaring: IEEE multiplications only, so every target computes the
        // same bits (the C libraries' pow round differently, and newlib's links a software
        // double pow into a firmware). At most 2 log2(n) roundings: a relative error below 1e-14
        // for any step count a run reaches, far under the float alpha it feeds.
        inline double integer_power(double base, std::uint64_t n) noexcept
        {
            double result = 1.0;
            while (n != 0)
            {
                if ((n & 1u) != 0)
                {
                    result *= base;
                }
                base *= base;
                n >>= 1;
            }
            return result;
        }

        // Keras form of the Adam step with t = step + 1:
        // alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t).
        inline double adam_alpha(std::int64_t step, float lr, float beta_1, float beta_2)
        {
            std::uint64_t const t = static_cast<std::uint64_t>(step) + 1;
            double const beta_1_power = integer_power(static_cast<double>(beta_1), t);
            double const beta_2_power = integer_power(static_cast<double>(beta_2), t);
            return static_cast<double>(lr) * std::sqrt(1.0 - beta_2_power) / (1.0 - beta_1_power);
        }

        template <class T, std::size_t N>
        void adam_step(std::span<T, N> value, std::span<T const, N> grad, std::array<T, N>& m,
                       std::array<T, N>& v, double alpha, float beta_1, float beta_2,
                       float epsilon)
        {
            T const a = static_cast<T>(alpha);
            T const one_minus_b1 = T(1) - static_cast<T>(beta_1);
            T const one_minus_b2 = T(1) - static_cast<T>(beta_2);
            T const eps = static_cast<T>(epsilon);
            for (std::size_t i = 0; i < N; ++i)
            {
                T const g = grad[i];
                m[i] += (g - m[i]) * one_minus_b1;
                v[i] += (g * g - v[i]) * one_minus_b2;
                value[i] -= m[i] * a / (std::sqrt(v[i]) + eps);
            }
        }

        inline void validate_adam(char const* owner, float learning_rate, float beta_1,
                                  float beta_2, float epsilon)
        {
            require_non_negative(owner, "learning_rate", learning_rate);
            require_decay_rate(owner, "beta_1", beta_1);
            require_decay_rate(owner, "beta_2", beta_2);
            require_non_negative(owner, "epsilon", epsilon);
        }
    }

    /// @brief Adam (Keras form), with t = step + 1:
    /// `m += (g - m) * (1 - beta_1)`, `v += (g^2 - v) * (1 - beta_2)`,
    /// `var -= m * lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) / (sqrt(v) + epsilon)`.
    struct adam
    {
        float learning_rate = 0.001f;
        float beta_1 = 0.9f;
        float beta_2 = 0.999f;
        float epsilon = 1e-7f;

        /// @brief Per-parameter state, initially zero: first moment "m", second moment "v".
        /// @tparam T scalar type of the parameter
        /// @tparam N number of elements of the parameter
        template <class T, std::size_t N>
        struct slots
        {
            std::array<T, N> m{};
            std::array<T, N> v{};

            template <class F>
            void visit(F&& f)
            {
                f(std::string_view{"m"}, std::span<T, N>{m});
                f(std::string_view{"v"}, std::span<T, N>{v});
            }
        };

        /// @brief Per-step factors: the bias-corrected step size.
        struct context
        {
            double alpha;
        };

        void validate() const
        {
            detail::validate_adam("adam", learning_rate, beta_1, beta_2, epsilon);
        }

        float current_learning_rate(std::int64_t) const
        {
            return learning_rate;
        }

        context prepare(std::int64_t step, float lr) const
        {
            return {detail::adam_alpha(step, lr, beta_1, beta_2)};
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            detail::adam_step(value, grad, s.m, s.v, ctx.alpha, beta_1, beta_2, epsilon);
        }
    };
}

#endif
