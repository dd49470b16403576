#ifndef XESTIMATOR_METRICS_R_SQUARED_HPP
#define XESTIMATOR_METRICS_R_SQUARED_HPP

/// @file
/// @brief The coefficient of determination R^2 (tf.keras.metrics.R2Score, sklearn's r2_score).

#include <cstddef>
#include <utility>

#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace accumulators
    {
        /// @brief R^2 = 1 - SS_res / SS_tot over every value of the stream, with
        /// SS_res = sum (y - p)^2 and SS_tot = sum (y - mean(y))^2 (all label values pooled, as
        /// R2Score's default "uniform" average is for one output).
        /// SS_tot is kept as sum y^2 - (sum y)^2 / n in double; with no values, or labels that
        /// are all equal, the result is 0 (divide_no_nan, as the other empty metrics).
        class r_squared
        {
        public:
            void reset() noexcept
            {
                m_count = 0.0;
                m_sum = 0.0;
                m_sum_squares = 0.0;
                m_residual = 0.0;
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
                        double const y = detail::at(labels, k);
                        double const e = y - detail::at(predictions, k);
                        m_sum += y;
                        m_sum_squares += y * y;
                        m_residual += e * e;
                    }
                    m_count += static_cast<double>(n);
                }
            }

            double result() const noexcept
            {
                double const total = m_count == 0.0 ? 0.0 : m_sum_squares - m_sum * m_sum / m_count;
                return total <= 0.0 ? 0.0 : 1.0 - m_residual / total;
            }

            /// @brief f(double&) on each sum (metric.hpp): reducible over ranks, since SS_tot is
            /// derived from sums at the end.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_count);
                f(m_sum);
                f(m_sum_squares);
                f(m_residual);
            }

        private:
            double m_count = 0.0;
            double m_sum = 0.0;
            double m_sum_squares = 0.0;
            double m_residual = 0.0;
        };
    }

    /// @brief R^2 of `predictions` against `labels` (same values per example): 1 is a perfect
    /// fit, 0 is no better than predicting the labels' mean, negative is worse.
    template <class L, class P>
    auto r_squared(L labels, P predictions) -> metric<accumulators::r_squared, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
