#ifndef XESTIMATOR_ESTIMATOR_WARM_START_HPP
#define XESTIMATOR_ESTIMATOR_WARM_START_HPP

/// @file
/// @brief Name patterns for warm starting (`dense/*`, `*bias`).

#include <string>
#include <string_view>
#include <vector>

#include "../core/config.hpp"

namespace xest::detail
{
    /// @brief Glob match where '*' stands for any run of characters.
    XESTIMATOR_DECL bool glob_match(std::string_view pattern, std::string_view text) noexcept;

    /// @brief True when @p name matches one of @p patterns, or when there are none.
    XESTIMATOR_DECL bool matches_any(std::vector<std::string> const& patterns, std::string_view name) noexcept;
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/warm_start.ipp"
#endif

#endif
