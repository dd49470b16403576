#ifndef XESTIMATOR_EXPR_OPS_NORM_HPP
#define XESTIMATOR_EXPR_OPS_NORM_HPP

/// @file
/// @brief `normalize_last_axis(x, epsilon)`: each row of the last axis shifted to mean 0 and
/// scaled to variance 1, the core of layer normalization (nn::layer_norm adds its scale and
/// offset). Rows are independent, so the rows of a partial batch need no masking.

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief The 1 / sqrt(variance + epsilon) of each row, kept for backward.
        template <class T, std::size_t Rows>
        struct row_scales
        {
            T inv_std[Rows];
        };

        /// @brief y = (x - mean) / sqrt(variance + epsilon) along the last axis of S (variance
        /// with 1/N, as tf.nn.moments).
        template <class S, class T>
        struct normalize_op : op_base
        {
            using shape_type = S;
            static constexpr std::size_t n = S::dims[S::rank - 1];
            static constexpr std::size_t rows = S::size / n;
            using scratch_type = row_scales<T, rows>;

            double epsilon;

            void forward(context const&, scratch_type& scratch, T* __restrict out, T const* __restrict x) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T const* a = x + r * n;
                    T* y = out + r * n;
                    T m = T(0);
                    for (std::size_t j = 0; j < n; ++j)
                    {
                        m += a[j];
                    }
                    m /= T(n);
                    T v = T(0);
                    for (std::size_t j = 0; j < n; ++j)
                    {
                        v += (a[j] - m) * (a[j] - m);
                    }
                    T const s = T(1) / std::sqrt(v / T(n) + T(epsilon));
                    scratch.inv_std[r] = s;
                    for (std::size_t j = 0; j < n; ++j)
                    {
                        y[j] = (a[j] - m) * s;
                    }
                }
            }

            // dx = s (g - mean(g) - y mean(g y)).
            template <std::size_t I, bool Assign>
            void backward(context const&, scratch_type& scratch, T const* __restrict dout, T const* __restrict out,
                          T* __restrict d, T const*) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T const* g = dout + r * n;
                    T const* y = out + r * n;
                    T mg = T(0);
                    T mgy = T(0);
                    for (std::size_t j = 0; j < n; ++j)
                    {
                        mg += g[j];
                        mgy += g[j] * y[j];
                    }
                    mg /= T(n);
                    mgy /= T(n);
                    T const s = scratch.inv_std[r];
                    for (std::size_t j = 0; j < n; ++j)
                    {
                        put<Assign>(d[r * n + j], s * (g[j] - mg - y[j] * mgy));
                    }
                }
            }
        };
    }

    namespace expr::forms
    {
        template <class S>
        struct check_normalize_last_axis
        {
            static constexpr bool value = S::rank > 0;
            static_assert(value, "xestimator: normalize_last_axis needs an axis to normalize.");
        };

        struct normalize_last_axis
        {
            double epsilon;

            template <class E>
            using check = check_normalize_last_axis<shape_of_t<E>>;
            template <class E>
            using op_type = normalize_op<shape_of_t<E>, value_type_of_t<E>>;
            template <class E>
            op_type<E> op() const noexcept
            {
                return {{}, epsilon};
            }
        };
    }

    /// @brief (x - mean) / sqrt(variance + epsilon) over the last axis of each row.
    template <operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto normalize_last_axis(X const& x, double epsilon = 1e-3)
    {
        return expr::detail::make_node(expr::forms::normalize_last_axis{epsilon}, x);
    }
}

#endif
