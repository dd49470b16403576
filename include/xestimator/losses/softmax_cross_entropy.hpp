#ifndef XESTIMATOR_LOSSES_SOFTMAX_CROSS_ENTROPY_HPP
#define XESTIMATOR_LOSSES_SOFTMAX_CROSS_ENTROPY_HPP

/// @file
/// @brief Softmax cross-entropy from logits, with one-hot (dense) or integer (sparse) labels,
/// fused so the gradient is the stable (softmax - labels) / rows.

#include <cmath>
#include <limits>
#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "../expr/node.hpp"
#include "../expr/op_base.hpp"
#include "../expr/program.hpp"
#include "../expr/portable_math.hpp"
#include "../expr/vector_exp.hpp"
#include "pointwise.hpp"

namespace xest::losses::detail
{
    /// @brief Mean over real rows of -sum_c y_c log softmax(x)_c; labels <B, C> (Sparse = false)
    /// or integer class ids <B> (Sparse = true); optional per-example weights SW.
    template <class T, std::size_t B, std::size_t C, bool Sparse, bool Batched, class SW = void>
    struct softmax_cross_entropy_op : expr::op_base
    {
        using shape_type = shape<>;

        // The log-probabilities of forward, read again by backward (no second exp/log pass).
        struct scratch_type
        {
            alignas(T) alignas(XESTIMATOR_BUFFER_ALIGNMENT) T log_probs[B * C];
        };
        static constexpr bool weighted = !std::is_void_v<SW>;
        template <bool... A>
        static constexpr bool batched_result = false;

        template <class U, class... W>
        static U weight_at([[maybe_unused]] std::size_t r, [[maybe_unused]] W const*... w) noexcept
        {
            if constexpr (!weighted)
            {
                return U(1);
            }
            else if constexpr (SW::size == 1)
            {
                return (w[0], ...);
            }
            else
            {
                return (w[r], ...);
            }
        }

        static void log_softmax_row(T const* x, T* out) noexcept
        {
            T m = x[0];
            for (std::size_t c = 1; c < C; ++c)
            {
                m = x[c] > m ? x[c] : m;
            }
            // The exponentials go through out first, a row at a time in vector registers
            // (expr::detail::exp_shifted); the sum stays in order.
            expr::detail::exp_shifted<C>(x, m, out);
            T s = T(0);
            for (std::size_t c = 0; c < C; ++c)
            {
                s += out[c];
            }
            T const lse = m + expr::detail::portable::log(s);
            for (std::size_t c = 0; c < C; ++c)
            {
                out[c] = x[c] - lse;
            }
        }

        template <class U, class L>
        static U label_at(L const* y, std::size_t r, std::size_t c) noexcept
        {
            if constexpr (Sparse)
            {
                return static_cast<std::size_t>(y[r]) == c ? U(1) : U(0);
            }
            else
            {
                return static_cast<U>(y[r * C + c]);
            }
        }

        template <class U, class... W>
        static U count_rows(std::size_t rows, W const*... w) noexcept
        {
            U count = U(0);
            for (std::size_t r = 0; r < rows; ++r)
            {
                count += weight_at<U>(r, w...) != U(0) ? U(1) : U(0);
            }
            return count;
        }

        template <class L, class... W>
        void forward(expr::context const& ctx, scratch_type& scratch, T* out, L const* y, T const* x, W const*... w) const noexcept
        {
            std::size_t const rows = expr::detail::valid_rows<Batched, B>(ctx);
            T s = T(0);
            for (std::size_t r = 0; r < rows; ++r)
            {
                T* lp = scratch.log_probs + r * C;
                log_softmax_row(x + r * C, lp);
                T row = T(0);
                if constexpr (Sparse)
                {
                    // A class id outside [0, C) makes the loss NaN (hooks::nan_guard reports it)
                    // instead of reading outside the row.
                    auto const id = y[r];
                    row = (id >= 0 && static_cast<std::size_t>(id) < C) ? -lp[static_cast<std::size_t>(id)]
                                                                        : std::numeric_limits<T>::quiet_NaN();
                }
                else
                {
                    for (std::size_t c = 0; c < C; ++c)
                    {
                        row -= label_at<T>(y, r, c) * lp[c];
                    }
                }
                s += weight_at<T>(r, w...) * row;
            }
            T const count = count_rows<T>(rows, w...);
            out[0] = count > T(0) ? s / count : T(0);
        }

