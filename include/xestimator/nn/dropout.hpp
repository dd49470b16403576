#ifndef XESTIMATOR_NN_DROPOUT_HPP
#define XESTIMATOR_NN_DROPOUT_HPP

/// @file
/// @brief `nn::dropout<Rate, "name">` and `nn::gaussian_noise<Stddev, "name">`: Keras' Dropout
/// and GaussianNoise. They are called with the mode, `drop(x, mode)`: in train mode they form the
/// random op (expr/ops_random.hpp), in eval and predict mode they return x itself, so those
/// graphs have no random node at all (their type shows it) and cost nothing.

#include <type_traits>

#include "../core/fixed_string.hpp"
#include "../core/modes.hpp"
#include "../core/real.hpp"
#include "../expr/ops_random.hpp"

namespace xest
{
    namespace nn
    {
        /// @brief Keras' Dropout(rate): in train mode each value is kept with probability
        /// 1 - Rate and scaled by 1 / (1 - Rate), or set to 0 (inverted dropout); in eval and
        /// predict mode the input itself. The mask of a step follows from the run's seed, the
        /// global step and the layer's name, so a resumed run draws the same masks.
        template <real Rate, fixed_string Name = "dropout">
        struct dropout
        {
            static constexpr double rate = Rate.value();
            static constexpr bool valid = rate >= 0.0 && rate < 1.0;

            template <class X, class Mode>
            auto operator()(X const& x, Mode) const
            {
                static_assert(valid, "xestimator: nn::dropout<Rate> needs a rate in [0, 1): the fraction of values set "
                                     "to 0 in training (Keras' Dropout(rate)); a rate of 1 or more would drop "
                                     "everything.");
                static_assert(!valid || mode::is_mode_v<Mode>, XESTIMATOR_LAYER_MODE_MESSAGE);
                if constexpr (!valid || !mode::is_mode_v<Mode>)
                {
                    return xest::detail::ill_formed{};
                }
                else if constexpr (std::is_same_v<Mode, mode::train> && rate > 0.0)
                {
                    return xest::dropout(x, rate, expr::stream_of(Name.view()));
                }
                else
                {
                    return xest::detail::as_expr(x);  // a param as a leaf, never a copy
                }
            }
        };

        /// @brief Keras' GaussianNoise(stddev): in train mode x plus normal noise of standard
        /// deviation Stddev, drawn as dropout's mask is; in eval and predict mode x itself.
        template <real Stddev, fixed_string Name = "gaussian_noise">
        struct gaussian_noise
        {
            static constexpr double stddev = Stddev.value();
            static constexpr bool valid = stddev >= 0.0 && stddev < 1e300;

            template <class X, class Mode>
            auto operator()(X const& x, Mode) const
            {
                static_assert(valid, "xestimator: nn::gaussian_noise<Stddev> needs a finite standard deviation of at "
                                     "least 0 (Keras' GaussianNoise(stddev)).");
                static_assert(!valid || mode::is_mode_v<Mode>, XESTIMATOR_LAYER_MODE_MESSAGE);
                if constexpr (!valid || !mode::is_mode_v<Mode>)
                {
                    return xest::detail::ill_formed{};
                }
                else if constexpr (std::is_same_v<Mode, mode::train> && stddev > 0.0)
                {
                    return xest::gaussian_noise(x, stddev, expr::stream_of(Name.view()));
                }
                else
                {
                    return xest::detail::as_expr(x);  // a param as a leaf, never a copy
                }
            }
        };
    }
}

#endif
