#ifndef XESTIMATOR_ESTIMATOR_IMPL_WARM_START_IPP
#define XESTIMATOR_ESTIMATOR_IMPL_WARM_START_IPP

/// @file
/// @brief The definitions of estimator/warm_start.hpp: included by that header (header-only) or
/// by <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include "../warm_start.hpp"

namespace xest::detail
{
    XESTIMATOR_DECL bool glob_match(std::string_view pattern, std::string_view text) noexcept
    {
        std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
        while (t < text.size())
        {
            if (p < pattern.size() && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.size() && pattern[p] == text[t])
            {
                ++p;
                ++t;
            }
            else if (star != std::string_view::npos)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.size() && pattern[p] == '*')
        {
            ++p;
        }
        return p == pattern.size();
    }

    XESTIMATOR_DECL bool matches_any(std::vector<std::string> const& patterns, std::string_view name) noexcept
    {
        if (patterns.empty())
        {
            return true;
        }
        for (auto const& p : patterns)
        {
            if (glob_match(p, name))
            {
                return true;
            }
        }
        return false;
    }
}

#endif
