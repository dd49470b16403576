#ifndef XESTIMATOR_CANNED_BASELINE_HPP
#define XESTIMATOR_CANNED_BASELINE_HPP

/// @file
/// @brief `canned::baseline_regressor<Columns>` and `canned::baseline_classifier<Columns, Classes>`
/// (tf.estimator.BaselineRegressor / BaselineClassifier): the features are ignored and one bias
/// per output is learnt, so the regressor predicts the labels' mean and the classifier the class
/// priors. A model to beat.

#include <cstddef>

#include "../estimator/model_directory.hpp"
#include "../expr/ops_concat.hpp"
#include "../expr/param.hpp"
#include "../init.hpp"
#include "../optim/ftrl.hpp"
#include "canned_estimator.hpp"
#include "heads.hpp"

namespace xest::canned
{
    /// @brief One bias per output, `baseline/bias` <Units> (zeros), broadcast to every example.
    template <std::size_t Units>
    struct baseline_logits
    {
        param<"baseline/bias", shape<Units>> bias{init::zeros{}};

        // The first feature column times 0 gives the batch its rows (inputs are finite, so it is
        // exactly 0); no gradient reaches the features' side.
        template <class X>
        auto operator()(X const& x) const
        {
            return slice<0, 1>(x) * 0.0f + bias;
        }
    };

    /// @brief TensorFlow's baseline default: FTRL, learning rate 0.3.
    inline optim::ftrl baseline_default_optimizer() { return {.learning_rate = 0.3f}; }

    /// @brief The model of baseline_regressor.
    template <std::size_t LabelDimension = 1>
    struct baseline_regressor_model
    {
        using default_optimizer_type = optim::ftrl;
        using head_type = regression_head;
        static optim::ftrl default_optimizer() { return baseline_default_optimizer(); }

        baseline_logits<LabelDimension> baseline;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, baseline(features));
        }
    };

    /// @brief The model of baseline_classifier.
    template <std::size_t Classes = 2>
    struct baseline_classifier_model
    {
        using default_optimizer_type = optim::ftrl;
        using head_type = classification_head_t<Classes>;
        static optim::ftrl default_optimizer() { return baseline_default_optimizer(); }

        baseline_logits<logits_dimension_v<Classes>> baseline;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, baseline(features));
        }
    };

    /// @brief tf.estimator.BaselineRegressor: predicts the mean label whatever the features.
    template <std::size_t LabelDimension = 1, class Optimizer = optim::ftrl, class... Hooks>
    class baseline_regressor
        : public basic_canned_estimator<baseline_regressor_model<LabelDimension>, Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<baseline_regressor_model<LabelDimension>, Optimizer, model_directory,
                                     Hooks...>::basic_canned_estimator;
    };

    /// @brief tf.estimator.BaselineClassifier: predicts the class priors whatever the features.
    template <std::size_t Classes = 2, class Optimizer = optim::ftrl, class... Hooks>
    class baseline_classifier
        : public basic_canned_estimator<baseline_classifier_model<Classes>, Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<baseline_classifier_model<Classes>, Optimizer, model_directory,
                                     Hooks...>::basic_canned_estimator;
    };
}

#endif
