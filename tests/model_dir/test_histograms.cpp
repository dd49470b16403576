// Histogram summaries (`.histogram(tag, x)` in the spec, and every param with
// run_config::save_param_histograms), read back by the independent event-file reader
// (tests/support/event_reader.hpp) and checked against the tensors' values: count, min, max,
// sum, sum of squares, and every bucket with TensorFlow's default bucket limits, computed here
// from their definition.
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;

namespace
{
    struct two_layer
    {
        xe::nn::dense<3, 4, xe::nn::relu, "hidden"> hidden{};
        xe::nn::dense<4, 1, xe::nn::linear, "out"> out{};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto h = hidden(features);
            auto y = out(h);
            return xe::spec(mode)
                .loss(xe::losses::mean_squared_error(labels, y))
                .predictions(y)
                .histogram("inputs", features)
                .summary("mean_input", xe::mean(features));
        }
    };

    // TensorFlow's default limits: 1e-12 growing by 10 % below 1e20, then DBL_MAX, mirrored,
    // with 0 between (tensorflow/core/lib/histogram/histogram.cc).
    std::vector<double> tf_limits()
    {
        std::vector<double> pos;
        for (double v = 1.0e-12; v < 1.0e20; v *= 1.1)
        {
            pos.push_back(v);
        }
        pos.push_back(std::numeric_limits<double>::max());
        std::vector<double> all;
        for (auto it = pos.rbegin(); it != pos.rend(); ++it)
        {
            all.push_back(-*it);
        }
        all.push_back(0.0);
        all.insert(all.end(), pos.begin(), pos.end());
        return all;
    }

    // Expected (limit, count) pairs: full-resolution counts, runs of empty buckets collapsed to
    // one empty bucket ending at the run's last limit.
    std::vector<std::pair<double, double>> expected_buckets(std::vector<double> const& values)
    {
        auto const limits = tf_limits();
        std::vector<double> counts(limits.size(), 0.0);
        for (double v : values)
        {
            std::size_t b = 0;
            while (b < limits.size() && !(v < limits[b]))
            {
                ++b;
            }
            counts[std::min(b, limits.size() - 1)] += 1.0;
        }
        std::vector<std::pair<double, double>> out;
        for (std::size_t i = 0; i < limits.size(); ++i)
        {
            if (counts[i] == 0.0 && !out.empty() && out.back().second == 0.0)
            {
                out.back().first = limits[i];
            }
            else
            {
                out.emplace_back(limits[i], counts[i]);
            }
        }
        return out;
    }

    void check_histogram(xest_test::events::histogram const& h, std::vector<double> const& values)
    {
        REQUIRE(!values.empty());
        CHECK(h.num == double(values.size()));
        CHECK(h.min == *std::min_element(values.begin(), values.end()));
        CHECK(h.max == *std::max_element(values.begin(), values.end()));
        double sum = 0.0, squares = 0.0;
        for (double v : values)
        {
            sum += v;
            squares += v * v;
        }
        CHECK(h.sum == doctest::Approx(sum).epsilon(1e-12));
        CHECK(h.sum_squares == doctest::Approx(squares).epsilon(1e-12));
        auto const want = expected_buckets(values);
        REQUIRE(h.bucket_limit.size() == want.size());
        REQUIRE(h.bucket.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
        {
            INFO("bucket " << i);
            CHECK(h.bucket_limit[i] == want[i].first);
            CHECK(h.bucket[i] == want[i].second);
        }
    }
}

TEST_CASE("histograms: the spec's .histogram and every param, at the summary steps, match the tensors")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    xt::xtensor<float, 2> x = {{0.5f, -1.25f, 2.0f}, {3.0f, 0.0f, -0.75f}, {1e-3f, 7.5f, -4.0f}, {0.25f, 0.25f, 1.0f}};
    xt::xtensor<float, 1> y = {1.0f, 2.0f, -1.0f, 0.5f};
    auto in = xe::inputs::from_arrays<4, 3>(x, y, {.num_epochs = xe::inputs::repeat});  // the whole set each step

    std::map<std::int64_t, std::map<std::string, std::vector<double>>> params_at;
    {
        xe::estimator<two_layer, xe::optim::adam> est(
            {.model_dir = dir.string(), .save_summary_steps = 5, .log_step_count_steps = 0, .save_param_histograms = true},
            {.learning_rate = 0.01f});
        est.train(in, xe::steps{10},
                  [&](xe::step_info const& s)
                  {
                      for (auto const& name : est.get_variable_names())
                      {
                          auto const v = est.get_variable_value(name);
                          params_at[s.step][name] = std::vector<double>(v.begin(), v.end());
                      }
                  });
    }
    auto const d = xest_test::events::read_directory(dir);
    REQUIRE(d.ok());

    std::vector<double> inputs;
    for (float v : x)
    {
        inputs.push_back(double(v));
    }
    auto const spec_series = d.histogram_series(".", "inputs");
    REQUIRE(spec_series.size() == 3);  // steps 1, 5, 10
    CHECK(spec_series[0].step == 1);
    CHECK(spec_series[1].step == 5);
    CHECK(spec_series[2].step == 10);
    for (auto const& p : spec_series)
    {
        INFO("inputs at step " << p.step);
        check_histogram(p.value, inputs);
    }
    CHECK(d.steps(".", "mean_input") == std::vector<std::int64_t>{1, 5, 10});

    for (std::string const name : {"hidden/kernel", "hidden/bias", "out/kernel", "out/bias"})
    {
        auto const series = d.histogram_series(".", name);
        REQUIRE(series.size() == 3);
        for (auto const& p : series)
        {
            INFO(name << " at step " << p.step);
            check_histogram(p.value, params_at.at(p.step).at(name));
        }
    }
}

TEST_CASE("histograms: params are not written unless asked for")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    xt::xtensor<float, 2> x = {{0.5f, -1.25f, 2.0f}, {3.0f, 0.0f, -0.75f}};
    xt::xtensor<float, 1> y = {1.0f, 2.0f};
    auto in = xe::inputs::from_arrays<2, 3>(x, y, {.num_epochs = xe::inputs::repeat});
    {
        xe::estimator<two_layer, xe::optim::adam> est({.model_dir = dir.string(), .save_summary_steps = 5, .log_step_count_steps = 0});
        est.train(in, xe::steps{5});
    }
    auto const d = xest_test::events::read_directory(dir);
    REQUIRE(d.ok());
    CHECK(d.histogram_series(".", "inputs").size() == 2);
    CHECK(d.histogram_series(".", "hidden/kernel").empty());
}
