#ifndef XESTIMATOR_ESTIMATOR_HPP
#define XESTIMATOR_ESTIMATOR_HPP

/// @file
/// @brief The estimator: modes, spec, run_config, train / evaluate / predict, train_and_evaluate.

#include "estimator/estimator.hpp"
#include "estimator/in_memory.hpp"
#include "estimator/model_summary.hpp"
#include "estimator/moving_averages.hpp"
#include "estimator/modes.hpp"
#include "estimator/results.hpp"
#include "estimator/run_config.hpp"
#include "estimator/spec.hpp"
#include "estimator/train_and_evaluate.hpp"

#endif
