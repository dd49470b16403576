// Padding rows of a partial batch never turn into NaN gradients, even through ops whose
// derivative is infinite at the zeros the padding holds.
#include <cmath>

#include <doctest/doctest.h>
#include <xestimator/expr.hpp>
#include <xestimator/losses.hpp>

using namespace xest;

TEST_CASE("sqrt, log and division at zero padding rows keep the gradient finite")
{
    param<"w", shape<2, 1>> w{init::constant{0.5}};
    // Two real rows, two padding rows of zeros.
    tensor<float, shape<4, 2>> x{{1.0f, 2.0f}, {3.0f, 1.0f}, {0.0f, 0.0f}, {0.0f, 0.0f}};
    tensor<float, shape<4, 1>> y{{1.0f}, {2.0f}, {0.0f}, {0.0f}};
    expr::data_leaf<expr::features_tag, float, shape<4, 2>> X{x.data()};
    expr::data_leaf<expr::labels_tag, float, shape<4, 1>> Y{y.data()};
    auto h = matmul(X, w);
    auto loss = mean(sqrt(square(h)) + log(h + 1.0f) + h / (Y + 0.0f) * 0.0f + square(h - Y));
    expr::program<true, decltype(loss)> p(loss);
    p.set_rows(2);
    p.forward<0>();
    p.backward<0>();
    CHECK(std::isfinite(*p.value<0>()));
    float const* g = p.gradient<decltype(w)>();
    CHECK(std::isfinite(g[0]));
    CHECK(std::isfinite(g[1]));
    // Equal to the same loss on the two real rows alone (h > 0 there, so sqrt(h^2) = h).
    double g0 = 0.0;
    double g1 = 0.0;
    for (int r = 0; r < 2; ++r)
    {
        double const hr = 0.5 * x(r, 0) + 0.5 * x(r, 1);
        double const d = 1.0 + 1.0 / (hr + 1.0) + 2.0 * (hr - y(r, 0));
        g0 += d * x(r, 0) / 2.0;
        g1 += d * x(r, 1) / 2.0;
    }
    CHECK(g[0] == doctest::Approx(g0).epsilon(1e-5));
    CHECK(g[1] == doctest::Approx(g1).epsilon(1e-5));
}

TEST_CASE("a sparse label outside the classes gives a NaN loss, not a read outside the row")
{
    param<"w", shape<2, 3>> w{init::constant{0.1}};
    tensor<float, shape<2, 2>> x{{1.0f, 2.0f}, {3.0f, 1.0f}};
    tensor<int, shape<2>> ids{0, 7};
    expr::data_leaf<expr::features_tag, float, shape<2, 2>> X{x.data()};
    expr::data_leaf<expr::labels_tag, int, shape<2>> Y{ids.data()};
    auto loss = losses::sparse_softmax_cross_entropy(Y, matmul(X, w));
    expr::program<false, decltype(loss)> p(loss);
    p.forward<0>();
    CHECK(std::isnan(*p.value<0>()));
    ids(1) = 2;
    p.forward<0>();
    CHECK(std::isfinite(*p.value<0>()));
}
