#ifndef XESTIMATOR_IO_ZIP_FORMAT_HPP
#define XESTIMATOR_IO_ZIP_FORMAT_HPP

/// @file
/// @brief The parts of the zip format the .npz writer (npz.hpp) and reader (npz_reader.hpp)
/// share: record signatures and sizes, the fixed time stamp, and which member names are safe.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

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

        inline bool member_name_ok(std::string_view name) noexcept
        {
            if (name.empty() || name.front() == '/' || name.back() == '/')
            {
                return false;
            }
            std::size_t pos = 0;
            while (pos <= name.size())
            {
                std::size_t const slash = std::min(name.find('/', pos), name.size());
                std::string_view const part = name.substr(pos, slash - pos);
                if (part.empty() || part == "." || part == "..")
                {
                    return false;
                }
                pos = slash + 1;
            }
            return name.find('\0') == std::string_view::npos && name.find('\\') == std::string_view::npos;
        }
    }
}

#endif
