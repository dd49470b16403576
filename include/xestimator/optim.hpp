#ifndef XESTIMATOR_OPTIM_HPP
#define XESTIMATOR_OPTIM_HPP

/// @file
/// @brief Optimizers (update rules with per-parameter slots sized at compile time),
/// learning-rate schedules, gradient clipping and moving averages of the weights.

#include "optim/concepts.hpp"
#include "optim/gradient_descent.hpp"
#include "optim/momentum.hpp"
#include "optim/adagrad.hpp"
#include "optim/rmsprop.hpp"
#include "optim/adam.hpp"
#include "optim/adamw.hpp"
#include "optim/ftrl.hpp"
#include "optim/schedules.hpp"
#include "optim/with_schedule.hpp"
#include "optim/clipping.hpp"
#include "optim/moving_average.hpp"
#include "optim/wrapper_base.hpp"

#endif
