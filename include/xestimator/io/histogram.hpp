#ifndef XESTIMATOR_IO_HISTOGRAM_HPP
#define XESTIMATOR_IO_HISTOGRAM_HPP

/// @file
/// @brief The distribution of a tensor's values as TensorBoard's `HistogramProto` (min, max,
/// num, sum, sum_squares, bucket_limit, bucket), with TensorFlow's default buckets, so the
/// Histograms and Distributions dashboards show what `.histogram(tag, x)` summarises.
///
/// Buckets: limits growing by 10 % from 1e-12 to 1e20, mirrored for negative values, with 0 and
/// ±DBL_MAX at the ends (tensorflow/core/lib/histogram). A value v counts in the first bucket
/// whose limit is greater than v. As TensorFlow encodes it, a run of empty buckets is written
/// as one empty bucket whose limit is the run's last.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../core/config.hpp"

namespace xest::io
{
    namespace detail
    {
        XESTIMATOR_DECL std::vector<double> make_default_bucket_limits();

        /// @brief TensorFlow's default bucket limits, computed once.
        XESTIMATOR_DECL std::vector<double> const& default_bucket_limits();
    }

    /// @brief A histogram of values, ready to encode.
    struct histogram
    {
        double min = 0.0;
        double max = 0.0;
        double num = 0.0;
        double sum = 0.0;
        double sum_squares = 0.0;
        std::vector<double> bucket_limit;  ///< after collapsing runs of empty buckets
        std::vector<double> bucket;        ///< counts, one per bucket_limit

        /// @brief The histogram of value(0) ... value(n - 1).
        template <class ValueAt>
        static histogram of(std::size_t n, ValueAt value_at)
        {
            auto const& limits = detail::default_bucket_limits();
            std::vector<double> counts(limits.size(), 0.0);
            histogram h;
            h.min = std::numeric_limits<double>::max();
            h.max = -std::numeric_limits<double>::max();
            for (std::size_t i = 0; i < n; ++i)
            {
                double const v = value_at(i);
                auto const b = static_cast<std::size_t>(std::upper_bound(limits.begin(), limits.end(), v) - limits.begin());
                counts[std::min(b, limits.size() - 1)] += 1.0;
                h.min = std::min(h.min, v);
                h.max = std::max(h.max, v);
                h.num += 1.0;
                h.sum += v;
                h.sum_squares += v * v;
            }
            for (std::size_t i = 0; i < limits.size();)
            {
                double end = limits[i];
                double count = counts[i];
                ++i;
                if (count <= 0.0)
                {
                    while (i < limits.size() && counts[i] <= 0.0)
                    {
                        end = limits[i];
                        count = counts[i];
                        ++i;
                    }
                }
                h.bucket_limit.push_back(end);
                h.bucket.push_back(count);
            }
            return h;
        }
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/histogram.ipp"
#endif

#endif
