#ifndef XESTIMATOR_FEATURES_HPP
#define XESTIMATOR_FEATURES_HPP

/// @file
/// @brief Feature columns (tf.feature_column): numeric (optionally standardized),
/// categorical_identity, indicator, embedding, and input_layer / adapt.

#include "features/columns.hpp"
#include "features/input_layer.hpp"

#endif
