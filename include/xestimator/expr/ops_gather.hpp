#ifndef XESTIMATOR_EXPR_OPS_GATHER_HPP
#define XESTIMATOR_EXPR_OPS_GATHER_HPP

/// @file
/// @brief Ops on integer ids: `one_hot<Depth>(ids)` and `gather(table, ids)` (an embedding
/// lookup, whose gradient scatter-adds into the rows of the table that were read).
///
/// Ids may be integers (an integer data leaf) or floating-point values holding integers (a
/// column of a dense feature matrix); a value converts as by a cast to std::int64_t.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../core/shape.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "ops_reduce.hpp"

namespace xest
{
    namespace detail
    {
        /// @brief Dims of S followed by Last.
        template <class S, std::size_t Last>
        consteval auto append_dim()
        {
            std::array<std::size_t, S::rank + 1> out{};
            for (std::size_t i = 0; i < S::rank; ++i)
            {
                out[i] = S::dims[i];
            }
            out[S::rank] = Last;
            return out;
        }

        /// @brief The row an id selects in a table of Rows rows, or Rows when it is out of range.
        template <std::size_t Rows, class I>
        inline std::size_t id_row(I id) noexcept
        {
            if constexpr (std::is_floating_point_v<I>)
            {
                // NaN and values outside [0, Rows) fail this test (no undefined cast).
                if (!(id >= I(0) && id < I(Rows)))
                {
                    return Rows;
                }
                return static_cast<std::size_t>(static_cast<std::int64_t>(id));
            }
            else
            {
                if (id < I(0) || static_cast<std::uint64_t>(id) >= Rows)
                {
                    return Rows;
                }
                return static_cast<std::size_t>(id);
            }
        }
    }

    /// @brief gather's shape rule (the table and ids shapes are its template arguments).
    template <class Table, class Ids>
    struct check_gather
    {
        static constexpr bool value = Table::rank == 2;
        static_assert(value, "xestimator: gather reads rows of a table <rows, width> (rank 2), as an embedding "
                             "lookup. The shapes (table, ids) are the template arguments of check_gather<...>.");
    };

    namespace expr
    {
        /// @brief <S..., Depth>: 1 at the id's position, 0 elsewhere (all 0 for an id outside
        /// [0, Depth), as tf.one_hot). Ids carry no gradient.
        template <class S, std::size_t Depth, class T>
        struct one_hot_op : op_base
        {
            using shape_type = shape_from_array_t<xest::detail::append_dim<S, Depth>()>;
            using value_type = T;

            template <class Scratch, class I>
            void forward(context const&, Scratch&, T* out, I const* ids) const noexcept
            {
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    std::size_t const hot = xest::detail::id_row<Depth>(ids[i]);
                    for (std::size_t c = 0; c < Depth; ++c)
                    {
                        out[i * Depth + c] = c == hot ? T(1) : T(0);
                    }
                }
            }

            // Ids are piecewise constant: zero when an id expression carries a gradient.
            template <std::size_t, bool Assign, class Scratch, class U, class I>
            void backward(context const&, Scratch&, T const*, T const*, U* d, I const*) const noexcept
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

        /// @brief out[i, :] = table[ids[i], :] for a table <Rows, Width> and ids of shape S; an
        /// id outside [0, Rows) gives a row of NaN (never a read outside the table), which
        /// hooks::nan_guard reports. Backward scatter-adds each real row's adjoint into the
        /// table row it read; padding rows of a batched id tensor add nothing.
        template <std::size_t Rows, std::size_t Width, class S, bool IdsBatched>
        struct gather_op : op_base
        {
            using shape_type = shape_from_array_t<xest::detail::append_dim<S, Width>()>;
            // The result has one row per id: it is batched when the ids are.
            template <bool Table, bool Ids>
            static constexpr bool batched_result = Ids;

            static constexpr std::size_t rank0 = S::rank == 0 ? 1 : S::dims[0];

            template <class Scratch, class T, class I>
            void forward(context const&, Scratch&, T* out, T const* table, I const* ids) const noexcept
            {
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    std::size_t const r = xest::detail::id_row<Rows>(ids[i]);
                    T* dst = out + i * Width;
                    for (std::size_t j = 0; j < Width; ++j)
                    {
                        dst[j] = r < Rows ? table[r * Width + j] : std::numeric_limits<T>::quiet_NaN();
                    }
                }
            }

            template <std::size_t Operand, bool Assign, class Scratch, class T, class U, class I>
            void backward(context const& ctx, Scratch&, T const* dout, T const*, U* d, T const*, I const* ids) const noexcept
            {
                if constexpr (Operand == 0)
                {
                    if constexpr (Assign)
                    {
                        for (std::size_t i = 0; i < Rows * Width; ++i)
                        {
                            d[i] = T(0);
                        }
                    }
                    // Only ids of real rows: S::size / rank0 ids per row of the batch.
                    std::size_t const n = detail::valid_rows<IdsBatched, rank0>(ctx) * (S::size / rank0);
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        std::size_t const r = xest::detail::id_row<Rows>(ids[i]);
                        if (r < Rows)
                        {
                            T const* src = dout + i * Width;
                            T* dst = d + r * Width;
                            for (std::size_t j = 0; j < Width; ++j)
                            {
                                dst[j] += src[j];
                            }
                        }
                    }
                }
                else if constexpr (Assign)
                {
                    // Ids are piecewise constant.
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
        template <std::size_t Depth, class T>
        struct one_hot : xest::expr::detail::no_check
        {
            template <class E>
            using op_type = one_hot_op<shape_of_t<E>, Depth, T>;
        };

        template <class T>
        struct check_gather_table_type
        {
            static constexpr bool value = std::is_floating_point_v<T>;
            static_assert(value, "xestimator: gather reads a floating-point table.");
        };

        struct gather
        {
            template <class ET, class EI>
            using check = std::conjunction<check_gather_table_type<value_type_of_t<ET>>, check_gather<shape_of_t<ET>, shape_of_t<EI>>>;
            template <class ET, class EI>
            using op_type = gather_op<shape_of_t<ET>::dims[0], shape_of_t<ET>::dims[1], shape_of_t<EI>, traits<EI>::batched>;
        };
    }

    /// @brief One-hot encoding along a new last axis: ids <S...> give <S..., Depth> of T (float
    /// by default); an id outside [0, Depth) gives a row of zeros, as tf.one_hot.
    template <std::size_t Depth, scalar_type T = float, operand Ids>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<Ids>>)
    auto one_hot(Ids const& ids)
    {
        static_assert(Depth > 0, "xestimator: one_hot needs a Depth of at least 1.");
        return expr::detail::make_node(expr::forms::one_hot<Depth, T>{}, ids);
    }

    /// @brief Rows of `table` <Rows, Width> selected by `ids` <S...>: the result is <S..., Width>
    /// (tf.gather(table, ids), an embedding lookup). The table's gradient is the scatter-add of
    /// the result's adjoint over the ids of the real rows.
    template <operand Table, operand Ids>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<Table>> && !std::is_arithmetic_v<std::remove_cvref_t<Ids>>)
    auto gather(Table const& table, Ids const& ids)
    {
        return expr::detail::make_node(expr::forms::gather{}, table, ids);
    }
}

#endif
