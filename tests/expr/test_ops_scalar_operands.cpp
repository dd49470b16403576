// Unary minus and numbers as operands (x * 0.5, 2 + x, 1 / x): values and gradients.

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

TEST_CASE_TEMPLATE("unary minus and numbers as operands", T, float, double)
{
    param<"a", shape<2, 3>, T> a;
    engine_test::fill(a.value, 5, 0.5, 2.0);
    std::vector<double> av(a.value.begin(), a.value.end());
    auto map = [&](auto f)
    {
        std::vector<double> out;
        for (double x : av)
        {
            out.push_back(f(x));
        }
        return out;
    };

    check_values<T>(engine_test::eval(-a), map([](double x) { return -x; }));
    check_values<T>(engine_test::eval(a * 0.5), map([](double x) { return x * 0.5; }));
    check_values<T>(engine_test::eval(2 + a), map([](double x) { return 2 + x; }));
    check_values<T>(engine_test::eval(a - 3.0f), map([](double x) { return x - 3; }));
    check_values<T>(engine_test::eval(1.0 / a), map([](double x) { return 1 / x; }));
    check_values<T>(engine_test::eval(3.0 - a), map([](double x) { return 3 - x; }));
    // A number takes the scalar type of the other operand.
    static_assert(std::is_same_v<value_type_of_t<decltype(a * 0.5)>, T>);
    static_assert(std::is_same_v<value_type_of_t<decltype(0.5f * a)>, T>);

    check_gradient<T>(sum(-a * a));
    check_gradient<T>(sum(a * 0.5 + 2.0 * a * a));
    check_gradient<T>(sum(1.0 / a - a / 4.0));
    check_gradient<T>(sum(3.0 - a * a));

    // d/da sum(-a) is -1, exactly.
    check_values<T>(engine_test::grad<decltype(a)>(sum(-a)), std::vector<double>(6, -1.0));
    check_values<T>(engine_test::grad<decltype(a)>(sum(a * 0.25)), std::vector<double>(6, 0.25));
}
