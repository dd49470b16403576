// nan_guard{.rollback = true} through the estimator: a diverging run is rolled back to its last
// snapshot with half the learning rate, and goes on to converge.
#include <cmath>

#include <doctest/doctest.h>
#include <xestimator/xestimator.hpp>

namespace
{
    struct line_model
    {
        xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};
        xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode mode) const
        {
            auto p = xest::matmul(x, w) + b;
            return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
        }
    };
}

TEST_CASE("a run that diverges is rolled back and converges with a smaller learning rate")
{
    xt::xtensor<float, 1> x = {10.0f, 20.0f, 30.0f, 40.0f};
    xt::xtensor<float, 1> y = {21.0f, 41.0f, 61.0f, 81.0f};
    auto in = xest::inputs::from_arrays<4>(x, y, {.num_epochs = xest::repeat});
    // lr 0.01 diverges on features of size 40 (the curvature is 2 * mean(x^2) = 1500);
    // 0.01 / 16 = 6.25e-4 does not.
    xest::estimator<line_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    xest::hooks::nan_guard guard{.rollback = true, .max_rollbacks = 10};
    auto r = est.train(in, xest::steps{3000}, guard);

    CHECK(guard.triggered());
    CHECK(guard.rollbacks >= 2);
    CHECK(std::isfinite(r.loss));
    CHECK(r.loss < 1.0f);
    double const w = est.get_variable_value("w")(0, 0);
    CHECK(w == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("without rollback the same run stops with nan_loss_error naming the step")
{
    xt::xtensor<float, 1> x = {10.0f, 20.0f, 30.0f, 40.0f};
    xt::xtensor<float, 1> y = {21.0f, 41.0f, 61.0f, 81.0f};
    auto in = xest::inputs::from_arrays<4>(x, y, {.num_epochs = xest::repeat});
    xest::estimator<line_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    CHECK_THROWS_WITH_AS(est.train(in, xest::steps{3000}, xest::hooks::nan_guard{}), doctest::Contains("the loss is"),
                         xest::nan_loss_error);
    CHECK(std::isfinite(est.get_variable_value("w")(0, 0)));
}
