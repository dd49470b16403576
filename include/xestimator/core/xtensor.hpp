#ifndef XESTIMATOR_CORE_XTENSOR_HPP
#define XESTIMATOR_CORE_XTENSOR_HPP

/// @file
/// @brief The only place that includes xtensor and xtl headers.
///
/// xtensor 0.24 (Debian 12) installs flat paths (<xtensor/xfixed.hpp>); 0.26 and later moved
/// them into sub-folders. Keeping every include here makes that a one-file change.

#if __has_include(<xtensor/containers/xfixed.hpp>)
#include <xtensor/containers/xarray.hpp>
#include <xtensor/containers/xfixed.hpp>
#include <xtensor/containers/xtensor.hpp>
#include <xtensor/core/xtensor_config.hpp>
#else
#include <xtensor/xarray.hpp>
#include <xtensor/xfixed.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xtensor_config.hpp>
#endif

#if !defined(XTENSOR_VERSION_MAJOR) || (XTENSOR_VERSION_MAJOR == 0 && XTENSOR_VERSION_MINOR < 24)
#error "xestimator needs xtensor >= 0.24 (Debian package xtensor-dev)."
#endif

#endif
