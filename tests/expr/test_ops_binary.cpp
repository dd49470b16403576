// Binary element-wise ops (+ - * / maximum minimum) with numpy broadcasting, unary minus and
// numbers as operands: forward values against loops written here, gradients against finite
// differences.

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    template <class T, class SA, class SB>
    struct bcase
    {
        using value_type = T;
        using a_shape = SA;
        using b_shape = SB;
    };

    // The broadcast patterns: same shape, <B, N> with <N>, <B, 1> with <1, N> (both operands
    // broadcast), a scalar with a tensor; the output is always <3, 4>.
#define BINARY_CASES(T)                                                                               \
    bcase<T, shape<3, 4>, shape<3, 4>>, bcase<T, shape<3, 4>, shape<4>>, bcase<T, shape<3, 1>, shape<1, 4>>, \
        bcase<T, shape<>, shape<3, 4>>

    using out_shape = shape<3, 4>;

    // Element (i, j) of an operand of shape S read at output position (i, j) under numpy rules.
    template <class S, class V>
    double at(V const& v, std::size_t i, std::size_t j)
    {
        if constexpr (S::rank == 0)
        {
            return v.data()[0];
        }
        else if constexpr (S::rank == 1)
        {
            return v.data()[S::dims[0] == 1 ? 0 : j];
        }
        else
        {
            std::size_t const r = S::dims[0] == 1 ? 0 : i;
            std::size_t const c = S::dims[1] == 1 ? 0 : j;
            return v.data()[r * S::dims[1] + c];
        }
    }

    template <class F, class A, class B>
    std::vector<double> oracle(A const& a, B const& b, F f)
    {
        using SA = typename A::shape_type;
        using SB = typename B::shape_type;
        std::vector<double> out;
        for (std::size_t i = 0; i < 3; ++i)
        {
            for (std::size_t j = 0; j < 4; ++j)
            {
                out.push_back(f(at<SA>(a.value, i, j), at<SB>(b.value, i, j)));
            }
        }
        return out;
    }

}

TEST_CASE_TEMPLATE("binary ops broadcast like numpy: forward values", C, BINARY_CASES(float), BINARY_CASES(double))
{
    using T = typename C::value_type;
    param<"a", typename C::a_shape, T> a;
    param<"b", typename C::b_shape, T> b;
    engine_test::fill(a.value, 1, -2.0, 2.0);
    engine_test::fill(b.value, 2, 0.5, 1.5);

    auto const v = engine_test::eval_all(a + b, a - b, a * b, a / b, maximum(a, b), minimum(a, b), b - a);
    static_assert(std::is_same_v<shape_of_t<decltype(a + b)>, out_shape>);
    static_assert(std::is_same_v<shape_of_t<decltype(b - a)>, out_shape>);

    check_values<T>(v[0], oracle(a, b, [](double x, double y) { return x + y; }));
    check_values<T>(v[1], oracle(a, b, [](double x, double y) { return x - y; }));
    check_values<T>(v[2], oracle(a, b, [](double x, double y) { return x * y; }));
    check_values<T>(v[3], oracle(a, b, [](double x, double y) { return x / y; }));
    check_values<T>(v[4], oracle(a, b, [](double x, double y) { return std::max(x, y); }));
    check_values<T>(v[5], oracle(a, b, [](double x, double y) { return std::min(x, y); }));
    check_values<T>(v[6], oracle(a, b, [](double x, double y) { return y - x; }));
}

TEST_CASE_TEMPLATE("maximum and minimum route a tie to the first operand, as TensorFlow", T, float, double)
{
    param<"a", shape<3>, T> a{init::constant{1.0}};
    param<"b", shape<3>, T> b{init::constant{1.0}};
    auto const ga_max = engine_test::grad<decltype(a)>(sum(maximum(a, b)));
    auto const gb_max = engine_test::grad<decltype(b)>(sum(maximum(a, b)));
    auto const ga_min = engine_test::grad<decltype(a)>(sum(minimum(a, b)));
    auto const gb_min = engine_test::grad<decltype(b)>(sum(minimum(a, b)));
    check_values<T>(ga_max, {1, 1, 1});
    check_values<T>(gb_max, {0, 0, 0});
    check_values<T>(ga_min, {1, 1, 1});
    check_values<T>(gb_min, {0, 0, 0});
}

TEST_CASE_TEMPLATE("a batch of data broadcast against a bias reads the data through the leaf", T, float, double)
{
    tensor<T, shape<4, 2>> x;
    engine_test::fill(x, 6);
    expr::data_leaf<expr::features_tag, T, shape<4, 2>> X{x.data()};
    param<"bias", shape<2>, T> b;
    engine_test::fill(b.value, 7);
    auto const got = engine_test::eval(X + b);
    std::vector<double> want;
    for (std::size_t i = 0; i < 4; ++i)
    {
        for (std::size_t j = 0; j < 2; ++j)
        {
            want.push_back(double(x(i, j)) + double(b.value(j)));
        }
    }
    check_values<T>(got, want);
    // The bias gradient of sum(X + b) is the number of rows.
    check_values<T>(engine_test::grad<decltype(b)>(sum(X + b)), {4, 4});
}

TEST_CASE_TEMPLATE("the adjoint of a broadcast operand is the sum over the broadcast axes", T, float, double)
{
    // d/db sum(w * (a + b)) for b <4> broadcast over 3 rows is the column sums of w.
    param<"a", out_shape, T> a;
    param<"b", shape<4>, T> b;
    tensor<T, out_shape> r;
    engine_test::fill(r, 99, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, out_shape> w{r.data()};
    auto const g = engine_test::grad<decltype(b)>(sum((a + b) * w));
    std::vector<double> want(4, 0.0);
    for (std::size_t i = 0; i < 3; ++i)
    {
        for (std::size_t j = 0; j < 4; ++j)
        {
            want[j] += double(r(i, j));
        }
    }
    engine_test::check_values<T>(g, want);
}
