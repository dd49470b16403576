#ifndef XESTIMATOR_NN_DENSE_HPP
#define XESTIMATOR_NN_DENSE_HPP

/// @file
/// @brief `nn::dense<In, Out, Activation, "name">`: a fully connected layer that owns its params
/// ("name/kernel" <In, Out>, Glorot-uniform; "name/bias" <Out>, zeros, as Keras' Dense).

#include <cstddef>
#include <tuple>

#include "../core/fixed_string.hpp"
#include "../expr/ops_elementwise.hpp"
#include "../expr/ops_linalg.hpp"
#include "../expr/param.hpp"
#include "activations.hpp"

namespace xest::nn
{
    /// @brief activation(x · kernel + bias).
    /// @tparam In input features, @tparam Out units
    /// @tparam Activation one of nn::linear, nn::relu, nn::sigmoid, ... (any callable type)
    /// @tparam Name scope of the param names; give each layer of a model its own
    template <std::size_t In, std::size_t Out, class Activation = linear, fixed_string Name = "dense", scalar_type T = float>
    struct dense
    {
        using kernel_type = param<scoped_name<Name, "kernel">(), shape<In, Out>, T>;
        using bias_type = param<scoped_name<Name, "bias">(), shape<Out>, T>;
        using param_types = std::tuple<kernel_type, bias_type>;

        kernel_type kernel{init::glorot_uniform{}};
        bias_type bias{init::zeros{}};

        template <class X>
        auto operator()(X const& x) const
        {
            return Activation{}(matmul(x, kernel) + bias);
        }

        /// @brief Visits the layer's params (how the estimator finds them inside a model).
        template <class F>
        void visit_params(F&& f)
        {
            f(kernel);
            f(bias);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(kernel);
            f(bias);
        }
    };
}

#endif
