#ifndef XESTIMATOR_IO_IMPL_ARRAY_ENTRY_IPP
#define XESTIMATOR_IO_IMPL_ARRAY_ENTRY_IPP

/// @file
/// @brief The definitions of io/array_entry.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
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
}

#endif
