#ifndef XESTIMATOR_METRICS_AUC_HPP
#define XESTIMATOR_METRICS_AUC_HPP

/// @file
/// @brief Area under the ROC curve, approximated at fixed thresholds as tf.keras.metrics.AUC does.

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace accumulators
    {
        /// @brief ROC AUC with TensorFlow's thresholds and trapezoidal ("interpolation") summation.
        ///
        /// Thresholds: -1e-7, i / (NumThresholds - 1) for i = 1 .. NumThresholds - 2, 1 + 1e-7,
        /// held in float as TensorFlow does. At each threshold t a prediction is positive when
        /// `prediction > t` (compared in float); labels are positive when non-zero. Then
        /// tpr = tp / (tp + fn), fpr = fp / (fp + tn) (0 on a zero denominator), and
        /// auc = sum_i (fpr[i] - fpr[i+1]) * (tpr[i] + tpr[i+1]) / 2.
        /// Predictions should lie in [0, 1]; one below 0 is negative and one above 1 positive at
        /// every threshold (TensorFlow asserts the range instead).
        /// @tparam NumThresholds points on the curve (200 in TensorFlow)
        template <std::size_t NumThresholds = 200>
        class auc
        {
            static_assert(NumThresholds >= 2, "auc needs NumThresholds >= 2 (TensorFlow's default is 200).");

        public:
            static constexpr std::size_t num_thresholds = NumThresholds;

            /// @brief The thresholds, ascending.
            static constexpr std::array<float, NumThresholds> thresholds() noexcept
            {
                std::array<float, NumThresholds> t{};
                constexpr double epsilon = 1e-7;
                t[0] = static_cast<float>(0.0 - epsilon);
                for (std::size_t i = 1; i + 1 < NumThresholds; ++i)
                {
                    t[i] = static_cast<float>(static_cast<double>(i) / static_cast<double>(NumThresholds - 1));
                }
                t[NumThresholds - 1] = static_cast<float>(1.0 + epsilon);
                return t;
            }

            void reset() noexcept
            {
                m_positives.fill(0.0);
                m_negatives.fill(0.0);
            }

            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_same_row_size<L, P>())
                {
                    detail::check_rows<L, P>(rows);
                    std::size_t const n = detail::valid_count<L>(rows);
                    for (std::size_t k = 0; k < n; ++k)
                    {
                        float const p = static_cast<float>(detail::at(predictions, k));
                        // Bucket b = how many thresholds lie strictly below p: p > t[i] for i < b.
                        auto const b = static_cast<std::size_t>(
                            std::lower_bound(s_thresholds.begin(), s_thresholds.end(), p) - s_thresholds.begin());
                        (detail::at(labels, k) != 0.0 ? m_positives : m_negatives)[b] += 1.0;
                    }
                }
            }

            double result() const noexcept
            {
                // tp[i] = positives in buckets > i; walk the thresholds from the top down.
                std::array<double, NumThresholds> tpr{};
                std::array<double, NumThresholds> fpr{};
                double total_pos = 0.0;
                double total_neg = 0.0;
                for (std::size_t b = 0; b <= NumThresholds; ++b)
                {
                    total_pos += m_positives[b];
                    total_neg += m_negatives[b];
                }
                double tp = 0.0;
                double fp = 0.0;
                for (std::size_t i = NumThresholds; i-- > 0;)
                {
                    tp += m_positives[i + 1];
                    fp += m_negatives[i + 1];
                    tpr[i] = detail::divide_no_nan(tp, total_pos);
                    fpr[i] = detail::divide_no_nan(fp, total_neg);
                }
                double area = 0.0;
                for (std::size_t i = 0; i + 1 < NumThresholds; ++i)
                {
                    area += (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2.0;
                }
                return area;
            }

            /// @brief f(double&) on each bucket count (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                for (double& v : m_positives)
                {
                    f(v);
                }
                for (double& v : m_negatives)
                {
                    f(v);
                }
            }

        private:
            static constexpr std::array<float, NumThresholds> s_thresholds = thresholds();

            // Counts per bucket (NumThresholds + 1 buckets between and around the thresholds).
            std::array<double, NumThresholds + 1> m_positives{};
            std::array<double, NumThresholds + 1> m_negatives{};
        };
    }

    /// @brief ROC AUC of binary `labels` (non-zero = positive) against scores `predictions` in [0, 1].
    /// @tparam NumThresholds points on the curve (TensorFlow's default 200)
    template <std::size_t NumThresholds = 200, class L, class P>
    auto auc(L labels, P predictions) -> metric<accumulators::auc<NumThresholds>, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
