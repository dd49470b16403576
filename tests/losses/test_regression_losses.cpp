// mean_squared_error and absolute_difference against TensorFlow's semantics written out.

#include "pointwise_loss_cases.hpp"

TEST_CASE_TEMPLATE("regression losses: values as tf.losses (mean, weights, partial batch)", T, float, double)
{
    loss_cases::check_values<loss_cases::mse, T>();
    loss_cases::check_values<loss_cases::absolute_difference, T>();
}

TEST_CASE_TEMPLATE("regression losses: gradients", T, float, double)
{
    loss_cases::check_gradients<loss_cases::mse, T>();
    loss_cases::check_gradients<loss_cases::absolute_difference, T>();
}

TEST_CASE_TEMPLATE("loss weights that are params get d loss / d weight", T, float, double)
{
    using namespace xest;
    loss_cases::fixture<loss_cases::mse, T> f;
    param<"weights", shape<loss_cases::B>, T> w;
    w.value = {T(0.5), T(1.0), T(2.0), T(1.5)};
    auto const loss = losses::mean_squared_error(f.Y, f.predictions(), w);
    engine_test::check_gradient<T>(loss);
    engine_test::check_gradient<T>(loss, 3);
    // d/dw_r = sum_c l_rc / count, with count = 8 non-zero weights broadcast to the elements.
    auto const g = engine_test::grad<decltype(w)>(loss);
    std::vector<double> want(loss_cases::B, 0.0);
    for (std::size_t i = 0; i < loss_cases::S::size; ++i)
    {
        want[i / loss_cases::C] += loss_cases::mse::element(loss_cases::mse::label(i), loss_cases::mse::prediction(i)) / 8;
    }
    engine_test::check_values<T>(g, want);
}
