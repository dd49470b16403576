#ifndef XESTIMATOR_EXPR_HPP
#define XESTIMATOR_EXPR_HPP

/// @file
/// @brief Params, expressions, ops, the graph compiler and program, gradient_check.

#include "core.hpp"
#include "expr/gradient_check.hpp"
#include "expr/node.hpp"
#include "expr/ops_batch_norm.hpp"
#include "expr/ops_bucketize.hpp"
#include "expr/ops_concat.hpp"
#include "expr/ops_conv.hpp"
#include "expr/ops_elementwise.hpp"
#include "expr/ops_gather.hpp"
#include "expr/ops_linalg.hpp"
#include "expr/ops_norm.hpp"
#include "expr/ops_pool.hpp"
#include "expr/ops_random.hpp"
#include "expr/ops_reduce.hpp"
#include "expr/ops_shape.hpp"
#include "expr/param.hpp"
#include "expr/program.hpp"

#endif
