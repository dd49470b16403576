#ifndef XESTIMATOR_EXPR_OPS_ELEMENTWISE_HPP
#define XESTIMATOR_EXPR_OPS_ELEMENTWISE_HPP

/// @file
/// @brief Element-wise ops: unary maths and activations, and binary ops with numpy broadcasting.
///
/// Each op is a small rule struct with `value` and `derivative`; one generic op tag per arity
/// (unary_op, binary_op) turns a rule into forward and backward loops.

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "../core/shape_checks.hpp"
#include "broadcast.hpp"
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
                    return std::pow(x, T(exponent));
                }
                template <class T>
                T derivative(T x, T) const noexcept
                {
                    return T(exponent) * std::pow(x, T(exponent) - T(1));
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

        // ---- binary with broadcasting -------------------------------------------------------

        /// @brief Element-wise binary op with numpy broadcasting, from a rule R with
        /// `value(a, b)`, `da(a, b, y)` and `db(a, b, y)`.
        template <class R, class SA, class SB>
        struct binary_op : op_base
        {
            using shape_type = broadcast_t<SA, SB>;

            template <class S, class T>
            void forward(context const&, S&, T* out, T const* a, T const* b) const noexcept
            {
                if constexpr (std::is_same_v<SA, SB>)
                {
                    for (std::size_t i = 0; i < SA::size; ++i)
                    {
                        out[i] = R::value(a[i], b[i]);
                    }
                }
                else
                {
                    constexpr auto sa = inner_stride<SA>();
                    constexpr auto sb = inner_stride<SB>();
                    constexpr std::size_t n = inner_size();
                    detail::for_each_row<shape_type, SA, SB>(
                        [&](std::size_t o, std::size_t ao, std::size_t bo)
                        {
                            for (std::size_t j = 0; j < n; ++j)
                            {
                                out[o + j] = R::value(a[ao + j * sa], b[bo + j * sb]);
                            }
                        });
                }
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const&, S&, T const* dout, T const* out, T* d, T const* a, T const* b) const noexcept
            {
                using SD = std::conditional_t<I == 0, SA, SB>;
                auto partial = [](T x, T y, T v) noexcept
                {
                    if constexpr (I == 0)
                    {
                        return R::da(x, y, v);
                    }
                    else
                    {
                        return R::db(x, y, v);
                    }
                };
                if constexpr (std::is_same_v<SD, shape_type> && std::is_same_v<SA, SB>)
                {
                    for (std::size_t i = 0; i < SD::size; ++i)
                    {
                        put<Assign>(d[i], scaled(dout[i], partial(a[i], b[i], out[i])));
                    }
                }
                else
                {
                    // A broadcast operand receives the sum over the axes it was broadcast along.
                    constexpr bool reduced = SD::size != shape_type::size;
                    if constexpr (Assign && reduced)
                    {
                        for (std::size_t i = 0; i < SD::size; ++i)
                        {
                            d[i] = T(0);
                        }
                    }
                    constexpr bool assign_each = Assign && !reduced;
                    constexpr auto sa = inner_stride<SA>();
                    constexpr auto sb = inner_stride<SB>();
                    constexpr std::size_t n = inner_size();
                    detail::for_each_row<shape_type, SA, SB>(
                        [&](std::size_t o, std::size_t ao, std::size_t bo)
                        {
                            std::size_t const base = I == 0 ? ao : bo;
                            constexpr std::size_t sd = I == 0 ? sa : sb;
                            for (std::size_t j = 0; j < n; ++j)
                            {
                                put<assign_each>(d[base + j * sd],
                                                 scaled(dout[o + j], partial(a[ao + j * sa], b[bo + j * sb], out[o + j])));
                            }
                        });
                }
            }

        private:
            static constexpr std::size_t inner_size()
            {
                return shape_type::rank == 0 ? 1 : shape_type::dims[shape_type::rank - 1];
            }
            template <class SX>
            static constexpr std::size_t inner_stride()
            {
                if constexpr (shape_type::rank == 0)
                {
                    return 0;
                }
                else
                {
                    return detail::broadcast_strides<SX, shape_type>()[shape_type::rank - 1];
                }
            }
        };

        namespace rules
        {
#define XESTIMATOR_BINARY_RULE(NAME, VALUE, DA, DB)                                              \
    struct NAME                                                                                  \
    {                                                                                            \
        template <class T>                                                                       \
        static T value(T a, T b) noexcept                                                        \
        {                                                                                        \
            return VALUE;                                                                        \
        }                                                                                        \
        template <class T>                                                                       \
        static T da([[maybe_unused]] T a, [[maybe_unused]] T b, [[maybe_unused]] T y) noexcept  \
        {                                                                                        \
            return DA;                                                                           \
        }                                                                                        \
        template <class T>                                                                       \
        static T db([[maybe_unused]] T a, [[maybe_unused]] T b, [[maybe_unused]] T y) noexcept  \
        {                                                                                        \
            return DB;                                                                           \
        }                                                                                        \
    }

            XESTIMATOR_BINARY_RULE(add, a + b, T(1), T(1));
            XESTIMATOR_BINARY_RULE(subtract, a - b, T(1), T(-1));
            XESTIMATOR_BINARY_RULE(multiply, a * b, b, a);
            XESTIMATOR_BINARY_RULE(divide, a / b, T(1) / b, -y / b);
            // TensorFlow routes the gradient of a tie to the first operand.
            XESTIMATOR_BINARY_RULE(maximum, a >= b ? a : b, a >= b ? T(1) : T(0), a >= b ? T(0) : T(1));
            XESTIMATOR_BINARY_RULE(minimum, a <= b ? a : b, a <= b ? T(1) : T(0), a <= b ? T(0) : T(1));

#undef XESTIMATOR_BINARY_RULE
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

            template <class A, class B>
            struct binary_value_type
            {
                using type = std::conditional_t<!std::is_void_v<typename xest::detail::operand_value<A>::type>,
                                                typename xest::detail::operand_value<A>::type,
                                                typename xest::detail::operand_value<B>::type>;
            };

            template <class Rule, class A, class B>
            auto make_binary(A const& a, B const& b)
            {
                if constexpr (xest::detail::any_absorbing_v<A, B>)
                {
                    return xest::detail::absorb<A, B>();
                }
                else
                {
                    using T = typename binary_value_type<A, B>::type;
                    auto ea = xest::detail::as_expr<T>(a);
                    auto eb = xest::detail::as_expr<T>(b);
                    using SA = shape_of_t<decltype(ea)>;
                    using SB = shape_of_t<decltype(eb)>;
                    constexpr bool ok = check_broadcast<SA, SB>::value;
                    if constexpr (ok)
                    {
                        static_assert(std::is_same_v<value_type_of_t<decltype(ea)>, value_type_of_t<decltype(eb)>>,
                                      "Both operands of an element-wise op must have the same scalar type "
                                      "(float with float, double with double).");
                        return node<binary_op<Rule, SA, SB>, decltype(ea), decltype(eb)>{{}, {ea, eb}};
                    }
                    else
                    {
                        return xest::detail::ill_formed{};
                    }
                }
            }

            template <class A, class B>
            concept binary_operands = operand<A> && operand<B>
                                      && !(std::is_arithmetic_v<std::remove_cvref_t<A>> && std::is_arithmetic_v<std::remove_cvref_t<B>>);
        }

        template <class A, class B>
            requires detail::binary_operands<A, B>
        auto operator+(A const& a, B const& b)
        {
            return detail::make_binary<rules::add>(a, b);
        }
        template <class A, class B>
            requires detail::binary_operands<A, B>
        auto operator-(A const& a, B const& b)
        {
            return detail::make_binary<rules::subtract>(a, b);
        }
        template <class A, class B>
            requires detail::binary_operands<A, B>
        auto operator*(A const& a, B const& b)
        {
            return detail::make_binary<rules::multiply>(a, b);
        }
        template <class A, class B>
            requires detail::binary_operands<A, B>
        auto operator/(A const& a, B const& b)
        {
            return detail::make_binary<rules::divide>(a, b);
        }
        template <class A>
            requires(operand<A> && !std::is_arithmetic_v<A>)
        auto operator-(A const& a)
        {
            return detail::make_unary<rules::negate>(a);
        }
    }

    using expr::operator+;
    using expr::operator-;
    using expr::operator*;
    using expr::operator/;

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
    /// @brief Element-wise maximum with broadcasting (a tie sends the gradient to a).
    template <class A, class B>
        requires expr::detail::binary_operands<A, B>
    auto maximum(A const& a, B const& b) { return expr::detail::make_binary<expr::rules::maximum>(a, b); }
    /// @brief Element-wise minimum with broadcasting (a tie sends the gradient to a).
    template <class A, class B>
        requires expr::detail::binary_operands<A, B>
    auto minimum(A const& a, B const& b) { return expr::detail::make_binary<expr::rules::minimum>(a, b); }
}

#endif
