#ifndef XESTIMATOR_EXPR_OPS_BINARY_HPP
#define XESTIMATOR_EXPR_OPS_BINARY_HPP

/// @file
/// @brief Element-wise binary ops with numpy broadcasting: + - * /, maximum, minimum. Each is a
/// rule struct with `value`, `da` and `db`; binary_op turns a rule into forward and backward
/// loops over the broadcast shapes.

#include <cstddef>
#include <type_traits>

#include "../core/shape_checks.hpp"
#include "broadcast.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "ops_unary.hpp"  // scaled(), and unary minus beside binary minus

namespace xest
{
    namespace expr
    {
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
    }

    using expr::operator+;
    using expr::operator-;
    using expr::operator*;
    using expr::operator/;

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
