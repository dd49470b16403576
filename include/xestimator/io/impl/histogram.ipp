#ifndef XESTIMATOR_IO_IMPL_HISTOGRAM_IPP
#define XESTIMATOR_IO_IMPL_HISTOGRAM_IPP

/// @file
/// @brief The definitions of io/histogram.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cfloat>

#include "../histogram.hpp"

namespace xest::io
{
    namespace detail
    {
        XESTIMATOR_DECL std::vector<double> make_default_bucket_limits()
        {
            std::vector<double> positive;
            for (double v = 1.0e-12; v < 1.0e20; v *= 1.1)
            {
                positive.push_back(v);
            }
            positive.push_back(DBL_MAX);
            std::vector<double> limits;
            limits.reserve(2 * positive.size() + 1);
            for (auto it = positive.rbegin(); it != positive.rend(); ++it)
            {
                limits.push_back(-*it);
            }
            limits.push_back(0.0);
            limits.insert(limits.end(), positive.begin(), positive.end());
            return limits;
        }

        XESTIMATOR_DECL std::vector<double> const& default_bucket_limits()
        {
            static std::vector<double> const limits = make_default_bucket_limits();
            return limits;
        }
    }
}

#endif
