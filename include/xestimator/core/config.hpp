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

// Exceptions are the default. A build with -fno-exceptions reports run-time faults through the
// error handler instead (xest::set_error_handler, core/error.hpp).
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define XESTIMATOR_HAS_EXCEPTIONS 1
#else
#define XESTIMATOR_HAS_EXCEPTIONS 0
#endif

// Microcontrollers (Arm M profile) are the firmware targets: no console to print on by default,
// buffers at the scalar's natural alignment.
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define XESTIMATOR_DETAIL_MICROCONTROLLER 1
#else
#define XESTIMATOR_DETAIL_MICROCONTROLLER 0
#endif

// 1 when stderr exists: the default error handler of a build without exceptions prints there
// before it traps, and the estimator's log hook and rollback warning print there. Firmware builds
// default to 0, so that no stdio code is linked.
#ifndef XESTIMATOR_HAS_CONSOLE
#if XESTIMATOR_DETAIL_MICROCONTROLLER
#define XESTIMATOR_HAS_CONSOLE 0
#else
#define XESTIMATOR_HAS_CONSOLE 1
#endif
#endif

// 1 when the estimator may keep large objects (a model with its slots, a graph) on the heap.
// Firmware builds default to 0: everything lives in the estimator object (training_state's box),
// and a static estimator then allocates nothing.
#ifndef XESTIMATOR_HAS_HEAP
#if XESTIMATOR_DETAIL_MICROCONTROLLER
#define XESTIMATOR_HAS_HEAP 0
#else
#define XESTIMATOR_HAS_HEAP 1
#endif
#endif

// Alignment in bytes of the workspace buffers (values, adjoints, scratch). 64 on hosts: a cache
// line and an AVX-512 vector. On a microcontroller with no cache and no vector unit that only
// wastes RAM (the seed model's 8 floats took 512 bytes), so it is the natural alignment there.
// A buffer is never aligned less than its scalar type, whatever the value.
#ifndef XESTIMATOR_BUFFER_ALIGNMENT
#if XESTIMATOR_DETAIL_MICROCONTROLLER
#define XESTIMATOR_BUFFER_ALIGNMENT 4
#else
#define XESTIMATOR_BUFFER_ALIGNMENT 64
#endif
#endif

#if (XESTIMATOR_BUFFER_ALIGNMENT) <= 0 || ((XESTIMATOR_BUFFER_ALIGNMENT) & ((XESTIMATOR_BUFFER_ALIGNMENT) - 1)) != 0
#error "XESTIMATOR_BUFFER_ALIGNMENT must be a power of two (bytes), e.g. 4 on a Cortex-M or 64 on x86-64."
#endif

// Header-only by default. A program that defines XESTIMATOR_SEPARATE_COMPILATION in every
// translation unit compiles the functions marked XESTIMATOR_DECL (those of the model-directory
// layer that are not templates: io/, the file-writing hooks, saving and restoring; and a few of
// the estimator's) once, in the one .cpp that includes <xestimator/src.hpp>, instead of in every
// translation unit that uses an estimator (docs/building.md). XESTIMATOR_DECL is inline when
// header-only, an ordinary declaration otherwise; the definitions are in the impl/*.ipp files.
#if defined(XESTIMATOR_SEPARATE_COMPILATION)
#define XESTIMATOR_DECL
#else
#define XESTIMATOR_DECL inline
#endif

#endif
