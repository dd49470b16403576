#ifndef XESTIMATOR_NN_CONV2D_HPP
#define XESTIMATOR_NN_CONV2D_HPP

/// @file
/// @brief `nn::conv2d<Filters, KH, KW, Activation, "name", conv2d_options>`: a 2-D convolution
/// layer over NHWC images that owns its params ("name/kernel" <KH, KW, channels, Filters>,
/// Glorot-uniform; "name/bias" <Filters>, zeros, as Keras' Conv2D).

#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../core/fixed_string.hpp"
#include "../expr/ops_conv.hpp"
#include "../expr/param.hpp"
#include "activations.hpp"

namespace xest::nn
{
    /// @brief The input channels, strides and padding of a conv2d layer.
    struct conv2d_options
    {
        std::size_t channels = 1;  ///< channels of the input images (their last axis)
        std::size_t stride_h = 1;
        std::size_t stride_w = 1;
        padding pad = padding::valid;
    };

    /// @brief activation(conv2d(x, kernel) + bias) on images <B, H, W, channels>.
    /// @tparam Filters output channels, @tparam KH @tparam KW kernel height and width
    /// @tparam Activation one of nn::linear, nn::relu, ... (any callable type)
    /// @tparam Name scope of the param names; give each layer of a model its own
    /// @tparam Options input channels, strides and padding (default: 1 channel, stride 1, valid)
    template <std::size_t Filters, std::size_t KH, std::size_t KW, class Activation = linear, fixed_string Name = "conv2d",
              conv2d_options Options = conv2d_options{}, scalar_type T = float>
    struct conv2d
    {
        static_assert(Filters > 0 && Options.channels > 0, "xestimator: nn::conv2d needs at least one filter and one channel.");
        using kernel_type = param<scoped_name<Name, "kernel">(), shape<KH, KW, Options.channels, Filters>, T>;
        using bias_type = param<scoped_name<Name, "bias">(), shape<Filters>, T>;
        using param_types = std::tuple<kernel_type, bias_type>;
        static constexpr window_options window{Options.stride_h, Options.stride_w, Options.pad};

        kernel_type kernel{init::glorot_uniform{}};
        bias_type bias{init::zeros{}};

        template <class X>
        auto operator()(X const& x) const
        {
            if constexpr (Filters == 0 || Options.channels == 0)
            {
                return xest::detail::ill_formed{};  // the static_assert above has said why
            }
            else if constexpr (std::is_same_v<Activation, relu>)
            {
                return xest::relu(xest::conv2d<window>(x, kernel, bias));  // the fused conv2d_relu_op
            }
            else
            {
                return Activation{}(xest::conv2d<window>(x, kernel, bias));
            }
        }

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
