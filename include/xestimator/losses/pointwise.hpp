#ifndef XESTIMATOR_LOSSES_POINTWISE_HPP
#define XESTIMATOR_LOSSES_POINTWISE_HPP

/// @file
/// @brief The op behind every element-wise loss: a per-element rule reduced the TensorFlow way
/// (SUM_BY_NONZERO_WEIGHTS: the weighted sum divided by the number of non-zero weights, i.e. the
/// mean over elements when there are no weights), counting only the real rows of a batch.

#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "../expr/node.hpp"
#include "../expr/op_base.hpp"
#include "../expr/ops_reduce.hpp"

namespace xest::losses
{
    namespace detail
    {
        template <class T>
        struct denominator
        {
            T value = T(0);
        };

        /// @brief Rows counted by a loss over operands of shape S (padding rows excluded).
        template <class S, bool Batched>
        inline std::size_t loss_rows(expr::context const& ctx) noexcept
        {
            if constexpr (S::rank == 0)
            {
                return 1;
            }
            else
            {
                return expr::detail::valid_rows<Batched, S::dims[0]>(ctx);
            }
        }

        template <class S>
        inline constexpr std::size_t row_size = S::rank == 0 ? 1 : S::size / S::dims[0];

        /// @brief loss(labels <S>, predictions <S> [, weights <1> or <B> or <B, 1>]).
        /// A rule has `value(y, p)`, `d_prediction(y, p)` and `d_label(y, p)`.
        template <class Rule, class S, bool Batched, class SW = void>
        struct pointwise_loss_op : expr::op_base, Rule
        {
            using shape_type = shape<>;
            static constexpr bool weighted = !std::is_void_v<SW>;
            static constexpr std::size_t per_row = row_size<S>;
            template <bool... A>
            static constexpr bool batched_result = false;

            template <class T, class... W>
            static T weight_at([[maybe_unused]] std::size_t i, [[maybe_unused]] W const*... w) noexcept
            {
                if constexpr (!weighted)
                {
                    return T(1);
                }
                else if constexpr (SW::size == 1)
                {
                    return (w[0], ...);
                }
                else
                {
                    return (w[i / per_row], ...);
                }
            }

            template <class Scratch, class T, class... W>
            void forward(expr::context const& ctx, Scratch&, T* out, T const* y, T const* p, W const*... w) const noexcept
            {
                std::size_t const n = loss_rows<S, Batched>(ctx) * per_row;
                T s = T(0);
                T count = T(0);
                for (std::size_t i = 0; i < n; ++i)
                {
                    T const wi = weight_at<T>(i, w...);
                    s += wi * Rule::value(y[i], p[i]);
                    count += wi != T(0) ? T(1) : T(0);
                }
                out[0] = count > T(0) ? s / count : T(0);
            }

            template <std::size_t I, bool Assign, class Scratch, class T, class... W>
            void backward(expr::context const& ctx, Scratch&, T const* dout, T const*, T* d, T const* y, T const* p,
                          W const*... w) const noexcept
            {
                std::size_t const n = loss_rows<S, Batched>(ctx) * per_row;
                T count = T(0);
                for (std::size_t i = 0; i < n; ++i)
                {
                    count += weight_at<T>(i, w...) != T(0) ? T(1) : T(0);
                }
                T const g = count > T(0) ? dout[0] / count : T(0);
                constexpr std::size_t size = I == 2 ? (weighted ? size_of_weights() : 1) : S::size;
                if constexpr (I == 2 && Assign)
                {
                    for (std::size_t i = 0; i < size; ++i)
                    {
                        d[i] = T(0);
                    }
                }
                if constexpr (I == 2)
                {
                    // Weights: d/dw_i of sum(w l) / count (count is piecewise constant in w).
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        std::size_t const wi = SW::size == 1 ? 0 : i / per_row;
                        d[wi] += g * Rule::value(y[i], p[i]);
                    }
                }
                else
                {
                    for (std::size_t i = 0; i < S::size; ++i)
                    {
                        T v = T(0);
                        if (i < n)
                        {
                            T const wi = weight_at<T>(i, w...) * g;
                            v = wi * (I == 1 ? Rule::d_prediction(y[i], p[i]) : Rule::d_label(y[i], p[i]));
                        }
                        expr::put<Assign>(d[i], v);
                    }
                }
            }

        private:
            static constexpr std::size_t size_of_weights()
            {
                if constexpr (weighted)
                {
                    return SW::size;
                }
                else
                {
                    return 1;
                }
            }
        };

        template <class S, class SW>
        struct check_loss_weights
        {
            static constexpr std::size_t rows = S::rank == 0 ? 1 : S::dims[0];
            static constexpr bool value = SW::size == 1 || (SW::size == rows && SW::rank >= 1 && SW::dims[0] == rows);
            static_assert(value, "xestimator: loss weights must be a scalar or one weight per example (<B> or <B, "
                                 "1>). The shapes (predictions, weights) are the template arguments of "
                                 "check_loss_weights<...>.");
        };

        /// @brief Forms a pointwise loss node after checking the shapes.
        template <class Rule, class L, class P, class... W>
        auto make_pointwise(Rule rule, L const& labels, P const& predictions, W const&... weights)
        {
            if constexpr (xest::detail::any_absorbing_v<L, P, W...>)
            {
                return xest::detail::absorb<L, P, W...>();
            }
            else
            {
                using T = value_type_of_t<decltype(xest::detail::as_expr(predictions))>;
                auto el = xest::detail::as_expr<T>(labels);
                auto ep = xest::detail::as_expr<T>(predictions);
                using SL = shape_of_t<decltype(el)>;
                using SP = shape_of_t<decltype(ep)>;
                if constexpr (check_loss_shapes<SL, SP>::value)
                {
                    constexpr bool batched = expr::traits<decltype(el)>::batched || expr::traits<decltype(ep)>::batched;
                    if constexpr (sizeof...(W) == 0)
                    {
                        using op = pointwise_loss_op<Rule, SP, batched>;
                        return expr::node<op, decltype(el), decltype(ep)>{op{{}, rule}, {el, ep}};
                    }
                    else
                    {
                        auto ew = xest::detail::as_expr<T>(weights...);
                        using SW = shape_of_t<decltype(ew)>;
                        if constexpr (check_loss_weights<SP, SW>::value)
                        {
                            using op = pointwise_loss_op<Rule, SP, batched, SW>;
                            return expr::node<op, decltype(el), decltype(ep), decltype(ew)>{op{{}, rule}, {el, ep, ew}};
                        }
                        else
                        {
                            return xest::detail::ill_formed{};
                        }
                    }
                }
                else
                {
                    return xest::detail::ill_formed{};
                }
            }
        }
    }
}

#endif
