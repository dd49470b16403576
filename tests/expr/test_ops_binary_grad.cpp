// Gradients of the binary element-wise ops under broadcasting, against finite differences.
// Each op is checked alone for the same-shape case and for <3, 1> with <1, 4> (both operands
// broadcast, so both reduce their adjoint); the remaining patterns are in
// test_ops_binary_broadcast_grad.cpp.

#include "binary_grad_fixtures.hpp"

using namespace xest;
using engine_test::check_gradient;

using binary_grad::out_shape;
using binary_grad::operands;
using binary_grad::weighting;

TEST_CASE_TEMPLATE("binary ops, same shapes: gradients of both operands", T, float, double)
{
    operands<T, out_shape, out_shape> o;
    weighting<T> w;
    auto const& a = o.a;
    auto const& b = o.b;
    SUBCASE("add") { check_gradient<T>(sum((a + b) * w.leaf)); }
    SUBCASE("subtract") { check_gradient<T>(sum((a - b) * w.leaf)); }
    SUBCASE("multiply") { check_gradient<T>(sum((a * b) * w.leaf)); }
    SUBCASE("divide") { check_gradient<T>(sum((a / b) * w.leaf)); }
    SUBCASE("maximum")
    {
        o.prepare_for_max_min();
        check_gradient<T>(sum(maximum(a, b) * w.leaf));
    }
    SUBCASE("minimum")
    {
        o.prepare_for_max_min();
        check_gradient<T>(sum(minimum(a, b) * w.leaf));
    }
}

TEST_CASE_TEMPLATE("binary ops, <3, 1> with <1, 4>: broadcast adjoints are summed", T, float, double)
{
    operands<T, shape<3, 1>, shape<1, 4>> o;
    weighting<T> w;
    auto const& a = o.a;
    auto const& b = o.b;
    SUBCASE("add") { check_gradient<T>(sum((a + b) * w.leaf)); }
    SUBCASE("subtract") { check_gradient<T>(sum((a - b) * w.leaf)); }
    SUBCASE("multiply") { check_gradient<T>(sum((a * b) * w.leaf)); }
    SUBCASE("divide") { check_gradient<T>(sum((a / b) * w.leaf)); }
    SUBCASE("maximum")
    {
        o.prepare_for_max_min();
        check_gradient<T>(sum(maximum(a, b) * w.leaf));
    }
    SUBCASE("minimum")
    {
        o.prepare_for_max_min();
        check_gradient<T>(sum(minimum(a, b) * w.leaf));
    }
}
