#ifndef XESTIMATOR_CORE_FIXED_STRING_HPP
#define XESTIMATOR_CORE_FIXED_STRING_HPP

/// @file
/// @brief `fixed_string`: a string usable as a template argument, so a param's name is part of its type.

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace xest
{
    /// @brief A compile-time string: `param<"dense/kernel", ...>`.
    template <std::size_t N>
    struct fixed_string
    {
        char chars[N]{};

        constexpr fixed_string(char const (&s)[N]) noexcept
        {
            std::copy_n(s, N, chars);
        }

        constexpr std::string_view view() const noexcept
        {
            return {chars, N - 1};
        }
    };

    template <std::size_t A, std::size_t B>
    constexpr bool operator==(fixed_string<A> const& a, fixed_string<B> const& b) noexcept
    {
        return a.view() == b.view();
    }

    /// @brief Concatenates two names with a '/' between them (layer scope / variable).
    template <fixed_string Scope, fixed_string Name>
    consteval auto scoped_name()
    {
        char out[Scope.view().size() + Name.view().size() + 2]{};
        std::size_t i = 0;
        for (char c : Scope.view())
        {
            out[i++] = c;
        }
        out[i++] = '/';
        for (char c : Name.view())
        {
            out[i++] = c;
        }
        return fixed_string<sizeof(out)>(out);
    }
}

#endif
