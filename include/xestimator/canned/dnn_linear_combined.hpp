#ifndef XESTIMATOR_CANNED_DNN_LINEAR_COMBINED_HPP
#define XESTIMATOR_CANNED_DNN_LINEAR_COMBINED_HPP

/// @file
/// @brief `canned::dnn_linear_combined_classifier<Columns, hidden<...>, Classes>` and
/// `canned::dnn_linear_combined_regressor` (tf.estimator.DNNLinearCombined*, "wide and deep"):
/// the logits are the sum of a linear model's and a DNN's.
///
/// One optimizer trains both parts, because the estimator applies one optimizer to every param;
/// TensorFlow's pair (FTRL for the linear part, Adagrad for the DNN) is not available. The
/// default is Adagrad at 0.001, TensorFlow's rate for the DNN part.

#include <cstddef>

#include "../estimator/model_directory.hpp"
#include "../expr/ops_concat.hpp"
#include "../nn/activations.hpp"
#include "../optim/adagrad.hpp"
#include "canned_estimator.hpp"
#include "dnn.hpp"
#include "heads.hpp"
#include "linear.hpp"

namespace xest::canned
{
    /// @brief Feature columns [Begin, Begin + Count) of the dense input: which columns a part of
    /// a combined model reads (TensorFlow's `linear_feature_columns` / `dnn_feature_columns`).
    template <std::size_t Begin, std::size_t Count>
    struct columns
    {
        static constexpr std::size_t begin = Begin;
        static constexpr std::size_t count = Count;

        /// @brief True when the columns lie inside an input of `Width` columns; a compile-time
        /// error (reported once, here) when they do not.
        template <std::size_t Width>
        static consteval bool check()
        {
            static_assert(Count > 0 && Begin + Count <= Width,
                          "xest::canned: columns<Begin, Count> must lie inside the input's feature columns.");
            return Count > 0 && Begin + Count <= Width;
        }

        template <std::size_t Width, class X>
        static auto of(X const& x)
        {
            if constexpr (!check<Width>())
            {
                return xest::detail::ill_formed{};  // reported once, in check()
            }
            else if constexpr (Begin == 0 && Count == Width)
            {
                return x;
            }
            else
            {
                return slice<Begin, Count>(x);
            }
        }
    };

    /// @brief Wide and deep: linear part `linear/...` over `LinearColumns`, DNN part `dnn/...`
    /// over `DnnColumns`, logits added.
    template <std::size_t Columns, class Hidden, std::size_t Outputs, class Activation, class LinearColumns,
              class DnnColumns>
    struct wide_and_deep_logits
    {
        linear_logits<LinearColumns::count, Outputs, "linear"> linear;
        dnn_logits<DnnColumns::count, Hidden, Outputs, Activation, "dnn"> dnn;

        /// @brief True when both parts read columns inside the input (see columns::check).
        static consteval bool check()
        {
            return LinearColumns::template check<Columns>() && DnnColumns::template check<Columns>();
        }

        template <class X>
        auto operator()(X const& x) const
        {
            return linear(LinearColumns::template of<Columns>(x)) + dnn(DnnColumns::template of<Columns>(x));
        }
    };

    /// @brief TensorFlow's rate for the DNN part of a combined model: Adagrad 0.001.
    inline optim::adagrad combined_default_optimizer() { return {.learning_rate = 0.001f}; }

    /// @brief The model of dnn_linear_combined_classifier.
    template <std::size_t Columns, class Hidden, std::size_t Classes = 2, class Activation = nn::relu,
              class LinearColumns = columns<0, Columns>, class DnnColumns = columns<0, Columns>>
    struct dnn_linear_combined_classifier_model
    {
        using default_optimizer_type = optim::adagrad;
        using head_type = classification_head_t<Classes>;
        static optim::adagrad default_optimizer() { return combined_default_optimizer(); }

        wide_and_deep_logits<Columns, Hidden, logits_dimension_v<Classes>, Activation, LinearColumns, DnnColumns> logits;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            if constexpr (!decltype(logits)::check())
            {
                return xest::spec(mode).loss(xest::detail::ill_formed{});  // reported once, in columns::check
            }
            else
            {
                return head_type::spec(mode, labels, logits(features));
            }
        }
    };

    /// @brief The model of dnn_linear_combined_regressor.
    template <std::size_t Columns, class Hidden, std::size_t LabelDimension = 1, class Activation = nn::relu,
              class LinearColumns = columns<0, Columns>, class DnnColumns = columns<0, Columns>>
    struct dnn_linear_combined_regressor_model
    {
        using default_optimizer_type = optim::adagrad;
        using head_type = regression_head;
        static optim::adagrad default_optimizer() { return combined_default_optimizer(); }

        wide_and_deep_logits<Columns, Hidden, LabelDimension, Activation, LinearColumns, DnnColumns> outputs;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            if constexpr (!decltype(outputs)::check())
            {
                return xest::spec(mode).loss(xest::detail::ill_formed{});  // reported once, in columns::check
            }
            else
            {
                return head_type::spec(mode, labels, outputs(features));
            }
        }
    };

    /// @brief tf.estimator.DNNLinearCombinedClassifier over `Columns` numeric features.
    template <std::size_t Columns, class Hidden, std::size_t Classes = 2, class Optimizer = optim::adagrad,
              class Activation = nn::relu, class LinearColumns = columns<0, Columns>,
              class DnnColumns = columns<0, Columns>, class... Hooks>
    class dnn_linear_combined_classifier
        : public basic_canned_estimator<
              dnn_linear_combined_classifier_model<Columns, Hidden, Classes, Activation, LinearColumns, DnnColumns>,
              Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<
            dnn_linear_combined_classifier_model<Columns, Hidden, Classes, Activation, LinearColumns, DnnColumns>,
            Optimizer, model_directory, Hooks...>::basic_canned_estimator;
    };

    /// @brief tf.estimator.DNNLinearCombinedRegressor over `Columns` numeric features.
    template <std::size_t Columns, class Hidden, std::size_t LabelDimension = 1, class Optimizer = optim::adagrad,
              class Activation = nn::relu, class LinearColumns = columns<0, Columns>,
              class DnnColumns = columns<0, Columns>, class... Hooks>
    class dnn_linear_combined_regressor
        : public basic_canned_estimator<
              dnn_linear_combined_regressor_model<Columns, Hidden, LabelDimension, Activation, LinearColumns, DnnColumns>,
              Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<
            dnn_linear_combined_regressor_model<Columns, Hidden, LabelDimension, Activation, LinearColumns, DnnColumns>,
            Optimizer, model_directory, Hooks...>::basic_canned_estimator;
    };
}

#endif
