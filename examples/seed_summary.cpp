// Getting the loss in TensorBoard: summaries. The seed's linear regression writes the scalar
// `loss` (always) and `training_loss` (the model's .summary) into my_model/ every 10 steps.
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
        return xe::spec(mode).loss(loss).predictions(y_predicted).summary("training_loss", loss);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::repeat, .shuffle = true, .seed = 7});

    xe::estimator<linear_model, xe::optim::gradient_descent> est(
        {.model_dir = "my_model", .save_summary_steps = 10, .log_step_count_steps = 0}, {.learning_rate = 0.01f});
    est.train(train_in, xe::steps{100});

    std::printf("Wrote the summaries `loss` and `training_loss` (every 10 steps) to my_model/.\n");
    std::printf("To see them: tensorboard --logdir my_model\n");
}
