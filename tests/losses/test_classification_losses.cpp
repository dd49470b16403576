// hinge_loss and sigmoid_cross_entropy against TensorFlow's semantics written out, and the
// stable form of sigmoid cross-entropy for logits of +-1000.

#include "pointwise_loss_cases.hpp"

TEST_CASE_TEMPLATE("hinge and sigmoid cross-entropy: values as tf.losses", T, float, double)
{
    loss_cases::check_values<loss_cases::hinge, T>();
    loss_cases::check_values<loss_cases::sigmoid_cross_entropy, T>();
}

TEST_CASE_TEMPLATE("hinge and sigmoid cross-entropy: gradients", T, float, double)
{
    loss_cases::check_gradients<loss_cases::hinge, T>();
    loss_cases::check_gradients<loss_cases::sigmoid_cross_entropy, T>();
}

TEST_CASE_TEMPLATE("sigmoid cross-entropy stays finite and exact for logits of +-1000", T, float, double)
{
    using namespace xest;
    param<"x", shape<4>, T> x;
    x.value = {T(1000), T(-1000), T(1000), T(-1000)};
    tensor<T, shape<4>> z{T(1), T(0), T(0), T(1)};
    expr::data_leaf<expr::labels_tag, T, shape<4>> Z{z.data()};
    // Right answers cost ~0, wrong ones cost |x| = 1000: mean 500.
    auto const loss = losses::sigmoid_cross_entropy(Z, x);
    CHECK(engine_test::close(engine_test::eval_scalar(loss), 500.0, 1e-6));
    // Gradient (sigmoid(x) - z) / 4: 0, 0, 1/4, -1/4.
    engine_test::check_values<T>(engine_test::grad<decltype(x)>(loss), {0, 0, 0.25, -0.25});
}
