#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include <xestimator/metrics/mean.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 8;
    constexpr std::size_t N = 29; // three full batches and one of 5

    struct regression_data
    {
        std::vector<float> labels;      // N x 2
        std::vector<float> predictions; // N x 2
    };

    regression_data make_data()
    {
        test::lcg g{7};
        regression_data d;
        for (std::size_t i = 0; i < N * 2; ++i)
        {
            d.labels.push_back(static_cast<float>(g.uniform() * 10.0 - 5.0));
            d.predictions.push_back(static_cast<float>(g.uniform() * 10.0 - 5.0));
        }
        return d;
    }

    // Feeds the whole stream to `acc` batch by batch, with padding garbage of 1e6.
    template <class Acc>
    void feed(Acc& acc, regression_data const& d)
    {
        xest::tensor<float, xest::shape<B, 2>> y;
        xest::tensor<float, xest::shape<B, 2>> p;
        std::size_t first = 0;
        for (std::size_t rows : test::batch_rows(N, B))
        {
            test::fill(y, d.labels, first, rows, 1e6f);
            test::fill(p, d.predictions, first, rows, -1e6f);
            acc.update(rows, y, p);
            first += rows;
        }
    }
}

TEST_CASE("mean squared, root mean squared and mean absolute error over padded batches")
{
    auto const d = make_data();
    double se = 0.0;
    double ae = 0.0;
    for (std::size_t i = 0; i < N * 2; ++i)
    {
        double const e = static_cast<double>(d.labels[i]) - static_cast<double>(d.predictions[i]);
        se += e * e;
        ae += std::abs(e);
    }
    double const mse = se / (N * 2);

    xm::accumulators::mean_squared_error a;
    feed(a, d);
    CHECK(a.result() == doctest::Approx(mse).epsilon(1e-12));

    xm::accumulators::root_mean_squared_error r;
    feed(r, d);
    CHECK(r.result() == doctest::Approx(std::sqrt(mse)).epsilon(1e-12));

    xm::accumulators::mean_absolute_error m;
    feed(m, d);
    CHECK(m.result() == doctest::Approx(ae / (N * 2)).epsilon(1e-12));

    m.reset();
    CHECK(m.result() == 0.0);
}

TEST_CASE("mean of a value per example, and of a per-batch scalar")
{
    auto const d = make_data();
    xm::accumulators::mean acc;
    xest::tensor<float, xest::shape<B, 2>> v;
    std::size_t first = 0;
    for (std::size_t rows : test::batch_rows(N, B))
    {
        test::fill(v, d.labels, first, rows, 1e9f);
        acc.update(rows, v);
        first += rows;
    }
    double sum = 0.0;
    for (float x : d.labels)
    {
        sum += x;
    }
    CHECK(acc.result() == doctest::Approx(sum / (N * 2)).epsilon(1e-12));

    // A scalar counts once per non-empty batch.
    xm::accumulators::mean scalar;
    xest::tensor<double, xest::shape<>> s;
    s() = 2.0;
    scalar.update(8, s);
    s() = 5.0;
    scalar.update(3, s);
    s() = 1e9;
    scalar.update(0, s);
    CHECK(scalar.result() == doctest::Approx(3.5));
}

TEST_CASE("an empty stream gives 0, as TensorFlow's divide_no_nan does")
{
    xm::accumulators::mean_squared_error a;
    xest::tensor<float, xest::shape<B, 1>> y;
    y.fill(3.0f);
    a.update(0, y, y);
    CHECK(a.result() == 0.0);
    CHECK(xm::accumulators::root_mean_squared_error{}.result() == 0.0);
    CHECK(xm::accumulators::mean{}.result() == 0.0);
}

TEST_CASE("labels <B> and predictions <B, 1> compare row by row, too many rows is an error")
{
    xest::tensor<std::int32_t, xest::shape<4>> y = {1, 2, 3, 99};
    xest::tensor<float, xest::shape<4, 1>> p = {{1.5f}, {2.0f}, {1.0f}, {-99.0f}};
    xm::accumulators::mean_squared_error a;
    a.update(3, y, p);
    CHECK(a.result() == doctest::Approx((0.25 + 0.0 + 4.0) / 3.0));
    CHECK_THROWS_WITH_AS(a.update(5, y, p), doctest::Contains("metric update with 5 rows, but the batch holds 4"),
                         xest::input_error);
}

TEST_CASE("factories store the expressions and the accumulator type")
{
    struct expr_a
    {
        int id;
    };
    struct expr_b
    {
        int id;
    };
    auto m = xm::mean_squared_error(expr_a{1}, expr_b{2});
    static_assert(std::is_same_v<decltype(m), xm::metric<xm::accumulators::mean_squared_error, expr_a, expr_b>>);
    static_assert(std::is_same_v<decltype(m)::accumulator_type, xm::accumulators::mean_squared_error>);
    static_assert(decltype(m)::arity == 2);
    static_assert(xm::is_metric_v<decltype(m)>);
    CHECK(std::get<0>(m.inputs).id == 1);
    CHECK(std::get<1>(m.inputs).id == 2);
    static_assert(std::is_same_v<decltype(xm::mean(expr_a{3}))::accumulator_type, xm::accumulators::mean>);
    static_assert(std::is_same_v<decltype(xm::root_mean_squared_error(expr_a{}, expr_b{}))::accumulator_type,
                                 xm::accumulators::root_mean_squared_error>);
    static_assert(std::is_same_v<decltype(xm::mean_absolute_error(expr_a{}, expr_b{}))::accumulator_type,
                                 xm::accumulators::mean_absolute_error>);
    auto acc = m.make_accumulator();
    CHECK(acc.result() == 0.0);
}
