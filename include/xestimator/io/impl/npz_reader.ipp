#ifndef XESTIMATOR_IO_IMPL_NPZ_READER_IPP
#define XESTIMATOR_IO_IMPL_NPZ_READER_IPP

/// @file
/// @brief The definitions of io/npz_reader.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <unordered_set>

// First: detail/posix.hpp is internal and accepts only a translation unit that has an io/ header.
#include "../npz_reader.hpp"

#include "../../core/error.hpp"
#include "../crc32.hpp"
#include "../detail/bytes.hpp"
#include "../detail/posix.hpp"
#include "../npy.hpp"
#include "../zip_format.hpp"

namespace xest::io
{
    namespace detail
    {
        /// @brief Names the member a truncated archive ends in, by walking the local headers.
        XESTIMATOR_DECL std::string diagnose_truncation(std::string_view b)
        {
            std::size_t pos = 0;
            std::string last;
            while (b.size() - pos >= zip_local_size && load_le<std::uint32_t>(b, pos) == zip_local_sig)
            {
                std::size_t const n = load_le<std::uint16_t>(b, pos + 26);
                std::size_t const x = load_le<std::uint16_t>(b, pos + 28);
                std::size_t const size = load_le<std::uint32_t>(b, pos + 18);
                std::size_t const name_end = std::min(b.size(), pos + zip_local_size + n);
                std::string const name(b.substr(pos + zip_local_size, name_end - pos - zip_local_size));
                if (b.size() - pos < zip_local_size + n + x + size)
                {
                    return "; the file ends inside member '" + name + "'";
                }
                last = name;
                pos += zip_local_size + n + x + size;
            }
            if (!last.empty())
            {
                return "; the file ends after member '" + last + "', before the central directory";
            }
            return {};
        }

