#ifndef XESTIMATOR_NN_HPP
#define XESTIMATOR_NN_HPP

/// @file
/// @brief Layers and activations as sugar over expressions.

#include "nn/activations.hpp"
#include "nn/dense.hpp"

#endif
