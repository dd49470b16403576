#ifndef XESTIMATOR_IO_IMPL_CRC32C_IPP
#define XESTIMATOR_IO_IMPL_CRC32C_IPP

/// @file
/// @brief The definitions of io/crc32c.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include "../crc32c.hpp"
#include "../detail/crc_tables.hpp"

namespace xest::io
{
    XESTIMATOR_DECL std::uint32_t crc32c(void const* data, std::size_t n, std::uint32_t crc) noexcept
    {
        return detail::crc_update<0x82F63B78u>(data, n, crc);
    }

    XESTIMATOR_DECL std::uint32_t masked_crc32c(void const* data, std::size_t n, std::uint32_t crc) noexcept
    {
        std::uint32_t const c = crc32c(data, n, crc);
        return ((c >> 15) | (c << 17)) + 0xa282ead8u;
    }
}

#endif
