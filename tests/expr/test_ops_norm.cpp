// normalize_last_axis: each row to mean 0 and variance 1 (with epsilon), its gradient against
// finite differences in float and double, rows independent of each other.

#include <cmath>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

TEST_CASE_TEMPLATE("normalize_last_axis: (x - mean) / sqrt(variance + epsilon) per row", T, float, double)
{
    param<"x", shape<3, 5>, T> x;
    engine_test::fill(x.value, 101, -2.0, 3.0);
    auto const y = normalize_last_axis(x, 1e-3);
    std::vector<double> want;
    for (std::size_t r = 0; r < 3; ++r)
    {
        double m = 0.0;
        for (std::size_t j = 0; j < 5; ++j)
        {
            m += double(x.value(r, j)) / 5.0;
        }
        double v = 0.0;
        for (std::size_t j = 0; j < 5; ++j)
        {
            v += (double(x.value(r, j)) - m) * (double(x.value(r, j)) - m) / 5.0;
        }
        for (std::size_t j = 0; j < 5; ++j)
        {
            want.push_back((double(x.value(r, j)) - m) / std::sqrt(v + 1e-3));
        }
    }
    check_values<T>(engine_test::eval(y), want);
    // A constant row stays finite (0), thanks to epsilon.
    param<"c", shape<1, 4>, T> c;
    c.value.fill(T(2));
    check_values<T>(engine_test::eval(normalize_last_axis(c)), {0.0, 0.0, 0.0, 0.0});
}

TEST_CASE_TEMPLATE("normalize_last_axis: gradient, alone and between two layers", T, float, double)
{
    param<"x", shape<3, 5>, T> x;
    param<"w", shape<5, 2>, T> w;
    engine_test::fill(x.value, 102, -2.0, 3.0);
    engine_test::fill(w.value, 103);
    check_gradient<T>(sum(normalize_last_axis(x) * normalize_last_axis(x) * T(0.5)) + sum(tanh(matmul(normalize_last_axis(x), w))));
    check_gradient<T>(mean(square(matmul(normalize_last_axis(tanh(x), 0.5), w) - T(0.3))));
}

TEST_CASE_TEMPLATE("normalize_last_axis: rows of a partial batch are independent", T, float, double)
{
    engine_test::linear_batch<T> d;
    auto const loss = mean(square(normalize_last_axis(matmul(d.X, d.W) + d.b) - d.Y));
    auto const before = engine_test::grad<decltype(d.W)>(loss, 3);
    for (std::size_t j = 0; j < 2; ++j)
    {
        d.x(3, j) = T(1e4);
    }
    check_values<T>(engine_test::grad<decltype(d.W)>(loss, 3), before);
    check_gradient<T>(loss, 3);
}
