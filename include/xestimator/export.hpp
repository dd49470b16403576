#ifndef XESTIMATOR_EXPORT_HPP
#define XESTIMATOR_EXPORT_HPP

/// @file
/// @brief Weight export: `xest::export_header` (the trained params as a header of constant arrays).

#include "export/export_header.hpp"

#endif
