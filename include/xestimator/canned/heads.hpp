#ifndef XESTIMATOR_CANNED_HEADS_HPP
#define XESTIMATOR_CANNED_HEADS_HPP

/// @file
/// @brief The heads of the canned estimators: from a model's outputs (logits or predictions) and
/// the labels, the loss, the predictions and TensorFlow's default evaluation metrics.
///
/// Every loss is TensorFlow's `SUM_OVER_BATCH_SIZE` reduction: the mean of the per-element loss
/// over the real rows of the batch. `evaluate()` reports it as `loss` (a mean over every example);
/// the metric `average_loss` is the same mean computed from per-example losses, as TensorFlow's
/// heads report both.

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../core/fixed_string.hpp"

#include "../estimator/spec.hpp"
#include "../expr.hpp"
#include "../losses.hpp"
#include "../metrics.hpp"

namespace xest::canned
{
    namespace detail
    {
        template <fixed_string Key>
        inline constexpr bool unknown_prediction_key_v = false;

        // The first `N` values of a row from column `Begin`, as an array.
        template <std::size_t Begin, std::size_t N, class Row>
        std::array<float, N> columns_of(Row const& row)
        {
            std::array<float, N> out{};
            for (std::size_t i = 0; i < N; ++i)
            {
                out[i] = static_cast<float>(row.data()[Begin + i]);
            }
            return out;
        }

        // The index of the first largest of N values from column 0 (tf.argmax).
        template <std::size_t N, class Row>
        std::int64_t first_max(Row const& row)
        {
            std::size_t best = 0;
            for (std::size_t i = 1; i < N; ++i)
            {
                best = row.data()[i] > row.data()[best] ? i : best;
            }
            return static_cast<std::int64_t>(best);
        }

        template <class L>
        inline constexpr bool is_no_labels_v = std::is_same_v<std::remove_cvref_t<L>, xest::no_labels>;

        // Labels of a classifier must be class ids; a float column is refused once, here.
        template <class L>
        consteval bool check_class_id_labels()
        {
            if constexpr (!is_no_labels_v<L>)
            {
                static_assert(std::is_integral_v<value_type_of_t<L>>,
                              "xest::canned: a classifier's labels must be integer class ids: pass an integer "
                              "label array to inputs::from_arrays, or read the CSV with an integer Label type "
                              "(inputs::from_csv<B, N, 1, int>).");
                return std::is_integral_v<value_type_of_t<L>>;
            }
            return true;
        }
    }

    /// @brief Regression: predictions are the model's outputs; mean squared error
    /// (tf.estimator.RegressionHead). Metrics: `average_loss`, `label/mean`, `prediction/mean`.
    /// A predict() row holds the predictions; key `predictions`.
    struct regression_head
    {
        /// @brief The prediction `Key` of a predict() row: "predictions" (the row itself).
        template <fixed_string Key, class Row>
        static auto get(Row const& row)
        {
            if constexpr (Key == fixed_string("predictions"))
            {
                return row;
            }
            else
            {
                static_assert(detail::unknown_prediction_key_v<Key>,
                              "xest::canned: unknown prediction key, a regressor's key is \"predictions\".");
                return row;
            }
        }

        template <class Mode, class Labels, class Outputs>
        static auto spec(Mode mode, Labels const& labels, Outputs const& predictions)
        {
            return xest::spec(mode)
                .loss(losses::mean_squared_error(labels, predictions))
                .predictions(predictions)
                .eval_metric("average_loss", metrics::mean_squared_error(labels, predictions))
                .eval_metric("label/mean", metrics::mean(labels))
                .eval_metric("prediction/mean", metrics::mean(predictions));
        }
    };

    /// @brief Two classes: one logit per example, sigmoid cross-entropy
    /// (tf.estimator.BinaryClassHead). Predictions are the probabilities <B, 2>
    /// (`[1 - logistic, logistic]`). Metrics: `average_loss`, `accuracy`, `precision`, `recall`,
    /// `prediction/mean`, `label/mean`, `accuracy_baseline`, `auc`, `auc_precision_recall`.
    /// A predict() row is `[1 - logistic, logistic, logit]`; keys `probabilities`, `logistic`,
    /// `logits`, `class_ids`.
    struct binary_head
    {
        /// @brief The prediction `Key` of a predict() row: "probabilities" (std::array<float, 2>),
        /// "logistic" and "logits" (float), "class_ids" (std::int64_t: 1 when logistic > 0.5).
        template <fixed_string Key, class Row>
        static auto get(Row const& row)
        {
            if constexpr (Key == fixed_string("probabilities"))
            {
                return detail::columns_of<0, 2>(row);
            }
            else if constexpr (Key == fixed_string("logistic"))
            {
                return static_cast<float>(row.data()[1]);
            }
            else if constexpr (Key == fixed_string("logits"))
            {
                return static_cast<float>(row.data()[2]);
            }
            else if constexpr (Key == fixed_string("class_ids"))
            {
                return detail::first_max<2>(row);
            }
            else
            {
                static_assert(detail::unknown_prediction_key_v<Key>,
                              "xest::canned: unknown prediction key, a binary classifier's keys are \"class_ids\", "
                              "\"probabilities\", \"logistic\" and \"logits\".");
                return 0;
            }
        }

