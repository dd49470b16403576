#ifndef XESTIMATOR_CANNED_CANNED_ESTIMATOR_HPP
#define XESTIMATOR_CANNED_CANNED_ESTIMATOR_HPP

/// @file
/// @brief `canned::basic_canned_estimator`: an estimator whose optimizer defaults to the canned
/// model's TensorFlow default (FTRL at min(0.2, 1/sqrt(n)) for a linear model, Adagrad 0.05 for
/// a DNN). Everything else is `xest::basic_estimator`.

#include <type_traits>
#include <utility>

#include "../estimator/basic_estimator.hpp"
#include "../core/fixed_string.hpp"

namespace xest::canned
{
    /// @brief The optimizer a canned estimator starts with: the model's default when `Optimizer`
    /// is the model's default optimizer type, else `Optimizer{}` (its own defaults).
    template <class Model, class Optimizer>
    Optimizer default_optimizer()
    {
        if constexpr (std::is_same_v<Optimizer, typename Model::default_optimizer_type>)
        {
            return Model::default_optimizer();
        }
        else
        {
            return Optimizer{};
        }
    }

    /// @brief `basic_estimator` with the canned model's default optimizer settings.
    /// @tparam Model a canned model (declares `default_optimizer_type` and `default_optimizer()`)
    template <class Model, class Optimizer, class Storage, class... Hooks>
    class basic_canned_estimator : public basic_estimator<Model, Optimizer, Storage, Hooks...>
    {
        using base_type = basic_estimator<Model, Optimizer, Storage, Hooks...>;

    public:
        /// @brief The model's default optimizer (see default_optimizer) and default hooks.
        explicit basic_canned_estimator(typename base_type::config_type config = {})
            requires(std::is_default_constructible_v<Hooks> && ...)
            : base_type(std::move(config), default_optimizer<Model, Optimizer>(), Hooks{}...)
        {
        }

        /// @brief An optimizer with settings of your own (and hooks, when the estimator has some).
        basic_canned_estimator(typename base_type::config_type config, Optimizer optimizer, Hooks... hooks)
            : base_type(std::move(config), std::move(optimizer), std::move(hooks)...)
        {
        }

        /// @brief The prediction `Key` of a predict() row, by TensorFlow's name ("class_ids",
        /// "probabilities", "logits", "logistic", "predictions"); a key the head does not have
        /// is a compile-time error listing the keys it has.
        template <fixed_string Key, class Row>
        static auto prediction(Row const& row)
        {
            return Model::head_type::template get<Key>(row);
        }
    };
}

#endif
