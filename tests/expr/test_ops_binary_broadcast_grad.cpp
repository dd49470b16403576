// Gradients of the binary element-wise ops for the patterns <B, N> with <N> and a scalar with a
// tensor, all six ops in one loss (each op alone is checked in test_ops_binary_grad.cpp).

#include "binary_grad_fixtures.hpp"

using namespace xest;
using engine_test::check_gradient;

using binary_grad::out_shape;
using binary_grad::operands;
using binary_grad::weighting;

TEST_CASE_TEMPLATE("binary ops, <3, 4> with <4> and a scalar with <3, 4>: gradients", T, float, double)
{
    weighting<T> w;
    SUBCASE("<3, 4> with <4>")
    {
        operands<T, out_shape, shape<4>> o;
        auto const& a = o.a;
        auto const& b = o.b;
        check_gradient<T>(sum((a + b + (a - b) * (a * b) + a / b) * w.leaf));
        o.prepare_for_max_min();
        check_gradient<T>(sum((maximum(a, b) - minimum(b, a) * T(2)) * w.leaf));
    }
    SUBCASE("scalar with <3, 4>")
    {
        operands<T, shape<>, out_shape> o;
        auto const& a = o.a;
        auto const& b = o.b;
        check_gradient<T>(sum((a + b + (a - b) * (a * b) + a / b) * w.leaf));
        o.prepare_for_max_min();
        check_gradient<T>(sum((maximum(a, b) - minimum(b, a) * T(2)) * w.leaf));
    }
}
