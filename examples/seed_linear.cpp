// The seed example: linear regression y = x·W + b trained with gradient descent, the loss
// printed while training by a hook, the evaluation loss and MSE metric at the end, and the
// summaries (TensorBoard) and checkpoints written to my_model/.
#include <cstdio>

#include <xestimator/xestimator.hpp>

namespace xe = xest;

struct linear_model
{
    xe::param<"weights", xe::shape<1, 1>> W{xe::init::random_normal{}};
    xe::param<"bias", xe::shape<1>> b{xe::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& features, auto const& labels, Mode mode) const
    {
        auto y_predicted = xe::matmul(features, W) + b;
        auto loss = xe::losses::mean_squared_error(labels, y_predicted);
        return xe::spec(mode)
            .loss(loss)
            .predictions(y_predicted)
            .summary("training_loss", loss)
            .eval_metric("mean_squared_error", xe::metrics::mean_squared_error(labels, y_predicted));
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};

    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::repeat, .shuffle = true, .seed = 7});
    auto eval_in = xe::inputs::from_arrays<1>(x, y);

    xe::estimator<linear_model, xe::optim::gradient_descent> est({.model_dir = "my_model", .save_summary_steps = 10,
                                                                  .log_step_count_steps = 0},
                                                                 {.learning_rate = 0.01f});
    auto trained = est.train(train_in, xe::steps{100},
                             [](xe::step_info const& s)
                             {
                                 if (s.step % 10 == 0)
                                 {
                                     std::printf("step %lld loss %g\n", static_cast<long long>(s.step), double(s.loss));
                                 }
                             });
    std::printf("trained to global step %lld (%s)\n", static_cast<long long>(trained.global_step), xe::to_string(trained.reason));

    auto r = est.evaluate(eval_in);
    std::printf("Evaluation Loss: %g\n", r.loss);
    std::printf("mean_squared_error: %g (global step %lld)\n", r["mean_squared_error"], static_cast<long long>(r.global_step));

    auto pred_in = xe::inputs::from_arrays<1>(x);
    for (auto const& p : est.predict(pred_in))
    {
        std::printf("prediction %g\n", double(p(0)));
    }
    std::printf("W = %g, b = %g\n", est.get_variable_value("weights")(0, 0), est.get_variable_value("bias")(0));
}
