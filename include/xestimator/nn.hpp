#ifndef XESTIMATOR_NN_HPP
#define XESTIMATOR_NN_HPP

/// @file
/// @brief Layers and activations as sugar over expressions.

#include "nn/activations.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/embedding.hpp"
#include "nn/layer_norm.hpp"
#include "nn/pooling.hpp"

#endif
