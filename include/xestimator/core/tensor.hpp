#ifndef XESTIMATOR_CORE_TENSOR_HPP
#define XESTIMATOR_CORE_TENSOR_HPP

/// @file
/// @brief `tensor<T, Shape>`: the fixed-size xtensor container every value in a graph lives in.

#include <cstddef>
#include <span>
#include <type_traits>

#include "shape.hpp"
#include "xtensor.hpp"

namespace xest
{
    namespace detail
    {
        template <class T, class S>
        struct fixed_tensor;
        template <class T, std::size_t... N>
        struct fixed_tensor<T, shape<N...>>
        {
            using type = xt::xtensor_fixed<T, xt::xshape<N...>>;
        };
    }

    /// @brief A fixed-shape xtensor container: storage inline, no heap.
    template <class T, class Shape>
    using tensor = typename detail::fixed_tensor<T, Shape>::type;

    namespace detail
    {
        template <class T>
        struct tensor_shape;
        template <class V, std::size_t... N, xt::layout_type L, bool SH, class Tag>
        struct tensor_shape<xt::xfixed_container<V, xt::fixed_shape<N...>, L, SH, Tag>>
        {
            using type = shape<N...>;
        };
    }

    /// @brief The xest::shape of a fixed xtensor container.
    template <class T>
    using shape_of_tensor_t = typename detail::tensor_shape<std::remove_cvref_t<T>>::type;

    /// @brief The scalar types an expression may compute in.
    template <class T>
    concept scalar_type = std::is_same_v<T, float> || std::is_same_v<T, double>;

    /// @brief A flat view of a fixed tensor's storage (row-major).
    template <class T, std::size_t... N>
    constexpr std::span<T, (std::size_t{1} * ... * N)> flat(xt::xtensor_fixed<T, xt::xshape<N...>>& t) noexcept
    {
        return std::span<T, (std::size_t{1} * ... * N)>(t.data(), (std::size_t{1} * ... * N));
    }
    template <class T, std::size_t... N>
    constexpr std::span<T const, (std::size_t{1} * ... * N)> flat(xt::xtensor_fixed<T, xt::xshape<N...>> const& t) noexcept
    {
        return std::span<T const, (std::size_t{1} * ... * N)>(t.data(), (std::size_t{1} * ... * N));
    }

    // Eigen refuses large fixed objects on the stack for the same reason: a workspace of
    // several MiB silently overflows an 8 MiB default stack in a worker thread.
    inline constexpr std::size_t max_stack_tensor_bytes = std::size_t{1} << 22;
}

#endif
