#ifndef XESTIMATOR_NN_BATCH_NORM_HPP
#define XESTIMATOR_NN_BATCH_NORM_HPP

/// @file
/// @brief `nn::batch_norm<C, "name">`: Keras' BatchNormalization over the last axis (C features)
/// with its defaults, momentum 0.99 and epsilon 1e-3. Params "name/gamma" <C> (ones) and
/// "name/beta" <C> (zeros) are trained; "name/moving_mean" <C> (zeros) and
/// "name/moving_variance" <C> (ones) are non-trainable params: the layer updates them in train
/// mode, checkpoints save and restore them, and eval and predict mode read them.
///
/// Called with the mode, `bn(x, mode)`. Train mode normalizes with the statistics of the batch
/// (its real rows) and updates the moving statistics once per step; eval and predict mode
/// normalize with the moving statistics: their graph has no batch-statistics node (its type
/// shows it) and writes nothing.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include "../core/error.hpp"
#include "../core/fixed_string.hpp"
#include "../core/modes.hpp"
#include "../expr/ops_batch_norm.hpp"
#include "../expr/ops_elementwise.hpp"
#include "../expr/param.hpp"

namespace xest::nn
{
    /// @brief gamma (x - mean) / sqrt(variance + epsilon) + beta per feature of the last axis:
    /// the batch's statistics in train mode, the moving ones in eval and predict mode.
    template <std::size_t C, fixed_string Name = "batch_normalization", scalar_type T = float>
    struct batch_norm
    {
        static_assert(C > 0, "xestimator: nn::batch_norm<C> needs at least one feature (C > 0).");
        using gamma_type = param<scoped_name<Name, "gamma">(), shape<C>, T>;
        using beta_type = param<scoped_name<Name, "beta">(), shape<C>, T>;
        using moving_mean_type = non_trainable_param<scoped_name<Name, "moving_mean">(), shape<C>, T>;
        using moving_variance_type = non_trainable_param<scoped_name<Name, "moving_variance">(), shape<C>, T>;
        using param_types = std::tuple<gamma_type, beta_type, moving_mean_type, moving_variance_type>;

        gamma_type gamma{init::ones{}};
        beta_type beta{init::zeros{}};
        // Written by the train-mode graph, which the model function forms from a const model.
        mutable moving_mean_type moving_mean{init::zeros{}};
        mutable moving_variance_type moving_variance{init::ones{}};
        double momentum = 0.99;
        double epsilon = 1e-3;
        /// @brief The last step whose batch updated the moving statistics (not saved: the
        /// next step of a resumed run is always a new one).
        mutable std::int64_t updated_step = std::numeric_limits<std::int64_t>::min();

        template <class X, class Mode>
        auto operator()(X const& x, Mode) const
        {
            static_assert(C == 0 || mode::is_mode_v<Mode>, XESTIMATOR_LAYER_MODE_MESSAGE);
            check_hyper_parameters();
            if constexpr (C == 0)
            {
                return xest::detail::ill_formed{};  // the static_assert above has said why
            }
            else if constexpr (xest::detail::any_absorbing_v<X> || !mode::is_mode_v<Mode>)
            {
                if constexpr (mode::is_mode_v<Mode>)
                {
                    return xest::detail::absorb<X>();
                }
                else
                {
                    return xest::detail::ill_formed{};
                }
            }
            else
            {
                using S = shape_of_t<xest::detail::as_expr_t<X>>;
                constexpr bool ok = []
                {
                    if constexpr (S::rank < 2)
                    {
                        return false;
                    }
                    else
                    {
                        return S::dims[S::rank - 1] == C;
                    }
                }();
                static_assert(ok, "xestimator: nn::batch_norm<C> normalizes C features, the last axis of a batch "
                                  "<B, ..., C>; C differs from the input's last axis, or the input has no batch axis.");
                if constexpr (!ok)
                {
                    return xest::detail::ill_formed{};
                }
                else if constexpr (!std::is_same_v<value_type_of_t<xest::detail::as_expr_t<X>>, T>)
                {
                    return normalize_batch(x, epsilon) * gamma + beta;  // the engine's mixed-types message
                }
                else if constexpr (std::is_same_v<Mode, mode::train>)
                {
                    expr::moving_moments<T> const moving{moving_mean.value.data(), moving_variance.value.data(),
                                                         &updated_step, momentum};
                    return expr::detail::make_node(expr::forms::normalize_batch<T>{epsilon, moving}, x) * gamma + beta;
                }
                else
                {
                    return (x - moving_mean) / xest::sqrt(moving_variance + epsilon) * gamma + beta;
                }
            }
        }

        /// @brief Keras' ranges, checked when a graph is formed (not per step): momentum in
        /// [0, 1], epsilon > 0 (sqrt(variance + epsilon) of a constant feature must not be 0).
        void check_hyper_parameters() const
        {
            if (!(momentum >= 0.0 && momentum <= 1.0))
            {
                raise<config_error>("nn::batch_norm: the momentum must be in [0, 1] (Keras' default 0.99)");
            }
            if (!(epsilon > 0.0 && epsilon < 1e300))
            {
                raise<config_error>("nn::batch_norm: epsilon must be finite and greater than 0 (Keras' default 1e-3)");
            }
        }

        template <class F>
        void visit_params(F&& f)
        {
            f(gamma);
            f(beta);
            f(moving_mean);
            f(moving_variance);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(gamma);
            f(beta);
            f(moving_mean);
            f(moving_variance);
        }
    };
}

#endif
