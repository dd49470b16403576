#ifndef XESTIMATOR_CORE_SHAPE_HPP
#define XESTIMATOR_CORE_SHAPE_HPP

/// @file
/// @brief `shape<N...>`: a tensor shape as a type, and the compile-time shape algebra
/// (broadcasting, matmul, reductions) used to type-check expressions when they are formed.

#include <array>
#include <cstddef>
#include <type_traits>

namespace xest
{
    /// @brief A static shape. `shape<>` is a scalar, `shape<32, 10>` a batch of 32 rows of 10.
    template <std::size_t... N>
    struct shape
    {
        static constexpr std::size_t rank = sizeof...(N);
        static constexpr std::size_t size = (std::size_t{1} * ... * N);
        static constexpr std::array<std::size_t, rank> dims{N...};
    };

    template <class T>
    inline constexpr bool is_shape_v = false;
    template <std::size_t... N>
    inline constexpr bool is_shape_v<shape<N...>> = true;

    /// @brief Satisfied by `xest::shape<N...>`.
    template <class T>
    concept static_shape = is_shape_v<T>;

    namespace detail
    {
        template <class A>
        struct shape_from_array;

        // Turns a constexpr std::array of dimensions back into a shape type.
        template <auto Dims, class Seq = std::make_index_sequence<Dims.size()>>
        struct array_to_shape;
        template <auto Dims, std::size_t... I>
        struct array_to_shape<Dims, std::index_sequence<I...>>
        {
            using type = shape<Dims[I]...>;
        };
    }

    /// @brief The shape whose dimensions are the values of a constexpr `std::array`.
    template <auto Dims>
    using shape_from_array_t = typename detail::array_to_shape<Dims>::type;

    // ---- broadcasting ----------------------------------------------------------------------

    namespace detail
    {
        template <class A, class B>
        consteval bool broadcastable()
        {
            constexpr auto a = A::dims;
            constexpr auto b = B::dims;
            constexpr std::size_t r = A::rank > B::rank ? A::rank : B::rank;
            for (std::size_t i = 0; i < r; ++i)
            {
                std::size_t da = i < A::rank ? a[A::rank - 1 - i] : 1;
                std::size_t db = i < B::rank ? b[B::rank - 1 - i] : 1;
                if (da != db && da != 1 && db != 1)
                {
                    return false;
                }
            }
            return true;
        }

        template <class A, class B>
        consteval auto broadcast_dims()
        {
            constexpr std::size_t r = A::rank > B::rank ? A::rank : B::rank;
            std::array<std::size_t, r> out{};
            for (std::size_t i = 0; i < r; ++i)
            {
                std::size_t da = i < A::rank ? A::dims[A::rank - 1 - i] : 1;
                std::size_t db = i < B::rank ? B::dims[B::rank - 1 - i] : 1;
                out[r - 1 - i] = da == 1 ? db : da;
            }
            return out;
        }
    }

    /// @brief True when numpy's broadcasting rules accept the two shapes.
    template <class A, class B>
    inline constexpr bool broadcastable_v = detail::broadcastable<A, B>();

    /// @brief The broadcast shape of A and B (only valid when broadcastable_v<A, B>).
    template <class A, class B>
    using broadcast_t = shape_from_array_t<detail::broadcast_dims<A, B>()>;

    // ---- reductions ------------------------------------------------------------------------

    namespace detail
    {
        template <class S, std::size_t Axis, bool KeepDims>
        consteval auto reduce_dims()
        {
            constexpr std::size_t r = KeepDims ? S::rank : S::rank - 1;
            std::array<std::size_t, r> out{};
            std::size_t j = 0;
            for (std::size_t i = 0; i < S::rank; ++i)
            {
                if (i == Axis)
                {
                    if constexpr (KeepDims)
                    {
                        out[j++] = 1;
                    }
                }
                else
                {
                    out[j++] = S::dims[i];
                }
            }
            return out;
        }
    }

    /// @brief The shape of S with axis Axis removed (or kept as 1).
    template <class S, std::size_t Axis, bool KeepDims = false>
    using reduce_t = shape_from_array_t<detail::reduce_dims<S, Axis, KeepDims>()>;

    /// @brief Dimension I of S.
    template <class S, std::size_t I>
    inline constexpr std::size_t dim_v = S::dims[I];
}

#endif
