#ifndef XESTIMATOR_ESTIMATOR_IMPL_RESULTS_IPP
#define XESTIMATOR_ESTIMATOR_IMPL_RESULTS_IPP

/// @file
/// @brief The definitions of estimator/results.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include "../results.hpp"

namespace xest
{
    XESTIMATOR_DECL double eval_result::operator[](std::string_view name) const
    {
        for (auto const& [n, v] : metrics)
        {
            if (n == name)
            {
                return v;
            }
        }
        if (name == "loss")
        {
            return loss;
        }
        if (name == "global_step")
        {
            return static_cast<double>(global_step);
        }
        std::string known = "loss, global_step";
        for (auto const& m : metrics)
        {
            known += ", " + m.first;
        }
        raise<name_error>("evaluate() has no metric named \"" + std::string(name) + "\"; it has: " + known);
    }

    XESTIMATOR_DECL bool eval_result::contains(std::string_view name) const noexcept
    {
        for (auto const& m : metrics)
        {
            if (m.first == name)
            {
                return true;
            }
        }
        return name == "loss" || name == "global_step";
    }
}

#endif
