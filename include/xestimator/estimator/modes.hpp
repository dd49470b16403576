#ifndef XESTIMATOR_ESTIMATOR_MODES_HPP
#define XESTIMATOR_ESTIMATOR_MODES_HPP

/// @file
/// @brief The three modes of a model function, as empty tag types (tf.estimator.ModeKeys).

#include <type_traits>

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
