#ifndef XESTIMATOR_IO_DETAIL_BYTES_HPP
#define XESTIMATOR_IO_DETAIL_BYTES_HPP

/// @file
/// @brief Little-endian integers appended to and read from byte strings: every file format of
/// the model directory (zip, npy, protobuf, TFRecord) stores them so, whatever the host.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace xest::io::detail
{
    template <class U>
    inline void append_le(std::string& out, U v)
    {
        for (std::size_t i = 0; i < sizeof(U); ++i)
        {
            out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
        }
    }

    template <class U>
    inline U load_le(std::string_view s, std::size_t pos) noexcept
    {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(U); ++i)
        {
            v |= std::uint64_t(static_cast<unsigned char>(s[pos + i])) << (8 * i);
        }
        return static_cast<U>(v);
    }
}

#endif
