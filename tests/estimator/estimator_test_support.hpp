#ifndef XESTIMATOR_TESTS_ESTIMATOR_SUPPORT_HPP
#define XESTIMATOR_TESTS_ESTIMATOR_SUPPORT_HPP

// Models, hooks and helpers shared by the estimator tests: a one-feature linear model with known
// initial params (so every loss can be recomputed by hand), a hook that records what it is told,
// and a capture of the process's stderr (fd 2) for the estimator's own log lines.

#include "stderr_capture.hpp"
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

#include <xestimator/xestimator.hpp>

namespace est_test
{
    /// y = x·w + b, MSE loss, MSE metric, one summary; w = 0.5 and b = -0.25 at the start.
    struct linear_model
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::constant{0.5}};
        xest::param<"bias", xest::shape<1>> b{xest::init::constant{-0.25}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y_predicted = xest::matmul(features, W) + b;
            auto loss = xest::losses::mean_squared_error(labels, y_predicted);
            return xest::spec(mode)
                .loss(loss)
                .predictions(y_predicted)
                .summary("training_loss", loss)
                .eval_metric("mean_squared_error", xest::metrics::mean_squared_error(labels, y_predicted))
                .eval_metric("mean_absolute_error", xest::metrics::mean_absolute_error(labels, y_predicted));
        }
    };

    /// Ten points of y = 2x + 1 plus a fixed wiggle (so no model fits them exactly).
    struct line_data
    {
        xt::xtensor<float, 1> x = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 2.5f, 3.0f, 3.5f, 4.0f, 4.5f};
        xt::xtensor<float, 1> y = {1.1f, 1.9f, 3.2f, 3.9f, 5.05f, 6.1f, 6.8f, 8.2f, 8.9f, 10.1f};
    };

    /// One record per hook call.
    struct record
    {
        char what;  // 'b' begin, 'u' before_update, 'a' after_step, 'e' end
        std::int64_t step;
        float loss;
    };

    /// A hook that appends every call to an external list (so a copy held by the estimator
    /// reports to the same place).
    struct spy
    {
        std::vector<record>* out = nullptr;
        void begin(xest::run_info const& r) { out->push_back({'b', r.start_step, 0.0f}); }
        bool before_update(xest::step_info const& s)
        {
            out->push_back({'u', s.step, s.loss});
            return false;
        }
        void after_step(xest::step_info const& s) { out->push_back({'a', s.step, s.loss}); }
        void end(xest::step_info const& s) { out->push_back({'e', s.step, s.loss}); }
    };

    inline std::vector<record> only(std::vector<record> const& all, char what)
    {
        std::vector<record> out;
        for (auto const& r : all)
        {
            if (r.what == what)
            {
                out.push_back(r);
            }
        }
        return out;
    }

    using xest_test::stderr_capture;

    inline bool contains(std::string const& text, std::string const& part)
    {
        return text.find(part) != std::string::npos;
    }

    /// Silent, in-memory run configuration.
    inline xest::run_config quiet()
    {
        return xest::run_config{.log_step_count_steps = 0};
    }
}

#endif
