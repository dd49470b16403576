#ifndef XESTIMATOR_CORE_MODES_HPP
#define XESTIMATOR_CORE_MODES_HPP

/// @file
/// @brief The three modes of a model function, as empty tag types (tf.estimator.ModeKeys). They
/// live in core/ because layers below the estimator (nn::dropout, nn::batch_norm) choose their
/// graph by mode.

#include <type_traits>

/// @brief The message of a layer that differs by mode (nn::dropout, nn::batch_norm) called
/// without one; a macro because static_assert takes a literal.
#define XESTIMATOR_LAYER_MODE_MESSAGE                                                                                  \
    "xestimator: a layer that differs by mode is called as layer(x, mode), with the mode the model function "         \
    "received (xest::mode::train, eval or predict)."

namespace xest::mode
{
    struct train
    {
    };
    struct eval
    {
    };
    struct predict
    {
    };

    template <class M>
    inline constexpr bool is_mode_v = std::is_same_v<M, train> || std::is_same_v<M, eval> || std::is_same_v<M, predict>;
}

#endif
