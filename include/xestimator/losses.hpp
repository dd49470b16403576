#ifndef XESTIMATOR_LOSSES_HPP
#define XESTIMATOR_LOSSES_HPP

/// @file
/// @brief Losses with TensorFlow's names and semantics.

#include "losses/losses.hpp"

#endif
