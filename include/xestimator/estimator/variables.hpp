#ifndef XESTIMATOR_ESTIMATOR_VARIABLES_HPP
#define XESTIMATOR_ESTIMATOR_VARIABLES_HPP

/// @file
/// @brief Reading a model's params by name, as TensorFlow's `get_variable_names()` and
/// `get_variable_value(name)`: what the estimator's members of those names return. The params
/// are found by reflection on the model (estimator/model_params.hpp), so no registration list.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../core/error.hpp"
#include "../core/xtensor.hpp"
#include "model_params.hpp"

namespace xest::detail
{
    /// @brief Names of every param of the model, in declaration order.
    template <class Model>
    std::vector<std::string> variable_names(Model const& model)
    {
        std::vector<std::string> names;
        for_each_model_param(model, [&](auto const& p) { names.emplace_back(p.name_view()); });
        return names;
    }

    /// @brief A param's current value by name (a copy, in double); an unknown name raises
    /// name_error listing the names, so a typo shows what the model calls its params.
    template <class Model>
    xt::xarray<double> variable_value(Model const& model, std::string_view name)
    {
        xt::xarray<double> out;
        bool found = false;
        for_each_model_param(model,
                             [&](auto const& p)
                             {
                                 if (p.name_view() == name)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     std::vector<std::size_t> shape(P::shape_type::dims.begin(), P::shape_type::dims.end());
                                     out = xt::xarray<double>::from_shape(shape);
                                     std::copy(p.value.data(), p.value.data() + P::size, out.data());
                                     found = true;
                                 }
                             });
        if (!found)
        {
            std::string known;
            for (auto const& n : variable_names(model))
            {
                known += (known.empty() ? "" : ", ") + n;
            }
            raise<name_error>("no variable named \"" + std::string(name) + "\"; the model has: " + known);
        }
        return out;
    }
}

#endif
