#ifndef XESTIMATOR_NN_ACTIVATIONS_HPP
#define XESTIMATOR_NN_ACTIVATIONS_HPP

/// @file
/// @brief Activations as types, for layers: `nn::dense<64, 32, nn::relu>`.

#include "../expr/ops_elementwise.hpp"
#include "../expr/ops_linalg.hpp"  // relu(matmul + bias), the fused dense layer, must be visible here
#include "../expr/ops_reduce.hpp"

namespace xest::nn
{
#define XESTIMATOR_ACTIVATION(NAME, EXPR)          \
    struct NAME                                    \
    {                                              \
        template <class X>                         \
        auto operator()(X const& x) const          \
        {                                          \
            return EXPR;                           \
        }                                          \
    }

    XESTIMATOR_ACTIVATION(linear, x);
    XESTIMATOR_ACTIVATION(relu, ::xest::relu(x));
    XESTIMATOR_ACTIVATION(sigmoid, ::xest::sigmoid(x));
    XESTIMATOR_ACTIVATION(tanh, ::xest::tanh(x));
    XESTIMATOR_ACTIVATION(softplus, ::xest::softplus(x));
    XESTIMATOR_ACTIVATION(elu, ::xest::elu(x));
    XESTIMATOR_ACTIVATION(leaky_relu, ::xest::leaky_relu(x));
    XESTIMATOR_ACTIVATION(softmax, ::xest::softmax(x));

#undef XESTIMATOR_ACTIVATION
}

#endif
