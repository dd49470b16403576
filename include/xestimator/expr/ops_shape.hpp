#ifndef XESTIMATOR_EXPR_OPS_SHAPE_HPP
#define XESTIMATOR_EXPR_OPS_SHAPE_HPP

/// @file
/// @brief transpose and reshape: the same elements under another static shape.

#include <cstddef>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "program.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief B<N, M> = A<M, N>^T.
        template <std::size_t M, std::size_t N>
        struct transpose_op : op_base
        {
            using shape_type = shape<N, M>;
            template <bool A>
            static constexpr bool batched_result = false;

            template <class S, class T>
            void forward(context const&, S&, T* out, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < M; ++i)
                {
                    for (std::size_t j = 0; j < N; ++j)
                    {
                        out[j * M + i] = a[i * N + j];
                    }
                }
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const&, S&, T const* dout, T const*, T* d, T const*) const noexcept
            {
                for (std::size_t i = 0; i < M; ++i)
                {
                    for (std::size_t j = 0; j < N; ++j)
                    {
                        put<Assign>(d[i * N + j], dout[j * M + i]);
                    }
                }
            }
        };

        /// @brief The same elements (row-major) under another shape of equal size.
        template <class From, class To>
        struct reshape_op : op_base
        {
            using shape_type = To;
            // The batch survives a reshape only when axis 0 is unchanged.
            template <bool A>
            static constexpr bool batched_result = A && From::rank > 0 && To::rank > 0 && From::dims[0] == To::dims[0];

            template <class S, class T>
            void forward(context const&, S&, T* out, T const* a) const noexcept
            {
                for (std::size_t i = 0; i < To::size; ++i)
                {
                    out[i] = a[i];
                }
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const&, S&, T const* dout, T const*, T* d, T const*) const noexcept
            {
                for (std::size_t i = 0; i < To::size; ++i)
                {
                    put<Assign>(d[i], dout[i]);
                }
            }
        };
    }

    /// @brief Transpose of a matrix.
    template <operand A>
    auto transpose(A const& a)
    {
        if constexpr (detail::any_absorbing_v<A>)
        {
            return detail::absorb<A>();
        }
        else
        {
            auto ea = detail::as_expr(a);
            using SA = shape_of_t<decltype(ea)>;
            static_assert(SA::rank == 2, "transpose takes a matrix (rank 2).");
            if constexpr (SA::rank == 2)
            {
                return expr::node<expr::transpose_op<SA::dims[0], SA::dims[1]>, decltype(ea)>{{}, {ea}};
            }
            else
            {
                return detail::ill_formed{};
            }
        }
    }

    /// @brief The same elements under shape To (sizes must match).
    template <static_shape To, operand A>
    auto reshape(A const& a)
    {
        if constexpr (detail::any_absorbing_v<A>)
        {
            return detail::absorb<A>();
        }
        else
        {
            auto ea = detail::as_expr(a);
            using SA = shape_of_t<decltype(ea)>;
            constexpr bool ok = check_reshape<SA, To>::value;
            if constexpr (ok)
            {
                return expr::node<expr::reshape_op<SA, To>, decltype(ea)>{{}, {ea}};
            }
            else
            {
                return detail::ill_formed{};
            }
        }
    }
}

#endif
