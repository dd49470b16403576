#ifndef XESTIMATOR_IO_NPY_HPP
#define XESTIMATOR_IO_NPY_HPP

/// @file
/// @brief One numpy .npy array (format 1.0, C order): the header written for an array_entry,
/// and a member parsed back with every field checked.

#include <string>
#include <string_view>

#include "../core/config.hpp"
#include "array_entry.hpp"

namespace xest::io::detail
{
    /// @brief The npy 1.0 header of an array: magic, version, length, then the Python dict
    /// literal padded with spaces and a newline to a multiple of 64 bytes (as numpy does).
    XESTIMATOR_DECL std::string npy_header(array_entry const& e);

    /// @brief Parses one .npy member into @p e (name already set); returns "" or the fault.
    XESTIMATOR_DECL std::string parse_npy(std::string_view b, array_entry& e);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/npy.ipp"
#endif

#endif
