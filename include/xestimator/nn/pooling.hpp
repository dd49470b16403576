#ifndef XESTIMATOR_NN_POOLING_HPP
#define XESTIMATOR_NN_POOLING_HPP

/// @file
/// @brief Pooling and flattening as layer types (no params), for models written as layers:
/// `nn::max_pool2d<2>`, `nn::average_pool2d<2>`, `nn::flatten`.

#include <cstddef>

#include "../expr/ops_concat.hpp"
#include "../expr/ops_pool.hpp"

namespace xest::nn
{
    /// @brief Keras' MaxPooling2D(pool_size=(PH, PW)); strides default to the pool size.
    template <std::size_t PH, std::size_t PW = PH, window_options O = window_options{}>
    struct max_pool2d
    {
        template <class X>
        auto operator()(X const& x) const
        {
            return xest::max_pool2d<PH, PW, O>(x);
        }
    };

    /// @brief Keras' AveragePooling2D(pool_size=(PH, PW)); strides default to the pool size.
    template <std::size_t PH, std::size_t PW = PH, window_options O = window_options{}>
    struct average_pool2d
    {
        template <class X>
        auto operator()(X const& x) const
        {
            return xest::average_pool2d<PH, PW, O>(x);
        }
    };

    /// @brief Keras' Flatten: <B, d1, d2, ...> to <B, d1 d2 ...>.
    struct flatten
    {
        template <class X>
        auto operator()(X const& x) const
        {
            return xest::flatten(x);
        }
    };
}

#endif
