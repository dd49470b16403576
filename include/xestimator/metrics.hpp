#ifndef XESTIMATOR_METRICS_HPP
#define XESTIMATOR_METRICS_HPP

/// @file
/// @brief Streaming evaluation metrics: updated per batch, read at the end of evaluation.

#include "metrics/accuracy.hpp"
#include "metrics/accuracy_baseline.hpp"
#include "metrics/auc.hpp"
#include "metrics/auc_precision_recall.hpp"
#include "metrics/mean.hpp"
#include "metrics/metric.hpp"
#include "metrics/precision_recall.hpp"
#include "metrics/r_squared.hpp"
#include "metrics/top_k_accuracy.hpp"

#endif
