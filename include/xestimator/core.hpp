#ifndef XESTIMATOR_CORE_HPP
#define XESTIMATOR_CORE_HPP

/// @file
/// @brief Shapes, tensors, shape checks, errors, version.

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/fixed_string.hpp"
#include "core/modes.hpp"
#include "core/real.hpp"
#include "core/shape.hpp"
#include "core/shape_checks.hpp"
#include "core/tensor.hpp"

#endif
