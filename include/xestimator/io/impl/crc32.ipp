#ifndef XESTIMATOR_IO_IMPL_CRC32_IPP
#define XESTIMATOR_IO_IMPL_CRC32_IPP

/// @file
/// @brief The definitions of io/crc32.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include "../crc32.hpp"
#include "../detail/crc_tables.hpp"

namespace xest::io
{
    XESTIMATOR_DECL std::uint32_t crc32(void const* data, std::size_t n, std::uint32_t crc) noexcept
    {
        return detail::crc_update<0xEDB88320u>(data, n, crc);
    }
}

#endif
