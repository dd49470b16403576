// set_rows: batch reductions count only the real rows of a partial batch, and padding rows
// receive zero gradient.

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    template <class T>
    using batch = engine_test::linear_batch<T>;
}

TEST_CASE_TEMPLATE("set_rows: batch reductions count only the real rows", T, float, double)
{
    batch<T> d;
    // The same computation on a 2-row batch holding the first two rows.
    tensor<T, shape<2, 2>> x2;
    for (std::size_t i = 0; i < 4; ++i)
    {
        x2.data()[i] = d.x.data()[i];
    }
    expr::data_leaf<expr::features_tag, T, shape<2, 2>> X2{x2.data()};
    auto const full = matmul(d.X, d.W) + d.b;
    auto const part = matmul(X2, d.W) + d.b;

    CHECK(engine_test::close(engine_test::eval_scalar(mean(full), 2), engine_test::eval_scalar(mean(part)), 1e-6));
    CHECK(engine_test::close(engine_test::eval_scalar(sum(full), 2), engine_test::eval_scalar(sum(part)), 1e-6));
    // A reduction along axis 1 keeps the batch; the mean over it is then masked.
    CHECK(engine_test::close(engine_test::eval_scalar(mean(sum<1>(full)), 2), engine_test::eval_scalar(mean(sum<1>(part))),
                             1e-6));
    check_values<T>(engine_test::eval(sum<0>(full), 2), engine_test::eval(sum<0>(part)));
    check_values<T>(engine_test::eval(mean<0>(full), 2), engine_test::eval(mean<0>(part)));
    // rows = 0: nothing counted, mean is 0 (not NaN).
    CHECK(engine_test::eval_scalar(mean(full), 0) == 0.0);

    // Gradients equal those of the smaller batch, and gradient_check agrees with them.
    auto const loss_full = mean(square(full)) + sum(mean<0>(full));
    auto const loss_part = mean(square(part)) + sum(mean<0>(part));
    check_values<T>(engine_test::grad<decltype(d.W)>(loss_full, 2), engine_test::grad<decltype(d.W)>(loss_part));
    check_values<T>(engine_test::grad<decltype(d.b)>(loss_full, 2), engine_test::grad<decltype(d.b)>(loss_part));
    check_gradient<T>(loss_full, 2);
}

TEST_CASE_TEMPLATE("set_rows: padding rows receive zero gradient", T, float, double)
{
    batch<T> d;
    auto const loss = mean(square(matmul(d.X, d.W) + d.b));
    auto const before = engine_test::grad<decltype(d.W)>(loss, 3);
    // Whatever (finite) values the padding row holds, the gradient does not change.
    for (std::size_t j = 0; j < 2; ++j)
    {
        d.x(3, j) = T(1e4);
    }
    check_values<T>(engine_test::grad<decltype(d.W)>(loss, 3), before);
    CHECK(engine_test::eval_scalar(loss, 3) == doctest::Approx(engine_test::eval_scalar(loss, 3)));
}
