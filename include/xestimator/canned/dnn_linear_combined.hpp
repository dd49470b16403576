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

#include "../core/meta.hpp"
#include "../estimator/model_directory.hpp"
#include "../estimator/model_params.hpp"
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

    namespace detail
    {
        template <class P>
        inline constexpr bool is_column_range = false;
        template <std::size_t Begin, std::size_t Count>
        inline constexpr bool is_column_range<columns<Begin, Count>> = true;

        /// @brief How many numbers a part of a combined model reads: a column range's count, or
        /// a feature layer's output width (features::input_layer<...>).
        template <class Part>
        consteval std::size_t part_width()
        {
            if constexpr (is_column_range<Part>)
            {
                return Part::count;
            }
            else
            {
                return Part::width;
            }
        }
    }

    /// @brief Wide and deep: linear part `linear/...` over `LinearPart`, DNN part `dnn/...` over
    /// `DnnPart`, logits added. A part is a column range (`columns<Begin, Count>`) or a feature
    /// layer (`features::input_layer<Columns...>`: indicator, embedding, standardized numeric
    /// columns), whose params (embedding tables, statistics) belong to the model.
    template <std::size_t Columns, class Hidden, std::size_t Outputs, class Activation, class LinearPart, class DnnPart>
    struct wide_and_deep_logits
    {
        linear_logits<detail::part_width<LinearPart>(), Outputs, "linear"> linear;
        dnn_logits<detail::part_width<DnnPart>(), Hidden, Outputs, Activation, "dnn"> dnn;
        // Empty for a column range; a feature layer checks its own columns when called.
        LinearPart linear_part{};
        DnnPart dnn_part{};

        using param_types = meta::concat_t<model_params_t<decltype(linear)>, model_params_t<decltype(dnn)>,
                                           model_params_t<LinearPart>, model_params_t<DnnPart>>;

        /// @brief True when both parts read columns inside the input (see columns::check).
        static consteval bool check()
        {
            return check_part<LinearPart>() && check_part<DnnPart>();
        }

        template <class X>
        auto operator()(X const& x) const
        {
            return linear(read(linear_part, x)) + dnn(read(dnn_part, x));
        }

        template <class F>
        void visit_params(F&& f)
        {
            for_each_model_param(linear, f);
            for_each_model_param(dnn, f);
            for_each_model_param(linear_part, f);
            for_each_model_param(dnn_part, f);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            for_each_model_param(linear, f);
            for_each_model_param(dnn, f);
            for_each_model_param(linear_part, f);
            for_each_model_param(dnn_part, f);
        }

    private:
        template <class Part>
        static consteval bool check_part()
        {
            if constexpr (detail::is_column_range<Part>)
            {
                return Part::template check<Columns>();
            }
            else
            {
                return true;
            }
        }

        template <class Part, class X>
        static auto read(Part const& part, X const& x)
        {
            if constexpr (detail::is_column_range<Part>)
            {
                return Part::template of<Columns>(x);
            }
            else
            {
                return part(x);
            }
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
