#ifndef XESTIMATOR_EXPR_OPS_REDUCE_HPP
#define XESTIMATOR_EXPR_OPS_REDUCE_HPP

/// @file
/// @brief sum and mean (whole or along an axis), softmax and log_softmax (along the last axis).
///
/// Reductions that cross the batch axis of a batched operand count only the real rows of the
/// batch (expr::context::rows), so a final partial batch gives the same mean as a smaller batch.

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "portable_math.hpp"
#include "vector_exp.hpp"

namespace xest
{
    /// @brief Reduce over every axis.
    inline constexpr std::size_t all_axes = static_cast<std::size_t>(-1);

    namespace expr
    {
        namespace detail
        {
            template <class S>
            constexpr std::size_t shape_prod(std::size_t from, std::size_t to) noexcept
            {
                std::size_t p = 1;
                for (std::size_t i = from; i < to && i < S::rank; ++i)
                {
                    p *= S::dims[i];
                }
                return p;
            }

            /// @brief Real rows of a batched operand whose axis 0 holds Dim rows.
            template <bool Batched, std::size_t Dim>
            inline std::size_t valid_rows(context const& ctx) noexcept
            {
                if constexpr (Batched)
                {
                    return ctx.rows < Dim ? ctx.rows : Dim;
                }
                else
                {
                    return Dim;
                }
            }
        }

        /// @brief Sum (Mean = false) or mean over Axis (or all_axes) of an operand of shape S.
        template <class S, std::size_t Axis, bool Mean, bool Batched>
        struct reduce_op : op_base
        {
            static constexpr bool whole = Axis == all_axes || S::rank == 0;
            using shape_type = std::conditional_t<whole, shape<>, reduce_t<S, (whole ? 0 : Axis)>>;
            template <bool A>
            static constexpr bool batched_result = A && !whole && Axis != 0;

            static constexpr std::size_t rank0 = S::rank == 0 ? 1 : S::dims[0];
            // Masking applies when the reduction crosses axis 0 of a batched operand.
            static constexpr bool masked = Batched && (whole || Axis == 0);
            static constexpr std::size_t outer = whole ? 1 : detail::shape_prod<S>(0, Axis);
            static constexpr std::size_t extent = whole ? S::size : S::dims[whole ? 0 : Axis];
            static constexpr std::size_t inner = whole ? 1 : detail::shape_prod<S>(Axis + 1, S::rank);

            template <class Scratch, class T>
            void forward(context const& ctx, Scratch&, T* out, T const* a) const noexcept
            {
                if constexpr (whole)
                {
                    std::size_t const n = masked ? detail::valid_rows<true, rank0>(ctx) * (S::size / rank0) : S::size;
                    T s = T(0);
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        s += a[i];
                    }
                    out[0] = Mean ? (n == 0 ? T(0) : s / T(n)) : s;
                }
                else
                {
                    std::size_t const count = masked ? detail::valid_rows<true, extent>(ctx) : extent;
                    T const scale = Mean ? (count == 0 ? T(0) : T(1) / T(count)) : T(1);
                    for (std::size_t o = 0; o < outer; ++o)
                    {
                        T* row = out + o * inner;
                        for (std::size_t j = 0; j < inner; ++j)
                        {
                            row[j] = T(0);
                        }
                        for (std::size_t k = 0; k < count; ++k)
                        {
                            T const* src = a + (o * extent + k) * inner;
                            for (std::size_t j = 0; j < inner; ++j)
                            {
                                row[j] += src[j];
                            }
                        }
                        for (std::size_t j = 0; j < inner; ++j)
                        {
                            row[j] *= scale;
                        }
                    }
                }
            }

            template <std::size_t I, bool Assign, class Scratch, class T>
            void backward(context const& ctx, Scratch&, T const* dout, T const*, T* d, T const*) const noexcept
            {
                if constexpr (whole)
                {
                    std::size_t const n = masked ? detail::valid_rows<true, rank0>(ctx) * (S::size / rank0) : S::size;
                    T const g = Mean ? (n == 0 ? T(0) : dout[0] / T(n)) : dout[0];
                    for (std::size_t i = 0; i < S::size; ++i)
                    {
                        put<Assign>(d[i], i < n ? g : T(0));
                    }
                }
                else
                {
                    std::size_t const count = masked ? detail::valid_rows<true, extent>(ctx) : extent;
                    T const scale = Mean ? (count == 0 ? T(0) : T(1) / T(count)) : T(1);
                    for (std::size_t o = 0; o < outer; ++o)
                    {
                        for (std::size_t k = 0; k < extent; ++k)
                        {
                            T* dst = d + (o * extent + k) * inner;
                            T const* src = dout + o * inner;
                            for (std::size_t j = 0; j < inner; ++j)
                            {
                                put<Assign>(dst[j], k < count ? src[j] * scale : T(0));
                            }
                        }
                    }
                }
            }

        };

