#ifndef XESTIMATOR_ESTIMATOR_ESTIMATOR_HPP
#define XESTIMATOR_ESTIMATOR_ESTIMATOR_HPP

/// @file
/// @brief `xest::estimator<Model, Optimizer, Hooks...>`: train, evaluate and predict a model
/// type, with summaries and checkpoints in a model directory (tf.estimator.Estimator, at compile
/// time). The class is basic_estimator.hpp; the model directory is model_directory.hpp; the
/// training loop is training_loop.hpp. For an estimator that compiles no file I/O, include
/// in_memory.hpp and use `xest::in_memory_estimator`.

#include "basic_estimator.hpp"
#include "model_directory.hpp"

#endif
