#ifndef XESTIMATOR_CORE_XTENSOR_HPP
#define XESTIMATOR_CORE_XTENSOR_HPP

/// @file
/// @brief The only place that includes xtensor and xtl headers.
///
/// xtensor 0.24 (Debian 12) installs flat paths (<xtensor/xfixed.hpp>); 0.26 and later moved
/// them into sub-folders. Keeping every include here makes that a one-file change.

#include "config.hpp"

#if !XESTIMATOR_HAS_EXCEPTIONS
// Without exceptions, xtensor 0.24 includes <iostream> (xtensor_config.hpp for its XTENSOR_THROW,
// xutils.hpp for an allocation tracer). With libstdc++ that puts a static std::ios_base::Init in
// every translation unit, which links the whole iostream runtime: 180 KB of a Cortex-M4
// firmware's 196 KB. Here <iostream> is kept out while xtensor's headers are read (only the
// declarations they name are provided, nothing is defined), XTENSOR_THROW goes to the error
// handler, and a later #include <iostream> of the user works as usual.
#include <cstddef>
#if defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM)
#include <istream>
#include <ostream>
#define _GLIBCXX_IOSTREAM 1
#define XESTIMATOR_DETAIL_IOSTREAM_HELD_BACK 1
namespace std
{
    extern istream cin;
    extern ostream cout;
    extern ostream cerr;
    extern ostream clog;
}
#endif
#include "error.hpp"
#if __has_include(<xtensor/containers/xfixed.hpp>)
#include <xtensor/core/xtensor_config.hpp>
#else
#include <xtensor/xtensor_config.hpp>
#endif
#undef XTENSOR_THROW
#define XTENSOR_THROW(exception, message) ::xest::raise<::xest::xtensor_error>("a shape or index check in xtensor failed")
#endif

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

#if defined(XESTIMATOR_DETAIL_IOSTREAM_HELD_BACK)
#undef _GLIBCXX_IOSTREAM
#undef XESTIMATOR_DETAIL_IOSTREAM_HELD_BACK
#endif

#if !defined(XTENSOR_VERSION_MAJOR) || (XTENSOR_VERSION_MAJOR == 0 && XTENSOR_VERSION_MINOR < 24)
#error "xestimator needs xtensor >= 0.24 (Debian package xtensor-dev)."
#endif

#endif
