// predict(): exactly one row per example with the right values; variables by name.

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    /// Two outputs per example: x·[1, -2] + [0.5, 0.25], to check rows wider than one value.
    struct two_outputs
    {
        xest::param<"k", xest::shape<2, 2>> k{xest::init::zeros{}};
        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(features, k);
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    struct mlp
    {
        xest::nn::dense<3, 4, xest::nn::relu, "hidden"> hidden;
        xest::nn::dense<4, 1, xest::nn::linear, "out"> out;
        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = out(hidden(features));
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };
}

TEST_CASE("predict: 10 examples in batches of 4 give exactly 10 rows with the model's values")
{
    line_data d;
    auto in = xest::inputs::from_arrays<4>(d.x);
    estimator_type est(est_test::quiet(), {});
    auto const rows = est.predict(in);
    REQUIRE(rows.size() == 10);
    for (std::size_t i = 0; i < 10; ++i)
    {
        CAPTURE(i);
        CHECK(rows[i].size() == 1);
        CHECK(rows[i](0) == doctest::Approx(0.5 * d.x(i) - 0.25).epsilon(1e-6));
    }

    // The callback form sees the same rows in the same order; predict resets the input.
    std::vector<float> seen;
    est.predict(in, [&](auto const& row) { seen.push_back(row(0)); });
    REQUIRE(seen.size() == 10);
    for (std::size_t i = 0; i < 10; ++i)
    {
        CHECK(seen[i] == rows[i](0));
    }

    // An input with labels predicts too (the labels are not used).
    auto labelled = xest::inputs::from_arrays<3>(d.x, d.y);
    CHECK(est.predict(labelled).size() == 10);
}

TEST_CASE("predict: rows of several values")
{
    xt::xtensor<float, 2> x = {{1, 2}, {3, 4}, {5, 6}};
    xt::xtensor<float, 2> y = {{0, 0}, {0, 0}, {0, 0}};
    xest::estimator<two_outputs, xest::optim::gradient_descent> est(est_test::quiet(), {});
    est.model().k.value = xest::tensor<float, xest::shape<2, 2>>{{1, 0.5f}, {-2, 0.25f}};
    auto in = xest::inputs::from_arrays<2, 2>(x);
    auto const rows = est.predict(in);
    REQUIRE(rows.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
    {
        CHECK(rows[i](0) == doctest::Approx(x(i, 0) * 1 + x(i, 1) * -2));
        CHECK(rows[i](1) == doctest::Approx(x(i, 0) * 0.5 + x(i, 1) * 0.25));
    }
    (void)y;
}

TEST_CASE("get_variable_names and get_variable_value")
{
    estimator_type est(est_test::quiet(), {});
    CHECK(est.get_variable_names() == std::vector<std::string>{"weights", "bias"});
    auto const w = est.get_variable_value("weights");
    REQUIRE(w.dimension() == 2);
    CHECK(w.shape()[0] == 1);
    CHECK(w.shape()[1] == 1);
    CHECK(w(0, 0) == 0.5);
    auto const b = est.get_variable_value("bias");
    REQUIRE(b.dimension() == 1);
    CHECK(b(0) == -0.25);

    // The value follows training.
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y);
    est.train(in, xest::steps{1});
    double const e = 0.5 * d.x(0) - 0.25 - d.y(0);  // x(0) = 0: only the bias moves
    CHECK(est.get_variable_value("weights")(0, 0) == 0.5);
    CHECK(est.get_variable_value("bias")(0) == doctest::Approx(-0.25 - 0.01 * 2 * e).epsilon(1e-6));

    try
    {
        (void)est.get_variable_value("weight");
        FAIL("no exception");
    }
    catch (xest::name_error const& ex)
    {
        std::string const what = ex.what();
        CHECK(est_test::contains(what, "\"weight\""));
        CHECK(est_test::contains(what, "weights, bias"));
    }
}

TEST_CASE("get_variable_names: layers are scoped by their name")
{
    xest::estimator<mlp, xest::optim::adam> est(est_test::quiet(), {});
    CHECK(est.get_variable_names() == std::vector<std::string>{"hidden/kernel", "hidden/bias", "out/kernel", "out/bias"});
    CHECK(est.get_variable_value("hidden/kernel").shape()[1] == 4);
}
