#ifndef XESTIMATOR_METRICS_MEAN_HPP
#define XESTIMATOR_METRICS_MEAN_HPP

/// @file
/// @brief Averaging metrics: mean, mean squared / root mean squared / mean absolute error.

#include <cmath>
#include <cstddef>
#include <utility>

#include "metric.hpp"

namespace xest::metrics
{
    namespace detail
    {
        // Labels and predictions are compared element by element inside each row.
        template <class L, class P>
        consteval bool check_same_row_size()
        {
            constexpr bool ok = check_batch_value<L>() && check_batch_value<P>();
            if constexpr (ok && batch_traits_t<L>::is_fixed && batch_traits_t<P>::is_fixed)
            {
                static_assert((batch_traits_t<L>::rank == 0) == (batch_traits_t<P>::rank == 0),
                              "labels and predictions must both be batches, or both be scalars.");
                static_assert(batch_traits_t<L>::per_row == batch_traits_t<P>::per_row,
                              "labels and predictions must hold the same number of values per example "
                              "(e.g. labels <B, 1> with predictions <B, 1>, or <B> with <B>).");
            }
            return ok;
        }

        /// Sum and count, in double; the result is sum / count, or 0 with no values.
        class sum_count
        {
        public:
            void reset() noexcept
            {
                m_sum = 0.0;
                m_count = 0.0;
            }
            double average() const noexcept { return divide_no_nan(m_sum, m_count); }

            /// @brief f(double&) on the sum and the count (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_sum);
                f(m_count);
            }

        protected:
            template <class F, class L, class P>
            void accumulate(std::size_t rows, L const& labels, P const& predictions, F f)
            {
                check_rows<L, P>(rows);
                std::size_t const n = valid_count<L>(rows);
                for (std::size_t k = 0; k < n; ++k)
                {
                    m_sum += f(at(labels, k), at(predictions, k));
                }
                m_count += static_cast<double>(n);
            }

            double m_sum = 0.0;
            double m_count = 0.0;
        };
    }

    namespace accumulators
    {
        /// @brief The mean of every value in the valid rows (tf.compat.v1.metrics.mean).
        class mean : public detail::sum_count
        {
        public:
            template <class V>
            void update(std::size_t rows, V const& values)
            {
                if constexpr (detail::check_batch_value<V>())
                {
                    detail::check_rows<V>(rows);
                    std::size_t const n = detail::valid_count<V>(rows);
                    for (std::size_t k = 0; k < n; ++k)
                    {
                        m_sum += detail::at(values, k);
                    }
                    m_count += static_cast<double>(n);
                }
            }
            double result() const noexcept { return this->average(); }
        };

        /// @brief mean((labels - predictions)^2).
        class mean_squared_error : public detail::sum_count
        {
        public:
            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_same_row_size<L, P>())
                {
                    accumulate(rows, labels, predictions, [](double y, double p) { return (y - p) * (y - p); });
                }
            }
            double result() const noexcept { return this->average(); }
        };

        /// @brief sqrt(mean((labels - predictions)^2)) over the whole stream (not a mean of per-batch roots).
        class root_mean_squared_error : public mean_squared_error
        {
        public:
            double result() const noexcept { return std::sqrt(this->average()); }
        };

        /// @brief mean(|labels - predictions|).
        class mean_absolute_error : public detail::sum_count
        {
        public:
            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_same_row_size<L, P>())
                {
                    accumulate(rows, labels, predictions, [](double y, double p) { return std::abs(y - p); });
                }
            }
            double result() const noexcept { return this->average(); }
        };
    }

    /// @brief The mean of `values` over every element of every valid row.
    template <class V>
    auto mean(V values) -> metric<accumulators::mean, V>
    {
        return {{std::move(values)}, {}};
    }

    /// @brief Mean squared error between `labels` and `predictions` (same values per example).
    template <class L, class P>
    auto mean_squared_error(L labels, P predictions) -> metric<accumulators::mean_squared_error, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }

    /// @brief Root of the mean squared error over the whole evaluation.
    template <class L, class P>
    auto root_mean_squared_error(L labels, P predictions) -> metric<accumulators::root_mean_squared_error, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }

    /// @brief Mean absolute error between `labels` and `predictions`.
    template <class L, class P>
    auto mean_absolute_error(L labels, P predictions) -> metric<accumulators::mean_absolute_error, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
