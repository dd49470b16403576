#ifndef XESTIMATOR_INPUTS_HPP
#define XESTIMATOR_INPUTS_HPP

/// @file
/// @brief Input functions: batches from arrays or CSV files, with epochs, seeded shuffling and
/// an exact partial final batch.

#include "inputs/array_input.hpp"
#include "inputs/batch.hpp"
#include "inputs/csv_input.hpp"
#include "inputs/options.hpp"

#endif
