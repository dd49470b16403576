#ifndef XESTIMATOR_IO_IMPL_NPZ_IPP
#define XESTIMATOR_IO_IMPL_NPZ_IPP

/// @file
/// @brief The definitions of io/npz.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "../../core/error.hpp"
#include "../crc32.hpp"
#include "../detail/bytes.hpp"
#include "../npy.hpp"
#include "../npz.hpp"
#include "../zip_format.hpp"

namespace xest::io
{
    XESTIMATOR_DECL std::string npz_bytes(std::span<array_entry const> entries)
    {
        struct member_info
        {
            std::string name;
            std::uint32_t crc;
            std::uint64_t size;
            std::uint64_t offset;
        };
        if (entries.size() > 0xffff)
        {
            raise<checkpoint_error>("cannot write " + std::to_string(entries.size())
                                    + " arrays into one .npz (zip without zip64 holds at most 65535)");
        }
        std::vector<std::string> headers;
        headers.reserve(entries.size());
        std::size_t total = detail::zip_end_size;
        std::unordered_set<std::string_view> seen;
        for (array_entry const& e : entries)
        {
            if (!detail::member_name_ok(e.name))
            {
                raise<checkpoint_error>("array name '" + e.name
                                        + "' cannot be an .npz member: it must be non-empty, relative, without "
                                          "'.', '..' or empty parts, backslashes or NUL");
            }
            if (!seen.insert(e.name).second)
            {
                raise<checkpoint_error>("array name '" + e.name + "' appears twice in one checkpoint");
            }
            std::size_t const item = detail::npy_item_size(e.dtype);
            if (item == 0 || e.data.size() != e.size() * item)
            {
                raise<checkpoint_error>("array '" + e.name + "': " + std::to_string(e.data.size())
                                        + " data bytes do not match dtype '" + e.dtype + "' and shape "
                                        + detail::shape_text(e.shape));
            }
            headers.push_back(detail::npy_header(e));
            std::size_t const name_len = e.name.size() + 4;
            total += detail::zip_local_size + detail::zip_central_size + 2 * name_len + headers.back().size()
                     + e.data.size();
        }
        if (total >= 0xffffffffu)
        {
            raise<checkpoint_error>("checkpoint of " + std::to_string(total)
                                    + " bytes is too large for an .npz without zip64 (4 GiB)");
        }

        std::string out;
        out.reserve(total);
        std::vector<member_info> members;
        members.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i)
        {
            array_entry const& e = entries[i];
            std::string const& h = headers[i];
            member_info m{e.name + ".npy", 0, h.size() + e.data.size(), out.size()};
            m.crc = crc32(e.data.data(), e.data.size(), crc32(h.data(), h.size()));
            bool const utf8 = std::any_of(m.name.begin(), m.name.end(), [](char c) { return (c & 0x80) != 0; });
            detail::append_le(out, detail::zip_local_sig);
            detail::append_le(out, std::uint16_t{20});                  // version needed: 2.0
            detail::append_le(out, std::uint16_t(utf8 ? 0x0800 : 0));   // flags: bit 11 = UTF-8 name
            detail::append_le(out, std::uint16_t{0});                   // method: stored
            detail::append_le(out, detail::zip_dos_time);
            detail::append_le(out, detail::zip_dos_date);
            detail::append_le(out, m.crc);
            detail::append_le(out, static_cast<std::uint32_t>(m.size)); // compressed size
            detail::append_le(out, static_cast<std::uint32_t>(m.size)); // uncompressed size
            detail::append_le(out, static_cast<std::uint16_t>(m.name.size()));
            detail::append_le(out, std::uint16_t{0});                   // extra field length
            out += m.name;
            out += h;
            out.append(reinterpret_cast<char const*>(e.data.data()), e.data.size());
            members.push_back(std::move(m));
        }
        std::size_t const central_begin = out.size();
        for (member_info const& m : members)
        {
            bool const utf8 = std::any_of(m.name.begin(), m.name.end(), [](char c) { return (c & 0x80) != 0; });
            detail::append_le(out, detail::zip_central_sig);
            detail::append_le(out, std::uint16_t{(3 << 8) | 20});       // made by: Unix, zip 2.0
            detail::append_le(out, std::uint16_t{20});
            detail::append_le(out, std::uint16_t(utf8 ? 0x0800 : 0));
            detail::append_le(out, std::uint16_t{0});
            detail::append_le(out, detail::zip_dos_time);
            detail::append_le(out, detail::zip_dos_date);
            detail::append_le(out, m.crc);
            detail::append_le(out, static_cast<std::uint32_t>(m.size));
            detail::append_le(out, static_cast<std::uint32_t>(m.size));
            detail::append_le(out, static_cast<std::uint16_t>(m.name.size()));
            detail::append_le(out, std::uint16_t{0});                   // extra length
            detail::append_le(out, std::uint16_t{0});                   // comment length
            detail::append_le(out, std::uint16_t{0});                   // disk number
            detail::append_le(out, std::uint16_t{0});                   // internal attributes
            detail::append_le(out, std::uint32_t{0100644u << 16});      // external: regular file, rw-r--r--
            detail::append_le(out, static_cast<std::uint32_t>(m.offset));
            out += m.name;
        }
        std::size_t const central_size = out.size() - central_begin;
        detail::append_le(out, detail::zip_end_sig);
        detail::append_le(out, std::uint16_t{0});                       // this disk
        detail::append_le(out, std::uint16_t{0});                       // disk with the central directory
        detail::append_le(out, static_cast<std::uint16_t>(members.size()));
        detail::append_le(out, static_cast<std::uint16_t>(members.size()));
        detail::append_le(out, static_cast<std::uint32_t>(central_size));
        detail::append_le(out, static_cast<std::uint32_t>(central_begin));
        detail::append_le(out, std::uint16_t{0});                       // comment length
        return out;
    }
}

#endif
