#ifndef XESTIMATOR_CANNED_LINEAR_HPP
#define XESTIMATOR_CANNED_LINEAR_HPP

/// @file
/// @brief `canned::linear_regressor<Columns>` and `canned::linear_classifier<Columns, Classes>`
/// (tf.estimator.LinearRegressor / LinearClassifier) over `Columns` numeric features.

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "../core/fixed_string.hpp"
#include "../estimator/model_directory.hpp"
#include "../expr/ops_linalg.hpp"
#include "../expr/param.hpp"
#include "../init.hpp"
#include "../optim/ftrl.hpp"
#include "canned_estimator.hpp"
#include "heads.hpp"

namespace xest::canned
{
    /// @brief TensorFlow's linear learning rate: min(0.2, 1 / sqrt(number of feature columns)).
    /// A dense input of `Columns` numbers counts as `Columns` numeric columns.
    inline float linear_learning_rate(std::size_t columns)
    {
        return static_cast<float>(std::min(0.2, 1.0 / std::sqrt(static_cast<double>(columns))));
    }

    /// @brief x · weights + bias, with weights and bias initialised to zeros as TensorFlow's
    /// linear model does. Params `Scope/weights` <Columns, Units> and `Scope/bias` <Units>.
    template <std::size_t Columns, std::size_t Units, fixed_string Scope = "linear">
    struct linear_logits
    {
        static_assert(Columns > 0 && Units > 0, "xest::canned: a linear model needs Columns > 0 and Units > 0.");

        param<scoped_name<Scope, "weights">(), shape<Columns, Units>> weights{init::zeros{}};
        param<scoped_name<Scope, "bias">(), shape<Units>> bias{init::zeros{}};

        template <class X>
        auto operator()(X const& x) const
        {
            return matmul(x, weights) + bias;
        }
    };

    /// @brief The model of linear_regressor: `LabelDimension` outputs, mean squared error.
    template <std::size_t Columns, std::size_t LabelDimension = 1>
    struct linear_regressor_model
    {
        using default_optimizer_type = optim::ftrl;
        using head_type = regression_head;
        static optim::ftrl default_optimizer() { return {.learning_rate = linear_learning_rate(Columns)}; }

        linear_logits<Columns, LabelDimension> linear;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, linear(features));
        }
    };

    /// @brief The model of linear_classifier: a sigmoid head for 2 classes, softmax above.
    template <std::size_t Columns, std::size_t Classes = 2>
    struct linear_classifier_model
    {
        using default_optimizer_type = optim::ftrl;
        using head_type = classification_head_t<Classes>;
        static optim::ftrl default_optimizer() { return {.learning_rate = linear_learning_rate(Columns)}; }

        linear_logits<Columns, logits_dimension_v<Classes>> linear;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, linear(features));
        }
    };

    /// @brief tf.estimator.LinearRegressor over `Columns` numeric features; FTRL at
    /// min(0.2, 1/sqrt(Columns)) unless another optimizer is given.
    template <std::size_t Columns, std::size_t LabelDimension = 1, class Optimizer = optim::ftrl, class... Hooks>
    class linear_regressor
        : public basic_canned_estimator<linear_regressor_model<Columns, LabelDimension>, Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<linear_regressor_model<Columns, LabelDimension>, Optimizer, model_directory,
                                     Hooks...>::basic_canned_estimator;
    };

    /// @brief tf.estimator.LinearClassifier over `Columns` numeric features and `Classes` classes;
    /// FTRL at min(0.2, 1/sqrt(Columns)) unless another optimizer is given.
    template <std::size_t Columns, std::size_t Classes = 2, class Optimizer = optim::ftrl, class... Hooks>
    class linear_classifier
        : public basic_canned_estimator<linear_classifier_model<Columns, Classes>, Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<linear_classifier_model<Columns, Classes>, Optimizer, model_directory,
                                     Hooks...>::basic_canned_estimator;
    };
}

#endif
