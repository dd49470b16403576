#ifndef XESTIMATOR_CORE_XTENSOR_IO_HPP
#define XESTIMATOR_CORE_XTENSOR_IO_HPP

/// @file
/// @brief xtensor's npy support, kept apart from core/xtensor.hpp so firmware builds that never
/// touch a file do not parse it.

#if __has_include(<xtensor/io/xnpy.hpp>)
#include <xtensor/io/xnpy.hpp>
#else
#include <xtensor/xnpy.hpp>
#endif

#endif
