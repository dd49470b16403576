#ifndef XESTIMATOR_IO_IMPL_NPY_IPP
#define XESTIMATOR_IO_IMPL_NPY_IPP

/// @file
/// @brief The definitions of io/npy.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "../../core/error.hpp"
#include "../detail/bytes.hpp"
#include "../npy.hpp"

namespace xest::io::detail
{
    XESTIMATOR_DECL std::string npy_header(array_entry const& e)
    {
        std::string dict = "{'descr': '" + e.dtype + "', 'fortran_order': False, 'shape': " + shape_text(e.shape)
                           + ", }";
        std::size_t const unpadded = 10 + dict.size() + 1;
        dict.append((64 - unpadded % 64) % 64, ' ');
        dict.push_back('\n');
        if (dict.size() > 0xffff)
        {
            raise<checkpoint_error>("array '" + e.name + "': npy header too long (rank " + std::to_string(e.shape.size())
                                    + ")");
        }
        std::string h("\x93NUMPY\x01\x00", 8);
        append_le(h, static_cast<std::uint16_t>(dict.size()));
        return h + dict;
    }

    XESTIMATOR_DECL std::string parse_npy(std::string_view b, array_entry& e)
    {
        if (b.size() < 10 || b.substr(0, 6) != std::string_view("\x93NUMPY", 6))
        {
            return "not an .npy array (no \\x93NUMPY magic)";
        }
        unsigned const major = static_cast<unsigned char>(b[6]);
        std::size_t header_len = 0;
        std::size_t pos = 0;
        if (major == 1)
        {
            header_len = load_le<std::uint16_t>(b, 8);
            pos = 10;
        }
        else if (major == 2 || major == 3)
        {
            if (b.size() < 12)
            {
                return "truncated .npy header";
            }
            header_len = load_le<std::uint32_t>(b, 8);
            pos = 12;
        }
        else
        {
            return "unsupported .npy format version " + std::to_string(major);
        }
        if (b.size() - pos < header_len)
        {
            return "truncated .npy header";
        }
        std::string_view const dict = b.substr(pos, header_len);
        std::string_view const payload = b.substr(pos + header_len);

        // The header is a Python dict literal; numpy always writes the three keys below.
        auto value_of = [&](std::string_view key) -> std::string_view {
            // char + string: GCC 12 at -O3 reports a false -Wrestrict for "literal" + string.
            std::string const k1 = '\'' + std::string(key) + '\'';
            std::string const k2 = '"' + std::string(key) + '"';
            std::size_t at = dict.find(k1);
            std::size_t klen = k1.size();
            if (at == std::string_view::npos)
            {
                at = dict.find(k2);
            }
            if (at == std::string_view::npos)
            {
                return {};
            }
            std::size_t p = dict.find(':', at + klen);
            if (p == std::string_view::npos)
            {
                return {};
            }
            ++p;
            while (p < dict.size() && dict[p] == ' ')
            {
                ++p;
            }
            return dict.substr(p);
        };

        std::string_view descr = value_of("descr");
        if (descr.empty() || (descr[0] != '\'' && descr[0] != '"'))
        {
            return "npy header has no string 'descr' (structured arrays are not supported)";
        }
        std::size_t const close = descr.find(descr[0], 1);
        if (close == std::string_view::npos)
        {
            return "npy header: unterminated 'descr'";
        }
        std::string dtype(descr.substr(1, close - 1));
        std::size_t const item = npy_item_size(dtype);
        if (item == 0 || std::string_view("<>|=").find(dtype[0]) == std::string_view::npos
            || std::string_view("fiu").find(dtype[1]) == std::string_view::npos)
        {
            return "unsupported dtype '" + dtype + "' (float, signed or unsigned integer expected)";
        }
        bool swap = false;
        if (item == 1)
        {
            dtype[0] = '|';
        }
        else
        {
            swap = dtype[0] == '>';
            dtype[0] = '<'; // "=" is native: little-endian on every platform that writes npz here
        }

        std::string_view const fortran = value_of("fortran_order");
        if (fortran.substr(0, 5) == "False")
        {
        }
        else if (fortran.substr(0, 4) == "True")
        {
            return "Fortran-order array (save it with numpy.ascontiguousarray first)";
        }
        else
        {
            return "npy header has no 'fortran_order'";
        }

        std::string_view shape = value_of("shape");
        if (shape.empty() || shape[0] != '(')
        {
            return "npy header has no 'shape' tuple";
        }
        std::size_t const shape_end = shape.find(')');
        if (shape_end == std::string_view::npos)
        {
            return "npy header: unterminated 'shape'";
        }
        e.shape.clear();
        // 64-bit arithmetic: size_t has 32 bits on ILP32 targets, where 1 << 48 would be UB.
        std::uint64_t const limit = std::min<std::uint64_t>(std::uint64_t{1} << 48, SIZE_MAX);
        std::uint64_t count = 1;
        bool overflow = false;
        for (std::size_t p = 1; p < shape_end;)
        {
            char const c = shape[p];
            if (c == ' ' || c == ',')
            {
                ++p;
                continue;
            }
            if (c < '0' || c > '9')
            {
                return "npy header: bad 'shape' " + std::string(shape.substr(0, shape_end + 1));
            }
            std::uint64_t d = 0;
            while (p < shape_end && shape[p] >= '0' && shape[p] <= '9')
            {
                overflow = overflow || d > limit;
                d = d * 10 + static_cast<std::uint64_t>(shape[p++] - '0');
            }
            if (p < shape_end && shape[p] == 'L')
            {
                ++p; // Python 2 long suffix
            }
            overflow = overflow || d > limit || (d != 0 && count > limit / d);
            count *= overflow ? 1 : d;
            e.shape.push_back(static_cast<std::size_t>(overflow ? 0 : d));
        }
        if (overflow || count > limit / item)
        {
            return "npy header: shape " + std::string(shape.substr(0, shape_end + 1)) + " is too large";
        }
        if (payload.size() != count * item)
        {
            return "array data is " + std::to_string(payload.size()) + " bytes, shape "
                   + shape_text(e.shape) + " of " + dtype + " needs " + std::to_string(count * item);
        }
        e.dtype = std::move(dtype);
        e.data.resize(payload.size());
        copy_elements(e.data.data(), payload.data(), static_cast<std::size_t>(count), item, swap);
        return {};
    }
}

#endif