        XESTIMATOR_DECL std::string parse_npz(std::string_view b, std::vector<array_entry>& out)
        {
            out.clear();
            // End of central directory: 22 bytes plus a comment of at most 65535 bytes at the end.
            std::size_t eocd = std::string_view::npos;
            if (b.size() >= zip_end_size)
            {
                std::size_t const lowest = b.size() - zip_end_size > 0xffff ? b.size() - zip_end_size - 0xffff : 0;
                for (std::size_t p = b.size() - zip_end_size + 1; p-- > lowest;)
                {
                    if (load_le<std::uint32_t>(b, p) == zip_end_sig
                        && p + zip_end_size + load_le<std::uint16_t>(b, p + 20) == b.size())
                    {
                        eocd = p;
                        break;
                    }
                }
            }
            if (eocd == std::string_view::npos)
            {
                return "no zip end-of-central-directory record: the file is truncated or not an .npz"
                       + diagnose_truncation(b);
            }
            if (load_le<std::uint16_t>(b, eocd + 4) != 0 || load_le<std::uint16_t>(b, eocd + 6) != 0
                || load_le<std::uint16_t>(b, eocd + 8) != load_le<std::uint16_t>(b, eocd + 10))
            {
                return "multi-disk zip archives are not supported (or the end record is damaged)";
            }
            std::uint64_t count = load_le<std::uint16_t>(b, eocd + 10);
            std::uint64_t cd_size = load_le<std::uint32_t>(b, eocd + 12);
            std::uint64_t cd_offset = load_le<std::uint32_t>(b, eocd + 16);
            std::uint64_t cd_limit = eocd;
            if (count == 0xffff || cd_size == 0xffffffffu || cd_offset == 0xffffffffu)
            {
                if (eocd < 20 || load_le<std::uint32_t>(b, eocd - 20) != zip64_locator_sig)
                {
                    return "zip64 end-of-central-directory locator missing";
                }
                std::uint64_t const z = load_le<std::uint64_t>(b, eocd - 20 + 8);
                if (z > eocd - 20 || eocd - 20 - z < 56 || load_le<std::uint32_t>(b, z) != zip64_end_sig)
                {
                    return "zip64 end-of-central-directory record missing or damaged";
                }
                count = load_le<std::uint64_t>(b, z + 32);
                cd_size = load_le<std::uint64_t>(b, z + 40);
                cd_offset = load_le<std::uint64_t>(b, z + 48);
                cd_limit = z;
            }
            if (cd_offset > cd_limit || cd_size > cd_limit - cd_offset)
            {
                return "central directory (offset " + std::to_string(cd_offset) + ", " + std::to_string(cd_size)
                       + " bytes) lies outside the file";
            }
            std::unordered_set<std::string> names;
            std::size_t pos = static_cast<std::size_t>(cd_offset);
            std::size_t const cd_end = static_cast<std::size_t>(cd_offset + cd_size);
            for (std::uint64_t i = 0; i < count; ++i)
            {
                std::string const where = "central directory entry " + std::to_string(i);
                if (cd_end - pos < zip_central_size || load_le<std::uint32_t>(b, pos) != zip_central_sig)
                {
                    return where + " is damaged";
                }
                std::uint16_t const flags = load_le<std::uint16_t>(b, pos + 8);
                std::uint16_t const method = load_le<std::uint16_t>(b, pos + 10);
                std::uint32_t const crc = load_le<std::uint32_t>(b, pos + 16);
                std::uint64_t csize = load_le<std::uint32_t>(b, pos + 20);
                std::uint64_t usize = load_le<std::uint32_t>(b, pos + 24);
                std::size_t const n = load_le<std::uint16_t>(b, pos + 28);
                std::size_t const x = load_le<std::uint16_t>(b, pos + 30);
                std::size_t const c = load_le<std::uint16_t>(b, pos + 32);
                std::uint64_t local = load_le<std::uint32_t>(b, pos + 42);
                if (cd_end - pos - zip_central_size < n + x + c)
                {
                    return where + " is damaged (its name runs past the directory)";
                }
                std::string const name(b.substr(pos + zip_central_size, n));
                std::string const member = "member '" + name + "': ";
                // Zip64 extra field: the 64-bit values replace the 32-bit ones that are all ones.
                for (std::size_t e = pos + zip_central_size + n, end = e + x; end - e >= 4;)
                {
                    std::uint16_t const id = load_le<std::uint16_t>(b, e);
                    std::size_t const len = load_le<std::uint16_t>(b, e + 2);
                    if (end - e - 4 < len)
                    {
                        return member + "damaged extra field";
                    }
                    if (id == 1)
                    {
                        std::size_t q = e + 4;
                        for (std::uint64_t* v : {&usize, &csize, &local})
                        {
                            if (*v == 0xffffffffu && e + 4 + len - q >= 8)
                            {
                                *v = load_le<std::uint64_t>(b, q);
                                q += 8;
                            }
                        }
                    }
                    e += 4 + len;
                }
                pos += zip_central_size + n + x + c;

                if (flags & 1)
                {
                    return member + "encrypted members are not supported";
                }
                if (method != 0)
                {
                    return member + "compressed (zip method " + std::to_string(method)
                           + "); only stored members are supported (numpy.savez, not savez_compressed)";
                }
                if (csize != usize)
                {
                    return member + "stored member with compressed size " + std::to_string(csize)
                           + " != size " + std::to_string(usize);
                }
                if (local > cd_offset || cd_offset - local < zip_local_size
                    || load_le<std::uint32_t>(b, static_cast<std::size_t>(local)) != zip_local_sig)
                {
                    return member + "local header at offset " + std::to_string(local) + " is missing or damaged";
                }
                std::size_t const lp = static_cast<std::size_t>(local);
                std::size_t const ln = load_le<std::uint16_t>(b, lp + 26);
                std::size_t const lx = load_le<std::uint16_t>(b, lp + 28);
                std::uint64_t const data_begin = local + zip_local_size + ln + lx;
                if (data_begin > cd_offset || cd_offset - data_begin < usize)
                {
                    return member + "data (" + std::to_string(usize) + " bytes at offset " + std::to_string(data_begin)
                           + ") runs past the start of the central directory";
                }
                if (b.substr(lp + zip_local_size, ln) != name)
                {
                    return member + "local header names '" + std::string(b.substr(lp + zip_local_size, ln)) + "'";
                }
                // Without a data descriptor (flag bit 3) the local header repeats CRC and sizes;
                // zip64 writers put all ones there and the real sizes in the extra field.
                std::uint16_t const local_flags = load_le<std::uint16_t>(b, lp + 6);
                std::uint32_t const local_csize = load_le<std::uint32_t>(b, lp + 18);
                std::uint32_t const local_usize = load_le<std::uint32_t>(b, lp + 22);
                if (load_le<std::uint16_t>(b, lp + 8) != method || (local_flags & 1) != (flags & 1)
                    || (!(local_flags & 8)
                        && (load_le<std::uint32_t>(b, lp + 14) != crc
                            || (local_csize != 0xffffffffu && local_csize != csize)
                            || (local_usize != 0xffffffffu && local_usize != usize))))
                {
                    return member + "local header disagrees with the central directory (method, CRC or sizes)";
                }
                std::string_view const data = b.substr(static_cast<std::size_t>(data_begin), static_cast<std::size_t>(usize));
                std::uint32_t const actual = crc32(data.data(), data.size());
                if (actual != crc)
                {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "stored 0x%08x, computed 0x%08x", unsigned(crc), unsigned(actual));
                    return member + "CRC-32 mismatch (" + buf + "): the data is corrupted";
                }
                if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0)
                {
                    return member + "not an .npy array";
                }
                if (!names.insert(name).second)
                {
                    return member + "appears twice";
                }
                array_entry e;
                e.name = name.substr(0, name.size() - 4);
                if (std::string err = parse_npy(data, e); !err.empty())
                {
                    return member + err;
                }
                out.push_back(std::move(e));
            }
            return {};
        }
    }

    XESTIMATOR_DECL std::vector<array_entry> read_npz(std::filesystem::path const& path)
    {
        std::string bytes;
        if (int const err = detail::read_whole_file(path, bytes); err != 0)
        {
            raise<io_error>("cannot read " + detail::quoted(path) + ": " + detail::errno_text(err));
        }
        std::vector<array_entry> entries;
        if (std::string err = detail::parse_npz(bytes, entries); !err.empty())
        {
            raise<checkpoint_error>(detail::quoted(path) + ": " + err);
        }
        return entries;
    }
}

#endif
