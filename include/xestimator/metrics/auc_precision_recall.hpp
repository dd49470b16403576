#ifndef XESTIMATOR_METRICS_AUC_PRECISION_RECALL_HPP
#define XESTIMATOR_METRICS_AUC_PRECISION_RECALL_HPP

/// @file
/// @brief Area under the precision-recall curve, as tf.keras.metrics.AUC(curve="PR") computes
/// it: fixed thresholds and the Davis & Goadrich interpolation between them.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>

#include "auc.hpp"
#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace accumulators
    {
        /// @brief PR AUC at the thresholds of `auc<NumThresholds>` (a prediction is positive at t
        /// when `prediction > t`, labels when non-zero).
        ///
        /// Between thresholds i and i + 1, precision is interpolated along the true positives as
        /// Davis & Goadrich (2006) do and keras' `interpolate_pr_auc` computes: with
        /// p = tp + fp, slope = dtp / dp, intercept = tp[i+1] - slope p[i+1], the segment adds
        /// slope (dtp + intercept ln(p[i] / p[i+1])) / (tp[i+1] + fn[i+1]) (each division 0 on
        /// a zero denominator, the ratio 1 when either p is 0).
        template <std::size_t NumThresholds = 200>
        class auc_precision_recall
        {
            static_assert(NumThresholds >= 2,
                          "auc_precision_recall needs NumThresholds >= 2 (TensorFlow's default is 200).");

        public:
            static constexpr std::size_t num_thresholds = NumThresholds;

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
                        // Bucket b = how many thresholds lie strictly below p.
                        auto const b = static_cast<std::size_t>(
                            std::lower_bound(s_thresholds.begin(), s_thresholds.end(), p) - s_thresholds.begin());
                        (detail::at(labels, k) != 0.0 ? m_positives : m_negatives)[b] += 1.0;
                    }
                }
            }

            double result() const noexcept
            {
                using detail::divide_no_nan;
                std::array<double, NumThresholds> tp{};
                std::array<double, NumThresholds> fp{};
                double total_pos = 0.0;
                for (double v : m_positives)
                {
                    total_pos += v;
                }
                double t = 0.0;
                double f = 0.0;
                for (std::size_t i = NumThresholds; i-- > 0;)
                {
                    t += m_positives[i + 1];
                    f += m_negatives[i + 1];
                    tp[i] = t;
                    fp[i] = f;
                }
                double area = 0.0;
                for (std::size_t i = 0; i + 1 < NumThresholds; ++i)
                {
                    double const p0 = tp[i] + fp[i];
                    double const p1 = tp[i + 1] + fp[i + 1];
                    double const dtp = tp[i] - tp[i + 1];
                    double const slope = divide_no_nan(dtp, std::max(p0 - p1, 0.0));
                    double const intercept = tp[i + 1] - slope * p1;
                    double const ratio = (p0 > 0.0 && p1 > 0.0) ? divide_no_nan(p0, p1) : 1.0;
                    double const fn1 = total_pos - tp[i + 1];
                    area += divide_no_nan(slope * (dtp + intercept * std::log(ratio)), std::max(tp[i + 1] + fn1, 0.0));
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
            static constexpr std::array<float, NumThresholds> s_thresholds = auc<NumThresholds>::thresholds();

            std::array<double, NumThresholds + 1> m_positives{};
            std::array<double, NumThresholds + 1> m_negatives{};
        };
    }

    /// @brief PR AUC of binary `labels` (non-zero = positive) against scores `predictions` in [0, 1].
    /// @tparam NumThresholds points on the curve (TensorFlow's default 200)
    template <std::size_t NumThresholds = 200, class L, class P>
    auto auc_precision_recall(L labels, P predictions) -> metric<accumulators::auc_precision_recall<NumThresholds>, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
