#ifndef XESTIMATOR_IO_CRC32C_HPP
#define XESTIMATOR_IO_CRC32C_HPP

/// @file
/// @brief CRC-32C (Castagnoli), as used by TFRecord framing in TensorBoard event files.

#include <cstddef>
#include <cstdint>

#include "detail/crc_tables.hpp"

namespace xest::io
{
    /// @brief CRC-32C of @p n bytes; pass a previous result as @p crc to continue a running checksum.
    ///
    /// crc32c("123456789", 9) == 0xE3069283.
    inline std::uint32_t crc32c(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept
    {
        return detail::crc_update<0x82F63B78u>(data, n, crc);
    }

    /// @brief The TFRecord "masked" CRC-32C: rotated right by 15 bits plus a constant, so that a
    /// CRC of data that itself holds CRCs does not degenerate.
    inline std::uint32_t masked_crc32c(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept
    {
        std::uint32_t const c = crc32c(data, n, crc);
        return ((c >> 15) | (c << 17)) + 0xa282ead8u;
    }
}

#endif
