// sum and mean (whole, along axis 0, along axis 1), softmax and log_softmax: forward values
// against loops, gradients against finite differences, stability for logits of +-1000.

#include <limits>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    constexpr std::size_t R = 3, C = 4;

    template <class P>
    double at(P const& p, std::size_t i, std::size_t j)
    {
        return double(p.value(i, j));
    }

    template <class P>
    std::vector<double> softmax_ref(P const& p, bool log)
    {
        std::vector<double> out;
        for (std::size_t i = 0; i < R; ++i)
        {
            double m = -std::numeric_limits<double>::infinity();
            for (std::size_t j = 0; j < C; ++j)
            {
                m = std::max(m, at(p, i, j));
            }
            double s = 0.0;
            for (std::size_t j = 0; j < C; ++j)
            {
                s += std::exp(at(p, i, j) - m);
            }
            for (std::size_t j = 0; j < C; ++j)
            {
                out.push_back(log ? at(p, i, j) - m - std::log(s) : std::exp(at(p, i, j) - m) / s);
            }
        }
        return out;
    }
}

TEST_CASE_TEMPLATE("sum and mean: whole and along each axis", T, float, double)
{
    param<"a", shape<R, C>, T> a;
    engine_test::fill(a.value, 41, -2.0, 2.0);
    auto const v = engine_test::eval_all(sum(a), mean(a), sum<0>(a), mean<0>(a), sum<1>(a), mean<1>(a));
    static_assert(std::is_same_v<shape_of_t<decltype(sum(a))>, shape<>>);
    static_assert(std::is_same_v<shape_of_t<decltype(sum<0>(a))>, shape<C>>);
    static_assert(std::is_same_v<shape_of_t<decltype(mean<1>(a))>, shape<R>>);

    double total = 0.0;
    std::vector<double> cols(C, 0.0), rows(R, 0.0);
    for (std::size_t i = 0; i < R; ++i)
    {
        for (std::size_t j = 0; j < C; ++j)
        {
            total += at(a, i, j);
            cols[j] += at(a, i, j);
            rows[i] += at(a, i, j);
        }
    }
    auto scaled = [](std::vector<double> x, double s)
    {
        for (auto& e : x)
        {
            e /= s;
        }
        return x;
    };
    check_values<T>(v[0], {total});
    check_values<T>(v[1], {total / (R * C)});
    check_values<T>(v[2], cols);
    check_values<T>(v[3], scaled(cols, R));
    check_values<T>(v[4], rows);
    check_values<T>(v[5], scaled(rows, C));
}

TEST_CASE_TEMPLATE("sum and mean: gradients", T, float, double)
{
    param<"a", shape<R, C>, T> a;
    engine_test::fill(a.value, 42);
    param<"wc", shape<C>, T> wc;  // weights the per-column results (also checked)
    param<"wr", shape<R>, T> wr;
    engine_test::fill(wc.value, 43, 0.5, 1.5);
    engine_test::fill(wr.value, 44, 0.5, 1.5);
    SUBCASE("whole") { check_gradient<T>(sum(a) * mean(a)); }
    SUBCASE("axis 0") { check_gradient<T>(sum(sum<0>(a) * wc) + sum(mean<0>(a) * wc * wc)); }
    SUBCASE("axis 1") { check_gradient<T>(sum(sum<1>(a) * wr) + sum(mean<1>(a) * wr * wr)); }
    // Exact values: d mean / d a = 1 / (R C) everywhere.
    check_values<T>(engine_test::grad<decltype(a)>(mean(a)), std::vector<double>(R * C, 1.0 / (R * C)));
}

TEST_CASE_TEMPLATE("softmax and log_softmax along the last axis", T, float, double)
{
    param<"x", shape<R, C>, T> x;
    engine_test::fill(x.value, 45, -3.0, 3.0);
    auto const v = engine_test::eval_all(softmax(x), log_softmax(x));
    check_values<T>(v[0], softmax_ref(x, false));
    check_values<T>(v[1], softmax_ref(x, true));
    // Rows of a softmax sum to one.
    for (std::size_t i = 0; i < R; ++i)
    {
        double s = 0.0;
        for (std::size_t j = 0; j < C; ++j)
        {
            s += v[0][i * C + j];
        }
        CHECK(engine_test::close(s, 1.0, 1e-6));
    }

    tensor<T, shape<R, C>> r;
    engine_test::fill(r, 46, -1.0, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<R, C>> w{r.data()};
    check_gradient<T>(sum(softmax(x) * w));
    check_gradient<T>(sum(log_softmax(x) * w));
}

TEST_CASE_TEMPLATE("softmax and log_softmax stay finite for logits of +-1000", T, float, double)
{
    param<"x", shape<2, 3>, T> x;
    x.value = {{T(1000), T(0), T(-1000)}, {T(-1000), T(-1000), T(1000)}};
    auto const v = engine_test::eval_all(softmax(x), log_softmax(x));
    check_values<T>(v[0], {1, 0, 0, 0, 0, 1});
    check_values<T>(v[1], {0, -1000, -2000, -2000, -2000, 0});
    auto const g = engine_test::grad<decltype(x)>(sum(log_softmax(x) * T(0.5)) + sum(softmax(x)));
    for (double d : g)
    {
        CHECK(std::isfinite(d));
    }
}
