#ifndef XESTIMATOR_EXPR_OPS_SHAPE_HPP
#define XESTIMATOR_EXPR_OPS_SHAPE_HPP

/// @file
/// @brief transpose and reshape: the same elements under another static shape.

#include <cstddef>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "make_node.hpp"
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

    namespace expr::forms
    {
        template <class S>
        struct check_transpose
        {
            static constexpr bool value = S::rank == 2;
            static_assert(value, "transpose takes a matrix (rank 2).");
        };

        struct transpose
        {
            template <class E>
            using check = check_transpose<shape_of_t<E>>;
            template <class E>
            using op_type = transpose_op<shape_of_t<E>::dims[0], shape_of_t<E>::dims[1]>;
        };

        template <class To>
        struct reshape
        {
            template <class E>
            using check = check_reshape<shape_of_t<E>, To>;
            template <class E>
            using op_type = reshape_op<shape_of_t<E>, To>;
        };
    }

    /// @brief Transpose of a matrix.
    template <operand A>
    auto transpose(A const& a)
    {
        return expr::detail::make_node(expr::forms::transpose{}, a);
    }

    /// @brief The same elements under shape To (sizes must match).
    template <static_shape To, operand A>
    auto reshape(A const& a)
    {
        return expr::detail::make_node(expr::forms::reshape<To>{}, a);
    }
}

#endif
