// A loss that turns NaN: nan_guard stops before the update reaches the params, and names the step.

#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

namespace
{
    /// y = log(x)·w + b: the example with x = -1 makes the loss NaN.
    struct log_model
    {
        xest::param<"w", xest::shape<1, 1>> w{xest::init::constant{0.5}};
        xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(xest::log(features), w) + b;
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    struct data
    {
        xt::xtensor<float, 1> x = {1.0f, 2.0f, -1.0f, 3.0f};
        xt::xtensor<float, 1> y = {1.0f, 2.0f, 3.0f, 4.0f};
    };

    template <class Est>
    std::pair<double, double> params_of(Est const& est)
    {
        return {est.get_variable_value("w")(0, 0), est.get_variable_value("b")(0)};
    }
}

TEST_CASE("nan_guard: the NaN step's update is not applied and the error names the step")
{
    data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y);
    xest::estimator<log_model, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.1f});
    est.train(in, xest::steps{2});
    auto const after_two = params_of(est);
    CHECK(after_two.second != 0.0);  // the first steps did move the params

    bool thrown = false;
    try
    {
        est.train(in, xest::steps{5}, xest::hooks::nan_guard{});
    }
    catch (xest::nan_loss_error const& e)
    {
        thrown = true;
        std::string const what = e.what();
        CHECK(est_test::contains(what, "at step 3"));
        CHECK(est_test::contains(what, "the update of step 3 was not applied"));
    }
    CHECK(thrown);
    CHECK(params_of(est) == after_two);
    CHECK(est.global_step() == 2);
}

TEST_CASE("nan_guard: as an estimator hook, and without it (check_nan off) the NaN reaches the params")
{
    data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y);
    xest::estimator<log_model, xest::optim::gradient_descent, xest::hooks::nan_guard> guarded(est_test::quiet(),
                                                                                           {.learning_rate = 0.1f});
    CHECK_THROWS_AS(guarded.train(in, xest::steps{5}), xest::nan_loss_error);
    CHECK(guarded.global_step() == 2);
    CHECK(std::isfinite(params_of(guarded).first));

    auto in2 = xest::inputs::from_arrays<1>(d.x, d.y);
    xest::estimator<log_model, xest::optim::gradient_descent> unguarded({.log_step_count_steps = 0, .check_nan = false},
                                                                       {.learning_rate = 0.1f});
    auto const r = unguarded.train(in2, xest::steps{5});
    CHECK(r.steps == 4);
    CHECK(std::isnan(params_of(unguarded).first));
}
