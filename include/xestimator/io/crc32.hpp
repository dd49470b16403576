#ifndef XESTIMATOR_IO_CRC32_HPP
#define XESTIMATOR_IO_CRC32_HPP

/// @file
/// @brief CRC-32 (IEEE 802.3, the zip / PNG / zlib checksum), needed for zip members in .npz files.

#include <cstddef>
#include <cstdint>

#include "../core/config.hpp"

namespace xest::io
{
    /// @brief CRC-32 of @p n bytes; pass a previous result as @p crc to continue a running checksum.
    ///
    /// crc32("123456789", 9) == 0xCBF43926.
    XESTIMATOR_DECL std::uint32_t crc32(void const* data, std::size_t n, std::uint32_t crc = 0) noexcept;
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/crc32.ipp"
#endif

#endif
