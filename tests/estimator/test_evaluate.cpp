// evaluate(): the loss is the mean over every example (also with a partial last batch), metrics
// by name, the steps limit, and the global step of the params evaluated.

#include <cmath>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    struct sums
    {
        double squared = 0, absolute = 0;
        int n = 0;
    };

    // Errors of w·x + b against y over examples [0, count), computed directly.
    sums direct(line_data const& d, double w, double b, std::size_t count)
    {
        sums s;
        for (std::size_t i = 0; i < count; ++i)
        {
            double const e = w * d.x(i) + b - d.y(i);
            s.squared += e * e;
            s.absolute += std::abs(e);
            ++s.n;
        }
        return s;
    }
}

TEST_CASE("evaluate: loss and metrics are means over all examples, 10 examples in batches of 4")
{
    line_data d;
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {});
    auto const r = est.evaluate(in);
    auto const s = direct(d, 0.5, -0.25, 10);
    CHECK(r.num_examples == 10);
    CHECK(r.global_step == 0);
    // A mean of the three batch means would be (m1 + m2 + m3) / 3, which differs here.
    CHECK(r.loss == doctest::Approx(s.squared / 10).epsilon(1e-6));
    CHECK(r["loss"] == r.loss);
    CHECK(r["mean_squared_error"] == doctest::Approx(s.squared / 10).epsilon(1e-6));
    CHECK(r["mean_absolute_error"] == doctest::Approx(s.absolute / 10).epsilon(1e-6));
    CHECK(r["global_step"] == 0.0);
    CHECK(r.contains("mean_squared_error"));
    CHECK_FALSE(r.contains("accuracy"));
    REQUIRE(r.metrics.size() == 2);
    CHECK(r.metrics[0].first == "mean_squared_error");
    CHECK(r.metrics[1].first == "mean_absolute_error");

    // Same values with batch 3 and with batch 10.
    auto in3 = xest::inputs::from_arrays<3>(d.x, d.y);
    auto in10 = xest::inputs::from_arrays<10>(d.x, d.y);
    CHECK(est.evaluate(in3).loss == doctest::Approx(s.squared / 10).epsilon(1e-6));
    CHECK(est.evaluate(in10).loss == doctest::Approx(s.squared / 10).epsilon(1e-6));
    // Evaluating twice reads the input from its start both times.
    CHECK(est.evaluate(in).loss == r.loss);
}

TEST_CASE("evaluate: an unknown metric name throws name_error listing the names")
{
    line_data d;
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {});
    auto const r = est.evaluate(in);
    try
    {
        (void)r["accuracy"];
        FAIL("no exception");
    }
    catch (xest::name_error const& e)
    {
        std::string const what = e.what();
        CHECK(est_test::contains(what, "\"accuracy\""));
        CHECK(est_test::contains(what, "loss, global_step, mean_squared_error, mean_absolute_error"));
    }
}

TEST_CASE("evaluate: steps limits the number of batches")
{
    line_data d;
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {});
    auto const s = direct(d, 0.5, -0.25, 8);
    auto const r = est.evaluate(in, xest::steps{2});
    CHECK(r.num_examples == 8);
    CHECK(r.loss == doctest::Approx(s.squared / 8).epsilon(1e-6));
    auto const one = est.evaluate(in, xest::eval_options{.steps = 1});
    CHECK(one.num_examples == 4);
    CHECK(one.loss == doctest::Approx(direct(d, 0.5, -0.25, 4).squared / 4).epsilon(1e-6));
    // More steps than batches: the whole input.
    CHECK(est.evaluate(in, xest::steps{50}).num_examples == 10);
}

TEST_CASE("evaluate: reports the trained params and their global step, and changes nothing")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<2>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    est.train(train_in, xest::steps{7});
    double const w = est.get_variable_value("weights")(0, 0);
    double const b = est.get_variable_value("bias")(0);
    auto const r = est.evaluate(in);
    CHECK(r.global_step == 7);
    CHECK(r.loss == doctest::Approx(direct(d, w, b, 10).squared / 10).epsilon(1e-5));
    CHECK(est.get_variable_value("weights")(0, 0) == w);
    CHECK(est.global_step() == 7);
}