        template <std::size_t I, bool Assign, class L, class... W>
        void backward(expr::context const& ctx, scratch_type& scratch, T const* dout, T const*, T* d, L const* y,
                      T const*, W const*... w) const noexcept
        {
            std::size_t const rows = expr::detail::valid_rows<Batched, B>(ctx);
            T const count = count_rows<T>(rows, w...);
            T const g = count > T(0) ? dout[0] / count : T(0);
            if constexpr (I == 2)
            {
                constexpr std::size_t n = weighted ? SW::size : 1;
                if constexpr (Assign)
                {
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        d[i] = T(0);
                    }
                }
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T const* lp = scratch.log_probs + r * C;
                    T row = T(0);
                    for (std::size_t c = 0; c < C; ++c)
                    {
                        row -= label_at<T>(y, r, c) * lp[c];
                    }
                    d[n == 1 ? 0 : r] += g * row;
                }
            }
            else
            {
                for (std::size_t r = 0; r < B; ++r)
                {
                    T* dr = d + r * C;
                    if (r >= rows)
                    {
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            expr::put<Assign>(dr[c], T(0));
                        }
                        continue;
                    }
                    T const* lp = scratch.log_probs + r * C;
                    T const gw = g * weight_at<T>(r, w...);
                    if constexpr (I == 1)
                    {
                        // d/dx_c = sum_k y_k (softmax_c - [k = c]) = softmax_c * sum_k y_k - y_c
                        T ysum = T(0);
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            ysum += label_at<T>(y, r, c);
                        }
                        T softmax[C];
                        expr::detail::exp_shifted<C>(lp, T(0), softmax);
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            expr::put<Assign>(dr[c], gw * (softmax[c] * ysum - label_at<T>(y, r, c)));
                        }
                    }
                    else
                    {
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            expr::put<Assign>(dr[c], -gw * lp[c]);
                        }
                    }
                }
            }
        }
    };

    template <bool Sparse, class L, class P, class... W>
    auto make_softmax_cross_entropy(L const& labels, P const& logits, W const&... weights)
    {
        if constexpr (xest::detail::any_absorbing_v<L, P, W...>)
        {
            return xest::detail::absorb<L, P, W...>();
        }
        else
        {
            auto ep = xest::detail::as_expr(logits);
            using T = value_type_of_t<decltype(ep)>;
            auto el = xest::detail::as_expr<T>(labels);
            using SL = shape_of_t<decltype(el)>;
            using SP = shape_of_t<decltype(ep)>;
            constexpr bool shapes_ok = [] {
                if constexpr (Sparse)
                {
                    return check_sparse_labels<SL, SP>::value;
                }
                else
                {
                    return check_loss_shapes<SL, SP>::value && SP::rank == 2;
                }
            }();
            if constexpr (shapes_ok)
            {
                constexpr bool batched = expr::traits<decltype(el)>::batched || expr::traits<decltype(ep)>::batched;
                constexpr std::size_t b = SP::dims[0];
                constexpr std::size_t c = SP::dims[1];
                if constexpr (sizeof...(W) == 0)
                {
                    using op = softmax_cross_entropy_op<T, b, c, Sparse, batched>;
                    return expr::node<op, decltype(el), decltype(ep)>{{}, {el, ep}};
                }
                else
                {
                    auto ew = xest::detail::as_expr<T>(weights...);
                    using SW = shape_of_t<decltype(ew)>;
                    if constexpr (check_loss_weights<SP, SW>::value)
                    {
                        using op = softmax_cross_entropy_op<T, b, c, Sparse, batched, SW>;
                        return expr::node<op, decltype(el), decltype(ep), decltype(ew)>{{}, {el, ep, ew}};
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

#endif
