#ifndef XESTIMATOR_NN_LAYER_NORM_HPP
#define XESTIMATOR_NN_LAYER_NORM_HPP

/// @file
/// @brief `nn::layer_norm<N, "name">`: Keras' LayerNormalization over the last axis (N features),
/// params "name/gamma" <N> (ones) and "name/beta" <N> (zeros), epsilon 1e-3. It has no moving
/// state, so it computes the same in every mode.

#include <cstddef>
#include <tuple>

#include "../core/fixed_string.hpp"
#include "../expr/ops_elementwise.hpp"
#include "../expr/ops_norm.hpp"
#include "../expr/param.hpp"

namespace xest::nn
{
    /// @brief gamma * (x - mean) / sqrt(variance + epsilon) + beta, statistics of each row's
    /// last axis.
    template <std::size_t N, fixed_string Name = "layer_norm", scalar_type T = float>
    struct layer_norm
    {
        using gamma_type = param<scoped_name<Name, "gamma">(), shape<N>, T>;
        using beta_type = param<scoped_name<Name, "beta">(), shape<N>, T>;
        using param_types = std::tuple<gamma_type, beta_type>;

        gamma_type gamma{init::ones{}};
        beta_type beta{init::zeros{}};
        double epsilon = 1e-3;

        template <class X>
        auto operator()(X const& x) const
        {
            if constexpr (detail::any_absorbing_v<X>)
            {
                return detail::absorb<X>();
            }
            else
            {
                using S = shape_of_t<detail::as_expr_t<X>>;
                constexpr bool ok = []
                {
                    if constexpr (S::rank == 0)
                    {
                        return false;
                    }
                    else
                    {
                        return S::dims[S::rank - 1] == N;
                    }
                }();
                static_assert(ok, "xestimator: nn::layer_norm<N> normalizes a last axis of N features; N differs from "
                                  "the input's last axis.");
                if constexpr (ok)
                {
                    return normalize_last_axis(x, epsilon) * gamma + beta;
                }
                else
                {
                    return detail::ill_formed{};
                }
            }
        }

        template <class F>
        void visit_params(F&& f)
        {
            f(gamma);
            f(beta);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(gamma);
            f(beta);
        }
    };
}

#endif
