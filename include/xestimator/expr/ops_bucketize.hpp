#ifndef XESTIMATOR_EXPR_OPS_BUCKETIZE_HPP
#define XESTIMATOR_EXPR_OPS_BUCKETIZE_HPP

/// @file
/// @brief `bucketize<Boundaries...>(x)`: the bucket id of every element, as
/// tf.raw_ops.Bucketize: id k when boundary[k-1] <= x < boundary[k] (ids 0 .. N for N
/// boundaries; a value equal to a boundary goes to the bucket above it).

#include <cstddef>
#include <limits>
#include <type_traits>

#include "../core/real.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"

namespace xest
{
    namespace detail
    {
        template <real... Boundaries>
        consteval bool strictly_increasing()
        {
            double const b[] = {Boundaries.value()...};
            for (std::size_t i = 1; i < sizeof...(Boundaries); ++i)
            {
                if (!(b[i - 1] < b[i]))
                {
                    return false;
                }
            }
            return sizeof...(Boundaries) > 0;
        }
    }

    namespace expr
    {
        /// @brief Ids as values of x's scalar type; NaN stays NaN (no bucket), so that a missing
        /// value reaches indicator (zeros) or embedding (NaN) instead of bucket 0. No gradient.
        template <class S, real... Boundaries>
        struct bucketize_op : op_base
        {
            using shape_type = S;

            template <class Scratch, class T>
            void forward(context const&, Scratch&, T* out, T const* x) const noexcept
            {
                // Compared in double, so float and double features get the same ids.
                static constexpr double boundaries[] = {Boundaries.value()...};
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    double const v = static_cast<double>(x[i]);
                    std::size_t id = 0;
                    for (double b : boundaries)
                    {
                        id += v >= b ? 1 : 0;
                    }
                    out[i] = v == v ? static_cast<T>(id) : std::numeric_limits<T>::quiet_NaN();
                }
            }

            // Ids are piecewise constant: zero when x carries a gradient.
            template <std::size_t, bool Assign, class Scratch, class T, class U>
            void backward(context const&, Scratch&, T const*, T const*, U* d, T const*) const noexcept
            {
                if constexpr (Assign)
                {
                    for (std::size_t i = 0; i < S::size; ++i)
                    {
                        d[i] = U(0);
                    }
                }
            }
        };
    }

    namespace expr::forms
    {
        template <class T>
        struct check_bucketize_type
        {
            static constexpr bool value = std::is_floating_point_v<T>;
            static_assert(value, "xestimator: bucketize reads floating-point values.");
        };

        template <real... Boundaries>
        struct bucketize
        {
            template <class E>
            using check = check_bucketize_type<value_type_of_t<E>>;
            template <class E>
            using op_type = bucketize_op<shape_of_t<E>, Boundaries...>;
        };
    }

    /// @brief The bucket id of every element of x (same shape and scalar type) for strictly
    /// increasing boundaries.
    template <real... Boundaries, operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto bucketize(X const& x)
    {
        static_assert(detail::strictly_increasing<Boundaries...>(),
                      "xestimator: bucketize needs at least one boundary, strictly increasing.");
        if constexpr (!detail::strictly_increasing<Boundaries...>())
        {
            return detail::ill_formed{};  // reported once, above
        }
        else
        {
            return expr::detail::make_node(expr::forms::bucketize<Boundaries...>{}, x);
        }
    }
}

#endif
