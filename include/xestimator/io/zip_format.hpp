#ifndef XESTIMATOR_IO_ZIP_FORMAT_HPP
#define XESTIMATOR_IO_ZIP_FORMAT_HPP

/// @file
/// @brief The parts of the zip format the .npz writer (npz.hpp) and reader (npz_reader.hpp)
/// share: record signatures and sizes, the fixed time stamp, and which member names are safe.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../core/config.hpp"

namespace xest::io
{
    namespace detail
    {
        inline constexpr std::uint32_t zip_local_sig = 0x04034b50;
        inline constexpr std::uint32_t zip_central_sig = 0x02014b50;
        inline constexpr std::uint32_t zip_end_sig = 0x06054b50;
        inline constexpr std::uint32_t zip64_end_sig = 0x06064b50;
        inline constexpr std::uint32_t zip64_locator_sig = 0x07064b50;
        inline constexpr std::size_t zip_local_size = 30;
        inline constexpr std::size_t zip_central_size = 46;
        inline constexpr std::size_t zip_end_size = 22;
        // 1980-01-01 00:00 in MS-DOS format: a fixed stamp makes equal checkpoints byte-identical.
        inline constexpr std::uint16_t zip_dos_date = (0 << 9) | (1 << 5) | 1;
        inline constexpr std::uint16_t zip_dos_time = 0;

        /// @brief True for a member name that is safe to write and to extract: non-empty, relative,
        /// without "." / ".." or empty parts, backslashes or NUL.
        XESTIMATOR_DECL bool member_name_ok(std::string_view name) noexcept;
    }
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/zip_format.ipp"
#endif

#endif