        /// @brief softmax (Log = false) or log_softmax along the last axis of S.
        template <class S, bool Log>
        struct softmax_op : op_base
        {
            using shape_type = S;
            static constexpr std::size_t classes = S::rank == 0 ? 1 : S::dims[S::rank - 1];
            static constexpr std::size_t rows = S::size / classes;

            template <class Scratch, class T>
            void forward(context const&, Scratch&, T* out, T const* a) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T const* x = a + r * classes;
                    T* y = out + r * classes;
                    T m = x[0];
                    for (std::size_t c = 1; c < classes; ++c)
                    {
                        m = x[c] > m ? x[c] : m;
                    }
                    // The exponentials go through y first, a row at a time in vector registers
                    // (detail::exp_shifted); the sum stays in order.
                    detail::exp_shifted<classes>(x, m, y);
                    T s = T(0);
                    for (std::size_t c = 0; c < classes; ++c)
                    {
                        s += y[c];
                    }
                    if constexpr (Log)
                    {
                        T const lse = m + detail::portable::log(s);
                        for (std::size_t c = 0; c < classes; ++c)
                        {
                            y[c] = x[c] - lse;
                        }
                    }
                    else
                    {
                        for (std::size_t c = 0; c < classes; ++c)
                        {
                            y[c] = y[c] / s;
                        }
                    }
                }
            }

            template <std::size_t I, bool Assign, class Scratch, class T>
            void backward(context const&, Scratch&, T const* dout, T const* out, T* d, T const*) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T const* g = dout + r * classes;
                    T const* y = out + r * classes;
                    T* dx = d + r * classes;
                    T s = T(0);
                    for (std::size_t c = 0; c < classes; ++c)
                    {
                        s += Log ? g[c] : g[c] * y[c];
                    }
                    [[maybe_unused]] T e[Log ? classes : 1];
                    if constexpr (Log)
                    {
                        detail::exp_shifted<classes>(y, T(0), e);  // softmax = e^log_softmax
                    }
                    for (std::size_t c = 0; c < classes; ++c)
                    {
                        if constexpr (Log)
                        {
                            put<Assign>(dx[c], g[c] - e[c] * s);
                        }
                        else
                        {
                            put<Assign>(dx[c], y[c] * (g[c] - s));
                        }
                    }
                }
            }
        };

        namespace forms
        {
            template <bool Mean, std::size_t Axis>
            struct reduce
            {
                template <class E>
                using check = std::conditional_t<Axis == all_axes, std::true_type, check_axis<shape_of_t<E>, Axis>>;
                template <class E>
                using op_type = reduce_op<shape_of_t<E>, Axis, Mean, traits<E>::batched>;
            };

            template <bool Log>
            struct softmax : xest::expr::detail::no_check
            {
                template <class E>
                using op_type = softmax_op<shape_of_t<E>, Log>;
            };
        }
    }

    /// @brief Sum of all elements (Axis = all_axes) or along one axis.
    template <std::size_t Axis = all_axes, operand A>
    auto sum(A const& a)
    {
        return expr::detail::make_node(expr::forms::reduce<false, Axis>{}, a);
    }

    /// @brief Mean of all elements (Axis = all_axes) or along one axis.
    template <std::size_t Axis = all_axes, operand A>
    auto mean(A const& a)
    {
        return expr::detail::make_node(expr::forms::reduce<true, Axis>{}, a);
    }

    /// @brief Softmax along the last axis (max-subtracted, so large logits do not overflow).
    template <operand A>
    auto softmax(A const& a)
    {
        return expr::detail::make_node(expr::forms::softmax<false>{}, a);
    }

    /// @brief log(softmax(x)) along the last axis, computed as x - logsumexp(x).
    template <operand A>
    auto log_softmax(A const& a)
    {
        return expr::detail::make_node(expr::forms::softmax<true>{}, a);
    }
}

#endif
