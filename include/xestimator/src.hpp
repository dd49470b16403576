#ifndef XESTIMATOR_SRC_HPP
#define XESTIMATOR_SRC_HPP

/// @file
/// @brief The library's XESTIMATOR_DECL functions, compiled once: include this in exactly
/// one .cpp of a program whose every translation unit is built with XESTIMATOR_SEPARATE_COMPILATION
/// (the CMake target xestimator::compiled does both). The other translation units then only
/// declare these functions (XESTIMATOR_DECL, core/config.hpp). See docs/building.md.
///
/// Such a function is declared XESTIMATOR_DECL in its header and defined in the `impl/<header>.ipp`
/// next to it; each .ipp is listed here (docs/design.md, "Adding a function to the compiled part").

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#error "<xestimator/src.hpp> is for programs built with XESTIMATOR_SEPARATE_COMPILATION: define it in every translation unit (or link xestimator::compiled), or do not include this header (header-only)."
#endif

#include "estimator/impl/model_directory.ipp"
#include "estimator/impl/model_state.ipp"
#include "estimator/impl/results.ipp"
#include "estimator/impl/warm_start.ipp"
#include "hooks/impl/logging.ipp"
#include "hooks/impl/summary_saver.ipp"
#include "io/impl/array_entry.ipp"
#include "io/impl/atomic_file.ipp"
#include "io/impl/checkpoint.ipp"
#include "io/impl/checkpoint_index.ipp"
#include "io/impl/crc32.ipp"
#include "io/impl/crc32c.ipp"
#include "io/impl/dir_lock.ipp"
#include "io/impl/event_writer.ipp"
#include "io/impl/histogram.ipp"
#include "io/impl/npy.ipp"
#include "io/impl/npz.ipp"
#include "io/impl/npz_reader.ipp"
#include "io/impl/posix.ipp"
#include "io/impl/protobuf.ipp"
#include "io/impl/zip_format.ipp"

#endif