        template <class Mode, class Labels, class Logits>
        static auto spec(Mode mode, Labels const& labels, Logits const& logits)
        {
            if constexpr (!detail::check_class_id_labels<Labels>())
            {
                return xest::spec(mode).loss(xest::detail::ill_formed{});  // reported once, above
            }
            else
            {
                auto const logistic = sigmoid(logits);
                auto const probabilities = concat(1.0f - logistic, logistic);
                // Class ids 0/1 as a float column <B, 1>: the second column of their one-hot rows.
                auto const positive = slice<1, 1>(one_hot<2>(labels));
                return xest::spec(mode)
                    .loss(losses::sigmoid_cross_entropy(positive, logits))
                    .predictions(concat(probabilities, logits))
                    .eval_metric("average_loss", metrics::mean(softplus(logits) - logits * positive))
                    .eval_metric("accuracy", metrics::accuracy(labels, probabilities))
                    .eval_metric("precision", metrics::precision(labels, logistic))
                    .eval_metric("recall", metrics::recall(labels, logistic))
                    .eval_metric("prediction/mean", metrics::mean(logistic))
                    .eval_metric("label/mean", metrics::mean(positive))
                    .eval_metric("accuracy_baseline", metrics::accuracy_baseline(labels))
                    .eval_metric("auc", metrics::auc(labels, logistic))
                    .eval_metric("auc_precision_recall", metrics::auc_precision_recall(labels, logistic));
            }
        }
    };

    /// @brief Classes > 2: one logit per class, softmax cross-entropy over class ids
    /// (tf.estimator.MultiClassHead). Predictions are the probabilities <B, Classes>. Metrics:
    /// `average_loss`, `accuracy`. A predict() row is `[probabilities..., logits...]`; keys
    /// `probabilities`, `logits`, `class_ids`.
    template <std::size_t Classes>
    struct multi_class_head
    {
        /// @brief The prediction `Key` of a predict() row: "probabilities" and "logits"
        /// (std::array<float, Classes>), "class_ids" (std::int64_t, the first most probable class).
        template <fixed_string Key, class Row>
        static auto get(Row const& row)
        {
            if constexpr (Key == fixed_string("probabilities"))
            {
                return detail::columns_of<0, Classes>(row);
            }
            else if constexpr (Key == fixed_string("logits"))
            {
                return detail::columns_of<Classes, Classes>(row);
            }
            else if constexpr (Key == fixed_string("class_ids"))
            {
                return detail::first_max<Classes>(row);
            }
            else
            {
                static_assert(detail::unknown_prediction_key_v<Key>,
                              "xest::canned: unknown prediction key, a multi-class classifier's keys are "
                              "\"class_ids\", \"probabilities\" and \"logits\".");
                return 0;
            }
        }

        template <class Mode, class Labels, class Logits>
        static auto spec(Mode mode, Labels const& labels, Logits const& logits)
        {
            if constexpr (!detail::check_class_id_labels<Labels>())
            {
                return xest::spec(mode).loss(xest::detail::ill_formed{});  // reported once, above
            }
            else
            {
                // Per example: -log softmax(logits)[label].
                auto const example_loss = -sum<1>(one_hot<Classes>(labels) * log_softmax(logits));
                return xest::spec(mode)
                    .loss(losses::sparse_softmax_cross_entropy(labels, logits))
                    .predictions(concat(softmax(logits), logits))
                    .eval_metric("average_loss", metrics::mean(example_loss))
                    .eval_metric("accuracy", metrics::accuracy(labels, logits));
            }
        }
    };

    namespace detail
    {
        template <std::size_t Classes>
        struct classification_head
        {
            static_assert(Classes >= 2, "xest::canned: a classifier needs Classes >= 2 (2 is binary, with a sigmoid "
                                        "head; more use softmax).");
            using type = multi_class_head<Classes>;
        };
        template <>
        struct classification_head<2>
        {
            using type = binary_head;
        };
    }

    /// @brief The head of a classifier of `Classes` classes: binary_head for 2, else multi_class_head.
    template <std::size_t Classes>
    using classification_head_t = typename detail::classification_head<Classes>::type;

    /// @brief How many outputs (logits) a classifier of `Classes` classes has: 1 for a binary one.
    template <std::size_t Classes>
    inline constexpr std::size_t logits_dimension_v = Classes == 2 ? 1 : Classes;
}

#endif
