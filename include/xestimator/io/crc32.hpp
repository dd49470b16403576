#ifndef XESTIMATOR_IO_CRC32_HPP
#define XESTIMATOR_IO_CRC32_HPP

/// @file
/// @brief CRC-32 (IEEE 802.3, the zip / PNG / zlib checksum), needed for zip members in .npz files.

#include <cstddef>
#include <cstdint>

#include "detail/crc_tables.hpp"

namespace xest::io
{
    /// @brief CRC-32 of @p n bytes; pass a previous result as @p crc to continue a running checksum.
    ///
    /// crc32("123456789", 9) == 0xCBF43926.
    inline std::uint32_t crc32(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept
    {
        return detail::crc_update<0xEDB88320u>(data, n, crc);
    }
}

#endif
