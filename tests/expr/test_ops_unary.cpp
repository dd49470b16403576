// Unary maths ops (square, sqrt, abs, exp, log, pow, relu): forward values against <cmath>,
// gradients against finite differences, with inputs away from kinks and domain edges.

#include <type_traits>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    using S = shape<2, 3>;

    template <class T>
    struct unary_fixture
    {
        param<"x", S, T> x;
        param<"p", S, T> pos;  // strictly positive, for sqrt, log and pow
        tensor<T, S> r;
        expr::data_leaf<expr::features_tag, T, S> w{nullptr};
        unary_fixture()
        {
            engine_test::fill_away_from_zero(x.value, 11);
            engine_test::fill(pos.value, 12, 0.5, 2.0);
            engine_test::fill(r, 13, 0.5, 1.5);
            w.data = r.data();
        }
        template <class P, class F>
        static std::vector<double> apply(P const& p, F f)
        {
            std::vector<double> out;
            for (auto v : p.value)
            {
                out.push_back(f(double(v)));
            }
            return out;
        }
    };
}

TEST_CASE_TEMPLATE("unary maths ops: forward values", T, float, double)
{
    unary_fixture<T> f;
    auto const& x = f.x;
    auto const& p = f.pos;
    auto const v = engine_test::eval_all(square(x), sqrt(p), abs(x), exp(x), log(p), pow(p, 2.5), relu(x));
    check_values<T>(v[0], f.apply(x, [](double a) { return a * a; }));
    check_values<T>(v[1], f.apply(p, [](double a) { return std::sqrt(a); }));
    check_values<T>(v[2], f.apply(x, [](double a) { return std::abs(a); }));
    check_values<T>(v[3], f.apply(x, [](double a) { return std::exp(a); }));
    check_values<T>(v[4], f.apply(p, [](double a) { return std::log(a); }));
    check_values<T>(v[5], f.apply(p, [](double a) { return std::pow(a, 2.5); }));
    check_values<T>(v[6], f.apply(x, [](double a) { return a > 0 ? a : 0.0; }));
}

TEST_CASE_TEMPLATE("unary maths ops: gradients", T, float, double)
{
    unary_fixture<T> f;
    auto const& x = f.x;
    auto const& p = f.pos;
    auto const& w = f.w;
    SUBCASE("square") { check_gradient<T>(sum(square(x) * w)); }
    SUBCASE("sqrt") { check_gradient<T>(sum(sqrt(p) * w)); }
    SUBCASE("abs") { check_gradient<T>(sum(abs(x) * w)); }
    SUBCASE("exp") { check_gradient<T>(sum(exp(x) * w)); }
    SUBCASE("log") { check_gradient<T>(sum(log(p) * w)); }
    SUBCASE("pow") { check_gradient<T>(sum(pow(p, 2.5) * w)); }
    SUBCASE("relu") { check_gradient<T>(sum(relu(x) * w)); }
}

TEST_CASE_TEMPLATE("abs and relu have gradient 0 at 0, as TensorFlow", T, float, double)
{
    param<"z", shape<2>, T> z;  // zeros
    check_values<T>(engine_test::grad<decltype(z)>(sum(abs(z))), {0, 0});
    check_values<T>(engine_test::grad<decltype(z)>(sum(relu(z))), {0, 0});
}

TEST_CASE("ops on no_labels give no_labels, so one model compiles in predict mode")
{
    param<"x", shape<2, 3>> x;
    no_labels none;
    static_assert(std::is_same_v<decltype(square(none)), no_labels>);
    static_assert(std::is_same_v<decltype(x + none), no_labels>);
    static_assert(std::is_same_v<decltype(sum(none * 2.0f)), no_labels>);
    static_assert(std::is_same_v<decltype(matmul(none, x)), no_labels>);
    static_assert(std::is_same_v<decltype(mean<0>(none)), no_labels>);
    // Ordinary operands still give expressions.
    CHECK(expression<decltype(square(x))>);
}
