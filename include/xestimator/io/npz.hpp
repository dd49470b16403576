#ifndef XESTIMATOR_IO_NPZ_HPP
#define XESTIMATOR_IO_NPZ_HPP

/// @file
/// @brief numpy .npz archives (an uncompressed zip of .npy files, npy.hpp) written by hand; the
/// reader that verifies them is npz_reader.hpp, included here so that one include gives both.

#include <span>
#include <string>

#include "../core/config.hpp"
#include "array_entry.hpp"
#include "npz_reader.hpp"

namespace xest::io
{
    /// @brief The bytes of an .npz archive holding one `<name>.npy` member per entry: a zip archive
    /// with stored (uncompressed) members, each with its CRC-32, readable by `numpy.load`.
    ///
    /// checkpoint_error names the entry when a name is empty, absolute, has "." / ".." parts or is
    /// repeated, when its data size does not match shape and dtype, or when the archive would need
    /// zip64 (a member or the archive over 4 GiB).
    XESTIMATOR_DECL std::string npz_bytes(std::span<array_entry const> entries);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/npz.ipp"
#endif

#endif
