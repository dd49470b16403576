#ifndef XESTIMATOR_TESTS_EXPR_BINARY_GRAD_FIXTURES_HPP
#define XESTIMATOR_TESTS_EXPR_BINARY_GRAD_FIXTURES_HPP

// Operands and output weights shared by the binary-op gradient tests.

#include "expr_test_support.hpp"

namespace binary_grad
{
    using namespace xest;

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

#endif
