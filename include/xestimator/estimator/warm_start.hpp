#ifndef XESTIMATOR_ESTIMATOR_WARM_START_HPP
#define XESTIMATOR_ESTIMATOR_WARM_START_HPP

/// @file
/// @brief Name patterns for warm starting (`dense/*`, `*bias`).

#include <string>
#include <string_view>
#include <vector>

namespace xest::detail
{
    /// @brief Glob match where '*' stands for any run of characters.
    inline bool glob_match(std::string_view pattern, std::string_view text) noexcept
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

    inline bool matches_any(std::vector<std::string> const& patterns, std::string_view name) noexcept
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
