// Activations and value-shaping ops (leaky_relu, elu, sigmoid, tanh, softplus, clip,
// stop_gradient): forward values against <cmath>, gradients against finite differences,
// numerically stable forms for large inputs.

#include <limits>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    using S = shape<2, 3>;

    template <class P, class F>
    std::vector<double> apply(P const& p, F f)
    {
        std::vector<double> out;
        for (auto v : p.value)
        {
            out.push_back(f(double(v)));
        }
        return out;
    }

    double sigmoid_ref(double a)
    {
        return 1.0 / (1.0 + std::exp(-a));
    }

    template <class T>
    struct fixture
    {
        param<"x", S, T> x;
        tensor<T, S> r;
        expr::data_leaf<expr::features_tag, T, S> w{nullptr};
        fixture()
        {
            engine_test::fill_away_from_zero(x.value, 21);
            // clip(x, -0.5, 0.5) needs x away from the bounds too.
            for (auto& v : x.value)
            {
                if (std::abs(std::abs(double(v)) - 0.5) < 0.1)
                {
                    v = static_cast<T>(v * T(1.4));
                }
            }
            engine_test::fill(r, 22, 0.5, 1.5);
            w.data = r.data();
        }
    };
}

TEST_CASE_TEMPLATE("activations: forward values", T, float, double)
{
    fixture<T> f;
    auto const& x = f.x;
    auto const v = engine_test::eval_all(leaky_relu(x), leaky_relu(x, 0.1), elu(x), elu(x, 0.5), sigmoid(x), tanh(x),
                                         softplus(x), clip(x, -0.5, 0.5), stop_gradient(x));
    check_values<T>(v[0], apply(x, [](double a) { return a > 0 ? a : 0.2 * a; }));
    check_values<T>(v[1], apply(x, [](double a) { return a > 0 ? a : 0.1 * a; }));
    check_values<T>(v[2], apply(x, [](double a) { return a > 0 ? a : std::expm1(a); }));
    check_values<T>(v[3], apply(x, [](double a) { return a > 0 ? a : 0.5 * std::expm1(a); }));
    check_values<T>(v[4], apply(x, sigmoid_ref));
    check_values<T>(v[5], apply(x, [](double a) { return std::tanh(a); }));
    check_values<T>(v[6], apply(x, [](double a) { return std::log(1.0 + std::exp(a)); }));
    check_values<T>(v[7], apply(x, [](double a) { return std::clamp(a, -0.5, 0.5); }));
    check_values<T>(v[8], apply(x, [](double a) { return a; }));
}

TEST_CASE_TEMPLATE("activations: gradients", T, float, double)
{
    fixture<T> f;
    auto const& x = f.x;
    auto const& w = f.w;
    SUBCASE("leaky_relu") { check_gradient<T>(sum(leaky_relu(x, 0.1) * w)); }
    SUBCASE("elu") { check_gradient<T>(sum(elu(x, 0.7) * w)); }
    SUBCASE("sigmoid") { check_gradient<T>(sum(sigmoid(x) * w)); }
    SUBCASE("tanh") { check_gradient<T>(sum(tanh(x) * w)); }
    SUBCASE("softplus") { check_gradient<T>(sum(softplus(x) * w)); }
    SUBCASE("clip") { check_gradient<T>(sum(clip(x, -0.5, 0.5) * w)); }
    SUBCASE("stop_gradient: the gradient flows only through the other use")
    {
        // Finite differences see through stop_gradient (they would give 2 x w), so the expected
        // gradient of sum(x * stop_gradient(x) * w) is written out: x * w.
        auto const g = engine_test::grad<param<"x", S, T>>(sum((x * stop_gradient(x)) * w));
        std::vector<double> want;
        for (std::size_t i = 0; i < S::size; ++i)
        {
            want.push_back(double(x.value.data()[i]) * double(f.r.data()[i]));
        }
        check_values<T>(g, want);
        auto const r = gradient_check(sum((x * stop_gradient(x)) * w));
        CHECK_FALSE(r.passed);  // the analytic gradient is half the numeric one, by design
        CHECK(engine_test::close(r.analytic * 2, r.numeric, 1e-2));
    }
}

TEST_CASE_TEMPLATE("sigmoid and softplus stay finite and exact for large inputs", T, float, double)
{
    param<"big", shape<4>, T> x;
    x.value = {T(-1000), T(-40), T(40), T(1000)};
    auto const v = engine_test::eval_all(sigmoid(x), softplus(x));
    check_values<T>(v[0], {0.0, sigmoid_ref(-40), sigmoid_ref(40), 1.0});
    check_values<T>(v[1], {0.0, std::log1p(std::exp(-40.0)), 40.0, 1000.0});
    auto const g = engine_test::grad<decltype(x)>(sum(sigmoid(x) + softplus(x)));
    for (double d : g)
    {
        CHECK(std::isfinite(d));
    }
}

TEST_CASE_TEMPLATE("stop_gradient: no gradient reaches a param used only under it", T, float, double)
{
    param<"a", shape<3>, T> a{init::constant{2.0}};
    param<"b", shape<3>, T> b{init::constant{3.0}};
    auto only_stopped = sum(stop_gradient(a) * b);
    using prog = expr::program<true, decltype(only_stopped)>;
    static_assert(!prog::template has_gradient<decltype(a)>());
    static_assert(prog::template has_gradient<decltype(b)>());
    // b still gets its gradient, the value of a.
    check_values<T>(engine_test::grad<decltype(b)>(only_stopped), {2, 2, 2});
    // x + stop_gradient(x) has gradient 1, not 2.
    check_values<T>(engine_test::grad<decltype(a)>(sum(a + stop_gradient(a))), {1, 1, 1});
    // A stopped param is left out of gradient_check (nothing to compare).
    auto const r = gradient_check(sum(stop_gradient(a)));
    CHECK(r.checked == 0);
}
