#ifndef XESTIMATOR_IO_CRC32C_HPP
#define XESTIMATOR_IO_CRC32C_HPP

/// @file
/// @brief CRC-32C (Castagnoli), as used by TFRecord framing in TensorBoard event files.

#include <cstddef>
#include <cstdint>

#include "../core/config.hpp"

namespace xest::io
{
    /// @brief CRC-32C of @p n bytes; pass a previous result as @p crc to continue a running checksum.
    ///
    /// crc32c("123456789", 9) == 0xE3069283.
    XESTIMATOR_DECL std::uint32_t crc32c(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept;

    /// @brief The TFRecord "masked" CRC-32C: rotated right by 15 bits plus a constant, so that a
    /// CRC of data that itself holds CRCs does not degenerate.
    XESTIMATOR_DECL std::uint32_t masked_crc32c(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept;
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/crc32c.ipp"
#endif

#endif
