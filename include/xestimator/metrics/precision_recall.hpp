#ifndef XESTIMATOR_METRICS_PRECISION_RECALL_HPP
#define XESTIMATOR_METRICS_PRECISION_RECALL_HPP

/// @file
/// @brief Binary precision and recall at a decision threshold.

#include <cstddef>
#include <utility>

#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace detail
    {
        /// True/false positive and false negative counts at one threshold. A label counts as
        /// positive when it is non-zero (TensorFlow casts labels to bool); a prediction when it is
        /// strictly greater than the threshold.
        class binary_counts
        {
        public:
            explicit binary_counts(double threshold = 0.5) noexcept
                : m_threshold(threshold)
            {
            }

            void reset() noexcept
            {
                m_tp = 0.0;
                m_fp = 0.0;
                m_fn = 0.0;
            }

            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (check_same_row_size<L, P>())
                {
                    check_rows<L, P>(rows);
                    std::size_t const n = valid_count<L>(rows);
                    for (std::size_t k = 0; k < n; ++k)
                    {
                        bool const y = at(labels, k) != 0.0;
                        bool const p = at(predictions, k) > m_threshold;
                        m_tp += (y && p) ? 1.0 : 0.0;
                        m_fp += (!y && p) ? 1.0 : 0.0;
                        m_fn += (y && !p) ? 1.0 : 0.0;
                    }
                }
            }

            double threshold() const noexcept { return m_threshold; }

            /// @brief f(double&) on each count (metric.hpp; the threshold is a setting, not
            /// visited): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_tp);
                f(m_fp);
                f(m_fn);
            }

        protected:
            double m_threshold;
            double m_tp = 0.0;
            double m_fp = 0.0;
            double m_fn = 0.0;
        };
    }

    namespace accumulators
    {
        /// @brief tp / (tp + fp) at a threshold (tf.compat.v1.metrics.precision with predictions
        /// thresholded); 0 when nothing was predicted positive.
        class precision : public detail::binary_counts
        {
        public:
            using binary_counts::binary_counts;
            double result() const noexcept { return detail::divide_no_nan(m_tp, m_tp + m_fp); }
        };

        /// @brief tp / (tp + fn) at a threshold; 0 when no label was positive.
        class recall : public detail::binary_counts
        {
        public:
            using binary_counts::binary_counts;
            double result() const noexcept { return detail::divide_no_nan(m_tp, m_tp + m_fn); }
        };
    }

    /// @brief Precision of binary `labels` (non-zero = positive) against `predictions > threshold`.
    template <class L, class P>
    auto precision(L labels, P predictions, double threshold = 0.5) -> metric<accumulators::precision, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, accumulators::precision(threshold)};
    }

    /// @brief Recall of binary `labels` (non-zero = positive) against `predictions > threshold`.
    template <class L, class P>
    auto recall(L labels, P predictions, double threshold = 0.5) -> metric<accumulators::recall, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, accumulators::recall(threshold)};
    }
}

#endif
