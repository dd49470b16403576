#ifndef XESTIMATOR_IO_IMPL_ZIP_FORMAT_IPP
#define XESTIMATOR_IO_IMPL_ZIP_FORMAT_IPP

/// @file
/// @brief The definitions of io/zip_format.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>

#include "../zip_format.hpp"

namespace xest::io::detail
{
    XESTIMATOR_DECL bool member_name_ok(std::string_view name) noexcept
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

#endif
