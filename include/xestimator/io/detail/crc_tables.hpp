#ifndef XESTIMATOR_IO_DETAIL_CRC_TABLES_HPP
#define XESTIMATOR_IO_DETAIL_CRC_TABLES_HPP

#if !defined(XESTIMATOR_IO_CRC32_HPP) && !defined(XESTIMATOR_IO_CRC32C_HPP)
#error "io/detail/crc_tables.hpp is internal: include <xestimator/io/crc32.hpp> or <xestimator/io/crc32c.hpp>."
#endif

/// @file
/// @brief Slicing-by-8 tables for reflected CRC-32 variants, computed at compile time.

#include <array>
#include <cstddef>
#include <cstdint>

namespace xest::io::detail
{
    /// @brief Eight 256-entry tables for the reflected polynomial @p Poly.
    ///
    /// Table 0 is the classic byte-at-a-time table; table k advances a byte that sits k
    /// positions further back, so eight input bytes are folded per iteration.
    template <std::uint32_t Poly>
    struct crc_tables
    {
        using table_type = std::array<std::array<std::uint32_t, 256>, 8>;

        static constexpr table_type make() noexcept
        {
            table_type t{};
            for (std::uint32_t n = 0; n < 256; ++n)
            {
                std::uint32_t c = n;
                for (int k = 0; k < 8; ++k)
                {
                    c = (c & 1u) ? (c >> 1) ^ Poly : c >> 1;
                }
                t[0][n] = c;
            }
            for (std::size_t n = 0; n < 256; ++n)
            {
                for (std::size_t k = 1; k < 8; ++k)
                {
                    std::uint32_t const prev = t[k - 1][n];
                    t[k][n] = (prev >> 8) ^ t[0][prev & 0xffu];
                }
            }
            return t;
        }

        static constexpr table_type value = make();
    };

    /// @brief Updates a (pre- and post-inverted) reflected CRC with @p n bytes.
    template <std::uint32_t Poly>
    inline std::uint32_t crc_update(void const* data, std::size_t n, std::uint32_t crc) noexcept
    {
        auto const& t = crc_tables<Poly>::value;
        auto const* p = static_cast<unsigned char const*>(data);
        std::uint32_t c = ~crc;
        // Bytes are assembled explicitly, so the result does not depend on host endianness.
        while (n >= 8)
        {
            std::uint32_t const lo = c ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8
                                          | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24);
            c = t[7][lo & 0xffu] ^ t[6][(lo >> 8) & 0xffu] ^ t[5][(lo >> 16) & 0xffu] ^ t[4][lo >> 24]
                ^ t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
            p += 8;
            n -= 8;
        }
        while (n-- > 0)
        {
            c = (c >> 8) ^ t[0][(c ^ *p++) & 0xffu];
        }
        return ~c;
    }
}

#endif
