#ifndef XESTIMATOR_INIT_HPP
#define XESTIMATOR_INIT_HPP

/// @file
/// @brief Initializers (Keras names and defaults), deterministic for a seed.

#include "init/initializers.hpp"
#include "init/random.hpp"

#endif
