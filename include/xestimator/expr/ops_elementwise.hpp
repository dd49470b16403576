#ifndef XESTIMATOR_EXPR_OPS_ELEMENTWISE_HPP
#define XESTIMATOR_EXPR_OPS_ELEMENTWISE_HPP

/// @file
/// @brief Element-wise ops: unary maths and activations (ops_unary.hpp) and binary ops with
/// numpy broadcasting (ops_binary.hpp).

#include "ops_binary.hpp"
#include "ops_unary.hpp"

#endif
