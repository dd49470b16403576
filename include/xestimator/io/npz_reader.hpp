#ifndef XESTIMATOR_IO_NPZ_READER_HPP
#define XESTIMATOR_IO_NPZ_READER_HPP

/// @file
/// @brief Reading and verifying numpy .npz archives written by npz.hpp (or by numpy.savez):
/// every member's CRC-32, sizes and npy header; a fault names the file and the member.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "../core/config.hpp"
#include "array_entry.hpp"

namespace xest::io
{
    namespace detail
    {
        /// @brief Parses an .npz image; returns "" and fills @p out, or returns the fault (naming
        /// the member where there is one).
        XESTIMATOR_DECL std::string parse_npz(std::string_view b, std::vector<array_entry>& out);
    }

    /// @brief Reads and verifies an .npz file: every member's CRC-32 and sizes, and its npy header.
    ///
    /// Any corruption or truncation raises checkpoint_error naming the file and the member;
    /// a file that cannot be read raises io_error.
    XESTIMATOR_DECL std::vector<array_entry> read_npz(std::filesystem::path const& path);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/npz_reader.ipp"
#endif

#endif
