#ifndef XESTIMATOR_IO_IMPL_ARRAY_ENTRY_IPP
#define XESTIMATOR_IO_IMPL_ARRAY_ENTRY_IPP

/// @file
/// @brief The definitions of io/array_entry.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
#include <bit>
#include <cstring>

#include "../array_entry.hpp"

namespace xest::io
{
    namespace detail
    {
        XESTIMATOR_DECL std::size_t npy_item_size(std::string_view descr) noexcept
        {
            if (descr.size() < 3)
            {
                return 0;
            }
            std::size_t n = 0;
            for (char c : descr.substr(2))
            {
                if (c < '0' || c > '9' || n > 1000)
                {
                    return 0;
                }
                n = n * 10 + static_cast<std::size_t>(c - '0');
            }
            return n;
        }

        XESTIMATOR_DECL void copy_elements(void* dst, void const* src, std::size_t n, std::size_t item, bool swap) noexcept
        {
            if (n == 0)
            {
                return;
            }
            std::memcpy(dst, src, n * item);
            if (swap && item > 1)
            {
                auto* p = static_cast<unsigned char*>(dst);
                for (std::size_t i = 0; i < n; ++i, p += item)
                {
                    std::reverse(p, p + item);
                }
            }
        }

        XESTIMATOR_DECL std::string shape_text(std::vector<std::size_t> const& shape)
        {
            std::string s = "(";
            for (std::size_t i = 0; i < shape.size(); ++i)
            {
                s += (i ? ", " : "") + std::to_string(shape[i]);
            }
            return s + (shape.size() == 1 ? ",)" : ")");
        }
    }

    XESTIMATOR_DECL std::size_t array_entry::size() const noexcept
    {
        std::size_t n = 1;
        for (std::size_t d : shape)
        {
            n *= d;
        }
        return n;
    }
    XESTIMATOR_DECL array_entry array_entry::from_bytes(std::string name, std::vector<std::size_t> shape, std::string_view dtype,
                                                        void const* values, std::size_t n, std::size_t item)
    {
        array_entry e{std::move(name), std::move(shape), std::string(dtype), {}};
        if (e.size() != n)
        {
            raise<checkpoint_error>("array '" + e.name + "': shape " + detail::shape_text(e.shape) + " has "
                                    + std::to_string(e.size()) + " elements but " + std::to_string(n)
                                    + " values were given");
        }
        e.data.resize(n * item);
        detail::copy_elements(e.data.data(), values, n, item, std::endian::native == std::endian::big);
        return e;
    }

    XESTIMATOR_DECL void array_entry::copy_bytes_to(void* out, std::size_t n, std::string_view want, std::size_t item) const
    {
        if (dtype != want)
        {
            raise<checkpoint_error>("array '" + name + "' has dtype " + dtype + ", cannot copy it as " + std::string(want));
        }
        if (size() != n || data.size() != n * item)
        {
            raise<checkpoint_error>("array '" + name + "' has shape " + detail::shape_text(shape) + " ("
                                    + std::to_string(size()) + " elements), the destination holds " + std::to_string(n));
        }
        detail::copy_elements(out, data.data(), n, item, std::endian::native == std::endian::big);
    }
}

#endif
