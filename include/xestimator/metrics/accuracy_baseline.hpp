#ifndef XESTIMATOR_METRICS_ACCURACY_BASELINE_HPP
#define XESTIMATOR_METRICS_ACCURACY_BASELINE_HPP

/// @file
/// @brief `accuracy_baseline`: the accuracy of always predicting the more frequent of two
/// classes, as TensorFlow's binary classification head reports it.

#include <algorithm>
#include <cstddef>
#include <utility>

#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace accumulators
    {
        /// @brief max(m, 1 - m) with m the mean of the binary labels (a label counts as positive
        /// when non-zero, as precision and recall count it); 0 with no labels.
        class accuracy_baseline
        {
        public:
            void reset() noexcept
            {
                m_positives = 0.0;
                m_count = 0.0;
            }

            template <class L>
            void update(std::size_t rows, L const& labels)
            {
                if constexpr (detail::check_batch_value<L>())
                {
                    detail::check_rows<L>(rows);
                    std::size_t const n = detail::valid_count<L>(rows);
                    for (std::size_t k = 0; k < n; ++k)
                    {
                        m_positives += detail::at(labels, k) != 0.0 ? 1.0 : 0.0;
                    }
                    m_count += static_cast<double>(n);
                }
            }

            double result() const noexcept
            {
                double const m = detail::divide_no_nan(m_positives, m_count);
                return m_count == 0.0 ? 0.0 : std::max(m, 1.0 - m);
            }

            /// @brief f(double&) on each sum of the state (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_positives);
                f(m_count);
            }

        private:
            double m_positives = 0.0;
            double m_count = 0.0;
        };
    }

    /// @brief The accuracy a constant prediction of the majority class would reach on `labels`.
    template <class L>
    auto accuracy_baseline(L labels) -> metric<accumulators::accuracy_baseline, L>
    {
        return {{std::move(labels)}, {}};
    }
}

#endif
