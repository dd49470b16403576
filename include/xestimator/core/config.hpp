#ifndef XESTIMATOR_CORE_CONFIG_HPP
#define XESTIMATOR_CORE_CONFIG_HPP

/// @file
/// @brief Version macros, language checks and the one switch between exceptions and error codes.

#define XESTIMATOR_VERSION_MAJOR 0
#define XESTIMATOR_VERSION_MINOR 1
#define XESTIMATOR_VERSION_PATCH 0
#define XESTIMATOR_VERSION \
    (XESTIMATOR_VERSION_MAJOR * 10000 + XESTIMATOR_VERSION_MINOR * 100 + XESTIMATOR_VERSION_PATCH)
#define XESTIMATOR_VERSION_STR "0.1.0"

#if !defined(__cplusplus) || __cplusplus < 202002L
#error "xestimator needs C++20: compile with -std=c++20 (or link the CMake target xestimator::xestimator)."
#endif

// Exceptions are the default. A build with -fno-exceptions reports run-time faults through
// xest::last_error() and std::abort() instead; see core/error.hpp.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define XESTIMATOR_HAS_EXCEPTIONS 1
#else
#define XESTIMATOR_HAS_EXCEPTIONS 0
#endif

#endif
