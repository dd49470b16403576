#ifndef XESTIMATOR_EXPR_OPS_UNARY_HPP
#define XESTIMATOR_EXPR_OPS_UNARY_HPP

/// @file
/// @brief Element-wise unary ops: maths and activations. Each is a small rule struct with
/// `value` and `derivative`; one generic op tag (unary_op, or unary_param_op for a rule with a
/// setting) turns a rule into forward and backward loops.

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "node.hpp"
#include "op_base.hpp"
#include "portable_math.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief dout * derivative, where a zero adjoint contributes zero even if the local
        /// derivative is infinite: padding rows of a partial batch (adjoint 0) then never turn
        /// into NaN gradients through sqrt(0), log(0) or x / 0. A select, so loops still vectorize.
        template <class T>
        inline T scaled(T dout, T derivative) noexcept
        {
            return dout == T(0) ? T(0) : dout * derivative;
        }

        // ---- unary -------------------------------------------------------------------------

        /// @brief Element-wise op from a rule R with `value(x)` and `derivative(x, y)` (y = value(x)).
        /// The rule is a base so that a rule without hyper-parameters leaves the op empty.
        template <class R, class Shape>
        struct unary_op : op_base, R
        {
            using shape_type = Shape;
            static constexpr bool blocks_gradient = R::blocks_gradient;

            template <class S, class T>
            void forward(context const&, S&, T* out, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < Shape::size; ++i)
                {
                    out[i] = R::value(a[i]);
                }
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const&, S&, T const* dout, T const* out, T* d, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < Shape::size; ++i)
                {
                    put<Assign>(d[i], scaled(dout[i], R::derivative(a[i], out[i])));
                }
            }
        };

        namespace rules
        {
            struct rule_base
            {
                static constexpr bool blocks_gradient = false;
            };

#define XESTIMATOR_UNARY_RULE(NAME, VALUE, DERIVATIVE)                       \
    struct NAME : rule_base                                                  \
    {                                                                        \
        template <class T>                                                   \
        static T value(T x) noexcept                                         \
        {                                                                    \
            return VALUE;                                                    \
        }                                                                    \
        template <class T>                                                   \
        static T derivative([[maybe_unused]] T x, [[maybe_unused]] T y) noexcept \
        {                                                                    \
            return DERIVATIVE;                                               \
        }                                                                    \
    }

            XESTIMATOR_UNARY_RULE(negate, -x, T(-1));
            XESTIMATOR_UNARY_RULE(square, x * x, T(2) * x);
            XESTIMATOR_UNARY_RULE(sqrt, std::sqrt(x), T(0.5) / y);
            XESTIMATOR_UNARY_RULE(abs, std::abs(x), x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0)));
            XESTIMATOR_UNARY_RULE(exp, detail::portable::exp(x), y);
            XESTIMATOR_UNARY_RULE(log, detail::portable::log(x), T(1) / x);
            XESTIMATOR_UNARY_RULE(relu, x > T(0) ? x : T(0), x > T(0) ? T(1) : T(0));
            // 1 / (1 + e^-x) written to never overflow.
            XESTIMATOR_UNARY_RULE(sigmoid, x >= T(0) ? T(1) / (T(1) + detail::portable::exp(-x))
                                                : detail::portable::exp(x) / (T(1) + detail::portable::exp(x)),
                                  y * (T(1) - y));
            XESTIMATOR_UNARY_RULE(tanh, detail::portable::tanh(x), T(1) - y * y);
            // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact for large |x|.
            XESTIMATOR_UNARY_RULE(softplus, (x > T(0) ? x : T(0)) + detail::portable::log1p(detail::portable::exp(-std::abs(x))),
                                  x >= T(0) ? T(1) / (T(1) + detail::portable::exp(-x))
                                            : detail::portable::exp(x) / (T(1) + detail::portable::exp(x)));

