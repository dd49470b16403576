#ifndef XESTIMATOR_EXPR_OPS_CONCAT_HPP
#define XESTIMATOR_EXPR_OPS_CONCAT_HPP

/// @file
/// @brief Ops along the feature (last) axis: `concat(a, b, ...)`, `slice<Begin, Size>(x)`, and
/// `flatten(x)` (every axis after the batch axis into one).
///
/// They copy values and route adjoints back to where each value came from; with them a model
/// with several inputs (two towers, wide and deep) is written directly instead of through fixed
/// 0/1 selection matrices.

#include <array>
#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"
#include "graph.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "ops_linalg.hpp"

namespace xest
{
    namespace detail
    {
        /// @brief Dims of S with the last one replaced by Last.
        template <class S, std::size_t Last>
        consteval auto with_last_dim()
        {
            std::array<std::size_t, S::rank> out = S::dims;
            out[S::rank - 1] = Last;
            return out;
        }

        template <class S>
        consteval std::size_t last_dim()
        {
            return S::dims[S::rank - 1];
        }

        template <class A, class B>
        consteval bool same_leading_dims()
        {
            if constexpr (A::rank != B::rank || A::rank == 0)
            {
                return false;
            }
            else
            {
                for (std::size_t i = 0; i + 1 < A::rank; ++i)
                {
                    if (A::dims[i] != B::dims[i])
                    {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /// @brief concat's shape rule (the shapes are its template arguments).
    template <class First, class... Rest>
    struct check_concat
    {
        static constexpr bool ranks = First::rank > 0;
        static_assert(ranks, "xestimator: concat joins tensors along their last axis; a scalar has none (reshape it "
                             "to <1> first). The shapes are the template arguments of check_concat<...>.");
        static constexpr bool value = ranks && (detail::same_leading_dims<First, Rest>() && ...);
        static_assert(!ranks || value, "xestimator: concat needs operands of the same rank whose dimensions are equal "
                                       "except the last (feature) axis. The shapes are the template arguments of "
                                       "check_concat<...>.");
    };

    /// @brief slice's range rule (the shape and the range are its template arguments).
    template <class S, std::size_t Begin, std::size_t Size>
    struct check_slice
    {
        static constexpr bool value = S::rank > 0 && Size > 0 && Begin + Size <= (S::rank > 0 ? S::dims[S::rank - 1] : 0);
        static_assert(value, "xestimator: slice<Begin, Size> must take at least one column inside the last axis "
                             "(Size > 0 and Begin + Size <= its length). The shape, Begin and Size are the template "
                             "arguments of check_slice<...>.");
    };

    namespace expr
    {
        /// @brief Operands of shapes S... side by side along the last axis.
        template <class... S>
        struct concat_op : op_base
        {
            using first = std::tuple_element_t<0, std::tuple<S...>>;
            static constexpr std::array<std::size_t, sizeof...(S)> widths{xest::detail::last_dim<S>()...};
            static constexpr std::size_t width = (xest::detail::last_dim<S>() + ...);
            static constexpr std::size_t rows = first::size / xest::detail::last_dim<first>();
            using shape_type = shape_from_array_t<xest::detail::with_last_dim<first, width>()>;

            static constexpr std::array<std::size_t, sizeof...(S)> offsets = []
            {
                std::array<std::size_t, sizeof...(S)> out{};
                std::size_t at = 0;
                for (std::size_t i = 0; i < sizeof...(S); ++i)
                {
                    out[i] = at;
                    at += widths[i];
                }
                return out;
            }();

            template <class Scratch, class T, class... In>
            void forward(context const&, Scratch&, T* out, In const*... in) const noexcept
            {
                [&]<std::size_t... I>(std::index_sequence<I...>) { (copy_in<I>(out, in), ...); }(
                    std::index_sequence_for<In...>{});
            }

            template <std::size_t I, bool Assign, class Scratch, class T, class... In>
            void backward(context const&, Scratch&, T const* dout, T const*, T* d, In const*...) const noexcept
            {
                constexpr std::size_t w = widths[I];
                for (std::size_t r = 0; r < rows; ++r)
                {
                    for (std::size_t j = 0; j < w; ++j)
                    {
                        put<Assign>(d[r * w + j], dout[r * width + offsets[I] + j]);
                    }
                }
            }

        private:
            template <std::size_t I, class T>
            static void copy_in(T* out, T const* a) noexcept
            {
                constexpr std::size_t w = widths[I];
                for (std::size_t r = 0; r < rows; ++r)
                {
                    for (std::size_t j = 0; j < w; ++j)
                    {
                        out[r * width + offsets[I] + j] = a[r * w + j];
                    }
                }
            }
        };

        /// @brief Columns [Begin, Begin + Size) of the last axis of S.
        template <class S, std::size_t Begin, std::size_t Size>
        struct slice_op : op_base
        {
            static constexpr std::size_t width = xest::detail::last_dim<S>();
            static constexpr std::size_t rows = S::size / width;
            using shape_type = shape_from_array_t<xest::detail::with_last_dim<S, Size>()>;

            template <class Scratch, class T>
            void forward(context const&, Scratch&, T* out, T const* a) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    for (std::size_t j = 0; j < Size; ++j)
                    {
                        out[r * Size + j] = a[r * width + Begin + j];
                    }
                }
            }

            // The columns left out get no gradient: zero when this is the first write.
            template <std::size_t I, bool Assign, class Scratch, class T>
            void backward(context const&, Scratch&, T const* dout, T const*, T* d, T const*) const noexcept
            {
                for (std::size_t r = 0; r < rows; ++r)
                {
                    T* row = d + r * width;
                    if constexpr (Assign)
                    {
                        for (std::size_t j = 0; j < width; ++j)
                        {
                            row[j] = T(0);
                        }
                    }
                    for (std::size_t j = 0; j < Size; ++j)
                    {
                        row[Begin + j] += dout[r * Size + j];
                    }
                }
            }
        };
    }

    namespace expr::forms
    {
        template <class T, class... U>
        struct check_concat_types
        {
            static constexpr bool value = (std::is_same_v<U, T> && ...);
            static_assert(value, "xestimator: concat needs operands of one scalar type (float with float, double with double).");
        };

        struct concat
        {
            template <class... E>
            using check = std::conjunction<check_concat_types<value_type_of_t<E>...>, check_concat<shape_of_t<E>...>>;
            template <class... E>
            using op_type = concat_op<shape_of_t<E>...>;
        };

        template <std::size_t Begin, std::size_t Size>
        struct slice
        {
            template <class E>
            using check = check_slice<shape_of_t<E>, Begin, Size>;
            template <class E>
            using op_type = slice_op<shape_of_t<E>, Begin, Size>;
        };

        template <class S>
        struct check_flatten
        {
            static constexpr bool value = S::rank >= 1;
            static_assert(value, "xestimator: flatten keeps axis 0 (the batch); a scalar has none.");
        };

        // A reshape that keeps axis 0.
        struct flatten
        {
            template <class E>
            using check = check_flatten<shape_of_t<E>>;
            template <class E, class S = shape_of_t<E>>
            using op_type = reshape_op<S, shape<S::dims[0], S::size / S::dims[0]>>;
        };
    }

    /// @brief The operands side by side along their last axis (tf.concat(..., axis=-1)); every
    /// other dimension must match. The adjoint of each operand is its part of the result's.
    template <operand A, operand... B>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<A>> && (!std::is_arithmetic_v<std::remove_cvref_t<B>> && ...))
    auto concat(A const& a, B const&... b)
    {
        static_assert(sizeof...(B) + 1 <= expr::graph::max_arity,
                      "xestimator: concat takes at most 4 operands; concat the result again for more.");
        if constexpr (sizeof...(B) + 1 > expr::graph::max_arity)
        {
            return detail::ill_formed{};
        }
        else
        {
            return expr::detail::make_node(expr::forms::concat{}, a, b...);
        }
    }

    /// @brief Columns [Begin, Begin + Size) of the last axis (x[..., Begin:Begin + Size]).
    template <std::size_t Begin, std::size_t Size, operand A>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<A>>)
    auto slice(A const& a)
    {
        return expr::detail::make_node(expr::forms::slice<Begin, Size>{}, a);
    }

    /// @brief <B, d1, d2, ...> as <B, d1 d2 ...> (Keras' Flatten): a reshape that keeps the batch.
    template <operand A>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<A>>)
    auto flatten(A const& a)
    {
        return expr::detail::make_node(expr::forms::flatten{}, a);
    }
}

#endif
