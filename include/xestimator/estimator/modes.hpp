#ifndef XESTIMATOR_ESTIMATOR_MODES_HPP
#define XESTIMATOR_ESTIMATOR_MODES_HPP

/// @file
/// @brief The mode tags (xest::mode::train, eval, predict), defined in core/modes.hpp.

#include "../core/modes.hpp"

#endif
