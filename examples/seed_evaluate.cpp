// Getting the loss after training: evaluate(). The seed's linear regression; evaluate() returns
// the loss (the mean over every example) and each metric of the model function by name.
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
        return xe::spec(mode)
            .loss(xe::losses::mean_squared_error(labels, y_predicted))
            .predictions(y_predicted)
            .eval_metric("mean_squared_error", xe::metrics::mean_squared_error(labels, y_predicted));
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::repeat, .shuffle = true, .seed = 7});
    auto eval_in = xe::inputs::from_arrays<1>(x, y);

    xe::estimator<linear_model, xe::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    est.train(train_in, xe::steps{100});

    xe::eval_result r = est.evaluate(eval_in);
    std::printf("Evaluation Loss: %g\n", r.loss);
    std::printf("mean_squared_error: %g\n", r["mean_squared_error"]);
    std::printf("global_step: %lld\n", static_cast<long long>(r.global_step));
}
