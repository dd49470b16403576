#ifndef XESTIMATOR_XESTIMATOR_HPP
#define XESTIMATOR_XESTIMATOR_HPP

/// @file
/// @brief Everything: `#include <xestimator/xestimator.hpp>`. A firmware build can include only
/// the layers it needs (core, expr, nn, losses, init, optim).

#include "core.hpp"
#include "estimator.hpp"
#include "expr.hpp"
#include "export.hpp"
#include "features.hpp"
#include "hooks.hpp"
#include "init.hpp"
#include "inputs.hpp"
#include "io.hpp"
#include "losses.hpp"
#include "metrics.hpp"
#include "nn.hpp"
#include "optim.hpp"

#endif
