// Getting the loss while training: a hook. The seed's linear regression, trained with gradient
// descent; a hook prints the loss of every 10th step.
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
        return xe::spec(mode).loss(xe::losses::mean_squared_error(labels, y_predicted)).predictions(y_predicted);
    }
};

// A hook is any callable taking a step_info (or the loss as a float); returning true stops training.
struct print_loss
{
    void operator()(xe::step_info const& s) const
    {
        if (s.step % 10 == 0)
        {
            std::printf("step %lld: loss = %g\n", static_cast<long long>(s.step), double(s.loss));
        }
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::repeat, .shuffle = true, .seed = 7});

    // An in-memory run (no model_dir), without the estimator's own log lines.
    xe::estimator<linear_model, xe::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    est.train(train_in, xe::steps{100}, print_loss{});
}
