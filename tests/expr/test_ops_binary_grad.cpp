// Gradients of the binary element-wise ops under broadcasting, against finite differences.
// Each op is checked alone for the same-shape case and for <3, 1> with <1, 4> (both operands
// broadcast, so both reduce their adjoint); the remaining patterns are in
// test_ops_binary_broadcast_grad.cpp.

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;

namespace
{
    using out_shape = shape<3, 4>;

    // Every output element gets its own coefficient, so an adjoint routed to the wrong element
    // is caught.
    template <class T>
    struct weighting
    {
        tensor<T, out_shape> r;
        expr::data_leaf<expr::features_tag, T, out_shape> leaf{nullptr};
        weighting()
        {
            engine_test::fill(r, 99, 0.5, 1.5);
            leaf.data = r.data();
        }
    };

    template <class T, class SA, class SB>
    struct operands
    {
        param<"a", SA, T> a;
        param<"b", SB, T> b;
        operands()
        {
            // |a| in [0.2, 1.5) with both signs; b in [0.5, 1.5) keeps divisions finite.
            engine_test::fill_away_from_zero(a.value, 3);
            engine_test::fill(b.value, 4, 0.5, 1.5);
        }
        // b in {-0.05, 0, 0.05}: no ties with a, and each operand wins somewhere.
        void prepare_for_max_min()
        {
            for (std::size_t i = 0; i < b.value.size(); ++i)
            {
                b.value.data()[i] = static_cast<T>(0.05 * static_cast<double>(i % 3) - 0.05);
            }
        }
    };
}

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
