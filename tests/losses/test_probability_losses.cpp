// huber_loss and log_loss against TensorFlow's semantics written out.

#include "pointwise_loss_cases.hpp"

TEST_CASE_TEMPLATE("huber and log loss: values as tf.losses (mean, weights, partial batch)", T, float, double)
{
    loss_cases::check_values<loss_cases::huber, T>();
    loss_cases::check_values<loss_cases::log_loss, T>();
}

TEST_CASE_TEMPLATE("huber and log loss: gradients", T, float, double)
{
    loss_cases::check_gradients<loss_cases::huber, T>();
    loss_cases::check_gradients<loss_cases::log_loss, T>();
}

TEST_CASE_TEMPLATE("huber loss with another delta", T, float, double)
{
    using namespace xest;
    param<"p", shape<4>, T> p;
    p.value = {T(0.1), T(-0.4), T(2.0), T(-3.0)};
    tensor<T, shape<4>> y{};
    expr::data_leaf<expr::labels_tag, T, shape<4>> Y{y.data()};
    // delta 0.5: 0.5 e^2 below, 0.5 (|e| - 0.25) above.
    double const want = (0.5 * 0.01 + 0.5 * 0.16 + 0.5 * (2.0 - 0.25) + 0.5 * (3.0 - 0.25)) / 4;
    CHECK(engine_test::close(engine_test::eval_scalar(losses::huber_loss(Y, p, 1.0, 0.5)), want, 1e-6));
    engine_test::check_gradient<T>(losses::huber_loss(Y, p, 1.0, 0.5));
}