#undef XESTIMATOR_UNARY_RULE

            struct identity_blocked
            {
                static constexpr bool blocks_gradient = true;
                template <class T>
                static T value(T x) noexcept
                {
                    return x;
                }
                template <class T>
                static T derivative(T, T) noexcept
                {
                    return T(0);
                }
            };
        }

        // Rules with a hyper-parameter are not empty, so their nodes are never merged by type.
        template <class R, class Shape>
        struct unary_param_op : op_base
        {
            using shape_type = Shape;
            R rule;

            template <class S, class T>
            void forward(context const&, S&, T* out, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < Shape::size; ++i)
                {
                    out[i] = rule.value(a[i]);
                }
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const&, S&, T const* dout, T const* out, T* d, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < Shape::size; ++i)
                {
                    put<Assign>(d[i], scaled(dout[i], rule.derivative(a[i], out[i])));
                }
            }
        };

        namespace rules
        {
            struct leaky_relu
            {
                double alpha;
                template <class T>
                T value(T x) const noexcept
                {
                    return x > T(0) ? x : T(alpha) * x;
                }
                template <class T>
                T derivative(T x, T) const noexcept
                {
                    return x > T(0) ? T(1) : T(alpha);
                }
            };
            struct elu
            {
                double alpha;
                template <class T>
                T value(T x) const noexcept
                {
                    return x > T(0) ? x : T(alpha) * detail::portable::expm1(x);
                }
                template <class T>
                T derivative(T x, T y) const noexcept
                {
                    return x > T(0) ? T(1) : y + T(alpha);
                }
            };
            struct pow
            {
                double exponent;
                template <class T>
                T value(T x) const noexcept
                {
                    return detail::portable::pow(x, T(exponent));
                }
                template <class T>
                T derivative(T x, T) const noexcept
                {
                    return T(exponent) * detail::portable::pow(x, T(exponent) - T(1));
                }
            };
            // TensorFlow's clip_by_value passes the gradient where lo <= x <= hi.
            struct clip
            {
                double lo;
                double hi;
                template <class T>
                T value(T x) const noexcept
                {
                    return x < T(lo) ? T(lo) : (x > T(hi) ? T(hi) : x);
                }
                template <class T>
                T derivative(T x, T) const noexcept
                {
                    return (x >= T(lo) && x <= T(hi)) ? T(1) : T(0);
                }
            };
        }

        // ---- forming nodes ------------------------------------------------------------------

        namespace detail
        {
            template <class Rule, class A>
            auto make_unary(A const& a, Rule rule = {})
            {
                if constexpr (xest::detail::any_absorbing_v<A>)
                {
                    return xest::detail::absorb<A>();
                }
                else
                {
                    auto e = xest::detail::as_expr(a);
                    using E = decltype(e);
                    if constexpr (std::is_empty_v<Rule>)
                    {
                        return node<unary_op<Rule, shape_of_t<E>>, E>{{}, {e}};
                    }
                    else
                    {
                        return node<unary_param_op<Rule, shape_of_t<E>>, E>{{{}, rule}, {e}};
                    }
                }
            }
        }

        template <class A>
            requires(operand<A> && !std::is_arithmetic_v<A>)
        auto operator-(A const& a)
        {
            return detail::make_unary<rules::negate>(a);
        }
    }

    using expr::operator-;

    // ---- named element-wise functions -----------------------------------------------------

    /// @brief x * x
    template <operand A>
    auto square(A const& a) { return expr::detail::make_unary<expr::rules::square>(a); }
    /// @brief Square root (the gradient is infinite at 0, as in TensorFlow).
    template <operand A>
    auto sqrt(A const& a) { return expr::detail::make_unary<expr::rules::sqrt>(a); }
    /// @brief |x| (gradient sign(x), 0 at 0).
    template <operand A>
    auto abs(A const& a) { return expr::detail::make_unary<expr::rules::abs>(a); }
    template <operand A>
    auto exp(A const& a) { return expr::detail::make_unary<expr::rules::exp>(a); }
    /// @brief Natural logarithm.
    template <operand A>
    auto log(A const& a) { return expr::detail::make_unary<expr::rules::log>(a); }
    /// @brief x to a fixed power.
    template <operand A>
    auto pow(A const& a, double exponent) { return expr::detail::make_unary(a, expr::rules::pow{exponent}); }
    /// @brief max(x, 0).
    template <operand A>
    auto relu(A const& a) { return expr::detail::make_unary<expr::rules::relu>(a); }
    /// @brief x for x > 0, alpha * x otherwise (TensorFlow's default alpha 0.2).
    template <operand A>
    auto leaky_relu(A const& a, double alpha = 0.2) { return expr::detail::make_unary(a, expr::rules::leaky_relu{alpha}); }
    /// @brief x for x > 0, alpha * (e^x - 1) otherwise.
    template <operand A>
    auto elu(A const& a, double alpha = 1.0) { return expr::detail::make_unary(a, expr::rules::elu{alpha}); }
    template <operand A>
    auto sigmoid(A const& a) { return expr::detail::make_unary<expr::rules::sigmoid>(a); }
    template <operand A>
    auto tanh(A const& a) { return expr::detail::make_unary<expr::rules::tanh>(a); }
    /// @brief log(1 + e^x), computed without overflow.
    template <operand A>
    auto softplus(A const& a) { return expr::detail::make_unary<expr::rules::softplus>(a); }
    /// @brief Clamps to [lo, hi]; the gradient passes where lo <= x <= hi.
    template <operand A>
    auto clip(A const& a, double lo, double hi) { return expr::detail::make_unary(a, expr::rules::clip{lo, hi}); }
    /// @brief The value of x, with no gradient flowing back through it.
    template <operand A>
    auto stop_gradient(A const& a) { return expr::detail::make_unary<expr::rules::identity_blocked>(a); }
}

#endif
