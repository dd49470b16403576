#ifndef XESTIMATOR_CANNED_HPP
#define XESTIMATOR_CANNED_HPP

/// @file
/// @brief Canned estimators (tf.estimator's premade models): linear, DNN, wide-and-deep and
/// baseline regressors and classifiers over dense numeric features, with TensorFlow's defaults.
/// See docs/canned.md.

#include "canned/baseline.hpp"
#include "canned/dnn.hpp"
#include "canned/dnn_linear_combined.hpp"
#include "canned/heads.hpp"
#include "canned/linear.hpp"

#endif
